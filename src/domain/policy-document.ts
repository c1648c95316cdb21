import * as z from 'zod';

const stringOrList = z.union([z.string(), z.array(z.string()).min(1)]);
const conditionValue = z.union([
  z.string(),
  z.boolean(),
  z.number(),
  z.array(z.union([z.string(), z.boolean(), z.number()])),
]);

/** One IAM policy statement. */
const principal = z.union([z.literal('*'), z.record(z.string(), stringOrList)]);

export const PolicyStatementSchema = z
  .object({
    Sid: z.string().optional(),
    Effect: z.enum(['Allow', 'Deny']),
    /** Resource policies (a secret's) name whom a statement is about. */
    Principal: principal.optional(),
    NotPrincipal: principal.optional(),
    Action: stringOrList.optional(),
    NotAction: stringOrList.optional(),
    Resource: stringOrList.optional(),
    NotResource: stringOrList.optional(),
    Condition: z.record(z.string(), z.record(z.string(), conditionValue)).optional(),
  })
  // Keep what this schema does not name, so a journaled prior document is restored exactly.
  .loose()
  .refine((s) => (s.Action === undefined) !== (s.NotAction === undefined), 'exactly one of Action, NotAction')
  .refine(
    (s) => (s.Resource === undefined) !== (s.NotResource === undefined),
    'exactly one of Resource, NotResource',
  );

/** One IAM policy statement. */
export type PolicyStatement = z.infer<typeof PolicyStatementSchema>;

/** A policy document of the given statements: one statement or a list, with its version and optional id. */
const documentOf = <S extends z.ZodType>(statement: S) =>
  z
    .object({
      /** 2008-10-17 is still found in older resource policies, which must be merged into and restored as they are. */
      Version: z.enum(['2012-10-17', '2008-10-17']),
      Id: z.string().optional(),
      Statement: z.union([statement, z.array(statement)]),
    })
    .loose();

/** An IAM identity policy document. */
export const PolicyDocumentSchema = documentOf(PolicyStatementSchema);

/** An IAM identity policy document. */
export type PolicyDocument = z.infer<typeof PolicyDocumentSchema>;

/** The statements of a document as a list, whatever form it was written in. */
export function statementsOf(document: PolicyDocument): PolicyStatement[] {
  return Array.isArray(document.Statement) ? document.Statement : [document.Statement];
}

/** Turns a one-or-many field into a list. */
export function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * The size IAM counts against inline-policy quotas: the document's characters without whitespace. IAM does not
 * say whether whitespace inside strings counts; where this undercounts, IAM's LimitExceeded still sends the deny
 * to the managed fallback, so the estimate only decides which path is tried first.
 */
export function policySize(document: PolicyDocument | string): number {
  const text = typeof document === 'string' ? document : JSON.stringify(document);
  return text.replace(/\s/g, '').length;
}

/** One statement of a role's trust policy: whom it names (Principal), the STS actions, no Resource. */
export const TrustStatementSchema = z
  .object({
    Sid: z.string().optional(),
    Effect: z.enum(['Allow', 'Deny']),
    Principal: principal.optional(),
    NotPrincipal: principal.optional(),
    Action: stringOrList.optional(),
    NotAction: stringOrList.optional(),
    Condition: z.record(z.string(), z.record(z.string(), conditionValue)).optional(),
  })
  .loose()
  .refine(
    (s) => (s.Principal === undefined) !== (s.NotPrincipal === undefined),
    'exactly one of Principal, NotPrincipal',
  )
  .refine(
    (s) => (s.Action === undefined) !== (s.NotAction === undefined),
    'exactly one of Action, NotAction',
  );

/** A role's trust policy (its assume-role policy): who may assume it. */
export const TrustPolicySchema = documentOf(TrustStatementSchema);

/** A role's trust policy. */
export type TrustPolicy = z.infer<typeof TrustPolicySchema>;
