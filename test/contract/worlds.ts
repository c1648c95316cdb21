import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { IamIdentity } from '../../src/adapters/aws/iam-identity.js';
import { SandboxAccount } from '../../src/adapters/sandbox/sandbox-account.js';
import type { PolicyDocument } from '../../src/domain/policy-document.js';
import type { Identity } from '../../src/ports/identity.js';
import { ManualClock } from '../support/fixed-clock.js';
import { freshMoto } from './fresh-moto.js';

/** An account to state AWS's behaviour against: the port under test and a way to set up what a test needs. */
export interface IdentityWorld {
  identity: Identity;
  createUser(
    name: string,
    options?: { tags?: Record<string, string>; loginProfile?: boolean },
  ): Promise<string>;
  createAccessKey(userName: string): Promise<string>;
  createRole(name: string, tags?: Record<string, string>): Promise<string>;
  /** A managed policy's default version's document as the account holds it, or undefined when there is none. */
  managedPolicy(arn: string): Promise<PolicyDocument | undefined>;
}

/** The sandbox account, as drills use it. */
export function sandboxWorld(): IdentityWorld {
  const account = new SandboxAccount({ id: '123456789012' }, new ManualClock('2026-11-28T09:00:00Z'));
  return {
    identity: account.identity(),
    createUser: async (name, options = {}) => {
      const user = account.createUser(name, options.tags);
      if (options.loginProfile)
        user.loginProfile = { createdAt: account.now(), passwordResetRequired: false };
      return user.arn;
    },
    createAccessKey: async (userName) => account.createAccessKey(userName),
    createRole: async (name, tags) => account.createRole(name, tags).arn,
    managedPolicy: async (arn) => account.managedPolicy(arn),
  };
}

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** IAM through the AWS adapter, talking over HTTP to the moto server on loopback (state reset per world). */
export async function motoWorld(endpoint: string): Promise<IdentityWorld> {
  const client = new IAMClient(await freshMoto(endpoint));
  const tagList = (tags: Record<string, string> = {}) =>
    Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
  return {
    identity: new IamIdentity({ client }),
    createUser: async (name, options = {}) => {
      const out = await client.send(new CreateUserCommand({ UserName: name, Tags: tagList(options.tags) }));
      if (options.loginProfile) {
        await client.send(
          new CreateLoginProfileCommand({
            UserName: name,
            Password: 'Contract-Test-Only-1!',
            PasswordResetRequired: false,
          }),
        );
      }
      return out.User?.Arn ?? '';
    },
    createAccessKey: async (userName) => {
      const out = await client.send(new CreateAccessKeyCommand({ UserName: userName }));
      return out.AccessKey?.AccessKeyId ?? '';
    },
    createRole: async (name, tags) => {
      const out = await client.send(
        new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST, Tags: tagList(tags) }),
      );
      return out.Role?.Arn ?? '';
    },
    managedPolicy: async (arn) => {
      const policy = await client.send(new GetPolicyCommand({ PolicyArn: arn })).catch((error: Error) => {
        if (error.name === 'NoSuchEntityException' || error.name === 'NoSuchEntity') return undefined;
        throw error;
      });
      const versionId = policy?.Policy?.DefaultVersionId;
      if (!versionId) return undefined;
      const version = await client.send(
        new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId }),
      );
      return JSON.parse(decodeURIComponent(String(version.PolicyVersion?.Document))) as PolicyDocument;
    },
  };
}
