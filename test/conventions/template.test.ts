import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCloudFormationYaml } from '../support/cloudformation-yaml.js';
import { ROOT } from '../support/drills.js';

type Resource = { Type: string; Properties?: Record<string, unknown>; Condition?: string };
type Statement = { Effect: string; Action: string | string[]; Resource?: unknown };

let stack: { Resources: Record<string, Resource> };
let packaged: string;

/** The standalone templates (member role, management role, event forwarding). */
const standalone = readdirSync(join(ROOT, 'resources')).filter((f) => /\.cfn\.(yml|json)$/.test(f));
const templates = () => [
  { name: 'the packaged stack', template: stack },
  ...standalone.map((f) => ({
    name: f,
    template: readCloudFormationYaml<{ Resources: Record<string, Resource> }>(join(ROOT, 'resources', f)),
  })),
];

beforeAll(() => {
  packaged = mkdtempSync(join(tmpdir(), 'rekey-package-'));
  execFileSync(
    join(ROOT, 'node_modules/.bin/osls'),
    ['package', '--stage', 'ci', '--region', 'us-east-1', '--package', packaged],
    {
      cwd: ROOT,
      encoding: 'utf8',
      // Offline and without credentials, as in CI.
      env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '' },
    },
  );
  stack = JSON.parse(readFileSync(join(packaged, 'cloudformation-template-update-stack.json'), 'utf8'));
}, 180_000);

/** Every IAM statement of a template: inline role policies and standalone policies. */
function statements(template: {
  Resources: Record<string, Resource>;
}): Array<{ resource: string; statement: Statement }> {
  return Object.entries(template.Resources).flatMap(([name, r]) => {
    const documents =
      r.Type === 'AWS::IAM::Role'
        ? (
            (r.Properties?.Policies as Array<{ PolicyDocument: { Statement: unknown[] } }> | undefined) ?? []
          ).map((p) => p.PolicyDocument)
        : r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy'
          ? [r.Properties?.PolicyDocument as { Statement: unknown[] }]
          : [];
    return documents.flatMap((d) =>
      (d.Statement ?? []).flatMap((s) => {
        // A statement may sit in Fn::If (present only when its condition holds): check the branch it would be.
        const unwrapped =
          (s as { 'Fn::If'?: [string, Statement, unknown] })['Fn::If']?.[1] ?? (s as Statement);
        return [{ resource: name, statement: unwrapped }];
      }),
    );
  });
}

