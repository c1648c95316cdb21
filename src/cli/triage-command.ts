import { printable } from '../domain/inert-text.js';
import { createOfflineTriage } from '../drills/offline-triage.js';
import { commaList } from './comma-list.js';
import { parseOptions } from './parse-options.js';
import { readDocuments } from './read-inputs.js';

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
  // One value at a time: a year of CloudTrail is read in the memory of one record.
  for await (const { name, document } of readDocuments(positionals))
    for (const line of await triage.assessDocuments(name, [document]))
      console.log(printable(JSON.stringify(line)));
  return 0;
}
