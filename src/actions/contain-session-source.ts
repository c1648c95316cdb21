import { containSessionSource } from '../domain/actions.js';
import { plannedCutoff } from '../domain/deny-policy.js';
import {
  AccessDeniedError,
  NotContainableError,
  NotFoundError,
  ProtectedPrincipalError,
  UnmodifiableEntityError,
} from '../domain/errors.js';
import {
  type Action,
  type ActionContext,
  type ActionResult,
  type PlannedCall,
  type Undo,
  withFacts,
  withPartialUndo,
} from './action.js';
import { LONGEST_SESSION_MS } from './audit.js';
import { deactivateAccessKeyAction } from './deactivate-access-key.js';
import { type DenyBefore, observeDeny } from './deny-placement.js';
import { traceKeys } from './key-trace.js';
import { revokeSessionsAction } from './revoke-sessions.js';
import { inAccountOf, traceChain } from './session-chain.js';

/** A principal to contain: a role (its sessions revoked) or a user (its key deactivated, its sessions revoked). */
interface Link {
  kind: 'user' | 'role';
  accountId: string;
  name: string;
  /** The principal's IAM ARN. */
  arn: string;
  accessKeyId?: string;
}

type Parameters = {
  accountId: string;
  roleName: string;
  sessionKeyId: string;
  since?: string | undefined;
  regions?: string[] | undefined;
};

/** What there is to contain (journaled with the plan, so applying acts on what was observed). */
interface Targets {
  /** The origin user first (its key is what re-enters), then the roles in between, nearest first. */
  links: Link[];
  /** Roles outside the chain that the origin's key (or a session it obtained) assumed. */
  minted: Link[];
  /** Why the chain stops short of its origin's key, when it does. */
  beyond?: string;
  /** Where the origin key's sessions went that Rekey could not read (another organisation's account). */
  unread?: string[];
  /** The origin: who assumed the first role of the chain, with which key, when. */
  origin?: { arn: string; accountId: string; via: string | null; assumedAt: string };
}

/** The errors that leave one link to people while the others are contained. */
const refusal = (error: unknown) =>
  error instanceof ProtectedPrincipalError ||
  error instanceof NotContainableError ||
  error instanceof AccessDeniedError ||
  error instanceof NotFoundError ||
  error instanceof UnmodifiableEntityError;

const roleLink = (arn: string): Link => ({
  kind: 'role',
  accountId: arn.split(':')[4] ?? '',
  name: arn.split('/').at(-1) ?? arn,
  arn,
});

/**
 * The chain back to the origin and, as for any leaked key, every role the origin's key assumed in its account's
 * CloudTrail: a session it obtained outside the chain is the attacker's as much as the chain's, and deactivating the
 * key does not end it.
 */
async function targetsOf(parameters: Parameters, context: ActionContext): Promise<Targets> {
  const { regions, ...first } = parameters;
  const chain = await traceChain(first, regions, context);
  const roles = chain.roles.map((r) => roleLink(r.roleArn));
  const { origin } = chain;
  if (!origin) return { links: roles, minted: [], ...(chain.beyond ? { beyond: chain.beyond } : {}) };
  const user: Link = {
    kind: 'user',
    accountId: origin.accountId,
    name: origin.userName,
    arn: origin.arn,
    ...(origin.accessKeyId ? { accessKeyId: origin.accessKeyId } : {}),
  };
  const found = {
    origin: {
      arn: origin.arn,
      accountId: origin.accountId,
      via: origin.accessKeyId ?? origin.event.accessKeyId ?? null,
      assumedAt: origin.event.eventTime,
    },
    ...(chain.beyond ? { beyond: chain.beyond } : {}),
  };
  if (!origin.accessKeyId) return { links: [user, ...roles], minted: [], ...found };
  const now = context.clock.now();
  const traced = await traceKeys(
    inAccountOf(context, parameters.accountId, origin.accountId),
    origin.accountId,
    [origin.accessKeyId],
    chain.regions,
    new Date(now.getTime() - LONGEST_SESSION_MS),
    now,
  );
  // A role is one principal whatever path its ARN names: compared by account and name.
  const id = (l: Link) => `${l.accountId}:${l.name}`;
  const known = new Set([`${parameters.accountId}:${parameters.roleName}`, ...roles.map(id)]);
  const minted = [...new Set(traced.assumedRoles.map((r) => r.roleArn))]
    .map(roleLink)
    .filter((l) => !known.has(id(l)) && known.add(id(l)));
  return {
    links: [user, ...roles],
    minted,
    ...found,
    ...(traced.unreadable.length ? { unread: traced.unreadable } : {}),
  };
}

