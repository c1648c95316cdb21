import { describe, expect, it } from 'vitest';
import { authenticity, SEALS_AT_ONCE } from '../../../src/app/authenticity.js';
import { chainEntry, type TimelineEntry } from '../../../src/domain/timeline.js';

/** A timeline padded with many entries, as anyone who can write the table could pad it. */
function padded(count: number): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (let i = 0; i < count; i += 1)
    entries.push(
      chainEntry(
        'rk-1',
        entries.at(-1),
        {
          type: 'notification-sent',
          at: '2026-11-28T09:00:00.000Z',
          actor: 'rekey:notify',
          summary: `n${i}`,
        },
        'notify',
      ),
    );
  return entries;
}

describe('checking many seals', () => {
  it('answers for every entry in order, with never more than a few checks in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const store = {
      authentic: async (entry: TimelineEntry) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 0));
        inFlight -= 1;
        return entry.seq % 3 !== 0;
      },
    };
    const entries = padded(200);
    const answers = await authenticity(store, entries);
    expect(answers).toEqual(entries.map((e) => e.seq % 3 !== 0));
    expect(most).toBe(SEALS_AT_ONCE);
  });
});
