import { InvalidInputError } from '../domain/errors.js';
import { MAX_JSON_DEPTH } from '../domain/json-limits.js';

/** The largest single record, finding or event Rekey reads from a file (CloudTrail's records are a few kilobytes). */
export const MAX_RECORD_CHARACTERS = 16 * 1024 * 1024;

/** The keys whose array holds the records of a wrapper document: CloudTrail log files, findings exports. */
const WRAPPER_KEYS = new Set(['Records', 'Findings', 'findings']);

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
/** Inside a wrapper, after its records: its other fields are skipped, not emitted. */
const SKIP = -1;
const NEWLINE = 0x0a;
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * Splits JSON text, fed in chunks of any size, into the values it holds, one at a time, so memory is bounded by the
 * largest value rather than the input: a stream of documents (JSON lines, or several documents), the elements of a
 * top-level array, and the records of a wrapper (`{"Records": [...]}`, a findings export) each on its own. A value
 * that is not JSON is emitted as `{__unreadable: reason}` (with its line) and reading goes on; one nested deeper
 * than MAX_JSON_DEPTH or longer than MAX_RECORD_CHARACTERS is an InvalidInputError naming it.
 */
export class JsonSplitter {
  private depth = 0;
  private readonly open: number[] = [];
  private inString = false;
  private escaped = false;
  /** The depth at which a value that starts is emitted on its own. */
  private emitDepth = 0;
  private capturing = false;
  private scalar = false;
  private pieces: string[] = [];
  private captured = 0;
  /** The last string at depth 1 of a top-level object, for the key of a wrapper's records. */
  private key: string[] | undefined;
  private lastKey = '';
  private values = 0;
  /** The line the input is at, and the one the value being captured starts on. */
  private line = 1;
  private startLine = 1;

  constructor(private readonly emit: (value: unknown) => void) {}

  /** Feeds the next chunk of text. */
  push(chunk: string): void {
    let start = this.capturing ? 0 : -1;
    let keyStart = 0;
    for (let i = 0; i < chunk.length; i += 1) {
      const c = chunk.charCodeAt(i);
      if (c === NEWLINE) this.line += 1;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) {
          this.inString = false;
          if (this.key) {
            this.lastKey = this.key.join('') + chunk.slice(keyStart, i);
            this.key = undefined;
          }
          if (this.capturing && this.scalar && this.depth === this.emitDepth) {
            this.finish(chunk, start, i + 1);
            start = -1;
          }
        }
        continue;
      }
      // A bare word at the top level runs to the end of its line (JSON lines with a line that is not JSON).
      const delimiter =
        this.depth === 0
          ? c === NEWLINE
          : isSpace(c) || c === COMMA || c === COLON || c === CLOSE_ARRAY || c === CLOSE_OBJECT;
      if (this.capturing && this.scalar && delimiter) {
        this.finish(chunk, start, i);
        start = -1;
      } else if (this.capturing && this.scalar && this.depth === 0) continue;
      if (isSpace(c) || c === COMMA || c === COLON) continue;
      if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
        this.depth -= 1;
        this.open.pop();
        if (this.capturing && this.depth === this.emitDepth) {
          this.finish(chunk, start, i + 1);
          start = -1;
        } else if (!this.capturing && this.depth < this.emitDepth)
          this.emitDepth = this.depth === 1 ? SKIP : 0;
        else if (!this.capturing && this.emitDepth === SKIP && this.depth === 0) this.emitDepth = 0;
        continue;
      }
      if (!this.capturing && this.depth === this.emitDepth) {
        // A top-level array's elements are values of their own; anything else is captured whole.
        if (c === OPEN_ARRAY && this.depth === 0) {
          this.enter(c);
          this.emitDepth = 1;
          continue;
        }
        this.capturing = true;
        this.scalar = c !== OPEN_OBJECT && c !== OPEN_ARRAY;
        this.startLine = this.line;
        start = i;
      }
      if (c === QUOTE) {
        this.inString = true;
        if (this.depth === 1 && this.open[0] === OPEN_OBJECT && this.emitDepth === 0) {
          this.key = [];
          keyStart = i + 1;
        }
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        this.enter(c);
        if (c === OPEN_ARRAY && this.depth === 2 && this.emitDepth === 0 && WRAPPER_KEYS.has(this.lastKey)) {
          // A wrapper: its records are the values, one by one; what was captured of it is dropped.
          this.drop();
          start = -1;
          this.emitDepth = 2;
        }
      }
    }
    if (this.capturing && start >= 0) this.keep(chunk.slice(start));
    if (this.inString && this.key) this.key.push(chunk.slice(keyStart));
  }

  /** Ends the input: a value left open is an error. Returns how many values were emitted. */
  end(): number {
    if (this.capturing && this.scalar && !this.inString) this.finish('', -1, 0);
    if (this.depth !== 0 || this.inString || this.capturing)
      throw new InvalidInputError('the input ends inside a JSON value: it is cut short, or not JSON');
    return this.values;
  }

  private enter(c: number): void {
    this.depth += 1;
    this.open.push(c);
    if (this.depth > MAX_JSON_DEPTH)
      throw new InvalidInputError(
        `value ${this.values + 1} nests deeper than ${MAX_JSON_DEPTH} levels: not something AWS writes`,
      );
  }

  private keep(piece: string): void {
    this.captured += piece.length;
    if (this.captured > MAX_RECORD_CHARACTERS)
      throw new InvalidInputError(
        `value ${this.values + 1} is longer than ${MAX_RECORD_CHARACTERS / 1024 / 1024}M characters: not a record AWS writes`,
      );
    this.pieces.push(piece);
  }

  private drop(): void {
    this.capturing = false;
    this.pieces = [];
    this.captured = 0;
  }

  private finish(chunk: string, start: number, end: number): void {
    if (start >= 0) this.keep(chunk.slice(start, end));
    const text = this.pieces.join('');
    this.drop();
    this.values += 1;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      // Well formed around it, so the rest can still be read: it is reported, and reading goes on.
      value = { __unreadable: `line ${this.startLine} is not JSON: ${(error as Error).message}` };
    }
    this.emit(value);
  }
}