/** The chain as it was walked: the origin user, then the roles in the order they were assumed. */
const pathOf = (links: Link[]) =>
  [...links.filter((l) => l.kind === 'user'), ...links.filter((l) => l.kind === 'role').reverse()]
    .map((l) => l.arn)
    .join(' -> ');

/** What the step established: the origin and its key (once traced to it), the chain, the other roles, the accounts. */
function factsOf({ links, minted, origin }: Omit<Targets, 'beyond' | 'unread'>, all: Link[]) {
  return {
    ...(origin
      ? { source: origin.arn, sourceAccount: origin.accountId, via: origin.via, assumedAt: origin.assumedAt }
      : {}),
    chain: links.map((l) => l.arn),
    minted: minted.map((l) => l.arn),
    accounts: [...new Set(all.map((l) => l.accountId))],
  };
}

/** Undoing it in the link's account when that is not the step's. */
function inAccount(linkAccount: string, stepAccount: string, undo: Undo): Undo {
  return linkAccount === stepAccount
    ? undo
    : { operation: 'rekey:InAccount', parameters: { accountId: linkAccount, undo } };
}

/** What the links held before, the cut-off their denies use, and the links; links out of reach, with why. */
interface Before {
  keyStatus: string | null;
  denies: Record<string, DenyBefore | undefined>;
  targets: Targets;
  /** Taken once the tracing is done, so a session minted while it ran is denied too. */
  issuedBefore: string;
  unreachable: Record<string, string>;
}

/**
 * Revoking a role's sessions is undone the moment the attacker assumes the role again, so the session's source is
 * contained too, back to its origin: found in CloudTrail link by link (the AssumeRole call that issued each session
 * key, in the caller's own account for a cross-account call), the IAM user at the origin has its key deactivated and
 * its sessions revoked first, then each role in between and every other role the origin's key assumed has its
 * sessions revoked, in whichever account of the organisation each lives (through the member role). A link beyond
 * Rekey's reach (an identity provider, an account without the member role or of another organisation, a protected
 * principal, an AWS service, the root user) is left to people: the step escalates naming it, after the rest.
 */
