import {
  DeleteUserPolicyCommand,
  GetAccessKeyLastUsedCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  type IAMClient,
  PutUserPolicyCommand,
  paginateListAccessKeys,
  paginateListUserPolicies,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { NotFoundError } from '../../domain/errors.js';
import { type PolicyDocument, PolicyDocumentSchema } from '../../domain/policy-document.js';
import type {
  AccessKeyLastUsed,
  AccessKeyRecord,
  AccessKeyStatus,
  IamUser,
  Identity,
} from '../../ports/identity.js';
import { awsCall } from './errors.js';

/** The Identity port over IAM (client injected: the member-account role's credentials decide the account). */
export class IamIdentity implements Identity {
  private readonly client: IAMClient;

  constructor({ client }: { client: IAMClient }) {
    this.client = client;
  }

  async accessKeyLastUsed(accessKeyId: string): Promise<AccessKeyLastUsed | undefined> {
    try {
      const out = await awsCall('iam:GetAccessKeyLastUsed', () =>
        this.client.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId })),
      );
      if (!out.UserName) return undefined;
      const used = out.AccessKeyLastUsed;
      return {
        userName: out.UserName,
        ...(used?.LastUsedDate ? { lastUsedDate: used.LastUsedDate.toISOString() } : {}),
        ...(used?.ServiceName && used.ServiceName !== 'N/A' ? { serviceName: used.ServiceName } : {}),
        ...(used?.Region && used.Region !== 'N/A' ? { region: used.Region } : {}),
      };
    } catch (error) {
      // IAM answers AccessDenied (not NoSuchEntity) for a key of another account.
      if (error instanceof NotFoundError || (error as Error).name === 'AccessDenied') return undefined;
      throw error;
    }
  }

  async getUser(userName: string): Promise<IamUser | undefined> {
    try {
      const { User } = await awsCall('iam:GetUser', () =>
        this.client.send(new GetUserCommand({ UserName: userName })),
      );
      if (!User?.UserName || !User.Arn || !User.UserId) return undefined;
      const tags = Object.fromEntries((User.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
      return { name: User.UserName, arn: User.Arn, userId: User.UserId, tags };
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async listAccessKeys(userName: string): Promise<AccessKeyRecord[]> {
    const keys: AccessKeyRecord[] = [];
    await awsCall('iam:ListAccessKeys', async () => {
      for await (const page of paginateListAccessKeys({ client: this.client }, { UserName: userName })) {
        for (const k of page.AccessKeyMetadata ?? []) {
          keys.push({
            accessKeyId: k.AccessKeyId ?? '',
            userName: k.UserName ?? userName,
            status: k.Status === 'Inactive' ? 'Inactive' : 'Active',
            createDate: k.CreateDate?.toISOString() ?? '',
          });
        }
      }
    });
    return keys;
  }

  async updateAccessKeyStatus(userName: string, accessKeyId: string, status: AccessKeyStatus): Promise<void> {
    await awsCall('iam:UpdateAccessKey', () =>
      this.client.send(
        new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId, Status: status }),
      ),
    );
  }

  async listUserPolicyNames(userName: string): Promise<string[]> {
    const names: string[] = [];
    await awsCall('iam:ListUserPolicies', async () => {
      for await (const page of paginateListUserPolicies({ client: this.client }, { UserName: userName })) {
        names.push(...(page.PolicyNames ?? []));
      }
    });
    return names;
  }

  async getUserPolicy(userName: string, policyName: string): Promise<PolicyDocument | undefined> {
    try {
      const out = await awsCall('iam:GetUserPolicy', () =>
        this.client.send(new GetUserPolicyCommand({ UserName: userName, PolicyName: policyName })),
      );
      // IAM returns the document URL-encoded (RFC 3986).
      return out.PolicyDocument
        ? PolicyDocumentSchema.parse(JSON.parse(decodeURIComponent(out.PolicyDocument)))
        : undefined;
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async putUserPolicy(userName: string, policyName: string, document: PolicyDocument): Promise<void> {
    await awsCall('iam:PutUserPolicy', () =>
      this.client.send(
        new PutUserPolicyCommand({
          UserName: userName,
          PolicyName: policyName,
          PolicyDocument: JSON.stringify(document),
        }),
      ),
    );
  }

  async deleteUserPolicy(userName: string, policyName: string): Promise<void> {
    await awsCall('iam:DeleteUserPolicy', () =>
      this.client.send(new DeleteUserPolicyCommand({ UserName: userName, PolicyName: policyName })),
    );
  }
}
