import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CallbackNotifier } from '../adapters/local/callback-notifier.js';
import { FanOutNotifier } from '../adapters/local/fan-out-notifier.js';
import { FileDeadLetters } from '../adapters/local/file-dead-letters.js';
import { FileIncidentRegistry } from '../adapters/local/file-incident-registry.js';
import { FileReviewStore } from '../adapters/local/file-review-store.js';
import { FileTimelineAnchor } from '../adapters/local/file-timeline-anchor.js';
import { FileTimelineStore } from '../adapters/local/file-timeline-store.js';
import { LocalTimelineKeys } from '../adapters/local/local-timeline-keys.js';
import { MemoryApprovalStore } from '../adapters/local/memory-approval-store.js';
import { MemoryReplayGuard } from '../adapters/local/memory-replay-guard.js';
import { MemorySlackThreads } from '../adapters/local/memory-slack-threads.js';
import { simulateCall } from '../adapters/sandbox/request-simulator.js';
import { SandboxAccount } from '../adapters/sandbox/sandbox-account.js';
import { SandboxReadiness } from '../adapters/sandbox/sandbox-readiness.js';
import { recordCrossAccountIssuance } from '../adapters/sandbox/session-issuance.js';
import { slackClient } from '../adapters/slack/client.js';
import { SlackNotifier } from '../adapters/slack/slack-notifier.js';
import { decideApproval } from '../app/approvals.js';
import { assessReadiness } from '../app/readiness.js';
import { requestRestore } from '../app/restore.js';
import { detectionRules } from '../detections/rules.js';
import { seededIds } from '../domain/ids.js';
import type { Incident } from '../domain/incident.js';
import { ownRolePatterns } from '../domain/protection.js';
import type { TimelineEntry, TimelineWriter } from '../domain/timeline.js';
import { createActionHandler } from '../handlers/action.js';
import { createApprovalHandler } from '../handlers/approval.js';
import { createNotifyHandler } from '../handlers/notify.js';
import { createReviewHandler } from '../handlers/review.js';
import {
  createSlackInteractionsHandler,
  type HttpRequest,
  type HttpResponse,
} from '../handlers/slack-interactions.js';
import { createTriageHandler } from '../handlers/triage.js';
import type { ApprovalRecord } from '../ports/approvals.js';
import { silentLog } from '../ports/log.js';
import { loadDefinition, playbookNames } from './asl.js';
import { recordInHistory } from './drill-cloudtrail.js';
import type { DrillEvent } from './drill-events.js';
import { checkExpectations, type ExpectationResult } from './drill-expectations.js';
import type { Drill } from './drill-file.js';
import { formatOffset } from './duration.js';
import { LatencyCharger, type LatencyModel, type Service } from './latency-model.js';
import { LocalEventBus } from './local-event-bus.js';
import { type LocalExecution, type LocalFunction, LocalWorkflow } from './local-workflow.js';
import { memberRole } from './member-role.js';
import { chargedPorts, sandboxPorts } from './sandbox-ports.js';
import { SimulatedClock } from './simulated-clock.js';

/** Asks a person for a decision on an approval (the terminal, with --interactive); undefined lets it time out. */
export type InteractiveApprover = (
  record: ApprovalRecord,
) => Promise<{ slackUserId: string; decision: 'approve' | 'deny' } | undefined>;

/** How to run a drill. */
export interface DrillRunOptions {
  /** The package root (where statemachines/ is). */
  root: string;
  /** Where the run's timelines, registry, reviews and dead letters go; emptied first. */
  stateDir: string;
  onEvent?: (event: DrillEvent) => void;
  interactive?: InteractiveApprover;
  /** Also post to a real Slack channel (`SLACK_BOT_TOKEN`); approvals still come from the script or terminal. */
  slack?: { token: string; channel: string; apiUrl?: string };
  /** The signing secret of the drill's Slack interactivity endpoint (`report.slackEndpoint`), for clicks. */
  slackSigningSecret?: string;
  /** Called with each approval request and the drill's Slack endpoint (a test clicks through it). */
  onApprovalRequest?: (record: ApprovalRecord, slackEndpoint: SlackEndpoint | undefined) => void;
  /** Charge every hop (delivery, invocation, transition, AWS call) on the drill clock: the time-to-contain bench. */
  latency?: LatencyModel;
  /** Wraps a function as the runtime invokes it (a fault: a timeout, an error), on the drill's clock. */
  wrapFunction?: (logicalId: LocalFunctionId, fn: LocalFunction, clock: SimulatedClock) => LocalFunction;
}

