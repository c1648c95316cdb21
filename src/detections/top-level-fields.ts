import { SKELETON_KEYS } from './record-skeleton.js';

/** The first characters of the keys kept: most keys are ruled out by theirs, without hashing them. */
const FIRST = new Uint8Array(128);
for (const key of SKELETON_KEYS) FIRST[key.charCodeAt(0)] = 1;
const kept = (key: string) => {
  const c = key.charCodeAt(0);
  return (c >= 128 || FIRST[c] === 1) && SKELETON_KEYS.has(key);
};

/** A key written with escapes, as JSON.parse reads it (a wrapper's key may be). */
function decoded(key: string): string {
  try {
    return JSON.parse(`"${key}"`);
  } catch {
    return key;
  }
}

/**
 * The top-level fields of one object as the splitter steps through its text, of the keys a record's skeleton reads
 * (each other key costs a map entry per record and is read by nobody): each key with its value when that is a plain
 * string (no escape), null for any other value. Keys are read as written: an escaped key could parse as another, so
 * an object with one has no trustworthy fields.
 */
export class TopLevelFields {
  readonly fields = new Map<string, string | null>();
  reliable = true;
  /** The last key read (a wrapper's records follow theirs). */
  lastKey = '';
  private expectKey = true;
  private key: string | undefined;
  /** Whether a string at the top level is being read, and its pieces from chunks already ended (most have none). */
  private reading = false;
  private pieces: string[] = [];
  private start = 0;
  private escaped = false;

  /** A string starts at `i` at the object's top level. */
  openString(i: number): void {
    this.reading = true;
    if (this.pieces.length > 0) this.pieces = [];
    this.start = i + 1;
    this.escaped = false;
  }

  /** The string being read has an escape. */
  escape(): void {
    this.escaped = true;
  }

  /** The chunk ends inside the string being read. */
  chunkEnds(chunk: string): void {
    if (this.reading) this.pieces.push(chunk.slice(this.start));
    this.start = 0;
  }

  /** The string being read ends at `quote`. */
  closeString(chunk: string, quote: number): void {
    if (!this.reading) return;
    const piece = chunk.slice(this.start, quote);
    const text = this.pieces.length === 0 ? piece : this.pieces.join('') + piece;
    this.reading = false;
    if (this.pieces.length > 0) this.pieces = [];
    if (this.expectKey) {
      if (this.escaped) this.reliable = false;
      this.key = kept(text) ? text : undefined;
      this.lastKey = this.escaped ? decoded(text) : text;
    } else if (this.key !== undefined) {
      this.fields.set(this.key, this.escaped ? null : text);
      this.key = undefined;
    }
  }

  /** A comma or colon at the object's top level. */
  separator(comma: boolean): void {
    this.expectKey = comma;
    if (comma) this.settle();
  }

  /** A field whose value ended without a plain string being read holds something else. */
  settle(): void {
    if (this.key === undefined) return;
    this.fields.set(this.key, null);
    this.key = undefined;
  }
}
