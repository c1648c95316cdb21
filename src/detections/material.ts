import { importScannerOutput, isGitleaksFinding, isTrufflehogResult } from './scanner-import.js';
import { SCANNER_REPORT } from './scanner-report.js';

/** One piece of material as an EventBridge event, with where it came from inside its input. */
export interface MaterialEvent {
  event: Record<string, unknown>;
  /** What the piece was before it became an event (`EventBridge event`, `CloudTrail record`, ...). */
  shape: string;
}

/** Material that could not be read as an event, with the reason. */
export interface UnreadableMaterial {
  value: unknown;
  reason: string;
}

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses text as one JSON document or, failing that, as JSON lines (blank lines skipped). */
export function parseJsonDocuments(text: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  try {
    return [JSON.parse(trimmed)];
  } catch {
    return trimmed
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line, index) => {
        try {
          return JSON.parse(line);
        } catch (error) {
          return { __unreadable: `line ${index + 1} is not JSON: ${(error as Error).message}` };
        }
      });
  }
}

/** PascalCase keys (as the AWS CLI prints GuardDuty findings) to the camelCase of GuardDuty's events. */
function camelise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelise);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), camelise(v)]),
  );
}

const isEnvelope = (v: Json) =>
  typeof v['detail-type'] === 'string' && typeof v.source === 'string' && isRecord(v.detail);
/** The keys whose array holds the records of a wrapper: a CloudTrail log file, a findings export. */
export const WRAPPER_KEYS: readonly string[] = ['Records', 'Findings', 'findings'];

/**
 * The key of the array materialToEvents reads as this value's records (a CloudTrail log file, a findings export), or
 * undefined when it reads the value otherwise (as an event, unreadable, or one record): a streaming reader asks it
 * of a document's fields with the records left out, and JSON.parse keeps a duplicate key's last value.
 */
export function wrapperKey(value: unknown): string | undefined {
  if (!isRecord(value) || typeof value.__unreadable === 'string' || isEnvelope(value)) return undefined;
  // materialToEvents reads `Records ?? Findings ?? findings`: the first that is neither absent nor null.
  const key = WRAPPER_KEYS.find((k) => value[k] !== undefined && value[k] !== null);
  return key !== undefined && Array.isArray(value[key]) ? key : undefined;
}

const isCloudTrailRecord = (v: Json) =>
  typeof v.eventVersion === 'string' && typeof v.eventSource === 'string';
const isAsff = (v: Json) => typeof v.SchemaVersion === 'string' && typeof v.ProductArn === 'string';
const isGuardDuty = (v: Json) =>
  (typeof v.schemaVersion === 'string' && isRecord(v.resource) && typeof v.type === 'string') ||
  (typeof v.SchemaVersion === 'string' && isRecord(v.Resource) && typeof v.Type === 'string');

function fromCloudTrailRecord(record: Json): MaterialEvent {
  const service = String(record.eventSource).split('.')[0];
  const signIn = record.eventType === 'AwsConsoleSignIn';
  return {
    shape: 'CloudTrail record',
    event: {
      version: '0',
      id: String(record.eventID ?? ''),
      'detail-type': signIn ? 'AWS Console Sign In via CloudTrail' : 'AWS API Call via CloudTrail',
      source: `aws.${service}`,
      account: String(
        record.recipientAccountId ?? (record.userIdentity as Json | undefined)?.accountId ?? '',
      ),
      time: String(record.eventTime ?? ''),
      region: String(record.awsRegion ?? ''),
      resources: [],
      detail: record,
    },
  };
}

/** An exported finding as EventBridge would have delivered it: its id and update time stand for an envelope. */
function exported(
  shape: string,
  envelope: {
    id: string;
    detailType: string;
    source: string;
    account: unknown;
    updatedAt: unknown;
    region: unknown;
  },
  detail: Json,
): MaterialEvent {
  return {
    shape,
    event: {
      version: '0',
      // An exported finding has no envelope: its id and update time stand for one, so a re-export is a duplicate.
      id: `${envelope.id}:${String(envelope.updatedAt)}`,
      'detail-type': envelope.detailType,
      source: envelope.source,
      account: String(envelope.account ?? ''),
      time: new Date(Date.parse(String(envelope.updatedAt)) || 0).toISOString(),
      region: String(envelope.region ?? ''),
      resources: [],
      detail,
    },
  };
}

