import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { simulateCall } from '../../src/adapters/sandbox/request-simulator.js';
import { CHANGE_PROPAGATION_MS, iamTimestamp, tokenIssueCutoff } from '../../src/domain/deny-policy.js';
import { statementsOf } from '../../src/domain/policy-document.js';
import { verifyChain } from '../../src/domain/timeline.js';
import type { DrillEvent } from '../../src/drills/drill-events.js';
import type { DrillReport } from '../../src/drills/drill-runner.js';
import { drillNamed, runInTemp } from '../support/drills.js';

describe('the default drill, through the local runtime', () => {
  let report: DrillReport;
  const events: DrillEvent[] = [];

  beforeAll(async () => {
    report = await runInTemp(drillNamed('leaked-access-key'), { onEvent: (e) => events.push(e) });
  });

  it('passes every expectation', () => {
    expect(report.results.filter((r) => !r.passed)).toEqual([]);
    expect(report.passed).toBe(true);
  });

  it('leaves the exposed key Inactive, not deleted, and its sibling Active', () => {
    expect(report.sandbox.findAccessKey('AKIAIOSFODNN7EXAMPLE')?.key.status).toBe('Inactive');
    expect(report.sandbox.findAccessKey('AKIAI44QH8DHBEXAMPLE')?.key.status).toBe('Active');
    expect(report.sandbox.apiCalls.filter((c) => c.operation === 'DeleteAccessKey')).toEqual([]);
  });

  it("sets the deny's aws:TokenIssueTime seconds after the key became inactive (IAM's propagation)", () => {
    const key = report.sandbox.findAccessKey('AKIAIOSFODNN7EXAMPLE')?.key;
    const alice = report.sandbox.users.get('alice');
    const cutoffs = [...(alice?.inlinePolicies.values() ?? [])].flatMap((d) =>
      statementsOf(d).map((s) => s.Condition?.DateLessThan?.['aws:TokenIssueTime']),
    );
    expect(key?.statusChangedAt).toBe('2026-11-28T09:04:00.000Z');
    const inactive = Date.parse(key?.statusChangedAt ?? '');
    expect(cutoffs).toEqual([iamTimestamp(tokenIssueCutoff(new Date(inactive + CHANGE_PROPAGATION_MS)))]);
  });

  it("refuses the attacker's replayed calls: the key as an invalid token, the older session by the deny", () => {
    const at = new Date('2026-11-28T09:30:00Z');
    expect(
      simulateCall(report.sandbox, { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', action: 's3:ListBuckets' }, at)
        .code,
    ).toBe('InvalidClientTokenId');
    expect(
      simulateCall(report.sandbox, { accessKeyId: 'ASIAQNZGKIQY56JQ7WML', action: 's3:ListBuckets' }, at),
    ).toMatchObject({
      outcome: 'explicit-deny',
      policy: expect.stringMatching(/^rekey-revoke-sessions-/),
    });
  });

  it('turns a re-delivered finding and the Health event about the same key into one incident and one playbook run', () => {
    expect(report.incidents).toHaveLength(1);
    const entries = report.timelines.get(report.incidents[0]?.id ?? '') ?? [];
    // The re-delivery is recognised and not recorded; the Health event joins as a second signal.
    expect(entries.filter((e) => e.type === 'signal-joined').map((e) => e.actor)).toEqual(['aws.health']);
    expect(report.incidents[0]?.signals).toBe(2);
    expect(entries.filter((e) => e.type === 'step-succeeded').map((e) => e.step)).toEqual([
      'deactivate-key',
      'revoke-sessions',
      // Nothing the key created: the sweep asks nobody and runs nothing.
      'find-persistence',
      'trace-key',
      'revoke-assumed-roles[0]',
      'verify-containment',
    ]);
  });

  it('waits for an approval, refuses the exposed user approving herself, and contains only after Bob approves', () => {
    const entries = report.timelines.get(report.incidents[0]?.id ?? '') ?? [];
    const types = entries.map((e) => e.type);
    expect(types.indexOf('approval-click-rejected')).toBeLessThan(types.indexOf('approval-decided'));
    expect(types.indexOf('approval-decided')).toBeLessThan(types.indexOf('step-succeeded'));
    expect(entries.find((e) => e.type === 'approval-decided')?.actor).toBe('slack:U0BOB');
  });

  it('records an intact hash chain and writes the review with the chain head', () => {
    const [incident] = report.incidents;
    const entries = report.timelines.get(incident?.id ?? '') ?? [];
    expect(verifyChain(entries)).toEqual([]);
    const review = readFileSync(report.reviews.get(incident?.id ?? '') ?? '', 'utf8');
    expect(review).toContain('# Post-incident review');
    expect(review).toContain('arn:aws:iam::111122223333:user/alice');
    // The head the review was rendered from: the closing entry; its Slack summary comes after and chains on.
    const closed = entries.findLast((e) => e.type === 'incident-closed');
    expect(review).toContain(`Rendered from ${closed?.seq} timeline entries; head hash \`${closed?.hash}\``);
    expect(entries.at(-1)).toMatchObject({
      type: 'notification-sent',
      summary: expect.stringMatching(/Review: contained/),
    });
  });

  it('reports the story as it unfolds, in time order on the simulated clock', () => {
    const times = events.map((e) => e.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(events.filter((e) => e.kind === 'attacker')).toHaveLength(5);
  });
});

describe('a drill whose expectation is wrong', () => {
  it('fails and names the expectation', async () => {
    const drill = drillNamed('leaked-access-key', (raw) => {
      raw.expect = [{ accessKey: 'AKIAIOSFODNN7EXAMPLE', status: 'Active' }];
    });
    const report = await runInTemp(drill);
    expect(report.passed).toBe(false);
    expect(report.results).toContainEqual({
      label: 'access key AKIAIOSFODNN7EXAMPLE is Active',
      passed: false,
      found: 'Inactive',
    });
  });
});

describe('other paths through the playbook', () => {
  it('escalates without containing when nobody answers the approval in time', async () => {
    const drill = drillNamed('leaked-access-key', (raw) => {
      raw.decisions = [];
      raw.events = (raw.events as unknown[]).slice(0, 1);
      raw.attacker = [];
      raw.expect = [
        { outcome: 'escalated' },
        { accessKey: 'AKIAIOSFODNN7EXAMPLE', status: 'Active' },
        { noInlinePolicies: 'alice' },
        { review: 'written' },
      ];
    });
    const report = await runInTemp(drill);
    expect(report.results.filter((r) => !r.passed)).toEqual([]);
    const entries = report.timelines.get(report.incidents[0]?.id ?? '') ?? [];
    expect(entries.find((e) => e.type === 'approval-timed-out')?.at).toBe('2026-11-28T09:30:00.000Z');
    expect(entries.some((e) => e.type === 'escalated')).toBe(true);
  });

  it('dismisses the incident when a responder denies, changing nothing', async () => {
    const drill = drillNamed('leaked-access-key', (raw) => {
      raw.decisions = [{ step: 'deactivate-key', responder: 'U0BOB', decision: 'deny', after: '2m' }];
      raw.events = (raw.events as unknown[]).slice(0, 1);
      raw.attacker = [];
      raw.expect = [
        { outcome: 'dismissed' },
        { accessKey: 'AKIAIOSFODNN7EXAMPLE', status: 'Active' },
        { noInlinePolicies: 'alice' },
      ];
    });
    const report = await runInTemp(drill);
    expect(report.results.filter((r) => !r.passed)).toEqual([]);
  });

  it('contains through a managed deny when the inline quota is full, and escalates when attachments are full too', async () => {
    const withLegacyPolicy = (attached: number) =>
      drillNamed('leaked-access-key', (raw) => {
        const account = raw.account as { users: Array<Record<string, unknown>>; policies?: unknown[] };
        const alice = account.users[0] as Record<string, unknown>;
        alice.inlinePolicies = {
          legacy: {
            Version: '2012-10-17',
            Statement: [{ Sid: 'x'.repeat(1950), Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
          },
        };
        account.policies = Array.from({ length: attached }, (_, i) => ({
          name: `legacy-${i}`,
          document: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
          },
        }));
        alice.managedPolicies = [
          'arn:aws:iam::aws:policy/AdministratorAccess',
          ...Array.from({ length: attached }, (_, i) => `arn:aws:iam::111122223333:policy/legacy-${i}`),
        ].slice(0, Math.max(1, attached));
        raw.attacker = [];
        raw.expect =
          attached < 10
            ? [
                { outcome: 'contained' },
                { sessionsRevoked: 'alice', cutoffAtDeactivationOf: 'AKIAIOSFODNN7EXAMPLE' },
              ]
            : [{ outcome: 'escalated' }, { accessKey: 'AKIAIOSFODNN7EXAMPLE', status: 'Inactive' }];
      });
    const contained = await runInTemp(withLegacyPolicy(1));
    expect(contained.results.filter((r) => !r.passed)).toEqual([]);
    const escalated = await runInTemp(withLegacyPolicy(10));
    expect(escalated.results.filter((r) => !r.passed)).toEqual([]);
    const entries = escalated.timelines.get(escalated.incidents[0]?.id ?? '') ?? [];
    expect(entries.find((e) => e.type === 'step-failed')?.data).toMatchObject({
      error: 'NotContainableError',
    });
  });

  it('keeps a malformed event in the dead letters and contains nothing', async () => {
    const drill = drillNamed('leaked-access-key', (raw) => {
      const [first] = raw.events as Array<{ event: Record<string, unknown> }>;
      raw.events = [
        {
          at: '0s',
          event: { ...first?.event, detail: { ...(first?.event.detail as object), severity: 'high' } },
        },
      ];
      raw.attacker = [];
      raw.expect = [
        { incidents: 0 },
        { deadLetters: 1 },
        { accessKey: 'AKIAIOSFODNN7EXAMPLE', status: 'Active' },
      ];
    });
    const report = await runInTemp(drill);
    expect(report.results.filter((r) => !r.passed)).toEqual([]);
  });
});

describe('a secret scanner report', () => {
  it('never contains without a responder, even when the scanner verified the key', async () => {
    const drill = drillNamed('leaked-access-key', (raw) => {
      raw.events = [
        {
          at: '0s',
          event: {
            version: '0',
            id: 'scanner-report-1',
            'detail-type': 'Secret Scanner Finding',
            source: 'rekey.report',
            account: '111122223333',
            time: '2026-11-28T09:00:00Z',
            region: 'us-east-1',
            resources: [],
            detail: {
              tool: 'trufflehog',
              accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
              verified: true,
              repository: 'https://github.com/example-org/payments-tools',
            },
          },
        },
      ];
      raw.decisions = [];
      raw.attacker = [];
      raw.expect = [{ outcome: 'escalated' }, { accessKey: 'AKIAIOSFODNN7EXAMPLE', status: 'Active' }];
    });
    const report = await runInTemp(drill);
    expect(report.results.filter((r) => !r.passed)).toEqual([]);
    const entries = report.timelines.get(report.incidents[0]?.id ?? '') ?? [];
    expect(entries.map((e) => e.type)).toContain('approval-requested');
    expect(entries.map((e) => e.type)).not.toContain('step-started');
  });
});
