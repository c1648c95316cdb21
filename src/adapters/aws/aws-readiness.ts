import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  LookupEventsCommand,
} from '@aws-sdk/client-cloudtrail';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import {
  GetAccessKeyLastUsedCommand,
  GetAccountAuthorizationDetailsCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  IAMClient,
  ListAccessKeysCommand,
  type RoleDetail,
  type UserDetail,
} from '@aws-sdk/client-iam';
import {
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { NotContainableError, NotFoundError } from '../../domain/errors.js';
import { type PolicyDocument, PolicyDocumentSchema } from '../../domain/policy-document.js';
import type {
  PrincipalFacts,
  ReadinessFacts,
  ReadinessSource,
  SecretFacts,
  TrailFacts,
} from '../../ports/readiness.js';
import { awsCall } from './errors.js';
import { MemberAccounts } from './member-accounts.js';

/** CloudTrail's LookupEvents answers 2 requests a second per region: a bounded look. */
const MAX_LOOKUP_PAGES = 5;

/** How to reach the account, and what to say of Rekey itself. */
export interface AwsReadinessOptions {
  /** The account assessed; by default the caller's (sts:GetCallerIdentity). */
  accountId?: string;
  /** The regions to assess; by default every region enabled in the account (ec2:DescribeRegions). */
  regions?: string[];
  homeRegion: string;
  /** Rekey's member role, looked up by name in the account (iam:GetRole). */
  memberRoleName?: string;
  /** Other accounts whose member role must be there: each is assumed (sts:AssumeRole changes nothing). */
  memberAccounts?: string[];
  rekey: Pick<ReadinessFacts['rekey'], 'slack' | 'responders' | 'identityCenter'>;
  now: () => Date;
}

/** Parses an IAM policy document as GetAccountAuthorizationDetails returns it (URL-encoded JSON). */
function documentOf(encoded: string | undefined): PolicyDocument | undefined {
  if (!encoded) return undefined;
  const text = encoded.trim().startsWith('{') ? encoded : decodeURIComponent(encoded);
  const parsed = PolicyDocumentSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : undefined;
}

/** Days between rotations from the rotation rules (a number of days, or a `rate(...)` schedule). */
function rotationDays(rules: { AutomaticallyAfterDays?: number; ScheduleExpression?: string } | undefined) {
  if (rules?.AutomaticallyAfterDays) return rules.AutomaticallyAfterDays;
  const rate = rules?.ScheduleExpression?.match(/^rate\((\d+) (day|days|hour|hours)\)$/);
  if (!rate) return undefined;
  return rate[2]?.startsWith('hour') ? Math.max(1, Math.round(Number(rate[1]) / 24)) : Number(rate[1]);
}

const tagsOf = (tags: Array<{ Key?: string; Value?: string }> | undefined) =>
  Object.fromEntries((tags ?? []).flatMap((t) => (t.Key ? [[t.Key, t.Value ?? '']] : [])));

/**
 * The readiness facts of a live account, gathered with read-only calls only: IAM's authorization details, access
 * keys and their last use; every secret's description, versions and resource policy (never a value); the trails,
 * their status and event selectors; GuardDuty's detectors in each region.
 */
export class AwsReadiness implements ReadinessSource {
  constructor(private readonly options: AwsReadinessOptions) {}

  async gather(): Promise<ReadinessFacts> {
    const { homeRegion } = this.options;
    const iam = new IAMClient({ region: homeRegion });
    const accountId =
      this.options.accountId ??
      (await new STSClient({ region: homeRegion }).send(new GetCallerIdentityCommand({}))).Account ??
      'unknown';
    const regions =
      this.options.regions ??
      ((await new EC2Client({ region: homeRegion }).send(new DescribeRegionsCommand({}))).Regions ?? [])
        .flatMap((r) => (r.RegionName ? [r.RegionName] : []))
        .sort();
    const unread: string[] = [];
    const [principals, secrets, trails, guardDuty, memberRole, others] = await Promise.all([
      this.principals(iam),
      Promise.all(regions.map((r) => this.secrets(r, unread))).then((all) => all.flat()),
      this.trails(),
      Promise.all(regions.map(async (r) => [r, await this.guardDutyEnabled(r)] as const)),
      this.memberRolePresent(iam),
      this.memberRolesElsewhere(accountId),
    ]);
    return {
      accountId,
      at: this.options.now().toISOString(),
      regions,
      secrets,
      principals,
      trails,
      guardDuty: Object.fromEntries(guardDuty),
      unread,
      rekey: {
        ...this.options.rekey,
        memberRoles: { ...(memberRole === undefined ? {} : { [accountId]: memberRole }), ...others },
      },
    };
  }

  private async principals(iam: IAMClient): Promise<PrincipalFacts[]> {
    const users: UserDetail[] = [];
    const roles: RoleDetail[] = [];
    const managed = new Map<string, PolicyDocument>();
    let marker: string | undefined;
    do {
      const page = await iam.send(
        new GetAccountAuthorizationDetailsCommand({
          Filter: ['User', 'Role', 'LocalManagedPolicy'],
          ...(marker ? { Marker: marker } : {}),
        }),
      );
      users.push(...(page.UserDetailList ?? []));
      roles.push(...(page.RoleDetailList ?? []));
      for (const policy of page.Policies ?? []) {
        const document = documentOf(policy.PolicyVersionList?.find((v) => v.IsDefaultVersion)?.Document);
        if (policy.Arn && document) managed.set(policy.Arn, document);
      }
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    // AWS managed policies attached to someone: their default version, read once each.
    const awsManaged = new Set(
      [...users, ...roles].flatMap((p) =>
        (p.AttachedManagedPolicies ?? []).flatMap((a) =>
          a.PolicyArn && !managed.has(a.PolicyArn) ? [a.PolicyArn] : [],
        ),
      ),
    );
    await Promise.all(
      [...awsManaged].map(async (arn) => {
        const policy = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
        const version = await iam.send(
          new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: policy.Policy?.DefaultVersionId }),
        );
        const document = documentOf(version.PolicyVersion?.Document);
        if (document) managed.set(arn, document);
      }),
    );
    const attached = (list: Array<{ PolicyArn?: string }> | undefined) =>
      (list ?? []).flatMap((a) => {
        const document = a.PolicyArn ? managed.get(a.PolicyArn) : undefined;
        return a.PolicyArn && document ? [{ name: a.PolicyArn, document }] : [];
      });
    const inline = (list: Array<{ PolicyName?: string; PolicyDocument?: string }> | undefined) =>
      (list ?? []).flatMap((p) => {
        const document = documentOf(p.PolicyDocument);
        return p.PolicyName && document ? [{ name: p.PolicyName, document }] : [];
      });
    const userFacts = await Promise.all(
      users.map(async (u): Promise<PrincipalFacts> => {
        const name = u.UserName ?? '';
        const keys = (await iam.send(new ListAccessKeysCommand({ UserName: name }))).AccessKeyMetadata ?? [];
        const accessKeys = await Promise.all(
          keys.map(async (k) => {
            const used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k.AccessKeyId }));
            const lastUsedAt = used.AccessKeyLastUsed?.LastUsedDate?.toISOString();
            return {
              id: k.AccessKeyId ?? '',
              status: k.Status === 'Inactive' ? ('Inactive' as const) : ('Active' as const),
              createdAt: k.CreateDate?.toISOString() ?? new Date(0).toISOString(),
              ...(lastUsedAt ? { lastUsedAt } : {}),
            };
          }),
        );
        return {
          kind: 'user',
          name,
          arn: u.Arn ?? '',
          path: u.Path ?? '/',
          tags: tagsOf(u.Tags),
          policies: [...inline(u.UserPolicyList), ...attached(u.AttachedManagedPolicies)],
          accessKeys,
        };
      }),
    );
    const roleFacts = roles.map(
      (r): PrincipalFacts => ({
        kind: 'role',
        name: r.RoleName ?? '',
        arn: r.Arn ?? '',
        path: r.Path ?? '/',
        tags: tagsOf(r.Tags),
        policies: [...inline(r.RolePolicyList), ...attached(r.AttachedManagedPolicies)],
        accessKeys: [],
      }),
    );
    return [...userFacts, ...roleFacts];
  }

  private async secrets(region: string, unread: string[]): Promise<SecretFacts[]> {
    const client = new SecretsManagerClient({ region });
    const arns: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListSecretsCommand({ ...(token ? { NextToken: token } : {}) }));
      arns.push(...(page.SecretList ?? []).flatMap((s) => (s.ARN ? [s.ARN] : [])));
      token = page.NextToken;
    } while (token);
    // Rotation failures are a finer point: without them (no cloudtrail:LookupEvents) the report is still made.
    const failures = arns.length
      ? await this.rotationFailures(region).catch((error: unknown) => {
          unread.push(
            `RotationFailed events in ${region} (cloudtrail:LookupEvents): ${error instanceof Error ? error.message : String(error)}`,
          );
          return [];
        })
      : [];
    return Promise.all(
      arns.map(async (arn): Promise<SecretFacts> => {
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
      }),
    );
  }

  /** Secrets Manager's RotationFailed events of the last 90 days in a region (CloudTrail's lookup window). */
  private async rotationFailures(region: string): Promise<Array<{ at: string; names: string[] }>> {
    const client = new CloudTrailClient({ region });
    const found: Array<{ at: string; names: string[] }> = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_LOOKUP_PAGES; page += 1) {
      const answer = await client.send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'RotationFailed' }],
          StartTime: new Date(this.options.now().getTime() - 90 * 24 * 60 * 60 * 1000),
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

  private async trails(): Promise<TrailFacts[]> {
    const client = new CloudTrailClient({ region: this.options.homeRegion });
    const trails =
      (await client.send(new DescribeTrailsCommand({ includeShadowTrails: true }))).trailList ?? [];
    return Promise.all(
      trails.map(async (t): Promise<TrailFacts> => {
        const name = t.TrailARN ?? t.Name ?? '';
        const [status, selectors] = await Promise.all([
          client.send(new GetTrailStatusCommand({ Name: name })),
          client.send(new GetEventSelectorsCommand({ TrailName: name })),
        ]);
        const basic = (selectors.EventSelectors ?? []).some(
          (s) => s.IncludeManagementEvents !== false && (s.ReadWriteType ?? 'All') === 'All',
        );
        const advanced = (selectors.AdvancedEventSelectors ?? []).some((s) =>
          s.FieldSelectors?.some((f) => f.Field === 'eventCategory' && f.Equals?.includes('Management')),
        );
        // A trail without selectors records every management event (CloudTrail's default).
        const noSelectors = !selectors.EventSelectors?.length && !selectors.AdvancedEventSelectors?.length;
        return {
          name: t.Name ?? name,
          multiRegion: t.IsMultiRegionTrail === true,
          logging: status.IsLogging === true,
          managementEvents: basic || advanced || noSelectors,
        };
      }),
    );
  }

  private async guardDutyEnabled(region: string): Promise<boolean> {
    const client = new GuardDutyClient({ region });
    const ids = (await client.send(new ListDetectorsCommand({}))).DetectorIds ?? [];
    for (const id of ids)
      if ((await client.send(new GetDetectorCommand({ DetectorId: id }))).Status === 'ENABLED') return true;
    return false;
  }

  /** Whether the member role is there in each other account: the same AssumeRole Rekey makes to contain. */
  private async memberRolesElsewhere(ownAccountId: string): Promise<Record<string, boolean>> {
    const { memberRoleName, memberAccounts = [], homeRegion } = this.options;
    if (!memberRoleName || memberAccounts.length === 0) return {};
    const reach = new MemberAccounts({
      sts: new STSClient({ region: homeRegion }),
      ownAccountId,
      memberRoleName,
    });
    const found = await Promise.all(
      memberAccounts.map(async (account) => {
        try {
          await reach.credentialsFor(account);
          return [account, true] as const;
        } catch (error) {
          if (error instanceof NotContainableError) return [account, false] as const;
          throw error;
        }
      }),
    );
    return Object.fromEntries(found);
  }

  private async memberRolePresent(iam: IAMClient): Promise<boolean | undefined> {
    const { memberRoleName } = this.options;
    if (!memberRoleName) return undefined;
    try {
      await awsCall('iam:GetRole', () => iam.send(new GetRoleCommand({ RoleName: memberRoleName })));
      return true;
    } catch (error) {
      if (error instanceof NotFoundError) return false;
      throw error;
    }
  }
}
