import { describe, expect, it } from 'vitest';
import { MemoryKeyOwners } from '../../../src/adapters/local/memory-key-owners.js';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { takeKeyInventory } from '../../../src/app/key-inventory.js';
import { NotContainableError, NotFoundError, ThrottlingError } from '../../../src/domain/errors.js';
import { ManualClock } from '../../support/fixed-clock.js';

describe('the key inventory', () => {
  it('records every key of every user with its owner, and reports an account it cannot read without stopping', async () => {
    const clock = new ManualClock('2026-11-28T10:40:00Z');
    const users = Array.from({ length: 11 }, (_, i) => ({
      name: `user-${i}`,
      accessKeys: [
        { id: `AKIAUSER${String(i).padStart(12, '0')}`, createdAt: '2025-03-02T10:00:00Z' },
        ...(i === 3
          ? [{ id: 'AKIAUSER3SECONDKEY01', createdAt: '2025-04-02T10:00:00Z', status: 'Inactive' as const }]
          : []),
      ],
    }));
    const sandbox = new SandboxAccount({ id: '111122223333', users }, clock);
    const index = new MemoryKeyOwners();

    const report = await takeKeyInventory(
      ['999988887777', '111122223333'],
      (accountId) => {
        if (accountId !== '111122223333')
          throw new NotContainableError(`Rekey cannot assume its member role in ${accountId}: AccessDenied`);
        return sandbox.identity();
      },
      index,
    );

    expect(report).toEqual({
      '999988887777': { unread: 'Rekey cannot assume its member role in 999988887777: AccessDenied' },
      '111122223333': { keys: 12 },
    });
    expect(await index.ownerOf('111122223333', 'AKIAUSER000000000010')).toBe('user-10');
    expect(await index.ownerOf('111122223333', 'AKIAUSER3SECONDKEY01')).toBe('user-3');
    expect(await index.ownerOf('999988887777', 'AKIAUSER000000000010')).toBeUndefined();
  });

  it('skips a user deleted since ListUsers, and keeps what it read of an account IAM then throttles', async () => {
    const clock = new ManualClock('2026-11-28T10:40:00Z');
    const users = Array.from({ length: 12 }, (_, i) => ({
      name: `user-${i}`,
      accessKeys: [{ id: `AKIAUSER${String(i).padStart(12, '0')}`, createdAt: '2025-03-02T10:00:00Z' }],
    }));
    const sandbox = new SandboxAccount({ id: '111122223333', users }, clock);
    const index = new MemoryKeyOwners();
    const identity = sandbox.identity();
    // user-2 is deleted between the two calls; IAM throttles from the tenth user on.
    const churned = Object.assign(Object.create(identity), {
      listAccessKeys: async (userName: string) => {
        if (userName === 'user-2') throw new NotFoundError('The user with name user-2 cannot be found.');
        if (Number(userName.split('-')[1]) >= 9) throw new ThrottlingError('Rate exceeded');
        return identity.listAccessKeys(userName);
      },
    });

    const report = await takeKeyInventory(['111122223333'], () => churned, index);

    expect(report).toEqual({ '111122223333': { unread: 'Rate exceeded' } });
    expect(await index.ownerOf('111122223333', 'AKIAUSER000000000007')).toBe('user-7');
    expect(await index.ownerOf('111122223333', 'AKIAUSER000000000002')).toBeUndefined();
    expect(await index.ownerOf('111122223333', 'AKIAUSER000000000008')).toBeUndefined();
  });
});
