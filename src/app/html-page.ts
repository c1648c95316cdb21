import { printable } from '../domain/inert-text.js';

/** Escapes text for HTML (control characters, never valid in HTML text, dropped). */
export const html = (text: string) =>
  printable(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A table of already-escaped cells. */
export const table = (head: string[], rows: string[][], className = '') =>
  `<table${className ? ` class="${className}"` : ''}><thead><tr>${head.map((h) => `<th>${html(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;

const STYLE = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#111827;background:#f9fafb}
main{max-width:1000px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #e5e7eb;padding-bottom:4px}
.drill{background:#fef3c7;border:1px solid #f59e0b;padding:8px 12px;border-radius:6px}
.unsealed{color:#b91c1c}
.outcome{display:inline-block;padding:2px 10px;border-radius:999px;background:#e5e7eb;font-weight:600}
.contained{background:#d1fae5}.escalated,.breached{background:#fee2e2}.dismissed{background:#e0e7ff}
.metrics{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px}
.metric{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:10px 12px}
.metric b{display:block;font-size:20px}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}
th,td{border:1px solid #e5e7eb;padding:6px 8px;text-align:left;vertical-align:top;word-break:break-word}
th{background:#f3f4f6}code{font-size:12px}
.entries td:nth-child(-n+3){white-space:nowrap;word-break:normal}
.chart{width:100%;height:auto;background:#fff;border:1px solid #e5e7eb;border-radius:8px}
.critical,.high{background:#fee2e2}.medium{background:#fef3c7}.low,.info{background:#e0e7ff}
.chart .lane{font-size:12px;fill:#374151}.chart .tick{font-size:11px;fill:#6b7280}.chart .axis{stroke:#d1d5db}
footer{color:#6b7280;font-size:12px;margin-top:32px}`;

/** A self-contained page (no scripts, no external assets; a CSP that forbids both), in the reports' style. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${html(title)}</title>
<style>${STYLE}</style></head>
<body><main>${body}</main></body></html>
`;
}
