import { asList, statementsOf } from '../../domain/policy-document.js';
import { authorizeRequest } from '../../domain/request-authorization.js';
import type { PrincipalFacts, SecretFacts } from '../../ports/readiness.js';

/** The tag that declares who is expected to read a secret (names or ARNs, comma-separated). */
export const READERS_TAG = 'rekey:readers';

/**
 * Whether the principal may read the secret's value, as IAM's evaluation logic decides it (authorizeRequest): its
 * identity policies and the secret's resource policy; within the account an allow in either suffices, a deny wins.
 */
export function canRead(principal: PrincipalFacts, secret: SecretFacts, accountId: string): boolean {
  const decision = authorizeRequest({
    principal: { arn: principal.arn, accountId },
    action: 'secretsmanager:GetSecretValue',
    resource: secret.arn,
    context: {},
    identityPolicies: principal.policies,
    ...(secret.resourcePolicy
      ? { resourcePolicy: { name: 'the resource policy', document: secret.resourcePolicy } }
      : {}),
  });
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
