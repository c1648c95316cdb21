import type { Detection } from '../domain/detection.js';
import { NotContainableError } from '../domain/errors.js';
import type { Exposure } from '../domain/exposure.js';
import type { Identity, IdentityProvider } from '../ports/identity.js';
import { resolveSession, type SessionLookup } from './resolve-session.js';

/**
 * An exposure with its holder resolved; or why it could not be (Rekey recognises it but cannot act: escalated to
 * people); or why the signal turned out not to be an exposure at all (what it claimed did not happen: ignored).
 */
export type Resolution =
  | { exposures: Array<{ exposure: Exposure; note?: string }> }
  | { unresolved: string }
  | { refuted: string };

const UNKNOWN = '(unresolved)';

/**
 * Without an account to ask (offline triage), the holder is whatever the evidence names; what it asks to confirm
 * cannot be, so it is never taken as AWS's own report.
 */
export function holderFromEvidence(detection: Detection): {
  exposures: Array<{ exposure: Exposure; note?: string }>;
} {
  const { principal, evidence } = detection;
  const unconfirmed = evidence.toConfirm !== undefined;
  return {
    exposures: [
      {
        ...(unconfirmed ? { note: 'not confirmed in IAM (offline): a responder decides' } : {}),
        exposure: {
          ...detection,
          ...(unconfirmed ? { evidence: { ...evidence, awsReportedExposed: false } } : {}),
          principal: {
            type: principal.type,
            name: principal.name ?? UNKNOWN,
            arn: principal.arn ?? UNKNOWN,
            ...(principal.sessionName ? { sessionName: principal.sessionName } : {}),
          },
        },
      },
    ],
  };
}

/** What a record asked for that IAM does not show on the user (ListAttachedUserPolicies, GetUserPolicy), if any. */
async function unconfirmed(
  asked: Detection['evidence']['toConfirm'],
  identity: Identity,
  userName: string,
): Promise<string | undefined> {
  if (!asked) return undefined;
  const user = { kind: 'user', name: userName } as const;
  if ('attachedPolicy' in asked)
    return (await identity.listAttachedPolicyArns(user)).includes(asked.attachedPolicy)
      ? undefined
      : `${asked.attachedPolicy} is not attached to user ${userName}`;
  return (await identity.getInlinePolicy(user, asked.inlinePolicy))
    ? undefined
    : `the inline policy ${asked.inlinePolicy} is not on user ${userName}`;
}

/**
 * Resolves who holds an IAM user key by asking IAM (`GetAccessKeyLastUsed` names the owner of any key of the
 * account), believing IAM over the source; a user's own session is resolved to the key that minted it
 * (resolve-session); a signal that names only the user (AWS's quarantine, once IAM shows the
 * policy attached or put inline) becomes one exposure per active key. Other kinds keep the holder the evidence names.
 */
export async function resolveHolder(
  detection: Detection,
  identityFor: IdentityProvider,
  sessions: SessionLookup & { now?: Date } = {},
): Promise<Resolution> {
  if (detection.kind !== 'iam-user-access-key') return holderFromEvidence(detection);
  try {
    const identity = identityFor(detection.accountId);
    const { sessionKeyId } = detection;
    if (sessionKeyId && !detection.accessKeyId)
      return await resolveSession(
        { ...detection, sessionKeyId },
        identity,
        sessions,
        sessions.now ?? new Date(),
      );
    const claimed = detection.principal.name;
    if (detection.accessKeyId) {
      const owner = await identity.accessKeyLastUsed(detection.accessKeyId);
      if (!owner)
        return {
          unresolved: `access key ${detection.accessKeyId} does not belong to account ${detection.accountId}`,
        };
      const user = await identity.getPrincipal({ kind: 'user', name: owner.userName });
      if (!user)
        return {
          unresolved: `the owner of ${detection.accessKeyId}, user ${owner.userName}, no longer exists`,
        };
      const exposure: Exposure = {
        ...detection,
        principal: { type: 'IAMUser', name: user.name, arn: user.arn },
      };
      return claimed && claimed !== user.name
        ? {
            exposures: [
              {
                exposure,
                note: `the source named user ${claimed}; IAM says the key belongs to ${user.name}`,
              },
            ],
          }
        : { exposures: [{ exposure }] };
    }
    if (!claimed) return { unresolved: 'the signal names neither a key nor a user' };
    const user = await identity.getPrincipal({ kind: 'user', name: claimed });
    if (!user) return { unresolved: `user ${claimed} does not exist in account ${detection.accountId}` };
    const notThere = await unconfirmed(detection.evidence.toConfirm, identity, user.name);
    if (notThere)
      return {
        refuted: `${notThere}: the record says it was asked for, IAM says it did not happen`,
      };
    const active = (await identity.listAccessKeys(user.name)).filter((k) => k.status === 'Active');
    if (active.length === 0)
      return { unresolved: `user ${user.name} has no active access key left to contain` };
    return {
      exposures: active.map((key) => ({
        exposure: {
          ...detection,
          accessKeyId: key.accessKeyId,
          principal: { type: 'IAMUser', name: user.name, arn: user.arn },
        },
        note: `the signal names user ${user.name}, not a key: every active key of the user is treated as exposed`,
      })),
    };
  } catch (error) {
    if (error instanceof NotContainableError) return { unresolved: error.message };
    throw error;
  }
}
