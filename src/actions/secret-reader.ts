import type { ActionContext } from './action.js';

/** The IAM user or role a reader is, in its account. */
export interface ReaderRef {
  kind: 'user' | 'role';
  name: string;
  accountId: string;
  /** Its IAM ARN, with its path when the reader's ARN has one (a session's ARN does not). */
  arn: string;
}

/**
 * The IAM user or role behind a reader's ARN: a user (`iam::…:user/path/name`), a role, or the role of a session
 * (`sts::…:assumed-role/Role/session`, as CloudTrail names a session's calls). Anything else (root, a federated
 * user, another account's unknown principal) is undefined.
 */
export function readerRef(arn: string): ReaderRef | undefined {
  const session = arn.match(/^arn:(aws[\w-]*):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/);
  if (session) {
    const [, partition, accountId, name] = session as unknown as [string, string, string, string];
    return { kind: 'role', name, accountId, arn: `arn:${partition}:iam::${accountId}:role/${name}` };
  }
  const match = arn.match(/^arn:aws[\w-]*:iam::(\d{12}):(user|role)\/(?:.*\/)?([^/]+)$/);
  return match
    ? { kind: match[2] as 'user' | 'role', name: match[3] as string, accountId: match[1] as string, arn }
    : undefined;
}

/** Whether a call's principal (as CloudTrail names it: a user, a role, a role's session) is the reader. */
export function isReader(principalArn: string | undefined, reader: ReaderRef): boolean {
  const ref = principalArn ? readerRef(principalArn) : undefined;
  return (
    ref !== undefined &&
    ref.kind === reader.kind &&
    ref.name === reader.name &&
    ref.accountId === reader.accountId
  );
}

/** The reader's keys the incident's signals name (the keys that signed its reads), in order, once each. */
export function signalKeys(readerArn: string, context: ActionContext): string[] {
  const keys = (context.signals ?? [])
    .filter((s) => s.principalArn === readerArn && s.accessKeyId)
    .map((s) => s.accessKeyId as string);
  return [...new Set(keys)];
}

/** The IAM of the reader's account: the step's own, or another account's through the member role. */
export function readerIdentity(reader: ReaderRef, accountId: string, context: ActionContext) {
  if (reader.accountId === accountId) return context.identity;
  if (!context.identityOf) return undefined;
  return context.identityOf(reader.accountId);
}
