import { z } from 'zod';
import type { ActionContext, PartiallyApplied } from '../actions/action.js';
import { ACTIONS } from '../actions/catalogue.js';
import { ACTION_NAMES, type StepOutcome, StepOutcomeSchema } from '../domain/actions.js';
import type { Clock } from '../domain/clock.js';
import { InvalidInputError } from '../domain/errors.js';
import type { ProtectionSettings } from '../domain/protection.js';
import type { TimelineEntry } from '../domain/timeline.js';
import type { AuditTrailProvider } from '../ports/audit-trail.js';
import type { Identity, IdentityProvider } from '../ports/identity.js';
import type { IdentityCenter } from '../ports/identity-center.js';
import type { NetworkProvider } from '../ports/network.js';
import type { Organizations } from '../ports/organizations.js';
import type { Permissions } from '../ports/permissions.js';
import type { RootAccess } from '../ports/root-access.js';
import type { RotationLogsProvider } from '../ports/rotation-logs.js';
import type { SecretsProvider } from '../ports/secrets.js';
import type { TimelineStore } from '../ports/timeline-store.js';
import { believedEntries } from './believed-entries.js';
import { SIGNAL_TYPES, signalsOf } from './incident-signals.js';
import { readingPrincipalsOnce } from './principal-reads.js';

/** The entries the journal of steps is read from. */
const JOURNAL_TYPES = ['step-started', 'step-succeeded', 'step-rolled-back'] as const;

/** One playbook step to run: a catalogued action with its parameters. */
export const StepRequestSchema = z.object({
  step: z.string().min(1),
  action: z.enum(ACTION_NAMES),
  parameters: z.record(z.string(), z.unknown()),
});

/** One playbook step to run. */
export type StepRequest = z.infer<typeof StepRequestSchema>;

/** Whether steps change the account or only plan and check (`simulate`). */
export type RunMode = 'apply' | 'simulate';

