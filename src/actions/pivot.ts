import { pivot } from '../domain/actions.js';
import { IncompleteEvidenceError } from '../domain/errors.js';
import { type Action, withFacts } from './action.js';
import { EVENTS_PER_LOOKUP, LONGEST_SESSION_MS, regionsToSearch } from './audit.js';
import { identityCenterSessionKeys } from './identity-center-session-keys.js';
import { traceKeys } from './key-trace.js';

/**
 * From an access key id (or several, traced together: every exposed key of a user), what it did and which roles it
 * assumed: CloudTrail lookups in every region (given, or enabled), since the longest a session it minted lives (36
 * hours), following the session keys it obtained (AssumeRole, GetSessionToken, GetFederationToken) and the access
 * keys it created to what they did in turn, bounded. The sessions found are what revoking must reach too. A hop it
 * could not read (an account out of reach, more events than one lookup returns) fails it, naming the hop, with what
 * it found: the playbook goes on revoking that and escalates.
 */
/** Entries kept of each list in the facts; the roles kept (each is revoked), whatever the bound on the others. */
const LISTED = 100;
const ROLES_KEPT = 300;
/** Names shown in a summary: the first ten, then how many more. */
const named = (names: string[]) =>
  names.length === 0
    ? ''
    : `: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ` and ${names.length - 10} more` : ''}`;

export const pivotAction: Action<typeof pivot> = {
  descriptor: pivot,
  plan: () => ({}),
  calls: async () => [],
  async apply(
    { accountId, accessKeyId, accessKeyIds, since, regions: given, identityCenterUser },
    _plan,
    context,
  ) {
    const traced = accessKeyIds ?? (accessKeyId ? [accessKeyId] : []);
    const regions = await regionsToSearch(context, given);
    const from = since ? new Date(since) : new Date(context.clock.now().getTime() - LONGEST_SESSION_MS);
    const to = context.clock.now();
    // The user's other sessions (another account, another set, the same portal login) are the attacker's too.
    const userSessions = identityCenterUser
      ? await identityCenterSessionKeys(context, accountId, identityCenterUser, regions, from, to)
      : { keys: [], unread: [] };
    const { keys, assumedRoles, sessionKeys, createdKeys, calls, truncated, unreadable } = await traceKeys(
      context,
      accountId,
      [...traced, ...userSessions.keys],
      regions,
      from,
      to,
    );
    const allRoles = [...new Set(assumedRoles.map((r) => r.roleArn))];
    const roles = allRoles.slice(0, ROLES_KEPT);
    const total = Object.values(calls).reduce((a, b) => a + b, 0);
    const others = userSessions.keys.filter((k) => !traced.includes(k.key)).map((k) => k.key);
    const alsoTraced = others.length
      ? ` and ${identityCenterUser}'s ${others.length} other session(s)${named(others)}`
      : '';
    const found = `${traced.join(', ')}${alsoTraced} made ${total} call(s) since ${from.toISOString()}; assumed ${allRoles.length} role(s)${named(allRoles)}; obtained ${sessionKeys.length} session token(s)${createdKeys.length ? `; created ${createdKeys.length} access key(s)${named(createdKeys.map((k) => k.accessKeyId))}` : ''}`;
    // Past these bounds the facts would outgrow what Step Functions passes on (256 KiB): people take over.
    const unread = [
      ...userSessions.unread,
      ...truncated,
      ...unreadable,
      ...(allRoles.length > ROLES_KEPT
        ? [`the roles past the first ${ROLES_KEPT} assumed (not revoked)`]
        : []),
      ...(createdKeys.length > LISTED ? [`the access keys created past the first ${LISTED}`] : []),
    ];
    const facts = {
      keys,
      // The first of each list, with its whole count: the summary and CloudTrail hold the rest.
      assumedRoles: assumedRoles.slice(0, LISTED),
      assumedRoleCount: assumedRoles.length,
      roles: roles.map((arn) => ({
        kind: 'role',
        name: arn.split('/').at(-1) ?? arn,
        arn,
        accountId: arn.split(':')[4],
      })),
      sessionKeys: sessionKeys.slice(0, LISTED),
      sessionKeyCount: sessionKeys.length,
      createdKeys: createdKeys.slice(0, LISTED),
      calls,
      regions,
      truncated,
      unreadable,
    };
    // What lies beyond an unread hop (a role it assumed, a key it made) is neither revoked nor swept: people must
    // look now, not when verification finds the evidence incomplete; the roles found are still revoked (its facts).
    if (unread.length > 0)
      throw withFacts(
        new IncompleteEvidenceError(
          `${found}; but people must trace what Rekey did not read (a lookup's events past the newest ${EVENTS_PER_LOOKUP}, keys past those it follows, accounts it cannot reach): ${unread.join('; ')}`,
        ),
        facts,
      );
    return { status: 'unchanged', summary: found, facts };
  },
};
