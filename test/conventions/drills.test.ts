import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDrill, onPath } from '../../src/drills/drill-file.js';
import { ROOT, runInTemp } from '../support/drills.js';

const names = readdirSync(join(ROOT, 'drills'))
  .filter((f) => f.endsWith('.yml'))
  .map((f) => f.slice(0, -4));

describe.each(names)('drill %s', (name) => {
  it('is named after its file and passes every expectation', async () => {
    const drill = await loadDrill(join(ROOT, 'drills', `${name}.yml`));
    expect(drill.name).toBe(name);
    const report = await runInTemp(drill);
    expect(report.results.filter((r) => !r.passed)).toEqual([]);
  });

  it('passes every expectation on each of its other paths', async () => {
    const drill = await loadDrill(join(ROOT, 'drills', `${name}.yml`));
    for (const path of Object.keys(drill.paths)) {
      const report = await runInTemp(onPath(drill, path));
      expect({ path, failed: report.results.filter((r) => !r.passed) }).toEqual({ path, failed: [] });
    }
  });
});

describe('the drills together', () => {
  it('run every playbook, on its approve, deny and timeout paths where it asks for approval', async () => {
    const covered = new Map<string, Set<string>>();
    for (const name of names) {
      const drill = await loadDrill(join(ROOT, 'drills', `${name}.yml`));
      const all = [drill, ...Object.keys(drill.paths).map((p) => onPath(drill, p))];
      for (const d of all) {
        const report = await runInTemp(d);
        for (const incident of report.incidents) {
          const entries = report.timelines.get(incident.id) ?? [];
          const ways = covered.get(incident.playbook) ?? new Set<string>();
          for (const e of entries) {
            const decision = String(e.data?.decision);
            if (e.type === 'approval-decided' && (decision === 'approved' || decision === 'denied'))
              ways.add(decision);
            if (e.type === 'approval-timed-out') ways.add('timeout');
          }
          covered.set(incident.playbook, ways);
        }
      }
    }
    const playbooks = readdirSync(join(ROOT, 'playbooks')).filter((f) => f.endsWith('.yml'));
    expect([...covered.keys()].sort()).toEqual(playbooks.map((f) => f.slice(0, -4)).sort());
    const asked = [...covered].filter(([, ways]) => ways.size > 0);
    expect(asked.length).toBeGreaterThan(0);
    for (const [playbook, ways] of asked)
      expect({ playbook, ways: [...ways].sort() }).toEqual({
        playbook,
        ways: ['approved', 'denied', 'timeout'],
      });
    // Every path of every drill, one after another: more than the default on a loaded machine.
  }, 180_000);
});
