/**
 * The twin's CloudTrail event history, which moto does not keep (it has no LookupEvents): the records a scenario
 * adds, as CloudTrail writes them, answered to LookupEvents in its wire shape, newest first, a page at a time.
 * The gateway answers from it only once moto authorized the call.
 */

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** One LookupEvents request (its JSON body; times are epoch seconds, as the SDK sends them). */
interface LookupRequest {
  LookupAttributes?: Array<{ AttributeKey: string; AttributeValue: string }>;
  StartTime?: number;
  EndTime?: number;
  MaxResults?: number;
  NextToken?: string;
}

/**
 * The resources CloudTrail names for a record: the users, roles, keys and policies its request and response
 * name (CloudTrail derives them per call; this covers the IAM and STS calls the scenarios record).
 */
function resourcesOf(record: Json): Array<{ ResourceType: string; ResourceName: string }> {
  const request = obj(record.requestParameters);
  const response = obj(record.responseElements);
  const named: Array<[string, unknown]> = [
    ['AWS::IAM::User', request.userName],
    ['AWS::IAM::Role', request.roleName ?? request.roleArn],
    ['AWS::IAM::Policy', request.policyArn],
    ['AWS::IAM::AccessKey', obj(response.accessKey).accessKeyId ?? obj(response.credentials).accessKeyId],
  ];
  return named.flatMap(([type, name]) =>
    typeof name === 'string' ? [{ ResourceType: type, ResourceName: name }] : [],
  );
}

function matches(record: Json, attribute: { AttributeKey: string; AttributeValue: string }): boolean {
  const identity = obj(record.userIdentity);
  switch (attribute.AttributeKey) {
    case 'AccessKeyId':
      return identity.accessKeyId === attribute.AttributeValue;
    case 'EventName':
      return record.eventName === attribute.AttributeValue;
    case 'EventSource':
      return record.eventSource === attribute.AttributeValue;
    case 'ResourceName':
      return resourcesOf(record).some((r) => r.ResourceName === attribute.AttributeValue);
    case 'Username':
      return identity.userName === attribute.AttributeValue;
    default:
      return false;
  }
}

/** Each account's and region's CloudTrail records, as the scenarios made them happen. */
export class CloudTrailHistory {
  private readonly records: Json[] = [];
  /** When CloudTrail delivered a record late (it shows calls minutes after them, its timing not guaranteed). */
  private readonly delivered = new Map<Json, number>();

  /**
   * Records a call as CloudTrail writes it (its `recipientAccountId` and `awsRegion` say whose history); shown by
   * LookupEvents from `deliveredAt` on, when CloudTrail delivered it late, else at once.
   */
  add(record: Json, deliveredAt?: Date): void {
    this.records.push(record);
    if (deliveredAt) this.delivered.set(record, deliveredAt.getTime());
  }

  /** LookupEvents in `account`'s `region`, asked at `at` (ms): one page of the matching events, newest first. */
  lookup(account: string, region: string, request: LookupRequest, at = Date.now()): Json {
    const from = (request.StartTime ?? 0) * 1000;
    const to = request.EndTime === undefined ? Number.POSITIVE_INFINITY : request.EndTime * 1000;
    const found = this.records
      .filter((r) => r.recipientAccountId === account && r.awsRegion === region)
      .filter((r) => (this.delivered.get(r) ?? 0) <= at)
      .filter((r) => {
        const at = Date.parse(String(r.eventTime));
        return at >= from && at <= to;
      })
      .filter((r) => (request.LookupAttributes ?? []).every((a) => matches(r, a)))
      .sort((a, b) => String(b.eventTime).localeCompare(String(a.eventTime)));
    const start = Number(request.NextToken ?? 0);
    const size = request.MaxResults ?? 50;
    const page = found.slice(start, start + size);
    return {
      Events: page.map((r) => ({
        EventId: r.eventID,
        EventName: r.eventName,
        ReadOnly: String(r.readOnly ?? false),
        AccessKeyId: obj(r.userIdentity).accessKeyId,
        EventTime: Date.parse(String(r.eventTime)) / 1000,
        EventSource: r.eventSource,
        Username: str(obj(r.userIdentity).userName),
        Resources: resourcesOf(r),
        CloudTrailEvent: JSON.stringify(r),
      })),
      ...(start + size < found.length ? { NextToken: String(start + size) } : {}),
    };
  }
}
