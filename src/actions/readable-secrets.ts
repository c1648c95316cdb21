import { ConfigurationError, NotContainableError } from '../domain/errors.js';
import type { PolicyDocument } from '../domain/policy-document.js';
import { evaluatePolicies, resourceStatementsFor } from '../domain/policy-evaluator.js';
import type { SecretListEntry, Secrets } from '../ports/secrets.js';
import type { ActionContext } from './action.js';
import { type ReaderRef, readerIdentity } from './secret-reader.js';

const READ = 'secretsmanager:GetSecretValue';

/** Secrets Manager of the step's account in a region. */
export function secretsInRegion(context: ActionContext, region: string): Secrets {
  const secrets = context.secretsIn?.(region) ?? context.secrets;
  if (!secrets) throw new ConfigurationError('this deployment gives Rekey no access to Secrets Manager');
  return secrets;
}

/** The reader's own IAM ARN (a session's role), which IAM's simulator and resource policies name. */
export const iamArnOf = (reader: ReaderRef): string => reader.arn;

/**
 * What the secret's resource policy says to the reader, evaluated for it: a Deny naming it (or its account, or
 * anyone) refuses; an Allow naming it grants within the account. A condition the evaluation has no value for does
 * not hold, so a conditional Deny counts as not refusing: more secrets count as readable, never fewer.
 */
export function resourceDecision(
  policy: PolicyDocument | undefined,
  principalArn: string,
  secret: Pick<SecretListEntry, 'arn'>,
  accountId: string,
): 'allow' | 'explicit-deny' | 'implicit-deny' {
  if (!policy) return 'implicit-deny';
  const statements = resourceStatementsFor(policy, principalArn, accountId);
  return evaluatePolicies(
    [{ name: 'resource policy', document: { Version: '2012-10-17', Statement: statements } }],
    {
      action: READ,
      resource: secret.arn,
      context: { 'aws:PrincipalArn': principalArn, 'aws:PrincipalAccount': accountId },
    },
  ).effect;
}

/**
 * Every secret of the region the reader could read, as a BatchGetSecretValue by filter reads them (it needs
 * GetSecretValue on each): ListSecrets, then IAM's simulator on the reader's identity policies (its user, or the
 * role behind its session) and each secret's resource policy. IAM's simulator evaluates a resource policy only for
 * an IAM user as caller (CallerArn), so the resource policy is evaluated here, alike for users and roles. A
 * decision that hangs on a condition the simulation had no value for counts as readable.
 */
export async function readableSecrets(
  reader: ReaderRef,
  accountId: string,
  region: string,
  context: ActionContext,
): Promise<SecretListEntry[]> {
  const secrets = secretsInRegion(context, region);
  const identity = readerIdentity(reader, accountId, context);
  if (!identity)
    throw new NotContainableError(`the reader is in account ${reader.accountId}, which Rekey cannot reach`);
  const listed = await secrets.list();
  if (listed.length === 0) return [];
  const principalArn = iamArnOf(reader);
  const decisions = await identity.simulatePrincipalPolicy(
    principalArn,
    [READ],
    listed.map((s) => s.arn),
  );
  const readable: SecretListEntry[] = [];
  for (const secret of listed) {
    const simulated = decisions.find((d) => d.resourceArn === secret.arn);
    const byIdentity =
      simulated?.decision === 'allowed' ||
      (simulated?.decision === 'implicitDeny' && simulated.missingContextKeys.length > 0);
    if (simulated?.decision === 'explicitDeny') continue;
    const byResource = resourceDecision(
      await secrets.getResourcePolicy(secret.arn),
      principalArn,
      secret,
      accountId,
    );
    if (byResource === 'explicit-deny') continue;
    // Within the account an allow in either policy suffices; from another account both must allow.
    const sameAccount = reader.accountId === accountId;
    const allowed = sameAccount ? byIdentity || byResource === 'allow' : byIdentity && byResource === 'allow';
    if (allowed) readable.push(secret);
  }
  return readable;
}
