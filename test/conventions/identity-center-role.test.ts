import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCloudFormationYaml } from '../support/cloudformation-yaml.js';
import { ROOT } from '../support/drills.js';

type Json = Record<string, unknown>;
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
type Stack = {
  Conditions: Record<string, unknown>;
  Resources: Record<string, { Properties: { Policies: Array<{ PolicyDocument: { Statement: Json[] } }> } }>;
};

const ROLE = 'arn:aws:iam::111100001111:role/rekey-ci-identity-center';

/** Where each packaged stack is, for cfn-lint. */
const files: string[] = [];

/** The stack as osls packages it with these parameters. */
function packaged(params: Record<string, string>): Stack {
  const dir = mkdtempSync(join(tmpdir(), 'rekey-package-'));
  execFileSync(
    join(ROOT, 'node_modules/.bin/osls'),
    [
      'package',
      ...['--stage', 'ci', '--region', 'us-east-1', '--package', dir],
      ...Object.entries(params).map(([k, v]) => `--param=${k}=${v}`),
    ],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '' },
    },
  );
  const file = join(dir, 'cloudformation-template-update-stack.json');
  files.push(file);
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Whether a condition expression holds, as CloudFormation evaluates it (osls has put the parameters in). */
function holds(stack: Stack, expression: unknown): boolean {
  const e = expression as Json;
  if ('Condition' in e) return holds(stack, stack.Conditions[String(e.Condition)]);
  if ('Fn::Not' in e) return !holds(stack, (e['Fn::Not'] as unknown[])[0]);
  if ('Fn::And' in e) return (e['Fn::And'] as unknown[]).every((x) => holds(stack, x));
  if ('Fn::Equals' in e) {
    const [a, b] = e['Fn::Equals'] as unknown[];
    return JSON.stringify(a) === JSON.stringify(b);
  }
  throw new Error(`unsupported condition ${JSON.stringify(expression)}`);
}

/** The action role's statements CloudFormation deploys: each Fn::If by its condition, AWS::NoValue dropped. */
function actionStatements(stack: Stack): Statement[] {
  const statements = stack.Resources.ActionRole?.Properties.Policies[0]?.PolicyDocument.Statement ?? [];
  return statements.flatMap((s) => {
    const branch = s['Fn::If'] as [string, Json, Json] | undefined;
    const chosen = branch ? (holds(stack, stack.Conditions[branch[0]]) ? branch[1] : branch[2]) : s;
    return 'Ref' in chosen ? [] : [chosen as Statement];
  });
}

const list = (x: unknown): string[] => (Array.isArray(x) ? x : [x]).map(String);
const identityCenterCalls = (statements: Statement[]) =>
  statements.filter((s) => list(s.Action).some((a) => /^(sso|identitystore):/.test(a)));
const assumes = (statements: Statement[]) =>
  statements.filter((s) => list(s.Action).includes('sts:AssumeRole')).flatMap((s) => list(s.Resource));
const NAMES: Record<string, string> = {
  'AWS::Partition': 'aws',
  CentralAccountId: '222233334444',
  Stage: 'prod',
};
/** A template value with each Fn::Sub substituted (a central account and stage), so templates compare as deployed. */
const plain = (value: unknown): unknown =>
  JSON.parse(
    JSON.stringify(value).replace(/\{"Fn::Sub":"([^"]*)"\}/g, (_, text: string) =>
      JSON.stringify(text.replace(/\$\{([^}]+)\}/g, (_m, name: string) => NAMES[name] ?? name)),
    ),
  );

let without: Stack;
let roleOnly: Stack;
let here: Stack;
let through: Stack;

beforeAll(() => {
  without = packaged({});
  roleOnly = packaged({ identityCenterRoleArn: ROLE });
  here = packaged({ identityCenterRegion: 'us-east-1' });
  through = packaged({ identityCenterRegion: 'us-east-1', identityCenterRoleArn: ROLE });
}, 240_000);

describe('the action role and Identity Center', () => {
  it('holds no Identity Center permission, nor the role, when Identity Center is not configured', () => {
    for (const stack of [without, roleOnly]) {
      expect(identityCenterCalls(actionStatements(stack))).toEqual([]);
      expect(assumes(actionStatements(stack))).not.toContain(ROLE);
    }
  });

  it('calls Identity Center itself when it is in its own account (no identityCenterRoleArn)', () => {
    expect(identityCenterCalls(actionStatements(here))).toHaveLength(3);
    expect(assumes(actionStatements(here))).not.toContain(ROLE);
  });

  it('with identityCenterRoleArn, may assume exactly that role and holds none of the calls itself', () => {
    const statements = actionStatements(through);
    expect(identityCenterCalls(statements)).toEqual([]);
    const onRole = statements.filter((s) => list(s.Resource).includes(ROLE));
    expect(onRole).toEqual([{ Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: ROLE }]);
  });

  it('gives the Identity Center role exactly the calls the action role makes itself, trusting only that role', () => {
    const template = readCloudFormationYaml<{
      Resources: { IdentityCenterRole: { Properties: Json } };
    }>(join(ROOT, 'resources/identity-center-role.cfn.yml'));
    const role = template.Resources.IdentityCenterRole.Properties;
    const policies = role.Policies as Array<{ PolicyDocument: { Statement: Statement[] } }>;
    expect(policies).toHaveLength(1);
    const strip = (statements: Statement[]) =>
      plain(
        statements.map(({ Effect, Action, Resource, Condition }) => ({
          Effect,
          Action,
          Resource,
          Condition,
        })),
      );
    expect(strip(policies[0]?.PolicyDocument.Statement ?? [])).toEqual(
      strip(identityCenterCalls(actionStatements(here))),
    );
    expect(plain(role.AssumeRolePolicyDocument)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::222233334444:root' },
          Action: 'sts:AssumeRole',
          Condition: {
            ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::222233334444:role/rekey-prod-action' },
          },
        },
      ],
    });
    expect(plain(role.RoleName)).toBe('rekey-prod-identity-center');
  });

  it('passes cfn-lint in every combination of identityCenterRegion and identityCenterRoleArn', () => {
    const lint = spawnSync(join(ROOT, '.venv/bin/cfn-lint'), files, { cwd: ROOT, encoding: 'utf8' });
    expect({ code: lint.status, out: lint.stdout }).toEqual({ code: 0, out: '' });
  });
});
