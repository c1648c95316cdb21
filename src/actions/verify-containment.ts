import { verifyContainment } from '../domain/actions.js';
import { ContainmentBreachedError, IncompleteEvidenceError } from '../domain/errors.js';
import type { Action } from './action.js';
import { EVENTS_PER_LOOKUP, LONGEST_SESSION_MS, regionsToSearch } from './audit.js';
import { traceKeys } from './key-trace.js';

/**
 * Error codes that mean the request was refused before it did anything: unauthenticated (an inactive or expired
 * credential) or unauthorised (an explicit or implicit deny). Any other error (NoSuchEntity, ValidationError, ...)
 * comes after authorisation passed, so the credential still works: a breach.
 */
const REFUSED =
  /^(AccessDenied|AccessDeniedException|UnauthorizedOperation|Client\.UnauthorizedOperation|UnauthorizedAccess|AuthorizationError|AuthFailure|InvalidClientTokenId|InvalidAccessKeyId|ExpiredToken|ExpiredTokenException|InvalidToken|UnrecognizedClientException|SignatureDoesNotMatch)$/;

/** Calls IAM cannot deny (GetCallerIdentity answers even under an explicit deny): they prove nothing. */
const UNDENIABLE = new Set(['sts.amazonaws.com:GetCallerIdentity']);

/** Whether CloudTrail recorded the call as refused (the attacker stopped), not merely failed. */
export const wasRefused = (errorCode: string | undefined): boolean =>
  errorCode !== undefined && REFUSED.test(errorCode);

/**
 * Looks, over the verification window, for *successful* calls by the credentials (the keys, every session derived
 * from them and every key they created, found in CloudTrail from `since`) after the cut-off: one means the containment is breached, and the step fails with
 * ContainmentBreachedError (the calls named) for the playbook to re-raise the incident; denied calls are the
 * attacker being stopped, and are recorded as such. CloudTrail lags by minutes, so the
 * playbook runs this at the end of its window.
 */
export const verifyContainmentAction: Action<typeof verifyContainment> = {
  descriptor: verifyContainment,
  plan: () => ({}),
  calls: async () => [],
  async apply(
    { accountId, accessKeyIds, origin, cutoff, since, settleSeconds, regions: given },
    _plan,
    context,
  ) {
    // Responders restored the containment: the credential is in use again on purpose, and its calls since the
    // cut-off would read as a breach. There is nothing to verify.
    if (context.restoredSteps?.length)
      return {
        status: 'unchanged',
        summary: `Not verified: responders restored ${context.restoredSteps.join(', ')}, so the credential is in use again on purpose`,
        facts: { restored: [...context.restoredSteps] },
      };
    const regions = await regionsToSearch(context, given);
    const from = since ? new Date(since) : new Date(Date.parse(cutoff) - LONGEST_SESSION_MS);
    const keys = accessKeyIds.filter((k): k is string => k !== null);
    const start = [
      ...keys,
      ...(origin?.accessKeyId && origin.accountId
        ? [{ key: origin.accessKeyId, account: origin.accountId }]
        : []),
    ];
    // Each key, and all it obtained, read in the account whose CloudTrail records its calls.
    const derived = await traceKeys(context, accountId, start, regions, from, context.clock.now());
    const events = Object.values(derived.eventsIn)
      .flat()
      .filter((e) => Date.parse(e.eventTime) >= Date.parse(cutoff))
      .sort((a, b) => a.eventTime.localeCompare(b.eventTime));
    const truncated = derived.truncated.length > 0;
    // IAM is eventually consistent: the deny may take a moment to reach every endpoint after the cut-off.
    const judgedFrom = Date.parse(cutoff) + settleSeconds * 1000;
    const judged = events.filter(
      (e) => Date.parse(e.eventTime) >= judgedFrom && !UNDENIABLE.has(`${e.eventSource}:${e.eventName}`),
    );
    const successful = judged.filter((e) => !wasRefused(e.errorCode));
    const denied = judged.filter((e) => wasRefused(e.errorCode));
    const brief = (e: (typeof events)[number]) => ({
      at: e.eventTime,
      call: `${e.eventSource.split('.')[0]}:${e.eventName}`,
      accessKeyId: e.accessKeyId ?? '',
      ...(e.errorCode ? { errorCode: e.errorCode } : {}),
      ...(e.sourceIp ? { sourceIp: e.sourceIp } : {}),
    });
    if (successful.length > 0) {
      const shown = successful.slice(0, 5).map((e) => {
        const b = brief(e);
        return `${b.call} by ${b.accessKeyId} at ${b.at}${b.sourceIp ? ` from ${b.sourceIp}` : ''}`;
      });
      throw new ContainmentBreachedError(
        `containment breached: ${successful.length} successful call(s) after ${cutoff} (${shown.join('; ')}${successful.length > 5 ? '; ...' : ''}); ${denied.length} denied`,
      );
    }
    // Calls recorded where Rekey cannot read prove nothing either way: people must look there.
    if (derived.unreadable.length)
      throw new IncompleteEvidenceError(
        `CloudTrail Rekey cannot read may hold calls of the credentials after ${cutoff}: ${derived.unreadable.join('; ')}`,
      );
    if (truncated) {
      throw new IncompleteEvidenceError(
        `CloudTrail held more than Rekey reads (over ${EVENTS_PER_LOOKUP} events for a key, or more derived sessions than it follows) for ${derived.keys.join(', ')} after ${cutoff}: all refused among those read, the oldest, closest to the cut-off, unread`,
      );
    }
    return {
      status: 'unchanged',
      summary: `Containment holds: no successful call after ${cutoff}; ${denied.length} denied call(s), the attacker stopped`,
      facts: { verdict: 'holding', keys: derived.keys, successful: [], denied: denied.map(brief) },
    };
  },
};
