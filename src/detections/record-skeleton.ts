/**
 * What a CloudTrail record becomes as an event (see material.ts), told from its top-level fields alone, so that a
 * record no rule can take is answered without parsing it. Undefined unless the fields say for certain that the
 * value is a CloudTrail record (not an EventBridge event, a wrapper or anything else material.ts reads first) and
 * every field the answer needs is a plain string or absent.
 */
export interface RecordSkeleton {
  /** The event's id, source, detail-type and time, as material.ts makes them. */
  id: string;
  source: string;
  detailType: string;
  time: string;
  eventSource: string;
  eventName: string | undefined;
  /** The known values as one text: events of one kind are ruled out alike. */
  kind: string;
}

/** Keys that make a value something other than a plain CloudTrail record to material.ts. */
const NOT_A_RECORD = ['detail-type', 'Records', 'Findings', 'findings', '__unreadable'];

/** Every top-level key recordSkeleton reads: the splitter keeps the fields of these keys only. */
export const SKELETON_KEYS: ReadonlySet<string> = new Set([
  ...NOT_A_RECORD,
  'eventVersion',
  'eventSource',
  'eventID',
  'eventTime',
  'eventType',
  'eventName',
]);

/** Whether top-level fields may be a CloudTrail record's: eventVersion and eventSource are strings. */
export function mayBeRecord(fields: ReadonlyMap<string, string | null>): boolean {
  return typeof fields.get('eventVersion') === 'string' && typeof fields.get('eventSource') === 'string';
}

/** The skeleton of the CloudTrail record whose top-level fields (plain strings, or null for other values) these are. */
export function recordSkeleton(fields: ReadonlyMap<string, string | null>): RecordSkeleton | undefined {
  for (const key of NOT_A_RECORD) if (fields.has(key)) return undefined;
  if (!mayBeRecord(fields)) return undefined;
  const eventSource = fields.get('eventSource') as string;
  const id = fields.get('eventID');
  const time = fields.get('eventTime');
  // An escaped eventType may still read as AwsConsoleSignIn, which changes the detail-type: read it whole.
  const eventType = fields.get('eventType');
  if (id === null || time === null || eventType === null) return undefined;
  const dot = eventSource.indexOf('.');
  const source = `aws.${dot < 0 ? eventSource : eventSource.slice(0, dot)}`;
  const detailType =
    eventType === 'AwsConsoleSignIn' ? 'AWS Console Sign In via CloudTrail' : 'AWS API Call via CloudTrail';
  const name = fields.get('eventName');
  const eventName = typeof name === 'string' ? name : undefined;
  // No value holds a control character (JSON refuses them raw; escaped ones are not plain strings).
  const kind = `${detailType}\u0000${eventSource}\u0000${eventName ?? '\u0001'}`;
  return { id: id ?? '', source, detailType, time: time ?? '', eventSource, eventName, kind };
}

/** The event's values a skeleton knows for certain, by flattened path, for a rule set to rule the event out. */
export function knownValues(skeleton: RecordSkeleton): Map<string, string> {
  const known = new Map([
    ['source', skeleton.source],
    ['detail-type', skeleton.detailType],
    ['detail.eventSource', skeleton.eventSource],
  ]);
  if (skeleton.eventName !== undefined) known.set('detail.eventName', skeleton.eventName);
  return known;
}