export const containSessionSourceAction: Action<typeof containSessionSource> = {
  descriptor: containSessionSource,
  plan: (parameters, context) =>
    revokeSessionsAction.plan(
      { accountId: parameters.accountId, principal: { kind: 'role', name: parameters.roleName } },
      context,
    ),
  async observe(parameters, plan, context) {
    const targets = await targetsOf(parameters, context);
    const before: Omit<Before, 'issuedBefore'> = { keyStatus: null, denies: {}, targets, unreachable: {} };
    for (const link of [...targets.links, ...targets.minted]) {
      try {
        const there = inAccountOf(context, parameters.accountId, link.accountId);
        if (link.accessKeyId) {
          const keys = await there.identity.listAccessKeys(link.name);
          before.keyStatus = keys.find((k) => k.accessKeyId === link.accessKeyId)?.status ?? null;
        }
        before.denies[link.arn] = await observeDeny(link, String(plan.policyName), there);
      } catch (error) {
        if (!refusal(error)) throw error;
        before.unreachable[link.arn] = (error as Error).message;
      }
    }
    return { ...before, issuedBefore: plannedCutoff(context.clock.now()) };
  },
  async calls(parameters, _plan, context) {
    const { links, minted } = await targetsOf(parameters, context);
    const calls: PlannedCall[] = [];
    for (const link of [...links, ...minted]) {
      if (link.accessKeyId) calls.push({ operation: 'iam:UpdateAccessKey', resource: link.arn });
      const put = link.kind === 'user' ? 'iam:PutUserPolicy' : 'iam:PutRolePolicy';
      calls.push({ operation: put, resource: link.arn });
    }
    return calls;
  },
  async apply(parameters, plan, context) {
    const { accountId, roleName } = parameters;
    // A plan journaled by an older Rekey has no targets: trace again.
    const before = (plan.before as Partial<Before> | undefined)?.targets
      ? (plan.before as Before)
      : undefined;
    const {
      links,
      minted,
      beyond,
      origin,
      unread = [],
    } = before?.targets ?? (await targetsOf(parameters, context));
    const cutoff = { ...plan, issuedBefore: before?.issuedBefore ?? plan.issuedBefore };
    const undo: Undo[] = [];
    const done: string[] = [];
    const left: string[] = [
      ...Object.entries(before?.unreachable ?? {}).map(([arn, why]) => `${arn}: ${why}`),
      ...unread.map((why) => `the origin key's session ${why}`),
    ];
    let changed = false;
    const keep = (link: Link, result: ActionResult) => {
      if (result.undo) undo.push(inAccount(link.accountId, accountId, result.undo));
      if (result.status === 'changed') changed = true;
      done.push(result.summary);
    };
    const undoAll = (): Undo[] => (undo.length ? [{ operation: 'rekey:UndoAll', parameters: { undo } }] : []);
    const all = [...links, ...minted].filter((l) => !before?.unreachable[l.arn]);
    try {
      for (const link of all) {
        try {
          const there = inAccountOf(context, accountId, link.accountId);
          if (link.accessKeyId)
            keep(
              link,
              await deactivateAccessKeyAction.apply(
                { accountId: link.accountId, userName: link.name, accessKeyId: link.accessKeyId },
                before ? { before: { status: before.keyStatus } } : {},
                there,
              ),
            );
          keep(
            link,
            await revokeSessionsAction.apply(
              { accountId: link.accountId, principal: { kind: link.kind, name: link.name } },
              { ...cutoff, before: { deny: before?.denies[link.arn] } },
              there,
            ),
          );
        } catch (error) {
          // One link out of reach (protected, another organisation) leaves it to people, not the rest.
          if (!refusal(error)) throw error;
          left.push(`${link.arn}: ${(error as Error).message}`);
        }
      }
      if (beyond || !origin || left.length > 0)
        throw new NotContainableError(
          `${roleName}'s session was traced back through ${pathOf(links) || 'no link'}${done.length ? ` (${done.join('; ')})` : ''}, but people must finish: ${[...(beyond ? [beyond] : []), ...left].join('; ')}`,
        );
    } catch (error) {
      // What is contained stays contained when a later link fails: a rollback still undoes it, there. What was
      // found stays found: the steps that go on (persistence, verification) search the origin key all the same.
      const touched = all.flatMap((l) => [l.arn, l.accountId, ...(l.accessKeyId ? [l.accessKeyId] : [])]);
      throw withFacts(withPartialUndo(error, undoAll(), touched), {
        ...factsOf({ links, minted, origin }, all),
        contained: done,
        left: [...(beyond ? [beyond] : []), ...left],
      });
    }
    return {
      status: changed ? 'changed' : 'unchanged',
      summary: `Source of ${roleName}'s session (${pathOf(links)}) contained${minted.length ? `, with the other roles its key assumed (${minted.map((l) => l.arn).join(', ')})` : ''}: ${done.join('; ')}`,
      ...(undo.length ? { undo: undoAll()[0] } : {}),
      facts: factsOf({ links, minted, origin }, all),
    };
  },
};
