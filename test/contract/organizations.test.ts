import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { AwsOrganizations } from '../../src/adapters/aws/organizations-client.js';
import { SandboxOrganizations } from '../../src/adapters/sandbox/sandbox-organizations.js';
import { ConflictError } from '../../src/domain/errors.js';
import type { PolicyDocument } from '../../src/domain/policy-document.js';
import type { Organizations } from '../../src/ports/organizations.js';
import { freshMoto } from './fresh-moto.js';

interface OrgWorld {
  organizations: Organizations;
  management: string;
  member: string;
}

async function motoWorld(endpoint: string): Promise<OrgWorld> {
  const client = new OrganizationsClient(await freshMoto(endpoint));
  const org = await client.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const account = await client.send(
    new CreateAccountCommand({ AccountName: 'member', Email: 'member@example.com' }),
  );
  return {
    organizations: new AwsOrganizations({ client }),
    management: org.Organization?.MasterAccountId ?? '',
    member: account.CreateAccountStatus?.AccountId ?? '',
  };
}

const worlds: Array<[string, () => Promise<OrgWorld>]> = [
  [
    'the sandbox',
    async () => ({
      organizations: new SandboxOrganizations('999988887777'),
      management: '999988887777',
      member: '111122223333',
    }),
  ],
  ['the Organizations adapter against moto', () => motoWorld(inject('motoEndpoint'))],
];

const deny: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }],
};

describe.each(worlds)('Organizations, as %s answers it', (_name, makeWorld) => {
  let world: OrgWorld;
  beforeEach(async () => {
    world = await makeWorld();
  });

  it('names the management account', async () => {
    await expect(world.organizations.managementAccountId()).resolves.toBe(world.management);
  });

  it('creates an SCP, attaches it to an account, lists it there, and removes it', async () => {
    const id = await world.organizations.createServiceControlPolicy('rekey-deny-root-rk-1', deny, 'test');
    await world.organizations.attachPolicy(id, world.member);
    expect((await world.organizations.attachedPolicies(world.member)).map((p) => p.name)).toContain(
      'rekey-deny-root-rk-1',
    );
    await expect(
      world.organizations.createServiceControlPolicy('rekey-deny-root-rk-1', deny, 'again'),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(world.organizations.findPolicy('rekey-deny-root-rk-1')).resolves.toBe(id);
    await world.organizations.detachPolicy(id, world.member);
    await expect(world.organizations.findPolicy('rekey-deny-root-rk-1')).resolves.toBe(id);
    await world.organizations.deletePolicy(id);
    await expect(world.organizations.findPolicy('rekey-deny-root-rk-1')).resolves.toBeUndefined();
    expect((await world.organizations.attachedPolicies(world.member)).map((p) => p.name)).not.toContain(
      'rekey-deny-root-rk-1',
    );
  });
});
