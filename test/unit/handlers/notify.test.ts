import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemorySlackThreads } from '../../../src/adapters/local/memory-slack-threads.js';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import { slackClient } from '../../../src/adapters/slack/client.js';
import { SlackNotifier } from '../../../src/adapters/slack/slack-notifier.js';
import { createNotifyHandler } from '../../../src/handlers/notify.js';
import { ROOT } from '../../support/drills.js';
import { FakeSlack } from '../../support/fake-slack.js';
import { ManualClock } from '../../support/fixed-clock.js';
import { aliceIncident } from '../../support/incident.js';

let slack: FakeSlack;
let handler: ReturnType<typeof createNotifyHandler>;

beforeEach(async () => {
  slack = new FakeSlack();
  const notifier = new SlackNotifier({
    client: slackClient('xoxb-test', { apiUrl: await slack.start(), retries: { retries: 0 } }),
    channel: 'C0INCIDENTS',
    threads: new MemorySlackThreads(),
  });
  handler = createNotifyHandler({
    notifier,
    timeline: new MemoryTimelineStore(),
    clock: new ManualClock('2026-11-28T09:05:00Z'),
  });
});
afterEach(() => slack.stop());

const replies = () => slack.of('chat.postMessage').filter((c) => c.args.thread_ts);

/** A step's notice as a compiled state machine hands it to the function, its id made by the state. */
const payload = (noticeId?: string) => ({
  incident: aliceIncident(),
  kind: 'escalated',
  details: { Error: 'NotContainableError', Cause: 'alice is a protected principal' },
  ...(noticeId ? { noticeId } : {}),
});

describe('the notify function', () => {
  it('posts a notice once when Lambda delivers or retries its invocation again', async () => {
    const same = payload('0b7c1c3e-7e0a-4d7c-9d52-3f8e2b1a6c44');
    await handler(same);
    await handler(same);
    expect(replies()).toHaveLength(1);
    await handler(payload('5d2f0b7a-1c3e-4a8b-9e6d-7f0a1b2c3d4e'));
    expect(replies()).toHaveLength(2);
  });

  it('posts every notice of a run started before notices had ids', async () => {
    await handler(payload());
    await handler(payload());
    expect(replies()).toHaveLength(2);
  });

  it('is handed a fresh id by every notify state of every committed state machine', () => {
    const folder = join(ROOT, 'statemachines');
    let notifies = 0;
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.asl.json'))) {
      const text = readFileSync(join(folder, file), 'utf8');
      for (const match of text.matchAll(
        /"FunctionName":\s*\{\s*"Fn::GetAtt":\s*\[\s*"NotifyLambdaFunction"/g,
      )) {
        notifies += 1;
        const rest = text.slice(match.index);
        expect(rest.slice(0, rest.indexOf('"ResultPath"')), file).toContain('"noticeId.$": "States.UUID()"');
      }
    }
    expect(notifies).toBeGreaterThan(8);
  });
});
