import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { identityPolicies, type Template } from '../support/cfn-resolve.js';
import { readCloudFormationYaml } from '../support/cloudformation-yaml.js';
import { ROOT } from '../support/drills.js';

type Statement = Record<string, unknown> & { Effect: string; Action?: string | string[]; Resource?: unknown };

let templates: Record<'stack' | 'member' | 'management' | 'identityCenter', Template>;

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
  templates = {
    stack: JSON.parse(readFileSync(join(packaged, 'cloudformation-template-update-stack.json'), 'utf8')),
    member: readCloudFormationYaml(join(ROOT, 'resources/member-role.cfn.yml')),
    management: readCloudFormationYaml(join(ROOT, 'resources/management-role.cfn.yml')),
    identityCenter: readCloudFormationYaml(join(ROOT, 'resources/identity-center-role.cfn.yml')),
  };
}, 180_000);

const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** Every statement of every identity policy, in both branches of every condition, with where it is. */
function statements(): Array<{ where: string; statement: Statement }> {
  return (Object.entries(templates) as Array<[string, Template]>).flatMap(([template, t]) =>
    [true, false].flatMap((conditions) =>
      identityPolicies(t, conditions).flatMap((p) =>
        (p.document.Statement as Statement[]).map((statement) => ({
          where: `${template}:${p.name}`,
          statement,
        })),
      ),
    ),
  );
}

const allows = (s: Statement, pattern: RegExp) =>
  s.Effect === 'Allow' && list(s.Action).some((a) => pattern.test(a));

/** The IAM write actions a statement allows on principals. */
const IAM_WRITES =
  /^iam:(Put|Delete|Attach|Detach|Update|Create|Tag|Untag|Add|Remove|Set|Change|Upload|Enable|Deactivate|Resync)/;

