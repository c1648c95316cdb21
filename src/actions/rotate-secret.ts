import { createHash } from 'node:crypto';
import { rotateSecret } from '../domain/actions.js';
import { ConfigurationError, NotContainableError, NotFoundError, RotationError } from '../domain/errors.js';
import { rotationKind, STUCK_PENDING_AFTER_MS, strategyOf } from '../domain/secret-rotation.js';
import type { SecretDescription, Secrets } from '../ports/secrets.js';
import type { Action, ActionContext } from './action.js';
import { type SettledPending, settleStuckPending } from './stuck-rotation.js';

export { ROTATION_STRATEGY_TAG, STUCK_PENDING_AFTER_MS, strategyOf } from '../domain/secret-rotation.js';

const POLL_MS = 5_000;
const POLL_LIMIT = 60;

const current = (secret: SecretDescription) =>
  secret.versions.find((v) => v.stages.includes('AWSCURRENT'))?.versionId;

/** How many times a round that failed is started again, each with a token of its own. */
const RESTARTS = 3;

/**
 * A client request token Secrets Manager accepts (32 to 64 characters): the same on every retry of a round's
 * attempt, a new one when a failed round is started again (Secrets Manager treats a known token as done).
 */
function token(context: ActionContext, round: number, restart = 0): string {
  return createHash('sha256')
    .update(`${context.incidentId}/${context.step}/${round}${restart ? `/${restart}` : ''}`)
    .digest('hex')
    .slice(0, 36);
}

/** Which round (and restart of it) of this step a version is, by its id (the token), if it is one of ours. */
function roundOf(
  context: ActionContext,
  rounds: number,
  versionId: string | undefined,
): { round: number; restart: number } | undefined {
  for (let round = 1; round <= rounds; round += 1)
    for (let restart = 0; restart <= RESTARTS; restart += 1)
      if (token(context, round, restart) === versionId) return { round, restart };
  return undefined;
}

function secretsOf(context: ActionContext): Secrets {
  if (!context.secrets)
    throw new ConfigurationError('this deployment gives Rekey no access to Secrets Manager');
  return context.secrets;
}

async function described(secrets: Secrets, secretId: string): Promise<SecretDescription> {
  const secret = await secrets.describe(secretId);
  if (!secret) throw new NotFoundError(`secret ${secretId} does not exist`);
  return secret;
}

interface Preflight {
  /** Rekey's own round whose rotation is still in flight, to wait for rather than start. */
  inFlight?: { round: number; restart: number };
  /** Rekey's own round whose rotation failed without setting the password: started again under a new token. */
  restarted?: string;
  /** What was done about a rotation someone else left stuck. */
  settled?: SettledPending;
  /** The secret, described again when the preflight changed it. */
  secret: SecretDescription;
}

/**
 * Before a round starts: a pending version of a rotation still in flight is waited for (ours) or refused (someone
 * else's); one whose rotation stopped (someone else's older than a rotation takes, or ours once an earlier attempt
 * waited it out) is settled by what its function logged: finished when its password is in use, discarded when
 * setSecret failed, a person asked otherwise.
 */
async function preflight(
  secrets: Secrets,
  secret: SecretDescription,
  rounds: number,
  context: ActionContext,
): Promise<Preflight> {
  const pending = secret.versions.find(
    (v) => v.stages.includes('AWSPENDING') && !v.stages.includes('AWSCURRENT'),
  );
  if (!pending) return { secret };
  const inFlight = roundOf(context, rounds, pending.versionId);
  const age = pending.createdDate
    ? context.clock.now().getTime() - Date.parse(pending.createdDate)
    : Number.POSITIVE_INFINITY;
  if (!inFlight && age < STUCK_PENDING_AFTER_MS)
    throw new RotationError(`a rotation of ${secret.name} is in flight (AWSPENDING on ${pending.versionId})`);
  const stopped = !inFlight || (age >= POLL_MS * POLL_LIMIT && inFlight.restart < RESTARTS);
  if (!stopped) return { secret, inFlight };
  const settled = await settleStuckPending(secrets, secret, pending, context);
  const again = await described(secrets, secret.arn);
  if (!inFlight) return { secret: again, settled };
  // Our own round: finished, it is done (its version is AWSCURRENT); discarded, it starts again.
  return 'finished' in settled
    ? { secret: again, settled }
    : { secret: again, inFlight, restarted: pending.versionId };
}

