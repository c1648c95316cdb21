import {
  type ContextKeyTypeEnum,
  type IAMClient,
  paginateSimulatePrincipalPolicy,
} from '@aws-sdk/client-iam';
import type { SimulatedDecision } from '../../ports/identity.js';
import { awsCall } from './errors.js';

/** How many resources one simulation names (IAM documents no limit; a request stays well inside its size). */
const RESOURCES_PER_SIMULATION = 50;

const DECISIONS = new Set(['allowed', 'explicitDeny', 'implicitDeny']);

/** The type IAM's simulator takes a global condition key's value as. */
function contextType(key: string): ContextKeyTypeEnum {
  const name = key.toLowerCase();
  if (name === 'aws:sourceip') return 'ip';
  if (name === 'aws:currenttime' || name === 'aws:tokenissuetime') return 'date';
  if (name === 'aws:securetransport' || name === 'aws:multifactorauthpresent') return 'boolean';
  return 'string';
}

/** IAM's policy simulator for a principal's own policies: each action on each resource, in the context given. */
export async function simulatePrincipalPolicy(
  client: IAMClient,
  principalArn: string,
  actions: readonly string[],
  resourceArns: readonly string[],
  context: Readonly<Record<string, string>> = {},
): Promise<SimulatedDecision[]> {
  const decisions: SimulatedDecision[] = [];
  const ContextEntries = Object.entries(context).map(([key, value]) => ({
    ContextKeyName: key,
    ContextKeyValues: [value],
    ContextKeyType: contextType(key),
  }));
  for (let i = 0; i < resourceArns.length; i += RESOURCES_PER_SIMULATION) {
    const chunk = resourceArns.slice(i, i + RESOURCES_PER_SIMULATION);
    await awsCall('iam:SimulatePrincipalPolicy', async () => {
      const pages = paginateSimulatePrincipalPolicy(
        { client },
        {
          PolicySourceArn: principalArn,
          ActionNames: [...actions],
          ResourceArns: chunk,
          ...(ContextEntries.length ? { ContextEntries } : {}),
        },
      );
      for await (const page of pages)
        for (const result of page.EvaluationResults ?? []) {
          const decision = String(result.EvalDecision);
          decisions.push({
            action: result.EvalActionName ?? '',
            resourceArn: result.EvalResourceName ?? '',
            // Anything IAM may add later is not an allow.
            decision: DECISIONS.has(decision) ? (decision as SimulatedDecision['decision']) : 'implicitDeny',
            missingContextKeys: result.MissingContextValues ?? [],
            ...(result.OrganizationsDecisionDetail?.AllowedByOrganizations === false
              ? { allowedByOrganizations: false }
              : {}),
          });
        }
    });
  }
  return decisions;
}
