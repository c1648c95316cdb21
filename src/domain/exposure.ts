import { z } from 'zod';
import { EvidenceSchema } from './detection.js';

/** The principal that holds an exposed credential, as resolved in the account itself. */
export const PrincipalSchema = z.object({
  type: z.literal('IAMUser'),
  name: z.string(),
  arn: z.string(),
});

/** The resolved holder of a credential. */
export type Principal = z.infer<typeof PrincipalSchema>;

/** An exposed credential whose owner has been resolved: what playbooks act on. */
export const ExposureSchema = z.object({
  kind: z.literal('iam-user-access-key'),
  accountId: z.string().regex(/^\d{12}$/),
  region: z.string(),
  accessKeyId: z.string(),
  principal: PrincipalSchema,
  evidence: EvidenceSchema,
});

/** An exposed credential with its resolved owner. */
export type Exposure = z.infer<typeof ExposureSchema>;

/** The registry key of an exposure: one open incident per account and credential. */
export function exposureSubject(exposure: Pick<Exposure, 'accessKeyId'>): string {
  return `access-key/${exposure.accessKeyId}`;
}
