import { existsSync, readFileSync } from 'node:fs';
import type { SandboxAccount } from '../adapters/sandbox/sandbox-account.js';
import type { ReadinessReport } from '../app/readiness/readiness.js';
import { tokenIssueCutoff } from '../domain/deny-policy.js';
import { ConfigurationError } from '../domain/errors.js';
import type { Incident } from '../domain/incident.js';
import { asList, statementsOf } from '../domain/policy-document.js';
import type { TimelineEntry } from '../domain/timeline.js';
import type { Expectation } from './drill-file.js';
import { identityCenterDenied } from './identity-center-expectation.js';

/** How long after the key went inactive a session cut-off may fall. */
const CUTOFF_SLACK_MS = 5000;

/** The end state a drill's expectations are checked against. */
export interface DrillWorld {
  sandbox: SandboxAccount;
  /** The drill's other accounts of the organisation. */
  members?: readonly SandboxAccount[];
  incidents: Incident[];
  timelines: Map<string, TimelineEntry[]>;
  reviews: Map<string, string>;
  deadLetters: number;
  /** How many playbook executions were started. */
  playbookRuns: number;
  /** Why triage reported signals and contained nothing (protected holders), one reason per signal. */
  reported?: string[];
  /** The readiness of the account as the drill started (assessed when an expectation asks for it). */
  readiness?: ReadinessReport;
}

