import type { Detection } from '../domain/detection.js';
import { AccessDeniedError, NotContainableError } from '../domain/errors.js';
import type { Exposure } from '../domain/exposure.js';
import type { AuditEvent, AuditTrailProvider } from '../ports/audit-trail.js';
import type { Identity } from '../ports/identity.js';
import type { NetworkProvider } from '../ports/network.js';

/** How a user's session resolves: the exposures (with a note), or why it cannot (escalated). Resolve-holder's shape. */
type Resolution = { exposures: Array<{ exposure: Exposure; note?: string }> } | { unresolved: string };

/** What finding the key behind a user's session needs: CloudTrail, and EC2 to list the regions STS may log in. */
export interface SessionLookup {
  auditTrailFor?: AuditTrailProvider;
  networkFor?: NetworkProvider;
}

/** The longest a GetSessionToken or GetFederationToken session lives (129,600 seconds). */
export const LONGEST_USER_SESSION_MS = 36 * 60 * 60 * 1000;

/** The STS calls that mint an IAM user's own sessions. */
const MINTING_CALLS = ['GetSessionToken', 'GetFederationToken'] as const;

/** The most minting calls read per call name and region (LookupEvents answers newest first). */
const MINTING_CALLS_READ = 1000;

const userOf = (arn: string | undefined) =>
  arn?.match(/^arn:aws[\w-]*:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/)?.[1];

/**
 * The record of the call that minted the session: CloudTrail's GetSessionToken or GetFederationToken whose response
 * holds the session key, in every region STS may have logged it (the global endpoint logs in us-east-1, each
 * regional endpoint in its own region), since the longest such session before the signal.
 */
async function mintingCall(
  detection: Detection,
  sessionKeyId: string,
  lookup: Required<SessionLookup>,
  now: Date,
): Promise<{ event?: AuditEvent; truncated: boolean; searched: readonly string[] }> {
  const regions = await lookup.networkFor(detection.accountId, detection.region).enabledRegions();
  const from = new Date(
    Math.min(Date.parse(detection.evidence.observedAt), now.getTime()) - LONGEST_USER_SESSION_MS,
  );
  const found = await Promise.all(
    regions.flatMap((region) =>
      MINTING_CALLS.map((name) =>
        lookup.auditTrailFor(detection.accountId, region).eventsByName(name, from, now, MINTING_CALLS_READ),
      ),
    ),
  );
  const event = found
    .flatMap((l) => l.events)
    .find((e) => !e.errorCode && e.issuedAccessKeyId === sessionKeyId);
  return { ...(event ? { event } : {}), truncated: found.some((l) => l.truncated), searched: regions };
}

/**
 * The IAM user whose session signed the key's own calls (a federated user's is its session issuer), if CloudTrail
 * has one: every region asked at once (each has its own LookupEvents limit, so a throttled region delays the answer
 * by its own retries, not by the sum of all of them), the first region in order that names a user answering. A
 * region that failed decides nothing after a region before it named the user, as when regions were asked in turn.
 */
async function userOfSessionCalls(
  detection: Detection,
  sessionKeyId: string,
  lookup: Required<SessionLookup>,
  regions: readonly string[],
  now: Date,
): Promise<string | undefined> {
  const from = new Date(now.getTime() - LONGEST_USER_SESSION_MS);
  const found = await Promise.allSettled(
    regions.map((region) =>
      lookup.auditTrailFor(detection.accountId, region).eventsByAccessKey(sessionKeyId, from, now, 1),
    ),
  );
  for (const answer of found) {
    if (answer.status === 'rejected') throw answer.reason;
    const [call] = answer.value.events;
    const user =
      call && userOf(call.principalType === 'FederatedUser' ? call.sessionIssuerArn : call.principalArn);
    if (user) return user;
  }
  return undefined;
}

