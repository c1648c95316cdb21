import * as z from 'zod';
import { ConfigurationError } from '../../domain/errors.js';
import { TIMELINE_WRITERS } from '../../domain/timeline.js';

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
  /** The member accounts whose keys the scheduled key inventory lists (with Rekey's own). */
  REKEY_INVENTORY_ACCOUNTS: jsonOf(z.array(z.string().regex(/^\d{12}$/))),
  REKEY_OWN_ROLES: jsonOf(z.array(z.string())),
  /** The member role's name in every account; empty: Rekey acts only in its own account. */
  REKEY_MEMBER_ROLE_NAME: z.string().regex(/^[\w+=,.@-]*$/, 'an IAM role name'),
  /** The management-account (or delegated administrator) role for Organizations; empty: root exposures escalate. */
  REKEY_MANAGEMENT_ROLE_ARN: z.string().regex(/^(arn:aws[\w-]*:iam::\d{12}:role\/.+)?$/, 'an IAM role ARN'),
  /** Where IAM Identity Center lives; empty: not reachable. */
  REKEY_IDENTITY_CENTER_REGION: z.string().regex(/^([a-z]{2}(-[a-z]+)+-\d)?$/, 'an AWS region'),
  /**
   * The role, in the account holding the organisation's Identity Center instance (management account or delegated
   * administrator), every Identity Center call is made as; empty: Rekey's own account must hold the instance.
   */
  REKEY_IDENTITY_CENTER_ROLE_ARN: z
    .string()
    .regex(/^(arn:aws[\w-]*:iam::\d{12}:role\/.+)?$/, 'an IAM role ARN'),
  /** The Secrets Manager secret with the Slack app's bot token and signing secret (JSON), Rekey's only read. */
  REKEY_SLACK_SECRET_ID: z.string().min(1),
  /** The channel incidents are posted to; empty: Slack is not connected (notices go to the log). */
  REKEY_SLACK_CHANNEL: z.string().regex(/^([CG][A-Z0-9]{2,30})?$/, 'a Slack channel id (C...)'),
  /** Slack user id → name, email and AWS principals: who may approve. */
  REKEY_RESPONDERS: jsonOf(
    z.array(
      z.object({
        slackUserId: z.string().regex(/^[UW][A-Z0-9]+$/),
        name: z.string().min(1),
        email: z.string().email(),
        principals: z.array(z.string()).default([]),
      }),
    ),
  ),
  /** A Slack user group (S...) whose members are responders too; empty: none. */
  REKEY_RESPONDER_GROUP: z.string().regex(/^(S[A-Z0-9]{2,30})?$/, 'a Slack user group id (S...)'),
  REKEY_REPLAY_TABLE: z.string().min(1),
  /** The KMS HMAC key id of each timeline writer (every function verifies with any, seals with its own). */
  REKEY_TIMELINE_KEYS: jsonOf(z.partialRecord(z.enum(TIMELINE_WRITERS), z.string().min(1))),
  /** The bucket (Object Lock) where every timeline head is anchored. */
  REKEY_ANCHOR_BUCKET: z.string().min(1),
  /** The queue a restore agreed in Slack is handed to the action function through (it checks the approval itself). */
  REKEY_RESTORE_QUEUE_URL: z.string().url(),
  /** The notify function, which triage invokes asynchronously to announce an incident. */
  REKEY_NOTIFY_FUNCTION: z.string().min(1),
  /** Where the Slack Web API is; unset: Slack itself (tests point it at a local stand-in). */
  SLACK_API_URL: z.string().url().optional(),
  /** The SDK's endpoint override; unset: AWS itself (tests point it at the moto server). */
  AWS_ENDPOINT_URL: z.string().url().optional(),
};

/** Variables that may be absent. */
const OPTIONAL = new Set<string>(['SLACK_API_URL', 'AWS_ENDPOINT_URL']);

/** Variables that may be empty. */
const MAY_BE_EMPTY = new Set<string>([
  'REKEY_SLACK_CHANNEL',
  'REKEY_RESPONDER_GROUP',
  'REKEY_MEMBER_ROLE_NAME',
  'REKEY_IDENTITY_CENTER_REGION',
  'REKEY_MANAGEMENT_ROLE_ARN',
  'REKEY_IDENTITY_CENTER_ROLE_ARN',
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
    if (value === undefined && OPTIONAL.has(name)) continue;
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
