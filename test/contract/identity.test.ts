import { beforeEach, describe, expect, inject, it } from 'vitest';
import { revokeSessionsPolicy } from '../../src/domain/deny-policy.js';
import { ConflictError, NotFoundError, PolicyQuotaExceededError } from '../../src/domain/errors.js';
import type { PolicyDocument } from '../../src/domain/policy-document.js';
import { type IdentityWorld, motoWorld, sandboxWorld } from './worlds.js';

const worlds: Array<[string, () => Promise<IdentityWorld>]> = [
  ['the sandbox', async () => sandboxWorld()],
  ['the IAM adapter against moto', () => motoWorld(inject('motoEndpoint'))],
];

const deny = revokeSessionsPolicy(new Date('2026-11-28T09:04:00Z'));
const alice = { kind: 'user' as const, name: 'alice' };
const deployer = { kind: 'role' as const, name: 'deployer' };

/** AWS's behaviour for the IAM calls Rekey makes, stated once and held by both implementations. */
describe.each(worlds)('IAM, as %s answers it', (_name, makeWorld) => {
  let world: IdentityWorld;
  beforeEach(async () => {
    world = await makeWorld();
  });

  it('names the owner of a key of the account, and nothing for a key it does not have', async () => {
    await world.createUser('alice');
    const key = await world.createAccessKey('alice');
    await expect(world.identity.accessKeyLastUsed(key)).resolves.toMatchObject({ userName: 'alice' });
    await expect(world.identity.accessKeyLastUsed('AKIAZZZZZZZZZZZZZZZZ')).resolves.toBeUndefined();
  });

  it('deactivates one key and leaves its sibling active', async () => {
    await world.createUser('alice');
    const exposed = await world.createAccessKey('alice');
    const sibling = await world.createAccessKey('alice');
    await world.identity.updateAccessKeyStatus('alice', exposed, 'Inactive');
    const keys = await world.identity.listAccessKeys('alice');
    expect(Object.fromEntries(keys.map((k) => [k.accessKeyId, k.status]))).toEqual({
      [exposed]: 'Inactive',
      [sibling]: 'Active',
    });
  });

  it('answers NoSuchEntity (NotFoundError) for a user that does not exist', async () => {
    await expect(
      world.identity.updateAccessKeyStatus('mallory', 'AKIAZZZZZZZZZZZZZZZZ', 'Inactive'),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(world.identity.getPrincipal({ kind: 'user', name: 'mallory' })).resolves.toBeUndefined();
  });

  it('reads principals with their tags', async () => {
    const arn = await world.createRole('deployer', { 'rekey:protected': 'true' });
    await expect(world.identity.getPrincipal(deployer)).resolves.toMatchObject({
      kind: 'role',
      name: 'deployer',
      arn,
      tags: { 'rekey:protected': 'true' },
    });
  });

  it.each([alice, deployer])(
    'puts, reads, lists and deletes inline policies of a $kind',
    async (principal) => {
      if (principal.kind === 'user') await world.createUser('alice');
      else await world.createRole('deployer');
      await world.identity.putInlinePolicy(principal, 'rekey-revoke', deny);
      await expect(world.identity.getInlinePolicy(principal, 'rekey-revoke')).resolves.toEqual(deny);
      await expect(world.identity.listInlinePolicyNames(principal)).resolves.toEqual(['rekey-revoke']);
      await world.identity.deleteInlinePolicy(principal, 'rekey-revoke');
      await expect(world.identity.getInlinePolicy(principal, 'rekey-revoke')).resolves.toBeUndefined();
      await expect(world.identity.deleteInlinePolicy(principal, 'rekey-revoke')).rejects.toBeInstanceOf(
        NotFoundError,
      );
    },
  );

  it('creates a managed policy under /rekey/, attaches it once however often asked, and deletes it once detached', async () => {
    await world.createUser('alice');
    const arn = await world.identity.createManagedPolicy('rekey-revoke-sessions-rk-1', deny, 'Rekey rk-1');
    expect(arn).toMatch(/^arn:aws:iam::\d{12}:policy\/rekey\/rekey-revoke-sessions-rk-1$/);
    await expect(world.managedPolicy(arn)).resolves.toEqual(deny);
    await expect(
      world.identity.createManagedPolicy('rekey-revoke-sessions-rk-1', deny, 'again'),
    ).rejects.toBeInstanceOf(ConflictError);
    await world.identity.attachManagedPolicy(alice, arn);
    await world.identity.attachManagedPolicy(alice, arn);
    await expect(world.identity.listAttachedPolicyArns(alice)).resolves.toEqual([arn]);
    await world.identity.detachManagedPolicy(alice, arn);
    await world.identity.deleteManagedPolicy(arn);
    await expect(world.managedPolicy(arn)).resolves.toBeUndefined();
  });

  it('removes a console password (Rekey never creates one)', async () => {
    await world.createUser('alice', { loginProfile: true });
    await expect(world.identity.getLoginProfile('alice')).resolves.toMatchObject({
      passwordResetRequired: false,
    });
    await world.identity.deleteLoginProfile('alice');
    await expect(world.identity.getLoginProfile('alice')).resolves.toBeUndefined();
    await expect(world.identity.deleteLoginProfile('alice')).rejects.toBeInstanceOf(NotFoundError);
  });
});

/**
 * Where moto differs from AWS (it does not enforce IAM's quotas), the sandbox keeps AWS's side; the adapter's
 * handling of AWS's LimitExceeded answer is specified with aws-sdk-client-mock in test/unit/adapters/aws.
 */
describe('where moto differs from AWS: quotas and delete conflicts (the sandbox)', () => {
  const big = (characters: number): PolicyDocument => {
    const skeleton = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: '', Effect: 'Deny', Action: 'x:y', Resource: '*' }],
    });
    return {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'S'.repeat(characters - skeleton.length), Effect: 'Deny', Action: 'x:y', Resource: '*' },
      ],
    };
  };

  it('caps a user inline policies at 2,048 characters and a role at 10,240', async () => {
    const world = sandboxWorld();
    await world.createUser('alice');
    await world.createRole('deployer');
    await expect(world.identity.putInlinePolicy(alice, 'a', big(2049))).rejects.toBeInstanceOf(
      PolicyQuotaExceededError,
    );
    await world.identity.putInlinePolicy(deployer, 'a', big(10_240));
    await expect(world.identity.putInlinePolicy(deployer, 'b', big(100))).rejects.toBeInstanceOf(
      PolicyQuotaExceededError,
    );
  });

  it('refuses to delete a managed policy while it is attached (DeleteConflict)', async () => {
    const world = sandboxWorld();
    await world.createUser('alice');
    const arn = await world.identity.createManagedPolicy('p', deny, '');
    await world.identity.attachManagedPolicy(alice, arn);
    await expect(world.identity.deleteManagedPolicy(arn)).rejects.toBeInstanceOf(ConflictError);
  });

  it('caps managed policy attachments at 10 per principal', async () => {
    const world = sandboxWorld();
    await world.createUser('alice');
    for (let i = 0; i < 10; i += 1) {
      await world.identity.attachManagedPolicy(
        alice,
        await world.identity.createManagedPolicy(`p${i}`, deny, ''),
      );
    }
    const eleventh = await world.identity.createManagedPolicy('p10', deny, '');
    await expect(world.identity.attachManagedPolicy(alice, eleventh)).rejects.toBeInstanceOf(
      PolicyQuotaExceededError,
    );
  });
});