const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe('the packaged CloudFormation template', () => {
  it("targets triage from every detection rule, the review from Step Functions' status events, each with a dead-letter queue and retries", () => {
    const rules = Object.entries(stack.Resources).filter(
      ([, r]) => r.Type === 'AWS::Events::Rule' && r.Properties?.EventPattern,
    );
    expect(rules.length).toBeGreaterThanOrEqual(8);
    const ofRuns = rules.filter(
      ([, r]) =>
        (r.Properties?.EventPattern as { source?: string[] } | undefined)?.source?.[0] === 'aws.states',
    );
    expect(ofRuns.map(([, r]) => r.Properties?.EventPattern)).toEqual([
      expect.objectContaining({
        account: [{ Ref: 'AWS::AccountId' }],
        detail: expect.objectContaining({ status: ['FAILED', 'TIMED_OUT', 'ABORTED'] }),
      }),
    ]);
    // Every state machine of the stack, by its name: a playbook added later is not forgotten by the rule.
    const machines = Object.values(stack.Resources)
      .filter((r) => r.Type === 'AWS::StepFunctions::StateMachine')
      .map((r) => String(r.Properties?.StateMachineName));
    type RunPattern = { detail?: { stateMachineArn?: Array<{ 'Fn::Sub': string }> } };
    const pattern = ofRuns[0]?.[1].Properties?.EventPattern as RunPattern | undefined;
    const named = (pattern?.detail?.stateMachineArn ?? []).map(
      (arn) => arn['Fn::Sub'].split(':stateMachine:')[1],
    );
    expect(machines.length).toBeGreaterThanOrEqual(8);
    expect(named.sort()).toEqual(machines.sort());
    for (const [name, rule] of rules) {
      const targets = rule.Properties?.Targets as Array<Record<string, unknown>>;
      const target = ofRuns.some(([n]) => n === name) ? 'ReviewLambdaFunction' : 'TriageLambdaFunction';
      expect(targets, name).toHaveLength(1);
      expect(targets[0]?.Arn, name).toEqual({ 'Fn::GetAtt': [target, 'Arn'] });
      expect(targets[0]?.DeadLetterConfig, name).toEqual({
        Arn: { 'Fn::GetAtt': ['RuleDeadLetterQueue', 'Arn'] },
      });
      expect(targets[0]?.RetryPolicy, name).toBeDefined();
    }
    const secretRead = stack.Resources.SecretReadRule;
    expect(secretRead?.Properties?.State).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
  });

  it('keeps an event a function invoked asynchronously still fails on after its retries, with its own role', () => {
    // EventBridge's targets, and notify (triage and the playbooks queue notices): Lambda retries each failed event
    // twice, then sends it to the function's DeadLetterConfig; without one it is dropped (a signal lost).
    const ruleTargets = Object.values(stack.Resources)
      .filter((r) => r.Type === 'AWS::Events::Rule')
      .flatMap((r) => r.Properties?.Targets as Array<{ Arn: { 'Fn::GetAtt': [string, string] } }>)
      .map((t) => t.Arn['Fn::GetAtt'][0]);
    const asynchronous = [...new Set([...ruleTargets, 'NotifyLambdaFunction'])].sort();
    expect(asynchronous).toEqual(['NotifyLambdaFunction', 'ReviewLambdaFunction', 'TriageLambdaFunction']);
    const queue = { 'Fn::GetAtt': ['AsyncDeadLetterQueue', 'Arn'] };
    for (const name of asynchronous) {
      const fn = stack.Resources[name]?.Properties ?? {};
      expect(fn.DeadLetterConfig, name).toEqual({ TargetArn: queue });
      const role = (fn.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const sends = statements(stack).filter(
        ({ resource, statement }) =>
          resource === role &&
          statement.Effect === 'Allow' &&
          actions(statement).includes('sqs:SendMessage') &&
          JSON.stringify(statement.Resource).includes(JSON.stringify(queue)),
      );
      expect(sends, `${role} may send to the dead-letter queue`).toHaveLength(1);
    }
    // Only those functions may put a message there: an operator sends what is kept to the function again.
    const roles = asynchronous.map((name) => stack.Resources[name]?.Properties?.Role);
    const policies = Object.values(stack.Resources).filter(
      (r) =>
        r.Type === 'AWS::SQS::QueuePolicy' &&
        JSON.stringify(r.Properties?.Queues) === JSON.stringify([{ Ref: 'AsyncDeadLetterQueue' }]),
    );
    expect(policies).toHaveLength(1);
    const document = policies[0]?.Properties?.PolicyDocument as { Statement: unknown[] } | undefined;
    const [only] = document?.Statement ?? [];
    expect(only).toMatchObject({ Effect: 'Deny', Principal: '*', Action: 'sqs:SendMessage' });
    const allowed = (only as { Condition: { ArnNotEquals: Record<string, unknown[]> } }).Condition
      .ArnNotEquals;
    expect(Object.keys(allowed)).toEqual(['aws:PrincipalArn']);
    expect(new Set(allowed['aws:PrincipalArn'])).toEqual(new Set(roles));
    // An event Lambda could not put there is deleted: its DeadLetterErrors are alarmed on, per function.
    const alarmed = Object.values(stack.Resources)
      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties?.MetricName === 'DeadLetterErrors')
      .map((r) => (r.Properties?.Dimensions as Array<{ Value: unknown }> | undefined)?.[0]?.Value);
    const names = asynchronous.map((name) => stack.Resources[name]?.Properties?.FunctionName);
    expect(new Set(alarmed)).toEqual(new Set(names));
    expect(stack.Resources.AsyncDeadLetterQueueAlarm?.Properties?.Dimensions).toEqual([
      { Name: 'QueueName', Value: { 'Fn::GetAtt': ['AsyncDeadLetterQueue', 'QueueName'] } },
    ]);
  });

  it("runs the key inventory in triage on EventBridge's schedule, its only rule without a pattern", () => {
    const schedules = Object.values(stack.Resources).filter(
      (r) => r.Type === 'AWS::Events::Rule' && !r.Properties?.EventPattern,
    );
    expect(schedules).toHaveLength(1);
    expect(schedules[0]?.Properties).toMatchObject({
      ScheduleExpression: 'rate(6 hours)',
      Targets: [{ Arn: { 'Fn::GetAtt': ['TriageLambdaFunction', 'Arn'] } }],
    });
  });

  it('deploys each state machine exactly as its file in statemachines/, once the plugin substitutions are undone', () => {
    const machines = Object.entries(stack.Resources).filter(
      ([, r]) => r.Type === 'AWS::StepFunctions::StateMachine',
    );
    expect(machines).toHaveLength(readdirSync(join(ROOT, 'statemachines')).length);
    for (const [, machine] of machines) {
      const [text, substitutions] = (
        (machine.Properties ?? {}).DefinitionString as { 'Fn::Sub': [string, Record<string, unknown>] }
      )['Fn::Sub'];
      const restored = text.replace(/"\$\{([0-9a-f]+)\}"/g, (_m, key: string) =>
        JSON.stringify(substitutions[key]),
      );
      const name = String(machine.Properties?.StateMachineName).replace(/^rekey-ci-/, '');
      const file = JSON.parse(readFileSync(join(ROOT, 'statemachines', `${name}.asl.json`), 'utf8'));
      expect(JSON.parse(restored), name).toEqual(file);
    }
  });

  it('grants no wildcard action, in the stack or in the member, management and forwarding templates', () => {
    for (const { name, template } of templates())
      for (const { resource, statement } of statements(template))
        for (const action of actions(statement))
          expect(action, `${name} ${resource}`).not.toMatch(/(^\*$|:\*$)/);
  });

  it("lets nothing read a secret's value but Rekey's own Slack secret", () => {
    for (const { name, template } of templates())
      for (const { resource, statement } of statements(template))
        if (actions(statement).some((a) => /secretsmanager:(Batch)?GetSecretValue/i.test(a)))
          expect({ where: `${name} ${resource}`, resource: statement.Resource }).toEqual({
            where: 'the packaged stack ' + resource,
            resource: {
              'Fn::Sub':
                'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:rekey/ci/slack-??????',
            },
          });
  });

  it('lets only the action function (and the member role acting for it) change IAM', () => {
    const changesIam = (s: Statement) =>
      s.Effect === 'Allow' && actions(s).some((a) => /^iam:(Put|Update|Attach|Detach|Delete|Create)/.test(a));
    const changers = templates().flatMap(({ name, template }) =>
      statements(template)
        .filter((s) => changesIam(s.statement))
        .map((s) => `${name}: ${s.resource}`),
    );
    expect([...new Set(changers)].sort()).toEqual([
      'member-role.cfn.yml: MemberRole',
      'the packaged stack: ActionRole',
    ]);
    const functionRoles = Object.entries(stack.Resources)
      .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
      .map(([, r]) => ((r.Properties ?? {}).Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0]);
    expect(new Set(functionRoles).size).toBe(functionRoles.length);
  });

  it('passes cfn-lint and checkov, with every suppression justified where it is configured', () => {
    const templateFiles = [
      join(packaged, 'cloudformation-template-update-stack.json'),
      ...standalone.map((f) => join(ROOT, 'resources', f)),
    ];
    const lint = spawnSync(join(ROOT, '.venv/bin/cfn-lint'), templateFiles, { cwd: ROOT, encoding: 'utf8' });
    expect({ code: lint.status, out: lint.stdout }).toEqual({ code: 0, out: '' });
    const checkov = spawnSync(
      join(ROOT, '.venv-checkov/bin/checkov'),
      ['--config-file', '.checkov.yaml', ...templateFiles.flatMap((f) => ['-f', f])],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(checkov.stdout).toMatch(/Failed checks: 0/);
    expect(checkov.status).toBe(0);
  });
});
