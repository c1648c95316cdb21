import { describe, expect, it } from 'vitest';
import { onPath } from '../../src/drills/drill-file.js';
import { loadDefinition } from '../../src/runtime/asl.js';
import { runMetrics } from '../../src/runtime/run-metrics.js';
import { drillNamed, ROOT, runInTemp } from '../support/drills.js';

async function metricsOf(name: string, path?: string) {
  const drill = drillNamed(name);
  const report = await runInTemp(path ? onPath(drill, path) : drill);
  const [execution] = report.executions;
  if (!execution) throw new Error(`${name} started no playbook`);
  return runMetrics(execution, await loadDefinition(ROOT, execution.playbook));
}

describe('what a playbook run costs, counted on the local runtime', () => {
  it('reaches an auto-approved containment in two Lambda hops from the event: triage, then the action', async () => {
    expect((await metricsOf('aws-reported-exposed-key')).hopsToContainment).toBe(2);
    expect((await metricsOf('exfiltrated-instance-credentials')).hopsToContainment).toBe(2);
  });

  it('adds one hop for an approval request, two from the approval on, and hands notifications off asynchronously', async () => {
    const approved = await metricsOf('leaked-access-key');
    expect(approved.hopsToContainment).toBe(3);
    // After the approval arrives: the Slack endpoint, then the action.
    expect(approved.hopsAfterApproval).toBe(2);
    expect((await metricsOf('aws-reported-exposed-key')).hopsAfterApproval).toBeUndefined();
    expect(approved.asyncInvocations).toBeGreaterThanOrEqual(2);
  });

  it('counts every state entered as a transition, and reports no containment for a denied run', async () => {
    const denied = await metricsOf('leaked-access-key', 'deny');
    expect(denied.hopsToContainment).toBeUndefined();
    // GateDeactivateKey, ApproveDeactivateKey, NotifyDismissed, Dismissed, Review (triage announced it).
    expect(denied.transitions).toBe(5);
  });
});
