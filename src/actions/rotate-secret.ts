import { createHash } from 'node:crypto';
import { rotateSecret } from '../domain/actions.js';
import { ConfigurationError, NotFoundError, RotationError } from '../domain/errors.js';
import type { SecretDescription, Secrets } from '../ports/secrets.js';
import type { Action, ActionContext } from './action.js';

/** The tag that says how a secret's rotation works (`alternating-users` or `single-user`). */
export const ROTATION_STRATEGY_TAG = 'rekey:rotation-strategy';

/** A pending version older than this, with no rotation in flight, is stuck and blocks every later rotation. */
export const STUCK_PENDING_AFTER_MS = 60 * 60 * 1000;
const POLL_MS = 5_000;
const POLL_LIMIT = 60;

/** How a secret's rotation works, as far as its tag or its rotation function's name tells. */
export type RotationStrategy = 'alternating-users' | 'single-user' | 'unknown';

/** A secret's rotation strategy: its `rekey:rotation-strategy` tag, else its rotation function's name. */
export function strategyOf(secret: Pick<SecretDescription, 'tags' | 'rotationLambdaArn'>): RotationStrategy {
  const tagged = secret.tags[ROTATION_STRATEGY_TAG];
  if (tagged === 'alternating-users' || tagged === 'single-user') return tagged;
  const fn = secret.rotationLambdaArn ?? '';
  if (/multi-?user|alternating/i.test(fn)) return 'alternating-users';
  if (/single-?user/i.test(fn)) return 'single-user';
  return 'unknown';
}

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

/**
 * Rotates an exposed secret now. Preflight: without rotation configured it becomes a manual task for the owner;
 * a stuck AWSPENDING (on a version that is not AWSCURRENT, older than a rotation takes) is repaired; with the
 * alternating-users strategy, or when the strategy is unknown, it rotates twice, since the leaked credential
 * survives one rotation. Each round waits, bounded, until AWSCURRENT has moved. The value is never read, and a
 * rotation does not drop open database connections (the review says so).
 */
export const rotateSecretAction: Action<typeof rotateSecret> = {
  descriptor: rotateSecret,
  plan: () => ({}),
  async calls({ secretId }) {
    return [{ operation: 'secretsmanager:RotateSecret', resource: secretId }];
  },
  async apply({ secretId }, _plan, context) {
    const secrets = secretsOf(context);
    let secret = await described(secrets, secretId);
    const owner = secret.tags.owner ?? secret.tags.Owner;
    if (!secret.rotationEnabled || !secret.rotationLambdaArn) {
      return {
        status: 'unchanged',
        summary: `${secret.name} has no rotation configured: rotating it is a manual task for its owner${owner ? ` (${owner})` : ''}`,
        facts: { manualTask: true, secretArn: secret.arn, ...(owner ? { owner } : {}) },
      };
    }
    const strategy = strategyOf(secret);
    const rounds = strategy === 'single-user' ? 1 : 2;
    const now = context.clock.now().getTime();
    const pending = secret.versions.find(
      (v) => v.stages.includes('AWSPENDING') && !v.stages.includes('AWSCURRENT'),
    );
    // A retry may find its own round still in flight (AWSPENDING on one of its tokens): it waits for that round,
    // unless an earlier attempt already waited it out: then the rotation function failed, and the round starts
    // again under a new token once the stuck label is removed.
    let inFlight = pending ? roundOf(context, rounds, pending.versionId) : undefined;
    let repaired: string | undefined;
    let restarted: string | undefined;
    if (pending) {
      const age = pending.createdDate ? now - Date.parse(pending.createdDate) : Number.POSITIVE_INFINITY;
      if (!inFlight && age < STUCK_PENDING_AFTER_MS)
        throw new RotationError(
          `a rotation of ${secret.name} is in flight (AWSPENDING on ${pending.versionId})`,
        );
      if (!inFlight || (age >= POLL_MS * POLL_LIMIT && inFlight.restart < RESTARTS)) {
        await secrets.removeStage(secret.arn, 'AWSPENDING', pending.versionId);
        if (inFlight) restarted = pending.versionId;
        else repaired = pending.versionId;
      }
    }
    const previous = current(secret);
    // A retry finds the rounds already done by their versions (the tokens are the version ids) and resumes after them.
    const doneRounds = roundOf(context, rounds, previous)?.round ?? 0;
    if (doneRounds === rounds) {
      return {
        status: 'unchanged',
        summary: `${secret.name} was already rotated for this incident (AWSCURRENT is ${previous})`,
        facts: { strategy, rounds, currentVersion: previous ?? null },
      };
    }
    for (let round = doneRounds + 1; round <= rounds; round += 1) {
      const waiting = inFlight?.round === round && !restarted ? inFlight : undefined;
      const restart = inFlight?.round === round && restarted ? inFlight.restart + 1 : 0;
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
    return {
      status: 'changed',
      summary: `${secret.name} rotated ${rounds === 2 ? 'twice' : 'once'} (${strategy} strategy)${repaired ? ` after repairing a stuck AWSPENDING on ${repaired}` : ''}${restarted ? ` after restarting a failed rotation (${restarted})` : ''}; open database connections are not dropped by a rotation`,
      prior: { currentVersion: previous ?? null },
      facts: {
        strategy,
        rounds,
        previousVersion: previous ?? null,
        currentVersion: current(secret) ?? null,
        ...(repaired ? { repairedPending: repaired } : {}),
        ...(restarted ? { restartedRotation: restarted } : {}),
      },
    };
  },
};
