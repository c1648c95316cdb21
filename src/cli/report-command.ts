import { scannerReportEvent } from '../detections/material.js';
import { importScannerOutput } from '../detections/scanner-import.js';
import { parseOptions } from './parse-options.js';
import { readDocuments } from './read-inputs.js';

const USAGE = 'usage: rekey report FILE|- ... [--repository URL] [--account ID] [--region REGION]';

/**
 * `rekey report`: turns trufflehog (JSON lines) or gitleaks (JSON) output into `rekey.report` events, one per
 * line, with the secret itself dropped: only key id, repository, file, commit and line survive.
 */
export async function reportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions({
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
  for await (const input of readDocuments(positionals)) {
    const { reports, skipped: why } = importScannerOutput([input.document], values.repository);
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
