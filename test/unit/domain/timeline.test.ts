import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  chainEntry,
  GENESIS_HASH,
  type TimelineEntry,
  verifyChain,
} from '../../../src/domain/timeline.js';

function chain(n: number): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (let i = 0; i < n; i += 1) {
    entries.push(
      chainEntry(
        'rk-1',
        entries.at(-1),
        {
          type: 'notification-sent',
          at: `2026-11-28T09:00:0${i}Z`,
          actor: 'rekey:test',
          summary: `entry ${i + 1}`,
        },
        'notify',
      ),
    );
  }
  return entries;
}

describe('the hash-chained timeline', () => {
  it('links the first entry to the genesis hash and each next one to its predecessor', () => {
    const [first, second] = chain(2);
    expect(first?.seq).toBe(1);
    expect(first?.prevHash).toBe(GENESIS_HASH);
    expect(second?.seq).toBe(2);
    expect(second?.prevHash).toBe(first?.hash);
  });

  it('verifies an untouched chain', () => {
    expect(verifyChain(chain(5))).toEqual([]);
  });

  it('names an altered entry', () => {
    const entries = chain(3);
    entries[1] = { ...(entries[1] as TimelineEntry), summary: 'something else' };
    expect(verifyChain(entries)).toEqual([{ seq: 2, problem: 'content does not match its hash' }]);
  });

  it('names the entry after a removed one', () => {
    const entries = chain(4);
    entries.splice(1, 1);
    const breaks = verifyChain(entries);
    expect(breaks.map((b) => b.seq)).toContain(3);
  });

  it('hashes the same content the same way whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe(canonicalJson({ a: [{ c: 3, d: 2 }], b: 1 }));
  });
});
