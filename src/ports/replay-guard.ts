/** Remembers requests already seen, for every instance at once, until they could no longer pass the time window. */
export interface ReplayGuard {
  /** True the first time `key` is claimed before `expiresAt`; false for a replay (a conditional write). */
  claim(key: string, expiresAt: Date): Promise<boolean>;
}
