import {
  CreateSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { SecretsManagerSecrets } from '../../src/adapters/aws/secrets-manager-secrets.js';
import { SandboxAccount } from '../../src/adapters/sandbox/sandbox-account.js';
import { NotFoundError } from '../../src/domain/errors.js';
import type { PolicyDocument } from '../../src/domain/policy-document.js';
import type { Secrets } from '../../src/ports/secrets.js';
import { ManualClock } from '../support/fixed-clock.js';
import { freshMoto } from './fresh-moto.js';

/** A Secrets Manager to state AWS's behaviour against, and a way to create a secret (with a stuck AWSPENDING). */
interface SecretsWorld {
  secrets: Secrets;
  createSecret(
    name: string,
    options?: { tags?: Record<string, string>; stuckPending?: boolean },
  ): Promise<string>;
}

function sandboxWorld(): SecretsWorld {
  const account = new SandboxAccount({ id: '123456789012' }, new ManualClock('2026-11-28T09:00:00Z'));
  return {
    secrets: account.secretsPort(),
    createSecret: async (name, options = {}) => {
      const versions = [{ id: 'v1', stages: ['AWSCURRENT'], createdAt: '2026-11-01T00:00:00Z' }];
      if (options.stuckPending)
        versions.push({ id: 'v2', stages: ['AWSPENDING'], createdAt: '2026-11-02T00:00:00Z' });
      const seeded = new SandboxAccount(
        { id: '123456789012', secrets: [{ name, tags: options.tags ?? {}, versions }] },
        new ManualClock('2026-11-28T09:00:00Z'),
      );
      const secret = seeded.secrets.get(name);
      if (!secret) throw new Error('seeded');
      account.secrets.set(name, secret);
      return secret.arn;
    },
  };
}

async function motoWorld(endpoint: string): Promise<SecretsWorld> {
  const client = new SecretsManagerClient(await freshMoto(endpoint));
  return {
    secrets: new SecretsManagerSecrets({ client }),
    createSecret: async (name, options = {}) => {
      // Set-up only: the port under test has no way to read or write a value.
      const out = await client.send(
        new CreateSecretCommand({
          Name: name,
          SecretString: 'contract-test-placeholder',
          Tags: Object.entries(options.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
        }),
      );
      if (options.stuckPending) {
        await client.send(
          new PutSecretValueCommand({
            SecretId: name,
            SecretString: 'pending-placeholder',
            VersionStages: ['AWSPENDING'],
          }),
        );
      }
      return out.ARN ?? '';
    },
  };
}

const worlds: Array<[string, () => Promise<SecretsWorld>]> = [
  ['the sandbox', async () => sandboxWorld()],
  ['the Secrets Manager adapter against moto', () => motoWorld(inject('motoEndpoint'))],
];

const denyAlice: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyAlice',
      Effect: 'Deny',
      Principal: { AWS: 'arn:aws:iam::123456789012:user/alice' },
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
    },
  ],
};

describe.each(worlds)('Secrets Manager, as %s answers it', (_name, makeWorld) => {
  let world: SecretsWorld;
  beforeEach(async () => {
    world = await makeWorld();
  });

  it('describes a secret by name or ARN, with its tags and versions, without rotation configured', async () => {
    const arn = await world.createSecret('prod/payments/db', { tags: { owner: 'payments' } });
    const described = await world.secrets.describe(arn);
    expect(described).toMatchObject({
      arn,
      name: 'prod/payments/db',
      rotationEnabled: false,
      tags: { owner: 'payments' },
    });
    expect(described?.versions.filter((v) => v.stages.includes('AWSCURRENT'))).toHaveLength(1);
    await expect(world.secrets.describe('prod/payments/db')).resolves.toMatchObject({ arn });
    await expect(world.secrets.describe('no/such/secret')).resolves.toBeUndefined();
  });

  it('shows an AWSPENDING left on another version, and takes the label off it', async () => {
    const arn = await world.createSecret('prod/payments/db', { stuckPending: true });
    const pending = (await world.secrets.describe(arn))?.versions.find((v) =>
      v.stages.includes('AWSPENDING'),
    );
    expect(pending?.stages).not.toContain('AWSCURRENT');
    await world.secrets.removeStage(arn, 'AWSPENDING', pending?.versionId ?? '');
    const after = await world.secrets.describe(arn);
    expect(after?.versions.some((v) => v.stages.includes('AWSPENDING'))).toBe(false);
  });

  it('finishes a rotation by moving AWSCURRENT to the pending version, AWSPREVIOUS to the one it left', async () => {
    const arn = await world.createSecret('prod/payments/db', { stuckPending: true });
    const before = (await world.secrets.describe(arn))?.versions ?? [];
    const current = before.find((v) => v.stages.includes('AWSCURRENT'))?.versionId ?? '';
    const pending = before.find((v) => v.stages.includes('AWSPENDING'))?.versionId ?? '';
    await world.secrets.moveCurrent(arn, pending, current);
    const after = (await world.secrets.describe(arn))?.versions ?? [];
    expect(after.find((v) => v.versionId === pending)?.stages).toContain('AWSCURRENT');
    expect(after.find((v) => v.versionId === current)?.stages).toEqual(['AWSPREVIOUS']);
  });

  it('lists the secrets of the region by ARN and name, never a value', async () => {
    const first = await world.createSecret('prod/payments/db');
    const second = await world.createSecret('prod/orders/db');
    const listed = await world.secrets.list();
    expect(listed).toEqual(
      expect.arrayContaining([
        { arn: first, name: 'prod/payments/db' },
        { arn: second, name: 'prod/orders/db' },
      ]),
    );
    expect(listed).toHaveLength(2);
    expect(JSON.stringify(listed)).not.toMatch(/placeholder/);
  });

  it('replaces the whole resource policy on put, and reads it back', async () => {
    const arn = await world.createSecret('prod/payments/db');
    await expect(world.secrets.getResourcePolicy(arn)).resolves.toBeUndefined();
    await world.secrets.putResourcePolicy(arn, denyAlice);
    await expect(world.secrets.getResourcePolicy(arn)).resolves.toEqual(denyAlice);
    await world.secrets.deleteResourcePolicy(arn);
    await expect(world.secrets.getResourcePolicy(arn)).resolves.toBeUndefined();
  });

  it('answers ResourceNotFoundException (NotFoundError) for a secret that does not exist', async () => {
    await expect(world.secrets.getResourcePolicy('no/such/secret')).rejects.toBeInstanceOf(NotFoundError);
  });
});