describe('least privilege for Rekey itself', () => {
  it('creates no user, role, access key or console password, so it has no principal to bound', () => {
    for (const { where, statement } of statements())
      expect(
        allows(
          statement,
          /^iam:(Create(User|Role|AccessKey|LoginProfile|ServiceLinkedRole)|\*)$|^iam:Create\*$/,
        ),
        where,
      ).toBe(false);
  });

  it('attaches and detaches only its own managed policies (policy/rekey/)', () => {
    for (const { where, statement } of statements().filter((s) =>
      allows(s.statement, /^iam:(Attach|Detach)\w*Policy$/),
    ))
      expect(JSON.stringify(statement.Condition), where).toMatch(
        /"ArnLike":\{"iam:PolicyARN":"arn:aws:iam::111122223333:policy\/rekey\/\*"\}/,
      );
  });

  it('denies itself every IAM write it holds on its own roles, whatever else allows it', () => {
    const byPolicy = new Map<string, Statement[]>();
    for (const { where, statement } of statements())
      byPolicy.set(where, [...(byPolicy.get(where) ?? []), statement]);
    for (const [where, policy] of byPolicy) {
      // Writes on principals (users and roles); Rekey's own managed policies under policy/rekey/ are not principals.
      const onPrincipals = (s: Statement) =>
        (list(s.Resource) as string[]).some((r) => /:(user|role)\/|^\*$/.test(r));
      const writes = new Set(
        policy
          .filter((s) => s.Effect === 'Allow' && onPrincipals(s))
          .flatMap((s) => list(s.Action))
          .filter((a) => IAM_WRITES.test(a)),
      );
      if (writes.size === 0) continue;
      const deny = policy.find((s) => s.Effect === 'Deny' && s.Sid === 'NeverChangeRekeyItself');
      expect(deny, where).toBeDefined();
      expect(new Set(list(deny?.Action)), where).toEqual(writes);
      expect(list(deny?.Resource), where).toEqual(
        expect.arrayContaining([
          'arn:aws:iam::111122223333:role/rekey-*',
          // The forwarding role in member accounts lives under Rekey's path.
          'arn:aws:iam::111122223333:role/rekey/*',
        ]),
      );
    }
  });

  it('may tag the managed policies it creates tagged (IAM needs TagPolicy to tag on creation)', () => {
    for (const { where, statement } of statements().filter((s) => allows(s.statement, /^iam:CreatePolicy$/)))
      expect(list(statement.Action), where).toContain('iam:TagPolicy');
  });

  it('assumes member roles only inside the organisation, or else only in its own account', () => {
    for (const { where, statement } of statements().filter((s) => allows(s.statement, /^sts:AssumeRole$/))) {
      const resources = list(statement.Resource) as string[];
      if (resources.some((r) => /^arn:aws:iam::\*:/.test(r)))
        expect(statement.Condition, where).toEqual({
          StringEquals: { 'aws:ResourceOrgID': expect.any(String) },
        });
    }
  });

  it('may invoke the rotation functions RotateSecret needs it to, read their logs, and never invoke itself', () => {
    const byPolicy = new Map<string, Statement[]>();
    for (const { where, statement } of statements())
      byPolicy.set(where, [...(byPolicy.get(where) ?? []), statement]);
    const rotating = [...byPolicy].filter(([, policy]) =>
      policy.some((s) => allows(s, /^secretsmanager:RotateSecret$/)),
    );
    // The action function's role and the member role both rotate.
    expect(rotating.map(([where]) => where.split(':')[0]).sort()).toEqual(['member', 'stack']);
    for (const [where, policy] of rotating) {
      const invoke = policy.filter((s) => allows(s, /^lambda:InvokeFunction$/));
      const unique = (xs: unknown[]) => [...new Set(xs.map(String))];
      // Only functions of the account, by the deployment's name pattern (`*` unless narrowed), and their logs.
      const functions = unique(invoke.flatMap((s) => list(s.Resource)));
      expect(functions, where).toEqual([
        expect.stringMatching(/^arn:aws:lambda:\*:111122223333:function:[^:]+$/),
      ]);
      const pattern = String(functions[0]).split(':function:')[1];
      expect(unique(invoke.flatMap((s) => list(s.Action))), where).toEqual(['lambda:InvokeFunction']);
      const logs = policy.filter((s) => allows(s, /^logs:FilterLogEvents$/));
      expect(unique(logs.flatMap((s) => list(s.Resource))), where).toEqual([
        `arn:aws:logs:*:111122223333:log-group:/aws/lambda/${pattern}:*`,
      ]);
      expect(unique(logs.flatMap((s) => list(s.Action))), where).toEqual(['logs:FilterLogEvents']);
      const deny = policy.find((s) => s.Effect === 'Deny' && s.Sid === 'NeverInvokeRekeyItself');
      expect(deny?.Resource, where).toBe('arn:aws:lambda:*:111122223333:function:rekey-*');
    }
    // Everything else invokes Rekey's own functions by name (any version of each): no name pattern.
    for (const { where, statement } of statements().filter((s) => allows(s.statement, /^lambda:\*?Invoke/)))
      if (!rotating.some(([w]) => w === where))
        for (const r of list(statement.Resource)) expect(String(r), where).toMatch(/:function:[^:*]+(:\*)?$/);
  });

  it('manages only the SCPs it created (tagged rekey:managed) and tags nothing else', () => {
    const management = statements().filter((s) => s.where.startsWith('management:'));
    for (const { statement } of management) {
      const onPolicies = (list(statement.Resource) as string[]).some(
        (r) => r === '*' || r.includes(':policy/'),
      );
      if (allows(statement, /^organizations:(DetachPolicy|DeletePolicy|AttachPolicy)$/) && onPolicies)
        expect(statement.Condition).toEqual({ StringEquals: { 'aws:ResourceTag/rekey:managed': 'true' } });
      if (allows(statement, /^organizations:(CreatePolicy|TagResource)$/))
        expect(statement.Condition).toEqual({
          StringEquals: { 'aws:RequestTag/rekey:managed': 'true' },
          'ForAllValues:StringEquals': { 'aws:TagKeys': ['rekey:managed'] },
        });
      expect(allows(statement, /^organizations:(UntagResource|UpdatePolicy|\*)$/)).toBe(false);
      expect(allows(statement, /^iam:/)).toBe(false);
    }
  });

  it('passes parliament, the IAM policy linter, with every remaining finding justified', () => {
    const python = join(ROOT, '.venv-parliament/bin/python');
    if (!existsSync(python))
      throw new Error('parliament is not installed in .venv-parliament: run npm run setup');
    const input = join(mkdtempSync(join(tmpdir(), 'rekey-lint-')), 'policies.json');
    const policies = (Object.entries(templates) as Array<[string, Template]>).flatMap(([name, t]) =>
      [true, false].flatMap((c) =>
        identityPolicies(t, c).map((p) => ({ name: `${name}:${p.name}`, document: p.document })),
      ),
    );
    writeFileSync(input, JSON.stringify(policies));
    const run = spawnSync(python, [join(ROOT, 'scripts/lint-policies.py'), input], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const findings = JSON.parse(run.stdout) as Array<{ policy: string; issue: string; detail: unknown }>;
    const actionsOf = (detail: unknown): string[] =>
      [
        ...new Set(
          list(detail as unknown[]).map((d) =>
            typeof d === 'string' ? d : String((d as { action?: string }).action),
          ),
        ),
      ].sort();
    const found = new Set(findings.map((f) => JSON.stringify([f.policy, f.issue, actionsOf(f.detail)])));
    const accepted = (
      parse(readFileSync(join(ROOT, 'resources/policy-lint-accepted.yml'), 'utf8')) as Array<{
        policy: string;
        issue: string;
        actions: string[];
        why: string;
      }>
    ).map((a) => {
      expect(a.why.length, `${a.policy} ${a.issue} needs its reason`).toBeGreaterThan(40);
      return JSON.stringify([a.policy, a.issue, [...a.actions].sort()]);
    });
    expect([...found].sort()).toEqual([...new Set(accepted)].sort());
  });
});
