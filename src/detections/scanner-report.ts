import * as z from 'zod';
import { ACCESS_KEY_ID, accessKeyKind } from '../domain/access-key.js';
import type { EventEnvelope, Normalised } from './envelope.js';
import { parsedBy } from './loose-reader.js';
import { readScannerReport } from './scanner-report-reader.js';

/** The source and detail type of Rekey's own scanner-report events (on the scanner bus). */
export const SCANNER_REPORT = { source: 'rekey.report', detailType: 'Secret Scanner Finding' } as const;

/** What a scanner report carries: where a credential was found, never the secret. */
export const ScannerReportSchema = z
  .object({
    tool: z.string().min(1),
    accessKeyId: z.string().regex(ACCESS_KEY_ID, 'an access key id (AKIA... or ASIA...)'),
    accountId: z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
    principalArn: z.string().optional(),
    repository: z.string().optional(),
    file: z.string().optional(),
    commit: z.string().optional(),
    line: z.number().int().nonnegative().optional(),
    verified: z.boolean().optional(),
    foundAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/** A scanner report's detail. */
export type ScannerReport = z.infer<typeof ScannerReportSchema>;

/**
 * A scanner report: the key it names, where it was found. Anyone allowed to put events on the scanner bus can
 * forge one, so the evidence is marked as a scanner's and playbooks never contain on it without a responder.
 */
export function normaliseScannerReport(envelope: EventEnvelope): Normalised {
  const report = parsedBy(readScannerReport, ScannerReportSchema, envelope.detail);
  const where = [report.repository, report.file && `${report.file}${report.line ? `:${report.line}` : ''}`]
    .filter(Boolean)
    .join(' ');
  const userName = report.principalArn?.match(/:user\/(?:.*\/)?([^/]+)$/)?.[1];
  // A session key of a named IAM user is the user's own session (GetSessionToken): the key that minted it is found.
  const userSession = accessKeyKind(report.accessKeyId) === 'session' && userName !== undefined;
  const session = accessKeyKind(report.accessKeyId) === 'session' && !userSession;
  return {
    detections: [
      {
        kind: session ? 'role-session' : 'iam-user-access-key',
        accountId: report.accountId ?? envelope.account,
        region: envelope.region,
        principal: {
          type: session ? 'AssumedRole' : 'IAMUser',
          ...(userName ? { name: userName } : {}),
          ...(report.principalArn ? { arn: report.principalArn } : {}),
        },
        ...(userSession ? { sessionKeyId: report.accessKeyId } : { accessKeyId: report.accessKeyId }),
        evidence: {
          source: 'rekey.scanner',
          type: `${report.tool}:${report.verified ? 'verified' : 'unverified'}`,
          reportId: `${report.tool}:${report.repository ?? ''}:${report.commit ?? ''}:${report.file ?? ''}:${report.line ?? ''}`,
          eventId: envelope.id,
          severity: report.verified ? 8 : 5,
          awsReportedExposed: false,
          // Anyone who may put events on the scanner bus could have sent it: every gate waits for a person.
          assertedBy: `a ${report.tool} report on the scanner bus (from account ${envelope.account})`,
          observedAt: report.foundAt ?? envelope.time,
          summary: `${report.tool} found ${report.accessKeyId}${where ? ` in ${where}` : ''}${report.verified ? ' (verified live)' : ''}`,
          sample: false,
          location: {
            tool: report.tool,
            ...(report.repository ? { repository: report.repository } : {}),
            ...(report.file ? { file: report.file } : {}),
            ...(report.commit ? { commit: report.commit } : {}),
            ...(report.line !== undefined ? { line: report.line } : {}),
            ...(report.verified !== undefined ? { verified: report.verified } : {}),
          },
        },
      },
    ],
    ignored: [],
  };
}
