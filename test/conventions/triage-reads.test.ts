import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryIncidentRegistry } from '../../src/adapters/local/memory-incident-registry.js';
import { MemoryTimelineStore } from '../../src/adapters/local/memory-timeline-store.js';
import { SandboxAccount } from '../../src/adapters/sandbox/sandbox-account.js';
import { triage } from '../../src/app/triage.js';
import { seededIds } from '../../src/domain/ids.js';
import { aliceAccount } from '../support/alice-account.js';
import { readCloudFormationYaml } from '../support/cloudformation-yaml.js';
import { ROOT } from '../support/drills.js';
import { ManualClock } from '../support/fixed-clock.js';
import { eventFixture } from '../support/fixtures.js';
import { RecordingWorkflow } from '../support/recording-workflow.js';

type Resources = { Resources: Record<string, { Properties?: unknown }> };

/** Every action an Allow statement grants anywhere under a role's properties (both branches of an `!If`). */
function allowed(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) allowed(item, into);
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (record.Effect === 'Allow')
      for (const action of [record.Action].flat()) if (typeof action === 'string') into.add(action);
    for (const value of Object.values(record)) allowed(value, into);
  }
  return into;
}

const stack = readCloudFormationYaml<Resources>(join(ROOT, 'resources/stack/roles.yml'));
const member = readCloudFormationYaml<Resources>(join(ROOT, 'resources/member-role.cfn.yml'));

/**
 * The calls triage makes to confirm AWS's quarantine, managed and inline, in an account where both are there, to read
 * a holder's tags and real ARN (a user's and a role's), and to find the key behind a user's session.
 */
async function triageReads(): Promise<string[]> {
  const seed = structuredClone(aliceAccount);
  const alice = seed.users?.find((u) => u.name === 'alice');
  if (alice) {
    alice.managedPolicies = [
      ...(alice.managedPolicies ?? []),
      'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3',
    ];
    alice.inlinePolicies = {
      AWSExposedCredentialPolicy_DO_NOT_REMOVE: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Action: 'iam:CreateAccessKey', Resource: '*' }],
      },
    };
  }
  // alice's session, minted with her key: triage finds the minting call in CloudTrail, in every enabled region.
  const alice2 = seed.users?.find((u) => u.name === 'alice');
  if (alice2)
    alice2.sessions = [
      { id: 'ASIAQNZGKIQY56JQ7WML', issuedAt: '2026-11-28T08:55:12Z', issuedBy: 'AKIAIOSFODNN7EXAMPLE' },
    ];
  const clock = new ManualClock('2026-11-28T09:10:00Z');
  const sandbox = new SandboxAccount(seed, clock);
  const deps = {
    identityFor: () => sandbox.identity(),
    auditTrailFor: (_account: string, region: string) => sandbox.auditTrailPort(region),
    networkFor: () => sandbox.networkPort(),
    registry: new MemoryIncidentRegistry(),
    timeline: new MemoryTimelineStore(),
    workflow: new RecordingWorkflow(),
    clock,
    ids: seededIds('reads'),
    protectedPrincipals: [],
    drill: false,
  };
  for (const name of ['quarantine-policy-attached', 'exposed-credential-policy-put', 'credentials-exposed'])
    await triage(eventFixture(name === 'credentials-exposed' ? 'aws.health' : 'aws.cloudtrail', name), deps);
  // A role session: the role's tags (rekey:protected) and real ARN are read before any incident opens.
  await triage(eventFixture('aws.guardduty', 'pentest-kali-assumed-role'), deps);
  await triage(eventFixture('aws.guardduty', 'iam-user-session-malicious-ip'), deps);
  const service: Record<string, string> = { LookupEvents: 'cloudtrail', DescribeRegions: 'ec2' };
  return [...new Set(sandbox.apiCalls.map((c) => `${service[c.operation] ?? 'iam'}:${c.operation}`))];
}

describe('what triage reads in IAM', () => {
  it('is allowed to the triage role and to the read-only member role, so a confirmation never fails for want of a permission', async () => {
    const reads = await triageReads();
    expect(reads).toEqual(
      expect.arrayContaining([
        'iam:ListAttachedUserPolicies',
        'iam:GetUserPolicy',
        'iam:GetUser',
        'iam:GetRole',
        'cloudtrail:LookupEvents',
        'ec2:DescribeRegions',
      ]),
    );
    const triageRole = allowed(stack.Resources.TriageRole?.Properties);
    const reader = allowed(member.Resources.MemberReaderRole?.Properties);
    for (const read of reads) {
      expect(triageRole, `TriageRole allows ${read}`).toContain(read);
      expect(reader, `MemberReaderRole allows ${read}`).toContain(read);
    }
  });
});
