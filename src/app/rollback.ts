import { applyUndo, undoRefusal } from '../actions/undo.js';
import { StepOutcomeSchema, type Undo, UndoSchema } from '../domain/actions.js';
import type { Clock } from '../domain/clock.js';
import { InvalidInputError } from '../domain/errors.js';
import type { ProtectionSettings } from '../domain/protection.js';
import type { TimelineEntry } from '../domain/timeline.js';
import type { IdentityProvider } from '../ports/identity.js';
import type { IdentityCenter } from '../ports/identity-center.js';
import type { Organizations } from '../ports/organizations.js';
import type { SecretsProvider } from '../ports/secrets.js';
import type { TimelineStore } from '../ports/timeline-store.js';
import { believedEntries } from './believed-entries.js';

/** What a rollback did to one step. */
export interface RolledBack {
  step: string;
  result: 'restored' | 'failed' | 'refused';
  detail: string;
}

/** What a rollback needs: the ports its undo calls use, the timeline, who is protected, the clock. */
export interface RollbackDeps {
  identityFor: IdentityProvider;
  secretsFor?: SecretsProvider;
  identityCenter?: IdentityCenter;
  organizations?: Organizations;
  timeline: TimelineStore;
  protection: ProtectionSettings;
  clock: Clock;
}

/** Every string a journal entry names in a step's parameters, plan, observation, prior state or facts (never its undo). */
function journaledTargets(entries: readonly TimelineEntry[]): Set<string> {
  const targets = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') targets.add(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object')
      for (const [key, v] of Object.entries(value))
        if (key !== 'undo') {
          // Observations are keyed by what they observed (`user:backdoor`).
          targets.add(key);
          walk(v);
        }
  };
  for (const e of entries) walk(e.data);
  return targets;
}

/** Per step, what its attempts left to undo: the last success, unless it records no undo after a partial failure did. */
function undoable(entries: readonly TimelineEntry[], step: string | undefined): TimelineEntry[] {
  // A step is rolled back once; if it ran again after its rollback, that later change is undone too.
  const rolledBackAt = new Map<string, number>();
  for (const e of entries) if (e.type === 'step-rolled-back' && e.step) rolledBackAt.set(e.step, e.seq);
  const last = new Map<string, TimelineEntry>();
  for (const e of entries) {
    if (!e.step || (e.type !== 'step-failed' && e.type !== 'step-succeeded')) continue;
    const undoRecorded = e.type === 'step-failed' ? Boolean(e.data?.undo) : true;
    const succeededWithoutUndo =
      e.type === 'step-succeeded' && !(e.data?.outcome as { undo?: unknown } | undefined)?.undo;
    if (undoRecorded && !(succeededWithoutUndo && last.get(e.step)?.type === 'step-failed'))
      last.set(e.step, e);
  }
  return [...last.values()]
    .filter((e) => e.seq > (rolledBackAt.get(e.step ?? '') ?? -1))
    .filter((e) => step === undefined || e.step === step)
    .sort((a, b) => b.seq - a.seq);
}

/**
 * Undoes an incident's changes from their journal, newest first (or one step), each through its recorded undo
 * call. The journal is only what the action function sealed (a forged entry is never believed), and each undo is
 * checked against the incident's own journaled targets and the protection rules before it runs; every undo, and
 * every refusal, is written to the timeline, and a step already rolled back is not undone twice.
 */
export async function rollback(
  incidentId: string,
  options: { step?: string; actor: string },
  deps: RollbackDeps,
): Promise<RolledBack[]> {
  const journal = await believedEntries(deps.timeline, incidentId, [
    'step-started',
    'step-succeeded',
    'step-failed',
    'step-rolled-back',
  ]);
  const candidates = undoable(journal, options.step);
  if (options.step && candidates.length === 0) {
    throw new InvalidInputError(
      `incident ${incidentId} has no step ${options.step} to roll back (or it was already rolled back)`,
    );
  }
  const targets = journaledTargets(journal);
  const results: RolledBack[] = [];
  for (const entry of candidates) {
    const outcome: { step: string; summary: string; undo?: Undo; prior?: unknown } =
      entry.type === 'step-succeeded'
        ? StepOutcomeSchema.parse(entry.data?.outcome)
        : {
            step: entry.step ?? '',
            summary: `partial change before ${String(entry.data?.error)}`,
            undo: UndoSchema.parse(entry.data?.undo),
          };
    if (!outcome.undo) continue;
    results.push(
      await undoOne(incidentId, entry, { ...outcome, undo: outcome.undo }, targets, options, deps),
    );
  }
  return results;
}

async function undoOne(
  incidentId: string,
  entry: TimelineEntry,
  outcome: { step: string; summary: string; undo: Undo; prior?: unknown },
  targets: ReadonlySet<string>,
  options: { actor: string },
  deps: RollbackDeps,
): Promise<RolledBack> {
  const accountId = String(entry.data?.accountId ?? '');
  const at = () => deps.clock.now().toISOString();
  const fail = async (result: 'failed' | 'refused', message: string): Promise<RolledBack> => {
    await deps.timeline.append(incidentId, {
      type: 'rollback-failed',
      at: at(),
      actor: options.actor,
      step: outcome.step,
      summary: `Rollback of ${outcome.step} ${result === 'refused' ? 'refused' : 'failed'}: ${message}`,
      data: { undo: outcome.undo, error: message },
    });
    return { step: outcome.step, result, detail: message };
  };
  const refused = undoRefusal(outcome.undo, { targets, accountId, protection: deps.protection });
  if (refused) return fail('refused', refused);
  try {
    const region = String(entry.data?.region ?? '');
    const secrets = deps.secretsFor?.(accountId, region);
    await applyUndo(outcome.undo, {
      identity: deps.identityFor(accountId),
      identityFor: deps.identityFor,
      ...(secrets ? { secrets } : {}),
      ...(deps.identityCenter ? { identityCenter: deps.identityCenter } : {}),
      ...(deps.organizations ? { organizations: deps.organizations } : {}),
    });
  } catch (error) {
    return fail('failed', error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
  await deps.timeline.append(incidentId, {
    type: 'step-rolled-back',
    at: at(),
    actor: options.actor,
    step: outcome.step,
    summary: `Rolled back ${outcome.step}: ${outcome.summary}`,
    data: { undo: outcome.undo, prior: outcome.prior ?? null },
  });
  const detail = `undid ${outcome.step}: ${outcome.undo.operation} ${JSON.stringify(outcome.undo.parameters)}`;
  return { step: outcome.step, result: 'restored', detail };
}
