import type { NormaliseSettings } from '../detections/envelope.js';
import { detectionRules } from '../detections/rules.js';
import { InvalidInputError } from '../domain/errors.js';
import { compilePattern } from '../eventbus/pattern.js';

/** The source of a live drill's events: PutEvents refuses `aws.*` sources, so the original travels inside. */
export const DRILL_SOURCE = 'rekey.drill';
/** The detail-type of a live drill's events. */
export const DRILL_DETAIL_TYPE = 'Rekey Drill Event';

/** Whether an event is a live drill's. */
export function isDrillEvent(event: unknown): boolean {
  return (event as { source?: unknown } | null)?.source === DRILL_SOURCE;
}

/**
 * The original event inside a drill event, if Rekey's own account put it and a detection rule would take the event
 * inside (the drill copies of the rules: the same patterns). Anything else is refused with the reason.
 */
export function unwrapDrillEvent(
  event: unknown,
  settings: NormaliseSettings = {},
  ownAccountId?: string,
): Record<string, unknown> {
  const account = (event as { account?: unknown }).account;
  if (!ownAccountId || account !== ownAccountId)
    throw new InvalidInputError(
      `a rekey.drill event put by account ${String(account)}: drills are accepted only from Rekey's own account${ownAccountId ? ` (${ownAccountId})` : ', which is not configured'}`,
    );
  const detail = (event as { detail?: { drill?: unknown; event?: unknown } }).detail;
  const inner = detail?.event;
  if (!inner || typeof inner !== 'object' || Array.isArray(inner) || typeof detail?.drill !== 'string')
    throw new InvalidInputError('a rekey.drill event must carry {drill, event} in its detail');
  const original = inner as Record<string, unknown>;
  if (!detectionRules(settings).some((rule) => compilePattern(rule.pattern).matches(original)))
    throw new InvalidInputError(`drill ${detail.drill}: the event inside matches no detection rule`);
  return original;
}