function fromGuardDutyFinding(raw: Json): MaterialEvent {
  const finding = (typeof raw.SchemaVersion === 'string' ? camelise(raw) : raw) as Json;
  const { id, updatedAt, accountId: account, region } = finding;
  return exported(
    'GuardDuty finding',
    {
      id: `guardduty:${String(id)}`,
      detailType: 'GuardDuty Finding',
      source: 'aws.guardduty',
      account,
      updatedAt,
      region,
    },
    finding,
  );
}

function fromAsff(finding: Json): MaterialEvent {
  const { Id: id, UpdatedAt: updatedAt, AwsAccountId: account, Region: region } = finding;
  return exported(
    'Security Hub finding (ASFF)',
    {
      id: `securityhub:${String(id)}`,
      detailType: 'Security Hub Findings - Imported',
      source: 'aws.securityhub',
      account,
      updatedAt,
      region,
    },
    { findings: [finding] },
  );
}

/** A scanner report as the event the scanner bus would carry. */
export function scannerReportEvent(
  report: Record<string, unknown>,
  account: string,
  region: string,
  at: Date,
): MaterialEvent {
  return {
    shape: 'secret scanner report',
    event: {
      version: '0',
      id: `scanner:${[report.tool, report.repository, report.commit, report.file, report.line, report.accessKeyId].join(':')}`,
      'detail-type': SCANNER_REPORT.detailType,
      source: SCANNER_REPORT.source,
      account,
      time: at.toISOString(),
      region,
      resources: [],
      detail: report,
    },
  };
}

/**
 * Turns what responders hold into EventBridge events, so it takes the path a live event takes: EventBridge events
 * (also NDJSON from an archive replay), CloudTrail log files and records, GuardDuty findings (console export,
 * `get-findings` output), Security Hub ASFF findings, and trufflehog or gitleaks output (secrets dropped).
 */
export function materialToEvents(
  values: unknown[],
  context: { account: string; region: string; now: Date },
): { events: MaterialEvent[]; unreadable: UnreadableMaterial[] } {
  const events: MaterialEvent[] = [];
  const unreadable: UnreadableMaterial[] = [];
  const scanner: unknown[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const element of value) visit(element);
    } else if (!isRecord(value)) {
      unreadable.push({ value, reason: 'not a JSON object' });
    } else if (typeof value.__unreadable === 'string') {
      unreadable.push({ value, reason: value.__unreadable });
    } else if (isEnvelope(value)) {
      events.push({ event: value, shape: 'EventBridge event' });
    } else if (
      Array.isArray(value.Records) ||
      Array.isArray(value.Findings) ||
      Array.isArray(value.findings)
    ) {
      visit(value.Records ?? value.Findings ?? value.findings);
    } else if (isCloudTrailRecord(value)) {
      events.push(fromCloudTrailRecord(value));
    } else if (isAsff(value)) {
      events.push(fromAsff(value));
    } else if (isGuardDuty(value)) {
      events.push(fromGuardDutyFinding(value));
    } else if (isTrufflehogResult(value) || isGitleaksFinding(value)) {
      scanner.push(value);
    } else {
      unreadable.push({
        value,
        reason: 'not an EventBridge event, CloudTrail record, GuardDuty or ASFF finding, or scanner output',
      });
    }
  };
  values.forEach(visit);
  const imported = importScannerOutput(scanner);
  for (const report of imported.reports)
    events.push(scannerReportEvent(report, context.account, context.region, context.now));
  for (const reason of imported.skipped) unreadable.push({ value: null, reason });
  return { events, unreadable };
}
