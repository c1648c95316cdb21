import { createHash } from 'node:crypto';
import { blockSecretReader } from '../domain/actions.js';
import { ConfigurationError, ProtectedPrincipalError } from '../domain/errors.js';
import { asList, type PolicyDocument, type PolicyStatement } from '../domain/policy-document.js';
import { protectionReason } from '../domain/protection.js';
import type { Action, ActionContext } from './action.js';
import { containable } from './guard.js';
import { readerRef } from './secret-reader.js';

/** How the Sid of every deny Rekey merges into a secret's resource policy begins. */
export const READER_DENY_SID_PREFIX = 'RekeyDenyReader';

/** The statement merged into a secret's resource policy: the reader may no longer read its value. */
export function readerDenyStatement(sid: string, readerArn: string): PolicyStatement {
  return {
    Sid: sid,
    Effect: 'Deny',
    Principal: { AWS: readerArn },
    Action: 'secretsmanager:GetSecretValue',
    Resource: '*',
  };
}

const sidFor = (readerArn: string) =>
  `${READER_DENY_SID_PREFIX}${createHash('sha256').update(readerArn).digest('hex').slice(0, 12)}`;

function secretsOf(context: ActionContext) {
  if (!context.secrets)
    throw new ConfigurationError('this deployment gives Rekey no access to Secrets Manager');
  return context.secrets;
}

/**
 * Denies `secretsmanager:GetSecretValue` on the secret to the principal that read it unexpectedly. PutResourcePolicy
 * replaces the whole document, so the deny is merged into the current one and the prior one is journaled.
 */
export const blockSecretReaderAction: Action<typeof blockSecretReader> = {
  descriptor: blockSecretReader,
  plan: ({ readerArn }) => ({ sid: sidFor(readerArn) }),
  observe: async ({ secretId }, _plan, context) =>
    context.secrets
      ? { resourcePolicy: (await context.secrets.getResourcePolicy(secretId)) ?? null }
      : undefined,
  async calls({ secretId }) {
    return [{ operation: 'secretsmanager:PutResourcePolicy', resource: secretId }];
  },
  async apply({ accountId, secretId, readerArn }, plan, context) {
    const ref = readerRef(readerArn);
    if (ref && ref.accountId === accountId) await containable({ kind: ref.kind, name: ref.name }, context);
    else {
      // A reader from another account is not in this account's IAM: the configured list still protects it.
      const reason = protectionReason({ arn: readerArn }, context.protection);
      if (reason) throw new ProtectedPrincipalError(reason);
    }
    const secrets = secretsOf(context);
    const prior = await secrets.getResourcePolicy(secretId);
    const statements = prior ? asList(prior.Statement) : [];
    const sid = String(plan.sid);
    if (statements.some((s) => s.Sid === sid)) {
      const before = plan.before as { resourcePolicy: PolicyDocument | null } | undefined;
      if (!before || asList(before.resourcePolicy?.Statement ?? []).some((s) => s.Sid === sid))
        return { status: 'unchanged', summary: `${readerArn} was already denied reading ${secretId}` };
      // An earlier attempt of this step merged it: still this step's change, and still undone with it.
      const priorPolicy = before.resourcePolicy;
      return {
        status: 'changed',
        summary: `${readerArn} denied reading ${secretId} (merged into its resource policy by an earlier attempt)`,
        prior: { resourcePolicy: priorPolicy },
        undo: priorPolicy
          ? { operation: 'secretsmanager:PutResourcePolicy', parameters: { secretId, document: priorPolicy } }
          : { operation: 'secretsmanager:DeleteResourcePolicy', parameters: { secretId } },
        facts: { sid },
      };
    }
    const deny = readerDenyStatement(sid, readerArn);
    const merged: PolicyDocument = { Version: '2012-10-17', Statement: [...statements, deny] };
    await secrets.putResourcePolicy(secretId, merged);
    return {
      status: 'changed',
      summary: `${readerArn} denied reading ${secretId} (merged into its resource policy)`,
      prior: { resourcePolicy: prior ?? null },
      undo: prior
        ? { operation: 'secretsmanager:PutResourcePolicy', parameters: { secretId, document: prior } }
        : { operation: 'secretsmanager:DeleteResourcePolicy', parameters: { secretId } },
      facts: { sid },
    };
  },
};
