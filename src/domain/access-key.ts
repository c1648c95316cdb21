/** Long-term IAM user access key ids start with AKIA; temporary (STS session) key ids with ASIA. */
export const ACCESS_KEY_ID = /^(AKIA|ASIA)[A-Z0-9]{16}$/;

/** What an access key id says about the credential it names. */
export type AccessKeyKind = 'long-term' | 'session' | 'unknown';

/** Classifies an access key id by its prefix (AKIA long-term, ASIA session). */
export function accessKeyKind(accessKeyId: string): AccessKeyKind {
  if (!ACCESS_KEY_ID.test(accessKeyId)) return 'unknown';
  return accessKeyId.startsWith('AKIA') ? 'long-term' : 'session';
}

/** Shortens a key id for display (`AKIA…MPLE`); key ids are not secret, this is only for readability. */
export function shortKeyId(accessKeyId: string): string {
  return accessKeyId.length > 12 ? `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}` : accessKeyId;
}
