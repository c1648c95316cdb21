import { AccessDeniedError, NotContainableError, ThrottlingError } from '../domain/errors.js';
import { IDENTITY_CENTER_PATH } from '../domain/protection.js';
import type { AuditEvent, AuditTrail } from '../ports/audit-trail.js';
import type { ActionContext } from './action.js';
import { EVENTS_PER_LOOKUP, trailIn } from './audit.js';
import { accountsWithSets, userPermissionSets } from './identity-center-user.js';
import type { KeyIn } from './key-trace.js';

/** The most accounts searched for a user's sessions: past it, people look (one lookup per account and region). */
export const ACCOUNTS_SEARCHED = 50;

/** The most of the user's other sessions traced (each followed as the signal's own is): past it, people look. */
export const SESSIONS_TRACED = 25;

/** The Identity Center user's sessions found, and what was not read. */
export interface UserSessionKeys {
  keys: KeyIn[];
  unread: string[];
}

/**
 * A call signed by one of the user's permission-set sessions: an Identity Center role's session named after the
 * user (Identity Center names each session after its user). A role of anyone's making may bear the same session
 * name, but never the reserved path, so the issuer's ARN decides.
 */
const sessionOfUser = (e: AuditEvent, userName: string) =>
  e.principalType === 'AssumedRole' &&
  e.accessKeyId !== undefined &&
  e.sessionIssuerArn?.includes(`:role${IDENTITY_CENTER_PATH}`) === true &&
  e.principalArn?.endsWith(`/${userName}`) === true;

/**
 * The accounts the user's permission sets are provisioned to (where their sessions can be), from Identity Center,
 * and what it would not say.
 */
async function accountsOfUser(
  context: ActionContext,
  userName: string,
): Promise<{ accounts: string[]; unread: string[] }> {
  const center = context.identityCenter;
  const missed = (why: string) => ({ accounts: [], unread: [`${userName}'s other sessions: ${why}`] });
  if (!center) return missed('Rekey is not configured to reach Identity Center');
  try {
    const userId = await center.findUserId(userName);
    if (!userId) return missed(`no Identity Center user named ${userName}`);
    const { sets, gap } = await userPermissionSets(center, userId, undefined);
    const { accounts, unlisted } = await accountsWithSets(center, sets);
    return {
      accounts,
      unread: [
        ...(gap ? [`${userName}'s permission sets: ${gap}`] : []),
        ...unlisted.map(
          (set) => `the accounts of permission set ${set} (Identity Center refused to list them)`,
        ),
      ],
    };
  } catch (error) {
    if (!(error instanceof NotContainableError || error instanceof AccessDeniedError)) throw error;
    return missed(error.message);
  }
}

/**
 * Every permission-set session of an Identity Center user that signed a call in the accounts, from their CloudTrail
 * (LookupEvents by user name, which is the session's name), every account and region at once. The user's other sessions (other
 * accounts, other sets, the same portal login) may have chained into roles the signal's session never touched.
 */
export async function identityCenterSessionKeys(
  context: ActionContext,
  home: string,
  userName: string,
  regions: readonly string[],
  from: Date,
  to: Date,
): Promise<UserSessionKeys> {
  const found = await accountsOfUser(context, userName);
  const unread = [...found.unread];
  // The signal's own account first: past the bound, the others are left to people.
  const all = [home, ...found.accounts.filter((a) => a !== home)];
  const accounts = all.slice(0, ACCOUNTS_SEARCHED);
  if (all.length > ACCOUNTS_SEARCHED)
    unread.push(`${userName}'s sessions in the accounts past the first ${ACCOUNTS_SEARCHED}`);
  const trailOf = (account: string, region: string): AuditTrail => {
    if (account === home) return trailIn(context, region);
    if (!context.auditTrailOf)
      throw new NotContainableError(`no CloudTrail of account ${account} is reachable`);
    return context.auditTrailOf(account, region);
  };
  const keys = new Map<string, KeyIn>();
  // Every account and region at once: LookupEvents' rate (2 requests a second) is per account and region.
  await Promise.all(
    accounts.flatMap((account) =>
      regions.map(async (region) => {
        try {
          const lookup = await trailOf(account, region).eventsByUser(userName, from, to, EVENTS_PER_LOOKUP);
          if (lookup.truncated) unread.push(`${userName}'s sessions in account ${account}, ${region}`);
          for (const e of lookup.events)
            if (sessionOfUser(e, userName) && e.accessKeyId)
              // A cross-account call is recorded in both accounts: the session's own is the one its ARN names.
              keys.set(e.accessKeyId, {
                key: e.accessKeyId,
                account: e.principalArn?.split(':')[4] || account,
              });
        } catch (error) {
          // Throttling is retried with the step; anything else (an account out of reach, a region it has not
          // enabled) is a hop not read.
          if (error instanceof ThrottlingError) throw error;
          unread.push(
            `${userName}'s sessions in account ${account}, ${region}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }),
    ),
  );
  const sessions = [...keys.values()];
  if (sessions.length > SESSIONS_TRACED)
    unread.push(`${userName}'s sessions past the first ${SESSIONS_TRACED} found (not traced)`);
  return { keys: sessions.slice(0, SESSIONS_TRACED), unread: unread.sort() };
}
