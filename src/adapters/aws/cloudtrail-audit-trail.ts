import { type CloudTrailClient, paginateLookupEvents } from '@aws-sdk/client-cloudtrail';
import type { AuditEvent, AuditLookup, AuditTrail } from '../../ports/audit-trail.js';
import { awsCall } from './errors.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** The secrets a read names: GetSecretValue's one, BatchGetSecretValue's list (none for a batch by filter). */
function secretIdsOf(record: Json): string[] | undefined {
  const request = obj(record.requestParameters);
  if (record.eventName === 'GetSecretValue') {
    const id = str(request.secretId);
    return id ? [id] : [];
  }
  if (record.eventName !== 'BatchGetSecretValue') return undefined;
  const list = Array.isArray(request.secretIdList) ? request.secretIdList : [];
  return list.filter((x): x is string => typeof x === 'string');
}

/** Reduces a CloudTrail record to an AuditEvent, keeping ids and names only (a session token is never kept). */
export function auditEventOf(record: Json, region: string): AuditEvent {
  const identity = obj(record.userIdentity);
  const request = obj(record.requestParameters);
  const response = obj(record.responseElements);
  const credentials = obj(response.credentials);
  const created = obj(response.accessKey);
  const secretIds = record.eventSource === 'secretsmanager.amazonaws.com' ? secretIdsOf(record) : undefined;
  const pick = (entries: Array<[string, string | undefined]>) =>
    Object.fromEntries(entries.filter((e): e is [string, string] => e[1] !== undefined));
  return {
    eventId: str(record.eventID) ?? '',
    eventTime: str(record.eventTime) ?? '',
    eventName: str(record.eventName) ?? '',
    eventSource: str(record.eventSource) ?? '',
    region: str(record.awsRegion) ?? region,
    ...pick([
      ['accessKeyId', str(identity.accessKeyId)],
      ['principalType', str(identity.type)],
      ['principalArn', str(identity.arn)],
      ['principalAccountId', str(identity.accountId)],
      ['principalId', str(identity.principalId)],
      ['sharedEventId', str(record.sharedEventID)],
      // A SAML record's userIdentity.identityProvider is an opaque issuer hash; its request names the provider's ARN.
      [
        'identityProvider',
        (record.eventName === 'AssumeRoleWithSAML' ? str(request.principalArn) : undefined) ??
          str(identity.identityProvider),
      ],
      ['sourceIp', str(record.sourceIPAddress)],
      ['errorCode', str(record.errorCode)],
      [
        'assumedRoleArn',
        String(record.eventName).startsWith('AssumeRole') ? str(request.roleArn) : undefined,
      ],
      ['issuedAccessKeyId', str(credentials.accessKeyId)],
      ['createdUser', record.eventName === 'CreateUser' ? str(request.userName) : undefined],
      ['createdRole', record.eventName === 'CreateRole' ? str(request.roleName) : undefined],
      ['createdAccessKeyId', str(created.accessKeyId)],
      ['createdPolicyArn', str(obj(response.policy).arn)],
      // CreateAccessKey without a user name makes a key for the caller: the response names the user.
      ['targetUser', str(request.userName) ?? str(created.userName)],
    ]),
    ...(secretIds ? { secretIds } : {}),
  };
}

/** The AuditTrail port over CloudTrail LookupEvents (management events, the last 90 days, one region). */
export class CloudTrailAuditTrail implements AuditTrail {
  constructor(private readonly options: { client: CloudTrailClient; region: string }) {}

  async eventsByAccessKey(accessKeyId: string, from: Date, to: Date, limit: number): Promise<AuditLookup> {
    return this.lookup({ AttributeKey: 'AccessKeyId', AttributeValue: accessKeyId }, from, to, limit);
  }

  async eventsByResource(resourceName: string, from: Date, to: Date, limit: number): Promise<AuditLookup> {
    return this.lookup({ AttributeKey: 'ResourceName', AttributeValue: resourceName }, from, to, limit);
  }

  private async lookup(
    attribute: { AttributeKey: 'AccessKeyId' | 'ResourceName'; AttributeValue: string },
    from: Date,
    to: Date,
    limit: number,
  ): Promise<AuditLookup> {
    const events: AuditEvent[] = [];
    let truncated = false;
    await awsCall('cloudtrail:LookupEvents', async () => {
      const pages = paginateLookupEvents(
        { client: this.options.client, pageSize: 50 },
        { LookupAttributes: [attribute], StartTime: from, EndTime: to },
      );
      for await (const page of pages) {
        for (const event of page.Events ?? []) {
          if (events.length >= limit) {
            truncated = true;
            return;
          }
          events.push(auditEventOf(JSON.parse(event.CloudTrailEvent ?? '{}') as Json, this.options.region));
        }
      }
    });
    return { events: events.sort((a, b) => a.eventTime.localeCompare(b.eventTime)), truncated };
  }
}
