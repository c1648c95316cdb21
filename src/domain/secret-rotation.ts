/** The tag that says how a secret's rotation works (`alternating-users` or `single-user`). */
export const ROTATION_STRATEGY_TAG = 'rekey:rotation-strategy';

/** A pending version older than this, with no rotation in flight, is stuck and blocks every later rotation. */
export const STUCK_PENDING_AFTER_MS = 60 * 60 * 1000;

/** What a secret's rotation set-up is, as DescribeSecret shows it. */
export interface RotationSetup {
  rotationEnabled: boolean;
  rotationLambdaArn?: string;
  /** The AWS service that manages the secret (`OwningService`, e.g. `rds` for an `rds!` secret). */
  owningService?: string;
  tags: Record<string, string>;
}

/**
 * How a secret rotates: by its Lambda function, by the service that manages it (managed rotation: RDS, Aurora,
 * Redshift master passwords; enabled, no function), or not at all.
 */
export function rotationKind(secret: RotationSetup): 'lambda' | 'managed' | 'none' {
  if (!secret.rotationEnabled) return 'none';
  if (secret.rotationLambdaArn) return 'lambda';
  return secret.owningService ? 'managed' : 'none';
}

/** How a secret's rotation works, as far as its tag or its rotation function's name tells. */
export type RotationStrategy = 'alternating-users' | 'single-user' | 'unknown';

/**
 * A secret's rotation strategy: its `rekey:rotation-strategy` tag, else its rotation function's name; managed
 * rotation changes the one master user's password in place (single user).
 */
export function strategyOf(secret: Omit<RotationSetup, 'rotationEnabled'>): RotationStrategy {
  const tagged = secret.tags[ROTATION_STRATEGY_TAG];
  if (tagged === 'alternating-users' || tagged === 'single-user') return tagged;
  const fn = secret.rotationLambdaArn ?? '';
  if (!fn && secret.owningService) return 'single-user';
  if (/multi-?user|alternating/i.test(fn)) return 'alternating-users';
  if (/single-?user/i.test(fn)) return 'single-user';
  return 'unknown';
}

/** How far a rotation that stopped got: whether the service the secret is for already uses the pending password. */
export type PendingPasswordState = 'set' | 'not-set' | 'unknown';

// The lines AWS's rotation function templates log, each with the secret's ARN: setSecret reports the password
// changed, or found already changed; testSecret reports a sign-in with it; both mean the service now uses it.
const PASSWORD_SET = [
  /\bsetSecret: Successfully set password\b/,
  /\bsetSecret: AWSPENDING secret is already set as password\b/,
  /\btestSecret: Successfully signed into\b/,
];
// The templates' setSecret failures raised before the password is changed.
const FAILED_BEFORE_SET = [
  /\bsetSecret: Unable to log into (the )?database\b/i,
  /\bsetSecret: Attempting to modify user\b/,
];

/**
 * Whether a stuck pending version's password is already in use, from what the rotation function logged about the
 * secret since the version was created (no other rotation of the secret can have run since: its AWSPENDING blocks
 * them): `set` when setSecret or testSecret reported success, `not-set` when setSecret failed before changing the
 * password, else `unknown` (no logs, a timeout, a function that does not log AWS's lines).
 */
export function pendingPasswordState(messages: readonly string[] | undefined): {
  state: PendingPasswordState;
  evidence: string;
} {
  if (messages === undefined)
    return { state: 'unknown', evidence: "the rotation function's logs could not be read" };
  const set = messages.find((m) => PASSWORD_SET.some((p) => p.test(m)));
  if (set) return { state: 'set', evidence: `its rotation function logged ${stepOf(set)} succeeding` };
  const failed = messages.find((m) => FAILED_BEFORE_SET.some((p) => p.test(m)));
  if (failed)
    return {
      state: 'not-set',
      evidence: 'its rotation function logged setSecret failing before it changed the password',
    };
  return {
    state: 'unknown',
    evidence: messages.length
      ? 'its rotation function logged no setSecret outcome for it'
      : 'its rotation function logged nothing about it',
  };
}

/** The rotation step a line reports (`setSecret`, `testSecret`), never the line itself, which may name a user. */
function stepOf(message: string): string {
  return /\b(createSecret|setSecret|testSecret|finishSecret):/.exec(message)?.[1] ?? 'a step';
}
