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
import { MemoryKeyOwners } from '../adapters/local/memory-key-owners.js';
import { MemoryReplayGuard } from '../adapters/local/memory-replay-guard.js';
import { MemorySlackThreads } from '../adapters/local/memory-slack-threads.js';
import type { SandboxAccount } from '../adapters/sandbox/sandbox-account.js';
import type { RekeyCaller } from '../adapters/sandbox/sandbox-model.js';
import { slackClient } from '../adapters/slack/client.js';
import { SlackNotifier } from '../adapters/slack/slack-notifier.js';
import { takeKeyInventory } from '../app/key-inventory.js';
import { seededIds } from '../domain/ids.js';
import type { Incident } from '../domain/incident.js';
import { ownRolePatterns } from '../domain/protection.js';
import type { TimelineWriter } from '../domain/timeline.js';
import { createActionHandler } from '../handlers/action.js';
import { createApprovalHandler } from '../handlers/approval.js';
import { createNotifyHandler } from '../handlers/notify.js';
import { createReviewHandler } from '../handlers/review.js';
import { createSlackInteractionsHandler } from '../handlers/slack-interactions.js';
import { createTriageHandler } from '../handlers/triage.js';
import type { KeyOwnerIndex } from '../ports/key-owners.js';
import { silentLog } from '../ports/log.js';
import type { Notice } from '../ports/notifier.js';
import type { Workflow } from '../ports/workflow.js';
import { type AslDefinition, loadDefinitions } from '../runtime/asl.js';
import { invokeAsynchronously } from '../runtime/async-invocation.js';
import type { LatencyCharger, Service } from '../runtime/latency-model.js';
import { type LocalFunction, LocalWorkflow } from '../runtime/local-workflow.js';
import { localStateMachineArn } from '../runtime/run-status-event.js';
import { chargedPorts, sandboxPorts, type Unreachable } from '../runtime/sandbox-ports.js';
import type { SimulatedClock } from '../runtime/simulated-clock.js';
import type { Drill } from './drill-file.js';
import { type DrillRunOptions, LOCAL_FUNCTION_IDS, type LocalFunctionId } from './drill-options.js';

/** What the local deployment of a drill needs: its accounts, clock, latency and where to keep its state. */
export interface DeploymentContext {
  drill: Drill;
  options: DrillRunOptions;
  sandbox: SandboxAccount;
  members: SandboxAccount[];
  /**
   * Why the action function (member role) or triage (reader role) cannot reach an account, and why Identity Center
   * cannot be called in one; by default they can.
   */
  reach?: { member: Unreachable; reader: Unreachable; identityCenter?: Unreachable };
  clock: SimulatedClock;
  latency: LatencyCharger | undefined;
  onNotice: (notice: Notice) => void;
  /** The drill's own playbooks, compiled, replacing the committed ones of their names. */
  playbooks?: Record<string, AslDefinition>;
}

/**
 * The deployment, on this machine: the stores as files (each writer sealing with its own key), the notifier, every
 * Lambda handler over the sandbox's ports, the committed state machines on the local runner, and the Slack endpoint.
 */
export async function localDeployment(context: DeploymentContext) {
  const { drill, options, clock, latency } = context;
  const charge = chargerOf(latency);
  const stores = await localStores(options.stateDir, charge, latency);
  const notifier = drillNotifier(options, context.onNotice);
  const portsThrough = (unreachable?: Unreachable, caller: RekeyCaller = 'member') =>
    chargedPorts(
      sandboxPorts(context.sandbox, context.members, unreachable, caller, context.reach?.identityCenter),
      charge,
    );
  // As deployed: the action function acts through the member role, triage reads through the reader role.
  const ports = portsThrough(context.reach?.member);
  const definitions = { ...(await loadDefinitions(options.root)), ...context.playbooks };
  const { approvals, registry, timelineAs } = stores;
  const action = actionFunction(context, ports, stores);
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
      reviews: stores.reviews,
      clock,
      notifier,
      stateMachines: Object.fromEntries(Object.keys(definitions).map((p) => [p, localStateMachineArn(p)])),
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
    // As deployed, the review function's rule on Step Functions' status events, invoked asynchronously.
    onRunFailed: (event) => invokeAsynchronously(clock, () => functions.ReviewLambdaFunction(event)),
  });
  const workflow = charge('states', localWorkflow);
  const triage = triageFunction(
    context,
    portsThrough(context.reach?.reader, 'reader'),
    stores,
    workflow,
    functions.NotifyLambdaFunction,
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
  const keyInventory = () => inventoryOf(context, stores.keyOwnerIndex);
  return { ...stores, triage, localWorkflow, approvalDeps, restorer, slackEndpoint, keyInventory };
}

/**
 * The scheduled key inventory, as a deployment that has run it before the drill's first event: through the reader
 * role in each account of the drill, off the clock.
 */
function inventoryOf(context: DeploymentContext, index: KeyOwnerIndex) {
  return takeKeyInventory(
    [context.sandbox, ...context.members].map((a) => a.id),
    sandboxPorts(context.sandbox, context.members, context.reach?.reader, 'reader').identityFor,
    index,
  );
}

