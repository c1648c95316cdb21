import { parseArgs } from 'node:util';
import { parseJsonDocuments, scannerReportEvent } from '../detections/material.js';
import { importScannerOutput } from '../detections/scanner-import.js';
import { readInputs } from './read-inputs.js';

const USAGE = 'usage: rekey report FILE|- ... [--repository URL] [--account ID] [--region REGION]';

/**
 * `rekey report`: turns trufflehog (JSON lines) or gitleaks (JSON) output into `rekey.report` events, one per
 * line, with the secret itself dropped: only key id, repository, file, commit and line survive.
 */
export async function reportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      repository: { type: 'string' },
      account: { type: 'string', default: '000000000000' },
      region: { type: 'string', default: 'us-east-1' },
    },
  });
  if (positionals.length === 0) {
    console.error(USAGE);
    return 2;
  }
  let skipped = 0;
  for (const input of await readInputs(positionals)) {
    const { reports, skipped: why } = importScannerOutput(
      parseJsonDocuments(input.text).flat(),
      values.repository,
    );
    for (const report of reports) {
      console.log(
        JSON.stringify(scannerReportEvent(report, values.account, values.region, new Date()).event),
      );
    }
    for (const reason of why) console.error(`rekey: ${input.name}: skipped ${reason}`);
    skipped += why.length;
  }
  if (skipped > 0) console.error(`rekey: ${skipped} result(s) skipped`);
  return 0;
}