function summaryOf(name: string, rounds: number, strategy: string, p: Preflight): string {
  const settled = p.settled;
  const before = settled
    ? 'finished' in settled
      ? ` after finishing a stopped rotation whose password was already in use (${settled.finished}: ${settled.evidence})`
      : ` after removing a stuck AWSPENDING from ${settled.discarded} (${settled.evidence})`
    : '';
  const restart = p.restarted ? ` after restarting a failed rotation (${p.restarted})` : '';
  return `${name} rotated ${rounds === 2 ? 'twice' : 'once'} (${strategy} strategy)${before}${restart}; open database connections are not dropped by a rotation`;
}

/**
 * Rotates an exposed secret now, by its rotation function or, for a secret the owning service manages (RDS,
 * Aurora, Redshift), by managed rotation. Preflight: without rotation it fails (NotContainableError) naming the
 * owner's task, since nothing Rekey does makes the exposed value useless; a
 * rotation left stuck is settled by what its function logged (see `settleStuckPending`); with the alternating-users
 * strategy, or when the strategy is unknown, it rotates twice, since the leaked credential survives one rotation.
 * Each round waits, bounded, until AWSCURRENT has moved. The value is never read, and a rotation does not drop open
 * database connections (the review says so).
 */
export const rotateSecretAction: Action<typeof rotateSecret> = {
  descriptor: rotateSecret,
  plan: () => ({}),
  async calls({ secretId }, _plan, context) {
    const secret = context.secrets ? await context.secrets.describe(secretId) : undefined;
    return [
      { operation: 'secretsmanager:RotateSecret', resource: secretId },
      // AWS's "Permissions for rotation": RotateSecret's caller needs to be able to invoke the function.
      ...(secret?.rotationLambdaArn
        ? [{ operation: 'lambda:InvokeFunction', resource: secret.rotationLambdaArn }]
        : []),
    ];
  },
  async apply({ secretId }, _plan, context) {
    const secrets = secretsOf(context);
    const found = await described(secrets, secretId);
    const owner = found.tags.owner ?? found.tags.Owner;
    // Nothing Rekey can do makes the value the reader holds useless: people must, and the incident says so.
    if (rotationKind(found) === 'none')
      throw new NotContainableError(
        `${found.name} has no rotation configured: its owner${owner ? ` (${owner})` : ' (no owner tag)'} must change the credential at its source, then rotate the secret`,
      );
    const strategy = strategyOf(found);
    const rounds = strategy === 'single-user' ? 1 : 2;
    const original = current(found);
    const p = await preflight(secrets, found, rounds, context);
    let secret = p.secret;
    const previous = current(secret);
    // A retry finds the rounds already done by their versions (the tokens are the version ids) and resumes after them.
    const doneRounds = roundOf(context, rounds, previous)?.round ?? 0;
    if (doneRounds === rounds && !p.settled) {
      return {
        status: 'unchanged',
        summary: `${secret.name} was already rotated for this incident (AWSCURRENT is ${previous})`,
        facts: { secret: secret.name, strategy, rounds, currentVersion: previous ?? null },
      };
    }
    let inFlight = p.inFlight;
    for (let round = doneRounds + 1; round <= rounds; round += 1) {
      const waiting = inFlight?.round === round && !p.restarted ? inFlight : undefined;
      const restart = inFlight?.round === round && p.restarted ? inFlight.restart + 1 : 0;
      const versionId = waiting ? token(context, round, waiting.restart) : token(context, round, restart);
      if (!waiting) await secrets.rotate(secret.arn, versionId);
      inFlight = undefined;
      for (let poll = 0; current(secret) !== versionId; poll += 1) {
        if (poll >= POLL_LIMIT) {
          throw new RotationError(
            `rotation ${round} of ${secret.name} did not finish: AWSCURRENT is still on ${current(secret) ?? 'no version'}`,
          );
        }
        await context.sleep(POLL_MS);
        secret = await described(secrets, secret.arn);
      }
    }
    const settled = p.settled;
    return {
      status: 'changed',
      summary: summaryOf(secret.name, rounds, strategy, p),
      prior: { currentVersion: original ?? null },
      facts: {
        secret: secret.name,
        strategy,
        rounds,
        ...(rotationKind(found) === 'managed' ? { managedBy: found.owningService ?? null } : {}),
        previousVersion: original ?? null,
        currentVersion: current(secret) ?? null,
        ...(settled && 'finished' in settled ? { finishedPending: settled.finished } : {}),
        ...(settled && 'discarded' in settled ? { repairedPending: settled.discarded } : {}),
        ...(p.restarted ? { restartedRotation: p.restarted } : {}),
      },
    };
  },
};
