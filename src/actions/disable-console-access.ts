import { disableConsoleAccess } from '../domain/actions.js';
import type { Action } from './action.js';
import { containable } from './guard.js';

/**
 * Removes the user's console password. What is kept to restore it: that one existed and whether a reset was
 * required; a restore gives a new random password that must be reset (the old one is gone, and Rekey never
 * knows or stores a password).
 */
export const disableConsoleAccessAction: Action<typeof disableConsoleAccess> = {
  descriptor: disableConsoleAccess,
  plan: () => ({}),
  async calls({ userName }, _plan, context) {
    const user = await containable({ kind: 'user', name: userName }, context);
    return [{ operation: 'iam:DeleteLoginProfile', resource: user.arn }];
  },
  async apply({ userName }, _plan, context) {
    await containable({ kind: 'user', name: userName }, context);
    const profile = await context.identity.getLoginProfile(userName);
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
      undo: { operation: 'iam:CreateLoginProfile', parameters: { userName } },
    };
  },
};
