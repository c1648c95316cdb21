import { AccessDeniedError, NotContainableError } from '../domain/errors.js';
import { IDENTITY_CENTER_ROLE } from '../domain/protection.js';
import type { AuditEvent } from '../ports/audit-trail.js';
import type { ActionContext } from './action.js';
import { EVENTS_PER_LOOKUP, LONGEST_ROLE_SESSION_MS, regionsToSearch, trailIn } from './audit.js';
import { mintingKey } from './user-session-key.js';

const ASSUME_CALLS = new Set(['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity']);

/** The most roles traced back from a session: past it, people trace the rest (AWS sets no limit on chaining). */
export const MAX_CHAIN_HOPS = 10;

/** The call that issued the session: found among the calls on the role (LookupEvents by its ARN), region by region. */
async function issuingEvent(
  context: ActionContext,
  roleArn: string,
  { sessionKeyId, since, until }: Session,
  regions: readonly string[],
): Promise<{ event?: AuditEvent; truncated: boolean }> {
  let truncated = false;
  for (const region of regions) {
    const lookup = await trailIn(context, region).eventsByResource(roleArn, since, until, EVENTS_PER_LOOKUP);
    truncated ||= lookup.truncated;
    const event = lookup.events.find(
      (e) => ASSUME_CALLS.has(e.eventName) && e.issuedAccessKeyId === sessionKeyId,
    );
    if (event) return { event, truncated };
  }
  return { truncated };
}

