import type { SandboxAccount } from '../adapters/sandbox/sandbox-account.js';
import { CHANGE_PROPAGATION_MS, tokenIssueCutoff } from '../domain/deny-policy.js';
import { ConfigurationError } from '../domain/errors.js';
import { asList, statementsOf } from '../domain/policy-document.js';
import { cloudTrailHolds } from './cloudtrail-expectation.js';
import type { Expectation } from './drill-file.js';
import { type DrillWorld, type ExpectationResult, plural } from './drill-world.js';
import { identityCenterDenied } from './identity-center-expectation.js';
import { checkIncidents } from './incident-expectations.js';
import { ignored, noChangeBefore, reviewSection } from './order-expectations.js';
import { policiesAttached, roleSessionsRevoked, scpsAttached, stagingLabels } from './policy-expectations.js';
import { unchanged } from './unchanged-expectation.js';

export type { DrillWorld, ExpectationResult } from './drill-world.js';

/** How long after the key went inactive a session cut-off may fall: the seconds a change takes to propagate, rounded up. */
const CUTOFF_SLACK_MS = CHANGE_PROPAGATION_MS + 1000;

function denyCutoffs(sandbox: SandboxAccount, userName: string): string[] {
  const user = sandbox.users.get(userName);
  if (!user) return [];
  const managed = user.managedPolicies.flatMap((arn) => {
    const document = sandbox.managedPolicy(arn);
    return document ? [document] : [];
  });
  return [...user.inlinePolicies.values(), ...managed].flatMap((doc) =>
    statementsOf(doc)
      .filter(
        (s) => s.Effect === 'Deny' && asList(s.Action).includes('*') && asList(s.Resource).includes('*'),
      )
      .flatMap((s) => {
        const cutoff = s.Condition?.DateLessThan?.['aws:TokenIssueTime'];
        return typeof cutoff === 'string' ? [cutoff] : [];
      }),
  );
}

type Of<K extends string> = Extract<Expectation, Record<K, unknown>>;

function incidentCount(e: Of<'incidents'>, world: DrillWorld): ExpectationResult {
  const n = world.incidents.length;
  return { label: plural(e.incidents, 'incident'), passed: n === e.incidents, found: plural(n, 'incident') };
}

function accessKeyStatus(e: Of<'accessKey'>, world: DrillWorld): ExpectationResult {
  const key = [world.sandbox, ...(world.members ?? [])]
    .map((a) => a.findAccessKey(e.accessKey)?.key)
    .find(Boolean);
  return {
    label: `access key ${e.accessKey} is ${e.status}`,
    passed: key?.status === e.status,
    found: key ? key.status : 'no such key',
  };
}

function sessionsRevoked(e: Of<'sessionsRevoked'>, { sandbox }: DrillWorld): ExpectationResult {
  const label = `${e.sessionsRevoked}'s sessions issued before ${e.cutoffAtDeactivationOf} became inactive are denied`;
  const key = sandbox.findAccessKey(e.cutoffAtDeactivationOf)?.key;
  const cutoffs = denyCutoffs(sandbox, e.sessionsRevoked);
  if (!key?.statusChangedAt || key.status !== 'Inactive')
    return { label, passed: false, found: 'the key was never deactivated' };
  // The cut-off is planned alongside the deactivation, seconds ahead: at or after the key went inactive, and within
  // seconds of it (a later one would also deny the user's legitimate new sessions for longer).
  const wanted = tokenIssueCutoff(new Date(key.statusChangedAt)).getTime();
  return {
    label,
    passed: cutoffs.some((c) => Date.parse(c) >= wanted && Date.parse(c) - wanted <= CUTOFF_SLACK_MS),
    found:
      cutoffs.length === 0
        ? 'no aws:TokenIssueTime deny'
        : `deny before ${cutoffs.join(', ')}; key inactive at ${key.statusChangedAt}`,
  };
}

function noInlinePolicies(e: Of<'noInlinePolicies'>, { sandbox }: DrillWorld): ExpectationResult {
  const names = [...(sandbox.users.get(e.noInlinePolicies)?.inlinePolicies.keys() ?? [])];
  return {
    label: `${e.noInlinePolicies} has no inline policy`,
    passed: names.length === 0,
    found: names.join(', ') || 'none',
  };
}

function consoleAccess(e: Of<'consoleAccess'>, { sandbox }: DrillWorld): ExpectationResult {
  const user = sandbox.users.get(e.consoleAccess);
  const enabled = Boolean(user?.loginProfile);
  return {
    label: `${e.consoleAccess} ${e.enabled ? 'can' : 'cannot'} sign in to the console`,
    passed: user !== undefined && enabled === e.enabled,
    found: user ? (enabled ? 'a console password' : 'no console password') : 'no such user',
  };
}

