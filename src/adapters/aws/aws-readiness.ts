import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { ReadinessFacts, ReadinessSource } from '../../ports/readiness.js';
import { guardDutyEnabled, trailFacts } from './aws-readiness-detection.js';
import { principalFacts } from './aws-readiness-iam.js';
import { identityCenterAccountsLive, identityCenterOutOfReachLive } from './aws-readiness-identity-center.js';
import { memberRolePresent, memberRolesElsewhere } from './aws-readiness-member-roles.js';
import { regionSecrets } from './aws-readiness-secrets.js';

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
  /** The Identity Center role Rekey is deployed with (identityCenterRoleArn), if any. */
  identityCenterRoleArn?: string;
  /** The region of Identity Center's instance (identityCenterRegion), if not the home region. */
  identityCenterRegion?: string;
  now: () => Date;
}

/**
 * The readiness facts of a live account, gathered with read-only calls only: IAM's authorization details, access
 * keys and their last use; every secret's description, versions and resource policy (never a value); the trails,
 * their status and event selectors; GuardDuty's detectors in each region; Identity Center's instance when Rekey is
 * said to reach it, and the accounts its permission sets are provisioned to.
 */
export class AwsReadiness implements ReadinessSource {
  constructor(private readonly options: AwsReadinessOptions) {}

  async gather(): Promise<ReadinessFacts> {
    const { homeRegion, now } = this.options;
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
    const [principals, secrets, trails, guardDuty, memberRole, others, outOfReach] = await Promise.all([
      principalFacts(iam),
      Promise.all(regions.map((r) => regionSecrets(r, unread, now))).then((all) => all.flat()),
      trailFacts(homeRegion),
      Promise.all(regions.map(async (r) => [r, await guardDutyEnabled(r)] as const)),
      memberRolePresent(iam, this.options.memberRoleName),
      memberRolesElsewhere(this.options, accountId),
      identityCenterOutOfReachLive({ ...this.options, ...this.options.rekey }, unread),
    ]);
    // Where the instance is reached, every account a permission set reaches must hold the member role too.
    const centerAccounts = outOfReach
      ? undefined
      : await identityCenterAccountsLive({ ...this.options, ...this.options.rekey }, accountId, unread);
    const named = new Set(this.options.memberAccounts ?? []);
    const reached = await memberRolesElsewhere(
      { ...this.options, memberAccounts: Object.keys(centerAccounts ?? {}).filter((a) => !named.has(a)) },
      accountId,
    );
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
        ...(outOfReach ? { identityCenterOutOfReach: outOfReach } : {}),
        ...(centerAccounts ? { identityCenterAccounts: centerAccounts } : {}),
        memberRoles: {
          ...(memberRole === undefined ? {} : { [accountId]: memberRole }),
          ...others,
          ...reached,
        },
      },
    };
  }
}
