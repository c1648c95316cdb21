/**
 * Least privilege proven by refusal: each action of each role of the template is removed in turn (from the
 * policy moto enforces and from the exact copy the twin checks), a call the stack made that needed it is sent
 * again exactly as signed, and AWS's refusal is expected; then the permission is put back. An action no recorded
 * call needed is reported as not exercised.
 */
import { DeleteRolePolicyCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { coarsePolicy } from './coarse-policy.js';
import type { AwsCall } from './gateway.js';
import type { MotoConfig, TwinRole, TwinStack } from './provision.js';

/** What removing one permission showed. */
export interface PermissionCheck {
  role: string;
  action: string;
  outcome: 'refused' | 'still-allowed' | 'not-exercised';
  /** The call sent again without the permission. */
  call?: string;
}

type Statement = Record<string, unknown>;

const refusedCall = (c: AwsCall) => c.status === 403 || /AccessDenied|Unauthorized/.test(c.error ?? '');

/**
 * Whether an answer is AWS refusing `action`: an error status with an access-denied code that names the action
 * (moto and the gateway both do), or S3's bare 403 (its AccessDenied names no action).
 */
export function refusedFor(action: string, answer: { status: number; body: string }): boolean {
  if (answer.status < 400) return false;
  if (action.startsWith('s3:')) return answer.status === 403;
  return /AccessDenied/.test(answer.body) && answer.body.includes(action);
}

/** The actions a role's policies allow, as the template writes them. */
export function allowedActions(role: TwinRole): string[] {
  const actions = role.policies.flatMap((p) =>
    p.document.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) =>
      [s.Action ?? []].flat().map(String),
    ),
  );
  return [...new Set(actions)].sort();
}

function without(role: TwinRole, action: string): TwinRole['policies'] {
  return role.policies.map((p) => ({
    name: p.name,
    document: {
      ...p.document,
      Statement: p.document.Statement.flatMap((s: Statement) => {
        if (!('Action' in s)) return [s];
        const kept = [s.Action].flat().filter((a) => a !== action);
        return kept.length > 0 ? [{ ...s, Action: kept }] : [];
      }),
    },
  }));
}

async function putPolicies(iam: IAMClient, role: TwinRole, policies: TwinRole['policies']): Promise<void> {
  for (const policy of policies) {
    const document = coarsePolicy(policy.document);
    // IAM refuses a policy without statements: a policy left with none is removed.
    if (document.Statement.length === 0)
      await iam.send(new DeleteRolePolicyCommand({ RoleName: role.name, PolicyName: policy.name }));
    else
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: role.name,
          PolicyName: policy.name,
          PolicyDocument: JSON.stringify(document),
        }),
      );
  }
}

/** Removes each permission of each role of each stack in turn and replays a call that needed it. */
export async function removeEachPermission(
  stacks: Array<{ stack: TwinStack; admin: MotoConfig }>,
  calls: AwsCall[],
): Promise<PermissionCheck[]> {
  const checks: PermissionCheck[] = [];
  for (const { stack, admin } of stacks) {
    const iam = new IAMClient(admin);
    for (const role of stack.roles.values())
      for (const action of allowedActions(role)) checks.push(await removeOne(iam, role, action, calls));
  }
  return checks;
}

async function removeOne(
  iam: IAMClient,
  role: TwinRole,
  action: string,
  calls: AwsCall[],
): Promise<PermissionCheck> {
  const call = calls.find(
    (c) => c.caller === role.arn && !refusedCall(c) && c.needs.some((n) => n.action === action),
  );
  if (!call) return { role: role.name, action, outcome: 'not-exercised' };
  const original = role.policies;
  role.policies = without(role, action);
  await putPolicies(iam, role, role.policies);
  try {
    const answer = await call.replay();
    const refused = refusedFor(action, answer);
    return {
      role: role.name,
      action,
      outcome: refused ? 'refused' : 'still-allowed',
      call: `${call.service}:${call.action} (${answer.status})`,
    };
  } finally {
    role.policies = original;
    await putPolicies(iam, role, original);
  }
}