function databaseAcceptsCurrent(e: Of<'databaseAcceptsCurrent'>, { sandbox }: DrillWorld): ExpectationResult {
  const secret = sandbox.secrets.get(e.secret);
  const current = secret?.versions.find((v) => v.stages.includes('AWSCURRENT'))?.id;
  const accepts = secret?.databasePasswordVersion !== undefined && secret.databasePasswordVersion === current;
  return {
    label: `the database ${e.databaseAcceptsCurrent ? 'accepts' : 'refuses'} the password ${e.secret}'s AWSCURRENT holds`,
    passed: secret?.databasePasswordVersion !== undefined && accepts === e.databaseAcceptsCurrent,
    found: secret
      ? `the database uses ${secret.databasePasswordVersion ?? '(not modelled)'}'s password; AWSCURRENT is ${current ?? 'on no version'}`
      : 'no such secret',
  };
}

function secretRotated(e: Of<'rotatedDuringDrill'>, world: DrillWorld): ExpectationResult {
  const secret = world.sandbox.secrets.get(e.secret);
  const opened = world.incidents.map((i) => i.openedAt).sort()[0];
  const current = secret?.versions.find((v) => v.stages.includes('AWSCURRENT'));
  const rotated = Boolean(opened && current && current.createdAt >= opened);
  return {
    label: `secret ${e.secret} is ${e.rotatedDuringDrill ? '' : 'not '}rotated during the drill`,
    passed: secret !== undefined && rotated === e.rotatedDuringDrill,
    found: secret
      ? `AWSCURRENT is ${current?.id ?? 'on no version'}, created ${current?.createdAt ?? '—'}`
      : 'no such secret',
  };
}

function readiness(e: Of<'readiness'>, world: DrillWorld): ExpectationResult {
  const report = world.readiness;
  if (!report) throw new ConfigurationError('the drill runner assessed no readiness for this drill');
  const wanted = e.readiness;
  if ('scoreAtLeast' in wanted)
    return {
      label: `readiness scores at least ${wanted.scoreAtLeast}`,
      passed: report.score >= wanted.scoreAtLeast,
      found: `${report.score}/100`,
    };
  const tags = Object.entries(wanted.tagged ?? {});
  const found = report.findings.filter(
    (f) => f.check === wanted.none && tags.every(([k, v]) => f.tags?.[k] === v),
  );
  return {
    label: `readiness: no ${wanted.none}${tags.length ? ` for what is tagged ${tags.map(([k, v]) => `${k}=${v}`).join(', ')}` : ''}`,
    passed: found.length === 0,
    found: found.length ? found.map((f) => f.title).join('; ') : 'none',
  };
}

/** The account's end state against one expectation about it, or undefined for one about the incidents. */
function checkAccount(e: Expectation, world: DrillWorld): ExpectationResult | undefined {
  if ('incidents' in e) return incidentCount(e, world);
  if ('accessKey' in e) return accessKeyStatus(e, world);
  if ('sessionsRevoked' in e) return sessionsRevoked(e, world);
  if ('noInlinePolicies' in e) return noInlinePolicies(e, world);
  if ('identityCenterDenied' in e)
    return identityCenterDenied(
      [world.sandbox, ...(world.members ?? [])],
      e.identityCenterDenied,
      e.permissionSets,
    );
  if ('consoleAccess' in e) return consoleAccess(e, world);
  if ('databaseAcceptsCurrent' in e) return databaseAcceptsCurrent(e, world);
  if ('rotatedDuringDrill' in e) return secretRotated(e, world);
  if ('readiness' in e) return readiness(e, world);
  if ('roleSessionsRevoked' in e) return roleSessionsRevoked(e, world);
  if ('attached' in e) return policiesAttached(e, world);
  if ('scpsAttached' in e) return scpsAttached(e, world);
  if ('stages' in e) return stagingLabels(e, world);
  if ('noChangeBefore' in e) return noChangeBefore(e, world);
  if ('unchanged' in e) return unchanged(e, world);
  if ('reviewSection' in e) return reviewSection(e, world);
  if ('ignored' in e) return ignored(e, world);
  if ('cloudtrail' in e) return cloudTrailHolds(e, world);
  return undefined;
}

/** Checks every expectation of a drill against its end state. */
export function checkExpectations(
  expectations: readonly Expectation[],
  world: DrillWorld,
): ExpectationResult[] {
  return expectations.map((e) => checkAccount(e, world) ?? checkIncidents(e, world));
}
