import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SandboxAccount } from '../adapters/sandbox/sandbox-account.js';
import type { ReadinessReport } from '../app/readiness/readiness.js';
import { reviewedTimeline } from '../app/review/reviewed-timeline.js';
import { detectionRules } from '../detections/rules.js';
import { RekeyError } from '../domain/errors.js';
import type { Incident } from '../domain/incident.js';
import type { TimelineEntry } from '../domain/timeline.js';
import type { Notice } from '../ports/notifier.js';
import { LatencyCharger } from '../runtime/latency-model.js';
import { LocalEventBus } from '../runtime/local-event-bus.js';
import type { LocalExecution } from '../runtime/local-workflow.js';
import { SimulatedClock } from '../runtime/simulated-clock.js';
import { checkNamedSteps } from './decision-steps.js';
import { drillAccounts } from './drill-accounts.js';
import type { DrillEvent } from './drill-events.js';
import { checkExpectations, type DrillWorld, type ExpectationResult } from './drill-expectations.js';
import type { Drill } from './drill-file.js';
import type { DrillRunOptions, SlackEndpoint } from './drill-options.js';
import { drillPlaybooks } from './drill-playbooks.js';
import { scheduleAttacker, scheduleDecisions, scheduleEvents, scheduleRestores } from './drill-script.js';
import { withOutages } from './function-outages.js';
import { localDeployment } from './local-deployment.js';

export {
  type DrillRunOptions,
  type InteractiveApprover,
  LOCAL_FUNCTION_IDS,
  type LocalFunctionId,
  type SlackEndpoint,
} from './drill-options.js';

/** What a drill run found. */
export interface DrillReport {
  drill: Drill;
  passed: boolean;
  results: ExpectationResult[];
  incidents: Incident[];
  reviews: Map<string, string>;
  timelines: Map<string, TimelineEntry[]>;
  /** The timelines' entries no allowed writer sealed (a review believes none of them). */
  unsealed: ReadonlySet<TimelineEntry>;
  sandbox: SandboxAccount;
  /** The drill's other accounts of the organisation, as they ended. */
  members: readonly SandboxAccount[];
  endedAt: Date;
  /** The playbook runs, with their Lambda invocations and state transitions. */
  executions: LocalExecution[];
  /** The committed playbooks the drill's own replaced (their runs say nothing of the committed machines). */
  replacedPlaybooks: string[];
  /** The Slack interactivity endpoint over the drill's end state (Restore clicks after the run). */
  slackEndpoint?: SlackEndpoint;
  /** With a latency model: every AWS call it charged, in order of completion. */
  charged?: LatencyCharger['calls'];
}

/** Where a drill leaves its simulated account's end state, inside its state folder. */
export const ACCOUNT_FILE = 'account.json';

/**
 * Runs a drill end to end on the local runtime: the drill's events through the local bus (same patterns), the
 * triage handler, the committed state machines on aws-local-stepfunctions with every Task bound to its
 * in-process handler, the sandbox as AWS, scripted (or interactive) responders, all on a simulated clock.
 */
export async function runDrill(drill: Drill, options: DrillRunOptions): Promise<DrillReport> {
  const emit = options.onEvent ?? (() => undefined);
  const playbooks = await drillPlaybooks(drill, options.root);
  await checkNamedSteps(drill, options.root, playbooks);
  await rm(options.stateDir, { recursive: true, force: true });
  await mkdir(options.stateDir, { recursive: true });

  const start = new Date(drill.start);
  const clock = new SimulatedClock(start);
  const latency = options.latency ? new LatencyCharger(options.latency, clock) : undefined;
  const accounts = await drillAccounts(drill, options, clock);
  const { sandbox, members, readiness, organisation } = accounts;
  const notices: Notice[] = [];
  const deployment = await localDeployment({
    drill,
    playbooks,
    options:
      drill.outages.length > 0
        ? { ...options, wrapFunction: withOutages(drill.outages, start, options.wrapFunction) }
        : options,
    sandbox,
    members,
    reach: accounts.reach,
    clock,
    latency,
    onNotice: (notice) => {
      notices.push(notice);
      emit({ kind: 'notice', at: clock.now(), notice });
    },
  });
  const { localWorkflow, slackEndpoint } = deployment;
  if (drill.keyInventory) await deployment.keyInventory();
  deployment.fileTimeline.onAppend((entry) => emit({ kind: 'timeline', at: clock.now(), entry }));
  const quietAfter = quietCounter();
  // What triage reported and never contained (a protected holder), with the reason.
  const reported: string[] = [];
  const ignored: string[] = [];
  const bus = new LocalEventBus(
    detectionRules({ secretReadAllowlist: drill.secretReadAllowlist }),
    async (event) => {
      const deliver = async () => {
        latency?.hop(latency.model.eventBridgeDelivery + latency.model.lambdaInvoke);
        const result = await triageOrKeep(deployment, event);
        if (result) tellTriage(result, event, { emit, clock, reported, ignored, quietAfter });
      };
      // Each delivery is a triage invocation of its own, beside any other in flight.
      await (latency ? latency.thread(deliver) : deliver());
    },
  );
  const where = { drill, options, clock, sandbox, members, organisation, ignored };
  const script = { ...where, deployment, bus, emit, quietAfter };
  scheduleDecisions(script);
  scheduleEvents(script);
  scheduleRestores(script);
  const attackerResults = scheduleAttacker(script);

  await clock.run();
  await localWorkflow.settled();

  const world = await endState({
    drill,
    options,
    sandbox,
    members,
    deployment,
    reported,
    ignored,
    readiness,
    notices,
  });
  const results = [...checkExpectations(drill.expect, world), ...attackerResults];
  return {
    drill,
    passed: results.every((r) => r.passed),
    results,
    incidents: world.incidents,
    reviews: world.reviews,
    timelines: world.timelines,
    unsealed: world.unsealed,
    sandbox,
    members,
    endedAt: clock.now(),
    executions: [...localWorkflow.executions.values()],
    replacedPlaybooks: Object.keys(playbooks),
    ...(slackEndpoint ? { slackEndpoint } : {}),
    ...(latency ? { charged: latency.calls } : {}),
  };
}

