import {
  containSessionSource,
  deactivateAccessKey,
  disableConsoleAccess,
  quarantinePrincipal,
  restrictInstanceCredentials,
  revokeIdentityCenterSessions,
  revokeSessions,
} from './actions/credentials.js';
import type { ActionDescriptor } from './actions/descriptor.js';
import { findPersistence, pivot, sweepPersistence, verifyContainment } from './actions/investigation.js';
import { checkRootContainment, containRoot } from './actions/root.js';
import {
  blockSecretReader,
  checkSecretsRotated,
  containSecretReader,
  findSecretReads,
  rotateSecret,
} from './actions/secrets.js';

// Each descriptor lives with its concern in actions/; callers take them, and the catalogue, from here.
export * from './actions/credentials.js';
export type { ActionDescriptor } from './actions/descriptor.js';
export * from './actions/investigation.js';
export * from './actions/root.js';
export * from './actions/secrets.js';
export * from './actions/step-outcome.js';

/** Every action Rekey knows, by name. */
export const ACTION_DESCRIPTORS = {
  'deactivate-access-key': deactivateAccessKey,
  'revoke-sessions': revokeSessions,
  'quarantine-principal': quarantinePrincipal,
  'disable-console-access': disableConsoleAccess,
  'rotate-secret': rotateSecret,
  'block-secret-reader': blockSecretReader,
  'restrict-instance-credentials': restrictInstanceCredentials,
  pivot,
  'find-persistence': findPersistence,
  'sweep-persistence': sweepPersistence,
  'verify-containment': verifyContainment,
  'revoke-identity-center-sessions': revokeIdentityCenterSessions,
  'check-root-containment': checkRootContainment,
  'contain-root': containRoot,
  'contain-session-source': containSessionSource,
  'contain-secret-reader': containSecretReader,
  'find-secret-reads': findSecretReads,
  'check-secrets-rotated': checkSecretsRotated,
} as const satisfies Record<string, ActionDescriptor>;

/** The name of a catalogued action. */
export type ActionName = keyof typeof ACTION_DESCRIPTORS;

/** The catalogued action names, for schemas. */
export const ACTION_NAMES = Object.keys(ACTION_DESCRIPTORS) as [ActionName, ...ActionName[]];
