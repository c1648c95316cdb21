import type { StepOutcome } from '../../domain/actions.js';
import type { TimelineEntry } from '../../domain/timeline.js';
import { actionsOf, secretFollowUps } from '../secret-follow-ups.js';
import type { ReviewedTimeline } from './reviewed-timeline.js';

/** The questions every review asks the team, whatever happened. */
export const REVIEW_QUESTIONS = [
  'How was the credential stored, and how did it leave that place?',
  'Why was a long-term credential in use here at all; could a role or short-lived credentials replace it?',
  'How are secrets rotated, and how often? Would rotation alone have limited this exposure?',
  'Are secrets encrypted in transit and at rest wherever they are kept (repositories, CI variables, laptops)?',
  'How is the use of this credential audited, and how soon would we have noticed without the detection?',
  'Who may access the credential and the secrets it protects, and is that still right?',
];

/** One approval request and its answer. */
export interface ReviewApproval {
  step: string;
  requestedAt: string;
  answer: 'approved' | 'denied' | 'timed out' | 'pending';
  by: string[];
  answeredAt?: string;
  waitedMs?: number;
}

/** One change containment made, and how to undo it. */
export interface ReviewChange {
  step: string;
  at: string;
  summary: string;
  undo?: { operation: string; parameters: Record<string, unknown> };
  rolledBackAt?: string;
}

/** The measures of an incident, in milliseconds from the recorded times (undefined where a time is missing). */
export interface ReviewMetrics {
  /** The activity the source reports → Rekey received the signal. */
  detectMs?: number;
  /** Received → the first notification reached the responders. */
  notifyMs?: number;
  /** Received → the first containment change was in place. */
  containMs?: number;
  /** Received → the incident closed (verified, escalated or dismissed). */
  closeMs?: number;
  /** Received → the last change was rolled back (a false positive restored), if any was. */
  recoverMs?: number;
}