/** One expectation's verdict, with a label that names it and what was found. */
export interface ExpectationResult {
  label: string;
  passed: boolean;
  found: string;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

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

function check(expectation: Expectation, world: DrillWorld): ExpectationResult {
  const { sandbox } = world;
  if ('incidents' in expectation) {
    const n = world.incidents.length;
    return {
      label: plural(expectation.incidents, 'incident'),
      passed: n === expectation.incidents,
      found: plural(n, 'incident'),
    };
  }
  if ('accessKey' in expectation) {
    const key = [sandbox, ...(world.members ?? [])]
      .map((a) => a.findAccessKey(expectation.accessKey)?.key)
      .find(Boolean);
    return {
      label: `access key ${expectation.accessKey} is ${expectation.status}`,
      passed: key?.status === expectation.status,
      found: key ? key.status : 'no such key',
    };
  }
  if ('sessionsRevoked' in expectation) {
    const label = `${expectation.sessionsRevoked}'s sessions issued before ${expectation.cutoffAtDeactivationOf} became inactive are denied`;
    const key = sandbox.findAccessKey(expectation.cutoffAtDeactivationOf)?.key;
    const cutoffs = denyCutoffs(sandbox, expectation.sessionsRevoked);
    if (!key?.statusChangedAt || key.status !== 'Inactive')
      return { label, passed: false, found: 'the key was never deactivated' };
    // The cut-off is planned once the deactivation has returned: at or after the key went inactive, and within
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
  if ('noInlinePolicies' in expectation) {
    const names = [...(sandbox.users.get(expectation.noInlinePolicies)?.inlinePolicies.keys() ?? [])];
    return {
      label: `${expectation.noInlinePolicies} has no inline policy`,
      passed: names.length === 0,
      found: names.join(', ') || 'none',
    };
  }
  if ('identityCenterDenied' in expectation)
    return identityCenterDenied(sandbox, expectation.identityCenterDenied, expectation.permissionSets);
  if ('consoleAccess' in expectation) {
    const user = sandbox.users.get(expectation.consoleAccess);
    const enabled = Boolean(user?.loginProfile);
    return {
      label: `${expectation.consoleAccess} ${expectation.enabled ? 'can' : 'cannot'} sign in to the console`,
      passed: user !== undefined && enabled === expectation.enabled,
      found: user ? (enabled ? 'a console password' : 'no console password') : 'no such user',
    };
  }
  if ('databaseAcceptsCurrent' in expectation) {
    const secret = sandbox.secrets.get(expectation.secret);
    const current = secret?.versions.find((v) => v.stages.includes('AWSCURRENT'))?.id;
    const accepts =
      secret?.databasePasswordVersion !== undefined && secret.databasePasswordVersion === current;
    return {
      label: `the database ${expectation.databaseAcceptsCurrent ? 'accepts' : 'refuses'} the password ${expectation.secret}'s AWSCURRENT holds`,
      passed: secret?.databasePasswordVersion !== undefined && accepts === expectation.databaseAcceptsCurrent,
      found: secret
        ? `the database uses ${secret.databasePasswordVersion ?? '(not modelled)'}'s password; AWSCURRENT is ${current ?? 'on no version'}`
        : 'no such secret',
    };
  }
  if ('secret' in expectation) {
    const secret = sandbox.secrets.get(expectation.secret);
    const opened = world.incidents.map((i) => i.openedAt).sort()[0];
    const current = secret?.versions.find((v) => v.stages.includes('AWSCURRENT'));
    const rotated = Boolean(opened && current && current.createdAt >= opened);
    return {
      label: `secret ${expectation.secret} is ${expectation.rotatedDuringDrill ? '' : 'not '}rotated during the drill`,
      passed: secret !== undefined && rotated === expectation.rotatedDuringDrill,
      found: secret
        ? `AWSCURRENT is ${current?.id ?? 'on no version'}, created ${current?.createdAt ?? '—'}`
        : 'no such secret',
    };
  }
  const opened = () =>
    [...world.incidents].sort((a, b) => a.openedAt.localeCompare(b.openedAt) || a.id.localeCompare(b.id));
  if ('signals' in expectation) {
    const found = opened().map((i) => i.signals);
    return {
      label: `the incidents count ${expectation.signals.join(', then ')} signal(s)`,
      passed: found.join() === expectation.signals.join(),
      found: found.join(', ') || 'no incident',
    };
  }
  const outcomes = () =>
    opened().map((i) => {
      const closed = world.timelines.get(i.id)?.findLast((e) => e.type === 'incident-closed');
      return String(closed?.data?.outcome ?? 'still open');
    });
  if ('outcomes' in expectation) {
    const found = outcomes();
    return {
      label: `the incidents end ${expectation.outcomes.join(', then ')}`,
      passed: found.join() === expectation.outcomes.join(),
      found: found.join(', ') || 'no incident',
    };
  }
  if ('outcome' in expectation) {
    const found = outcomes();
    return {
      label: `every incident ends ${expectation.outcome}`,
      passed: found.length > 0 && found.every((o) => o === expectation.outcome),
      found: found.join(', ') || 'no incident',
    };
  }
  if ('reviewIncludes' in expectation) {
    const lacking = world.incidents
      .filter((i) => {
        const path = world.reviews.get(i.id) ?? '';
        return !existsSync(path) || !readFileSync(path, 'utf8').includes(expectation.reviewIncludes);
      })
      .map((i) => i.id);
    return {
      label: `every review says “${expectation.reviewIncludes}”`,
      passed: world.incidents.length > 0 && lacking.length === 0,
      found: lacking.length ? `not in the review of ${lacking.join(', ')}` : 'in every review',
    };
  }
  if ('rolledBack' in expectation) {
    const rolled = [...world.timelines.values()]
      .flat()
      .filter((e) => e.type === 'step-rolled-back')
      .map((e) => e.step ?? '');
    return {
      label: `${expectation.rolledBack.join(' and ')} rolled back`,
      passed: expectation.rolledBack.every((s) => rolled.includes(s)),
      found: rolled.length ? `rolled back: ${rolled.join(', ')}` : 'nothing rolled back',
    };
  }
  if ('reported' in expectation) {
    const reasons = world.reported ?? [];
    return {
      label: `triage reports a signal, never contained, because it ${expectation.reported}`,
      passed: reasons.some((r) => r.includes(expectation.reported)),
      found: reasons.length ? reasons.join('; ') : 'no signal reported',
    };
  }
  if ('playbookRuns' in expectation) {
    return {
      label: plural(expectation.playbookRuns, 'playbook run'),
      passed: world.playbookRuns === expectation.playbookRuns,
      found: plural(world.playbookRuns, 'playbook run'),
    };
  }
  if ('approvalsRequested' in expectation) {
    const n = [...world.timelines.values()].flat().filter((e) => e.type === 'approval-requested').length;
    return {
      label: plural(expectation.approvalsRequested, 'approval request'),
      passed: n === expectation.approvalsRequested,
      found: plural(n, 'approval request'),
    };
  }
  if ('review' in expectation) {
    const missing = world.incidents
      .filter((i) => {
        const markdown = world.reviews.get(i.id) ?? '';
        return !existsSync(markdown) || !existsSync(markdown.replace(/\.md$/, '.html'));
      })
      .map((i) => i.id);
    return {
      label: 'a review (Markdown and HTML) is written for every incident',
      passed: world.incidents.length > 0 && missing.length === 0,
      found: missing.length ? `missing for ${missing.join(', ')}` : plural(world.reviews.size, 'review'),
    };
  }
  if ('readiness' in expectation) {
    const report = world.readiness;
    if (!report) throw new ConfigurationError('the drill runner assessed no readiness for this drill');
    const wanted = expectation.readiness;
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
  return {
    label: plural(expectation.deadLetters, 'dead-lettered event'),
    passed: world.deadLetters === expectation.deadLetters,
    found: plural(world.deadLetters, 'dead-lettered event'),
  };
}

/** Checks every expectation of a drill against its end state. */
export function checkExpectations(
  expectations: readonly Expectation[],
  world: DrillWorld,
): ExpectationResult[] {
  return expectations.map((e) => check(e, world));
}
