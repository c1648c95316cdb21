import { describe, expect, it } from 'vitest';
import { drillNamed, runInTemp } from '../support/drills.js';

describe('a drill asserting readiness', () => {
  it('passes while every production secret has rotation', async () => {
    const report = await runInTemp(drillNamed('exposed-secret'));
    expect(report.results.filter((r) => r.label.startsWith('readiness'))).toEqual([
      expect.objectContaining({ passed: true, found: 'none' }),
      expect.objectContaining({ passed: true, found: 'none' }),
    ]);
    expect(report.passed).toBe(true);
  });

  it('fails in CI the day a production secret is created without rotation', async () => {
    const report = await runInTemp(
      drillNamed('exposed-secret', (raw) => {
        (raw.account as { secrets: unknown[] }).secrets.push(
          { name: 'prod/new-service/api-key', tags: { env: 'production' } },
          { name: 'dev/scratch', tags: { env: 'dev' } },
        );
      }),
    );
    expect(report.passed).toBe(false);
    const failed = report.results.filter((r) => !r.passed);
    expect(failed).toEqual([
      expect.objectContaining({
        label: 'readiness: no secret-rotation-missing for what is tagged env=production',
        found: expect.stringMatching(/^prod\/new-service\/api-key has no rotation/),
      }),
    ]);
  });
});
