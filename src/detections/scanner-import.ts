import { ACCESS_KEY_ID } from '../domain/access-key.js';
import type { ScannerReport } from './scanner-report.js';

/** What an import found: reports without secrets, and what it skipped. */
export interface ScannerImport {
  reports: ScannerReport[];
  skipped: string[];
}

const KEY_IN_TEXT = /\b((?:AKIA|ASIA)[A-Z0-9]{16})\b/;

type Record_ = Record<string, unknown>;
const isRecord = (value: unknown): value is Record_ =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** Whether a value looks like trufflehog's JSON output for one result. */
export function isTrufflehogResult(value: unknown): value is Record_ {
  return isRecord(value) && 'DetectorName' in value && 'SourceMetadata' in value;
}

/** Whether a value looks like one finding of a gitleaks JSON report. */
export function isGitleaksFinding(value: unknown): value is Record_ {
  return isRecord(value) && 'RuleID' in value && 'Fingerprint' in value;
}

/** The key id in a text, if the text is or contains exactly an access key id (never the secret part). */
function keyIdIn(...texts: Array<string | undefined>): string | undefined {
  for (const text of texts) {
    const found = text?.match(KEY_IN_TEXT)?.[1];
    if (found && ACCESS_KEY_ID.test(found)) return found;
  }
  return undefined;
}

/**
 * One trufflehog result: only AWS detector results become reports; `Raw`/`RawV2` (which hold the secret) are
 * read for the key id and dropped; repository, file, commit and line are kept.
 */
export function fromTrufflehog(result: Record_): ScannerReport | string {
  const detector = str(result.DetectorName) ?? 'unknown';
  if (detector.toLowerCase() !== 'aws' && detector.toLowerCase() !== 'awssessionkey')
    return `trufflehog ${detector} result: not an AWS key`;
  const accessKeyId = keyIdIn(str(result.Redacted), str(result.Raw));
  if (!accessKeyId) return 'trufflehog AWS result without an access key id';
  const data =
    isRecord(result.SourceMetadata) && isRecord(result.SourceMetadata.Data) ? result.SourceMetadata.Data : {};
  const git = (Object.values(data).find(isRecord) ?? {}) as Record_;
  const extra = isRecord(result.ExtraData) ? result.ExtraData : {};
  const account = str(extra.account);
  const arn = str(extra.arn);
  const line = typeof git.line === 'number' ? git.line : undefined;
  return {
    tool: 'trufflehog',
    accessKeyId,
    ...(account && /^\d{12}$/.test(account) ? { accountId: account } : {}),
    ...(arn ? { principalArn: arn } : {}),
    ...(str(git.repository) ? { repository: str(git.repository) } : {}),
    ...(str(git.file) ? { file: str(git.file) } : {}),
    ...(str(git.commit) ? { commit: str(git.commit) } : {}),
    ...(line !== undefined ? { line } : {}),
    ...(typeof result.Verified === 'boolean' ? { verified: result.Verified } : {}),
  };
}

/** One gitleaks finding: AWS access key rules only; `Secret` and `Match` are read for the key id and dropped. */
export function fromGitleaks(finding: Record_, repository?: string): ScannerReport | string {
  const rule = str(finding.RuleID) ?? 'unknown';
  const accessKeyId = keyIdIn(str(finding.Secret), str(finding.Match));
  if (!accessKeyId) return `gitleaks ${rule} finding: no AWS access key id`;
  const line = typeof finding.StartLine === 'number' ? finding.StartLine : undefined;
  const date = str(finding.Date);
  return {
    tool: 'gitleaks',
    accessKeyId,
    ...(repository ? { repository } : {}),
    ...(str(finding.File) ? { file: str(finding.File) } : {}),
    ...(str(finding.Commit) ? { commit: str(finding.Commit) } : {}),
    ...(line !== undefined ? { line } : {}),
    ...(date && !Number.isNaN(Date.parse(date)) ? { foundAt: new Date(date).toISOString() } : {}),
  };
}

/** Imports trufflehog (JSON lines) or gitleaks (JSON array) output, keeping no secret. */
export function importScannerOutput(values: unknown[], repository?: string): ScannerImport {
  const reports: ScannerReport[] = [];
  const skipped: string[] = [];
  for (const value of values) {
    const result = isTrufflehogResult(value)
      ? fromTrufflehog(value)
      : isGitleaksFinding(value)
        ? fromGitleaks(value, repository)
        : 'not trufflehog or gitleaks output';
    if (typeof result === 'string') skipped.push(result);
    else reports.push(result);
  }
  return { reports, skipped };
}
