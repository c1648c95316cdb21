import { sweepPersistence } from '../domain/actions.js';
import { iamTimestamp, revokeSessionsPolicy, tokenIssueCutoff } from '../domain/deny-policy.js';
import { NotFoundError, ProtectedPrincipalError } from '../domain/errors.js';
import { describeArtefact, type PersistenceArtefact } from '../domain/persistence.js';
import type { PolicyDocument, TrustPolicy } from '../domain/policy-document.js';
import type { IamPrincipal, IamPrincipalRef } from '../ports/identity.js';
import {
  type Action,
  type ActionContext,
  type ActionResult,
  type PlannedCall,
  type Undo,
  withPartialUndo,
} from './action.js';
import { type DenyBefore, observeDeny, placeDeny } from './deny-placement.js';
import { containable } from './guard.js';
import { closedTrust } from './trust-deny.js';

/** The full deny the persistence sweep puts on a principal the attacker made. */
export const PERSISTENCE_FREEZE: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'RekeyPersistenceSweep', Effect: 'Deny', Action: '*', Resource: '*' }],
};

/** What the artefact's target held before the sweep's first attempt (journaled with the plan). */
interface SweepBefore {
  keyStatus?: string | null;
  loginProfile?: boolean;
  deny?: DenyBefore;
  trust?: TrustPolicy | null;
}

/** What the attacker created may be gone already: absent, which is not an error; anything else is. */
const absentAs =
  <T>(value: T) =>
  (error: unknown): T => {
    if (error instanceof NotFoundError) return value;
    throw error;
  };

/** The user or role an artefact is on. */
function targetOf(artefact: PersistenceArtefact): IamPrincipalRef {
  switch (artefact.kind) {
    case 'access-key':
    case 'login-profile':
      return { kind: 'user', name: artefact.userName };
    case 'user':
      return { kind: 'user', name: artefact.name };
    case 'role':
      return { kind: 'role', name: artefact.name };
    case 'trust-policy':
      return { kind: 'role', name: artefact.roleName };
  }
}

/**
 * The principal, after the guardrails. On one the credentials created, a `rekey:protected` tag is the attacker's to
 * set: only the configured protection (and Rekey's own and service-linked roles) holds.
 */
function guard(artefact: PersistenceArtefact, context: ActionContext): Promise<IamPrincipal> {
  const created =
    artefact.kind === 'user' || artefact.kind === 'role' || ('onCreated' in artefact && artefact.onCreated);
  return containable(
    targetOf(artefact),
    created ? { ...context, protection: { ...context.protection, trustTag: false } } : context,
  );
}

async function observeArtefact(
  artefact: PersistenceArtefact,
  policyName: string,
  context: ActionContext,
): Promise<SweepBefore> {
  const { identity } = context;
  switch (artefact.kind) {
    case 'access-key': {
      const keys = await identity.listAccessKeys(artefact.userName).catch(absentAs([]));
      return { keyStatus: keys.find((k) => k.accessKeyId === artefact.accessKeyId)?.status ?? null };
    }
    case 'login-profile':
      return {
        loginProfile: Boolean(await identity.getLoginProfile(artefact.userName).catch(absentAs(undefined))),
      };
    case 'user':
    case 'role': {
      const deny = await observeDeny(targetOf(artefact), policyName, context);
      return deny ? { deny } : {};
    }
    case 'trust-policy': {
      const [trust, deny] = await Promise.all([
        identity.getRoleTrustPolicy(artefact.roleName),
        observeDeny(targetOf(artefact), policyName, context),
      ]);
      return { trust: trust ?? null, ...(deny ? { deny } : {}) };
    }
  }
}

/** A key the credentials made: deactivated (never deleted), reactivated on a rollback. */
async function sweepKey(
  artefact: Extract<PersistenceArtefact, { kind: 'access-key' }>,
  before: SweepBefore | undefined,
  context: ActionContext,
): Promise<ActionResult> {
  const { userName, accessKeyId } = artefact;
  const key = (await context.identity.listAccessKeys(userName)).find((k) => k.accessKeyId === accessKeyId);
  if (!key) throw new NotFoundError(`the key ${accessKeyId} of ${userName} no longer exists`);
  const earlier = key.status === 'Inactive' && before?.keyStatus === 'Active';
  if (key.status === 'Inactive' && !earlier)
    return { status: 'unchanged', summary: `${accessKeyId} of ${userName} was already inactive` };
  if (key.status === 'Active')
    await context.identity.updateAccessKeyStatus(userName, accessKeyId, 'Inactive');
  return {
    status: 'changed',
    summary: `deactivated ${accessKeyId} of ${userName}${earlier ? ' (by an earlier attempt)' : ''}`,
    undo: { operation: 'iam:UpdateAccessKey', parameters: { userName, accessKeyId, status: 'Active' } },
  };
}

/** A console password the credentials set: removed (Rekey never creates one, so a rollback cannot restore it). */
async function sweepPassword(
  userName: string,
  before: SweepBefore | undefined,
  context: ActionContext,
): Promise<ActionResult> {
  const profile = await context.identity.getLoginProfile(userName);
  const earlier = !profile && before?.loginProfile === true;
  if (!profile && !earlier) return { status: 'unchanged', summary: `${userName} has no console password` };
  if (profile) await context.identity.deleteLoginProfile(userName);
  return {
    status: 'changed',
    summary: `removed the console password of ${userName}${earlier ? ' (by an earlier attempt)' : ''}; not undone by a rollback`,
  };
}