/** What running steps needs; `simulate` plans and checks permissions and changes nothing (live drills). */
export interface RunStepsDeps {
  identityFor: IdentityProvider;
  timeline: TimelineStore;
  clock: Clock;
  actor: string;
  protection: ProtectionSettings;
  /** May be still deciding (the drill check's read): it is settled alongside the journal's read. */
  mode?: RunMode | Promise<RunMode>;
  permissions?: Permissions;
  /** Secrets Manager by account and region, where the deployment gives Rekey one. */
  secretsFor?: SecretsProvider;
  /** What rotation functions logged (CloudWatch Logs), by account and region. */
  rotationLogsFor?: RotationLogsProvider;
  /** EC2 facts by account and region. */
  networkFor?: NetworkProvider;
  /** CloudTrail history by account and region. */
  auditTrailFor?: AuditTrailProvider;
  /** IAM Identity Center, where the deployment reaches it. */
  identityCenter?: IdentityCenter;
  /** AWS Organizations through the management-account role, where configured. */
  organizations?: Organizations;
  /** Centralised root access (sts:AssumeRoot) through the management-account role, where configured. */
  rootAccess?: RootAccess;
  /** How to wait during bounded polling; a drill advances its simulated clock instead. */
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function lastEntry(
  entries: TimelineEntry[],
  step: string,
  type: TimelineEntry['type'],
): TimelineEntry | undefined {
  return entries.findLast((e) => e.step === step && e.type === type);
}

async function simulate(
  incidentId: string,
  request: StepRequest,
  parameters: Record<string, unknown>,
  context: ActionContext,
  deps: RunStepsDeps,
): Promise<StepOutcome> {
  const action = ACTIONS[request.action];
  const plan = action.plan(parameters, context);
  const calls = await action.calls(parameters, plan, context);
  const verdicts = deps.permissions
    ? await deps.permissions.check(calls)
    : calls.map((c) => ({ ...c, allowed: false, reason: 'no way to check' }));
  const denied = verdicts.filter((v) => !v.allowed);
  const outcome: StepOutcome = {
    step: request.step,
    action: request.action,
    status: 'simulated',
    at: deps.clock.now().toISOString(),
    summary: `${action.descriptor.title}: would make ${calls.map((c) => c.operation).join(', ') || 'no call'}${
      denied.length
        ? `; Rekey may not: ${denied.map((d) => `${d.operation} (${d.reason})`).join(', ')}`
        : '; Rekey may make every call'
    }`,
    // What the step would report, as far as its plan says (a later step may read it: the revoke's cut-off).
    facts: {
      ...plan,
      ...(typeof plan.issuedBefore === 'string' ? { tokenIssuedBefore: plan.issuedBefore } : {}),
      plan,
      calls: verdicts,
    },
  };
  await deps.timeline.append(incidentId, {
    type: 'step-simulated',
    at: outcome.at,
    actor: deps.actor,
    step: request.step,
    summary: outcome.summary,
    data: { outcome },
  });
  return outcome;
}

/**
 * Runs consecutive steps in order within one invocation, journaling each in the timeline: a step already
 * succeeded is not run again, and a retried step reuses the plan journaled when it first started.
 * The first failure is recorded and re-thrown with its name, for the state machine's Retry/Catch.
 * In simulate mode nothing is changed: each step's calls are planned and Rekey's permission for each is checked.
 */
export async function runSteps(
  incidentId: string,
  requests: StepRequest[],
  deps: RunStepsDeps,
): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  // The journal is what the action function itself sealed: a forged "already done" or plan is never believed.
  const [believed, mode = 'apply'] = await Promise.all([
    believedEntries(deps.timeline, incidentId, [...JOURNAL_TYPES, ...SIGNAL_TYPES]),
    deps.mode,
  ]);
  const history = believed.filter((e) => (JOURNAL_TYPES as readonly string[]).includes(e.type));
  const signals = signalsOf(believed);
  const identities = new Map<string, Identity>();
  const identityOf = (accountId: string): Identity => {
    let identity = identities.get(accountId);
    if (!identity) {
      identity = readingPrincipalsOnce(deps.identityFor(accountId));
      identities.set(accountId, identity);
    }
    return identity;
  };
  const restoredSteps = history.flatMap((e) => (e.type === 'step-rolled-back' && e.step ? [e.step] : []));
  const prepare = (request: StepRequest) => {
    const action = ACTIONS[request.action];
    const parsed = action.descriptor.parameters.safeParse(request.parameters);
    if (!parsed.success) return { ok: false as const, action, issues: parsed.error.issues };
    const parameters = parsed.data as Record<string, unknown>;
    const accountId = String(parameters.accountId);
    const region = String(parameters.region ?? '');
    const secrets = deps.secretsFor?.(accountId, region);
    const rotationLogs = deps.rotationLogsFor?.(accountId, region);
    const network = deps.networkFor?.(accountId, region);
    const context: ActionContext = {
      incidentId,
      step: request.step,
      identity: identityOf(accountId),
      identityOf,
      ...(secrets ? { secrets } : {}),
      ...(deps.secretsFor
        ? { secretsIn: (r: string) => (deps.secretsFor as SecretsProvider)(accountId, r) }
        : {}),
      signals,
      ...(rotationLogs ? { rotationLogs } : {}),
      ...(network ? { network } : {}),
      ...(deps.networkFor
        ? { networkIn: (r: string) => (deps.networkFor as NetworkProvider)(accountId, r) }
        : {}),
      ...(deps.auditTrailFor
        ? {
            auditTrail: (r: string) => (deps.auditTrailFor as AuditTrailProvider)(accountId, r),
            auditTrailOf: deps.auditTrailFor,
          }
        : {}),
      ...(deps.identityCenter ? { identityCenter: deps.identityCenter } : {}),
      ...(deps.organizations ? { organizations: deps.organizations } : {}),
      ...(deps.rootAccess ? { rootAccess: deps.rootAccess } : {}),
      clock: deps.clock,
      sleep: deps.sleep ?? realSleep,
      protection: deps.protection,
      restoredSteps,
    };
    return { ok: true as const, action, parameters, accountId, context };
  };
  // Steps whose observation no earlier step changes observe all at once, before the first change: the group's
  // reads cost one round trip, not one per step. A step that cannot be prepared yet (an account out of reach) is
  // left to fail in its turn, after the steps before it.
  const early = requests.map((request): Promise<Record<string, unknown> | undefined> | undefined => {
    let step: ReturnType<typeof prepare> | undefined;
    try {
      step = prepare(request);
    } catch {
      return undefined;
    }
    if (!step.ok || !step.action.observe || !step.action.independentObservation) return undefined;
    if (
      lastEntry(history, request.step, 'step-succeeded') ||
      lastEntry(history, request.step, 'step-started')
    )
      return undefined;
    if (mode === 'simulate' && step.action.descriptor.mutating) return undefined;
    const observation = step.action.observe(
      step.parameters,
      step.action.plan(step.parameters, step.context),
      step.context,
    );
    observation.catch(() => undefined);
    return observation;
  });
  // Every step already done: the state machine ran the group again because the earlier run's answer was lost (the
  // function timed out after its work, or Lambda failed to answer); a failed step would have been left undone.
  const first = requests[0];
  if (first && requests.every((r) => lastEntry(history, r.step, 'step-succeeded')))
    await deps.timeline.append(incidentId, {
      type: 'step-repeated',
      at: deps.clock.now().toISOString(),
      actor: deps.actor,
      step: first.step,
      summary: `run again for ${requests.map((r) => r.step).join(', ')}, already done: an earlier run's answer was lost (a Lambda timeout); the journal kept it from changing anything twice`,
      data: { steps: requests.map((r) => r.step) },
    });
  for (const [i, request] of requests.entries()) {
    const done = lastEntry(history, request.step, 'step-succeeded');
    if (done) {
      outcomes.push(StepOutcomeSchema.parse(done.data?.outcome));
      continue;
    }
    const step = prepare(request);
    if (!step.ok) {
      throw new InvalidInputError(
        `step ${request.step}: ${step.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`,
      );
    }
    const { action, parameters, accountId, context } = step;
    // Simulating changes nothing; the looking steps (an investigation, a verification) only read, so they run.
    if (mode === 'simulate' && action.descriptor.mutating) {
      outcomes.push(await simulate(incidentId, request, parameters, context, deps));
      continue;
    }
    const journaled = lastEntry(history, request.step, 'step-started')?.data?.plan as
      | Record<string, unknown>
      | undefined;
    let plan = journaled;
    let observedJustNow = false;
    if (!plan) {
      plan = action.plan(parameters, context);
      // Nothing has changed yet: a failure to observe fails this attempt, and a retry observes afresh.
      let before: Record<string, unknown> | undefined;
      try {
        before = await (early[i] ?? action.observe?.(parameters, plan, context));
      } catch (error) {
        const name = error instanceof Error ? error.name : 'Error';
        const message = error instanceof Error ? error.message : String(error);
        await deps.timeline.append(incidentId, {
          type: 'step-failed',
          at: deps.clock.now().toISOString(),
          actor: deps.actor,
          step: request.step,
          summary: `${action.descriptor.title} failed before changing anything: ${name}: ${message}`,
          data: { error: name, message },
        });
        throw error;
      }
      if (before) plan = { ...plan, before };
      observedJustNow = before !== undefined;
    }
    await deps.timeline.append(incidentId, {
      type: 'step-started',
      at: deps.clock.now().toISOString(),
      actor: deps.actor,
      step: request.step,
      summary: `${action.descriptor.title}${journaled ? ' (retry, journaled plan reused)' : ''}`,
      data: { action: request.action, parameters, plan },
    });
    try {
      const result = await action.apply(parameters, plan, { ...context, observedJustNow });
      const outcome: StepOutcome = {
        step: request.step,
        action: request.action,
        at: deps.clock.now().toISOString(),
        ...result,
      };
      await deps.timeline.append(incidentId, {
        type: 'step-succeeded',
        at: outcome.at,
        actor: deps.actor,
        step: request.step,
        summary: outcome.summary,
        data: { outcome, accountId, ...(parameters.region ? { region: String(parameters.region) } : {}) },
      });
      outcomes.push(outcome);
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      const message = error instanceof Error ? error.message : String(error);
      const { partialUndo, touched } = error as Partial<PartiallyApplied>;
      await deps.timeline.append(incidentId, {
        type: 'step-failed',
        at: deps.clock.now().toISOString(),
        actor: deps.actor,
        step: request.step,
        summary: `${action.descriptor.title} failed: ${name}: ${message}${partialUndo ? ' (after changing something: rollback undoes it)' : ''}`,
        data: {
          error: name,
          message,
          // What the step changed before it failed, so that a rollback still undoes it.
          ...(partialUndo
            ? {
                undo: partialUndo,
                ...(touched?.length ? { touched } : {}),
                accountId,
                ...(parameters.region ? { region: String(parameters.region) } : {}),
              }
            : {}),
        },
      });
      throw error;
    }
  }
  return outcomes;
}