/** The action function over the sandbox's ports: the drill's steps are applied to the sandbox, never to AWS. */
function actionFunction(
  { drill, clock }: DeploymentContext,
  ports: ReturnType<typeof sandboxPorts>,
  stores: Awaited<ReturnType<typeof localStores>>,
) {
  return createActionHandler({
    ...ports,
    // A Lambda's polling takes time: the simulated clock moves on, firing nothing meanwhile.
    sleep: async (ms) => clock.elapse(ms),
    timeline: stores.timelineAs('action'),
    clock,
    actor: 'rekey:action',
    approvals: stores.approvals,
    responders: drill.responders,
    log: silentLog,
    protection: {
      protectedPrincipals: drill.protectedPrincipals,
      ownRoles: drill.ownRoles ?? ownRolePatterns(),
    },
    drills: 'sandbox',
  });
}

/** Charges a port's calls as the service they go to; without a latency model every call is instant (the drill clock moves only with the script). */
function chargerOf(latency: LatencyCharger | undefined) {
  return <T extends object>(service: Service, port: T): T => (latency ? latency.charge(service, port) : port);
}

/** The drill's stores, as files in its state folder, each charged as the AWS service it is deployed on. */
async function localStores(
  stateDir: string,
  charge: <T extends object>(service: Service, port: T) => T,
  latency: LatencyCharger | undefined,
) {
  // Each entry sealed with the writer's key and each head anchored, priced as the KMS and S3 calls they are
  // deployed; a head is anchored beside the writer's work, which waits for it only when it flushes.
  const keys = await LocalTimelineKeys.inFile(join(stateDir, 'timeline-keys'));
  const anchor = new FileTimelineAnchor(join(stateDir, 'anchors'));
  const fileTimeline = new FileTimelineStore(join(stateDir, 'timelines'), {
    keys: { sealAs: (writer) => charge('kms', keys.sealAs(writer)) },
    anchor: latency ? latency.chargeAside('s3', anchor) : anchor,
  });
  const fileDeadLetters = new FileDeadLetters(join(stateDir, 'dead-letters'));
  const keyOwnerIndex = new MemoryKeyOwners();
  return {
    fileTimeline,
    // Each function writes as itself, sealed with its own (local) key, as deployed.
    timelineAs: (writer: TimelineWriter) => {
      const timeline = fileTimeline.as(writer);
      return flushJoined(charge('dynamodb', timeline), timeline, latency);
    },
    registry: charge('dynamodb', new FileIncidentRegistry(stateDir)),
    reviews: charge('s3', new FileReviewStore(join(stateDir, 'reviews'))),
    fileDeadLetters,
    deadLetters: charge('sqs', fileDeadLetters),
    approvals: charge('dynamodb', new MemoryApprovalStore()),
    keyOwnerIndex,
    // Deployed, an item per key in the incidents table.
    keyOwners: charge('dynamodb', keyOwnerIndex),
  };
}

/** A timeline whose flush is what it is deployed as: no call of its own, a wait for the heads being anchored. */
function flushJoined<T extends { flush(): Promise<void> }>(
  charged: T,
  timeline: T,
  latency: LatencyCharger | undefined,
): T {
  if (!latency) return charged;
  return new Proxy(charged, {
    get: (target, property, receiver) =>
      property === 'flush'
        ? async () => {
            await timeline.flush();
            latency.join();
          }
        : Reflect.get(target, property, receiver),
  });
}

/** The terminal, and with a token a real Slack channel too. */
function drillNotifier(options: DrillRunOptions, onNotice: (notice: Notice) => void) {
  const terminal = new CallbackNotifier('terminal', onNotice);
  return options.slack
    ? new FanOutNotifier([
        terminal,
        new SlackNotifier({
          client: slackClient(options.slack.token, { apiUrl: options.slack.apiUrl }),
          channel: options.slack.channel,
          threads: new MemorySlackThreads(),
        }),
      ])
    : terminal;
}

/** The triage function over the sandbox's ports, starting playbooks on the local workflow; its notice asynchronous. */
function triageFunction(
  { drill, clock, latency }: DeploymentContext,
  ports: ReturnType<typeof sandboxPorts>,
  stores: Awaited<ReturnType<typeof localStores>>,
  workflow: Workflow,
  notify: LocalFunction,
) {
  const charge = chargerOf(latency);
  return createTriageHandler({
    identityFor: ports.identityFor,
    keyOwners: stores.keyOwners,
    // The key behind a user's session is found in the account's CloudTrail, in every enabled region.
    auditTrailFor: ports.auditTrailFor,
    networkFor: ports.networkFor,
    registry: stores.registry,
    timeline: stores.timelineAs('triage'),
    workflow,
    clock,
    ids: seededIds(drill.name),
    protectedPrincipals: drill.protectedPrincipals,
    // As deployed (REKEY_OWN_ROLES): Rekey's roles in every account are its own.
    ownRoles: drill.ownRoles ?? ownRolePatterns(),
    administratorAccounts: drill.administratorAccounts,
    settings: { secretReadAllowlist: drill.secretReadAllowlist },
    drill: true,
    deadLetters: stores.deadLetters,
    log: silentLog,
    // As deployed: an asynchronous invoke of the notify function, which nothing waits for.
    announcer: charge('lambda', {
      announce: async (incident: Incident) => {
        const told = () => notify({ incident, kind: 'incident-opened' });
        void clock.track(latency ? latency.thread(told) : told()).catch(() => undefined);
      },
    }),
  });
}
