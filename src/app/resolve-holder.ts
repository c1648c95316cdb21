import type { Detection } from '../domain/detection.js';
import { AccessDeniedError, NotContainableError } from '../domain/errors.js';
import type { Exposure } from '../domain/exposure.js';
import { extended } from '../domain/extended.js';
import type { Identity, IdentityProvider } from '../ports/identity.js';
import type { HolderObservation } from './holder-observation.js';
import { type KeyHolderDeps, keyHolder } from './key-holder.js';
import { resolveSession, type SessionLookup } from './resolve-session.js';

/**
 * An exposure with its holder resolved; or why it could not be (Rekey recognises it but cannot act: escalated to
 * people); or why the signal turned out not to be an exposure at all (what it claimed did not happen: ignored).
 */
export type Resolution =
  | { exposures: Array<{ exposure: Exposure; note?: string; observed?: HolderObservation }> }
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
  // Without IAM, the keys of a user named without a key are unknown; a key named is the one key.
  const keys =
    detection.kind === 'iam-user-access-key' && detection.accessKeyId
      ? { accessKeyIds: [detection.accessKeyId] }
      : {};
  return {
    exposures: [
      {
        ...(unconfirmed ? { note: 'not confirmed in IAM (offline): a responder decides' } : {}),
        exposure: extended(detection, {
          ...keys,
          evidence: unconfirmed ? { ...evidence, awsReportedExposed: false } : evidence,
          principal: {
            type: principal.type,
            name: principal.name ?? UNKNOWN,
            arn: principal.arn ?? UNKNOWN,
            ...(principal.sessionName ? { sessionName: principal.sessionName } : {}),
          },
        }),
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

/** The user's keys a recorded exposure covered (a re-raise of a user's incident), as long as the user still has them. */
async function recordedKeys(
  detection: Detection,
  identity: Identity,
  user: { name: string; arn: string },
  recorded: string[],
): Promise<Resolution> {
  const held = new Set((await identity.listAccessKeys(user.name)).map((k) => k.accessKeyId));
  const keys = recorded.filter((k) => held.has(k));
  if (keys.length === 0)
    return { unresolved: `user ${user.name} no longer has any of its keys ${recorded.join(', ')}` };
  return {
    exposures: [{ exposure: { ...detection, accessKeyIds: keys, principal: { type: 'IAMUser', ...user } } }],
  };
}

/**
 * Resolves who holds an IAM user key by asking IAM (`GetAccessKeyLastUsed` names the owner of any key of the
 * account), believing IAM over the source; a user's own session is resolved to the key that minted it
 * (resolve-session); a signal that names only the user (AWS's quarantine, once IAM shows the policy attached or put
 * inline) becomes ONE exposure covering every key of the user active then (`accessKeyIds`), so the user's keys are
 * one incident. Every IAM user key exposure carries `accessKeyIds` (a key named: just it). Other kinds keep the
 * holder the evidence names.
 */
export async function resolveHolder(
  detection: Detection,
  identityFor: IdentityProvider,
  sessions: SessionLookup & KeyHolderDeps & { now?: Date } = {},
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
      const held = await keyHolder({ ...detection, accessKeyId: detection.accessKeyId }, identity, sessions);
      if ('unresolved' in held) return held;
      const { exposure, observed, note } = held;
      return {
        exposures: [{ exposure, ...(observed ? { observed } : {}), ...(note ? { note } : {}) }],
      };
    }
    if (!claimed) return { unresolved: 'the signal names neither a key nor a user' };
    const user = await identity.getPrincipal({ kind: 'user', name: claimed });
    if (!user) return { unresolved: `user ${claimed} does not exist in account ${detection.accountId}` };
    // Only Rekey's own record carries the keys (a breach re-raising a user's incident, whose keys it deactivated):
    // the same keys again, not the ones active now; what the record asked IAM to confirm was confirmed at the open.
    if (detection.accessKeyIds) return recordedKeys(detection, identity, user, detection.accessKeyIds);
    const notThere = await unconfirmed(detection.evidence.toConfirm, identity, user.name);
    if (notThere)
      return {
        refuted: `${notThere}: the record says it was asked for, IAM says it did not happen`,
      };
    const active = (await identity.listAccessKeys(user.name)).filter((k) => k.status === 'Active');
    if (active.length === 0)
      return { unresolved: `user ${user.name} has no active access key left to contain` };
    const keys = active.map((k) => k.accessKeyId);
    return {
      exposures: [
        {
          exposure: {
            ...detection,
            accessKeyIds: keys,
            principal: { type: 'IAMUser', name: user.name, arn: user.arn },
          },
          note: `the signal names user ${user.name}, not a key: its ${keys.length === 1 ? 'active key' : `${keys.length} active keys`} (${keys.join(', ')}) are one incident`,
        },
      ],
    };
  } catch (error) {
    // IAM refusing the read is no passing fault a retry cures: people are told at once, with IAM's words.
    if (error instanceof NotContainableError || error instanceof AccessDeniedError)
      return { unresolved: error.message };
    throw error;
  }
}
