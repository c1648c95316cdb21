import { InvalidInputError } from '../../domain/errors.js';
import type { PolicyDocument } from '../../domain/policy-document.js';
import { evaluatePolicies } from '../../domain/policy-evaluator.js';
import { authorizeRequest } from '../../domain/request-authorization.js';
import type { SimulatedDecision } from '../../ports/identity.js';
import type { SandboxHost, SandboxPrincipal } from './sandbox-model.js';

const DECISION = {
  allow: 'allowed',
  'explicit-deny': 'explicitDeny',
  'implicit-deny': 'implicitDeny',
} as const;

/** What the simulator needs of its account: its principals, policies, and the SCPs that bind it. */
type SimulatorHost = Pick<SandboxHost, 'id' | 'users' | 'roles' | 'managedPolicy' | 'serviceControlPolicies'>;

/** The user or role an IAM ARN names in this account (any path), or InvalidInputError as IAM's simulator answers. */
function principalOf(host: SimulatorHost, arn: string): SandboxPrincipal {
  const match = arn.match(/^arn:aws[\w-]*:iam::\d{12}:(user|role)\/(?:.*\/)?([^/]+)$/);
  if (!match) throw new InvalidInputError(`Invalid ARN for PolicySourceArn: ${arn}`);
  const found = (match[1] === 'user' ? host.users : host.roles).get(match[2] as string);
  if (!found) throw new InvalidInputError(`PolicySourceArn ${arn} does not exist`);
  return found;
}

/**
 * iam:SimulatePrincipalPolicy over a sandbox principal's identity policies (inline and managed), decided as IAM's
 * simulator does with the permissions boundary and the account's SCPs (its PermissionsBoundaryDecisionDetail and
 * OrganizationsDecisionDetail) through the one evaluator, in the request context given: a statement whose condition needs a key it was not given is evaluated without it, and the keys
 * of every statement that would apply but for its condition, not given, are reported missing (as IAM reports the
 * keys its input policies need).
 */
export function simulatePrincipal(
  host: SimulatorHost,
  principalArn: string,
  actions: readonly string[],
  resourceArns: readonly string[],
  context: Readonly<Record<string, string>> = {},
): SimulatedDecision[] {
  const principal = principalOf(host, principalArn);
  const policies: Array<{ name: string; document: PolicyDocument }> = [
    ...[...principal.inlinePolicies].map(([name, document]) => ({ name, document })),
    ...principal.managedPolicies.flatMap((arn) => {
      const document = host.managedPolicy(arn);
      return document ? [{ name: arn, document }] : [];
    }),
  ];
  const boundaryArn = principal.permissionsBoundary;
  const boundary = boundaryArn && host.managedPolicy(boundaryArn);
  const conditioned = policies.flatMap(({ name, document }) =>
    (Array.isArray(document.Statement) ? document.Statement : [document.Statement])
      .filter((s) => s.Condition)
      .map((s) => ({ name, statement: s })),
  );
  return actions.flatMap((action) =>
    resourceArns.map((resourceArn): SimulatedDecision => {
      const request = { action, resource: resourceArn, context: { ...context } };
      const decision = authorizeRequest({
        ...request,
        principal: { arn: principal.arn, accountId: host.id },
        identityPolicies: policies,
        serviceControlPolicies: host.serviceControlPolicies(),
        ...(boundaryArn && boundary
          ? { permissionsBoundary: { name: boundaryArn, document: boundary } }
          : {}),
      });
      // The keys of the conditions of statements that would apply but for their condition.
      const missing = conditioned.filter(({ name, statement }) => {
        const { Condition: _condition, ...bare } = statement;
        const document: PolicyDocument = { Version: '2012-10-17', Statement: [bare] };
        return evaluatePolicies([{ name, document }], request).effect !== 'implicit-deny';
      });
      const given = new Set(Object.keys(context).map((k) => k.toLowerCase()));
      const keys = missing
        .flatMap(({ statement }) => Object.values(statement.Condition ?? {}).flatMap((k) => Object.keys(k)))
        .filter((k) => !given.has(k.toLowerCase()));
      return {
        action,
        resourceArn,
        decision: DECISION[decision.effect],
        missingContextKeys: [...new Set(keys)],
        ...(decision.kind === 'service-control' && decision.effect !== 'allow'
          ? { allowedByOrganizations: false }
          : {}),
      };
    }),
  );
}
