import { beforeEach, describe, expect, it } from 'vitest';
import { CallbackNotifier } from '../../../src/adapters/local/callback-notifier.js';
import { MemoryApprovalStore } from '../../../src/adapters/local/memory-approval-store.js';
import { MemoryIncidentRegistry } from '../../../src/adapters/local/memory-incident-registry.js';
import { MemoryReplayGuard } from '../../../src/adapters/local/memory-replay-guard.js';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import { signSlackRequest } from '../../../src/adapters/slack/signature.js';
import { requestApproval } from '../../../src/app/approvals.js';
import {
  createSlackInteractionsHandler,
  type HttpRequest,
} from '../../../src/handlers/slack-interactions.js';
import { silentLog } from '../../../src/ports/log.js';
import { ManualClock } from '../../support/fixed-clock.js';
import { aliceIncident } from '../../support/incident.js';
import { RecordingWorkflow } from '../../support/recording-workflow.js';
import { clickBody, SIGNING_SECRET, signedClick } from '../../support/slack-click.js';

const incident = aliceIncident();

const NOW = new Date('2026-11-28T09:01:00Z');
let workflow: RecordingWorkflow;
let approvals: MemoryApprovalStore;
let timeline: MemoryTimelineStore;
let restored: string[];
let handle: (request: HttpRequest) => Promise<{ statusCode: number; body: string }>;

beforeEach(async () => {
  const clock = new ManualClock(NOW.toISOString());
  workflow = new RecordingWorkflow();
  approvals = new MemoryApprovalStore();
  timeline = new MemoryTimelineStore();
  restored = [];
  const notifier = new CallbackNotifier('test', () => undefined);
  await requestApproval(
    { incident, step: 'deactivate-key', taskToken: 'token-1', summary: 'Deactivate', timeoutSeconds: 1800 },
    { approvals, notifier, timeline, clock },
  );
  handle = createSlackInteractionsHandler({
    approvals,
    notifier,
    timeline,
    workflow,
    clock,
    signingSecret: SIGNING_SECRET,
    replays: new MemoryReplayGuard(clock),
    responders: {
      responders: [
        {
          slackUserId: 'U0BOB',
          name: 'Bob',
          email: 'bob@example.com',
          principals: ['arn:aws:iam::111122223333:user/bob'],
        },
        {
          slackUserId: 'U0ALICE',
          name: 'Alice',
          email: 'alice@example.com',
          principals: ['arn:aws:iam::111122223333:user/alice'],
        },
      ],
    },
    registry: new MemoryIncidentRegistry(),
    restorer: { restore: async (_i, step) => void restored.push(step) },
    log: silentLog,
  });
});

const bob = { userId: 'U0BOB', actionId: 'rekey_approve', incidentId: 'rk-1', step: 'deactivate-key' };

/** A deterministic stream of numbers in [0, 1) (a fixed seed: the cases are the same on every run). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** A request that must be refused, made from a valid click in one of the ways an attacker could. */
function forged(kind: number, next: () => number): HttpRequest {
  const body = clickBody(bob);
  const ts = Math.floor(NOW.getTime() / 1000);
  const sign = (secret: string, at: number, text: string) => signSlackRequest(secret, at, text);
  const request = (headers: Record<string, string | undefined>, text = body): HttpRequest => ({
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: Buffer.from(text).toString('base64'),
    isBase64Encoded: true,
  });
  const flip = (text: string) => {
    const at = Math.floor(next() * text.length);
    const replacement = text[at] === 'a' ? 'b' : 'a';
    return `${text.slice(0, at)}${replacement}${text.slice(at + 1)}`;
  };
  switch (kind) {
    case 0: // signed with another secret
      return request({
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': sign(`x${next()}`, ts, body),
      });
    case 1: {
      // too old or too far in the future, correctly signed for that time
      const skew = (301 + Math.floor(next() * 100_000)) * (next() < 0.5 ? -1 : 1);
      return request({
        'x-slack-request-timestamp': String(ts + skew),
        'x-slack-signature': sign(SIGNING_SECRET, ts + skew, body),
      });
    }
    case 2: // the body changed after signing (another user, another step, another action)
      return request(
        { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(SIGNING_SECRET, ts, body) },
        flip(body),
      );
    case 3: // a signature with one digit changed
      return request({
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': flip(sign(SIGNING_SECRET, ts, body)),
      });
    case 4: // the timestamp changed after signing
      return request({
        'x-slack-request-timestamp': String(ts + 1 + Math.floor(next() * 200)),
        'x-slack-signature': sign(SIGNING_SECRET, ts, body),
      });
    case 5: // headers missing
      return request(
        next() < 0.5
          ? { 'x-slack-request-timestamp': String(ts) }
          : { 'x-slack-signature': sign(SIGNING_SECRET, ts, body) },
      );
    default: {
      // the base64 body taken for the raw one
      const raw = {
        ...request({
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': sign(SIGNING_SECRET, ts, body),
        }),
      };
      return { ...raw, isBase64Encoded: false };
    }
  }
}

