/** An access key's owner as IAM answered it (ListAccessKeys, GetAccessKeyLastUsed). */
export interface KeyOwner {
  accountId: string;
  accessKeyId: string;
  userName: string;
}

/**
 * Who owns each access key, written only from IAM's answers: a guess of whose tags, keys and policies to read while
 * IAM is asked, never believed without IAM's own answer (an entry may be stale or tampered with).
 */
export interface KeyOwnerIndex {
  /** The user IAM last said owns the key, if it was ever told. */
  ownerOf(accountId: string, accessKeyId: string): Promise<string | undefined>;
  /** Remembers owners IAM has just named. */
  record(owners: readonly KeyOwner[]): Promise<void>;
}
