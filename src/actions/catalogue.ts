import type { ActionName } from '../domain/actions.js';
import type { Action } from './action.js';
import { deactivateAccessKeyAction } from './deactivate-access-key.js';
import { revokeUserSessionsAction } from './revoke-user-sessions.js';

/** Every action Rekey can run, by the name playbooks use. */
export const ACTIONS: Record<ActionName, Action> = {
  'deactivate-access-key': deactivateAccessKeyAction as unknown as Action,
  'revoke-user-sessions': revokeUserSessionsAction as unknown as Action,
};
