import type { IamPrincipal, Identity, IdentityProvider } from '../ports/identity.js';

/**
 * IAM for one action invocation, reading each principal once: the guard, the observation and the change of
 * consecutive steps ask for the same user or role, and no action changes a principal's ARN, path or tags. The
 * principals `known` (read moments ago by triage) are not read again.
 */
export function readingPrincipalsOnce(identity: Identity, known: readonly IamPrincipal[] = []): Identity {
  const principals = new Map<string, Promise<IamPrincipal | undefined>>(
    known.map((p) => [`${p.kind}/${p.name}`, Promise.resolve(p)]),
  );
  return new Proxy(identity, {
    get(target, property, receiver) {
      if (property !== 'getPrincipal') return Reflect.get(target, property, receiver);
      return (ref: Parameters<Identity['getPrincipal']>[0]) => {
        const key = `${ref.kind}/${ref.name}`;
        let read = principals.get(key);
        if (!read) {
          // A failed read is not kept: the next ask (a retry) reads again.
          read = target.getPrincipal(ref).catch((error: unknown) => {
            principals.delete(key);
            throw error;
          });
          principals.set(key, read);
        }
        return read;
      };
    },
  });
}

/** IAM of every account, each reading each principal once (one event's triage: resolving and protecting a holder). */
export function readingEachPrincipalOnce(identityFor: IdentityProvider): IdentityProvider {
  const accounts = new Map<string, Identity>();
  return (accountId) => {
    let identity = accounts.get(accountId);
    if (!identity) {
      identity = readingPrincipalsOnce(identityFor(accountId));
      accounts.set(accountId, identity);
    }
    return identity;
  };
}
