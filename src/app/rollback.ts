import { applyUndo } from '../actions/undo.js';
import { StepOutcomeSchema, type Undo, UndoSchema } from '../domain/actions.js';
import type { Clock } from '../domain/clock.js';
import { InvalidInputError } from '../domain/errors.js';
import type { IdentityProvider } from '../ports/identity.js';
import type { IdentityCenter } from '../ports/identity-center.js';
import type { Organizations } from '../ports/organizations.js';
import type { SecretsProvider } from '../ports/secrets.js';
import type { TimelineStore } from '../ports/timeline-store.js';

/** What a rollback did to one step. */
export interface RolledBack {
  step: string;
  result: 'restored' | 'failed';
  detail: string;
}

/**
 * Undoes an incident's changes from their journal, newest first (or one step), each through its recorded undo
 * call; every undo is written to the timeline, and a step already rolled back is not undone twice.
 */
export async function rollback(
  incidentId: string,
  options: { step?: string; actor: string },
  deps: {
    identityFor: IdentityProvider;
    secretsFor?: SecretsProvider;
    identityCenter?: IdentityCenter;
    organizations?: Organizations;
    timeline: TimelineStore;
    clock: Clock;
  },
): Promise<RolledBack[]> {
  const entries = await deps.timeline.list(incidentId);
  // A step is rolled back once; if it ran again after its rollback, that later change is undone too.
  const rolledBackAt = new Map<string, number>();
  for (const e of entries) if (e.type === 'step-rolled-back' && e.step) rolledBackAt.set(e.step, e.seq);
  // Per step, what its attempts left: the last success, unless it records no undo after a partial failure did.
  const last = new Map<string, (typeof entries)[number]>();
  for (const e of entries) {
    if (!e.step) continue;
    const undoable = e.type === 'step-failed' ? Boolean(e.data?.undo) : e.type === 'step-succeeded';
    const succeededWithoutUndo =
      e.type === 'step-succeeded' && !(e.data?.outcome as { undo?: unknown } | undefined)?.undo;
    if (undoable && !(succeededWithoutUndo && last.get(e.step)?.type === 'step-failed')) last.set(e.step, e);
  }
  const candidates = [...last.values()]
    .filter((e) => e.seq > (rolledBackAt.get(e.step ?? '') ?? -1))
    .filter((e) => options.step === undefined || e.step === options.step)
    .sort((a, b) => b.seq - a.seq);
  if (options.step && candidates.length === 0) {
    throw new InvalidInputError(
      `incident ${incidentId} has no step ${options.step} to roll back (or it was already rolled back)`,
    );
  }
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
    const accountId = String(entry.data?.accountId ?? '');
    if (!outcome.undo) continue;
    const at = () => deps.clock.now().toISOString();
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
      const detail = `undid ${outcome.step}: ${outcome.undo.operation} ${JSON.stringify(outcome.undo.parameters)}`;
      await deps.timeline.append(incidentId, {
        type: 'step-rolled-back',
        at: at(),
        actor: options.actor,
        step: outcome.step,
        summary: `Rolled back ${outcome.step}: ${outcome.summary}`,
        data: { undo: outcome.undo, prior: outcome.prior ?? null },
      });
      results.push({ step: outcome.step, result: 'restored', detail });
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      await deps.timeline.append(incidentId, {
        type: 'rollback-failed',
        at: at(),
        actor: options.actor,
        step: outcome.step,
        summary: `Rollback of ${outcome.step} failed: ${message}`,
        data: { undo: outcome.undo, error: message },
      });
      results.push({ step: outcome.step, result: 'failed', detail: message });
    }
  }
  return results;
}
