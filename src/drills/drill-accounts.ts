import type { AccountSeed } from '../adapters/sandbox/account-seed.js';
import { SandboxAccount } from '../adapters/sandbox/sandbox-account.js';
import { type SharedOrganisation, sharedOrganisation } from '../adapters/sandbox/sandbox-account-seed.js';
import { SandboxReadiness } from '../adapters/sandbox/sandbox-readiness.js';
import { joinAccounts } from '../adapters/sandbox/sandbox-world.js';
import { recordCrossAccountIssuance } from '../adapters/sandbox/session-issuance.js';
import { assessReadiness, type ReadinessReport } from '../app/readiness/readiness.js';
import { InvalidInputError } from '../domain/errors.js';
import { identityCenterOutOfReach } from '../domain/identity-center-reach.js';
import type { Unreachable } from '../runtime/sandbox-ports.js';
import type { SimulatedClock } from '../runtime/simulated-clock.js';
import { accountSeedOf, type Drill } from './drill-file.js';
import type { DrillRunOptions } from './drill-options.js';
import { memberRole } from './member-role.js';

/** An account of the drill as declared, with or without Rekey's member and reader roles. */
type DrillAccount = Drill['account'];

/** The drill's accounts as it starts, how Rekey reaches each, and readiness when an expectation asks for it. */
export interface DrillAccounts {
  /** The drill's `account`. */
  sandbox: SandboxAccount;
  /** Every other account: the declared members, and the security account when no account declares it. */
  members: SandboxAccount[];
  /** The account Rekey is deployed in. */
  securityAccount: string;
  /**
   * Why the action function cannot reach an account (through the member role), and triage (the reader role); and
   * why the action function cannot call Identity Center in an account (its own, or through its Identity Center role).
   */
  reach: { member: Unreachable; reader: Unreachable; identityCenter: Unreachable };
  /** Every account of the organisation: the central bus admits events from these only. */
  organisation: ReadonlySet<string>;
  readiness: ReadinessReport | undefined;
}

type DeclaredUnit = NonNullable<DrillAccount['organization']>['organizationalUnits'][number];

/** The organizational units several accounts declare, as one structure: an OU's accounts are all those named. */
function mergedUnits(declared: readonly DeclaredUnit[]): DeclaredUnit[] {
  const units = new Map<string, DeclaredUnit>();
  const placed = new Map<string, string>();
  for (const unit of declared) {
    const known = units.get(unit.id);
    if (known && known.parentId !== unit.parentId)
      throw new InvalidInputError(
        `organizational unit ${unit.id} is declared under ${known.parentId ?? 'the root'} and under ${unit.parentId ?? 'the root'}`,
      );
    for (const account of unit.accounts) {
      const other = placed.get(account);
      if (other && other !== unit.id)
        throw new InvalidInputError(`account ${account} is declared in ${other} and in ${unit.id}`);
      placed.set(account, unit.id);
    }
    units.set(unit.id, { ...unit, accounts: [...new Set([...(known?.accounts ?? []), ...unit.accounts])] });
  }
  return [...units.values()];
}

/**
 * The one organisation every account of the drill is in, from the accounts that declare it: their OUs' accounts
 * together, and one root (two roots, an OU under two parents or an account in two OUs is an error).
 */
function organisationOf(accounts: readonly DrillAccount[]): SharedOrganisation | undefined {
  const declared = accounts.flatMap((a) => (a.organization ? [a.organization] : []));
  const [first] = declared;
  if (!first) return undefined;
  const policies = new Map(declared.flatMap((o) => o.policies).map((p) => [p.id, p]));
  const roots = [...new Set(declared.flatMap((o) => (o.rootId ? [o.rootId] : [])))];
  if (roots.length > 1)
    throw new InvalidInputError(
      `the drill's accounts name ${roots.join(' and ')} as the root: an organisation has one`,
    );
  return sharedOrganisation({
    ...first,
    ...(roots[0] ? { rootId: roots[0] } : {}),
    organizationalUnits: mergedUnits(declared.flatMap((o) => o.organizationalUnits)),
    policies: [...policies.values()],
  });
}

