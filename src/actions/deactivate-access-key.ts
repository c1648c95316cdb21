import { deactivateAccessKey } from '../domain/actions.js';
import { NotFoundError } from '../domain/errors.js';
import type { Action } from './action.js';
import { containable } from './guard.js';

/** Sets the exposed key Inactive (never deletes it: it is the pivot of the investigation); siblings untouched. */
export const deactivateAccessKeyAction: Action<typeof deactivateAccessKey> = {
  descriptor: deactivateAccessKey,
  independentObservation: true,
  plan: () => ({}),
  observe: async ({ userName, accessKeyId }, _plan, context) => {
    const [keys] = await Promise.all([
      context.identity.listAccessKeys(userName).catch((error: unknown) => {
        if (error instanceof NotFoundError) return [];
        throw error;
      }),
      // The guard's read, at the same time: apply finds the user already read.
      context.identity.getPrincipal({ kind: 'user', name: userName }).catch(() => undefined),
    ]);
    return { status: keys.find((k) => k.accessKeyId === accessKeyId)?.status ?? null };
  },
  async calls({ userName }, _plan, context) {
    const user = await containable({ kind: 'user', name: userName }, context);
    return [{ operation: 'iam:UpdateAccessKey', resource: user.arn }];
  },
  async apply({ userName, accessKeyId }, plan, context) {
    const { identity, clock } = context;
    await containable({ kind: 'user', name: userName }, context);
    const before = (plan.before as { status?: string | null } | undefined)?.status;
    const status =
      context.observedJustNow && before !== undefined
        ? before
        : (await identity.listAccessKeys(userName)).find((k) => k.accessKeyId === accessKeyId)?.status;
    if (!status) throw new NotFoundError(`user ${userName} has no access key ${accessKeyId}`);
    const key = { status: status as 'Active' | 'Inactive' };
    const prior = { status: key.status };
    if (key.status === 'Inactive' && before === 'Active') {
      // An earlier attempt of this step deactivated it: still this step's change, and still undone with it.
      return {
        status: 'changed',
        summary: `${accessKeyId} of ${userName} set to Inactive (was Active; by an earlier attempt)`,
        prior: { status: 'Active' },
        undo: { operation: 'iam:UpdateAccessKey', parameters: { userName, accessKeyId, status: 'Active' } },
        facts: { inactiveAt: clock.now().toISOString() },
      };
    }
    if (key.status === 'Inactive') {
      return {
        status: 'unchanged',
        summary: `${accessKeyId} was already Inactive`,
        prior,
        facts: { inactiveAt: clock.now().toISOString() },
      };
    }
    await identity.updateAccessKeyStatus(userName, accessKeyId, 'Inactive');
    return {
      status: 'changed',
      summary: `${accessKeyId} of ${userName} set to Inactive (was Active)`,
      prior,
      undo: { operation: 'iam:UpdateAccessKey', parameters: { userName, accessKeyId, status: 'Active' } },
      facts: { inactiveAt: clock.now().toISOString() },
    };
  },
};
