import { InvalidInputError } from '../domain/errors.js';
import { CapturedText } from './captured-text.js';
import { JsonGrammar } from './json-grammar.js';
import { JsonScanner } from './json-scanner.js';
import { WRAPPER_KEYS } from './material.js';
import { mayBeRecord } from './record-skeleton.js';
import { SplitValue } from './split-value.js';
import { TopLevelFields } from './top-level-fields.js';
import { wholeLine } from './whole-line.js';
import { WrapperDocument } from './wrapper-document.js';

/** The largest single record, finding or event Rekey reads from a file (CloudTrail's records are a few kilobytes). */
export const MAX_RECORD_CHARACTERS = 16 * 1024 * 1024;

const WRAPPER = new Set(WRAPPER_KEYS);

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
/** Inside a wrapper, outside its records: its other fields are kept by its WrapperDocument, not emitted. */
const SKIP = -1;
const NEWLINE = 0x0a;
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * Splits JSON text, fed in chunks of any size, into the values it holds, one at a time, so memory is bounded by the
 * largest value rather than the input: a stream of documents (JSON lines, or several documents), the elements of a
 * top-level array, and the records of a wrapper (`{"Records": [...]}`, a findings export) each on its own, the
 * wrapper read as JSON.parse and materialToEvents read it (WrapperDocument). Each value is emitted as its text,
 * unparsed, with its top-level fields when they may show a CloudTrail record and it is an object JSON.parse would
 * read (so a consumer may decide from them whether to parse it at all). A value nested deeper than MAX_JSON_DEPTH or
 * longer than `limit` is an InvalidInputError naming it.
 */
export class JsonSplitter extends JsonScanner {
  /** The depth at which a value that starts is emitted on its own. */
  private emitDepth = 0;
  private capturing = false;
  private scalar = false;
  private readonly text: CapturedText;
  /** Where the value being captured starts in the current chunk (-1: before it). */
  private start = -1;
  private values = 0;
  /** The line the value being captured starts on. */
  private startLine = 1;
  /** The top-level fields of the object being captured. */
  private fields: TopLevelFields | undefined;
  /** The fields told what is read at `fieldsDepth`: those of the object captured, or of the wrapper around it. */
  private tracked: TopLevelFields | undefined;
  private fieldsDepth = -1;
  /** The top-level object whose records are being read. */
  private doc: WrapperDocument | undefined;
  private readonly grammar = new JsonGrammar();
  /** Whether the value captured was tried whole from its line. */
  private tried = false;

  /** `limit`: the most characters of one value, or of a wrapper held whole, kept in memory. */
  constructor(
    private readonly emit: (value: SplitValue) => void,
    private readonly limit = MAX_RECORD_CHARACTERS,
  ) {
    super();
    this.text = new CapturedText(limit);
  }

