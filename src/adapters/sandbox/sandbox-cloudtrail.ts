import type { SandboxAccessKey, SandboxPrincipal, SandboxSession } from './sandbox-model.js';
import { withSourceIdentity } from './source-identity.js';

type Json = Record<string, unknown>;

/** What the sandbox's CloudTrail needs of its account: who holds a credential. */
export interface CredentialHolders {
  readonly id: string;
  findAccessKey(accessKeyId: string): { user: SandboxPrincipal; key: SandboxAccessKey } | undefined;
  findSession(sessionKeyId: string): { principal: SandboxPrincipal; session: SandboxSession } | undefined;
  isRootKey(accessKeyId: string): boolean;
  findOutsider(accessKeyId: string): { arn: string; accountId: string } | undefined;
}

/** A stable stand-in for the unique id IAM gives a principal of another account (CloudTrail names only that). */
function outsiderId(arn: string): string {
  let hash = 0;
  for (const char of arn) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `AIDA${hash.toString(36).toUpperCase().padStart(17, 'X')}`.slice(0, 21);
}

/** CloudTrail writes `creationDate` of a session in ISO 8601 without fractions. */
const trailTime = (iso: string) => new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The ARN of a federated user (GetFederationToken), as STS names it. */
export const federatedUserArn = (accountId: string, name: string) =>
  `arn:aws:sts::${accountId}:federated-user/${name}`;

