import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DescribeOrganizationCommand,
  DetachPolicyCommand,
  OrganizationsClient,
  type OrganizationsClientConfig,
  paginateListPolicies,
  paginateListPoliciesForTarget,
} from '@aws-sdk/client-organizations';
import type { PolicyDocument } from '../../domain/policy-document.js';
import type { Organizations } from '../../ports/organizations.js';
import { awsCall } from './errors.js';

/** The Organizations port over the Organizations API (client with the management-account role's credentials). */
export class AwsOrganizations implements Organizations {
  constructor(private readonly options: { client: OrganizationsClient }) {}

  async managementAccountId(): Promise<string> {
    const out = await awsCall('organizations:DescribeOrganization', () =>
      this.options.client.send(new DescribeOrganizationCommand({})),
    );
    return out.Organization?.MasterAccountId ?? '';
  }

  async attachedPolicies(accountId: string): Promise<Array<{ policyId: string; name: string }>> {
    const found: Array<{ policyId: string; name: string }> = [];
    await awsCall('organizations:ListPoliciesForTarget', async () => {
      const pages = paginateListPoliciesForTarget(
        { client: this.options.client },
        { TargetId: accountId, Filter: 'SERVICE_CONTROL_POLICY' },
      );
      for await (const page of pages)
        for (const p of page.Policies ?? []) found.push({ policyId: p.Id ?? '', name: p.Name ?? '' });
    });
    return found;
  }

  async findPolicy(name: string): Promise<string | undefined> {
    let found: string | undefined;
    await awsCall('organizations:ListPolicies', async () => {
      const pages = paginateListPolicies(
        { client: this.options.client },
        { Filter: 'SERVICE_CONTROL_POLICY' },
      );
      for await (const page of pages) {
        found = page.Policies?.find((p) => p.Name === name)?.Id;
        if (found) return;
      }
    });
    return found;
  }

  async createServiceControlPolicy(
    name: string,
    document: PolicyDocument,
    description: string,
  ): Promise<string> {
    const out = await awsCall('organizations:CreatePolicy', () =>
      this.options.client.send(
        new CreatePolicyCommand({
          Name: name,
          Description: description,
          Type: 'SERVICE_CONTROL_POLICY',
          Content: JSON.stringify(document),
          // The management role may attach, detach and delete only the SCPs tagged so (its IAM conditions).
          Tags: [{ Key: 'rekey:managed', Value: 'true' }],
        }),
      ),
    );
    return out.Policy?.PolicySummary?.Id ?? '';
  }

  async attachPolicy(policyId: string, accountId: string): Promise<void> {
    await awsCall('organizations:AttachPolicy', () =>
      this.options.client.send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: accountId })),
    );
  }

  async detachPolicy(policyId: string, accountId: string): Promise<void> {
    await awsCall('organizations:DetachPolicy', () =>
      this.options.client.send(new DetachPolicyCommand({ PolicyId: policyId, TargetId: accountId })),
    );
  }

  async deletePolicy(policyId: string): Promise<void> {
    await awsCall('organizations:DeletePolicy', () =>
      this.options.client.send(new DeletePolicyCommand({ PolicyId: policyId })),
    );
  }
}

/** Organizations through a client of its own (loaded when first needed). */
export function awsOrganizationsWith(config: OrganizationsClientConfig): AwsOrganizations {
  return new AwsOrganizations({ client: new OrganizationsClient(config) });
}
