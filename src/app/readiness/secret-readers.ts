import { asList, type PolicyDocument, statementsOf } from '../../domain/policy-document.js';
import { evaluatePolicies, resourceStatementsFor } from '../../domain/policy-evaluator.js';
import type { PrincipalFacts, SecretFacts } from '../../ports/readiness.js';

/** The tag that declares who is expected to read a secret (names or ARNs, comma-separated). */
export const READERS_TAG = 'rekey:readers';

/** The resource policy's statements that apply to the principal, as an identity policy on the secret. */
function resourceGrants(
  secret: SecretFacts,
  principal: PrincipalFacts,
  accountId: string,
): Array<{ name: string; document: PolicyDocument }> {
  if (!secret.resourcePolicy) return [];
  const statements = resourceStatementsFor(secret.resourcePolicy, principal.arn, accountId);
  return statements.length
    ? [{ name: 'the resource policy', document: { Version: '2012-10-17', Statement: statements } }]
    : [];
}

/** Whether the principal may read the secret's value: an allow in either policy, and no explicit deny in both. */
export function canRead(principal: PrincipalFacts, secret: SecretFacts, accountId: string): boolean {
  const decision = evaluatePolicies(
    [...principal.policies, ...resourceGrants(secret, principal, accountId)],
    {
      action: 'secretsmanager:GetSecretValue',
      resource: secret.arn,
      context: {},
    },
  );
  return decision.effect === 'allow';
}

/** The readers a secret declares: its `rekey:readers` tag and the principals its resource policy allows by ARN. */
export function declaredReaders(secret: SecretFacts): string[] | undefined {
  const tagged = secret.tags[READERS_TAG]
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const named = secret.resourcePolicy
    ? statementsOf(secret.resourcePolicy)
        .filter((s) => s.Effect === 'Allow')
        .flatMap((s) => asList((s.Principal as { AWS?: string | string[] } | undefined)?.AWS))
        .filter((p) => p.startsWith('arn:') && !p.endsWith(':root'))
    : [];
  return tagged || named.length ? [...(tagged ?? []), ...named] : undefined;
}

/** Whether the declared readers name the principal, by ARN or by name. */
export const declares = (declared: string[], principal: PrincipalFacts) =>
  declared.some((d) => d === principal.arn || d === principal.name);

/** Whether the secret's resource policy allows anyone (Principal "*") without a condition. */
export function isPublic(secret: SecretFacts): boolean {
  return statementsOf(secret.resourcePolicy ?? { Version: '2012-10-17', Statement: [] }).some(
    (s) =>
      s.Effect === 'Allow' &&
      !s.Condition &&
      (s.Principal === '*' ||
        asList((s.Principal as { AWS?: string | string[] } | undefined)?.AWS).includes('*')),
  );
}