/** The drill's Slack interactivity endpoint: the same handler the deployment runs behind its HTTP API. */
export type SlackEndpoint = (request: HttpRequest) => Promise<HttpResponse>;

/** What a drill run found. */
export interface DrillReport {
  drill: Drill;
  passed: boolean;
  results: ExpectationResult[];
  incidents: Incident[];
  reviews: Map<string, string>;
  timelines: Map<string, TimelineEntry[]>;
  sandbox: SandboxAccount;
  endedAt: Date;
  /** The playbook runs, with their Lambda invocations and state transitions. */
  executions: LocalExecution[];
  /** The Slack interactivity endpoint over the drill's end state (Restore clicks after the run). */
  slackEndpoint?: SlackEndpoint;
  /** With a latency model: every AWS call it charged, in order of completion. */
  charged?: LatencyCharger['calls'];
}

/**
 * A drill event and its storm: re-deliveries repeat the envelope as is (EventBridge delivers at least once);
 * re-publications carry a new envelope id and time around the same finding (GuardDuty re-publishes an update).
 */
function withRepeats(entry: Drill['events'][number]): Array<Omit<Drill['events'][number], 'repeat'>> {
  const { repeat, ...first } = entry;
  if (!repeat) return [first];
  const republished = (n: number) => ({ ...entry.event, id: `${String(entry.event.id)}-p${n}` });
  return [
    repeat.as === 're-delivery' ? first : { ...first, event: republished(0) },
    ...Array.from({ length: repeat.times }, (_, i) => ({
      at: entry.at + (i + 1) * repeat.every,
      lost: entry.lost,
      ...(entry.note ? { note: `${entry.note} (${repeat.as} ${i + 1})` } : {}),
      event: repeat.as === 're-delivery' ? entry.event : republished(i + 1),
    })),
  ];
}

/** The Lambda functions the local runtime binds the state machines' Tasks to (by their Serverless logical ids). */
export const LOCAL_FUNCTION_IDS = [
  'ActionLambdaFunction',
  'ApprovalLambdaFunction',
  'NotifyLambdaFunction',
  'ReviewLambdaFunction',
  'TriageLambdaFunction',
] as const;

/** The logical id of a function the local runtime binds. */
export type LocalFunctionId = (typeof LOCAL_FUNCTION_IDS)[number];

/** Where a drill leaves its simulated account's end state, inside its state folder. */
export const ACCOUNT_FILE = 'account.json';

/**
 * Runs a drill end to end on the local runtime: the drill's events through the local bus (same patterns), the
 * triage handler, the committed state machines on aws-local-stepfunctions with every Task bound to its
 * in-process handler, the sandbox as AWS, scripted (or interactive) responders, all on a simulated clock.
 */
