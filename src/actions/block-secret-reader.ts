import { createHash } from 'node:crypto';
import { blockSecretReader } from '../domain/actions.js';
import { ConfigurationError } from '../domain/errors.js';
import { asList, type PolicyDocument, type PolicyStatement } from '../domain/policy-document.js';
import type { Action, ActionContext } from './action.js';
import { containable } from './guard.js';

function readerRef(arn: string): { kind: 'user' | 'role'; name: string } | undefined {
  const match = arn.match(/^arn:aws[\w-]*:iam::\d{12}:(user|role)\/(?:.*\/)?([^/]+)$/);
  return match ? { kind: match[1] as 'user' | 'role', name: match[2] as string } : undefined;
}

const sidFor = (readerArn: string) =>
  `RekeyDenyReader${createHash('sha256').update(readerArn).digest('hex').slice(0, 12)}`;

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
  async calls({ secretId }) {
    return [{ operation: 'secretsmanager:PutResourcePolicy', resource: secretId }];
  },
  async apply({ secretId, readerArn }, plan, context) {
    const ref = readerRef(readerArn);
    if (ref) await containable(ref, context);
    const secrets = secretsOf(context);
    const prior = await secrets.getResourcePolicy(secretId);
    const statements = prior ? asList(prior.Statement) : [];
    const sid = String(plan.sid);
    if (statements.some((s) => s.Sid === sid)) {
      return { status: 'unchanged', summary: `${readerArn} was already denied reading ${secretId}` };
    }
    const deny: PolicyStatement = {
      Sid: sid,
      Effect: 'Deny',
      Principal: { AWS: readerArn },
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
    };
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