  /** Feeds the next chunk of text. */
  push(chunk: string): void {
    this.start = this.capturing ? 0 : -1;
    this.startChunk(chunk);
    let i = 0;
    while (i < chunk.length) {
      if (this.inString) {
        i = this.stepInString(chunk, i);
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (c === NEWLINE) this.newline(chunk, i);
      if (this.capturing && !this.scalar) i += this.insideValue(chunk, i, c);
      else {
        this.structural(chunk, i, c);
        i += 1;
      }
    }
    if (this.capturing && this.start >= 0) this.text.keep(chunk.slice(this.start), this.values + 1);
    this.doc?.chunkEnds(chunk, this.emitDepth === 2);
    if (this.inString && this.atFields()) this.tracked?.chunkEnds(chunk);
  }

  /** Ends the input: a value left open is an error. Returns how many values were emitted. */
  end(): number {
    if (this.capturing && this.scalar && !this.inString) this.finish('', -1, 0);
    if (this.depth !== 0 || this.inString || this.capturing)
      throw new InvalidInputError('the input ends inside a JSON value: it is cut short, or not JSON');
    return this.values;
  }

  /** Whether the depth is the top level of an object whose fields are read. */
  private atFields(): boolean {
    return this.depth === this.fieldsDepth;
  }

  protected escapeInString(): void {
    if (this.atFields()) this.tracked?.escape();
  }

  protected closeString(chunk: string, quote: number): number {
    if (this.atFields()) {
      this.tracked?.closeString(chunk, quote);
      if (this.tracked?.lastKey === 'detail-type' && this.emitDepth === 0 && !this.tried)
        return this.whole(chunk, quote);
    }
    if (this.capturing && this.scalar && this.depth === this.emitDepth) {
      this.finish(chunk, this.start, quote + 1);
      this.start = -1;
    }
    return quote + 1;
  }

  /** An object with a detail-type (an EventBridge event) is parsed: once, whole from its line if it may be. */
  private whole(chunk: string, quote: number): number {
    this.tried = true;
    const newline = this.newlineAhead;
    const line = newline !== -1 && this.text.empty ? wholeLine(chunk, this.start, newline) : undefined;
    if (line === undefined) return quote + 1;
    this.text.end(line.text, this.values + 1);
    this.depth = 0;
    this.open.length = 0;
    const value = new SplitValue(line.text, this.startLine, undefined, line.parsed);
    this.drop();
    this.start = -1;
    this.out(value);
    return line.end;
  }

  /**
   * One character outside strings inside an object or array being captured (the common case, kept short), told to
   * the grammar too. Returns how many characters it took (a number or literal is taken whole).
   */
  private insideValue(chunk: string, i: number, c: number): number {
    const grammar = this.grammar;
    switch (c) {
      case QUOTE:
        grammar.quote();
        this.openString(i);
        // Straight into the string, as the next step of push would go: one turn of its loop fewer per string.
        return this.stepInString(chunk, i + 1) - i;
      case COMMA:
      case COLON:
        if (c === COMMA) grammar.comma(this.open[this.open.length - 1]);
        else grammar.colon();
        if (this.atFields()) this.tracked?.separator(c === COMMA);
        return 1;
      case OPEN_OBJECT:
      case OPEN_ARRAY:
        grammar.open(c);
        this.openContainer(chunk, i, c);
        return 1;
      case CLOSE_OBJECT:
      case CLOSE_ARRAY:
        grammar.close(c, this.open[this.open.length - 1], this.depth - 1 === this.emitDepth);
        this.close(chunk, i);
        return 1;
      case 0x20:
      case 0x0a:
      case 0x0d:
      case 0x09:
        return 1;
      default:
        return grammar.token(chunk, i);
    }
  }

  private openString(i: number): void {
    this.inString = true;
    if (this.atFields()) this.tracked?.openString(i);
  }

  /** One character outside strings, outside an object or array being captured. */
  private structural(chunk: string, i: number, c: number): void {
    // A bare word at the top level runs to the end of its line (JSON lines with a line that is not JSON).
    const delimiter =
      this.depth === 0
        ? c === NEWLINE
        : isSpace(c) || c === COMMA || c === COLON || c === CLOSE_ARRAY || c === CLOSE_OBJECT;
    if (this.capturing && this.scalar && delimiter) {
      this.finish(chunk, this.start, i);
      this.start = -1;
    } else if (this.capturing && this.scalar && this.depth === 0) return;
    if (isSpace(c)) return;
    if (c === COMMA || c === COLON) {
      if (this.atFields()) this.tracked?.separator(c === COMMA);
      return;
    }
    if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      this.close(chunk, i);
      return;
    }
    if (!this.capturing && this.depth === this.emitDepth) {
      // A top-level array's elements are values of their own; anything else is captured whole.
      if (c === OPEN_ARRAY && this.depth === 0) {
        this.enter(c, this.values + 1);
        this.emitDepth = 1;
        return;
      }
      this.capturing = true;
      this.tried = false;
      this.scalar = c !== OPEN_OBJECT && c !== OPEN_ARRAY;
      this.startLine = this.line;
      this.start = i;
      if (c === OPEN_OBJECT) {
        this.fields = new TopLevelFields();
        this.track(this.fields, this.emitDepth + 1);
      }
      if (!this.scalar) this.grammar.begin(c);
    }
    if (c === QUOTE) this.openString(i);
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) this.openContainer(chunk, i, c);
  }

  private track(fields: TopLevelFields | undefined, depth: number): void {
    this.tracked = fields;
    this.fieldsDepth = depth;
  }

  private openContainer(chunk: string, i: number, c: number): void {
    this.enter(c, this.values + 1);
    if (c === OPEN_ARRAY && this.depth === 2 && this.emitDepth !== 1) this.openRecords(chunk, i);
  }

  /** An array at the top level of a top-level object: a wrapper's records when under a wrapper key. */
  private openRecords(chunk: string, i: number): void {
    const key = this.tracked?.lastKey ?? '';
    if (!WRAPPER.has(key)) return;
    if (this.emitDepth === 0 && this.fields !== undefined) {
      // What was captured of the object is its WrapperDocument's; its records are values of their own.
      const { fields, startLine, start, limit } = this;
      this.doc = new WrapperDocument(fields, startLine, this.text.take(), start, (v) => this.out(v), limit);
      this.drop();
      this.start = -1;
    } else if (this.emitDepth !== SKIP || this.doc === undefined) return;
    this.doc.openRecords(chunk, i, key);
    this.emitDepth = 2;
  }

  private close(chunk: string, i: number): void {
    this.depth -= 1;
    this.open.pop();
    if (this.capturing) {
      if (this.depth !== this.emitDepth) return;
      this.fields?.settle();
      this.finish(chunk, this.start, i + 1);
      this.start = -1;
    } else if (this.depth < this.emitDepth || (this.emitDepth === SKIP && this.depth === 0))
      this.leave(chunk, i);
  }

  /** A top-level array, a wrapper's records or the wrapper itself closes. */
  private leave(chunk: string, i: number): void {
    const doc = this.doc;
    if (doc !== undefined && this.depth === 1) {
      this.emitDepth = SKIP;
      doc.closeRecords(i);
      return;
    }
    this.emitDepth = 0;
    if (doc === undefined) return;
    this.doc = undefined;
    this.track(undefined, -1);
    doc.close(chunk, i);
  }

  private drop(): void {
    this.capturing = false;
    this.text.clear();
    this.fields = undefined;
    this.track(this.doc?.keys, this.doc ? 1 : -1);
  }

  private finish(chunk: string, start: number, end: number): void {
    const text = this.text.end(start >= 0 ? chunk.slice(start, end) : '', this.values + 1);
    // Fields that cannot show a record no rule takes are no use: the value is parsed, and JSON.parse checks it.
    const f = this.fields;
    const fields =
      f?.reliable && mayBeRecord(f.fields) && this.grammar.wellFormed(text) ? f.fields : undefined;
    const value = new SplitValue(text, this.startLine, fields);
    this.drop();
    if (this.doc) this.doc.record(value);
    else this.out(value);
  }

  private out(value: SplitValue): void {
    this.values += 1;
    this.emit(value);
  }
}
