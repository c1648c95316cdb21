import { ACCESS_KEY_ID } from '../domain/access-key.js';
import { DATETIME } from './envelope-reader.js';
import { boolean, integer, matching, strictObject, string } from './loose-reader.js';

const text = string();
const optional = 'optional' as const;

/**
 * What ScannerReportSchema.parse gives for a report it accepts (scanner-report.ts, field for field), read by hand;
 * REFUSED for one it refuses.
 */
export const readScannerReport = strictObject([
  ['tool', string(1)],
  ['accessKeyId', matching(ACCESS_KEY_ID)],
  ['accountId', matching(/^\d{12}$/), optional],
  ['principalArn', text, optional],
  ['repository', text, optional],
  ['file', text, optional],
  ['commit', text, optional],
  ['line', integer(0), optional],
  ['verified', boolean, optional],
  ['foundAt', matching(DATETIME), optional],
]);
