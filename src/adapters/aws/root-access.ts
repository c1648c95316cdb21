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
import { AssumeRootCommand, type STSClient } from '@aws-sdk/client-sts';
import { NotContainableError, NotFoundError, ThrottlingError } from '../../domain/errors.js';
import type { RootAccess, RootCredentials } from '../../ports/root-access.js';
import { awsCall, translateAwsError } from './errors.js';

/** AssumeRoot sessions last at most 15 minutes; Rekey's work in one takes seconds. */
const SESSION_SECONDS = 900;

/**
 * Centralised root access over STS and IAM: `sts:AssumeRoot` (a regional STS endpoint, with the management or
 * delegated-administrator account's credentials) scoped by the `IAMDeleteRootUserCredentials` task policy, then IAM
 * calls without a user name, which in a root session address the root user itself.
 */
export class AwsRootAccess implements RootAccess {
  constructor(private readonly options: { sts: STSClient; partition?: string }) {}

  private async rootIam(accountId: string): Promise<IAMClient> {
    const partition = this.options.partition ?? 'aws';
    try {
      const out = await this.options.sts.send(
        new AssumeRootCommand({
          TargetPrincipal: accountId,
          TaskPolicyArn: { arn: `arn:${partition}:iam::aws:policy/root-task/IAMDeleteRootUserCredentials` },
          DurationSeconds: SESSION_SECONDS,
        }),
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken)
        throw new Error('AssumeRoot returned no credentials');
      return new IAMClient({
        region: this.options.sts.config.region,
        credentials: {
          accessKeyId: c.AccessKeyId,
          secretAccessKey: c.SecretAccessKey,
          sessionToken: c.SessionToken,
        },
      });
    } catch (error) {
      const named = translateAwsError(error, 'sts:AssumeRoot');
      if (named instanceof ThrottlingError) throw named;
      throw new NotContainableError(
        `Rekey cannot open a root session in ${accountId} (is centralised root access enabled?): ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  private async inventory(iam: IAMClient): Promise<RootCredentials> {
    const [keys, mfa, certificates, loginProfile] = await Promise.all([
      awsCall('iam:ListAccessKeys', () => iam.send(new ListAccessKeysCommand({}))),
      awsCall('iam:ListMFADevices', () => iam.send(new ListMFADevicesCommand({}))),
      awsCall('iam:ListSigningCertificates', () => iam.send(new ListSigningCertificatesCommand({}))),
      awsCall('iam:GetLoginProfile', () => iam.send(new GetLoginProfileCommand({}))).then(
        () => true,
        (error: unknown) => {
          if (error instanceof NotFoundError) return false;
          throw error;
        },
      ),
    ]);
    return {
      loginProfile,
      accessKeyIds: (keys.AccessKeyMetadata ?? []).flatMap((k) => (k.AccessKeyId ? [k.AccessKeyId] : [])),
      mfaSerialNumbers: (mfa.MFADevices ?? []).flatMap((d) => (d.SerialNumber ? [d.SerialNumber] : [])),
      signingCertificateIds: (certificates.Certificates ?? []).flatMap((c) =>
        c.CertificateId ? [c.CertificateId] : [],
      ),
    };
  }

  async credentials(accountId: string): Promise<RootCredentials> {
    return this.inventory(await this.rootIam(accountId));
  }

  async deleteCredentials(accountId: string): Promise<RootCredentials> {
    const iam = await this.rootIam(accountId);
    const found = await this.inventory(iam);
    if (found.loginProfile)
      await awsCall('iam:DeleteLoginProfile', () => iam.send(new DeleteLoginProfileCommand({})));
    for (const AccessKeyId of found.accessKeyIds)
      await awsCall('iam:DeleteAccessKey', () => iam.send(new DeleteAccessKeyCommand({ AccessKeyId })));
    for (const CertificateId of found.signingCertificateIds)
      await awsCall('iam:DeleteSigningCertificate', () =>
        iam.send(new DeleteSigningCertificateCommand({ CertificateId })),
      );
    for (const SerialNumber of found.mfaSerialNumbers)
      await awsCall('iam:DeactivateMFADevice', () =>
        iam.send(new DeactivateMFADeviceCommand({ SerialNumber })),
      );
    return found;
  }
}
