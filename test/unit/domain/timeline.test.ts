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

  it('writes what it first wrote, for any JSON value and the undefined values an entry may carry', () => {
    // canonicalJson as first written, from arrays of sorted pairs: every hash already anchored was made so.
    const reference = (value: unknown): string => {
      if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
      if (value !== null && typeof value === 'object') {
        const entries = Object.entries(value as Record<string, unknown>)
          .filter(([, v]) => v !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
      }
      return JSON.stringify(value);
    };
    let seed = 3;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return (seed >>> 8) % n;
    };
    const keys = ['a', 'B', 'b', '', 'é', 'z1', '10', '2', '__proto__x', 'Ω', '\u{1F600}', 'key "quoted"'];
    const value = (depth: number): unknown => {
      const kind = next(depth > 3 ? 6 : 9);
      if (kind === 0) return null;
      if (kind === 1) return undefined;
      if (kind === 2) return next(2) === 0;
      if (kind === 3) return next(1000) / (next(3) + 1) - 200;
      if (kind === 4) return keys[next(keys.length)];
      if (kind === 5) return `line\n"${next(99)}"\u0001`;
      if (kind === 6) return Array.from({ length: next(4) }, () => value(depth + 1));
      const object: Record<string, unknown> = {};
      for (let i = next(5); i > 0; i -= 1) object[keys[next(keys.length)] as string] = value(depth + 1);
      return object;
    };
    for (let round = 0; round < 3000; round += 1) {
      const given = value(0);
      expect(canonicalJson(given)).toBe(reference(given));
    }
  });

  it('hashes an entry as every anchored hash was made: the same bytes give the same hash, pinned', () => {
    // Computed with the chaining first released (ac0aee9): a change of canonicalJson or of the hash breaks every
    // timeline already anchored, so it must show here first.
    const draft = {
      type: 'signal-joined' as const,
      at: '2026-11-28T09:00:00.000Z',
      actor: 'aws.guardduty',
      summary: 'Signal joined: é “x” \u2028',
      step: 'deactivate-key',
      data: { z: [1, 'two', { b: null, a: true }], 'key "q"': -0.5, Ω: '\ud83d\ude00', a10: 1, a2: 2 },
    };
    const previous = chainEntry('rk-20261128-00000001', undefined, draft, 'triage');
    const entry = chainEntry(
      'rk-20261128-00000001',
      { ...previous, seq: 7, hash: 'f'.repeat(64) },
      draft,
      'triage',
    );
    expect(entry.hash).toBe('dd99086be5cf5b7a1392b5fa143fa30ba1c98edc51d6cc8bcdfb15e427202b87');
  });
});