/**
 * Why an account is out of Rekey's reach through one of its roles there: outside the organisation, or without the
 * role; the security account is Rekey's own, reached without either.
 */
function reachThrough(
  declared: ReadonlyMap<string, DrillAccount>,
  organisation: ReadonlySet<string>,
  securityAccount: string,
  role: { arn: (accountId: string) => string; present: (account: DrillAccount) => boolean; name: string },
): Unreachable {
  return (accountId) => {
    if (accountId === securityAccount) return undefined;
    const refused = (why: string) =>
      `Rekey cannot assume its member role in ${accountId} (${role.arn(accountId)}): AccessDenied (${why})`;
    if (!organisation.has(accountId))
      return refused(
        `account ${accountId} is outside the organisation, which holds ${[...organisation].join(', ')}; Rekey assumes roles only inside it`,
      );
    const account = declared.get(accountId);
    if (!account || role.present(account)) return undefined;
    const template = !account.memberRole && !account.readerRole;
    return refused(template ? 'the member template is not deployed there' : `no ${role.name} there`);
  };
}

/**
 * Why the action function cannot call Identity Center in an account: as deployed, it calls in its own account, or
 * in another only as the role identityCenterRoleArn names there (an account declaring `identityCenterRole`).
 */
function identityCenterReach(
  declared: ReadonlyMap<string, DrillAccount>,
  securityAccount: string,
): Unreachable {
  return (accountId) =>
    accountId === securityAccount || declared.get(accountId)?.identityCenterRole
      ? undefined
      : identityCenterOutOfReach(
          `the organisation's instance is in ${accountId}, not in Rekey's account ${securityAccount} (sso:ListInstances lists none there)`,
        );
}

/**
 * An organisation's Identity Center instance is the management account's: seeded on the management account it is
 * called from there; on any other account, that account can only be its delegated administrator.
 */
function identityCenterWhereAwsKeepsIt(
  accounts: readonly DrillAccount[],
  management: string | undefined,
): void {
  const holder = accounts.find((a) => a.identityCenter);
  if (!holder?.identityCenter) return;
  if (management === undefined) {
    if (holder.identityCenter.calledFrom === 'delegated-administrator')
      throw new InvalidInputError(
        `identityCenter on ${holder.id} says calledFrom: delegated-administrator, but the drill declares no organisation: a delegated administrator is an organisation's member account, so declare organization.managementAccountId`,
      );
    return;
  }
  const fromManagement = holder.identityCenter.calledFrom === 'management-account';
  if (fromManagement !== (holder.id === management))
    throw new InvalidInputError(
      fromManagement
        ? `identityCenter is seeded on ${holder.id}, which is not the management account ${management}: an organisation's instance is the management account's, so seed it there, or say calledFrom: delegated-administrator`
        : `identityCenter is seeded on the management account ${management} with calledFrom: delegated-administrator: the management account is never its own delegated administrator`,
    );
}

/**
 * The drill's accounts as it starts: Rekey acting as its member role in each (the security account's own roles
 * have the same least privilege), all in the one organisation some declare, and readiness when asked for.
 */
