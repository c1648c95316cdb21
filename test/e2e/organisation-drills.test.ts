import { describe, expect, it } from 'vitest';
import { onPath } from '../../src/drills/drill-file.js';
import { drillNamed, runInTemp } from '../support/drills.js';

/** The drill's paths that did not hold, with what failed. */
const failures = (report: Awaited<ReturnType<typeof runInTemp>>) =>
  report.results.filter((r) => !r.passed).map((r) => `${r.label}: ${r.found}`);

describe('drills of an organisation', () => {
  it("hold a member account's root when the drill's account is the security account and the member only one of its accounts", async () => {
    // root-credential-use rearranged: the payments account (its root, its SCP target) is now a member account.
    const drill = drillNamed('root-credential-use', (raw) => {
      const payments = raw.account as Record<string, unknown>;
      raw.memberAccounts = [payments];
      raw.account = { id: raw.securityAccount, region: 'us-east-1' };
    });
    for (const path of ['main', 'keep-credentials']) {
      const report = await runInTemp(onPath(drill, path));
      expect({ path, failed: failures(report) }).toEqual({ path, failed: [] });
    }
  });
});
