/** A comma-separated option (`--allowlist a,b`) as a list, blanks dropped. */
export function commaList(value: string | undefined): string[] {
  return value
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : [];
}
