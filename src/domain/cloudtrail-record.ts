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
  /** For a SAML or web identity session: the identity provider (the SAML provider's ARN, or userIdentity's). */
  identityProvider?: string;
  /** For a call signed with temporary credentials: who issued the session (the IAM user of a federated user). */
  sessionIssuerArn?: string;
  sourceIp?: string;
  errorCode?: string;
  /** AWS's message for a failed call (an AccessDenied's names the caller, the action and the deciding policy type). */
  errorMessage?: string;
  /** For AssumeRole / GetSessionToken: the role assumed and the session key handed out (never its secret or token). */
  assumedRoleArn?: string;
  issuedAccessKeyId?: string;
  /** For GetFederationToken: the federated user the session is (`arn:aws:sts::<account>:federated-user/<name>`). */
  federatedUserArn?: string;
  /** For IAM create calls: the user, role, policy or key created. */
  createdUser?: string;
  createdRole?: string;
  createdAccessKeyId?: string;
  createdPolicyArn?: string;
  targetUser?: string;
  /** For IAM calls on a role (UpdateAssumeRolePolicy, AttachRolePolicy, ...): the role, by name. */
  targetRole?: string;
  /** For UpdateAssumeRolePolicy and CreateRole: the trust policy the caller set, as CloudTrail recorded it. */
  trustPolicy?: string;
  /** For Attach{User,Role,Group}Policy: the managed policy attached. */
  attachedPolicyArn?: string;
  /** For Secrets Manager's own events (RotationFailed, ...): the secret, by name. */
  secretName?: string;
  /**
   * For GetSecretValue and BatchGetSecretValue: the secrets the request names (ARN or name, as the caller gave
   * them); empty for a BatchGetSecretValue by filter, whose record names none.
   */
  secretIds?: string[];
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
/** IAM records policy documents as JSON text; a record read from elsewhere may hold the object. */
const documentText = (v: unknown) => (typeof v === 'string' ? v : v ? JSON.stringify(v) : undefined);

/** The secrets a read names: GetSecretValue's one, BatchGetSecretValue's list (none for a batch by filter). */
function secretIdsOf(record: Json): string[] | undefined {
  const request = obj(record.requestParameters);
  if (record.eventName === 'GetSecretValue') {
    const id = str(request.secretId);
    return id ? [id] : [];
  }
  if (record.eventName !== 'BatchGetSecretValue') return undefined;
  const list = Array.isArray(request.secretIdList) ? request.secretIdList : [];
  return list.filter((x): x is string => typeof x === 'string');
}

/**
 * Reduces a CloudTrail record, as AWS writes it, to an AuditEvent: ids and names only (a session token or secret
 * access key in `responseElements` is never kept). The AWS adapter reads LookupEvents through it, and the sandbox
 * writes its history through it, so both tell an investigation the same thing.
 */
export function auditEventOf(record: Json, region: string): AuditEvent {
  const identity = obj(record.userIdentity);
  const issuer = obj(obj(identity.sessionContext).sessionIssuer);
  const request = obj(record.requestParameters);
  const response = obj(record.responseElements);
  const created = obj(response.accessKey);
  const name = str(record.eventName) ?? '';
  const secretIds = record.eventSource === 'secretsmanager.amazonaws.com' ? secretIdsOf(record) : undefined;
  const pick = (entries: Array<[string, string | undefined]>) =>
    Object.fromEntries(entries.filter((e): e is [string, string] => e[1] !== undefined));
  return {
    eventId: str(record.eventID) ?? '',
    eventTime: str(record.eventTime) ?? '',
    eventName: name,
    eventSource: str(record.eventSource) ?? '',
    region: str(record.awsRegion) ?? region,
    ...pick([
      ['accessKeyId', str(identity.accessKeyId)],
      ['principalType', str(identity.type)],
      ['principalArn', str(identity.arn)],
      ['principalAccountId', str(identity.accountId)],
      ['principalId', str(identity.principalId)],
      ['sharedEventId', str(record.sharedEventID)],
      // A SAML record's userIdentity.identityProvider is an opaque issuer hash; its request names the provider's ARN.
      [
        'identityProvider',
        (name === 'AssumeRoleWithSAML' ? str(request.principalArn) : undefined) ??
          str(identity.identityProvider),
      ],
      ['sessionIssuerArn', str(issuer.arn)],
      ['sourceIp', str(record.sourceIPAddress)],
      ['errorCode', str(record.errorCode)],
      ['errorMessage', str(record.errorMessage)],
      ['assumedRoleArn', name.startsWith('AssumeRole') ? str(request.roleArn) : undefined],
      ['issuedAccessKeyId', str(obj(response.credentials).accessKeyId)],
      ['federatedUserArn', str(obj(response.federatedUser).arn)],
      ['createdUser', name === 'CreateUser' ? str(request.userName) : undefined],
      ['createdRole', name === 'CreateRole' ? str(request.roleName) : undefined],
      ['createdAccessKeyId', str(created.accessKeyId)],
      ['createdPolicyArn', str(obj(response.policy).arn)],
      // CreateAccessKey without a user name makes a key for the caller: the response names the user.
      ['targetUser', str(request.userName) ?? str(created.userName)],
      ['targetRole', name.startsWith('AssumeRole') ? undefined : str(request.roleName)],
      [
        'trustPolicy',
        name === 'UpdateAssumeRolePolicy'
          ? documentText(request.policyDocument)
          : name === 'CreateRole'
            ? documentText(request.assumeRolePolicyDocument)
            : undefined,
      ],
      [
        'attachedPolicyArn',
        /^Attach(User|Role|Group)Policy$/.test(name) ? str(request.policyArn) : undefined,
      ],
    ]),
    ...(secretIds ? { secretIds } : {}),
  };
}
