import { containSessionSource } from '../domain/actions.js';
import { AccessDeniedError, NotContainableError } from '../domain/errors.js';
import type { AuditEvent } from '../ports/audit-trail.js';
import {
  type Action,
  type ActionContext,
  type ActionResult,
  type PlannedCall,
  type Undo,
  withPartialUndo,
} from './action.js';
import { EVENTS_PER_LOOKUP, LONGEST_ROLE_SESSION_MS, regionsToSearch, trailIn } from './audit.js';
import { deactivateAccessKeyAction } from './deactivate-access-key.js';
import { type DenyBefore, observeDeny } from './deny-placement.js';
import { revokeSessionsAction } from './revoke-sessions.js';

const ASSUME_CALLS = new Set(['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity']);

/** The call that issued the session: found among the calls on the role (LookupEvents by its ARN), region by region. */
async function issuingEvent(
  context: ActionContext,
  roleArn: string,
  sessionKeyId: string,
  since: Date,
  regions: readonly string[],
): Promise<{ event?: AuditEvent; truncated: boolean }> {
  let truncated = false;
  for (const region of regions) {
    const lookup = await trailIn(context, region).eventsByResource(
      roleArn,
      since,
      context.clock.now(),
      EVENTS_PER_LOOKUP,
    );
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

/** Who obtained the session: an IAM user (with the long-term key it used) or a role, in some account. */
type Source =
  | {
      kind: 'user';
      accountId: string;
      arn: string;
      userName: string;
      accessKeyId?: string;
      event: AuditEvent;
    }
  | { kind: 'role'; accountId: string; arn: string; roleName: string; event: AuditEvent };

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
  since: Date,
  regions: readonly string[],
): Promise<AuditEvent | undefined> {
  if (!context.auditTrailOf) return undefined;
  // The copy is written in the region of the STS endpoint called: that region first.
  for (const region of [...new Set([issued.region, ...regions])]) {
    const lookup = await context
      .auditTrailOf(callerAccount, region)
      .eventsByResource(roleArn, since, context.clock.now(), EVENTS_PER_LOOKUP);
    const copy = lookup.events.find(
      (e) =>
        e.eventName === issued.eventName &&
        e.principalType !== 'AWSAccount' &&
        (issued.sharedEventId
          ? e.sharedEventId === issued.sharedEventId
          : e.issuedAccessKeyId === issued.issuedAccessKeyId),
    );
    if (copy) return copy;
  }
  return undefined;
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
      return { kind: 'role', accountId, arn, roleName: source, event };
    }
    default:
      return escalate(`is ${event.principalType ?? 'an unknown principal'} (${arn}): people must contain it`);
  }
}

/** Finds the source in CloudTrail, or escalates with the reason it is beyond Rekey. */
async function findSource(
  {
    roleName,
    sessionKeyId,
    since,
    regions,
  }: { roleName: string; sessionKeyId: string; since?: string | undefined; regions?: string[] | undefined },
  context: ActionContext,
): Promise<Source> {
  const escalate = (why: string): never => {
    throw new NotContainableError(`the source of ${roleName}'s session ${sessionKeyId} ${why}`);
  };
  const role = await context.identity.getPrincipal({ kind: 'role', name: roleName });
  if (!role) return escalate(`cannot be looked up: the role ${roleName} does not exist`);
  const from = since ? new Date(since) : new Date(context.clock.now().getTime() - LONGEST_ROLE_SESSION_MS);
  const searched = await regionsToSearch(context, regions);
  const { event, truncated } = await issuingEvent(context, role.arn, sessionKeyId, from, searched);
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
  try {
    copy = await callersCopy(context, event, callerAccount, role.arn, from, searched);
  } catch (error) {
    // Another organisation's account, or one without Rekey's member role: beyond reach, named for people.
    if (error instanceof AccessDeniedError || error instanceof NotContainableError)
      return escalate(
        `is ${who}, whose CloudTrail Rekey cannot read (${error.message}): people must contain it`,
      );
    throw error;
  }
  if (!copy)
    return escalate(
      `is ${who}: its account's CloudTrail holds no copy of the call (sharedEventID ${event.sharedEventId ?? 'not recorded'}), so people must name and contain it`,
    );
  return sourceOf(copy, escalate);
}

/** The context to act on the source with: the source's own account, reached through the member role. */
function inSourceAccount(source: Source, stepAccount: string, context: ActionContext): ActionContext {
  if (source.accountId === stepAccount) return context;
  if (!context.identityOf)
    throw new NotContainableError(`the source ${source.arn} is in another account, which Rekey cannot reach`);
  // A member role that cannot be assumed (another organisation, or none deployed) escalates here.
  return { ...context, identity: context.identityOf(source.accountId) };
}

