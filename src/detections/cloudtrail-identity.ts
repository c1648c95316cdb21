import * as z from 'zod';
import type { PrincipalRef } from '../domain/detection.js';

/** CloudTrail's userIdentity, as far as Rekey reads it. */
export const UserIdentitySchema = z.looseObject({
  type: z.string(),
  principalId: z.string().optional(),
  arn: z.string().optional(),
  accountId: z.string().optional(),
  accessKeyId: z.string().optional(),
  userName: z.string().optional(),
  invokedBy: z.string().optional(),
  sessionContext: z
    .looseObject({
      sessionIssuer: z
        .looseObject({
          type: z.string().optional(),
          arn: z.string().optional(),
          userName: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
});

/** CloudTrail's userIdentity. */
export type UserIdentity = z.infer<typeof UserIdentitySchema>;

/** The principal behind a CloudTrail userIdentity: for a role session, the role (and the session name). */
export function principalOf(identity: UserIdentity, accountId: string): PrincipalRef {
  const base = identity.principalId ? { principalId: identity.principalId } : {};
  switch (identity.type) {
    case 'IAMUser':
      return {
        type: 'IAMUser',
        ...base,
        ...(identity.userName ? { name: identity.userName } : {}),
        ...(identity.arn ? { arn: identity.arn } : {}),
      };
    case 'AssumedRole': {
      const issuer = identity.sessionContext?.sessionIssuer;
      const sessionName = identity.arn?.split('/').at(-1);
      return {
        type: 'AssumedRole',
        ...base,
        ...(issuer?.userName ? { name: issuer.userName } : {}),
        ...(issuer?.arn ? { arn: issuer.arn } : {}),
        ...(sessionName ? { sessionName } : {}),
      };
    }
    case 'Root':
      return { type: 'Root', ...base, name: 'root', arn: identity.arn ?? `arn:aws:iam::${accountId}:root` };
    case 'FederatedUser':
      return { type: 'FederatedUser', ...base, ...(identity.arn ? { arn: identity.arn } : {}) };
    case 'AWSService':
      return { type: 'AWSService', ...(identity.invokedBy ? { name: identity.invokedBy } : {}) };
    default:
      return { type: 'Unknown', ...base, ...(identity.arn ? { arn: identity.arn } : {}) };
  }
}
