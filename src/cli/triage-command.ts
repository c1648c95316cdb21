import { printable } from '../domain/inert-text.js';
import { createOfflineTriage, REMEMBERED_DELIVERIES } from '../drills/offline-triage.js';
import { commaList } from './comma-list.js';
import { LineWriter } from './line-writer.js';
import { parseOptions } from './parse-options.js';
import { type InputValues, readValues } from './read-inputs.js';

const USAGE =
  'usage: rekey triage FILE|FOLDER|- ... [--allowlist ARN,...] [--admin-accounts ID,...] [--protected ARN,...] [--account ID] [--region REGION]';

/** `rekey triage`: one JSON line per event saying what Rekey would do with it. */
export async function triageCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions({
    args,
    allowPositionals: true,
    options: {
      allowlist: { type: 'string' },
      'admin-accounts': { type: 'string' },
      protected: { type: 'string' },
      account: { type: 'string', default: '000000000000' },
      region: { type: 'string', default: 'us-east-1' },
    },
  });
  if (positionals.length === 0) {
    console.error(USAGE);
    return 2;
  }
  const triage = createOfflineTriage({
    settings: { secretReadAllowlist: commaList(values.allowlist) },
    administratorAccounts: commaList(values['admin-accounts']),
    protectedPrincipals: commaList(values.protected),
    account: values.account,
    region: values.region,
    now: new Date(),
  });
  await triageValues(triage, readValues(positionals), new LineWriter(process.stdout));
  const forgotten = triage.forgottenDeliveries();
  if (forgotten > 0)
    console.error(
      `rekey triage: more than ${REMEMBERED_DELIVERIES.toLocaleString('en')} events were taken by a rule: the ${forgotten.toLocaleString('en')} earliest are no longer remembered, so a repeat of one of them (the same event id) was counted as a new signal`,
    );
  return 0;
}

/**
 * Triage lines for a stream of input values, a chunk's values at a time: a year of CloudTrail is read in the memory
 * of a chunk and its largest record. A record no rule can take is answered from its top-level fields, unparsed.
 */
export async function triageValues(
  triage: ReturnType<typeof createOfflineTriage>,
  inputs: AsyncIterable<InputValues>,
  out: LineWriter,
): Promise<void> {
  try {
    for await (const { name, values } of inputs) {
      for (const value of values) {
        const unmatched = triage.unmatchedJson(name, value);
        if (unmatched !== undefined) out.line(unmatched);
        else
          for (const line of await triage.assessDocuments(name, [value.parse()]))
            out.line(printable(JSON.stringify(line)));
      }
      await out.flushIfFull();
    }
  } finally {
    await out.flush();
  }
}
