import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemberAccounts } from '../../../src/adapters/aws/member-accounts.js';
import { investigationPorts } from '../../../src/handlers/lambda/investigation-ports.js';
import { loadedOnFirstCall } from '../../../src/handlers/lambda/loaded-on-first-call.js';

interface Greeter {
  greet(name: string): Promise<string>;
  fail(): Promise<void>;
}

/** A greeter adapter that counts its loads, as a module import would be counted. */
const loader = (outcomes: Array<'ok' | 'fails'>) => {
  const loads: number[] = [];
  const load = async (): Promise<Greeter> => {
    loads.push(loads.length + 1);
    if (outcomes[loads.length - 1] === 'fails') throw new Error('cannot load the adapter');
    const prefix = `hello #${loads.length}`;
    return {
      greet: async (name) => `${prefix}, ${name}`,
      fail: async () => {
        throw new Error('the call failed');
      },
    };
  };
  return { load, loads };
};

describe('a port loaded when one of its methods is first called', () => {
  it('loads nothing until a method is called, then loads once for every call, concurrent ones included', async () => {
    const { load, loads } = loader(['ok']);
    const port = loadedOnFirstCall(load, { greet: true, fail: true });
    expect(loads).toEqual([]);
    const answers = await Promise.all([port.greet('ana'), port.greet('bo')]);
    expect(await port.greet('cy')).toBe('hello #1, cy');
    expect(answers).toEqual(['hello #1, ana', 'hello #1, bo']);
    expect(loads).toEqual([1]);
  });

  it("passes the adapter's failures through unchanged", async () => {
    const port = loadedOnFirstCall(loader(['ok']).load, { greet: true, fail: true });
    await expect(port.fail()).rejects.toThrow('the call failed');
  });

  it('tries a failed load again at the next call', async () => {
    const { load, loads } = loader(['fails', 'ok']);
    const port = loadedOnFirstCall(load, { greet: true, fail: true });
    await expect(port.greet('ana')).rejects.toThrow('cannot load the adapter');
    expect(await port.greet('ana')).toBe('hello #2, ana');
    expect(loads).toEqual([1, 2]);
  });
});

describe("triage's and the action function's CloudTrail and EC2, loaded when first called", () => {
  const ec2 = mockClient(EC2Client);
  const sts = mockClient(STSClient);
  beforeEach(() => {
    ec2.reset();
    sts.reset();
  });

  it('answer through the real adapters, in the own account directly and in another through the member role', async () => {
    ec2
      .on(DescribeRegionsCommand)
      .resolves({ Regions: [{ RegionName: 'eu-west-1' }, { RegionName: 'us-east-1' }] });
    sts.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: 'ASIAMEMBEREXAMPLE001',
        SecretAccessKey: 'x',
        SessionToken: 'y',
        Expiration: new Date(Date.now() + 3_600_000),
      },
    });
    const ports = investigationPorts(
      new MemberAccounts({
        sts: new STSClient({ region: 'us-east-1' }),
        ownAccountId: '111122223333',
        memberRoleName: 'rekey-member',
      }),
    );
    expect(ports.networkFor('111122223333', 'us-east-1')).toBe(ports.networkFor('111122223333', 'us-east-1'));
    expect(await ports.networkFor('111122223333', 'us-east-1').enabledRegions()).toEqual([
      'eu-west-1',
      'us-east-1',
    ]);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    expect(await ports.networkFor('444455556666', 'eu-west-1').enabledRegions()).toEqual([
      'eu-west-1',
      'us-east-1',
    ]);
    // The other account's client: its region, and the member role's credentials (asked for when the SDK signs).
    const member = ec2.send.getCall(1).thisValue as EC2Client;
    expect(await member.config.region()).toBe('eu-west-1');
    expect((await member.config.credentials()).accessKeyId).toBe('ASIAMEMBEREXAMPLE001');
    expect(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input.RoleArn).toBe(
      'arn:aws:iam::444455556666:role/rekey-member',
    );
  });
});
