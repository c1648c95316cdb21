import type { AccountSeedInput } from '../../src/adapters/sandbox/account-seed.js';

/** A small account: alice with an exposed key and a sibling, a session minted before detection, and bob. */
export const aliceAccount: AccountSeedInput = {
  id: '111122223333',
  users: [
    {
      name: 'alice',
      managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
      accessKeys: [
        { id: 'AKIAIOSFODNN7EXAMPLE', createdAt: '2025-03-02T10:00:00Z' },
        { id: 'AKIAI44QH8DHBEXAMPLE', createdAt: '2026-06-01T10:00:00Z' },
      ],
      sessions: [{ id: 'ASIAQNZGKIQY56JQ7WML', issuedAt: '2026-11-28T08:55:12Z' }],
    },
    { name: 'bob', accessKeys: [{ id: 'AKIAJ2QXEXAMPLEKEY77', createdAt: '2026-01-01T00:00:00Z' }] },
    { name: 'break-glass', accessKeys: [{ id: 'AKIABREAKGLASSEXAMPL', createdAt: '2026-01-01T00:00:00Z' }] },
  ],
};
