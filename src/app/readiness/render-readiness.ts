import { markdownText, printable } from '../../domain/inert-text.js';
import type { ReadinessReport } from './readiness-report.js';

const grade = (score: number) =>
  score >= 90 ? 'ready' : score >= 70 ? 'mostly ready' : score >= 40 ? 'gaps to close' : 'not ready';

/** The report as plain text for the terminal: the score, what each playbook could do, then what to fix first. */
export function renderReadinessText(report: ReadinessReport): string {
  const lines = [
    `Readiness of account ${report.accountId} at ${report.at}: ${report.score}/100 (${grade(report.score)})`,
    '',
    'What the playbooks could do today:',
    ...report.playbooks.map((p) => `  ${p.playbook}: ${p.today}`),
    ...report.detection.map((d) => `  ${d}`),
    '',
    'Secrets:',
    ...report.secrets.map(
      (s) =>
        `  ${s.name}: rotation ${s.rotation}${s.rotationDays ? ` every ${s.rotationDays} days` : ''}${s.lastRotatedAt ? `, last ${s.lastRotatedAt.slice(0, 10)}` : ''}; ${s.encryption}; ${s.readers.length} reader(s)${s.unexpectedReaders.length ? `, ${s.unexpectedReaders.length} unexpected` : ''}${s.replicas.length ? `; replicated to ${s.replicas.join(', ')}` : ''}`,
    ),
    '',
    'Principals:',
    ...report.principals.map(
      (p) =>
        `  ${p.kind} ${p.name}: ${p.uncontainable ? 'not containable by the playbooks' : 'containable'}${p.activeKeys.length ? `; active keys ${p.activeKeys.map((k) => `${k.id} (${k.ageDays} days)`).join(', ')}` : ''}${p.secretsReadable.length ? `; reads ${p.secretsReadable.join(', ')}` : ''}`,
    ),
    ...(report.unread.length ? ['', 'Could not read:', ...report.unread.map((u) => `  ${u}`)] : []),
    '',
    report.findings.length ? 'Fix first:' : 'Nothing to fix.',
    ...report.findings.map((f, i) => `  ${i + 1}. [${f.severity}] ${f.title}\n     fix: ${f.fix}`),
  ];
  // Names come from the account: nothing in them may drive the terminal.
  return printable(`${lines.join('\n')}\n`);
}

/** Names and texts from the account (a secret or role name is anyone's to choose): inert in Markdown. */
const cell = markdownText;

/** The report as Markdown, to keep as evidence of the team's secrets-management practice. */
export function renderReadinessMarkdown(report: ReadinessReport): string {
  const lines = [
    `# Readiness of account ${cell(report.accountId)}`,
    '',
    `Assessed ${cell(report.at)} with read-only calls. **Score ${report.score}/100** (${grade(report.score)}), ${report.findings.length} finding(s).`,
    '',
    '## What the playbooks could do today',
    '',
    ...report.playbooks.map((p) => `- **${cell(p.playbook)}**: ${cell(p.today)}`),
    ...report.detection.map((d) => `- ${cell(d)}`),
    '',
    '## Secrets',
    '',
    '| Secret | Rotation | Strategy | Last rotated | Encryption | Resource policy | Replicas | Readers | Unexpected readers |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...report.secrets.map(
      (s) =>
        `| ${cell(s.name)} | ${cell(s.rotation)}${s.rotationDays ? ` (every ${s.rotationDays} days)` : ''} | ${cell(s.strategy)} | ${cell(s.lastRotatedAt?.slice(0, 10) ?? 'never')} | ${cell(s.encryption)} | ${s.resourcePolicy ? 'yes' : 'no'} | ${s.replicas.map(cell).join(', ') || 'none'} | ${s.readers.length} | ${s.unexpectedReaders.map(cell).join(', ') || 'none'} |`,
    ),
    '',
    '## Principals',
    '',
    '| Principal | Containable | Active keys | Secrets it can read |',
    '| --- | --- | --- | --- |',
    ...report.principals.map(
      (p) =>
        `| ${cell(p.kind)} ${cell(p.name)} | ${p.uncontainable ? `no: ${cell(p.uncontainable)}` : 'yes'} | ${p.activeKeys.map((k) => `${cell(k.id)} (${k.ageDays} days${k.lastUsedAt ? `, used ${cell(k.lastUsedAt.slice(0, 10))}` : ', never used'})`).join('<br>') || 'none'} | ${p.secretsReadable.map(cell).join(', ') || 'none'} |`,
    ),
    ...(report.unread.length
      ? ['', '## Could not read', '', ...report.unread.map((u) => `- ${cell(u)}`)]
      : []),
    '',
    '## Fix first',
    '',
    ...(report.findings.length
      ? report.findings.map(
          (f, i) => `${i + 1}. **${cell(f.severity)}** ${cell(f.title)}. Fix: ${cell(f.fix)}.`,
        )
      : ['Nothing to fix.']),
  ];
  return `${lines.join('\n')}\n`;
}
