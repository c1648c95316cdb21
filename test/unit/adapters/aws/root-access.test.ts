import {
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteSigningCertificateCommand,
  GetLoginProfileCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListSigningCertificatesCommand,
} from '@aws-sdk/client-iam';
import { AssumeRootCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsRootAccess } from '../../../../src/adapters/aws/root-access.js';
import { NotContainableError, ThrottlingError } from '../../../../src/domain/errors.js';

const sts = mockClient(STSClient);
const iam = mockClient(IAMClient);
const rootAccess = () => new AwsRootAccess({ sts: new STSClient({ region: 'eu-west-1' }) });
const awsError = (name: string, message: string) => Object.assign(new Error(message), { name });

function rootWith(credentials: { password: boolean; keys: string[]; mfa: string[]; certificates: string[] }) {
  sts.on(AssumeRootCommand).resolves({
    Credentials: {
      AccessKeyId: 'ASIAROOTSESSION00001',
      SecretAccessKey: 'root-session-secret',
      SessionToken: 'root-session-token',
      Expiration: new Date(Date.now() + 900_000),
    },
  });
  iam.on(ListAccessKeysCommand).resolves({
    AccessKeyMetadata: credentials.keys.map((AccessKeyId) => ({ AccessKeyId, Status: 'Active' })),
  });
  iam.on(ListMFADevicesCommand).resolves({
    MFADevices: credentials.mfa.map((SerialNumber) => ({
      SerialNumber,
      UserName: undefined,
      EnableDate: new Date(),
    })),
  });
  iam.on(ListSigningCertificatesCommand).resolves({
    Certificates: credentials.certificates.map((CertificateId) => ({
      CertificateId,
      UserName: 'root',
      CertificateBody: '-----BEGIN CERTIFICATE-----',
      Status: 'Active',
    })),
  });
  if (credentials.password)
    iam.on(GetLoginProfileCommand).resolves({ LoginProfile: { CreateDate: new Date() } as never });
  else
    iam
      .on(GetLoginProfileCommand)
      .rejects(awsError('NoSuchEntity', 'Login Profile for User root cannot be found.'));
}

beforeEach(() => {
  sts.reset();
  iam.reset();
});

describe('centralised root access over STS and IAM', () => {
  it('opens a 15-minute root session scoped by IAMDeleteRootUserCredentials on the member account', async () => {
    rootWith({ password: false, keys: [], mfa: [], certificates: [] });
    await rootAccess().credentials('444455556666');
    expect(sts.commandCalls(AssumeRootCommand)[0]?.args[0].input).toEqual({
      TargetPrincipal: '444455556666',
      TaskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials' },
      DurationSeconds: 900,
    });
    const client = iam.commandCalls(ListAccessKeysCommand)[0]?.thisValue as IAMClient;
    await expect(client.config.credentials()).resolves.toMatchObject({ accessKeyId: 'ASIAROOTSESSION00001' });
  });

  it('deletes the password, every key and certificate and deactivates MFA, addressing the root (no user name)', async () => {
    rootWith({
      password: true,
      keys: ['AKIAROOTKEY000000001', 'AKIAROOTKEY000000002'],
      mfa: ['arn:aws:iam::444455556666:mfa/root-account-mfa-device'],
      certificates: ['CERTIFICATE0000000000000001'],
    });
    const removed = await rootAccess().deleteCredentials('444455556666');
    expect(removed).toEqual({
      loginProfile: true,
      accessKeyIds: ['AKIAROOTKEY000000001', 'AKIAROOTKEY000000002'],
      mfaSerialNumbers: ['arn:aws:iam::444455556666:mfa/root-account-mfa-device'],
      signingCertificateIds: ['CERTIFICATE0000000000000001'],
    });
    expect(iam.commandCalls(DeleteLoginProfileCommand)[0]?.args[0].input).toEqual({});
    expect(iam.commandCalls(DeleteAccessKeyCommand).map((c) => c.args[0].input)).toEqual([
      { AccessKeyId: 'AKIAROOTKEY000000001' },
      { AccessKeyId: 'AKIAROOTKEY000000002' },
    ]);
    expect(iam.commandCalls(DeleteSigningCertificateCommand)[0]?.args[0].input).toEqual({
      CertificateId: 'CERTIFICATE0000000000000001',
    });
    expect(iam.commandCalls(DeactivateMFADeviceCommand)[0]?.args[0].input).toEqual({
      SerialNumber: 'arn:aws:iam::444455556666:mfa/root-account-mfa-device',
    });
  });

  it('reads a missing login profile (NoSuchEntity) as no password, and deletes nothing it did not find', async () => {
    rootWith({ password: false, keys: [], mfa: [], certificates: [] });
    await expect(rootAccess().deleteCredentials('444455556666')).resolves.toEqual({
      loginProfile: false,
      accessKeyIds: [],
      mfaSerialNumbers: [],
      signingCertificateIds: [],
    });
    expect(iam.commandCalls(DeleteLoginProfileCommand)).toHaveLength(0);
  });

  it('escalates when no root session can be opened, and names throttling for a retry', async () => {
    sts
      .on(AssumeRootCommand)
      .rejects(awsError('AccessDenied', 'centralized root access is not enabled for the organization'));
    await expect(rootAccess().credentials('444455556666')).rejects.toBeInstanceOf(NotContainableError);
    sts.on(AssumeRootCommand).rejects(awsError('Throttling', 'Rate exceeded'));
    await expect(rootAccess().credentials('444455556666')).rejects.toBeInstanceOf(ThrottlingError);
    rootWith({ password: true, keys: [], mfa: [], certificates: [] });
    iam.on(ListAccessKeysCommand).rejects(awsError('Throttling', 'Rate exceeded'));
    await expect(rootAccess().credentials('444455556666')).rejects.toBeInstanceOf(ThrottlingError);
  });
});
