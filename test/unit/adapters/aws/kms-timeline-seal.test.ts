import { DescribeKeyCommand, KMSClient, VerifyMacCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { KmsTimelineSeal } from '../../../../src/adapters/aws/kms-timeline-seal.js';
import { ConfigurationError } from '../../../../src/domain/errors.js';

const kms = mockClient(KMSClient);
const KEY = '1234abcd-12ab-34cd-56ef-1234567890ab';
const seal = (keys: Record<string, string>) =>
  new KmsTimelineSeal({ client: new KMSClient({ region: 'us-east-1' }), keys, writer: 'review' });
const thirtyTwoBytes = Buffer.alloc(32, 7).toString('base64');
const kmsError = (name: string, message: string) =>
  Object.assign(new Error(message), { name, $fault: 'client' });

beforeEach(() => kms.reset());

describe('checking a seal with KMS', () => {
  it('takes a seal that is no HMAC_SHA_256 MAC for no seal, without asking KMS', async () => {
    for (const forged of [
      '!!!!',
      '',
      Buffer.alloc(31).toString('base64'),
      Buffer.alloc(64).toString('base64'),
    ])
      expect(await seal({ action: KEY }).verify('action', 'ab'.repeat(32), forged)).toBe(false);
    expect(kms.commandCalls(VerifyMacCommand)).toHaveLength(0);
  });

  it('asks KMS for a MAC of the right length, and takes its refusals to read or verify it for no seal', async () => {
    kms
      .on(VerifyMacCommand)
      .resolvesOnce({ MacValid: true })
      .rejectsOnce(kmsError('KMSInvalidMacException', 'invalid MAC'))
      .rejectsOnce(kmsError('ValidationException', 'Mac is invalid'));
    expect(await seal({ action: KEY }).verify('action', 'ab'.repeat(32), thirtyTwoBytes)).toBe(true);
    expect(await seal({ action: KEY }).verify('action', 'ab'.repeat(32), thirtyTwoBytes)).toBe(false);
    expect(await seal({ action: KEY }).verify('action', 'ab'.repeat(32), thirtyTwoBytes)).toBe(false);
    expect(kms.commandCalls(VerifyMacCommand)[0]?.args[0].input).toMatchObject({
      KeyId: KEY,
      MacAlgorithm: 'HMAC_SHA_256',
    });
  });

  it('stops, naming the alias, when KMS has no key by that alias (the wrong stage or region)', async () => {
    kms.on(DescribeKeyCommand).rejects(kmsError('NotFoundException', 'Alias is not found.'));
    await expect(
      seal({ action: 'alias/rekey-prod-timeline-action' }).verify('action', 'ab'.repeat(32), thirtyTwoBytes),
    ).rejects.toThrow(
      new ConfigurationError(
        'KMS has no timeline key alias/rekey-prod-timeline-action for the action writer here: check the stage and the region',
      ),
    );
  });

  it('finds no seal for a writer that has no key here', async () => {
    expect(await seal({}).verify('operator', 'ab'.repeat(32), thirtyTwoBytes)).toBe(false);
    expect(kms.calls()).toHaveLength(0);
  });
});