export async function runDrill(drill: Drill, options: DrillRunOptions): Promise<DrillReport> {
  const emit = options.onEvent ?? (() => undefined);
  await rm(options.stateDir, { recursive: true, force: true });
  await mkdir(options.stateDir, { recursive: true });

  const start = new Date(drill.start);
  const clock = new SimulatedClock(start);
  const latency = options.latency ? new LatencyCharger(options.latency, clock) : undefined;
  // Without a latency model every call is instant: the drill clock moves only with the script.
  const charge = <T extends object>(service: Service, port: T): T =>
    latency ? latency.charge(service, port) : port;
  // Rekey acts as its member role, with the permissions the member template grants it, in every account.
  const actingIn = (account: { id: string; region?: string | undefined }) =>
    memberRole(options.root, account.id, account.region ?? 'us-east-1');
  const sandbox = new SandboxAccount(drill.account, clock, await actingIn(drill.account));
  const members = await Promise.all(
    drill.memberAccounts.map(async (account) => new SandboxAccount(account, clock, await actingIn(account))),
  );
  recordCrossAccountIssuance([sandbox, ...members]);
  // Readiness is judged on the account as the drill starts, before any playbook changes it; only when asked.
  const readiness = drill.expect.some((e) => 'readiness' in e)
    ? assessReadiness(
        await new SandboxReadiness(sandbox, {
          slack: { configured: options.slack !== undefined },
          responders: drill.responders.length,
        }).gather(),
        { protectedPrincipals: drill.protectedPrincipals },
      )
    : undefined;
  // Each entry sealed with the writer's key and each head anchored, priced as the KMS and S3 calls they are deployed.
  const keys = await LocalTimelineKeys.inFile(join(options.stateDir, 'timeline-keys'));
  const fileTimeline = new FileTimelineStore(join(options.stateDir, 'timelines'), {
    keys: { sealAs: (writer) => charge('kms', keys.sealAs(writer)) },
    anchor: charge('s3', new FileTimelineAnchor(join(options.stateDir, 'anchors'))),
  });
  // Each function writes as itself, sealed with its own (local) key, as deployed.
  const timelineAs = (writer: TimelineWriter) => charge('dynamodb', fileTimeline.as(writer));
  const timeline = timelineAs('operator');
  const registry = charge('dynamodb', new FileIncidentRegistry(options.stateDir));
  const reviewStore = charge('s3', new FileReviewStore(join(options.stateDir, 'reviews')));
  const fileDeadLetters = new FileDeadLetters(join(options.stateDir, 'dead-letters'));
  const deadLetters = charge('sqs', fileDeadLetters);
  const approvals = charge('dynamodb', new MemoryApprovalStore());
  const terminal = new CallbackNotifier('terminal', (notice) =>
    emit({ kind: 'notice', at: clock.now(), notice }),
  );
  const notifier = options.slack
    ? new FanOutNotifier([
        terminal,
        new SlackNotifier({
          client: slackClient(options.slack.token, { apiUrl: options.slack.apiUrl }),
          channel: options.slack.channel,
          threads: new MemorySlackThreads(),
        }),
      ])
    : terminal;
  fileTimeline.onAppend((entry) => emit({ kind: 'timeline', at: clock.now(), entry }));

  const ports = chargedPorts(sandboxPorts(sandbox, members), charge);
  const { identityFor } = ports;
  const definitions = Object.fromEntries(
    await Promise.all(
      (await playbookNames(options.root)).map(
        async (p) => [p, await loadDefinition(options.root, p)] as const,
      ),
    ),
  );
  const action = createActionHandler({
    ...ports,
    // A Lambda's polling takes time: the simulated clock moves on, firing nothing meanwhile.
    sleep: async (ms) => clock.elapse(ms),
    timeline: timelineAs('action'),
    clock,
    actor: 'rekey:action',
    approvals,
    responders: drill.responders,
    log: silentLog,
    protection: { protectedPrincipals: drill.protectedPrincipals, ownRoles: ownRolePatterns() },
    // The drill's account is the sandbox: its steps are applied to it, never to AWS.
    drills: 'sandbox',
  });
  const bare: Record<LocalFunctionId, LocalFunction> = {
    ActionLambdaFunction: action,
    ApprovalLambdaFunction: createApprovalHandler({
      approvals,
      notifier,
      timeline: timelineAs('approval'),
      clock,
    }),
    NotifyLambdaFunction: createNotifyHandler({ notifier, timeline: timelineAs('notify'), clock }),
    ReviewLambdaFunction: createReviewHandler({
      registry,
      timeline: timelineAs('review'),
      reviews: reviewStore,
      clock,
      notifier,
    }),
    // A breached containment re-raises its incident through triage (bound below: triage needs the workflow).
    TriageLambdaFunction: (event: unknown) => triage(event),
  };
  const { wrapFunction } = options;
  const functions = wrapFunction
    ? (Object.fromEntries(LOCAL_FUNCTION_IDS.map((id) => [id, wrapFunction(id, bare[id], clock)])) as Record<
        LocalFunctionId,
        LocalFunction
      >)
    : bare;
  const localWorkflow = new LocalWorkflow({
    definitions,
    functions,
    clock,
    log: silentLog,
    ...(latency ? { latency } : {}),
  });
  const workflow = charge('states', localWorkflow);
  const triage = createTriageHandler({
    identityFor,
    registry,
    timeline: timelineAs('triage'),
    workflow,
    clock,
    ids: seededIds(drill.name),
    protectedPrincipals: drill.protectedPrincipals,
    // As deployed (REKEY_OWN_ROLES): Rekey's roles in every account are its own.
    ownRoles: ownRolePatterns(),
    administratorAccounts: drill.administratorAccounts,
    settings: { secretReadAllowlist: drill.secretReadAllowlist },
    drill: true,
    deadLetters,
    log: silentLog,
    // As deployed: an asynchronous invoke of the notify function, which nothing waits for.
    announcer: charge('lambda', {
      announce: async (incident: Incident) => {
        void clock
          .track(functions.NotifyLambdaFunction({ incident, kind: 'incident-opened' }))
          .catch(() => undefined);
      },
    }),
  });
  // A storm is told in its first lines and its counts, not in thousands of identical ones.
  const told = new Map<string, number>();
  // What triage reported and never contained (a protected holder), with the reason.
  const reported: string[] = [];
  const quietAfter = (key: string, limit = 3) => {
    const n = (told.get(key) ?? 0) + 1;
    told.set(key, n);
    return n <= limit;
  };
  const bus = new LocalEventBus(
    detectionRules({ secretReadAllowlist: drill.secretReadAllowlist }),
    async (event) => {
      latency?.hop(latency.model.eventBridgeDelivery + latency.model.lambdaInvoke);
      const result = await triage(event);
      if ('rejected' in result) emit({ kind: 'rejected', at: clock.now(), reason: result.rejected });
      else
        for (const s of result.signals)
          if (s.outcome === 'ignored' || s.outcome === 'reported') {
            if (s.outcome === 'reported') reported.push(s.reason);
            emit({ kind: 'ignored', at: clock.now(), subject: s.subject, reason: s.reason });
          } else if (s.outcome === 'duplicate' && quietAfter(String((event as { id?: unknown }).id)))
            emit({
              kind: 'ignored',
              at: clock.now(),
              subject: s.subject,
              reason: `a re-delivery of event ${String((event as { id?: unknown }).id)}, recognised and not counted again`,
            });
    },
  );
  const approvalDeps = {
    approvals,
    notifier,
    timeline: timelineAs('slack'),
    workflow,
    clock,
    responders: drill.responders,
  };
  // As deployed: the endpoint queues the restore; the action function checks the approval itself.
  const restorer = {
    restore: async (incidentId: string, step: string) => {
      await action({ op: 'rollback', incidentId, step });
    },
  };
  const slackEndpoint = options.slackSigningSecret
    ? createSlackInteractionsHandler({
        ...approvalDeps,
        responders: { responders: drill.responders },
        signingSecret: options.slackSigningSecret,
        replays: new MemoryReplayGuard(clock),
        registry,
        restorer,
        log: silentLog,
      })
    : undefined;

  approvals.onRequest((record) => {
    options.onApprovalRequest?.(record, slackEndpoint);
    if (options.interactive) {
      const ask = options.interactive;
      void clock.track(
        ask(record).then((answer) =>
          answer
            ? decideApproval({ incidentId: record.incidentId, step: record.step, ...answer }, approvalDeps)
            : undefined,
        ),
      );
      return;
    }
    for (const d of drill.decisions.filter((x) => x.step === record.step)) {
      clock.schedule(new Date(Date.parse(record.requestedAt) + d.after), () => {
        const decision = {
          incidentId: record.incidentId,
          step: record.step,
          slackUserId: d.responder,
          decision: d.decision,
        };
        void clock.track(decideApproval(decision, approvalDeps));
      });
    }
  });

  for (const { at, event, note, lost } of drill.events.flatMap(withRepeats)) {
    clock.schedule(new Date(start.getTime() + at), () => {
      recordInHistory(event, [sandbox, ...members]);
      if (lost) {
        emit({
          kind: 'ignored',
          at: clock.now(),
          subject: String(event.id),
          reason: `${note ?? 'the event'}: recorded by CloudTrail, never delivered by EventBridge (best-effort delivery)`,
        });
        return;
      }
      const delivery = bus.route(event);
      if (
        quietAfter(
          `delivered:${note ?? String(event.id)}`.replace(/ \((re-delivery|re-publication) \d+\)$/, ''),
        )
      )
        emit({
          kind: 'delivered',
          at: clock.now(),
          eventId: delivery.eventId,
          source: `${String(event.source)} ${String(event['detail-type'])}`,
          matchedRules: delivery.matchedRules,
          ...(note ? { note } : {}),
        });
      void clock.track(bus.put(event));
    });
  }
  // Restore clicks, as the Slack endpoint takes them: two different responders have the step rolled back.
  for (const restore of drill.restores) {
    clock.schedule(new Date(start.getTime() + restore.at), () => {
      void clock.track(
        (async () => {
          const [first] = await registry.list();
          if (!first) return;
          await requestRestore(
            { incidentId: first.id, step: restore.step, slackUserId: restore.responder },
            {
              ...approvalDeps,
              registry,
              restorer,
            },
          );
        })(),
      );
    });
  }
  const attackerResults: ExpectationResult[] = [];
  for (const call of drill.attacker) {
    clock.schedule(new Date(start.getTime() + call.at), () => {
      // The call is answered by the account that issued the credential (the drill's own when none did).
      const held = (a: SandboxAccount) =>
        a.findAccessKey(call.accessKeyId) ?? a.findSession(call.accessKeyId);
      const account = members.find(held) ?? sandbox;
      const verdict = simulateCall(account, call, clock.now());
      // As CloudTrail would: the call, refused or not, joins the account's history that verification reads.
      account.recordCall(call, verdict.code, verdict.principalArn, clock.now());
      const { accessKeyId, action, expect } = call;
      const asExpected = verdict.outcome === expect;
      emit({ kind: 'attacker', at: clock.now(), accessKeyId, action, verdict, expected: expect, asExpected });
      attackerResults.push({
        label: `the attacker's ${action} with ${accessKeyId} at ${formatOffset(call.at)} is ${expect}`,
        passed: asExpected,
        found: `${verdict.outcome}: ${verdict.reason}`,
      });
    });
  }

  await clock.run();
  await localWorkflow.settled();

  // The account's end state, so a later `rekey rollback` can restore it.
  await writeFile(join(options.stateDir, ACCOUNT_FILE), `${JSON.stringify(sandbox.toSeed(), null, 2)}\n`);
  const incidents = await registry.list();
  const timelines = new Map(
    await Promise.all(incidents.map(async (i) => [i.id, await timeline.list(i.id)] as const)),
  );
  const reviews = new Map(
    incidents.map((i) => [i.id, join(options.stateDir, 'reviews', `${i.id}.md`)] as const),
  );
  const results = [
    ...checkExpectations(drill.expect, {
      sandbox,
      members,
      incidents,
      timelines,
      reviews,
      deadLetters: fileDeadLetters.kept.length,
      playbookRuns: localWorkflow.executions.size,
      reported,
      ...(readiness ? { readiness } : {}),
    }),
    ...attackerResults,
  ];
  return {
    drill,
    passed: results.every((r) => r.passed),
    results,
    incidents,
    reviews,
    timelines,
    sandbox,
    endedAt: clock.now(),
    executions: [...localWorkflow.executions.values()],
    ...(slackEndpoint ? { slackEndpoint } : {}),
    ...(latency ? { charged: latency.calls } : {}),
  };
}
