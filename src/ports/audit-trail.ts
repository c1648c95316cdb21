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
}

/** CloudTrail event history as Rekey reads it: bounded lookups, one region at a time. */
export interface AuditTrail {
  /** Events signed with the access key, between `from` and `to`, at most `limit` of them, oldest first. */
  eventsByAccessKey(accessKeyId: string, from: Date, to: Date, limit: number): Promise<AuditEvent[]>;
  /** Events of one API call (AssumeRole, ...), between `from` and `to`, at most `limit` of them, oldest first. */
  eventsByName(eventName: string, from: Date, to: Date, limit: number): Promise<AuditEvent[]>;
}

/** Gives the AuditTrail of an account and region. */
export type AuditTrailProvider = (accountId: string, region: string) => AuditTrail;
