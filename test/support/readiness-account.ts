import { type AccountSeed, AccountSeedSchema } from '../../src/adapters/sandbox/account-seed.js';

const secretsRead = (resource: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: resource }],
});

/** An account built to exercise every readiness finding, at 2026-11-28T12:00:00Z. */
export const readinessAccount: AccountSeed = AccountSeedSchema.parse({
  id: '111122223333',
  region: 'us-east-1',
  network: { instances: [], natGateways: [], regions: ['us-east-1', 'eu-west-1'] },
  cloudTrail: [
    {
      eventTime: '2026-11-27T03:00:00Z',
      eventName: 'RotationFailed',
      eventSource: 'secretsmanager.amazonaws.com',
      secretName: 'prod/reports/db',
    },
  ],
  monitoring: {
    trails: [{ name: 'home-only', multiRegion: false, logging: true, managementEvents: true }],
    guardDuty: { 'us-east-1': true, 'eu-west-1': false },
  },
  users: [
    {
      name: 'ci',
      accessKeys: [
        {
          id: 'AKIAREADYCIKEY000001',
          createdAt: '2025-01-10T00:00:00Z',
          lastUsed: { at: '2026-11-27T10:00:00Z', service: 's3', region: 'us-east-1' },
        },
      ],
    },
    { name: 'stale', accessKeys: [{ id: 'AKIAREADYSTALEKEY001', createdAt: '2026-03-01T00:00:00Z' }] },
    {
      name: 'fresh',
      accessKeys: [
        {
          id: 'AKIAREADYFRESHKEY001',
          createdAt: '2026-11-01T00:00:00Z',
          lastUsed: { at: '2026-11-28T09:00:00Z', service: 'sts', region: 'us-east-1' },
        },
      ],
    },
    {
      name: 'break-glass',
      tags: { 'rekey:protected': 'true' },
      accessKeys: [
        {
          id: 'AKIAREADYBREAKGLASS1',
          createdAt: '2026-10-01T00:00:00Z',
          lastUsed: { at: '2026-11-20T00:00:00Z', service: 'iam', region: 'us-east-1' },
        },
      ],
    },
  ],
  roles: [
    {
      name: 'payments-app',
      inlinePolicies: { read: secretsRead('arn:aws:secretsmanager:*:*:secret:prod/payments/*') },
    },
    { name: 'ops-admin', managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] },
    { name: 'AWSServiceRoleForSupport', path: '/aws-service-role/support.amazonaws.com/' },
    { name: 'AWSReservedSSO_Admin_0123456789abcdef', path: '/aws-reserved/sso.amazonaws.com/' },
  ],
  secrets: [
    {
      name: 'prod/payments/db',
      rotationLambdaArn: 'arn:aws:lambda:us-east-1:111122223333:function:rotate-payments-multiuser',
      rotationDays: 30,
      lastRotatedAt: '2026-11-18T00:00:00Z',
      kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      tags: { env: 'production' },
      replicas: ['eu-west-1'],
      resourcePolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::111122223333:role/payments-app' },
            Action: 'secretsmanager:GetSecretValue',
            Resource: '*',
          },
        ],
      },
    },
    { name: 'prod/legacy/api-key', tags: { env: 'production' } },
    {
      name: 'prod/orders/db',
      rotationLambdaArn: 'arn:aws:lambda:us-east-1:111122223333:function:rotate-orders-singleuser',
      rotationDays: 30,
      lastRotatedAt: '2026-11-01T00:00:00Z',
      kmsKeyId: 'alias/orders',
      tags: { env: 'production', 'rekey:readers': 'ops-admin' },
      versions: [
        { id: 'v-current', stages: ['AWSCURRENT'], createdAt: '2026-11-01T00:00:00Z' },
        { id: 'v-stuck', stages: ['AWSPENDING'], createdAt: '2026-11-26T00:00:00Z' },
      ],
    },
    {
      name: 'prod/reports/db',
      rotationLambdaArn: 'arn:aws:lambda:us-east-1:111122223333:function:rotate-reports-singleuser',
      rotationDays: 30,
      lastRotatedAt: '2026-11-20T00:00:00Z',
      kmsKeyId: 'alias/reports',
      tags: { env: 'production', 'rekey:readers': 'ops-admin' },
    },
    {
      name: 'dev/reports/token',
      rotationLambdaArn: 'arn:aws:lambda:us-east-1:111122223333:function:rotate-token',
      rotationDays: 7,
      lastRotatedAt: '2026-09-01T00:00:00Z',
      kmsKeyId: 'alias/dev',
      tags: { 'rekey:readers': 'ops-admin' },
    },
    {
      name: 'shared/public',
      rotationLambdaArn: 'arn:aws:lambda:us-east-1:111122223333:function:rotate-shared',
      lastRotatedAt: '2026-11-20T00:00:00Z',
      kmsKeyId: 'alias/shared',
      tags: { 'rekey:readers': 'ops-admin' },
      resourcePolicy: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' },
        ],
      },
    },
  ],
});
