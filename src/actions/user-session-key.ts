import type { AuditEvent } from '../ports/audit-trail.js';
import type { ActionContext } from './action.js';
import { EVENTS_PER_LOOKUP, LONGEST_SESSION_MS, trailIn } from './audit.js';

/** The calls that mint an IAM user's own temporary keys, which then sign its calls as the user. */
const USER_SESSION_CALLS = ['GetSessionToken', 'GetFederationToken'] as const;

/**
 * The long-term key behind a user's temporary key (CloudTrail names a GetSessionToken session's calls as the IAM
 * user, with the temporary key): the minting call whose response holds it, in the user's account, in the 36 hours
 * before the call it signed.
 */
export async function mintingKey(
  context: ActionContext,
  user: { arn: string; event: AuditEvent },
  regions: readonly string[],
): Promise<{ key?: string; why?: string }> {
  // Only the temporary key is recorded: which long-term key minted it is in the minting call's record.
  const signedWith = user.event.accessKeyId ?? '';
  const at = new Date(user.event.eventTime);
  const since = new Date(at.getTime() - LONGEST_SESSION_MS);
  for (const region of regions)
    for (const name of USER_SESSION_CALLS) {
      const { events } = await trailIn(context, region).eventsByName(name, since, at, EVENTS_PER_LOOKUP);
      const minted = events.find((e) => !e.errorCode && e.issuedAccessKeyId === signedWith);
      if (minted?.accessKeyId?.startsWith('AKIA') && minted.principalArn === user.arn)
        return { key: minted.accessKeyId };
    }
  return {
    why: `${user.arn} signed with the temporary key ${signedWith || '(not recorded)'}, and CloudTrail shows no GetSessionToken or GetFederationToken of its that minted it (a console sign-in, or older than 36 hours): its password and keys are for people to change`,
  };
}