describe('the Slack interactivity endpoint', () => {
  it('records a correctly signed click and releases the waiting step before it answers', async () => {
    const response = await handle(signedClick(bob, NOW));
    expect(response.statusCode).toBe(200);
    expect(workflow.settled).toEqual([expect.objectContaining({ token: 'token-1', outcome: 'success' })]);
  });

  it('refuses forged, expired, tampered and malformed requests, over thousands of generated cases, changing nothing', async () => {
    const next = random(20261128);
    for (let i = 0; i < 2100; i += 1) {
      const response = await handle(forged(i % 7, next));
      expect(response.statusCode, `case ${i} (${i % 7})`).toBeGreaterThanOrEqual(400);
    }
    expect(workflow.settled).toEqual([]);
    expect((await approvals.get('rk-1', 'deactivate-key'))?.status).toBe('pending');
    expect((await timeline.list('rk-1')).filter((e) => e.type.startsWith('approval-decided'))).toEqual([]);
  });

  it('answers every correctly signed but generated payload without a server error, deciding only for a responder', async () => {
    const next = random(7_331);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
    const odd = [null, 0, -1, '', 'x'.repeat(5_000), [], {}, true, '{"', 'rekey_approve', '\u0000'];
    const mutate = (value: unknown, depth = 0): unknown => {
      if (value === null || typeof value !== 'object' || depth > 3 || next() < 0.15) return pick(odd);
      const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>;
      const keys = Object.keys(copy);
      const key = pick(keys.length ? keys : ['extra']);
      if (next() < 0.3) delete copy[key];
      else copy[key] = mutate(copy[key], depth + 1);
      return copy;
    };
    const payload = JSON.parse(new URLSearchParams(clickBody(bob)).get('payload') ?? '{}');
    const ts = Math.floor(NOW.getTime() / 1000);
    for (let i = 0; i < 1500; i += 1) {
      const form =
        i % 10 === 0
          ? pick(['', 'payload=', 'payload=%7B', `payload=${'%'.repeat(3)}`, 'other=1', 'payload=null'])
          : new URLSearchParams({ payload: JSON.stringify(mutate(payload)) }).toString();
      const response = await handle({
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': signSlackRequest(SIGNING_SECRET, ts, form),
        },
        body: Buffer.from(form).toString('base64'),
        isBase64Encoded: true,
      });
      expect(response.statusCode, `case ${i}: ${form.slice(0, 200)}`).toBeLessThan(500);
    }
    const record = await approvals.get('rk-1', 'deactivate-key');
    if (record?.status !== 'pending') expect(record?.decidedBy).toBe('U0BOB');
  });

  it('refuses a replay of a request it already handled, even within the five minutes', async () => {
    const click = signedClick({ ...bob, actionId: 'rekey_deny' }, NOW);
    expect((await handle(click)).statusCode).toBe(200);
    const again = await handle(click);
    expect(again.statusCode).toBe(401);
    expect(JSON.parse(again.body).error).toMatch(/replay/);
    expect(workflow.settled).toHaveLength(1);
  });

  it('refuses a correctly signed click from someone who is not a responder, or from the exposed user, and records it', async () => {
    const mallory = await handle(signedClick({ ...bob, userId: 'U0MALLORY' }, NOW));
    expect(JSON.parse(mallory.body).text).toBe('not a configured responder');
    const alice = await handle(signedClick({ ...bob, userId: 'U0ALICE' }, new Date(NOW.getTime() + 1000)));
    expect(JSON.parse(alice.body).text).toMatch(/exposed principal/);
    expect(workflow.settled).toEqual([]);
    const rejected = (await timeline.list('rk-1')).filter((e) => e.type === 'approval-click-rejected');
    expect(rejected.map((e) => e.actor)).toEqual(['slack:U0MALLORY', 'slack:U0ALICE']);
  });

  it('answers 400 to a verified request that is not a Rekey button', async () => {
    const response = await handle(signedClick({ ...bob, actionId: 'something_else' }, NOW));
    expect(response.statusCode).toBe(400);
    expect(workflow.settled).toEqual([]);
  });
});