/**
 * Resolves an IAM user's own session (GetSessionToken, or GetFederationToken for a federated user): the user's
 * policies govern it, so the exposure is the long-term key that minted it, found in CloudTrail's record of the
 * minting call, and IAM then names that key's owner. When CloudTrail does not show the call (it lags, or was not
 * searched), the user the signal names, or whose session signed the key's own calls, has every active key treated
 * as exposed; with no user to name, it escalates with the reason.
 */
export async function resolveSession(
  detection: Detection & { sessionKeyId: string },
  identity: Identity,
  lookup: SessionLookup,
  now: Date,
): Promise<Resolution> {
  const session = detection.sessionKeyId;
  let trail = lookup.auditTrailFor && lookup.networkFor ? (lookup as Required<SessionLookup>) : undefined;
  let unreadable: string | undefined;
  const minted = trail
    ? await mintingCall(detection, session, trail, now).catch((error: unknown) => {
        // A member account whose read-only role cannot read CloudTrail (an older template) still has its user
        // contained; a throttled read is retried by EventBridge instead.
        if (!(error instanceof AccessDeniedError || error instanceof NotContainableError)) throw error;
        unreadable = error.message;
        trail = undefined;
        return undefined;
      })
    : undefined;
  const event = minted?.event;
  if (event) {
    const key = event.accessKeyId;
    if (event.principalType === 'Root' || !key)
      return {
        unresolved: `session ${session} was minted by ${event.eventName} with ${event.principalType === 'Root' ? "the root user's key" : 'a key CloudTrail does not name'}: no policy can revoke it, people must contain it`,
      };
    const owner = await identity.accessKeyLastUsed(key);
    const user = owner && (await identity.getPrincipal({ kind: 'user', name: owner.userName }));
    if (!user)
      return {
        unresolved: `session ${session} was minted by ${event.eventName} with ${key}, which no user of account ${detection.accountId} holds any longer: deny its user's sessions by hand`,
      };
    const exposure: Exposure = {
      ...detection,
      accessKeyId: key,
      accessKeyIds: [key],
      principal: { type: 'IAMUser', name: user.name, arn: user.arn },
    };
    return {
      exposures: [
        {
          exposure,
          note: `session ${session} was minted by ${event.eventName} with ${key} of ${user.name} at ${event.eventTime} (CloudTrail, ${event.region})`,
        },
      ],
    };
  }
  const why = unreadable
    ? `CloudTrail could not be read: ${unreadable}`
    : !trail
      ? 'CloudTrail was not searched'
      : minted?.truncated
        ? `CloudTrail holds more minting calls than Rekey reads (${MINTING_CALLS_READ} per region)`
        : `CloudTrail shows no GetSessionToken or GetFederationToken that minted it in the last 36 hours (${minted?.searched.join(', ')}): it may not show it yet`;
  const named = detection.principal.type === 'IAMUser' ? detection.principal.name : undefined;
  const userName =
    named ??
    (trail ? await userOfSessionCalls(detection, session, trail, minted?.searched ?? [], now) : undefined);
  if (!userName)
    return {
      unresolved: `the key that minted session ${session} is not found (${why}), and no IAM user is named`,
    };
  const user = await identity.getPrincipal({ kind: 'user', name: userName });
  if (!user)
    return {
      unresolved: `session ${session} belongs to user ${userName}, which account ${detection.accountId} does not have`,
    };
  const active = (await identity.listAccessKeys(user.name)).filter((k) => k.status === 'Active');
  if (active.length === 0)
    return {
      unresolved: `session ${session} of user ${user.name}: the user has no active key left to deactivate, and its sessions must be denied by hand`,
    };
  const keys = active.map((k) => k.accessKeyId);
  // The user's keys are one incident, as when AWS names a user rather than a key.
  return {
    exposures: [
      {
        exposure: {
          ...detection,
          accessKeyIds: keys,
          principal: { type: 'IAMUser' as const, name: user.name, arn: user.arn },
        },
        note: `the key that minted session ${session} is not found (${why}): every active key of user ${user.name} (${keys.join(', ')}) is treated as exposed, one incident`,
      },
    ],
  };
}
