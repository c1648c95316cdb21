import { ConfigurationError, NotContainableError } from '../domain/errors.js';
import type { PolicyDocument } from '../domain/policy-document.js';
import { authorizeRequest } from '../domain/request-authorization.js';
import type { SimulatedDecision } from '../ports/identity.js';
import type { SecretListEntry, Secrets } from '../ports/secrets.js';
import type { ActionContext } from './action.js';
import { READER_DENY_SID_PREFIX } from './block-secret-reader.js';
import { type ReaderRef, readerIdentity } from './secret-reader.js';

const READ = 'secretsmanager:GetSecretValue';

/** Secrets Manager of the step's account in a region. */
export function secretsInRegion(context: ActionContext, region: string): Secrets {
  const secrets = context.secretsIn?.(region) ?? context.secrets;
  if (!secrets) throw new ConfigurationError('this deployment gives Rekey no access to Secrets Manager');
  return secrets;
}

/**
 * Whether the secret's resource policy denies the reader reading it, as IAM's evaluation logic decides it
 * (authorizeRequest): a Deny naming the reader, the role behind its session, its account or anyone. A condition the
 * evaluation has no value for does not hold, so a conditional Deny counts as not refusing.
 */
export function resourcePolicyDenies(
  policy: PolicyDocument | undefined,
  reader: Pick<ReaderRef, 'arn' | 'accountId'>,
  secret: Pick<SecretListEntry, 'arn'>,
  accountId: string,
): boolean {
  if (!policy) return false;
  const decision = authorizeRequest({
    principal: { arn: reader.arn, accountId: reader.accountId },
    action: READ,
    resource: secret.arn,
    context: { 'aws:PrincipalArn': reader.arn, 'aws:PrincipalAccount': reader.accountId },
    resourceAccountId: accountId,
    identityPolicies: [],
    resourcePolicy: { name: 'the resource policy', document: policy },
  });
  return decision.effect === 'explicit-deny' && decision.kind === 'resource-based';
}

/** A read by filter: when, and from where (its request context, as far as the record tells). */
export interface ReadByFilter {
  at: string;
  sourceIp?: string;
}

/**
 * Whether IAM's simulator says the reader's identity policies let it read: allowed; or not allowed for want of a
 * context value the record did not give (a condition on a key Rekey cannot know: counted as readable, more rather
 * than fewer). `aws:TokenIssueTime` is left out of the context on purpose: Rekey's own revoke-sessions deny, put in
 * place after the read, turns on it alone, and without it that deny does not apply, as it did not at the read.
 */
function identityAllows(decision: SimulatedDecision | undefined): boolean {
  if (!decision || decision.decision === 'explicitDeny') return false;
  if (decision.decision === 'allowed') return true;
  return decision.missingContextKeys.some((k) => k.toLowerCase() !== 'aws:tokenissuetime');
}

/** The reader's identity policies, as far as IAM's simulator allowed the read of one secret. */
const READ_ALLOWED = {
  name: 'the reader’s identity policies (IAM’s simulator)',
  document: {
    Version: '2012-10-17' as const,
    Statement: [{ Effect: 'Allow' as const, Action: READ, Resource: '*' }],
  },
};

/** A resource policy as it was at the read: without the denies Rekey merged in since. */
function asRead(policy: PolicyDocument): PolicyDocument {
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  return { ...policy, Statement: statements.filter((s) => !s.Sid?.startsWith(READER_DENY_SID_PREFIX)) };
}

/**
 * Every secret of the region the reader could read, as a BatchGetSecretValue by filter reads them (it needs
 * GetSecretValue on each): ListSecrets, then IAM's simulator on the reader's identity policies (its user, or the
 * role behind its session, with its boundary and its account's SCPs), in the read's context; then IAM's evaluation
 * logic (authorizeRequest) combines that with each secret's resource policy as it was at the read (IAM's simulator
 * evaluates a resource policy only for an IAM user as caller, so alike for users and roles here): an SCP refusal
 * or an explicit deny wins, within the account either allow suffices, from another account both must allow.
 */
export async function readableSecrets(
  reader: ReaderRef,
  accountId: string,
  region: string,
  read: ReadByFilter,
  context: ActionContext,
): Promise<SecretListEntry[]> {
  const secrets = secretsInRegion(context, region);
  const identity = readerIdentity(reader, accountId, context);
  if (!identity)
    throw new NotContainableError(`the reader is in account ${reader.accountId}, which Rekey cannot reach`);
  const listed = await secrets.list();
  if (listed.length === 0) return [];
  const request = {
    'aws:CurrentTime': read.at,
    'aws:SecureTransport': 'true',
    'aws:PrincipalArn': reader.arn,
    'aws:PrincipalAccount': reader.accountId,
    'aws:RequestedRegion': region,
    ...(read.sourceIp ? { 'aws:SourceIp': read.sourceIp } : {}),
  };
  const decisions = await identity.simulatePrincipalPolicy(
    reader.arn,
    [READ],
    listed.map((s) => s.arn),
    request,
  );
  const readable: SecretListEntry[] = [];
  for (const secret of listed) {
    const simulated = decisions.find((d) => d.resourceArn === secret.arn);
    if (simulated?.decision === 'explicitDeny' || simulated?.allowedByOrganizations === false) continue;
    const policy = await secrets.getResourcePolicy(secret.arn);
    const decision = authorizeRequest({
      principal: { arn: reader.arn, accountId: reader.accountId },
      action: READ,
      resource: secret.arn,
      context: request,
      resourceAccountId: accountId,
      identityPolicies: identityAllows(simulated) ? [READ_ALLOWED] : [],
      ...(policy ? { resourcePolicy: { name: 'the resource policy', document: asRead(policy) } } : {}),
    });
    if (decision.effect === 'allow') readable.push(secret);
  }
  return readable;
}
