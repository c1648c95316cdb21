import type { HttpRequest, HttpResponse } from '../handlers/slack-interactions.js';
import type { ApprovalRecord } from '../ports/approvals.js';
import type { LatencyModel } from '../runtime/latency-model.js';
import type { LocalFunction } from '../runtime/local-workflow.js';
import type { SimulatedClock } from '../runtime/simulated-clock.js';
import type { DrillEvent } from './drill-events.js';

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
