import { containSessionSource } from '../domain/actions.js';
import { NotContainableError } from '../domain/errors.js';
import {
  type Action,
  type ActionContext,
  type ActionResult,
  type PlannedCall,
  type Undo,
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

/** What there is to contain (journaled with the plan, so applying does not trace it all again). */
interface Targets {
  /** The chain back to the origin: the roles in between, nearest first, then the user. */
  links: Link[];
  /** Roles outside the chain that the origin's key (or a session it obtained) assumed. */
  minted: Link[];
  /** Why the chain stops short of its origin, when it does. */
  beyond?: string;
  /** The origin: who assumed the first role of the chain, with which key, when. */
  origin?: { arn: string; accountId: string; via: string | null; assumedAt: string };
}

const roleLink = (arn: string): Link => ({
  kind: 'role',
  accountId: arn.split(':')[4] ?? '',
  name: arn.split('/').at(-1) ?? arn,
  arn,
});

/**
 * The chain back to the origin (the roles in between, nearest first, then the user) and, as for any leaked key,
 * every role the origin's key assumed in its account's CloudTrail: a session it obtained outside the chain is the
 * attacker's as much as the chain's, and deactivating the key does not end it.
 */
async function targetsOf(parameters: Parameters, context: ActionContext): Promise<Targets> {
  const { regions, ...first } = parameters;
  const chain = await traceChain(first, regions, context);
  const links: Link[] = chain.roles.map((r) => roleLink(`arn:aws:iam::${r.accountId}:role/${r.roleName}`));
  if (!('origin' in chain)) return { links, minted: [], beyond: chain.beyond };
  const { origin } = chain;
  const found = {
    arn: origin.arn,
    accountId: origin.accountId,
    via: origin.event.accessKeyId ?? null,
    assumedAt: origin.event.eventTime,
  };
  links.push({
    kind: 'user',
    accountId: origin.accountId,
    name: origin.userName,
    arn: origin.arn,
    ...(origin.accessKeyId ? { accessKeyId: origin.accessKeyId } : {}),
  });
  if (!origin.accessKeyId) return { links, minted: [], origin: found };
  const there = inAccountOf(context, parameters.accountId, origin.accountId);
  const now = context.clock.now();
  const traced = await traceKeys(
    there,
    [origin.accessKeyId],
    chain.regions,
    new Date(now.getTime() - LONGEST_SESSION_MS),
    now,
  );
  const known = new Set([
    `arn:aws:iam::${parameters.accountId}:role/${parameters.roleName}`,
    ...links.map((l) => l.arn),
  ]);
  const minted = [...new Set(traced.assumedRoles.map((r) => r.roleArn))]
    .filter((arn) => !known.has(arn))
    .map(roleLink);
  return { links, minted, origin: found };
}

/** Undoing it in the link's account when that is not the step's. */
function inAccount(linkAccount: string, stepAccount: string, undo: Undo): Undo {
  return linkAccount === stepAccount
    ? undo
    : { operation: 'rekey:InAccount', parameters: { accountId: linkAccount, undo } };
}

/** What the links held before: the origin key's status, and each link's deny, by its ARN; and the links. */
interface Before {
  keyStatus: string | null;
  denies: Record<string, DenyBefore | undefined>;
  targets: Targets;
}

/**
 * Revoking a role's sessions is undone the moment the attacker assumes the role again, so the session's source is
 * contained too, link by link back to its origin: found in CloudTrail (the AssumeRole call that issued each session
 * key, in the caller's own account for a cross-account call), each role in between has its sessions revoked and the
 * IAM user at the origin has its key deactivated and its sessions revoked, in whichever account of the organisation
 * each lives (through the member role); the other roles the origin's key assumed have their sessions revoked too.
 * A link beyond Rekey's reach (an identity provider, an account without the member role or of another organisation,
 * an AWS service, the root user) escalates, after what is traced is contained.
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
    const { links, minted } = targets;
    const before: Before = { keyStatus: null, denies: {}, targets };
    for (const link of [...links, ...minted]) {
      const there = inAccountOf(context, parameters.accountId, link.accountId);
      if (link.accessKeyId) {
        const keys = await there.identity.listAccessKeys(link.name);
        before.keyStatus = keys.find((k) => k.accessKeyId === link.accessKeyId)?.status ?? null;
      }
      before.denies[link.arn] = await observeDeny(link, String(plan.policyName), there);
    }
    return { ...before };
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
    const before = plan.before as Before | undefined;
    const { links, minted, beyond, origin } = before?.targets ?? (await targetsOf(parameters, context));
    const all = [...links, ...minted];
    const undo: Undo[] = [];
    const done: string[] = [];
    let changed = false;
    const keep = (link: Link, result: ActionResult) => {
      if (result.undo) undo.push(inAccount(link.accountId, accountId, result.undo));
      if (result.status === 'changed') changed = true;
      done.push(result.summary);
    };
    const undoAll = (): Undo[] => (undo.length ? [{ operation: 'rekey:UndoAll', parameters: { undo } }] : []);
    try {
      for (const link of all) {
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
            { ...plan, before: { deny: before?.denies[link.arn] } },
            there,
          ),
        );
      }
      if (beyond || !origin)
        throw new NotContainableError(
          `${roleName}'s session was traced back through ${links.map((l) => l.arn).join(' <- ')}, whose sessions are revoked, but no further: ${beyond}`,
        );
    } catch (error) {
      // What is contained stays contained when a later link fails: a rollback still undoes it, there.
      const touched = all.flatMap((l) => [l.arn, l.accountId, ...(l.accessKeyId ? [l.accessKeyId] : [])]);
      throw withPartialUndo(error, undoAll(), touched);
    }
    return {
      status: changed ? 'changed' : 'unchanged',
      summary: `Source of ${roleName}'s session (${[...links]
        .reverse()
        .map((l) => l.arn)
        .join(
          ' -> ',
        )}) contained${minted.length ? `, with the other roles its key assumed (${minted.map((l) => l.arn).join(', ')})` : ''}: ${done.join('; ')}`,
      ...(undo.length ? { undo: undoAll()[0] } : {}),
      facts: {
        source: origin.arn,
        sourceAccount: origin.accountId,
        via: origin.via,
        assumedAt: origin.assumedAt,
        chain: links.map((l) => l.arn),
        minted: minted.map((l) => l.arn),
        accounts: [...new Set(all.map((l) => l.accountId))],
      },
    };
  },
};
