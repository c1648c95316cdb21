import * as z from 'zod';
import { lookOnly, reversibleChange } from './descriptor.js';
import { accountId, CALL_ERRORS } from './parameters.js';

/** Whether Rekey can contain this account's root at all (a member account, with the management-account role). */
export const checkRootContainment = lookOnly(
  'check-root-containment',
  'Check that Rekey can contain this root user',
  {
    parameters: z.object({ accountId }),
    errors: [...CALL_ERRORS, 'NotContainableError'],
  },
);

/** Deny a member account's root user by an SCP, through the management-account role; always behind approval. */
export const containRoot = reversibleChange(
  'contain-root',
  "Contain the account's root user (SCP deny, or delete its credentials)",
  {
    blastRadius:
      "The account's root user, everywhere: account recovery then needs the SCP removed from the management account.",
    parameters: z.object({
      accountId,
      /** `scp` (reversible) or `delete-credentials` through centralised root access (not reversible by Rekey). */
      method: z.enum(['scp', 'delete-credentials']).default('scp'),
    }),
    errors: [...CALL_ERRORS, 'NotContainableError'],
    alwaysRequiresApproval: true,
  },
);
