/**
 * A member account of the organisation in the twin: its own account in moto, holding what the StackSets deploy
 * there, created from the committed templates: the member and reader roles (resources/member-role.cfn.yml) and
 * the forwarding rules to the central bus (resources/forwarding.cfn.json).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { readCloudFormationYaml } from '../test/support/cloudformation-yaml.js';
import { type MotoConfig, provision, type TwinStack } from './provision.js';
import { StackResolver, type Template } from './template.js';

/** The member account's id in the twin. */
export const MEMBER_ACCOUNT = '210987654321';
/** An account outside the organisation that has deployed the same member template (trusting Rekey). */
export const OUTSIDE_ACCOUNT = '999999999999';

/** The member account: SDK settings of its administrator, and its stacks as created. */
export interface MemberAccount {
  admin: MotoConfig;
  roles: TwinStack;
  forwarding: TwinStack;
}

/** An administrator's session in the member account (moto, before it enforces authorization). */
async function administrator(
  open: MotoConfig,
  account: string,
  managementAccount: string,
): Promise<MotoConfig> {
  const out = await new STSClient(open).send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`,
      RoleSessionName: 'twin-stacksets',
    }),
  );
  const c = out.Credentials;
  const admin = {
    ...open,
    credentials: {
      accessKeyId: String(c?.AccessKeyId),
      secretAccessKey: String(c?.SecretAccessKey),
      sessionToken: String(c?.SessionToken),
    },
  };
  // The role Organizations creates in every member account, so the session's policies exist once moto checks.
  const iam = new IAMClient(admin);
  const trust = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${managementAccount}:root` },
        Action: 'sts:AssumeRole',
      },
    ],
  };
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'OrganizationAccountAccessRole',
      AssumeRolePolicyDocument: JSON.stringify(trust),
    }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'OrganizationAccountAccessRole',
      PolicyName: 'AdministratorAccess',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
      }),
    }),
  );
  return admin;
}

/** Creates the member account's StackSet instances (roles, forwarding) as the central deployment's parameters say. */
export async function provisionMember(
  root: string,
  open: MotoConfig,
  central: { account: string; stage: string; memberRoleName: string },
  account = MEMBER_ACCOUNT,
): Promise<MemberAccount> {
  const admin = await administrator(open, account, central.account);
  const pseudo = { accountId: account, region: open.region, stackName: 'StackSet-rekey-member' };
  const rolesTemplate = readCloudFormationYaml<Template>(join(root, 'resources/member-role.cfn.yml'));
  const roles = await provision(
    new StackResolver(rolesTemplate, pseudo, {
      CentralAccountId: central.account,
      Stage: central.stage,
      RoleName: central.memberRoleName,
      RotationFunctionNames: '*',
    }),
    admin,
    account,
  );
  const forwardingTemplate = JSON.parse(
    readFileSync(join(root, 'resources/forwarding.cfn.json'), 'utf8'),
  ) as Template;
  const forwarding = await provision(
    new StackResolver(forwardingTemplate, pseudo, {
      CentralBusArn: `arn:aws:events:${open.region}:${central.account}:event-bus/default`,
      // The twin's central deployment has a secret-read allowlist: the StackSet forwards secret reads.
      ForwardSecretReadsParameter: 'true',
    }),
    admin,
    account,
  );
  return { admin, roles, forwarding };
}
