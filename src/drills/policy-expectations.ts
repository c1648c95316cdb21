import type { SandboxAccount } from '../adapters/sandbox/sandbox-account.js';
import { asList, statementsOf } from '../domain/policy-document.js';
import type { DrillWorld, ExpectationResult } from './drill-world.js';
import type { Expectation } from './expectation-schema.js';

type Of<K extends string> = Extract<Expectation, Record<K, unknown>>;

/** The drill's account, or the member account with that id. */
function accountOf(world: DrillWorld, id: string | undefined): SandboxAccount | undefined {
  return [world.sandbox, ...(world.members ?? [])].find((a) => id === undefined || a.id === id);
}

/** The earliest time an incident opened: a revocation must date from then or later. */
const firstOpened = (world: DrillWorld): string | undefined =>
  world.incidents.map((i) => i.openedAt).sort()[0];

/**
 * The role denies every action on every resource to sessions issued before a time at or after the first incident
 * opened (an `aws:TokenIssueTime` deny, inline or managed): its sessions from then on are revoked.
 */
export function roleSessionsRevoked(e: Of<'roleSessionsRevoked'>, world: DrillWorld): ExpectationResult {
  const label = `role ${e.roleSessionsRevoked}'s sessions issued before the incident are denied`;
  const account = accountOf(world, e.account);
  const role = account?.roles.get(e.roleSessionsRevoked);
  if (!account || !role) return { label, passed: false, found: 'no such role' };
  const documents = [
    ...role.inlinePolicies.values(),
    ...role.managedPolicies.flatMap((arn) => account.managedPolicy(arn) ?? []),
  ];
  const cutoffs = documents.flatMap((doc) =>
    statementsOf(doc)
      .filter(
        (s) => s.Effect === 'Deny' && asList(s.Action).includes('*') && asList(s.Resource).includes('*'),
      )
      .flatMap((s) => {
        const cutoff = s.Condition?.DateLessThan?.['aws:TokenIssueTime'];
        return typeof cutoff === 'string' ? [cutoff] : [];
      }),
  );
  const opened = firstOpened(world);
  return {
    label,
    passed: opened !== undefined && cutoffs.some((c) => Date.parse(c) >= Date.parse(opened)),
    found: cutoffs.length ? `denied before ${cutoffs.join(', ')}` : 'no aws:TokenIssueTime deny on the role',
  };
}

/** Each managed policy is attached to the user or role. */
export function policiesAttached(e: Of<'attached'>, world: DrillWorld): ExpectationResult {
  const [kind, name = ''] = e.to.split('/') as ['user' | 'role', string];
  const account = accountOf(world, e.account);
  const principal = (kind === 'user' ? account?.users : account?.roles)?.get(name);
  const attached = principal?.managedPolicies ?? [];
  return {
    label: `${e.attached.join(' and ')} attached to ${e.to}`,
    passed: principal !== undefined && e.attached.every((arn) => attached.includes(arn)),
    found: principal ? `attached: ${attached.join(', ') || 'none'}` : `no ${kind} ${name}`,
  };
}

/** A name pattern where `*` stands for any characters (the incident id in Rekey's own policy names). */
const glob = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );

/** Each SCP (by name) is attached directly to the account. */
export function scpsAttached(e: Of<'scpsAttached'>, world: DrillWorld): ExpectationResult {
  const organizations = [world.sandbox, ...(world.members ?? [])].flatMap((a) => a.organizations ?? []);
  const names = organizations.flatMap((o) =>
    [...o.policies.values()].filter((p) => p.targets.has(e.account)).map((p) => p.name),
  );
  return {
    label: `SCP ${e.scpsAttached.join(' and ')} attached to account ${e.account}`,
    passed: e.scpsAttached.every((wanted) => names.some((n) => glob(wanted).test(n))),
    found: organizations.length ? `attached: ${names.join(', ') || 'none'}` : 'no organisation',
  };
}

/** Each staging label is on the version named (`new`: one created during the drill; `none`: on no version). */
export function stagingLabels(e: Of<'stages'>, world: DrillWorld): ExpectationResult {
  const secret = world.sandbox.secrets.get(e.secret);
  const label = `secret ${e.secret}'s labels: ${Object.entries(e.stages)
    .map(([stage, version]) => `${stage} on ${version}`)
    .join(', ')}`;
  if (!secret) return { label, passed: false, found: 'no such secret' };
  const opened = firstOpened(world) ?? '';
  const holds = ([stage, wanted]: [string, string]) => {
    const version = secret.versions.find((v) => v.stages.includes(stage));
    if (wanted === 'none') return version === undefined;
    if (wanted === 'new') return version !== undefined && opened !== '' && version.createdAt >= opened;
    return version?.id === wanted;
  };
  return {
    label,
    passed: Object.entries(e.stages).every(holds),
    found: secret.versions.map((v) => `${v.id}: ${v.stages.join(', ') || 'no label'}`).join('; '),
  };
}
