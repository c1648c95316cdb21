import { deactivateAccessKey } from '../domain/actions.js';
import { NotFoundError } from '../domain/errors.js';
import { type Action, type ActionContext, type ActionResult, type Undo, withPartialUndo } from './action.js';
import { containable } from './guard.js';

type KeyStatus = 'Active' | 'Inactive';

/** The keys a step names: its one key, or its list (every exposed key of a user). */
function keysOf({ accessKeyId, accessKeyIds }: { accessKeyId?: string; accessKeyIds?: string[] }): string[] {
  return accessKeyIds ?? (accessKeyId ? [accessKeyId] : []);
}

/** A key's status before the first attempt (`before`: `{ status }` for one key, `{ statuses }` for several). */
function statusBefore(before: unknown, accessKeyId: string, single: boolean): string | null | undefined {
  const observed = before as { status?: string | null; statuses?: Record<string, string | null> } | undefined;
  return single ? observed?.status : observed?.statuses?.[accessKeyId];
}

/** Sets one key Inactive, telling by its status before the first attempt whether an earlier attempt did it. */
async function deactivateOne(
  userName: string,
  accessKeyId: string,
  before: string | null | undefined,
  context: ActionContext,
): Promise<ActionResult> {
  const { identity, clock } = context;
  const status =
    context.observedJustNow && before !== undefined
      ? before
      : (await identity.listAccessKeys(userName)).find((k) => k.accessKeyId === accessKeyId)?.status;
  if (!status) throw new NotFoundError(`user ${userName} has no access key ${accessKeyId}`);
  const key = { status: status as KeyStatus };
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
}

/**
 * Sets the exposed key Inactive, or each exposed key of a user in turn (never deletes one: it is the pivot of the
 * investigation); keys not named are untouched. Several keys are one step: one approval, one journal entry, one
 * undo that reactivates every key the step deactivated.
 */
export const deactivateAccessKeyAction: Action<typeof deactivateAccessKey> = {
  descriptor: deactivateAccessKey,
  independentObservation: true,
  plan: () => ({}),
  observe: async (parameters, _plan, context) => {
    const { userName } = parameters;
    const named = keysOf(parameters);
    const [keys] = await Promise.all([
      context.identity.listAccessKeys(userName).catch((error: unknown) => {
        if (error instanceof NotFoundError) return [];
        throw error;
      }),
      // The guard's read, at the same time: apply finds the user already read.
      context.identity.getPrincipal({ kind: 'user', name: userName }).catch(() => undefined),
    ]);
    const statusOf = (id: string) => keys.find((k) => k.accessKeyId === id)?.status ?? null;
    // One key (named alone, or a list of one) is journaled as it always was.
    if (named.length === 1) return { status: statusOf(named[0] as string) };
    return { statuses: Object.fromEntries(named.map((id) => [id, statusOf(id)])) };
  },
  async calls({ userName }, _plan, context) {
    const user = await containable({ kind: 'user', name: userName }, context);
    return [{ operation: 'iam:UpdateAccessKey', resource: user.arn }];
  },
  async apply(parameters, plan, context) {
    const { userName } = parameters;
    const accessKeyIds = keysOf(parameters);
    await containable({ kind: 'user', name: userName }, context);
    if (accessKeyIds.length === 1) {
      const accessKeyId = accessKeyIds[0] as string;
      return deactivateOne(userName, accessKeyId, statusBefore(plan.before, accessKeyId, true), context);
    }
    const results: ActionResult[] = [];
    const undo: Undo[] = [];
    for (const accessKeyId of accessKeyIds) {
      try {
        const result = await deactivateOne(
          userName,
          accessKeyId,
          statusBefore(plan.before, accessKeyId, false),
          context,
        );
        results.push(result);
        if (result.undo) undo.push(result.undo);
      } catch (error) {
        // The keys already deactivated stay so: a rollback still undoes them, and a retry finds them done.
        throw withPartialUndo(error, undo, [userName, ...accessKeyIds]);
      }
    }
    const changed = undo.length > 0;
    return {
      status: changed ? 'changed' : 'unchanged',
      summary: results.map((r) => r.summary).join('; '),
      prior: {
        statuses: Object.fromEntries(
          accessKeyIds.map((id, i) => [
            id,
            (results[i]?.prior as { status?: string } | undefined)?.status ?? null,
          ]),
        ),
      },
      ...(changed
        ? {
            undo:
              undo.length === 1 ? (undo[0] as Undo) : { operation: 'rekey:UndoAll', parameters: { undo } },
          }
        : {}),
      facts: { inactiveAt: context.clock.now().toISOString(), accessKeyIds },
    };
  },
};
