import { MAX_JSON_DEPTH, markShallow } from '../domain/json-limits.js';
import { markJsonMade } from '../domain/json-made.js';

/** A value read whole from its line: its text, where the text ends in the chunk, and the value parsed. */
export interface WholeLine {
  text: string;
  end: number;
  parsed: unknown;
}

/** Whether a parsed value nests at most `levels` containers deep (the top one counted). */
function within(value: unknown, levels: number): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (levels === 0) return false;
  if (Array.isArray(value)) {
    for (const element of value) if (!within(element, levels - 1)) return false;
  } else
    for (const key in value) if (!within((value as Record<string, unknown>)[key], levels - 1)) return false;
  return true;
}

const containers = (text: string) => {
  let n = 0;
  for (let i = text.indexOf('{'); i !== -1; i = text.indexOf('{', i + 1)) n += 1;
  for (let i = text.indexOf('['); i !== -1; i = text.indexOf('[', i + 1)) n += 1;
  return n;
};

/**
 * The value starting at `start` of the chunk, read as all of its line up to the newline at `newline` when that is
 * one JSON value nested no deeper than MAX_JSON_DEPTH; undefined otherwise (several values on the line, a value
 * spanning lines, text that is not JSON), for the splitter to step through. A value the splitter has seen will be
 * parsed (an EventBridge event, in JSON lines) is so parsed once, not stepped through first.
 */
export function wholeLine(chunk: string, start: number, newline: number): WholeLine | undefined {
  let end = newline;
  while (end > start && (chunk.charCodeAt(end - 1) === 0x0d || chunk.charCodeAt(end - 1) === 0x20)) end -= 1;
  const text = chunk.slice(start, end);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  // Fewer containers than the limit cannot nest deeper than it; more are counted level by level.
  if (containers(text) > MAX_JSON_DEPTH && !within(parsed, MAX_JSON_DEPTH)) return undefined;
  markShallow(parsed);
  markJsonMade(parsed);
  return { text, end, parsed };
}
