import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateDetectorCommand, GuardDutyClient } from '@aws-sdk/client-guardduty';
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateSecretCommand,
  PutResourcePolicyCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ReadinessReport } from '../../src/app/readiness/readiness.js';
import { freshMoto } from './fresh-moto.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ACCOUNT = '123456789012';
const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});

/** Every request through the proxy, named as AWS names the operation. */
const requests: string[] = [];
let proxy: Server;
let proxyUrl = '';

/** The operation a request calls: JSON protocols name it in X-Amz-Target, query protocols in Action; REST by route. */
function operationOf(method: string, path: string, headers: Record<string, unknown>, body: string): string {
  const target = headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop() ?? target;
  const action = new URLSearchParams(body).get('Action');
  if (action) return action;
  return `${method} ${path.split('?')[0]}`;
}

/** A moto world set up the way a team's account might look, through its own clients (not the readiness code). */
async function seed(endpoint: string): Promise<void> {
  const config = await freshMoto(endpoint);
  const iam = new IAMClient(config);
  await iam.send(new CreateUserCommand({ UserName: 'ci' }));
  await iam.send(new CreateAccessKeyCommand({ UserName: 'ci' }));
  await iam.send(new CreateRoleCommand({ RoleName: 'payments-app', AssumeRolePolicyDocument: trust }));
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'payments-app',
      PolicyName: 'read-payments',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'secretsmanager:GetSecretValue',
            Resource: 'arn:aws:secretsmanager:*:*:secret:prod/payments/*',
          },
        ],
      }),
    }),
  );
  await iam.send(new CreateRoleCommand({ RoleName: 'ops-admin', AssumeRolePolicyDocument: trust }));
  await iam.send(new CreateRoleCommand({ RoleName: 'rekey-member', AssumeRolePolicyDocument: trust }));
  const admin = await iam.send(
    new CreatePolicyCommand({
      PolicyName: 'ops-everything',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
      }),
    }),
  );
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'ops-admin', PolicyArn: admin.Policy?.Arn }));
  const secrets = new SecretsManagerClient(config);
  const payments = await secrets.send(
    new CreateSecretCommand({
      Name: 'prod/payments/db',
      SecretString: 'contract-test-placeholder',
      Tags: [{ Key: 'env', Value: 'production' }],
    }),
  );
  await secrets.send(
    new PutResourcePolicyCommand({
      SecretId: payments.ARN,
      ResourcePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/payments-app` },
            Action: 'secretsmanager:GetSecretValue',
            Resource: '*',
          },
        ],
      }),
    }),
  );
  await new S3Client({ ...config, forcePathStyle: true }).send(
    new CreateBucketCommand({ Bucket: 'trail-logs' }),
  );
  const trails = new CloudTrailClient(config);
  await trails.send(
    new CreateTrailCommand({ Name: 'org', S3BucketName: 'trail-logs', IsMultiRegionTrail: true }),
  );
  await trails.send(new StartLoggingCommand({ Name: 'org' }));
  await new GuardDutyClient(config).send(new CreateDetectorCommand({ Enable: true }));
}

/** Runs the CLI as a user would, pointed at the proxy by AWS_ENDPOINT_URL. */
function rekey(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        AWS_ENDPOINT_URL: proxyUrl,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_REGION: 'us-east-1',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

beforeAll(async () => {
  const endpoint = inject('motoEndpoint');
  await seed(endpoint);
  proxy = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    requests.push(
      operationOf(request.method ?? 'GET', request.url ?? '/', request.headers, body.toString('utf8')),
    );
    const headers = Object.fromEntries(
      Object.entries(request.headers).flatMap(([k, v]) =>
        typeof v === 'string' && k !== 'host' ? [[k, v]] : [],
      ),
    );
    const answer = await fetch(`${endpoint}${request.url ?? '/'}`, {
      method: request.method ?? 'GET',
      headers,
      ...(body.length ? { body } : {}),
    });
    response.writeHead(answer.status, Object.fromEntries(answer.headers));
    response.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const address = proxy.address();
  proxyUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}, 60_000);

afterAll(() => new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve())));

describe('rekey readiness --live against moto', () => {
  it('reports the account from read-only calls alone', async () => {
    const { code, stdout, stderr } = await rekey([
      'readiness',
      '--live',
      '--json',
      '--regions',
      'us-east-1,eu-west-1',
      '--responders',
      '2',
      '--member-role',
      'rekey-member',
      '--accounts',
      '210987654321',
    ]);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as ReadinessReport;
    expect(report.accountId).toBe(ACCOUNT);
    const checks = report.findings.map((f) => `${f.check} ${f.subject}`);
    expect(checks).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^secret-rotation-missing arn:aws:secretsmanager:us-east-1:123456789012:secret:prod\/payments\/db-/,
        ),
        expect.stringMatching(/^secret-unexpected-reader arn:aws:secretsmanager:.*prod\/payments\/db-/),
        'guardduty-disabled eu-west-1',
        'rekey-slack slack',
      ]),
    );
    expect(checks.some((c) => c.startsWith('rekey-member-role'))).toBe(false);
    expect(checks.some((c) => c.startsWith('cloudtrail-management-events'))).toBe(false);
    expect(checks.some((c) => c.startsWith('guardduty-disabled us-east-1'))).toBe(false);
    const payments = report.secrets.find((s) => s.name === 'prod/payments/db');
    expect(payments?.readers.sort()).toEqual([
      `arn:aws:iam::${ACCOUNT}:role/ops-admin`,
      `arn:aws:iam::${ACCOUNT}:role/payments-app`,
    ]);
    expect(payments?.unexpectedReaders).toEqual([`arn:aws:iam::${ACCOUNT}:role/ops-admin`]);
    // moto has no CloudTrail LookupEvents: the report is made from the rest and says what it could not read.
    expect(report.unread).toEqual([
      expect.stringMatching(/^RotationFailed events in us-east-1 \(cloudtrail:LookupEvents\)/),
    ]);
    // moto has no CloudTrail LookupEvents: the report is made from the rest and says what it could not read.
    expect(report.unread).toEqual([
      expect.stringMatching(/^RotationFailed events in us-east-1 \(cloudtrail:LookupEvents\)/),
    ]);

    // The proof: every request that reached AWS only read.
    expect(requests.length).toBeGreaterThan(10);
    // sts:AssumeRole, into the member role of another account, changes nothing: it only proves the role is there.
    const writes = requests.filter(
      (r) => !/^(Describe|Get|List|LookupEvents|GET )/.test(r) && r !== 'AssumeRole',
    );
    expect(writes, requests.join(', ')).toEqual([]);
    expect(requests).toEqual(
      expect.arrayContaining(['GetAccountAuthorizationDetails', 'ListSecrets', 'DescribeTrails']),
    );
  }, 120_000);
});
