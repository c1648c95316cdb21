import { containSecretReader } from '../domain/actions.js';
import { NotContainableError } from '../domain/errors.js';
import {
  type Action,
  type ActionContext,
  type ActionResult,
  type PlannedCall,
  type Undo,
  withPartialUndo,
} from './action.js';
import { deactivateAccessKeyAction } from './deactivate-access-key.js';
import { type DenyBefore, observeDeny } from './deny-placement.js';
import { revokeSessionsAction } from './revoke-sessions.js';
import { type ReaderRef, readerIdentity, readerRef, signalKeys } from './secret-reader.js';

/** The reader, or why Rekey cannot contain it (escalated: people contain it). */
function reader(readerArn: string): ReaderRef {
  const ref = readerRef(readerArn);
  if (!ref)
    throw new NotContainableError(
      `the reader ${readerArn} is neither an IAM user nor a role's session: people must contain it`,
    );
  return ref;
}

/** The context to act on the reader with: its own account's IAM (through the member role for another account). */
function inReaderAccount(ref: ReaderRef, accountId: string, context: ActionContext): ActionContext {
  const identity = readerIdentity(ref, accountId, context);
  if (!identity)
    throw new NotContainableError(`the reader is in account ${ref.accountId}, which Rekey cannot reach`);
  return { ...context, identity };
}

/** All of it undone together, in the reader's account when that is not the step's. */
function undoAll(ref: ReaderRef, accountId: string, undo: Undo[]): Undo {
  const all: Undo = { operation: 'rekey:UndoAll', parameters: { undo } };
  return ref.accountId === accountId
    ? all
    : { operation: 'rekey:InAccount', parameters: { accountId: ref.accountId, undo: all } };
}

/** The long-term keys of the plan (the keys the reader's signals name), which a user's containment deactivates. */
const longTermKeys = (plan: Record<string, unknown>) =>
  ((plan.keys as string[] | undefined) ?? []).filter((k) => k.startsWith('AKIA'));

/**
 * The reader of secrets is the likely compromised credential: an IAM user has the long-term keys it read with
 * deactivated (never deleted) and its sessions revoked (`aws:TokenIssueTime`; a read with a session of the user is
 * cut off by that deny); a role's session has the role's sessions revoked. Composed of deactivate-access-key and
 * revoke-sessions, in the reader's account; anything else (root, a federated user) escalates.
 */
export const containSecretReaderAction: Action<typeof containSecretReader> = {
  descriptor: containSecretReader,
  plan: ({ accountId, readerArn }, context) => ({
    // The deny's name and cut-off, as revoke-sessions plans them (neither depends on the principal).
    ...revokeSessionsAction.plan(
      { accountId, principal: { kind: readerRef(readerArn)?.kind ?? 'role', name: readerArn } },
      context,
    ),
    // The keys named when the step first starts: a retry deactivates the same ones.
    keys: signalKeys(readerArn, context),
  }),
  async observe({ accountId, readerArn }, plan, context) {
    const ref = reader(readerArn);
    const there = inReaderAccount(ref, accountId, context);
    const held =
      ref.kind === 'user' && longTermKeys(plan).length > 0
        ? await there.identity.listAccessKeys(ref.name)
        : [];
    return {
      statuses: Object.fromEntries(
        longTermKeys(plan).map((k) => [k, held.find((h) => h.accessKeyId === k)?.status ?? null]),
      ),
      deny: await observeDeny(ref, String(plan.policyName), there),
    };
  },
  async calls({ readerArn }, plan) {
    const ref = reader(readerArn);
    const arn = ref.arn;
    const calls: PlannedCall[] = [];
    if (ref.kind === 'user' && longTermKeys(plan).length > 0)
      calls.push({ operation: 'iam:UpdateAccessKey', resource: arn });
    calls.push({
      operation: ref.kind === 'user' ? 'iam:PutUserPolicy' : 'iam:PutRolePolicy',
      resource: arn,
    });
    return calls;
  },
  async apply({ accountId, readerArn }, plan, context) {
    const ref = reader(readerArn);
    const there = inReaderAccount(ref, accountId, context);
    const before = plan.before as { statuses: Record<string, string | null>; deny?: DenyBefore } | undefined;
    const keys = ref.kind === 'user' ? longTermKeys(plan) : [];
    const undo: Undo[] = [];
    const done: string[] = [];
    let changed = false;
    const keep = (result: ActionResult) => {
      if (result.undo) undo.push(result.undo);
      if (result.status === 'changed') changed = true;
      done.push(result.summary);
    };
    let cutoff: unknown;
    try {
      if (keys.length > 0)
        keep(
          await deactivateAccessKeyAction.apply(
            { accountId: ref.accountId, userName: ref.name, accessKeyIds: keys },
            // One key is journaled as deactivate-access-key journals one (`status`), several as `statuses`.
            before
              ? {
                  before:
                    keys.length === 1
                      ? { status: before.statuses[keys[0] as string] ?? null }
                      : { statuses: before.statuses },
                }
              : {},
            there,
          ),
        );
      const revoked = await revokeSessionsAction.apply(
        { accountId: ref.accountId, principal: { kind: ref.kind, name: ref.name } },
        { ...plan, before: { deny: before?.deny } },
        there,
      );
      cutoff = revoked.facts?.tokenIssuedBefore;
      keep(revoked);
    } catch (error) {
      // A deactivated key stays deactivated when the revoke then fails: a rollback still undoes it, there.
      throw withPartialUndo(error, undo.length ? [undoAll(ref, accountId, undo)] : [], [
        readerArn,
        ref.accountId,
        ...keys,
      ]);
    }
    const sessionKeys = ((plan.keys as string[] | undefined) ?? []).filter((k) => k.startsWith('ASIA'));
    return {
      status: changed ? 'changed' : 'unchanged',
      summary: `Reader ${readerArn} contained: ${done.join('; ')}`,
      ...(undo.length ? { undo: undoAll(ref, accountId, undo) } : {}),
      facts: {
        reader: readerArn,
        readerKind: ref.kind,
        // A rollback acts only in the accounts an incident journaled: the reader's may not be the step's.
        readerAccount: ref.accountId,
        deactivated: keys,
        sessionKeys,
        tokenIssuedBefore: cutoff ?? null,
      },
    };
  },
};
