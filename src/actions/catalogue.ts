import type { ACTION_DESCRIPTORS, ActionName } from '../domain/actions.js';
import type { Action } from './action.js';
import { blockSecretReaderAction } from './block-secret-reader.js';
import { checkRootContainmentAction } from './check-root-containment.js';
import { checkSecretsRotatedAction } from './check-secrets-rotated.js';
import { containRootAction } from './contain-root.js';
import { containSecretReaderAction } from './contain-secret-reader.js';
import { containSessionSourceAction } from './contain-session-source.js';
import { deactivateAccessKeyAction } from './deactivate-access-key.js';
import { disableConsoleAccessAction } from './disable-console-access.js';
import { findPersistenceAction } from './find-persistence.js';
import { findSecretReadsAction } from './find-secret-reads.js';
import { pivotAction } from './pivot.js';
import { quarantinePrincipalAction } from './quarantine-principal.js';
import { restrictInstanceCredentialsAction } from './restrict-instance-credentials.js';
import { revokeIdentityCenterSessionsAction } from './revoke-identity-center-sessions.js';
import { revokeSessionsAction } from './revoke-sessions.js';
import { rotateSecretAction } from './rotate-secret.js';
import { sweepPersistenceAction } from './sweep-persistence.js';
import { verifyContainmentAction } from './verify-containment.js';

/** Each catalogued name bound to the action written for its descriptor (a mismatch does not compile). */
type Catalogue = { [N in ActionName]: Action<(typeof ACTION_DESCRIPTORS)[N]> };

const CATALOGUE: Catalogue = {
  'deactivate-access-key': deactivateAccessKeyAction,
  'revoke-sessions': revokeSessionsAction,
  'quarantine-principal': quarantinePrincipalAction,
  'disable-console-access': disableConsoleAccessAction,
  'rotate-secret': rotateSecretAction,
  'block-secret-reader': blockSecretReaderAction,
  'restrict-instance-credentials': restrictInstanceCredentialsAction,
  pivot: pivotAction,
  'find-persistence': findPersistenceAction,
  'sweep-persistence': sweepPersistenceAction,
  'verify-containment': verifyContainmentAction,
  'revoke-identity-center-sessions': revokeIdentityCenterSessionsAction,
  'check-root-containment': checkRootContainmentAction,
  'contain-root': containRootAction,
  'contain-session-source': containSessionSourceAction,
  'contain-secret-reader': containSecretReaderAction,
  'find-secret-reads': findSecretReadsAction,
  'check-secrets-rotated': checkSecretsRotatedAction,
};

/**
 * Every action Rekey can run, by the name playbooks use. Callers pass parameters the descriptor has parsed, so each
 * action is seen through the general signature: the one place its parameter type is widened.
 */
export const ACTIONS: Record<ActionName, Action> = CATALOGUE as unknown as Record<ActionName, Action>;
