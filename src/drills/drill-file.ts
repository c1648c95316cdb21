import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import * as z from 'zod';
import { type AccountSeedInput, AccountSeedSchema } from '../adapters/sandbox/account-seed.js';
import { DurationSchema } from '../domain/duration.js';
import { InvalidInputError } from '../domain/errors.js';
import { resolveLibraryEvents } from './event-library.js';
import { ExpectationSchema } from './expectation-schema.js';
import { OutageSchema } from './function-outages.js';

const ResponderSchema = z.strictObject({
  slackUserId: z.string().regex(/^[UW][A-Z0-9]+$/, 'a Slack user id (U...)'),
  name: z.string().min(1),
  email: z.string().email(),
  principals: z.array(z.string()).default([]),
});

/**
 * An account of the drill's organisation: seeded like any simulated account, with or without Rekey's member role
 * (what the action function assumes to contain there) and its reader role (what triage assumes to read there).
 * `memberRole: false` alone says the member template is not deployed there: neither role.
 */
const DrillAccountSchema = AccountSeedSchema.extend({
  memberRole: z.boolean().default(true),
  /** By default as the member role: the member template deploys both. */
  readerRole: z.boolean().optional(),
  /**
   * Rekey's Identity Center role (resources/identity-center-role.cfn.yml) is deployed here and named by the
   * deployment's identityCenterRoleArn: Rekey reaches an Identity Center instance outside its own account only so.
   */
  identityCenterRole: z.boolean().default(false),
}).transform((account) => ({ ...account, readerRole: account.readerRole ?? account.memberRole }));

/** What a replayed call is expected to meet. */
export const CALL_OUTCOMES = [
  'allowed',
  'invalid-token',
  'expired-token',
  'explicit-deny',
  'implicit-deny',
] as const;

/** How a playbook run can end. */

const DecisionSchema = z.strictObject({
  step: z.string().min(1),
  responder: z.string(),
  decision: z.enum(['approve', 'deny']),
  after: DurationSchema,
});

const AttackerCallSchema = z.strictObject({
  at: DurationSchema,
  accessKeyId: z.string(),
  action: z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9*]+$/, 'service:Action'),
  resource: z.string().optional(),
  sourceIp: z.string().optional(),
  sourceVpc: z.string().optional(),
  /** Through a VPC endpoint (sourceVpc), the caller's private address in the VPC (IPv4 or IPv6). */
  vpcSourceIp: z.string().optional(),
  /** Who makes the call when it is not the attacker (the instance itself, a sibling), for the drill's report. */
  by: z.string().min(1).optional(),
  /** What the call asks for, named as CloudTrail records its `requestParameters` (`userName`, `roleArn`, ...). */
  parameters: z.record(z.string(), z.unknown()).optional(),
  /** The id AWS hands back for what the call creates (a new key's, a new session's), so later calls can use it. */
  creates: z
    .string()
    .regex(/^(AKIA|ASIA)[A-Z0-9]{16}$/, 'the access key id the call creates (AKIA... or ASIA...)')
    .optional(),
  expect: z.enum(CALL_OUTCOMES),
});

/** Another way the same incident can go: other decisions (deny, none at all), and the end state they lead to. */
const DrillPathSchema = z
  .object({
    description: z.string().default(''),
    decisions: z.array(DecisionSchema).default([]),
    /** The attacker's calls on this path; by default those of the main path. */
    attacker: z.array(AttackerCallSchema).optional(),
    /** The faults on this path; by default those of the main path. */
    outages: z.array(OutageSchema).optional(),
    expect: z.array(ExpectationSchema).min(1, 'a path states at least one expectation'),
  })
  .strict();