export async function drillAccounts(
  drill: Drill,
  options: DrillRunOptions,
  clock: SimulatedClock,
): Promise<DrillAccounts> {
  const declaredAccounts = [drill.account, ...drill.memberAccounts];
  const securityAccount = drill.securityAccount ?? drill.account.id;
  const shared = organisationOf(declaredAccounts);
  const region = drill.account.region;
  // The security account and the management account are simulated even when no account declares them (empty): the
  // management account's call log records the organisation's calls, as CloudTrail does there.
  const management = shared?.organizations.toSeed().managementAccountId;
  identityCenterWhereAwsKeepsIt(declaredAccounts, management);
  const implied = [securityAccount, ...(management ? [management] : [])].filter(
    (id, i, ids) => ids.indexOf(id) === i && !declaredAccounts.some((a) => a.id === id),
  );
  const seeds = [...declaredAccounts, ...implied.map((id) => ({ id, region }))];
  // Rekey acts as its member role, with the permissions the member template grants it, in every account.
  const [sandbox, ...members] = await Promise.all(
    seeds.map(
      async (account: Partial<DrillAccount> & { id: string }) =>
        new SandboxAccount(
          accountSeedOf(account),
          clock,
          await memberRole(options.root, account.id, account.region ?? 'us-east-1'),
          shared,
          await memberRole(options.root, account.id, account.region ?? 'us-east-1', 'MemberReaderRole'),
        ),
    ),
  );
  joinAccounts([sandbox as SandboxAccount, ...members]);
  recordCrossAccountIssuance([sandbox as SandboxAccount, ...members]);
  const organisation = new Set([
    ...seeds.map((a) => a.id),
    ...drill.administratorAccounts,
    ...(management ? [management] : []),
  ]);
  const declared = new Map(declaredAccounts.map((a) => [a.id, a]));
  // The member role's name as the template gives it; the reader role is named after it.
  const roleName = (await memberRole(options.root, securityAccount, region)).arn.split('/').pop();
  const memberArn = (accountId: string) => `arn:aws:iam::${accountId}:role/${roleName}`;
  const reach = {
    member: reachThrough(declared, organisation, securityAccount, {
      arn: memberArn,
      present: (a) => a.memberRole,
      name: 'member role',
    }),
    reader: reachThrough(declared, organisation, securityAccount, {
      arn: (accountId) => `${memberArn(accountId)}-reader`,
      present: (a) => a.readerRole,
      name: 'reader role',
    }),
    identityCenter: identityCenterReach(declared, securityAccount),
  };
  const readiness = await drillReadiness(
    drill,
    options,
    sandbox as SandboxAccount,
    securityAccount,
    reach.identityCenter,
  );
  return { sandbox: sandbox as SandboxAccount, members, securityAccount, reach, organisation, readiness };
}

/** The accounts other than Rekey's that an instance's assignments provision a permission set to, with the sets. */
function provisionedAccounts(
  center: NonNullable<AccountSeed['identityCenter']>,
  rekeyAccount: string,
): Record<string, string[]> {
  const accounts: Record<string, string[]> = {};
  for (const { accountId, permissionSet } of center.assignments) {
    if (accountId === rekeyAccount) continue;
    const name = center.permissionSets.find((p) => p.arn === permissionSet)?.name ?? permissionSet;
    const sets = accounts[accountId] ?? [];
    if (!sets.includes(name)) accounts[accountId] = [...sets, name].sort();
  }
  return accounts;
}

/** Readiness, judged on the drill's account as it starts (before any playbook changes it); only when asked. */
async function drillReadiness(
  drill: Drill,
  options: DrillRunOptions,
  sandbox: SandboxAccount,
  securityAccount: string,
  identityCenterUnreachable: Unreachable,
): Promise<ReadinessReport | undefined> {
  if (!drill.expect.some((e) => 'readiness' in e)) return undefined;
  // Identity Center is reached where its instance is: Rekey's own account, or another through its role there.
  const center = [drill.account, ...drill.memberAccounts].find((a) => a.identityCenter);
  const holder = center?.id;
  const outOfReach = holder !== undefined && identityCenterUnreachable(holder) !== undefined;
  // Rekey reaches its own account directly; any other through its member role, where the drill deploys one.
  const memberRoles = Object.fromEntries(
    [drill.account, ...drill.memberAccounts]
      .filter((a) => a.id !== securityAccount)
      .map((a) => [a.id, a.memberRole]),
  );
  return assessReadiness(
    await new SandboxReadiness(sandbox, {
      slack: { configured: options.slack !== undefined },
      responders: drill.responders.length,
      memberRoles,
      identityCenter: holder !== undefined && !outOfReach,
      ...(outOfReach ? { identityCenterOutOfReach: holder } : {}),
      ...(center?.identityCenter && !outOfReach
        ? { identityCenterAccounts: provisionedAccounts(center.identityCenter, securityAccount) }
        : {}),
    }).gather(),
    { protectedPrincipals: drill.protectedPrincipals },
  );
}
