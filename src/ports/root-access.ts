/** The credentials a member account's root user holds (identifiers only, never a secret). */
export interface RootCredentials {
  loginProfile: boolean;
  accessKeyIds: string[];
  mfaSerialNumbers: string[];
  signingCertificateIds: string[];
}

/** Centralised root access: privileged root sessions in member accounts (sts:AssumeRoot from the management account). */
export interface RootAccess {
  /** What credentials the root user of a member account holds. */
  credentials(accountId: string): Promise<RootCredentials>;
  /** Deletes the root user's password, access keys and signing certificates, deactivates its MFA; returns what went. */
  deleteCredentials(accountId: string): Promise<RootCredentials>;
}
