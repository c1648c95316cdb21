import { describe, expect, it } from 'vitest';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import { recallSteps } from '../../../src/app/recall-steps.js';
import type { TimelineWriter } from '../../../src/domain/timeline.js';

const at = '2026-11-28T10:00:00Z';
const found = {
  step: 'find-persistence',
  action: 'find-persistence',
  status: 'unchanged',
  summary: 'found the backdoor user',
  facts: { artefacts: [{ kind: 'user', name: 'backdoor' }] },
};
/** An invocation's results as the failed group's Pass state gives them: each step failed, with fallbacks. */
const fallbacks = {
  find_persistence: { step: 'find-persistence', status: 'failed', facts: {} },
  trace_key: { step: 'trace-key', status: 'failed', facts: { roles: [] } },
};

/** A journal where find-persistence succeeded (written as `writer`) and trace-key then failed with facts. */
async function journal(writer: TimelineWriter) {
  const timeline = new MemoryTimelineStore();
  await timeline.as(writer).append('rk-1', {
    type: 'step-succeeded',
    at,
    actor: 'rekey:action',
    step: 'find-persistence',
    summary: found.summary,
    data: { outcome: found },
  });
  await timeline.as('action').append('rk-1', {
    type: 'step-failed',
    at,
    actor: 'rekey:action',
    step: 'trace-key',
    summary: 'trace-key failed',
    data: { error: 'IncompleteEvidenceError', message: 'unread', facts: { roles: [{ name: 'deployer' }] } },
  });
  return timeline;
}

describe("recalling a failed invocation's steps", () => {
  it('gives each step that ran before the failure its outcome, and the failed one the facts it established', async () => {
    const recalled = await recallSteps('rk-1', fallbacks, await journal('action'));
    expect(recalled.results.find_persistence?.facts).toEqual(found.facts);
    expect(recalled.results.trace_key?.facts).toEqual({ roles: [{ name: 'deployer' }] });
    expect(recalled.failed).toBe('trace-key');
    expect(recalled.outcomes.map((o) => o.step)).toEqual(['find-persistence']);
  });

  it('refuses to go on when the journal holds no believable outcome of a step that ran before the failure', async () => {
    // Anyone who can write the table can chain an entry; only the action function's seal is believed.
    await expect(recallSteps('rk-1', fallbacks, await journal('notify'))).rejects.toMatchObject({
      name: 'IncompleteEvidenceError',
      message: expect.stringMatching(
        /no believable outcome of find-persistence, which ran before trace-key failed/,
      ),
    });
  });
});
