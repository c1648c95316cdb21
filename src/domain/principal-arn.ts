import { IDENTITY_CENTER_ROLE } from './protection.js';

/**
 * Who an ARN names, as IAM tells principals apart: the partition and account, the kind, the name without its path
 * (IAM user and role names are unique regardless of case, so compared in lower case), the session of a role, and,
 * for an IAM Identity Center role session, the Identity Center user (its session name), who is the same person
 * in every account and permission set.
 */
export interface PrincipalIdentity {
  partition: string;
  accountId: string;
  kind: 'user' | 'role' | 'root' | 'federated-user';
  name: string;
  session?: string;
  identityCenterUser?: string;
}

const ARN = /^arn:(aws[\w-]*):(iam|sts)::(\d{12}):(.+)$/;

/** The identity an IAM or STS ARN names, or undefined when it names no principal Rekey can resolve. */
export function principalIdentity(arn: string): PrincipalIdentity | undefined {
  const match = ARN.exec(arn.trim());
  if (!match) return undefined;
  const [, partition = '', service, accountId = '', resource = ''] = match;
  const base = { partition, accountId };
  if (service === 'iam' && resource === 'root') return { ...base, kind: 'root', name: 'root' };
  const parts = resource.split('/');
  const [type] = parts;
  if (service === 'iam' && (type === 'user' || type === 'role') && parts.length >= 2) {
    const name = (parts.at(-1) ?? '').toLowerCase();
    return name ? { ...base, kind: type, name } : undefined;
  }
  if (service === 'sts' && type === 'assumed-role' && parts.length === 3) {
    const [, role = '', session = ''] = parts;
    if (!role || !session) return undefined;
    const identityCenter = IDENTITY_CENTER_ROLE.test(role);
    return {
      ...base,
      kind: 'role',
      name: role.toLowerCase(),
      session: session.toLowerCase(),
      ...(identityCenter ? { identityCenterUser: session.toLowerCase() } : {}),
    };
  }
  if (service === 'sts' && type === 'federated-user' && parts.length === 2 && parts[1])
    return { ...base, kind: 'federated-user', name: parts[1].toLowerCase() };
  return undefined;
}

/**
 * Whether two ARNs can be the same person's credentials: the same Identity Center user in any account, or the same
 * user, role or root in the same account (a role and any of its sessions overlap; two named sessions of one role
 * overlap only when they are the same session).
 */
export function samePrincipal(a: string, b: string): boolean {
  const x = principalIdentity(a);
  const y = principalIdentity(b);
  if (!x || !y) return false;
  if (x.identityCenterUser && x.identityCenterUser === y.identityCenterUser) return true;
  if (x.partition !== y.partition || x.accountId !== y.accountId) return false;
  if (x.kind !== y.kind || x.name !== y.name) return false;
  return x.session === undefined || y.session === undefined || x.session === y.session;
}
