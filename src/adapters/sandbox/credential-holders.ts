import type { SandboxAccessKey, SandboxPrincipal, SandboxSession } from './sandbox-model.js';

/** The user that owns a long-term key, with the key. */
export function keyHolder(
  users: Iterable<SandboxPrincipal>,
  accessKeyId: string,
): { user: SandboxPrincipal; key: SandboxAccessKey } | undefined {
  for (const user of users) {
    const key = user.accessKeys.find((k) => k.id === accessKeyId);
    if (key) return { user, key };
  }
  return undefined;
}

/** The principal holding a session, with the session. */
export function sessionHolder(
  principals: Iterable<SandboxPrincipal>,
  sessionKeyId: string,
): { principal: SandboxPrincipal; session: SandboxSession } | undefined {
  for (const principal of principals) {
    const session = principal.sessions.find((s) => s.id === sessionKeyId);
    if (session) return { principal, session };
  }
  return undefined;
}
