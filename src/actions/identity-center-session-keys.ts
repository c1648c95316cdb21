import { AccessDeniedError, NotContainableError } from '../domain/errors.js';
import type { AuditEvent, AuditTrail } from '../ports/audit-trail.js';
import type { ActionContext } from './action.js';
import { EVENTS_PER_LOOKUP, trailIn } from './audit.js';
import { accountsWithSets, userPermissionSets } from './identity-center-user.js';
import type { KeyIn } from './key-trace.js';

/** The most accounts searched for a user's sessions: past it, people look (one lookup per account and region). */
export const ACCOUNTS_SEARCHED = 50;

/** IAM keeps this path for the roles Identity Center creates: nobody else can create a role on it. */
const IDENTITY_CENTER_PATH = ':role/aws-reserved/sso.amazonaws.com/';

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
  e.sessionIssuerArn?.includes(IDENTITY_CENTER_PATH) === true &&
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
 * (LookupEvents by user name, which is the session's name), region by region. The user's other sessions (other
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
  const accounts = found.accounts.slice(0, ACCOUNTS_SEARCHED);
  if (found.accounts.length > ACCOUNTS_SEARCHED)
    unread.push(`${userName}'s sessions in the accounts past the first ${ACCOUNTS_SEARCHED}`);
  const trailOf = (account: string, region: string): AuditTrail => {
    if (account === home) return trailIn(context, region);
    if (!context.auditTrailOf)
      throw new NotContainableError(`no CloudTrail of account ${account} is reachable`);
    return context.auditTrailOf(account, region);
  };
  const keys = new Map<string, KeyIn>();
  await Promise.all(
    accounts.map(async (account) => {
      for (const region of regions) {
        try {
          const lookup = await trailOf(account, region).eventsByUser(userName, from, to, EVENTS_PER_LOOKUP);
          if (lookup.truncated) unread.push(`${userName}'s sessions in account ${account}, ${region}`);
          for (const e of lookup.events)
            if (sessionOfUser(e, userName) && e.accessKeyId)
              keys.set(e.accessKeyId, { key: e.accessKeyId, account });
        } catch (error) {
          if (!(error instanceof NotContainableError || error instanceof AccessDeniedError)) throw error;
          unread.push(`${userName}'s sessions in account ${account}: ${error.message}`);
          return;
        }
      }
    }),
  );
  return { keys: [...keys.values()], unread: unread.sort() };
}
