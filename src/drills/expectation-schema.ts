import * as z from 'zod';
import { READINESS_CHECKS } from '../app/readiness/readiness.js';

/** How a playbook run ends. */
export const PLAYBOOK_OUTCOMES = ['contained', 'escalated', 'dismissed', 'breached', 'aborted'] as const;

/** One end-state expectation of a drill (its schema). */
export const ExpectationSchema = z.union([
  z.object({ incidents: z.number().int().nonnegative() }).strict(),
  z.object({ accessKey: z.string(), status: z.enum(['Active', 'Inactive']) }).strict(),
  z
    .object({
      sessionsRevoked: z.string().describe('user name'),
      cutoffAtDeactivationOf: z.string().describe('the access key whose deactivation time is the cut-off'),
    })
    .strict(),
  z.object({ noInlinePolicies: z.string().describe('user name') }).strict(),
  z
    .object({
      identityCenterDenied: z.string().describe('Identity Center user name'),
      permissionSets: z
        .array(z.string())
        .describe('exactly the permission sets whose inline policy denies the user'),
    })
    .strict(),
  z.object({ consoleAccess: z.string().describe('user name'), enabled: z.boolean() }).strict(),
  z
    .object({ secret: z.string().describe('secret name'), rotatedDuringDrill: z.boolean() })
    .strict()
    .describe('whether AWSCURRENT moved to a version created after the first incident opened'),
  z
    .object({ secret: z.string().describe('secret name'), databaseAcceptsCurrent: z.boolean() })
    .strict()
    .describe(
      "whether the database (modelled by the secret's databasePasswordVersion) takes AWSCURRENT's password",
    ),
  z.object({ outcome: z.enum(PLAYBOOK_OUTCOMES) }).strict(),
  z
    .object({
      outcomes: z.array(z.enum(PLAYBOOK_OUTCOMES)).min(1).describe('each incident, in the order opened'),
    })
    .strict(),
  z.object({ review: z.literal('written') }).strict(),
  z.object({ reviewIncludes: z.string().min(1).describe('text every review contains') }).strict(),
  z
    .object({ notified: z.string().min(1).describe("text a notice's title to the responders contains") })
    .strict(),
  z.object({ approvalsRequested: z.number().int().nonnegative() }).strict(),
  z
    .object({
      signals: z
        .array(z.number().int().positive())
        .min(1)
        .describe('how many signals each incident counted, in the order opened'),
    })
    .strict(),
  z.object({ playbookRuns: z.number().int().nonnegative() }).strict(),
  z
    .object({
      reported: z
        .string()
        .min(1)
        .describe('text the reason of a signal triage reported (never contained) holds'),
    })
    .strict(),
  z
    .object({ rolledBack: z.array(z.string()).min(1).describe('steps whose change was rolled back') })
    .strict(),
  z.object({ deadLetters: z.number().int().nonnegative() }).strict(),
  z
    .object({
      roleSessionsRevoked: z.string().describe('role name'),
      account: z
        .string()
        .regex(/^\d{12}$/)
        .optional()
        .describe("the role's account (default: the drill's)"),
    })
    .strict()
    .describe('the role denies every session issued before a time during the drill (aws:TokenIssueTime)'),
  z
    .object({
      attached: z.array(z.string()).min(1).describe('managed policy ARNs'),
      to: z.string().regex(/^(user|role)\/[\w+=,.@-]+$/, 'user/NAME or role/NAME'),
      account: z
        .string()
        .regex(/^\d{12}$/)
        .optional(),
    })
    .strict()
    .describe('each policy is attached to the user or role'),
  z
    .object({
      scpsAttached: z.array(z.string()).min(1).describe('SCP names (`*` for any characters)'),
      account: z
        .string()
        .regex(/^\d{12}$/)
        .describe('the account they are attached to'),
    })
    .strict(),
  z
    .object({
      secret: z.string().describe('secret name'),
      stages: z
        .record(z.string(), z.string())
        .describe('staging label to version id, `new` (a version created during the drill) or `none`'),
    })
    .strict(),
  z
    .object({ unchanged: z.string().regex(/^\d{12}$/, 'a 12-digit account id') })
    .strict()
    .describe(
      'Rekey changes nothing in the account: no change call there, no SCP it made there or attached to it, its root kept',
    ),
  z
    .object({ noChangeBefore: z.string().describe('a step whose approval must come before any change') })
    .strict()
    .describe('Rekey changes nothing in any account before a responder approves the step'),
  z
    .object({
      reviewSection: z
        .string()
        .describe('a heading of the review (Follow-ups, What changed and how to undo it)'),
      includes: z.string().min(1),
    })
    .strict()
    .describe("every review's section holds the text"),
  z
    .object({ ignored: z.string().min(1).describe('text the reason of a signal triage ignored holds') })
    .strict(),
  z
    .object({
      cloudtrail: z.string().min(1).describe('the event name (UpdateAccessKey)'),
      account: z
        .string()
        .regex(/^\d{12}$/)
        .optional()
        .describe("the account whose CloudTrail records it (default: the drill's)"),
      errorCode: z
        .string()
        .min(1)
        .optional()
        .describe("AWS's error code (AccessDenied, AccessDeniedException); absent: a successful call"),
      by: z.string().min(1).optional().describe("text the caller's ARN holds (assumed-role/rekey-member/)"),
    })
    .strict()
    .describe("the account's CloudTrail holds a record of the call, Rekey's own calls included"),
  z
    .object({
      readiness: z.union([
        z
          .object({
            none: z.enum(READINESS_CHECKS).describe('a readiness check that must find nothing'),
            tagged: z
              .record(z.string(), z.string())
              .optional()
              .describe('only about secrets and principals with these tags'),
          })
          .strict(),
        z.object({ scoreAtLeast: z.number().int().min(0).max(100) }).strict(),
      ]),
    })
    .strict()
    .describe("the readiness of the drill's account as it starts"),
]);

/** One end-state expectation of a drill. */
export type Expectation = z.infer<typeof ExpectationSchema>;
