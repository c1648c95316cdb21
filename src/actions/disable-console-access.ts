import { disableConsoleAccess } from '../domain/actions.js';
import { NotFoundError } from '../domain/errors.js';
import type { Action } from './action.js';
import { containable } from './guard.js';

/**
 * Removes the user's console password. It is not undone by a rollback: Rekey creates no console password (it
 * would have to choose one, and the right to create login profiles is one an attacker wants); the journal keeps
 * that one existed and whether a reset was required, and an administrator sets a new one.
 */
export const disableConsoleAccessAction: Action<typeof disableConsoleAccess> = {
  descriptor: disableConsoleAccess,
  plan: () => ({}),
  observe: async ({ userName }, _plan, context) => {
    const profile = await context.identity.getLoginProfile(userName).catch((error: unknown) => {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    });
    return { loginProfile: profile ? { passwordResetRequired: profile.passwordResetRequired } : null };
  },
  async calls({ userName }, _plan, context) {
    const user = await containable({ kind: 'user', name: userName }, context);
    return [{ operation: 'iam:DeleteLoginProfile', resource: user.arn }];
  },
  async apply({ userName }, plan, context) {
    await containable({ kind: 'user', name: userName }, context);
    const profile = await context.identity.getLoginProfile(userName);
    const before = (plan.before as { loginProfile?: unknown } | undefined)?.loginProfile;
    if (!profile && before) {
      // An earlier attempt of this step removed it: still this step's change, and still undone with it.
      return {
        status: 'changed',
        summary: `${userName}'s console password removed (by an earlier attempt)`,
        prior: { loginProfile: before },
      };
    }
    if (!profile) return { status: 'unchanged', summary: `${userName} has no console password` };
    await context.identity.deleteLoginProfile(userName);
    return {
      status: 'changed',
      summary: `${userName}'s console password removed`,
      prior: {
        loginProfile: {
          createDate: profile.createDate,
          passwordResetRequired: profile.passwordResetRequired,
        },
      },
    };
  },
};
