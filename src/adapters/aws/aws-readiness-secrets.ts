import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import {
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { SecretFacts } from '../../ports/readiness.js';
import { documentOf, tagsOf } from './aws-readiness-parse.js';
import { LookupPace } from './lookup-pace.js';

/** A bounded look (LookupEvents pages are paced: LookupPace). */
const MAX_LOOKUP_PAGES = 5;

/** A RotationFailed event: when, and the names and ARNs of the secret it names. */
type RotationFailure = { at: string; names: string[] };

/** Days between rotations from the rotation rules (a number of days, or a `rate(...)` schedule). */
function rotationDays(rules: { AutomaticallyAfterDays?: number; ScheduleExpression?: string } | undefined) {
  if (rules?.AutomaticallyAfterDays) return rules.AutomaticallyAfterDays;
  const rate = rules?.ScheduleExpression?.match(/^rate\((\d+) (day|days|hour|hours)\)$/);
  if (!rate) return undefined;
  return rate[2]?.startsWith('hour') ? Math.max(1, Math.round(Number(rate[1]) / 24)) : Number(rate[1]);
}

/** Secrets Manager's RotationFailed events of the last 90 days in a region (CloudTrail's lookup window). */
async function rotationFailures(region: string, now: () => Date): Promise<RotationFailure[]> {
  const client = new CloudTrailClient({ region });
  const paced = new LookupPace();
  const found: RotationFailure[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_LOOKUP_PAGES; page += 1) {
    await paced.turn();
    const answer = await client.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'RotationFailed' }],
        StartTime: new Date(now().getTime() - 90 * 24 * 60 * 60 * 1000),
        ...(token ? { NextToken: token } : {}),
      }),
    );
    for (const event of answer.Events ?? []) {
      const detail = JSON.parse(event.CloudTrailEvent ?? '{}') as {
        additionalEventData?: { SecretId?: string };
        resources?: Array<{ ARN?: string }>;
      };
      const names = [
        ...(event.Resources ?? []).flatMap((r) => (r.ResourceName ? [r.ResourceName] : [])),
        ...(detail.resources ?? []).flatMap((r) => (r.ARN ? [r.ARN] : [])),
        ...(detail.additionalEventData?.SecretId ? [detail.additionalEventData.SecretId] : []),
      ];
      if (event.EventTime) found.push({ at: event.EventTime.toISOString(), names });
    }
    token = answer.NextToken;
    if (!token) break;
  }
  return found.sort((a, b) => b.at.localeCompare(a.at));
}

/** The ARN of every secret in the region. */
async function secretArns(client: SecretsManagerClient): Promise<string[]> {
  const arns: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListSecretsCommand({ ...(token ? { NextToken: token } : {}) }));
    arns.push(...(page.SecretList ?? []).flatMap((s) => (s.ARN ? [s.ARN] : [])));
    token = page.NextToken;
  } while (token);
  return arns;
}

/** One secret's facts: its description, versions and resource policy (never its value), and its failed rotations. */
async function secretFacts(
  client: SecretsManagerClient,
  region: string,
  arn: string,
  failures: RotationFailure[],
): Promise<SecretFacts> {
  const [secret, versions, policy] = await Promise.all([
    client.send(new DescribeSecretCommand({ SecretId: arn })),
    client.send(new ListSecretVersionIdsCommand({ SecretId: arn })),
    client.send(new GetResourcePolicyCommand({ SecretId: arn })),
  ]);
  const created = new Map(
    (versions.Versions ?? []).map((v) => [v.VersionId ?? '', v.CreatedDate?.toISOString()] as const),
  );
  const days = rotationDays(secret.RotationRules);
  const resourcePolicy = documentOf(policy.ResourcePolicy);
  return {
    name: secret.Name ?? arn,
    arn,
    region,
    rotationEnabled: secret.RotationEnabled === true,
    ...(secret.RotationLambdaARN ? { rotationLambdaArn: secret.RotationLambdaARN } : {}),
    ...(secret.OwningService ? { owningService: secret.OwningService } : {}),
    ...(days ? { rotationDays: days } : {}),
    ...(secret.LastRotatedDate ? { lastRotatedAt: secret.LastRotatedDate.toISOString() } : {}),
    // Without a KmsKeyId, Secrets Manager uses the AWS managed key aws/secretsmanager.
    ...(secret.KmsKeyId && !/alias\/aws\/secretsmanager$/.test(secret.KmsKeyId)
      ? { kmsKeyId: secret.KmsKeyId }
      : {}),
    tags: tagsOf(secret.Tags),
    versions: Object.entries(secret.VersionIdsToStages ?? {}).map(([id, stages]) => {
      const createdAt = created.get(id);
      return { id, stages: [...stages], ...(createdAt ? { createdAt } : {}) };
    }),
    ...(resourcePolicy ? { resourcePolicy } : {}),
    replicas: (secret.ReplicationStatus ?? []).flatMap((r) => (r.Region ? [r.Region] : [])),
    rotationFailures: failures
      .filter((f) => f.names.includes(arn) || f.names.includes(secret.Name ?? arn))
      .map((f) => f.at),
  };
}

/** Every secret of a region; what could not be read (its RotationFailed events) is added to `unread`. */
export async function regionSecrets(
  region: string,
  unread: string[],
  now: () => Date,
): Promise<SecretFacts[]> {
  const client = new SecretsManagerClient({ region });
  const arns = await secretArns(client);
  // Rotation failures are a finer point: without them (no cloudtrail:LookupEvents) the report is still made.
  const failures = arns.length
    ? await rotationFailures(region, now).catch((error: unknown) => {
        unread.push(
          `RotationFailed events in ${region} (cloudtrail:LookupEvents): ${error instanceof Error ? error.message : String(error)}`,
        );
        return [];
      })
    : [];
  return Promise.all(arns.map((arn) => secretFacts(client, region, arn, failures)));
}
