import { html, page, table } from '../html-page.js';
import type { ReadinessReport } from './readiness-report.js';

/** The report as one self-contained HTML page, in the review's style. */
export function renderReadinessHtml(report: ReadinessReport): string {
  const counts = ['critical', 'high', 'medium', 'low'].map(
    (s) => `<div class="metric"><b>${report.findings.filter((f) => f.severity === s).length}</b>${s}</div>`,
  );
  const body = [
    `<h1>Readiness of account ${html(report.accountId)}</h1>`,
    `<p>Assessed ${html(report.at)} with read-only calls.</p>`,
    `<div class="metrics"><div class="metric"><b>${report.score}/100</b>score</div>${counts.join('')}</div>`,
    '<h2>What the playbooks could do today</h2>',
    `<ul>${[...report.playbooks.map((p) => `<li><b>${html(p.playbook)}</b>: ${html(p.today)}</li>`), ...report.detection.map((d) => `<li>${html(d)}</li>`)].join('')}</ul>`,
    '<h2>Secrets</h2>',
    table(
      ['Secret', 'Rotation', 'Strategy', 'Last rotated', 'Encryption', 'Replicas', 'Readers', 'Unexpected'],
      report.secrets.map((s) => [
        `<code>${html(s.name)}</code>`,
        `<span class="outcome ${s.rotation === 'working' ? 'contained' : 'escalated'}">${s.rotation}</span>${s.rotationDays ? ` every ${s.rotationDays} d` : ''}`,
        html(s.strategy),
        html(s.lastRotatedAt?.slice(0, 10) ?? 'never'),
        html(s.encryption),
        html(s.replicas.join(', ') || 'none'),
        s.readers.map((r) => `<code>${html(r)}</code>`).join('<br>') || 'none',
        s.unexpectedReaders.map((r) => `<code>${html(r)}</code>`).join('<br>') || 'none',
      ]),
    ),
    '<h2>Principals</h2>',
    table(
      ['Principal', 'Containable', 'Active keys', 'Secrets it can read'],
      report.principals.map((p) => [
        `${p.kind} <code>${html(p.name)}</code>`,
        p.uncontainable ? `no: ${html(p.uncontainable)}` : 'yes',
        p.activeKeys.map((k) => `${html(k.id)} (${k.ageDays} days)`).join('<br>') || 'none',
        html(p.secretsReadable.join(', ') || 'none'),
      ]),
    ),
    ...(report.unread.length
      ? ['<h2>Could not read</h2>', `<ul>${report.unread.map((u) => `<li>${html(u)}</li>`).join('')}</ul>`]
      : []),
    '<h2>Fix first</h2>',
    report.findings.length
      ? table(
          ['#', 'Severity', 'Finding', 'Fix'],
          report.findings.map((f, i) => [
            String(i + 1),
            `<span class="outcome ${f.severity}">${f.severity}</span>`,
            html(f.title),
            html(f.fix),
          ]),
        )
      : '<p>Nothing to fix.</p>',
    `<footer>rekey readiness: ${report.findings.length} finding(s) over ${report.secrets.length} secret(s).</footer>`,
  ];
  return page(`Readiness ${report.accountId}`, body.join('\n'));
}
