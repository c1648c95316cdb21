/** One CloudTrail management event, reduced to what an investigation needs; never a credential's secret part. */
export interface AuditEvent {
  eventId: string;
  eventTime: string;
  eventName: string;
  eventSource: string;
  region: string;
  accessKeyId?: string;
  /** CloudTrail's userIdentity.type: IAMUser, AssumedRole, Root, AWSService, FederatedUser, SAMLUser, WebIdentityUser. */
  principalType?: string;
  principalArn?: string;
  /**
   * CloudTrail's userIdentity.accountId and principalId. For a call from another account CloudTrail writes, in the
   * called account, only these (type `AWSAccount`, no ARN): the caller is named in its own account's copy.
   */
  principalAccountId?: string;
  principalId?: string;
  /** The id both accounts' copies of a cross-account call share (CloudTrail's sharedEventID). */
  sharedEventId?: string;
  /** For a SAML or web identity session: the identity provider (userIdentity.identityProvider, or the SAML provider ARN). */
  identityProvider?: string;
  sourceIp?: string;
  errorCode?: string;
  /** For AssumeRole / GetSessionToken: the role assumed and the session key handed out (never its secret or token). */
  assumedRoleArn?: string;
  issuedAccessKeyId?: string;
  /** For IAM create calls: the user, role, policy or key created. */
  createdUser?: string;
  createdRole?: string;
  createdAccessKeyId?: string;
  createdPolicyArn?: string;
  targetUser?: string;
  /** For Secrets Manager's own events (RotationFailed, ...): the secret, by name. */
  secretName?: string;
  /**
   * For GetSecretValue and BatchGetSecretValue: the secrets the request names (ARN or name, as the caller gave
   * them); empty for a BatchGetSecretValue by filter, whose record names none.
   */
  secretIds?: string[];
}

/** What a bounded lookup found, oldest first. */
export interface AuditLookup {
  events: AuditEvent[];
  /** More events matched than the limit: CloudTrail answers newest first, so the oldest ones were not read. */
  truncated: boolean;
}

/** CloudTrail event history as Rekey reads it: bounded lookups, one region at a time. */
export interface AuditTrail {
  /** Events signed with the access key, between `from` and `to`, the newest `limit` of them. */
  eventsByAccessKey(accessKeyId: string, from: Date, to: Date, limit: number): Promise<AuditLookup>;
  /** Events about a resource (a role's ARN: the AssumeRole calls on it), between `from` and `to`, the newest `limit`. */
  eventsByResource(resourceName: string, from: Date, to: Date, limit: number): Promise<AuditLookup>;
}

/** Gives the AuditTrail of an account and region. */
export type AuditTrailProvider = (accountId: string, region: string) => AuditTrail;