/**
 * A role whose trust the credentials opened to principals outside the account: those principals are denied in the
 * trust policy (the rest of it, and everyone it trusted before, untouched), and the role's sessions issued before
 * the cut-off (the ones assumed through the opening) are revoked. A rollback puts the trust policy back as it was.
 */
async function sweepTrust(
  artefact: Extract<PersistenceArtefact, { kind: 'trust-policy' }>,
  role: IamPrincipal,
  plan: { policyName: string; issuedBefore: string; before?: SweepBefore },
  context: ActionContext,
): Promise<ActionResult> {
  const { identity } = context;
  const current = await identity.getRoleTrustPolicy(artefact.roleName);
  if (!current) throw new NotFoundError(`the role ${artefact.roleName} no longer exists`);
  const accountId = role.arn.split(':')[4] ?? '';
  const closed = closedTrust(current, artefact.principals, accountId);
  const undo: Undo[] = [];
  const done: string[] = [];
  // The trust as it was before the sweep's first attempt: a retry finds it already closed and restores the original.
  const prior = plan.before?.trust ?? current;
  if (closed.changed) {
    await identity.updateRoleTrustPolicy(artefact.roleName, closed.document);
    done.push(`denied ${artefact.principals.join(', ')} in the trust of role ${artefact.roleName}`);
  }
  if (closed.changed || JSON.stringify(prior) !== JSON.stringify(current))
    undo.push({
      operation: 'iam:UpdateAssumeRolePolicy',
      parameters: { roleName: artefact.roleName, document: prior },
    });
  let placed: Awaited<ReturnType<typeof placeDeny>>;
  try {
    placed = await placeDeny(
      role,
      plan.policyName,
      revokeSessionsPolicy(new Date(plan.issuedBefore)),
      context,
      plan.before?.deny,
    );
  } catch (error) {
    // The trust is closed already: a rollback still puts it back.
    throw withPartialUndo(error, undo, [artefact.roleName]);
  }
  if (placed.undo) undo.push(placed.undo);
  if (placed.status === 'changed')
    done.push(`${artefact.roleName}'s sessions issued before ${plan.issuedBefore} denied`);
  return {
    status: done.length > 0 ? 'changed' : 'unchanged',
    summary: done.length > 0 ? done.join('; ') : `the trust of role ${artefact.roleName} was already closed`,
    ...(undo.length ? { undo: { operation: 'rekey:UndoAll', parameters: { undo } } } : {}),
    facts: { tokenIssuedBefore: plan.issuedBefore },
  };
}

async function sweep(
  artefact: PersistenceArtefact,
  plan: { policyName: string; issuedBefore: string; before?: SweepBefore },
  context: ActionContext,
): Promise<ActionResult> {
  const target = await guard(artefact, context);
  switch (artefact.kind) {
    case 'access-key':
      return sweepKey(artefact, plan.before, context);
    case 'login-profile':
      return sweepPassword(artefact.userName, plan.before, context);
    case 'user':
    case 'role': {
      const placed = await placeDeny(target, plan.policyName, PERSISTENCE_FREEZE, context, plan.before?.deny);
      return {
        ...placed,
        summary:
          placed.status === 'changed'
            ? `froze ${artefact.kind} ${artefact.name} (every call denied)`
            : `${artefact.kind} ${artefact.name} was already frozen`,
      };
    }
    case 'trust-policy':
      return sweepTrust(artefact, target, plan, context);
  }
}

/**
 * Neutralises one thing the exposed credentials created to keep their access (found by find-persistence): a key
 * deactivated, a console password removed, a user or role it created frozen with a full deny, a trust policy it
 * opened closed to the principals it let in. A protected principal is never changed: it is left to people, and
 * the summary says so; what is already gone is no error.
 */
export const sweepPersistenceAction: Action<typeof sweepPersistence> = {
  descriptor: sweepPersistence,
  plan: (_parameters, { incidentId, clock }) => ({
    policyName: `rekey-sweep-${incidentId}`,
    issuedBefore: iamTimestamp(tokenIssueCutoff(clock.now())),
  }),
  observe: async ({ artefact }, plan, context) => ({
    ...(await observeArtefact(artefact, String(plan.policyName), context)),
  }),
  async calls({ artefact }, _plan, context) {
    const target = await guard(artefact, context);
    const on = (operation: string): PlannedCall => ({ operation, resource: target.arn });
    switch (artefact.kind) {
      case 'access-key':
        return [on('iam:UpdateAccessKey')];
      case 'login-profile':
        return [on('iam:DeleteLoginProfile')];
      case 'user':
        return [on('iam:PutUserPolicy')];
      case 'role':
        return [on('iam:PutRolePolicy')];
      case 'trust-policy':
        return [on('iam:UpdateAssumeRolePolicy'), on('iam:PutRolePolicy')];
    }
  },
  async apply({ artefact }, plan, context) {
    const what = describeArtefact(artefact);
    try {
      const result = await sweep(
        artefact,
        {
          policyName: String(plan.policyName),
          issuedBefore: String(plan.issuedBefore),
          ...(plan.before ? { before: plan.before as SweepBefore } : {}),
        },
        context,
      );
      return { ...result, summary: `${what}: ${result.summary}`, facts: { ...result.facts, artefact } };
    } catch (error) {
      if (error instanceof NotFoundError)
        return { status: 'unchanged', summary: `${what}: already gone`, facts: { artefact } };
      // A protected principal is never changed; people look at this one, and the other artefacts are swept.
      if (error instanceof ProtectedPrincipalError)
        return {
          status: 'unchanged',
          summary: `${what}: left to people, ${error.message}`,
          facts: { artefact, leftToPeople: error.message },
        };
      throw error;
    }
  },
};
