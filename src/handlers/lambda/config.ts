import { z } from 'zod';
import { ConfigurationError } from '../../domain/errors.js';

const jsonOf = <T extends z.ZodType>(schema: T) =>
  z.string().transform((text, ctx) => {
    try {
      return schema.parse(JSON.parse(text)) as z.infer<T>;
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: `not valid JSON of the expected shape (${(error as Error).message})`,
      });
      return z.NEVER;
    }
  });

/** Every environment variable the Lambda functions read, with its shape. */
const ENVIRONMENT = {
  REKEY_ACCOUNT_ID: z.string().regex(/^\d{12}$/, 'a 12-digit account id'),
  REKEY_INCIDENTS_TABLE: z.string().min(1),
  REKEY_TIMELINE_TABLE: z.string().min(1),
  REKEY_APPROVALS_TABLE: z.string().min(1),
  REKEY_REVIEWS_BUCKET: z.string().min(1),
  REKEY_DEAD_LETTER_QUEUE_URL: z.string().url(),
  REKEY_STATE_MACHINES: jsonOf(z.record(z.string(), z.string().startsWith('arn:'))),
  REKEY_PROTECTED_PRINCIPALS: jsonOf(z.array(z.string())),
  REKEY_ADMINISTRATOR_ACCOUNTS: jsonOf(z.array(z.string().regex(/^\d{12}$/))),
  REKEY_SECRET_READ_ALLOWLIST: jsonOf(z.array(z.string())),
  REKEY_OWN_ROLES: jsonOf(z.array(z.string())),
  /** The member role's name in every account; empty: Rekey acts only in its own account. */
  REKEY_MEMBER_ROLE_NAME: z.string().regex(/^[\w+=,.@-]*$/, 'an IAM role name'),
  /** Where IAM Identity Center lives (the deployment must run in its account); empty: not reachable. */
  /** The management-account (or delegated administrator) role for Organizations; empty: root exposures escalate. */
  REKEY_MANAGEMENT_ROLE_ARN: z.string().regex(/^(arn:aws[\w-]*:iam::\d{12}:role\/.+)?$/, 'an IAM role ARN'),
  REKEY_IDENTITY_CENTER_REGION: z.string().regex(/^([a-z]{2}(-[a-z]+)+-\d)?$/, 'an AWS region'),
};

/** Variables that may be empty. */
const MAY_BE_EMPTY = new Set<string>([
  'REKEY_MEMBER_ROLE_NAME',
  'REKEY_IDENTITY_CENTER_REGION',
  'REKEY_MANAGEMENT_ROLE_ARN',
]);

/** The name of a Lambda environment variable Rekey reads. */
export type EnvironmentName = keyof typeof ENVIRONMENT;

/** Reads and validates the named variables once; a missing or malformed one fails fast, by name. */
export function readEnvironment<K extends EnvironmentName>(
  names: readonly K[],
  env: Record<string, string | undefined> = process.env,
): { [P in K]: z.infer<(typeof ENVIRONMENT)[P]> } {
  const result: Record<string, unknown> = {};
  for (const name of names) {
    const value = env[name];
    if (value === undefined || (value === '' && !MAY_BE_EMPTY.has(name))) {
      throw new ConfigurationError(`environment variable ${name} is not set`);
    }
    const parsed = ENVIRONMENT[name].safeParse(value);
    if (!parsed.success)
      throw new ConfigurationError(`environment variable ${name}: ${parsed.error.issues[0]?.message}`);
    result[name] = parsed.data;
  }
  return result as { [P in K]: z.infer<(typeof ENVIRONMENT)[P]> };
}
