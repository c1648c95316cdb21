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

/** A stable stand-in for a unique id AWS gives (`AIDA` a user's, `AROA` a role's, `ASIA` a session key), from an ARN. */
export function stableId(prefix: string, arn: string): string {
  let hash = 0;
  for (const char of arn) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  // A unique id (AIDA, AROA) is 21 characters; an access key id (ASIA, AKIA) 20.
  const length = /^A[SK]IA$/.test(prefix) ? 20 : 21;
  return `${prefix}${hash.toString(36).toUpperCase().padStart(17, 'X')}`.slice(0, length);
}

/** CloudTrail writes `creationDate` of a session in ISO 8601 without fractions. */
const trailTime = (iso: string) => new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The ARN of a federated user (GetFederationToken), as STS names it. */
export const federatedUserArn = (accountId: string, name: string) =>
  `arn:aws:sts::${accountId}:federated-user/${name}`;

/** The ARN of a role session, as STS names it (`assumed-role/<role>/<session>`). */
export const assumedRoleArn = (accountId: string, roleName: string, sessionName: string) =>
  `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;

function issuerOf(
  principal: Pick<SandboxPrincipal, 'kind' | 'id' | 'arn' | 'name'>,
  accountId: string,
): Json {
  return {
    type: principal.kind === 'user' ? 'IAMUser' : 'Role',
    principalId: principal.id,
    arn: principal.arn,
    accountId,
    userName: principal.name,
  };
}

/** The `userIdentity` of a call signed with a role session's key: `AssumedRole`, the role its session issuer. */
export function assumedRoleIdentity(
  role: Pick<SandboxPrincipal, 'id' | 'arn' | 'name'>,
  accountId: string,
  session: { id: string; sessionName?: string; issuedAt: string; mfaAuthenticated?: boolean },
): Json {
  const name = session.sessionName ?? 'session';
  return {
    type: 'AssumedRole',
    principalId: `${role.id}:${name}`,
    arn: assumedRoleArn(accountId, role.name, name),
    accountId,
    accessKeyId: session.id,
    sessionContext: {
      sessionIssuer: issuerOf({ ...role, kind: 'role' }, accountId),
      attributes: {
        creationDate: trailTime(session.issuedAt),
        mfaAuthenticated: String(session.mfaAuthenticated === true),
      },
    },
  };
}

function sessionIdentity(principal: SandboxPrincipal, session: SandboxSession, accountId: string): Json {
  if (principal.kind === 'role') return assumedRoleIdentity(principal, accountId, session);
  const attributes = {
    creationDate: trailTime(session.issuedAt),
    mfaAuthenticated: String(session.mfaAuthenticated === true),
  };
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
    outsider && {
      type: 'AWSAccount',
      principalId: stableId('AIDA', outsider.arn),
      accountId: outsider.accountId,
    }
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

/**
 * The record of a call against the account, refused or not, as CloudTrail writes it: the caller's identity (from the
 * key, or given), and for a failed call AWS's error code and message and no response.
 */
export function callRecord(
  account: CredentialHolders,
  call: {
    accessKeyId: string;
    action: string;
    sourceIp?: string;
    requestParameters?: Json;
    responseElements?: Json | null;
    /** The caller's identity when the account does not hold its key (Rekey's own role session). */
    userIdentity?: Json;
    errorMessage?: string;
  },
  code: string,
  at: Date,
  region: string,
  eventId: string,
): Json {
  const [service = '', eventName = ''] = call.action.split(':');
  return {
    eventVersion: '1.08',
    userIdentity: call.userIdentity ??
      identityOf(account, call.accessKeyId) ?? { accessKeyId: call.accessKeyId },
    eventTime: trailTime(at.toISOString()),
    eventSource: `${service}.amazonaws.com`,
    eventName,
    awsRegion: region,
    ...(call.sourceIp ? { sourceIPAddress: call.sourceIp } : {}),
    requestParameters: call.requestParameters ?? null,
    responseElements: code === 'Success' ? (call.responseElements ?? null) : null,
    ...(code === 'Success' ? {} : { errorCode: code }),
    ...(code !== 'Success' && call.errorMessage ? { errorMessage: call.errorMessage } : {}),
    eventID: eventId,
    eventType: 'AwsApiCall',
    recipientAccountId: account.id,
  };
}
