import { InvalidInputError } from '../domain/errors.js';
import { MAX_JSON_DEPTH } from '../domain/json-limits.js';

const NEWLINE = 0x0a;

/**
 * What any reader of JSON text fed in chunks keeps track of: the depth (each open container), whether it is inside
 * a string, and the line it is at. Strings are stepped over by searching for their end and their next escape, not
 * character by character; a subclass is told each escape and each string's end.
 */
export abstract class JsonScanner {
  protected depth = 0;
  protected readonly open: number[] = [];
  protected inString = false;
  private escaped = false;
  /** The line the input is at. */
  protected line = 1;
  /** The next newline and backslash of the current chunk not yet passed (-1: none; -2: not looked for). */
  private nextNewline = -1;
  private nextBackslash = -2;

  /** A string at this depth met an escape. */
  protected abstract escapeInString(): void;
  /** A string ends at `quote`. Returns where to go on (past the quote, or past a value read whole). */
  protected abstract closeString(chunk: string, quote: number): number;

  /** A chunk starts. */
  protected startChunk(chunk: string): void {
    this.nextNewline = chunk.indexOf('\n');
    this.nextBackslash = -2;
  }

  /** The next newline of the current chunk not yet passed (-1: none). */
  protected get newlineAhead(): number {
    return this.nextNewline;
  }

  /** A newline outside strings at `i`. */
  protected newline(chunk: string, i: number): void {
    this.line += 1;
    this.nextNewline = chunk.indexOf('\n', i + 1);
  }

  /** Steps through a string from `i`: to the next escape, its end, or the chunk's end. Returns where to go on. */
  protected stepInString(chunk: string, i: number): number {
    if (this.escaped) {
      this.escaped = false;
      if (chunk.charCodeAt(i) === NEWLINE) this.countNewlines(chunk, i + 1);
      return i + 1;
    }
    let quote = chunk.indexOf('"', i);
    if (quote === -1) quote = chunk.length;
    if (this.nextBackslash !== -1 && this.nextBackslash < i) this.nextBackslash = chunk.indexOf('\\', i);
    const escapes = this.nextBackslash !== -1 && this.nextBackslash < quote;
    const stop = escapes ? this.nextBackslash : quote;
    this.countNewlines(chunk, stop);
    if (stop === chunk.length) return stop;
    if (escapes) {
      this.escaped = true;
      this.escapeInString();
      return stop + 1;
    }
    this.inString = false;
    return this.closeString(chunk, quote);
  }

  /** Counts the newlines before `end` (inside a string: only where the text is not JSON). */
  private countNewlines(chunk: string, end: number): void {
    while (this.nextNewline !== -1 && this.nextNewline < end) {
      this.line += 1;
      this.nextNewline = chunk.indexOf('\n', this.nextNewline + 1);
    }
  }

  /** A container opens with `c`, in the `value`th value (named if it nests too deep). */
  protected enter(c: number, value: number): void {
    this.depth += 1;
    this.open.push(c);
    if (this.depth > MAX_JSON_DEPTH)
      throw new InvalidInputError(
        `value ${value} nests deeper than ${MAX_JSON_DEPTH} levels: not something AWS writes`,
      );
  }
}
