import type { StepOutcome } from '../domain/actions.js';
import type { TimelineEntry } from '../domain/timeline.js';

/** The questions every review asks the team, whatever happened. */
const QUESTIONS = [
  'How was the credential stored, and how did it leave that place?',
  'Why was a long-term access key in use here at all; could a role or short-lived credentials replace it?',
  'How are secrets rotated, and how often? Would rotation alone have limited this exposure?',
  'Are secrets encrypted in transit and at rest wherever they are kept (repositories, CI variables, laptops)?',
  'How is the use of this credential audited, and how soon would we have noticed without the detection?',
  'Who may access the credential and the secrets it protects, and is that still right?',
];

function duration(fromIso: string | undefined, toIso: string | undefined): string {
  if (!fromIso || !toIso) return '—';
  const seconds = Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000);
  if (seconds < 0) return '—';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}h ${m}m ${s}s` : m > 0 ? `${m}m ${s}s` : `${s}s`;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Renders the post-incident review in Markdown from the incident's timeline alone. */
export function renderReview(entries: readonly TimelineEntry[]): string {
  const opened = entries.find((e) => e.type === 'incident-opened');
  const incidentId = entries[0]?.incidentId ?? 'unknown';
  const data = opened?.data ?? {};
  const closed = entries.findLast((e) => e.type === 'incident-closed');
  const outcome = str(closed?.data?.outcome) ?? 'open';
  const succeeded = entries.filter((e) => e.type === 'step-succeeded');
  const outcomes = succeeded.map((e) => e.data?.outcome as StepOutcome);
  const firstNotice = entries.find((e) => e.type === 'notification-sent');
  const rolledBack = entries.filter((e) => e.type === 'step-rolled-back');
  const rolledBackSteps = new Set(rolledBack.map((e) => e.step));
  const lastContainment = succeeded.at(-1);
  const signals = entries.filter((e) => e.type === 'incident-opened' || e.type === 'signal-joined');
  const head = entries.at(-1);

  const lines: string[] = [];
  lines.push(`# Post-incident review: ${incidentId}${data.drill ? ' (DRILL)' : ''}`, '');
  lines.push('## Summary', '');
  lines.push(
    `- **What was exposed:** access key \`${str(data.accessKeyId) ?? '?'}\` in account ${str(data.accountId) ?? '?'}`,
  );
  lines.push(`- **Who held it:** \`${str(data.principalArn) ?? '?'}\``);
  lines.push(
    `- **How it was found:** ${str(data.findingType) ?? '?'} (severity ${String(data.severity ?? '?')}), reported by ${opened?.actor ?? '?'}`,
  );
  lines.push(`- **Signals:** ${signals.length} (${signals.map((s) => s.actor).join(', ')})`);
  lines.push(`- **Outcome:** ${outcome}`, '');

  lines.push('## Key times', '', '| Measure | Duration |', '| --- | --- |');
  lines.push(
    `| Time to detect (activity seen → Rekey received it) | ${duration(str(data.observedAt), str(data.receivedAt))} |`,
  );
  lines.push(
    `| Time to notify (received → first notification) | ${duration(str(data.receivedAt), firstNotice?.at)} |`,
  );
  lines.push(
    `| Time to contain (received → last containment step) | ${duration(str(data.receivedAt), lastContainment?.at)} |`,
  );
  lines.push(
    `| Time to close (received → incident closed) | ${duration(str(data.receivedAt), closed?.at)} |`,
    '',
  );

  const requested = entries.filter((e) => e.type === 'approval-requested');
  if (requested.length > 0) {
    lines.push(
      '## Approvals',
      '',
      '| Step | Requested | Answer | By | Waited |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const request of requested) {
      const answer = entries.find(
        (e) =>
          e.step === request.step &&
          (e.type === 'approval-decided' || e.type === 'approval-timed-out') &&
          e.seq > request.seq,
      );
      const verdict =
        answer?.type === 'approval-timed-out' ? 'timed out' : (str(answer?.data?.decision) ?? 'pending');
      const by = answer?.type === 'approval-decided' ? (str(answer.data?.responder) ?? answer.actor) : '—';
      lines.push(
        `| ${request.step ?? ''} | ${request.at} | ${verdict} | ${by} | ${duration(request.at, answer?.at)} |`,
      );
    }
    lines.push('');
  }

  lines.push('## What changed and how to undo it', '');
  if (outcomes.length === 0) lines.push('Nothing in the account was changed.', '');
  else {
    lines.push('| Step | What changed | Undo | Rolled back |', '| --- | --- | --- | --- |');
    for (const o of outcomes) {
      const undo = o.undo ? `\`${o.undo.operation}\` ${cell(JSON.stringify(o.undo.parameters))}` : '—';
      const back = rolledBackSteps.has(o.step)
        ? (rolledBack.find((e) => e.step === o.step)?.at ?? 'yes')
        : 'no';
      lines.push(`| ${o.step} | ${cell(o.summary)} | ${undo} | ${back} |`);
    }
    lines.push('');
  }

  const followUps: string[] = [];
  for (const e of entries.filter((x) => x.type === 'step-failed'))
    followUps.push(`Step ${e.step} failed: ${e.summary}`);
  for (const e of entries.filter((x) => x.type === 'escalated')) {
    followUps.push(`Escalated: ${e.summary}`);
    const checklist = e.data?.checklist;
    if (Array.isArray(checklist)) for (const item of checklist) followUps.push(String(item));
  }
  for (const e of entries.filter((x) => x.type === 'approval-timed-out'))
    followUps.push(`${e.summary}: check the responder rota.`);
  for (const e of entries.filter((x) => x.type === 'notification-failed')) followUps.push(`${e.summary}`);
  if (outcome === 'contained')
    followUps.push(
      'Rotate the credential: issue a new key to its legitimate user and delete the exposed one once the investigation no longer needs it.',
    );
  lines.push('## Follow-ups', '', ...followUps.map((f) => `- [ ] ${f}`), '');

  lines.push('## Questions for the team', '', ...QUESTIONS.map((q) => `- ${q}`), '');

  lines.push('## Timeline', '', '| # | Time | Actor | What |', '| --- | --- | --- | --- |');
  for (const e of entries) lines.push(`| ${e.seq} | ${e.at} | ${cell(e.actor)} | ${cell(e.summary)} |`);
  lines.push('', '## Integrity', '');
  lines.push(`Rendered from ${entries.length} timeline entries; head hash \`${head?.hash ?? 'none'}\`.`);
  lines.push(
    'Verify that the stored timeline still has this head: a changed, removed or reordered entry changes it.',
    '',
  );
  return lines.join('\n');
}
