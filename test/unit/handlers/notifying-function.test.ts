import { describe, expect, it } from 'vitest';
import { DynamoDbTimelineStore } from '../../../src/adapters/aws/dynamodb-timeline-store.js';
import { LogNotifier } from '../../../src/adapters/local/log-notifier.js';
import { ConfigurationError } from '../../../src/domain/errors.js';
import { type NotifyingWiring, notifyingFunction } from '../../../src/handlers/lambda/notifying-function.js';

/** What the template gives a notifying function; an empty channel: Slack is not connected (no secret is read). */
const deployed = {
  REKEY_TIMELINE_TABLE: 'rekey-timeline',
  REKEY_TIMELINE_KEYS: '{"review":"alias/rekey-timeline-review"}',
  REKEY_ANCHOR_BUCKET: 'rekey-anchors',
  REKEY_APPROVALS_TABLE: 'rekey-approvals',
  REKEY_SLACK_SECRET_ID: 'rekey/slack',
  REKEY_SLACK_CHANNEL: '',
  REKEY_INCIDENTS_TABLE: 'rekey-incidents',
  REKEY_REVIEWS_BUCKET: 'rekey-reviews',
};

describe('a deployed function that writes the timeline and tells Slack', () => {
  it("fails its cold start naming a missing variable, its own or the timeline's", () => {
    const { REKEY_REVIEWS_BUCKET: _own, ...withoutOwn } = deployed;
    const { REKEY_ANCHOR_BUCKET: _shared, ...withoutShared } = deployed;
    const build = () => async () => undefined;
    expect(() => notifyingFunction('review', ['REKEY_REVIEWS_BUCKET'], build, withoutOwn)).toThrow(
      new ConfigurationError('environment variable REKEY_REVIEWS_BUCKET is not set'),
    );
    expect(() => notifyingFunction('review', ['REKEY_REVIEWS_BUCKET'], build, withoutShared)).toThrow(
      new ConfigurationError('environment variable REKEY_ANCHOR_BUCKET is not set'),
    );
  });

  it('builds its handler once, from its own variables, the timeline and the notifier, and runs it on every invocation', async () => {
    const builds: NotifyingWiring<'REKEY_INCIDENTS_TABLE' | 'REKEY_REVIEWS_BUCKET'>[] = [];
    const handler = notifyingFunction(
      'review',
      ['REKEY_INCIDENTS_TABLE', 'REKEY_REVIEWS_BUCKET'],
      (wiring) => {
        builds.push(wiring);
        return async (payload) => ({ handled: payload });
      },
      deployed,
    );

    const answers = [await handler({ n: 1 }), await handler({ n: 2 })];

    expect(answers).toEqual([{ handled: { n: 1 } }, { handled: { n: 2 } }]);
    expect(builds).toHaveLength(1);
    const [wiring] = builds;
    expect(wiring?.env.REKEY_REVIEWS_BUCKET).toBe('rekey-reviews');
    expect(wiring?.env.REKEY_INCIDENTS_TABLE).toBe('rekey-incidents');
    expect(wiring?.env.REKEY_TIMELINE_KEYS).toEqual({ review: 'alias/rekey-timeline-review' });
    expect(wiring?.timeline).toBeInstanceOf(DynamoDbTimelineStore);
    expect(wiring?.notifier).toBeInstanceOf(LogNotifier);
  });
});
