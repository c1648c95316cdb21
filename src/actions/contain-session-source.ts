import { containSessionSource } from '../domain/actions.js';
import { NotContainableError } from '../domain/errors.js';
import type { AuditEvent } from '../ports/audit-trail.js';
import type { Action, ActionContext, ActionResult, Undo } from './action.js';
import { EVENTS_PER_LOOKUP, regionsToSearch, trailIn } from './audit.js';
import { deactivateAccessKeyAction } from './deactivate-access-key.js';
import { revokeSessionsAction } from './revoke-sessions.js';

const ASSUME_CALLS = ['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity'];

async function issuingEvent(
  context: ActionContext,
  sessionKeyId: string,
  since: Date,
  regions: readonly string[],
): Promise<AuditEvent | undefined> {
  for (const region of regions) {
    for (const name of ASSUME_CALLS) {
      const events = await trailIn(context, region).eventsByName(
        name,
        since,
        context.clock.now(),
        EVENTS_PER_LOOKUP,
      );
      const found = events.find((e) => e.issuedAccessKeyId === sessionKeyId);
      if (found) return found;
    }
  }
  return undefined;
}

const accountOf = (arn: string | undefined) => arn?.split(':')[4];
const nameOf = (arn: string | undefined) => arn?.split('/').at(-1) ?? '';
/** `arn:aws:sts::123:assumed-role/Role/session` names the role `Role`. */
const roleOfSession = (arn: string | undefined) => arn?.match(/:assumed-role\/([^/]+)\//)?.[1];

/**
 * Revoking a role's sessions is undone the moment the attacker assumes the role again, so the session's source is
 * contained too: found in CloudTrail (the AssumeRole call that issued the session key), an IAM user's key is
 * deactivated and the user's sessions revoked, a source role's sessions are revoked. A source outside Rekey's
 * reach (an identity provider, another account, an AWS service, the root user) escalates.
 */
export const containSessionSourceAction: Action<typeof containSessionSource> = {
  descriptor: containSessionSource,
  plan: (parameters, context) =>
    revokeSessionsAction.plan(
      { accountId: parameters.accountId, principal: { kind: 'role', name: parameters.roleName } },
      context,
    ),
  calls: async () => [],
  async apply({ accountId, roleName, sessionKeyId, since, regions }, plan, context) {
    const event = await issuingEvent(
      context,
      sessionKeyId,
      new Date(since),
      await regionsToSearch(context, regions),
    );
    const escalate = (why: string): never => {
      throw new NotContainableError(`the source of ${roleName}'s session ${sessionKeyId} ${why}`);
    };
    if (!event) return escalate('is not in CloudTrail (outside the lookup window, or never recorded)');
    if (event.eventName !== 'AssumeRole')
      return escalate(`is an identity provider (${event.eventName}): contain it there`);
    if (accountOf(event.principalArn) !== accountId)
      return escalate(`is in another account (${event.principalArn ?? 'unknown'}), outside Rekey's reach`);
    const undo: Undo[] = [];
    const done: string[] = [];
    let changed = false;
    const keep = (result: ActionResult) => {
      if (result.undo) undo.push(result.undo);
      if (result.status === 'changed') changed = true;
      done.push(result.summary);
    };
    switch (event.principalType) {
      case 'IAMUser': {
        const userName = nameOf(event.principalArn);
        if (event.accessKeyId?.startsWith('AKIA')) {
          keep(
            await deactivateAccessKeyAction.apply(
              { accountId, userName, accessKeyId: event.accessKeyId },
              {},
              context,
            ),
          );
        }
        keep(
          await revokeSessionsAction.apply(
            { accountId, principal: { kind: 'user', name: userName } },
            plan,
            context,
          ),
        );
        break;
      }
      case 'AssumedRole': {
        const source = roleOfSession(event.principalArn);
        if (!source) return escalate(`is a session Rekey cannot name (${event.principalArn ?? 'unknown'})`);
        keep(
          await revokeSessionsAction.apply(
            { accountId, principal: { kind: 'role', name: source } },
            plan,
            context,
          ),
        );
        break;
      }
      default:
        return escalate(
          `is ${event.principalType ?? 'an unknown principal'} (${event.principalArn ?? ''}): people must contain it`,
        );
    }
    return {
      status: changed ? 'changed' : 'unchanged',
      summary: `Source of ${roleName}'s session (${event.principalArn}) contained: ${done.join('; ')}`,
      ...(undo.length ? { undo: { operation: 'rekey:UndoAll', parameters: { undo } } } : {}),
      facts: {
        source: event.principalArn ?? null,
        via: event.accessKeyId ?? null,
        assumedAt: event.eventTime,
      },
    };
  },
};
