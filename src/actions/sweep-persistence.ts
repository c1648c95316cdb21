import { sweepPersistence } from '../domain/actions.js';
import { NotFoundError, ProtectedPrincipalError } from '../domain/errors.js';
import type { PolicyDocument } from '../domain/policy-document.js';
import type { AuditEvent } from '../ports/audit-trail.js';
import { type Action, type ActionContext, type Undo, withPartialUndo } from './action.js';
import { EVENTS_PER_LOOKUP, eventsOf } from './audit.js';
import { type DenyBefore, observeDeny, placeDeny } from './deny-placement.js';
import { containable } from './guard.js';

const freeze: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'RekeyPersistenceSweep', Effect: 'Deny', Action: '*', Resource: '*' }],
};

/** The state of what the credentials created, before the sweep's first attempt (journaled with the plan). */
interface SweepBefore {
  keys: Record<string, string>;
  denies: Record<string, DenyBefore>;
  loginProfiles: Record<string, boolean>;
}

/** What the attacker created may be gone already: absent, which is not an error; anything else is. */
const absentAs =
  <T>(value: T) =>
  (error: unknown): T => {
    if (error instanceof NotFoundError) return value;
    throw error;
  };

const refOf = (event: AuditEvent) =>
  event.createdUser
    ? { kind: 'user' as const, name: event.createdUser }
    : { kind: 'role' as const, name: event.createdRole as string };

async function observeArtefacts(
  events: AuditEvent[],
  policyName: string,
  context: ActionContext,
): Promise<SweepBefore> {
  const before: SweepBefore = { keys: {}, denies: {}, loginProfiles: {} };
  const { identity } = context;
  for (const event of events) {
    if (event.createdAccessKeyId && event.targetUser) {
      const keys = await identity.listAccessKeys(event.targetUser).catch(absentAs([]));
      const key = keys.find((k) => k.accessKeyId === event.createdAccessKeyId);
      if (key) before.keys[key.accessKeyId] = key.status;
    } else if (event.createdUser || event.createdRole) {
      const ref = refOf(event);
      const deny = await observeDeny(ref, policyName, context);
      if (deny) before.denies[`${ref.kind}:${ref.name}`] = deny;
    } else if (event.eventName === 'CreateLoginProfile' && event.targetUser) {
      const profile = await identity.getLoginProfile(event.targetUser).catch(absentAs(undefined));
      before.loginProfiles[event.targetUser] = Boolean(profile);
    }
  }
  return before;
}

/**
 * Neutralises what the credentials created since the exposure, found in CloudTrail: access keys are deactivated,
 * users and roles frozen with a full deny, console passwords removed; policies they created are reported (removing
 * one could break what now depends on it). Every change is journaled and undone together.
 */
