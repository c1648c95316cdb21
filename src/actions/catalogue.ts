import type { ActionName } from '../domain/actions.js';
import type { Action } from './action.js';
import { blockSecretReaderAction } from './block-secret-reader.js';
import { checkRootContainmentAction } from './check-root-containment.js';
import { checkSecretsRotatedAction } from './check-secrets-rotated.js';
import { containRootAction } from './contain-root.js';
import { containSecretReaderAction } from './contain-secret-reader.js';
import { containSessionSourceAction } from './contain-session-source.js';
import { deactivateAccessKeyAction } from './deactivate-access-key.js';
import { disableConsoleAccessAction } from './disable-console-access.js';
import { findSecretReadsAction } from './find-secret-reads.js';
import { pivotAction } from './pivot.js';
import { quarantinePrincipalAction } from './quarantine-principal.js';
import { restrictInstanceCredentialsAction } from './restrict-instance-credentials.js';
import { revokeIdentityCenterSessionsAction } from './revoke-identity-center-sessions.js';
import { revokeSessionsAction } from './revoke-sessions.js';
import { rotateSecretAction } from './rotate-secret.js';
import { sweepPersistenceAction } from './sweep-persistence.js';
import { verifyContainmentAction } from './verify-containment.js';

/** Every action Rekey can run, by the name playbooks use. */
export const ACTIONS: Record<ActionName, Action> = {
  'deactivate-access-key': deactivateAccessKeyAction as unknown as Action,
  'revoke-sessions': revokeSessionsAction as unknown as Action,
  'quarantine-principal': quarantinePrincipalAction as unknown as Action,
  'disable-console-access': disableConsoleAccessAction as unknown as Action,
  'rotate-secret': rotateSecretAction as unknown as Action,
  'block-secret-reader': blockSecretReaderAction as unknown as Action,
  'restrict-instance-credentials': restrictInstanceCredentialsAction as unknown as Action,
  pivot: pivotAction as unknown as Action,
  'sweep-persistence': sweepPersistenceAction as unknown as Action,
  'verify-containment': verifyContainmentAction as unknown as Action,
  'revoke-identity-center-sessions': revokeIdentityCenterSessionsAction as unknown as Action,
  'check-root-containment': checkRootContainmentAction as unknown as Action,
  'contain-root': containRootAction as unknown as Action,
  'contain-session-source': containSessionSourceAction as unknown as Action,
  'contain-secret-reader': containSecretReaderAction as unknown as Action,
  'find-secret-reads': findSecretReadsAction as unknown as Action,
  'check-secrets-rotated': checkSecretsRotatedAction as unknown as Action,
};
