import type { PersistenceArtefact } from '../domain/persistence.js';
import type { AuditEvent } from '../ports/audit-trail.js';

/** IAM calls that change what a principal may do, or who may be one, that a sweep leaves to people (reported). */
const TO_REVIEW =
  /^(Put(User|Role|Group)Policy|Attach(User|Role|Group)Policy|AddUserToGroup|CreatePolicy|CreatePolicyVersion|SetDefaultPolicyVersion|Create(SAML|OpenIDConnect)Provider|UpdateAssumeRolePolicy|PutRolePermissionsBoundary|PutUserPermissionsBoundary)$/;

const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * The principals a trust policy lets assume the role from outside the role's own account: AWS principals of another
 * account (an account id, its root or any of its ARNs) and `*`, in its Allow statements. What cannot be read is
 * reported, not guessed at.
 */
export function outsidePrincipals(trustPolicy: string, accountId: string): string[] | undefined {
  let document: { Statement?: unknown };
  try {
    document = JSON.parse(trustPolicy) as { Statement?: unknown };
  } catch {
    return undefined;
  }
  const outside = new Set<string>();
  for (const statement of list(document.Statement) as Array<Record<string, unknown>>) {
    if (statement.Effect !== 'Allow') continue;
    const principal = statement.Principal;
    const aws = principal === '*' ? ['*'] : list((principal as { AWS?: unknown } | undefined)?.AWS);
    for (const p of aws) {
      if (typeof p !== 'string') continue;
      const account = p === '*' ? undefined : (p.match(/^(\d{12})$/)?.[1] ?? p.split(':')[4]);
      if (p === '*' || account !== accountId) outside.add(p);
    }
  }
  return [...outside];
}

/**
 * What the credentials' successful calls left behind (CloudTrail, oldest first): keys they made for any user,
 * console passwords they set, users and roles they created, roles whose trust they opened to principals outside
 * the account; and the calls a sweep leaves to people: policies attached or put on principals they did not create
 * (detaching any managed policy, and attaching it back on a rollback, would let Rekey's own role grant any policy;
 * the attacker's way into such a principal is what the other artefacts and the containment close), policy versions,
 * identity providers, trust edits it cannot read.
 */
export function persistenceOf(
  events: readonly AuditEvent[],
  accountId: string,
): { artefacts: PersistenceArtefact[]; toReview: string[] } {
  const made = events.filter((e) => !e.errorCode);
  const createdUsers = new Set(made.flatMap((e) => (e.createdUser ? [e.createdUser] : [])));
  const createdRoles = new Set(made.flatMap((e) => (e.createdRole ? [e.createdRole] : [])));
  const artefacts: PersistenceArtefact[] = [];
  const toReview: string[] = [];
  const seen = new Set<string>();
  const add = (artefact: PersistenceArtefact, key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    artefacts.push(artefact);
  };
  for (const e of made) {
    const base = { at: e.eventTime, by: e.accessKeyId ?? '', call: `iam:${e.eventName}`, accountId };
    if (!/^(AKIA|ASIA)/.test(base.by)) continue;
    const review = () =>
      toReview.push(
        `${e.eventName} at ${e.eventTime}${e.targetRole ? ` on role ${e.targetRole}` : e.targetUser ? ` on user ${e.targetUser}` : ''}${e.attachedPolicyArn ? ` (${e.attachedPolicyArn})` : ''}`,
      );
    if (e.createdAccessKeyId?.startsWith('AKIA') && e.targetUser) {
      const onCreated = createdUsers.has(e.targetUser);
      add(
        { kind: 'access-key', userName: e.targetUser, accessKeyId: e.createdAccessKeyId, onCreated, ...base },
        `key:${e.createdAccessKeyId}`,
      );
    } else if (/^(Create|Update)LoginProfile$/.test(e.eventName) && e.targetUser) {
      const onCreated = createdUsers.has(e.targetUser);
      add({ kind: 'login-profile', userName: e.targetUser, onCreated, ...base }, `login:${e.targetUser}`);
    } else if (e.createdUser) add({ kind: 'user', name: e.createdUser, ...base }, `user:${e.createdUser}`);
    else if (e.createdRole) add({ kind: 'role', name: e.createdRole, ...base }, `role:${e.createdRole}`);
    // On a principal the credentials created, the freeze already holds whatever else they did to it.
    else if (
      (e.targetRole && createdRoles.has(e.targetRole)) ||
      (!e.targetRole && e.targetUser && createdUsers.has(e.targetUser))
    )
      continue;
    else if (e.eventName === 'UpdateAssumeRolePolicy' && e.targetRole) {
      const principals = e.trustPolicy ? outsidePrincipals(e.trustPolicy, accountId) : undefined;
      if (principals?.length)
        add({ kind: 'trust-policy', roleName: e.targetRole, principals, ...base }, `trust:${e.targetRole}`);
      else review();
    } else if (TO_REVIEW.test(e.eventName)) review();
  }
  return { artefacts, toReview };
}
