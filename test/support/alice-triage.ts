import { MemoryIncidentRegistry } from '../../src/adapters/local/memory-incident-registry.js';
import { MemoryTimelineStore } from '../../src/adapters/local/memory-timeline-store.js';
import { SandboxAccount } from '../../src/adapters/sandbox/sandbox-account.js';
import type { TriageDeps } from '../../src/app/triage.js';
import { seededIds } from '../../src/domain/ids.js';
import { aliceAccount } from './alice-account.js';
import { ManualClock } from './fixed-clock.js';
import { RecordingWorkflow } from './recording-workflow.js';

/** Triage over alice's sandbox account at a time, with memory stores and a workflow that records what it starts. */
export function aliceTriage(at: string): TriageDeps & {
  workflow: RecordingWorkflow;
  timeline: MemoryTimelineStore;
} {
  const clock = new ManualClock(at);
  const sandbox = new SandboxAccount(aliceAccount, clock);
  return {
    identityFor: () => sandbox.identity(),
    registry: new MemoryIncidentRegistry(),
    timeline: new MemoryTimelineStore(),
    workflow: new RecordingWorkflow(),
    clock,
    ids: seededIds('test'),
    protectedPrincipals: [],
    drill: false,
  };
}