/** A tabletop drill: the simulated account, the events to replay, who decides what, and the expected end. */
export const DrillSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes'),
    title: z.string().min(1),
    description: z.string().default(''),
    start: z.iso.datetime({ offset: true }),
    account: DrillAccountSchema,
    /**
     * Other accounts of the organisation (by default each with Rekey's member and reader roles, reached as the
     * deployment reaches them); a role session of the drill's account issued to a caller here is recorded as
     * CloudTrail records it.
     */
    memberAccounts: z.array(DrillAccountSchema).default([]),
    /**
     * The account Rekey is deployed in (its own roles act there directly, no member role): by default the drill's
     * `account`; one no account of the drill declares is simulated empty.
     */
    securityAccount: z
      .string()
      .regex(/^\d{12}$/, 'a 12-digit account id')
      .optional(),
    /** The deployment has run its scheduled key inventory (every key's owner, as IAM lists it) before the first event. */
    keyInventory: z.boolean().default(false),
    protectedPrincipals: z.array(z.string()).default([]),
    /** Rekey's own roles (IAM ARN patterns) as REKEY_OWN_ROLES names them; by default the deployment's own names. */
    ownRoles: z.array(z.string().min(1)).optional(),
    administratorAccounts: z.array(z.string().regex(/^\d{12}$/)).default([]),
    secretReadAllowlist: z.array(z.string()).default([]),
    responders: z.array(ResponderSchema).default([]),
    decisions: z.array(DecisionSchema).default([]),
    events: z
      .array(
        z.strictObject({
          at: DurationSchema,
          note: z.string().optional(),
          event: z.record(z.string(), z.unknown()),
          /**
           * CloudTrail recorded it (its history shows it, after the account's delay) but EventBridge never delivered
           * it: AWS services deliver events to EventBridge on a best-effort basis.
           */
          lost: z.boolean().default(false),
          /** An event storm: the event again, `times` more times, `every` apart; re-published under new ids or re-delivered as is. */
          repeat: z
            .strictObject({
              times: z.number().int().min(1).max(20_000),
              every: DurationSchema,
              as: z.enum(['re-delivery', 're-publication']).default('re-delivery'),
            })
            .optional(),
        }),
      )
      .min(1, 'a drill replays at least one event'),
    attacker: z.array(AttackerCallSchema).default([]),
    /** Playbook files (relative to the drill) that replace the committed playbooks of their names in this drill. */
    playbooks: z.array(z.string().min(1)).default([]),
    /** Faults: a function failing as Lambda fails, for a while. */
    outages: z.array(OutageSchema).default([]),
    /** Restore clicks (in Slack), each at a time on the drill's clock, on a step of the first incident. */
    restores: z
      .array(z.strictObject({ at: DurationSchema, step: z.string().min(1), responder: z.string() }))
      .default([]),
    expect: z.array(ExpectationSchema).min(1, 'a drill states at least one expectation'),
    /** Other paths through the same incident (deny, timeout), each run from the same start. */
    paths: z
      .record(
        z
          .string()
          .regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes')
          .refine((name) => name !== 'main', 'main is the drill itself'),
        DrillPathSchema,
      )
      .default({}),
  })
  .refine(
    (drill) => {
      const ids = [drill.account.id, ...drill.memberAccounts.map((a) => a.id)];
      return new Set(ids).size === ids.length;
    },
    {
      message: 'each account of the drill is declared once (account and memberAccounts)',
      path: ['memberAccounts'],
    },
  );

export { type Expectation, ExpectationSchema } from './expectation-schema.js';

/** A parsed drill. */
export type Drill = z.infer<typeof DrillSchema>;

/** The drill as it runs on one of its paths: the path's decisions, attacker calls and expectations. */
export function onPath(drill: Drill, path: string): Drill {
  if (path === 'main') return drill;
  const other = drill.paths[path];
  if (!other) {
    const known = Object.keys(drill.paths);
    throw new InvalidInputError(
      `drill ${drill.name} has no path ${path}${known.length ? ` (its paths: ${known.join(', ')})` : ' (it has only its main path)'}`,
    );
  }
  return {
    ...drill,
    description: other.description || drill.description,
    decisions: other.decisions,
    attacker: other.attacker ?? drill.attacker,
    outages: other.outages ?? drill.outages,
    expect: other.expect,
    paths: {},
  };
}

/** Every key an expectation may have, from the expectations' schemas. */
const EXPECTATION_KEYS = new Set(ExpectationSchema.options.flatMap((option) => Object.keys(option.shape)));

/** Expectations with a key no expectation has (a typo the union's own error would only call invalid). */
function unknownExpectationKeys(raw: unknown): string[] {
  const drill = (raw ?? {}) as { expect?: unknown; paths?: Record<string, { expect?: unknown }> };
  const lists: Array<[string, unknown]> = [
    ['expect', drill.expect],
    ...Object.entries(drill.paths ?? {}).map(([name, path]): [string, unknown] => [
      `paths.${name}.expect`,
      path?.expect,
    ]),
  ];
  return lists.flatMap(([at, list]) =>
    (Array.isArray(list) ? list : []).flatMap((expectation, index) =>
      Object.keys(expectation ?? {})
        .filter((key) => !EXPECTATION_KEYS.has(key))
        .map(
          (key) =>
            `  ${at}.${index}: no expectation is called ${key} (expectations: ${[...EXPECTATION_KEYS].join(', ')})`,
        ),
    ),
  );
}

/** Parses drill YAML, naming every problem with its path. */
export function parseDrill(text: string, origin: string): Drill {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new InvalidInputError(`${origin}: not valid YAML: ${(error as Error).message}`);
  }
  raw = resolveLibraryEvents(raw, origin);
  const unknown = unknownExpectationKeys(raw);
  if (unknown.length > 0)
    throw new InvalidInputError(`${origin} is not a valid drill:\n${unknown.join('\n')}`);
  const parsed = DrillSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `  ${i.path.join('.') || '(drill)'}: ${i.message}`)
      .join('\n');
    throw new InvalidInputError(`${origin} is not a valid drill:\n${problems}`);
  }
  // A drill's own playbook files are named from where the drill is.
  return { ...parsed.data, playbooks: parsed.data.playbooks.map((p) => resolve(dirname(origin), p)) };
}

/** Reads and parses a drill file. */
export async function loadDrill(path: string): Promise<Drill> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new InvalidInputError(`cannot read drill file ${path}`);
  }
  return parseDrill(text, path);
}

/** A drill account as the sandbox's seed: without the drill's own settings of which Rekey roles it holds. */
export function accountSeedOf({
  memberRole: _member,
  readerRole: _reader,
  identityCenterRole: _identityCenter,
  ...seed
}: Partial<Drill['account']> & { id: string }): AccountSeedInput {
  return seed;
}
