import type { SandboxAccount } from '../adapters/sandbox/sandbox-account.js';
import { asList, statementsOf } from '../domain/policy-document.js';

/**
 * Which permission sets of the drill's Identity Center (whichever account of the drill holds its instance) deny a
 * user everything, by `identitystore:userId` (in any case: condition keys are case-insensitive), in their inline
 * policy: against the expected ones, exactly.
 */
export function identityCenterDenied(
  accounts: readonly SandboxAccount[],
  userName: string,
  expected: readonly string[],
): { label: string; passed: boolean; found: string } {
  const label = `${userName} is denied in exactly ${expected.length ? expected.join(', ') : 'no permission set'}`;
  const center = accounts.find((a) => a.identityCenter)?.identityCenter;
  const userId = center?.users.find((u) => u.userName === userName)?.userId;
  if (!center || !userId) return { label, passed: false, found: 'no such Identity Center user' };
  const denies = (document: Parameters<typeof statementsOf>[0]) =>
    statementsOf(document).some(
      (s) =>
        s.Effect === 'Deny' &&
        asList(s.Action).includes('*') &&
        Object.entries(s.Condition?.StringEquals ?? {}).some(
          ([key, value]) => key.toLowerCase() === 'identitystore:userid' && asList(value).includes(userId),
        ),
    );
  const found = center.permissionSets
    .filter((set) => set.inlinePolicy && denies(set.inlinePolicy))
    .map((set) => set.name)
    .sort();
  return {
    label,
    passed: found.join() === [...expected].sort().join(),
    found: found.length ? `denied in ${found.join(', ')}` : 'denied in no permission set',
  };
}