/**
 * Triage's answer, or undefined when an AWS service refused it: as deployed, EventBridge retries it, then dead-letters
 * the event. A defect of Rekey's own (any other error) fails the drill, never hidden among the dead letters.
 */
async function triageOrKeep(
  deployment: Awaited<ReturnType<typeof localDeployment>>,
  event: unknown,
): Promise<Awaited<ReturnType<typeof deployment.triage>> | undefined> {
  try {
    return await deployment.triage(event);
  } catch (error) {
    if (!(error instanceof RekeyError)) throw error;
    await deployment.fileDeadLetters.keep(event, `triage failed on every retry: ${String(error)}`);
    return undefined;
  }
}

/** Whether a line of a storm is still worth telling: a storm is told in its first lines and its counts. */
function quietCounter(): (key: string, limit?: number) => boolean {
  const told = new Map<string, number>();
  return (key, limit = 3) => {
    const n = (told.get(key) ?? 0) + 1;
    told.set(key, n);
    return n <= limit;
  };
}

/** Tells what triage did with a delivered event: a rejection, what it ignored or reported, a re-delivery. */
function tellTriage(
  result: Awaited<ReturnType<Awaited<ReturnType<typeof localDeployment>>['triage']>>,
  event: unknown,
  tell: {
    emit: (event: DrillEvent) => void;
    clock: SimulatedClock;
    reported: string[];
    ignored: string[];
    quietAfter: (key: string) => boolean;
  },
): void {
  const { emit, clock } = tell;
  if ('rejected' in result) {
    emit({ kind: 'rejected', at: clock.now(), reason: result.rejected });
    return;
  }
  if ('inventory' in result) return;
  const id = String((event as { id?: unknown }).id);
  for (const s of result.signals)
    if (s.outcome === 'ignored' || s.outcome === 'reported') {
      (s.outcome === 'reported' ? tell.reported : tell.ignored).push(s.reason);
      emit({ kind: 'ignored', at: clock.now(), subject: s.subject, reason: s.reason });
    } else if (s.outcome === 'duplicate' && tell.quietAfter(id))
      emit({
        kind: 'ignored',
        at: clock.now(),
        subject: s.subject,
        reason: `a re-delivery of event ${id}, recognised and not counted again`,
      });
}

/** What the drill's expectations are checked against, once the run has settled; the account's end state is saved. */
async function endState(run: {
  drill: Drill;
  options: DrillRunOptions;
  sandbox: SandboxAccount;
  members: SandboxAccount[];
  deployment: Awaited<ReturnType<typeof localDeployment>>;
  reported: string[];
  ignored: string[];
  readiness: ReadinessReport | undefined;
  notices: Notice[];
}): Promise<DrillWorld & { unsealed: ReadonlySet<TimelineEntry> }> {
  const { options, sandbox, deployment, readiness } = run;
  const timeline = deployment.timelineAs('operator');
  // The account's end state, so a later `rekey rollback` can restore it.
  await writeFile(join(options.stateDir, ACCOUNT_FILE), `${JSON.stringify(sandbox.toSeed(), null, 2)}\n`);
  const incidents = await deployment.registry.list();
  const reviewed = await Promise.all(incidents.map((i) => reviewedTimeline(timeline, i.id)));
  const timelines = new Map<string, TimelineEntry[]>(
    incidents.map((i, n) => [i.id, [...(reviewed[n]?.entries ?? [])]]),
  );
  const unsealed = new Set(reviewed.flatMap((r) => [...r.unsealed]));
  const reviews = new Map(
    incidents.map((i) => [i.id, join(options.stateDir, 'reviews', `${i.id}.md`)] as const),
  );
  return {
    sandbox,
    members: run.members,
    incidents,
    timelines,
    unsealed,
    reviews,
    deadLetters: deployment.fileDeadLetters.kept.length,
    playbookRuns: deployment.localWorkflow.executions.size,
    reported: run.reported,
    ignored: run.ignored,
    notices: run.notices,
    ...(readiness ? { readiness } : {}),
  };
}