export const sweepPersistenceAction: Action<typeof sweepPersistence> = {
  descriptor: sweepPersistence,
  plan: (_parameters, { incidentId }) => ({ policyName: `rekey-sweep-${incidentId}` }),
  observe: async ({ accessKeyIds, since, regions }, plan, context) => {
    const lookup = await eventsOf(context, accessKeyIds, regions, new Date(since), context.clock.now());
    return {
      ...(await observeArtefacts(
        lookup.events.filter((e) => !e.errorCode),
        String(plan.policyName),
        context,
      )),
    };
  },
  calls: async () => [],
  async apply({ accessKeyIds, since, regions }, plan, context) {
    const before = plan.before as SweepBefore | undefined;
    const lookup = await eventsOf(context, accessKeyIds, regions, new Date(since), context.clock.now());
    const events = lookup.events.filter((e) => !e.errorCode);
    const undo: Undo[] = [];
    const done: string[] = [];
    const reported: string[] = [];
    const { identity } = context;
    // What the credentials created could carry a rekey:protected tag the attacker set: only the configured
    // protection (and Rekey's own and service-linked roles) holds for those.
    const created = new Set(
      events.flatMap((e) => [
        ...(e.createdUser ? [`user:${e.createdUser}`] : []),
        ...(e.createdRole ? [`role:${e.createdRole}`] : []),
      ]),
    );
    const guard = (ref: { kind: 'user' | 'role'; name: string }) =>
      containable(
        ref,
        created.has(`${ref.kind}:${ref.name}`)
          ? { ...context, protection: { ...context.protection, trustTag: false } }
          : context,
      );
    try {
      for (const event of events) {
        try {
          if (event.createdAccessKeyId && event.targetUser) {
            await guard({ kind: 'user', name: event.targetUser });
            const key = (await identity.listAccessKeys(event.targetUser)).find(
              (k) => k.accessKeyId === event.createdAccessKeyId,
            );
            const earlier = key?.status === 'Inactive' && before?.keys[key.accessKeyId] === 'Active';
            if (key && (key.status === 'Active' || earlier)) {
              if (key.status === 'Active')
                await identity.updateAccessKeyStatus(event.targetUser, key.accessKeyId, 'Inactive');
              undo.push({
                operation: 'iam:UpdateAccessKey',
                parameters: { userName: event.targetUser, accessKeyId: key.accessKeyId, status: 'Active' },
              });
              done.push(
                `deactivated key ${key.accessKeyId} of ${event.targetUser}${earlier ? ' (by an earlier attempt)' : ''}`,
              );
            }
          } else if (event.createdUser || event.createdRole) {
            const ref = refOf(event);
            const target = await guard(ref);
            const placed = await placeDeny(
              target,
              String(plan.policyName),
              freeze,
              context,
              before?.denies[`${ref.kind}:${ref.name}`],
            );
            if (placed.undo) undo.push(placed.undo);
            if (placed.status === 'changed') done.push(`froze ${ref.kind} ${ref.name}`);
          } else if (event.eventName === 'CreateLoginProfile' && event.targetUser) {
            await guard({ kind: 'user', name: event.targetUser });
            const profile = await identity.getLoginProfile(event.targetUser);
            const earlier = !profile && before?.loginProfiles[event.targetUser] === true;
            if (profile || earlier) {
              if (profile) await identity.deleteLoginProfile(event.targetUser);
              // Not undone: Rekey creates no console password (an administrator sets one, if it was legitimate).
              done.push(
                `removed the console password of ${event.targetUser}${earlier ? ' (by an earlier attempt)' : ''}`,
              );
            }
          } else if (
            event.createdPolicyArn ||
            /^(Put|Attach)(User|Role|Group)Policy$|^CreatePolicyVersion$/.test(event.eventName)
          ) {
            reported.push(
              `${event.eventName} at ${event.eventTime}${event.createdPolicyArn ? ` (${event.createdPolicyArn})` : ''}`,
            );
          }
        } catch (error) {
          // What the attacker created may already be gone: nothing left to neutralise.
          if (error instanceof NotFoundError) continue;
          // A protected principal is never changed, but the rest of the sweep goes on; people look at this one.
          if (error instanceof ProtectedPrincipalError) {
            reported.push(`${event.eventName} at ${event.eventTime}: ${error.message}`);
            continue;
          }
          throw error;
        }
      }
    } catch (error) {
      // What was neutralised before the failure is still undone by a rollback.
      throw withPartialUndo(error, undo);
    }
    const incomplete = lookup.truncated
      ? `; INCOMPLETE: CloudTrail held more than ${EVENTS_PER_LOOKUP} events for a key, the oldest unread: sweep by hand from ${since}`
      : '';
    return {
      status: done.length > 0 ? 'changed' : 'unchanged',
      summary:
        done.length || reported.length
          ? `Swept ${done.length} artefact(s)${done.length ? `: ${done.join('; ')}` : ''}${reported.length ? `; to review by hand: ${reported.join('; ')}` : ''}${incomplete}`
          : `Nothing created by ${accessKeyIds.join(', ')} since ${since}${incomplete}`,
      ...(undo.length ? { undo: { operation: 'rekey:UndoAll', parameters: { undo } } } : {}),
      facts: { neutralised: done, toReview: reported, incomplete: lookup.truncated },
    };
  },
};
