import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { eventsCommand } from '../../../src/cli/events-command.js';

const ENVELOPE = {
  id: 'e-1',
  account: '111122223333',
  source: 'aws.guardduty',
  time: '2026-01-01T00:00:00Z',
  region: 'us-east-1',
  'detail-type': 'GuardDuty Finding',
};

async function testPattern(event: string, pattern = '{"source":["aws.guardduty"]}') {
  const dir = mkdtempSync(join(tmpdir(), 'rekey-events-'));
  writeFileSync(join(dir, 'pattern.json'), pattern);
  writeFileSync(join(dir, 'event.json'), event);
  const out = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const code = await eventsCommand([
    'test-pattern',
    '--pattern',
    join(dir, 'pattern.json'),
    '--event',
    join(dir, 'event.json'),
  ]);
  return { code, out: out.mock.calls.flat().join('\n'), errors: errors.mock.calls.flat().join('\n') };
}

describe('rekey events test-pattern refuses what TestEventPattern refuses', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('answers for an event with the envelope TestEventPattern requires', async () => {
    expect(await testPattern(JSON.stringify(ENVELOPE))).toMatchObject({ code: 0, out: 'true' });
  });

  it.each(['id', 'account', 'source', 'time', 'region', 'detail-type'])(
    'refuses an event without %s with exit 2, naming it',
    async (field) => {
      const { [field as keyof typeof ENVELOPE]: _, ...event } = ENVELOPE;
      const result = await testPattern(JSON.stringify(event));
      expect(result.code).toBe(2);
      expect(result.out).toBe('');
      expect(result.errors).toMatch(/the event is not valid for TestEventPattern/);
      expect(result.errors).toContain(`"${field}"`);
    },
  );

  it.each([
    ['a plain string', '"plain string"'],
    ['an array', '["plain string"]'],
    ['an object without the envelope', '{"testEvent":"value"}'],
    ['null', 'null'],
  ])('refuses %s with exit 2', async (_what, event) => {
    const result = await testPattern(event);
    expect(result.code).toBe(2);
    expect(result.errors).toMatch(/the event is not valid for TestEventPattern/);
  });

  it('still refuses an invalid pattern first, with its reason', async () => {
    const result = await testPattern(JSON.stringify(ENVELOPE), '{"source":"aws.guardduty"}');
    expect(result.code).toBe(2);
    expect(result.errors).toMatch(/invalid event pattern: source: match values must be in a list/);
  });
});
