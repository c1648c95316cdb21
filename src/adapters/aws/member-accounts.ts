import { IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { AccessDeniedError, NotContainableError } from '../../domain/errors.js';
import type { Identity, IdentityProvider } from '../../ports/identity.js';
import { translateAwsError } from './errors.js';
import { IamIdentity } from './iam-identity.js';

/** Temporary credentials of the member role, as the SDK's credential provider hands them out. */
export interface RoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

const REFRESH_BEFORE_MS = 5 * 60 * 1000;

/**
 * Rekey's reach into the accounts of an organisation: IAM of its own account directly, and of any other account
 * through the member role deployed there (sts:AssumeRole). A role that cannot be assumed means the exposure is
 * out of reach: NotContainableError, so the playbook escalates.
 */
export class MemberAccounts {
  private readonly cache = new Map<string, RoleCredentials>();
  private readonly identities = new Map<string, Identity>();

  constructor(
    private readonly options: {
      sts: STSClient;
      ownAccountId: string;
      /** The member role's name (same in every account), e.g. `rekey-member`; without it, only the own account. */
      memberRoleName?: string;
      partition?: string;
    },
  ) {}

  /** The member role's credentials in an account, assumed once and reused until five minutes before expiry. */
  async credentialsFor(accountId: string): Promise<RoleCredentials> {
    const { memberRoleName, partition = 'aws' } = this.options;
    if (!memberRoleName) {
      throw new NotContainableError(
        `Rekey has no member role configured, so it cannot act in account ${accountId}`,
      );
    }
    return this.assume(`arn:${partition}:iam::${accountId}:role/${memberRoleName}`);
  }

  /** Any role's credentials (the management-account role too), assumed once and reused until shortly before expiry. */
  async assume(roleArn: string): Promise<RoleCredentials> {
    const cached = this.cache.get(roleArn);
    if (cached && cached.expiration.getTime() - Date.now() > REFRESH_BEFORE_MS) return cached;
    try {
      const out = await this.options.sts.send(
        new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'rekey', DurationSeconds: 3600 }),
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration)
        throw new Error('AssumeRole returned no credentials');
      const credentials = {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration,
      };
      this.cache.set(roleArn, credentials);
      return credentials;
    } catch (error) {
      const named = translateAwsError(error, 'sts:AssumeRole');
      // Only STS's refusal (no such role, no trust, an SCP, the region off) puts the account out of reach; a
      // passing fault (throttling, a 5xx, the network) is handed on for a retry, never escalated for good.
      const refused =
        named instanceof AccessDeniedError || (error as Error).name === 'RegionDisabledException';
      if (!refused) throw named;
      throw new NotContainableError(`Rekey cannot assume ${roleArn}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  /** SDK client settings for an account (and region): default credentials at home, the member role elsewhere. */
  clientConfig(
    accountId: string,
    region?: string,
  ): { region?: string; credentials?: () => Promise<RoleCredentials> } {
    return {
      ...(region ? { region } : {}),
      ...(accountId === this.options.ownAccountId
        ? {}
        : { credentials: () => this.credentialsFor(accountId) }),
    };
  }

  /** IAM of an account: the own account's directly, any other's through the member role. */
  readonly identityFor: IdentityProvider = (accountId) => {
    let identity = this.identities.get(accountId);
    if (!identity) {
      identity = new IamIdentity({ client: new IAMClient(this.clientConfig(accountId)) });
      this.identities.set(accountId, identity);
    }
    return identity;
  };
}
