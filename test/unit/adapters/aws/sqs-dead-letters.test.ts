import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SqsDeadLetters } from '../../../../src/adapters/aws/sqs-dead-letters.js';

const sqs = mockClient(SQSClient);
beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageCommand).resolves({});
});

const keep = (payload: unknown, reason = 'not an EventBridge event') =>
  new SqsDeadLetters({ client: new SQSClient({ region: 'us-east-1' }), queueUrl: 'https://sqs/q' }).keep(
    payload,
    reason,
  );

const body = () => sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody ?? '';

describe('the rejected-events queue', () => {
  it('keeps a payload nested 100,000 levels deep, cut where it stops being an event', async () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    await keep(deep);
    expect(body()).toContain('nested deeper than 64 levels: cut');
  });

  it('keeps the start of a payload larger than a message may be, marked truncated', async () => {
    await keep({ detail: 'x'.repeat(400 * 1024) });
    expect(body().length).toBeLessThan(256 * 1024);
    expect(JSON.parse(body())).toMatchObject({ truncated: true, reason: 'not an EventBridge event' });
  });

  it('sends no character SQS refuses, in the body or the reason', async () => {
    await keep({ odd: 'a\uFFFEb\uFFFF' }, 'bad \u0000 input \uFFFF');
    const input = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(input?.MessageBody).not.toMatch(/[\uFFFE\uFFFF]/);
    expect(JSON.parse(input?.MessageBody ?? '').payload.odd).toBe('a\uFFFEb\uFFFF');
    expect(input?.MessageAttributes?.reason?.StringValue).toBe('bad  input ?');
  });
});
