import * as z from 'zod';
import { ACTION_IDS } from '../adapters/slack/blocks.js';
import { SLACK_REQUEST_WINDOW_SECONDS, verifySlackSignature } from '../adapters/slack/signature.js';
import { type ApprovalDeps, type DecisionResult, decideApproval } from '../app/approvals.js';
import { type ResponderConfig, respondersAt } from '../app/responders.js';
import { requestRestore } from '../app/restore.js';
import type { IncidentRegistry } from '../ports/incident-registry.js';
import type { Log } from '../ports/log.js';
import type { ReplayGuard } from '../ports/replay-guard.js';
import type { Restorer } from '../ports/restorer.js';
import type { SlackDirectory } from '../ports/slack-directory.js';
import { anchoredBeforeReturning } from './anchored.js';

/** An HTTP request as API Gateway's HTTP API (payload 2.0) delivers it; the local runtime builds the same. */
export interface HttpRequest {
  headers: Record<string, string | undefined>;
  body?: string | null;
  isBase64Encoded?: boolean;
}

/** The HTTP answer. */
export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** What the endpoint needs. */
export interface SlackInteractionsDeps extends Omit<ApprovalDeps, 'responders'> {
  signingSecret: string;
  replays: ReplayGuard;
  responders: ResponderConfig;
  directory?: SlackDirectory;
  registry: IncidentRegistry;
  restorer: Restorer;
  log: Log;
}

const ButtonValueSchema = z.object({
  incidentId: z.string().regex(/^rk-[a-z0-9-]{1,80}$/),
  step: z.string().regex(/^[a-z0-9-[\]]{1,100}$/),
});

const BlockActionsSchema = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string().regex(/^[UW][A-Z0-9]{2,30}$/) }),
  actions: z
    .array(z.object({ action_id: z.string(), value: z.string().max(2000) }))
    .min(1)
    .max(1),
});

const answer = (statusCode: number, body: Record<string, unknown> = {}): HttpResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

function header(request: HttpRequest, name: string): string | undefined {
  const found = Object.entries(request.headers).find(([k]) => k.toLowerCase() === name);
  return found?.[1];
}

/** The button click a verified body carries, or why it carries none. */
function clickOf(
  rawBody: string,
):
  | { ok: true; userId: string; actionId: string; incidentId: string; step: string }
  | { ok: false; reason: string } {
  const payload = new URLSearchParams(rawBody).get('payload');
  if (!payload) return { ok: false, reason: 'no payload field' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return { ok: false, reason: 'the payload is not JSON' };
  }
  const actions = BlockActionsSchema.safeParse(parsed);
  if (!actions.success) return { ok: false, reason: 'not a single button click (block_actions)' };
  const [action] = actions.data.actions;
  let value: unknown;
  try {
    value = JSON.parse(action?.value ?? '');
  } catch {
    return { ok: false, reason: 'the button value is not JSON' };
  }
  const target = ButtonValueSchema.safeParse(value);
  if (!target.success || !action) return { ok: false, reason: 'the button names no incident step' };
  return { ok: true, userId: actions.data.user.id, actionId: action.action_id, ...target.data };
}

/**
 * Slack's interactivity endpoint. Verifies the `v0` signature over the raw body (base64 from the HTTP API) and its
 * five-minute window, refuses a request already seen (a shared conditional write), authorises the clicking user as
 * a responder at click time, and records the decision and releases the playbook (or has a step restored) before it
 * answers: Lambda freezes once it has answered, and Slack waits three seconds.
 */
export function createSlackInteractionsHandler(deps: SlackInteractionsDeps) {
  return anchoredBeforeReturning(deps.timeline, async (request: HttpRequest): Promise<HttpResponse> => {
    const raw = request.isBase64Encoded
      ? Buffer.from(request.body ?? '', 'base64').toString('utf8')
      : (request.body ?? '');
    const signature = header(request, 'x-slack-signature');
    const verdict = verifySlackSignature({
      signingSecret: deps.signingSecret,
      timestamp: header(request, 'x-slack-request-timestamp'),
      signature,
      rawBody: raw,
      now: deps.clock.now(),
    });
    if (!verdict.ok) {
      deps.log.warn('slack request refused', { reason: verdict.reason });
      return answer(401, { error: verdict.reason });
    }
    const expiresAt = new Date((verdict.timestamp + SLACK_REQUEST_WINDOW_SECONDS + 60) * 1000);
    if (!(await deps.replays.claim(`slack:${signature}`, expiresAt))) {
      deps.log.warn('slack request refused', { reason: 'a replay of a request already handled' });
      return answer(401, { error: 'a replay of a request already handled' });
    }
    const click = clickOf(raw);
    if (!click.ok) {
      deps.log.warn('slack request refused', { reason: click.reason });
      return answer(400, { error: click.reason });
    }
    const responders = await respondersAt(click.userId, deps.responders, deps.directory);
    const approvalDeps = { ...deps, responders };
    const base = { incidentId: click.incidentId, step: click.step, slackUserId: click.userId };
    let result: DecisionResult;
    switch (click.actionId) {
      case ACTION_IDS.approve:
        result = await decideApproval({ ...base, decision: 'approve' }, approvalDeps);
        break;
      case ACTION_IDS.deny:
        result = await decideApproval({ ...base, decision: 'deny' }, approvalDeps);
        break;
      case ACTION_IDS.restore:
        result = await requestRestore(base, approvalDeps);
        break;
      default:
        deps.log.warn('slack request refused', { reason: `unknown action ${click.actionId}` });
        return answer(400, { error: 'unknown action' });
    }
    deps.log.info('slack click', { incidentId: click.incidentId, step: click.step, ...result });
    // Slack shows the refusal to the clicker only (an ephemeral reply through response_url is not needed).
    return answer(200, result.accepted ? {} : { text: result.reason });
  });
}
