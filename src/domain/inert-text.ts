/**
 * C0 and C1 control characters (but tab and newline), DEL, the escape sequences they start, and the bidirectional
 * overrides that make a terminal show text in another order than it is.
 */
const CONTROL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this is for.
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b[@-_]|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Whether text holds a character CONTROL's matches start with (every escape sequence starts with ESC). */
const HAS_CONTROL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this is for.
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Text with no control characters or terminal escape sequences: safe to print (tabs and newlines kept). */
export function printable(text: string): string {
  // Most text has none: one scan without building a copy (every triage line passes here).
  return HAS_CONTROL.test(text) ? text.replace(CONTROL, '') : text;
}

/** Text made inert in Markdown, on one line: every character Markdown or HTML would act on is escaped. */
export function markdownText(text: string): string {
  return printable(text)
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] as string)
    .replace(/[\\`*_{}[\]()#+!|~]/g, (c) => `\\${c}`);
}

/** Text as a Markdown code span: it cannot end the span or break the line. */
export function markdownCode(text: string): string {
  return `\`${printable(text)
    .replace(/[\r\n\t]+/g, ' ')
    .replaceAll('`', "'")}\``;
}

/** Text for a Mermaid label: letters, digits and plain punctuation only (no separators, markup or HTML). */
export function mermaidText(text: string): string {
  return printable(text)
    .replace(/[^\p{L}\p{N} .,'/@+=_\-*→…?]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