/** Undoing all of it, in the source's account when that is not the step's. */
function inAccount(sourceAccount: string, stepAccount: string, undo: Undo[]): Undo {
  const all: Undo = { operation: 'rekey:UndoAll', parameters: { undo } };
  return sourceAccount === stepAccount
    ? all
    : { operation: 'rekey:InAccount', parameters: { accountId: sourceAccount, undo: all } };
}

/**
 * Revoking a role's sessions is undone the moment the attacker assumes the role again, so the session's source is
 * contained too: found in CloudTrail (the AssumeRole call that issued the session key), an IAM user's key is
 * deactivated and the user's sessions revoked, a source role's sessions are revoked, in whichever account of the
 * organisation it lives (through the member role). A source outside Rekey's reach (an identity provider, an
 * account without the member role or of another organisation, an AWS service, the root user) escalates.
 */
export const containSessionSourceAction: Action<typeof containSessionSource> = {
  descriptor: containSessionSource,
  plan: (parameters, context) =>
    revokeSessionsAction.plan(
      { accountId: parameters.accountId, principal: { kind: 'role', name: parameters.roleName } },
      context,
    ),
  async observe(parameters, plan, context) {
    const source = await findSource(parameters, context);
    const there = inSourceAccount(source, parameters.accountId, context);
    const ref =
      source.kind === 'user'
        ? { kind: 'user' as const, name: source.userName }
        : { kind: 'role' as const, name: source.roleName };
    const keys = source.kind === 'user' ? await there.identity.listAccessKeys(source.userName) : [];
    return {
      keyStatus:
        keys.find((k) => source.kind === 'user' && k.accessKeyId === source.accessKeyId)?.status ?? null,
      deny: await observeDeny(ref, String(plan.policyName), there),
    };
  },
  async calls(parameters, _plan, context) {
    const source = await findSource(parameters, context);
    const calls: PlannedCall[] = [];
    if (source.kind === 'user') {
      if (source.accessKeyId) calls.push({ operation: 'iam:UpdateAccessKey', resource: source.arn });
      calls.push({ operation: 'iam:PutUserPolicy', resource: source.arn });
    } else {
      const roleArn = `arn:aws:iam::${source.accountId}:role/${source.roleName}`;
      calls.push({ operation: 'iam:PutRolePolicy', resource: roleArn });
    }
    return calls;
  },
  async apply(parameters, plan, context) {
    const { accountId, roleName } = parameters;
    const source = await findSource(parameters, context);
    const there = inSourceAccount(source, accountId, context);
    const before = plan.before as { keyStatus: string | null; deny?: DenyBefore } | undefined;
    const undo: Undo[] = [];
    const done: string[] = [];
    let changed = false;
    const keep = (result: ActionResult) => {
      if (result.undo) undo.push(result.undo);
      if (result.status === 'changed') changed = true;
      done.push(result.summary);
    };
    try {
      if (source.kind === 'user') {
        if (source.accessKeyId) {
          keep(
            await deactivateAccessKeyAction.apply(
              { accountId: source.accountId, userName: source.userName, accessKeyId: source.accessKeyId },
              before ? { before: { status: before.keyStatus } } : {},
              there,
            ),
          );
        }
        keep(
          await revokeSessionsAction.apply(
            { accountId: source.accountId, principal: { kind: 'user', name: source.userName } },
            { ...plan, before: { deny: before?.deny } },
            there,
          ),
        );
      } else {
        keep(
          await revokeSessionsAction.apply(
            { accountId: source.accountId, principal: { kind: 'role', name: source.roleName } },
            { ...plan, before: { deny: before?.deny } },
            there,
          ),
        );
      }
    } catch (error) {
      // A deactivated key stays deactivated when the revoke then fails: a rollback still undoes it, there.
      throw withPartialUndo(error, undo.length ? [inAccount(source.accountId, accountId, undo)] : [], [
        source.arn,
        source.accountId,
        ...(source.kind === 'user' && source.accessKeyId ? [source.accessKeyId] : []),
      ]);
    }
    return {
      status: changed ? 'changed' : 'unchanged',
      summary: `Source of ${roleName}'s session (${source.arn}) contained: ${done.join('; ')}`,
      ...(undo.length ? { undo: inAccount(source.accountId, accountId, undo) } : {}),
      facts: {
        source: source.arn,
        sourceAccount: source.accountId,
        via: source.event.accessKeyId ?? null,
        assumedAt: source.event.eventTime,
      },
    };
  },
};