const accountOf = (arn: string | undefined) => arn?.split(':')[4];
const nameOf = (arn: string | undefined) => arn?.split('/').at(-1) ?? '';
/** `arn:aws:sts::123:assumed-role/Role/session` names the role `Role`. */
const roleOfSession = (arn: string | undefined) => arn?.match(/:assumed-role\/([^/]+)\//)?.[1];

/** An IAM user who assumed a role, with the long-term key behind the call when CloudTrail shows it. */
export interface UserSource {
  kind: 'user';
  accountId: string;
  arn: string;
  userName: string;
  /** The long-term key (AKIA) that signed the call, or minted the temporary key that did. */
  accessKeyId?: string;
  event: AuditEvent;
}

/** A role whose session assumed the next role of the chain. */
export interface RoleSource {
  kind: 'role';
  accountId: string;
  /** The session's ARN (`assumed-role/<role>/<session>`). */
  arn: string;
  /** The role's IAM ARN, with its path, as the session's issuer names it. */
  roleArn: string;
  roleName: string;
  event: AuditEvent;
}

/** Who obtained a session: an IAM user or a role, in some account. */
export type Source = UserSource | RoleSource;

/**
 * The caller's own copy of a cross-account AssumeRole: in the role's account CloudTrail names only the calling
 * account and principal id (`AWSAccount`); the caller, with the key it signed with, is in its own account's copy,
 * which shares the `sharedEventID`. Read through the member role there.
 */
async function callersCopy(
  context: ActionContext,
  issued: AuditEvent,
  callerAccount: string,
  roleArn: string,
  { since, until }: Session,
  regions: readonly string[],
): Promise<{ copy?: AuditEvent; truncated: boolean }> {
  if (!context.auditTrailOf) return { truncated: false };
  let truncated = false;
  // The copy is written in the region of the STS endpoint called: that region first.
  for (const region of [...new Set([issued.region, ...regions])]) {
    const lookup = await context
      .auditTrailOf(callerAccount, region)
      .eventsByResource(roleArn, since, until, EVENTS_PER_LOOKUP);
    truncated ||= lookup.truncated;
    const copy = lookup.events.find(
      (e) =>
        e.eventName === issued.eventName &&
        e.principalType !== 'AWSAccount' &&
        (issued.sharedEventId
          ? e.sharedEventId === issued.sharedEventId
          : e.issuedAccessKeyId === issued.issuedAccessKeyId),
    );
    if (copy) return { copy, truncated };
  }
  return { truncated };
}

/** Who the issuing call names, in whichever account's copy names the caller. */
function sourceOf(event: AuditEvent, escalate: (why: string) => never): Source {
  const arn = event.principalArn ?? '';
  const accountId = accountOf(arn) ?? event.principalAccountId ?? '';
  switch (event.principalType) {
    case 'IAMUser':
      return {
        kind: 'user',
        accountId,
        arn,
        userName: nameOf(arn),
        ...(event.accessKeyId?.startsWith('AKIA') ? { accessKeyId: event.accessKeyId } : {}),
        event,
      };
    case 'AssumedRole': {
      const source = roleOfSession(arn);
      if (!source) return escalate(`is a session Rekey cannot name (${arn || 'unknown'})`);
      const roleArn = event.sessionIssuerArn ?? `arn:aws:iam::${accountId}:role/${source}`;
      return { kind: 'role', accountId, arn, roleArn, roleName: source, event };
    }
    default:
      return escalate(`is ${event.principalType ?? 'an unknown principal'} (${arn}): people must contain it`);
  }
}

/** One session to trace: the role it belongs to, and when its AssumeRole may have been (before the session's use). */
interface Session {
  roleName: string;
  sessionKeyId: string;
  since: Date;
  until: Date;
}

/** Finds the source of one session in CloudTrail (the context is the role's account), or escalates with the reason. */
async function findSource(
  session: Session,
  regions: readonly string[],
  context: ActionContext,
): Promise<Source> {
  const { roleName, sessionKeyId } = session;
  const escalate = (why: string): never => {
    throw new NotContainableError(`the source of ${roleName}'s session ${sessionKeyId} ${why}`);
  };
  const role = await context.identity.getPrincipal({ kind: 'role', name: roleName });
  if (!role) return escalate(`cannot be looked up: the role ${roleName} does not exist`);
  const { event, truncated } = await issuingEvent(context, role.arn, session, regions);
  if (!event)
    return escalate(
      truncated
        ? `is not among the newest ${EVENTS_PER_LOOKUP} calls on ${role.arn} in CloudTrail: people must look further back`
        : 'is not in CloudTrail (outside the lookup window, or never recorded)',
    );
  if (event.eventName !== 'AssumeRole')
    return escalate(
      `is a federated identity (${event.eventName}) from the identity provider ${event.identityProvider ?? '(not recorded)'}${event.principalId ? `, as ${event.principalId}` : ''}: disable the identity there (or the provider's trust in ${roleName})`,
    );
  if (event.principalType !== 'AWSAccount') return sourceOf(event, escalate);
  const callerAccount = event.principalAccountId ?? '';
  const who = `principal ${event.principalId ?? '(not recorded)'} of account ${callerAccount || '(not recorded)'}`;
  let copy: AuditEvent | undefined;
  let copiesCut = false;
  try {
    ({ copy, truncated: copiesCut } = await callersCopy(
      context,
      event,
      callerAccount,
      role.arn,
      session,
      regions,
    ));
  } catch (error) {
    // Another organisation's account, or one without Rekey's member role: beyond reach, named for people.
    if (error instanceof AccessDeniedError || error instanceof NotContainableError)
      return escalate(
        `is ${who}, whose CloudTrail Rekey cannot read (${error.message}): people must contain it`,
      );
    throw error;
  }
  if (!copy && copiesCut)
    return escalate(
      `is ${who}, whose copy of the call is not among the newest ${EVENTS_PER_LOOKUP} calls on ${role.arn} in its account's CloudTrail: people must look further back`,
    );
  if (!copy)
    return escalate(
      `is ${who}: its account's CloudTrail holds no copy of the call (sharedEventID ${event.sharedEventId ?? 'not recorded'}), so people must name and contain it`,
    );
  return sourceOf(copy, escalate);
}

/** The context of another account of the organisation (its IAM and CloudTrail through the member role). */
export function inAccountOf(context: ActionContext, stepAccount: string, accountId: string): ActionContext {
  if (accountId === stepAccount) return context;
  const { identityOf, auditTrailOf } = context;
  if (!identityOf || !auditTrailOf)
    throw new NotContainableError(`account ${accountId} is not the step's, and Rekey cannot reach it`);
  // A member role that cannot be assumed (another organisation, or none deployed) escalates here.
  return {
    ...context,
    identity: identityOf(accountId),
    auditTrail: (region) => auditTrailOf(accountId, region),
  };
}

/**
 * A session's chain back to its origin: the roles whose sessions assumed the next role (nearest first) and the IAM
 * user at the start; and, when the chain cannot be followed to a long-term key (a federated identity, an account out
 * of reach, CloudTrail without the call, a loop, too long a chain, a user's temporary key whose minting is not
 * shown), why the rest is beyond Rekey. With the regions searched.
 */
export interface Chain {
  roles: RoleSource[];
  regions: readonly string[];
  origin?: UserSource;
  beyond?: string;
}

/**
 * Traces the session back, link by link, through the CloudTrail of each role's account: an attacker who keeps any
 * link (the key at the origin, or a session of a role in between) re-enters the moment the sessions are revoked.
 * The first link that cannot be traced escalates (NotContainableError); a later one ends the chain with the reason.
 * Each link's AssumeRole is looked for only before the session's use (the call the next link records).
 */
export async function traceChain(
  first: { accountId: string; roleName: string; sessionKeyId: string; since?: string | undefined },
  given: readonly string[] | undefined,
  context: ActionContext,
): Promise<Chain> {
  const regions = await regionsToSearch(context, given);
  const roles: RoleSource[] = [];
  const seen = new Set<string>();
  const now = context.clock.now();
  let session: Session & { accountId: string } = {
    ...first,
    since: first.since ? new Date(first.since) : new Date(now.getTime() - LONGEST_ROLE_SESSION_MS),
    until: now,
  };
  for (;;) {
    seen.add(session.sessionKeyId);
    let source: Source;
    try {
      source = await findSource(session, regions, inAccountOf(context, first.accountId, session.accountId));
    } catch (error) {
      const refused = error instanceof NotContainableError || error instanceof AccessDeniedError;
      if (roles.length === 0 || !refused) throw error;
      return { roles, regions, beyond: error.message };
    }
    if (source.kind === 'user') {
      if (source.accessKeyId) return { roles, regions, origin: source };
      if (!source.event.accessKeyId)
        return {
          roles,
          regions,
          origin: source,
          beyond: `CloudTrail does not name the key ${source.arn} signed with: its keys are for people to check`,
        };
      const { key, why } = await mintingKey(
        inAccountOf(context, first.accountId, source.accountId),
        source,
        regions,
      );
      return key
        ? { roles, regions, origin: { ...source, accessKeyId: key } }
        : { roles, regions, origin: source, beyond: why ?? 'the key behind its temporary key is not found' };
    }
    // Only a role Identity Center made (under /aws-reserved/sso.amazonaws.com/) is one: anyone may name a role so.
    const reserved = source.roleArn.includes(':role/aws-reserved/sso.amazonaws.com/');
    const permissionSet = reserved ? source.roleName.match(IDENTITY_CENTER_ROLE)?.[1] : undefined;
    if (permissionSet)
      // IAM refuses any change to an AWSReservedSSO_* role: its user is stopped in Identity Center.
      return {
        roles,
        regions,
        beyond: `${source.arn} is the Identity Center session of ${source.arn.split('/').at(-1)} (permission set ${permissionSet}), which IAM cannot revoke: deny the user in Identity Center (a deny on identitystore:userId in each permission set assigned to them, as the identity-center-session playbook does) and end their portal session`,
      };
    roles.push(source);
    const next = source.event.accessKeyId;
    if (!next)
      return { roles, regions, beyond: `CloudTrail does not name the key of ${source.arn}'s session` };
    if (seen.has(next)) return { roles, regions, beyond: `the chain loops back to session ${next}` };
    if (roles.length >= MAX_CHAIN_HOPS)
      return { roles, regions, beyond: `the chain is longer than the ${MAX_CHAIN_HOPS} roles Rekey traces` };
    // A session lives at most 12 hours: the one that made this call was issued at most that long before it.
    const at = new Date(source.event.eventTime);
    session = {
      accountId: source.accountId,
      roleName: source.roleName,
      sessionKeyId: next,
      since: new Date(at.getTime() - LONGEST_ROLE_SESSION_MS),
      until: at,
    };
  }
}
