import { type IAMClient, paginateSimulatePrincipalPolicy } from '@aws-sdk/client-iam';
import type { PlannedCall } from '../../domain/actions.js';
import type { Permissions, PermissionVerdict } from '../../ports/permissions.js';
import { awsCall } from './errors.js';

/** Rekey's own permissions, checked with iam:SimulatePrincipalPolicy against the role the actions run as. */
export class IamPermissions implements Permissions {
  constructor(private readonly options: { client: IAMClient; principalArn: string }) {}

  async check(calls: readonly PlannedCall[]): Promise<PermissionVerdict[]> {
    const verdicts: PermissionVerdict[] = [];
    for (const call of calls) {
      let decision = 'implicitDeny';
      await awsCall('iam:SimulatePrincipalPolicy', async () => {
        const pages = paginateSimulatePrincipalPolicy(
          { client: this.options.client },
          {
            PolicySourceArn: this.options.principalArn,
            ActionNames: [call.operation],
            ResourceArns: [call.resource],
          },
        );
        for await (const page of pages) decision = page.EvaluationResults?.[0]?.EvalDecision ?? decision;
      });
      verdicts.push({ ...call, allowed: decision === 'allowed', reason: decision });
    }
    return verdicts;
  }
}
