import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ownRolePatterns } from '../../src/domain/protection.js';
import { ROOT } from '../support/drills.js';

type Resource = { Type: string; Properties?: Record<string, unknown> };
type Statement = {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  Principal?: unknown;
  Condition?: unknown;
};

let stack: { Resources: Record<string, Resource> };

beforeAll(() => {
  const packaged = mkdtempSync(join(tmpdir(), 'rekey-package-'));
  execFileSync(
    join(ROOT, 'node_modules/.bin/osls'),
    ['package', '--stage', 'ci', '--region', 'us-east-1', '--package', packaged],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '' },
    },
  );
  stack = JSON.parse(readFileSync(join(packaged, 'cloudformation-template-update-stack.json'), 'utf8'));
}, 180_000);

const WRITERS = ['triage', 'action', 'approval', 'slack', 'notify', 'review'] as const;
const capital = (w: string) => `${w[0]?.toUpperCase()}${w.slice(1)}`;
const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** The statements of a role's inline policies. */
function roleStatements(role: string): Statement[] {
  const policies = (stack.Resources[role]?.Properties?.Policies ?? []) as Array<{
    PolicyDocument: { Statement: Statement[] };
  }>;
  return policies.flatMap((p) => p.PolicyDocument.Statement);
}

const roles = () =>
  Object.entries(stack.Resources)
    .filter(([, r]) => r.Type === 'AWS::IAM::Role')
    .map(([name]) => name);

describe('the timeline cannot be written past its seals, anchors or the action function', () => {
  it('gives each writing function its own HMAC key, which only that function role may seal with', () => {
    for (const writer of WRITERS) {
      const key = stack.Resources[`${capital(writer)}TimelineKey`];
      expect(key?.Properties).toMatchObject({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
      const policy = key?.Properties?.KeyPolicy as { Statement: Statement[] };
      const deny = policy.Statement.find(
        (s) => s.Effect === 'Deny' && list(s.Action).includes('kms:GenerateMac'),
      );
      expect(deny?.Principal, writer).toBe('*');
      expect(JSON.stringify(deny?.Condition), writer).toContain(`role/rekey-ci-${writer}`);
      expect(JSON.stringify(deny?.Condition), writer).toContain('ArnNotEquals');
    }
  });

  it('lets no role seal with a key but its own', () => {
    for (const role of roles()) {
      const sealing = roleStatements(role).filter(
        (s) =>
          s.Effect === 'Allow' &&
          list(s.Action).some((a) => /^kms:(GenerateMac|\*)$|^kms:Generate\*$/.test(a)),
      );
      const writer = WRITERS.find((w) => role === `${capital(w)}Role`);
      if (!writer) {
        expect(sealing, role).toEqual([]);
        continue;
      }
      expect(
        sealing.flatMap((s) => list(s.Resource)),
        role,
      ).toEqual([{ 'Fn::GetAtt': [`${capital(writer)}TimelineKey`, 'Arn'] }]);
    }
  });

  it('anchors heads in a bucket with Object Lock whose policy lets nobody remove or shorten a lock', () => {
    const bucket = stack.Resources.AnchorBucket?.Properties;
    expect(bucket).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE' } },
      },
    });
    const policy = stack.Resources.AnchorBucketPolicy?.Properties?.PolicyDocument as {
      Statement: Statement[];
    };
    const denied = policy.Statement.filter(
      (s) => s.Effect === 'Deny' && s.Principal === '*' && !s.Condition,
    ).flatMap((s) => list(s.Action));
    expect(denied).toEqual(
      expect.arrayContaining([
        's3:BypassGovernanceRetention',
        's3:DeleteObjectVersion',
        's3:PutObjectRetention',
      ]),
    );
    for (const role of roles())
      for (const s of roleStatements(role).filter((x) => x.Effect === 'Allow'))
        if (JSON.stringify(s.Resource ?? '').includes('AnchorBucket'))
          expect(list(s.Action), role).toEqual(['s3:PutObject']);
  });

  it('lets nothing but the state machines invoke the action function: a restore reaches it through its queue', () => {
    for (const role of roles()) {
      const invokes = roleStatements(role).filter(
        (s) => s.Effect === 'Allow' && list(s.Action).some((a) => /^lambda:(Invoke\w*|\*)$/.test(a)),
      );
      const targets = JSON.stringify(invokes.flatMap((s) => list(s.Resource)));
      if (role === 'SlackRole') expect(invokes, role).toEqual([]);
      if (!/StepFunctions|StateMachine/i.test(role))
        expect(targets, role).not.toContain('ActionLambdaFunction');
    }
    const slack = roleStatements('SlackRole').filter((s) => list(s.Action).includes('sqs:SendMessage'));
    expect(slack.flatMap((s) => list(s.Resource))).toEqual([{ 'Fn::GetAtt': ['RestoreQueue', 'Arn'] }]);
    const mappings = Object.values(stack.Resources).filter(
      (r) => r.Type === 'AWS::Lambda::EventSourceMapping',
    );
    expect(mappings.map((m) => [m.Properties?.EventSourceArn, m.Properties?.FunctionName])).toContainEqual([
      { 'Fn::GetAtt': ['RestoreQueue', 'Arn'] },
      { 'Fn::GetAtt': ['ActionLambdaFunction', 'Arn'] },
    ]);
  });
});

describe("drill events are Rekey's own", () => {
  it('refuses rekey.drill events from the organisation on the central bus', () => {
    const policy = stack.Resources.OrganizationBusPolicy?.Properties?.Statement as Statement;
    expect(policy.Condition).toMatchObject({ StringNotEquals: { 'events:source': ['rekey.drill'] } });
  });

  it('takes drill events only from its own account', () => {
    const rules = Object.values(stack.Resources).filter(
      (r) =>
        r.Type === 'AWS::Events::Rule' &&
        JSON.stringify(r.Properties?.EventPattern ?? {}).includes('rekey.drill'),
    );
    expect(rules).toHaveLength(1);
    expect(rules[0]?.Properties?.EventPattern).toMatchObject({ account: [{ Ref: 'AWS::AccountId' }] });
  });

  it('admits only scanner reports on the scanner bus', () => {
    const policy = stack.Resources.ScannerBusPolicy?.Properties?.Statement as Statement | undefined;
    // Present when scanner roles are configured (this package has none): the template source says the rest.
    const source = readFileSync(join(ROOT, 'resources/stack/events.yml'), 'utf8');
    expect(policy ?? source).toBeDefined();
    expect(source).toMatch(/ScannerBusPolicy:[\s\S]*"events:source": \["rekey\.report"\]/);
  });

  it("names Rekey's roles in every account as its own, as drills and offline triage do: reported, never contained", () => {
    for (const name of ['TriageLambdaFunction', 'ActionLambdaFunction']) {
      const fn = stack.Resources[name]?.Properties?.Environment as { Variables: Record<string, unknown> };
      const own = JSON.stringify(fn.Variables.REKEY_OWN_ROLES);
      for (const pattern of ownRolePatterns()) expect(own, name).toContain(pattern.replace(/^arn:aws:/, ''));
    }
  });
});