/** The ARN of a role session, as STS names it (`assumed-role/<role>/<session>`). */
export const assumedRoleArn = (accountId: string, roleName: string, sessionName: string) =>
  `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;

function issuerOf(principal: SandboxPrincipal, accountId: string): Json {
  return {
    type: principal.kind === 'user' ? 'IAMUser' : 'Role',
    principalId: principal.id,
    arn: principal.arn,
    accountId,
    userName: principal.name,
  };
}

function sessionIdentity(principal: SandboxPrincipal, session: SandboxSession, accountId: string): Json {
  const attributes = {
    creationDate: trailTime(session.issuedAt),
    mfaAuthenticated: String(session.mfaAuthenticated === true),
  };
  if (principal.kind === 'role') {
    const name = session.sessionName ?? 'session';
    return {
      type: 'AssumedRole',
      principalId: `${principal.id}:${name}`,
      arn: assumedRoleArn(accountId, principal.name, name),
      accountId,
      accessKeyId: session.id,
      sessionContext: { sessionIssuer: issuerOf(principal, accountId), attributes },
    };
  }
  if (session.federatedName !== undefined)
    return {
      type: 'FederatedUser',
      principalId: `${accountId}:${session.federatedName}`,
      arn: federatedUserArn(accountId, session.federatedName),
      accountId,
      accessKeyId: session.id,
      sessionContext: { sessionIssuer: issuerOf(principal, accountId), attributes },
    };
  // A GetSessionToken session is recorded as the IAM user itself, with the session's key.
  return {
    type: 'IAMUser',
    principalId: principal.id,
    arn: principal.arn,
    accountId,
    accessKeyId: session.id,
    userName: principal.name,
    sessionContext: { attributes },
  };
}

/** The `userIdentity` CloudTrail writes for a call signed with the credential, or undefined for an unknown one. */
export function identityOf(account: CredentialHolders, accessKeyId: string): Json | undefined {
  if (account.isRootKey(accessKeyId))
    return {
      type: 'Root',
      principalId: account.id,
      arn: `arn:aws:iam::${account.id}:root`,
      accountId: account.id,
      accessKeyId,
    };
  const key = account.findAccessKey(accessKeyId);
  if (key)
    return {
      type: 'IAMUser',
      principalId: key.user.id,
      arn: key.user.arn,
      accountId: account.id,
      accessKeyId,
      userName: key.user.name,
    };
  const held = account.findSession(accessKeyId);
  if (held)
    return withSourceIdentity(sessionIdentity(held.principal, held.session, account.id), held.session);
  // A principal of another account is recorded in this account by its account and id only, never an ARN.
  const outsider = account.findOutsider(accessKeyId);
  return (
    outsider && { type: 'AWSAccount', principalId: outsiderId(outsider.arn), accountId: outsider.accountId }
  );
}

/** The STS call that issued a session, and its parameters and response as CloudTrail records them. */
function issuance(
  principal: SandboxPrincipal,
  session: SandboxSession,
  accountId: string,
): { eventName: string; requestParameters: Json; responseElements: Json } {
  const credentials = {
    accessKeyId: session.id,
    ...(session.expiresAt ? { expiration: new Date(session.expiresAt).toUTCString() } : {}),
  };
  if (principal.kind === 'role') {
    const name = session.sessionName ?? 'session';
    // A source identity is in both the request and the response of the AssumeRole that set or carried it.
    const source = session.sourceIdentity ? { sourceIdentity: session.sourceIdentity } : {};
    return {
      eventName: 'AssumeRole',
      requestParameters: { roleArn: principal.arn, roleSessionName: name, ...source },
      responseElements: {
        credentials,
        assumedRoleUser: {
          assumedRoleId: `${principal.id}:${name}`,
          arn: assumedRoleArn(accountId, principal.name, name),
        },
        ...source,
      },
    };
  }
  if (session.federatedName !== undefined)
    return {
      eventName: 'GetFederationToken',
      requestParameters: {
        name: session.federatedName,
        ...(session.sessionPolicy ? { policy: JSON.stringify(session.sessionPolicy) } : {}),
      },
      responseElements: {
        credentials,
        federatedUser: {
          federatedUserId: `${accountId}:${session.federatedName}`,
          arn: federatedUserArn(accountId, session.federatedName),
        },
      },
    };
  return { eventName: 'GetSessionToken', requestParameters: {}, responseElements: { credentials } };
}

/**
 * The record CloudTrail wrote when a seeded session was issued with a known key (GetSessionToken or
 * GetFederationToken for a user's, AssumeRole for a role's): the caller's identity, and the session key in the
 * response, as AWS writes it (never a secret or token).
 */
export function issuanceRecord(
  account: CredentialHolders,
  principal: SandboxPrincipal,
  session: SandboxSession,
  region: string,
): Json {
  return {
    eventVersion: '1.08',
    userIdentity: session.issuedBy ? (identityOf(account, session.issuedBy) ?? {}) : {},
    eventTime: trailTime(session.issuedAt),
    eventSource: 'sts.amazonaws.com',
    awsRegion: region,
    eventID: `issue-${session.id}`,
    eventType: 'AwsApiCall',
    recipientAccountId: account.id,
    ...issuance(principal, session, account.id),
  };
}

/** The record of a call replayed against the account, refused or not, as CloudTrail writes it. */
export function callRecord(
  account: CredentialHolders,
  call: {
    accessKeyId: string;
    action: string;
    sourceIp?: string;
    requestParameters?: Json;
    responseElements?: Json | null;
  },
  code: string,
  at: Date,
  region: string,
  eventId: string,
): Json {
  const [service = '', eventName = ''] = call.action.split(':');
  return {
    eventVersion: '1.08',
    userIdentity: identityOf(account, call.accessKeyId) ?? { accessKeyId: call.accessKeyId },
    eventTime: trailTime(at.toISOString()),
    eventSource: `${service}.amazonaws.com`,
    eventName,
    awsRegion: region,
    ...(call.sourceIp ? { sourceIPAddress: call.sourceIp } : {}),
    requestParameters: call.requestParameters ?? null,
    responseElements: code === 'Success' ? (call.responseElements ?? null) : null,
    ...(code === 'Success' ? {} : { errorCode: code }),
    eventID: eventId,
    eventType: 'AwsApiCall',
    recipientAccountId: account.id,
  };
}