/** Everything a review shows, computed from the timeline alone. */
export interface ReviewModel {
  incidentId: string;
  drill: boolean;
  outcome: string;
  exposure: string;
  principalArn: string;
  accountId: string;
  foundBy: string;
  findingType: string;
  severity: string;
  signals: Array<{ at: string; source: string; summary: string }>;
  /**
   * Every signal the incident took, as the registry counted it at close: re-publications of a finding (an update,
   * a higher count) are counted there but not each written to the timeline; re-deliveries are neither.
   */
  signalCount: number;
  openedAt?: string;
  receivedAt?: string;
  observedAt?: string;
  closedAt?: string;
  metrics: ReviewMetrics;
  approvals: ReviewApproval[];
  changes: ReviewChange[];
  followUps: string[];
  /** The entries the review believes (sealed by a writer allowed to write them): all of it is computed from these. */
  entries: readonly TimelineEntry[];
  /** Every entry as stored, in order, each with whether the review believes it. */
  stored: ReadonlyArray<{ entry: TimelineEntry; believed: boolean }>;
  /** How many stored entries no allowed writer sealed. */
  unsealedCount: number;
  /** Where the stored chain breaks: entries removed or reordered, which no seal shows. */
  chainBreaks: readonly string[];
  head: { hash: string; count: number };
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

const between = (from: string | undefined, to: string | undefined): number | undefined => {
  if (!from || !to) return undefined;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
};

function approvalsOf(entries: readonly TimelineEntry[]): ReviewApproval[] {
  return entries
    .filter((e) => e.type === 'approval-requested')
    .map((request) => {
      const answer = entries.find(
        (e) =>
          e.seq > request.seq &&
          e.step === request.step &&
          (e.type === 'approval-timed-out' ||
            (e.type === 'approval-decided' && e.data?.decision !== 'approval-recorded')),
      );
      const recorded = entries.filter(
        (e) =>
          e.seq > request.seq &&
          e.step === request.step &&
          e.type === 'approval-decided' &&
          (answer === undefined || e.seq <= answer.seq),
      );
      const decision = str(answer?.data?.decision);
      return {
        step: request.step ?? '',
        requestedAt: request.at,
        answer:
          answer?.type === 'approval-timed-out'
            ? 'timed out'
            : decision === 'approved' || decision === 'denied'
              ? decision
              : 'pending',
        by: recorded.map((e) => str(e.data?.responder) ?? e.actor),
        ...(answer ? { answeredAt: answer.at, waitedMs: between(request.at, answer.at) } : {}),
      } satisfies ReviewApproval;
    });
}

function changesOf(entries: readonly TimelineEntry[]): ReviewChange[] {
  const rolledBack = new Map(
    entries.filter((e) => e.type === 'step-rolled-back').map((e) => [e.step, e.at] as const),
  );
  // As the rollback decides: a later success replaces the partial change only when it recorded an undo itself.
  const succeededAfter = (failed: TimelineEntry) =>
    entries.some(
      (e) =>
        e.type === 'step-succeeded' &&
        e.step === failed.step &&
        e.at >= failed.at &&
        Boolean((e.data?.outcome as StepOutcome | undefined)?.undo),
    );
  const changes = entries.flatMap((entry): Array<Omit<ReviewChange, 'rolledBackAt'>> => {
    const outcome = entry.data?.outcome as StepOutcome | undefined;
    if (entry.type === 'step-succeeded' && outcome?.status === 'changed')
      return [
        {
          step: entry.step ?? '',
          at: entry.at,
          summary: outcome.summary ?? entry.summary,
          ...(outcome.undo ? { undo: outcome.undo } : {}),
        },
      ];
    // A step that changed something and then failed (escalating the rest) changed it all the same.
    const partial = entry.data?.undo as ReviewChange['undo'] | undefined;
    if (entry.type === 'step-failed' && partial && !succeededAfter(entry))
      return [{ step: entry.step ?? '', at: entry.at, summary: entry.summary, undo: partial }];
    return [];
  });
  return changes.map((c) => (rolledBack.has(c.step) ? { ...c, rolledBackAt: rolledBack.get(c.step) } : c));
}

function followUpsOf(entries: readonly TimelineEntry[], outcome: string, kind: string | undefined): string[] {
  const followUps: string[] = [];
  const actions = actionsOf(entries);
  // A reader of secrets: which secrets were rotated, and each left to its owner (with the reason), first.
  if (kind === 'secret') followUps.push(...secretFollowUps(entries));
  // A secret's failed rotation is its owner's task above; a failure of anything else is listed as it is.
  const ownersTask = (x: TimelineEntry) => kind === 'secret' && actions.get(x.step ?? '') === 'rotate-secret';
  for (const e of entries.filter((x) => x.type === 'step-failed' && !ownersTask(x)))
    followUps.push(`Step ${e.step} failed: ${e.summary}`);
  for (const e of entries.filter((x) => x.type === 'escalated')) {
    followUps.push(`Escalated: ${e.summary}`);
    const checklist = e.data?.checklist;
    if (Array.isArray(checklist)) for (const item of checklist) followUps.push(String(item));
  }
  for (const e of entries.filter((x) => x.type === 'approval-timed-out'))
    followUps.push(`${e.summary}: check the responder rota.`);
  for (const e of entries.filter((x) => x.type === 'notification-failed')) followUps.push(e.summary);
  if (kind !== 'secret')
    for (const e of entries.filter(
      (x) => x.type === 'step-failed' && /RotationError|rotation/i.test(x.summary),
    ))
      followUps.push(
        `Configure rotation for the secret of step ${e.step}: it could not be rotated (${e.summary})`,
      );
  // A secret that cannot be rotated, or the last check of a reader's secrets, is no principal left uncontained.
  const aboutSecrets = (step: string | undefined) =>
    ['rotate-secret', 'check-secrets-rotated'].includes(actions.get(step ?? '') ?? '');
  for (const e of entries.filter(
    (x) => x.type === 'step-failed' && /NotContainable|Protected/.test(x.summary) && !aboutSecrets(x.step),
  ))
    followUps.push(`A principal could not be contained (step ${e.step}): decide who contains it and how`);
  if (outcome === 'contained' && kind === 'secret')
    followUps.push(
      'The reader stays contained (its key inactive, its sessions denied, each secret denying it) until rolled back: find how its credential was obtained and give its legitimate user a new one first.',
    );
  if (outcome === 'contained' && kind !== 'secret') {
    if (kind === 'identity-center-session')
      followUps.push(
        "End the user's AWS access portal sessions and reset their password (or disable them) in Identity Center or its identity provider; once the user is safe again, roll back the permission-set deny, which holds every session until then.",
      );
    else
      followUps.push(
        'Rotate the credential: issue a new one to its legitimate user and delete the exposed one once the investigation no longer needs it.',
      );
  }
  return followUps;
}

/**
 * The review of an incident, computed from its timeline alone (so a deployed and a local run review alike), from
 * the entries an allowed writer sealed; the head is the stored timeline's, every entry counted.
 */
export function reviewModel(timeline: ReviewedTimeline): ReviewModel {
  const entries = timeline.entries.filter((e) => !timeline.unsealed.has(e));
  const opened = entries.find((e) => e.type === 'incident-opened');
  const data = opened?.data ?? {};
  const closed = entries.findLast((e) => e.type === 'incident-closed');
  const outcome = str(closed?.data?.outcome) ?? 'open';
  const receivedAt = str(data.receivedAt) ?? opened?.at;
  const changes = changesOf(entries);
  const rollbacks = entries.filter((e) => e.type === 'step-rolled-back');
  const head = timeline.entries.at(-1);
  const signals = entries
    .filter((e) => e.type === 'incident-opened' || e.type === 'signal-joined')
    .map((e) => ({ at: e.at, source: e.actor, summary: e.summary }));
  return {
    incidentId: timeline.entries[0]?.incidentId ?? 'unknown',
    drill: data.drill === true,
    outcome,
    exposure: str(data.exposure) ?? (str(data.accessKeyId) ? `access key ${str(data.accessKeyId)}` : '?'),
    principalArn: str(data.principalArn) ?? '?',
    accountId: str(data.accountId) ?? '?',
    foundBy: opened?.actor ?? '?',
    findingType: str(data.findingType) ?? '?',
    severity: String(data.severity ?? '?'),
    signals,
    signalCount: Math.max(signals.length, Number(closed?.data?.signals ?? 0) || 0),
    ...(opened ? { openedAt: opened.at } : {}),
    ...(receivedAt ? { receivedAt } : {}),
    ...(str(data.observedAt) ? { observedAt: str(data.observedAt) } : {}),
    ...(closed ? { closedAt: closed.at } : {}),
    metrics: {
      detectMs: between(str(data.observedAt), receivedAt),
      notifyMs: between(receivedAt, entries.find((e) => e.type === 'notification-sent')?.at),
      containMs: between(receivedAt, changes[0]?.at),
      closeMs: between(receivedAt, closed?.at),
      recoverMs: between(receivedAt, rollbacks.at(-1)?.at),
    },
    approvals: approvalsOf(entries),
    changes,
    followUps: followUpsOf(entries, outcome, str(data.kind)),
    entries,
    stored: timeline.entries.map((entry) => ({ entry, believed: !timeline.unsealed.has(entry) })),
    unsealedCount: timeline.entries.length - entries.length,
    chainBreaks: timeline.breaks ?? [],
    head: { hash: String(head?.hash ?? ''), count: timeline.entries.length },
  };
}

/** A duration as people read it: `4m 10s`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '—';
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}h ${m}m ${s}s` : m > 0 ? `${m}m ${s}s` : `${s}s`;
}
