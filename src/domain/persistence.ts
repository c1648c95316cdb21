import * as z from 'zod';

const name = z.string().min(1);
const at = z.iso.datetime({ offset: true });
/** When, with which key, and by which call the credentials made it (CloudTrail). */
const made = {
  at,
  by: z.string().regex(/^(AKIA|ASIA)[A-Z0-9]{16}$/, 'an access key id'),
  call: z.string().min(1),
  /** The account it was made in (where the sweep acts). */
  accountId: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
};
/** The principal it is on was created by the same credentials: a `rekey:protected` tag on it is not believed. */
const onCreated = z.boolean().default(false);

/**
 * Something the exposed credentials left behind to keep their access, found in CloudTrail: an access key made for
 * any user, a console password set, a user or role created, a role's trust policy opened to principals outside the
 * account.
 */
export const PersistenceArtefactSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('access-key'),
    userName: name,
    accessKeyId: z.string().regex(/^AKIA[A-Z0-9]{16}$/),
    onCreated,
    ...made,
  }),
  z.object({ kind: z.literal('login-profile'), userName: name, onCreated, ...made }),
  z.object({ kind: z.literal('user'), name, ...made }),
  z.object({ kind: z.literal('role'), name, ...made }),
  z.object({
    kind: z.literal('trust-policy'),
    roleName: name,
    /** The principals outside the role's account (or `*`) the trust policy the credentials set lets in. */
    principals: z.array(z.string().min(1)).min(1),
    ...made,
  }),
]);

/** Something the exposed credentials left behind to keep their access. */
export type PersistenceArtefact = z.infer<typeof PersistenceArtefactSchema>;

/** A short description of an artefact (`key AKIA… made for bob`). */
export function describeArtefact(artefact: PersistenceArtefact): string {
  switch (artefact.kind) {
    case 'access-key':
      return `key ${artefact.accessKeyId} made for ${artefact.userName}`;
    case 'login-profile':
      return `console password set for ${artefact.userName}`;
    case 'user':
      return `user ${artefact.name} created`;
    case 'role':
      return `role ${artefact.name} created`;
    case 'trust-policy':
      return `trust of role ${artefact.roleName} opened to ${artefact.principals.join(', ')}`;
  }
}
