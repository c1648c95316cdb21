import { NotFoundError } from '../../domain/errors.js';
import { PolicyDocumentSchema, TrustPolicySchema } from '../../domain/policy-document.js';
import { iamErrorCode } from './iam-records.js';
import type { SandboxAccount } from './sandbox-account.js';
import { assumedRoleArn, federatedUserArn } from './sandbox-cloudtrail.js';
import { provisionPermissionSet } from './sandbox-identity-center.js';
import type { SandboxPrincipal, SandboxSession } from './sandbox-model.js';
import { accountById } from './sandbox-world.js';

type Json = Record<string, unknown>;

/** A replayed call with what it asked for, as CloudTrail records `requestParameters`, and the id AWS hands back. */
export interface CallWithEffect {
  accessKeyId: string;
  action: string;
  resource?: string;
  /** The request parameters, named as CloudTrail records them (`userName`, `roleName`, `policyDocument`, ...). */
  parameters?: Json;
  /** The id AWS hands back (a new access key's, a new session's), fixed by the drill so later calls can use it. */
  creates?: string;
}

/** What a successful call changed, as CloudTrail records it: its parameters and its response (never a secret). */
export interface Effect {
  requestParameters: Json;
  responseElements: Json | null;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const parsed = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
/** IAM records policy documents as JSON text. */
const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
const roleName = (arn: string | undefined) =>
  arn?.match(/^arn:aws[\w-]*:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/)?.[1];

/** The resource IAM authorises a call on, from what it names: the user or role in its parameters, or the role to assume. */
export function impliedResource(account: SandboxAccount, call: CallWithEffect): string | undefined {
  if (call.resource) return call.resource;
  const p = call.parameters ?? {};
  const action = call.action.toLowerCase();
  if (action === 'sts:assumerole') return str(p.roleArn);
  if (str(p.roleName)) return `arn:aws:iam::${account.id}:role/${str(p.roleName)}`;
  if (str(p.userName)) return `arn:aws:iam::${account.id}:user/${str(p.userName)}`;
  // CreateAccessKey and the like without a user name act on the caller.
  if (action.startsWith('iam:')) return account.findAccessKey(call.accessKeyId)?.user.arn;
  return undefined;
}

/** A session id for a call that did not say which: stable for the call. */
function sessionId(call: CallWithEffect, at: Date): string {
  let hash = 0;
  for (const char of `${call.accessKeyId}${call.action}${at.toISOString()}`)
    hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `ASIA${hash.toString(36).toUpperCase().padStart(16, 'X')}`.slice(0, 20);
}

function issue(holder: SandboxPrincipal, session: SandboxSession, at: Date, seconds: number): Json {
  holder.sessions.push({
    ...session,
    issuedAt: at.toISOString(),
    expiresAt: new Date(at.getTime() + seconds * 1000).toISOString(),
  });
  return { accessKeyId: session.id, expiration: new Date(at.getTime() + seconds * 1000).toUTCString() };
}

/** The STS calls that mint sessions: the session is the caller's user's, or the role's. */
function stsEffect(account: SandboxAccount, call: CallWithEffect, at: Date): Effect | undefined {
  const p = call.parameters ?? {};
  const id = call.creates ?? sessionId(call, at);
  const seconds = Number(p.durationSeconds ?? 0);
  const caller = account.findAccessKey(call.accessKeyId)?.user;
  switch (call.action.toLowerCase()) {
    case 'sts:getsessiontoken': {
      if (!caller) return undefined;
      const credentials = issue(
        caller,
        { id, issuedAt: '', issuedBy: call.accessKeyId },
        at,
        seconds || 43_200,
      );
      return { requestParameters: p, responseElements: { credentials } };
    }
    case 'sts:getfederationtoken': {
      const name = str(p.name);
      if (!caller || !name) return undefined;
      const policy =
        p.policy === undefined ? {} : { sessionPolicy: PolicyDocumentSchema.parse(parsed(p.policy)) };
      const session = { id, issuedAt: '', issuedBy: call.accessKeyId, federatedName: name, ...policy };
      const credentials = issue(caller, session, at, seconds || 43_200);
      const federatedUser = {
        federatedUserId: `${account.id}:${name}`,
        arn: federatedUserArn(account.id, name),
      };
      return {
        requestParameters: { ...p, ...(p.policy === undefined ? {} : { policy: text(p.policy) }) },
        responseElements: { credentials, federatedUser },
      };
    }
    case 'sts:assumerole': {
      // The session is the role's, in the role's account (another of the drill's, for a cross-account call).
      const owner = accountById(account, str(p.roleArn ?? call.resource)?.split(':')[4] ?? '') ?? account;
      const role = owner.roles.get(roleName(str(p.roleArn ?? call.resource)) ?? '');
      const sessionName = str(p.roleSessionName) ?? 'session';
      if (!role) return undefined;
      // The source identity the call set, or the one the calling role session carries (it persists through chaining).
      const sourceIdentity =
        str(p.sourceIdentity) ?? account.findSession(call.accessKeyId)?.session.sourceIdentity;
      const source = sourceIdentity ? { sourceIdentity } : {};
      const session = { id, issuedAt: '', issuedBy: call.accessKeyId, sessionName, ...source };
      const credentials = issue(role, session, at, seconds || 3600);
      const assumedRoleUser = {
        assumedRoleId: `${role.id}:${sessionName}`,
        arn: assumedRoleArn(owner.id, role.name, sessionName),
      };
      return {
        requestParameters: { ...p, ...source },
        responseElements: { credentials, assumedRoleUser, ...source },
      };
    }
    default:
      return undefined;
  }
}

/** The IAM calls that leave something behind: keys, console passwords, users, roles, trust edits, attachments. */
function iamEffect(account: SandboxAccount, call: CallWithEffect, at: Date): Effect | undefined {
  const p = call.parameters ?? {};
  const created = at.toISOString();
  switch (call.action.toLowerCase()) {
    case 'iam:createaccesskey': {
      const userName = str(p.userName) ?? account.findAccessKey(call.accessKeyId)?.user.name;
      if (!userName) return undefined;
      const accessKeyId = account.createAccessKey(userName, call.creates);
      return {
        requestParameters: p,
        responseElements: { accessKey: { userName, accessKeyId, status: 'Active', createDate: created } },
      };
    }
    case 'iam:createloginprofile':
    case 'iam:updateloginprofile': {
      const userName = str(p.userName) ?? '';
      const passwordResetRequired = p.passwordResetRequired === true;
      account.requireUser(userName).loginProfile = { createdAt: created, passwordResetRequired };
      const loginProfile = { userName, createDate: created, passwordResetRequired };
      return {
        requestParameters: { userName, passwordResetRequired },
        responseElements: call.action.toLowerCase() === 'iam:createloginprofile' ? { loginProfile } : null,
      };
    }
    case 'iam:createuser': {
      const user = account.createUser(str(p.userName) ?? '');
      return {
        requestParameters: p,
        responseElements: {
          user: { userName: user.name, userId: user.id, arn: user.arn, createDate: created },
        },
      };
    }
    case 'iam:createrole': {
      const trust = TrustPolicySchema.parse(parsed(p.assumeRolePolicyDocument));
      const role = account.createRole(str(p.roleName) ?? '', {}, trust);
      return {
        requestParameters: { ...p, assumeRolePolicyDocument: text(p.assumeRolePolicyDocument) },
        responseElements: {
          role: { roleName: role.name, roleId: role.id, arn: role.arn, createDate: created },
        },
      };
    }
    case 'iam:taguser':
    case 'iam:tagrole': {
      const kind = call.action.toLowerCase() === 'iam:taguser' ? 'user' : 'role';
      const principal = account.require({ kind, name: str(kind === 'user' ? p.userName : p.roleName) ?? '' });
      // CloudTrail records the tags as `[{ key, value }]`; the API takes `[{ Key, Value }]`.
      for (const tag of (p.tags ?? []) as Array<Record<string, unknown>>)
        principal.tags[String(tag.key ?? tag.Key)] = String(tag.value ?? tag.Value);
      return { requestParameters: p, responseElements: null };
    }
    case 'iam:updateassumerolepolicy': {
      const role = account.require({ kind: 'role', name: str(p.roleName) ?? '' });
      account.setTrustPolicy(role, TrustPolicySchema.parse(parsed(p.policyDocument)));
      return { requestParameters: { ...p, policyDocument: text(p.policyDocument) }, responseElements: null };
    }
    case 'iam:attachuserpolicy':
    case 'iam:attachrolepolicy': {
      const kind = call.action.toLowerCase() === 'iam:attachuserpolicy' ? 'user' : 'role';
      const name = str(kind === 'user' ? p.userName : p.roleName) ?? '';
      account.attach(account.require({ kind, name }), str(p.policyArn) ?? '');
      return { requestParameters: p, responseElements: null };
    }
    default:
      return undefined;
  }
}

/** Identity Center's permission-set calls: the set's inline policy changed, or provisioned onto its roles. */
function ssoEffect(account: SandboxAccount, call: CallWithEffect): Effect | undefined {
  const p = call.parameters ?? {};
  const center = account.identityCenter;
  const action = call.action.toLowerCase();
  if (!center || !action.startsWith('sso:')) return undefined;
  const set = center.permissionSets.find((s) => s.arn === str(p.permissionSetArn));
  const known = ['sso:putinlinepolicytopermissionset', 'sso:deleteinlinepolicyfrompermissionset'];
  if (!set && (known.includes(action) || action === 'sso:provisionpermissionset'))
    throw new NotFoundError(`permission set ${String(p.permissionSetArn)} does not exist`);
  if (!set) return undefined;
  if (action === 'sso:putinlinepolicytopermissionset')
    set.inlinePolicy = PolicyDocumentSchema.parse(parsed(p.inlinePolicy));
  else if (action === 'sso:deleteinlinepolicyfrompermissionset') delete set.inlinePolicy;
  else if (action === 'sso:provisionpermissionset') provisionPermissionSet(center, account, set.arn);
  else return undefined;
  return { requestParameters: p, responseElements: null };
}

/**
 * Applies what a call AWS allowed changes in the account (the key it made, the session it minted, the role it
 * created or opened, ...) and returns its parameters and response as CloudTrail records them; a call with no
 * modelled effect only asks, and is recorded with the parameters it gave.
 */
export function applyCall(
  account: SandboxAccount,
  call: CallWithEffect,
  at: Date,
): Effect & { errorCode?: string } {
  try {
    const effect = stsEffect(account, call, at) ?? iamEffect(account, call, at) ?? ssoEffect(account, call);
    return effect ?? { requestParameters: call.parameters ?? {}, responseElements: null };
  } catch (error) {
    // Authorised, then refused by the service itself (the user already exists, no such role, a quota): recorded so.
    const errorCode = iamErrorCode(error) ?? 'ValidationError';
    return { requestParameters: call.parameters ?? {}, responseElements: null, errorCode };
  }
}
