import { InvalidInputError } from '../domain/errors.js';
import { wrapperKey } from './material.js';
import { SplitValue } from './split-value.js';
import type { TopLevelFields } from './top-level-fields.js';

/** A wrapper is held whole up to this (4 x EventBridge's largest event) while its records may not be its own. */
const HOLD_CHARACTERS = 1024 * 1024;

/**
 * A top-level object with an array under a wrapper key (`{"Records": [...]}`, a findings export), read as
 * JSON.parse and materialToEvents would read it: its fields after the records may still make it an EventBridge
 * event, unreadable, or the wrapper of another array (JSON.parse keeps a duplicate key's last value). So its
 * records are held, with its whole text, until it closes, then the records of the array it turns out to wrap are
 * emitted, or the object whole. Past `hold` characters (more than any EventBridge event), a wrapper whose fields so
 * far say the array being read is its records (a big CloudTrail log file) has them emitted as they come, its memory
 * bounded, and is refused at its end if its later fields say otherwise (no document AWS writes; its records already
 * gone out); any other object is held whole up to `limit`, as any value is.
 */
export class WrapperDocument {
  /** The text of the object (undefined once its records stream), and its text with the records' arrays emptied. */
  private whole: string[] | undefined;
  private wholeLength: number;
  private readonly skeleton: string[];
  private skeletonLength: number;
  /** Where the whole text and the skeleton go on in the current chunk (-1: inside records, left out). */
  wholeStart: number;
  skeletonStart = -1;
  /** The records of each key's last array, while held. */
  private readonly held = new Map<string, SplitValue[]>();
  /** Arrays met per key, and the array being read (key and its number). */
  private readonly arrays = new Map<string, number>();
  private current: [string, number] = ['', 0];
  /** The array whose records stream, once the object is too long to hold, and whether it is being read. */
  private streaming: [string, number] | undefined;
  private live = false;
  /** Where the records of the array being read are held (undefined: not held). */
  private holding: SplitValue[] | undefined;
  /** Whether the fields before the array being read say it is the records (undefined: not asked yet). */
  private plain: boolean | undefined;

  /** Past `hold` characters, records stream if they may. */
  private readonly hold: number;

  /** The object from its line, its `keys`, its text so far (and where it goes on in the chunk) to its last record. */
  constructor(
    readonly keys: TopLevelFields,
    private readonly line: number,
    [pieces, length]: [string[], number],
    start: number,
    private readonly emit: (value: SplitValue) => void,
    private readonly limit: number,
  ) {
    this.hold = Math.min(HOLD_CHARACTERS, limit);
    this.whole = pieces;
    this.wholeLength = length;
    this.skeleton = [...pieces];
    this.skeletonLength = length;
    this.wholeStart = start;
    this.skeletonStart = start;
  }

  /** An array of records under `key` opens at `i` (its `[`). */
  openRecords(chunk: string, i: number, key: string): void {
    this.addSkeleton(chunk.slice(this.skeletonStart, i + 1));
    this.skeletonStart = -1;
    const n = (this.arrays.get(key) ?? 0) + 1;
    this.arrays.set(key, n);
    this.current = [key, n];
    this.plain = undefined;
    // An array after the one streaming is not its wrapper's records: the wrapper is refused at its end.
    this.live = false;
    this.holding = this.whole ? [] : undefined;
    if (this.holding) this.held.set(key, this.holding);
  }

  /** The array of records closes at `i` (its `]`). */
  closeRecords(i: number): void {
    this.skeletonStart = i;
  }

  /** One record of the array being read. */
  record(value: SplitValue): void {
    if (this.live) this.emit(value);
    else this.holding?.push(value);
  }

  /** The chunk ends: what it holds of the object is kept; past the limit, the records being read stream. */
  chunkEnds(chunk: string, inRecords: boolean): void {
    if (this.skeletonStart >= 0) this.addSkeleton(chunk.slice(this.skeletonStart));
    this.skeletonStart = inRecords ? -1 : 0;
    if (this.whole) {
      const piece = chunk.slice(this.wholeStart);
      this.whole.push(piece);
      this.wholeLength += piece.length;
      if (this.wholeLength > this.hold) this.stream(inRecords);
    }
    this.wholeStart = 0;
  }

  /** The object closes at `i` (its `}`): its records, or itself whole, go out. */
  close(chunk: string, i: number): void {
    this.addSkeleton(chunk.slice(this.skeletonStart, i + 1));
    const key = this.key(this.skeleton.join(''));
    if (this.streaming) {
      if (key !== this.streaming[0] || this.arrays.get(key) !== this.streaming[1])
        throw this.refusal('its fields after the records make it something else to JSON.parse');
      return;
    }
    const records = key === undefined ? undefined : this.held.get(key);
    if (records) for (const record of records) this.emit(record);
    else
      this.emit(
        new SplitValue(
          [...(this.whole ?? []), chunk.slice(this.wholeStart, i + 1)].join(''),
          this.line,
          undefined,
        ),
      );
  }

  /** The wrapper key JSON.parse and materialToEvents read the object by (text not JSON: the first array's key). */
  private key(skeleton: string): string | undefined {
    try {
      return wrapperKey(JSON.parse(skeleton));
    } catch {
      return [...this.arrays.keys()][0];
    }
  }

  /** Long: the records being read stream if the object's fields so far say they are its records. */
  private stream(inRecords: boolean): void {
    const [key] = this.current;
    if (inRecords) this.plain ??= this.key(`${this.skeleton.join('')}]}`) === key;
    if (!inRecords || !this.plain) {
      if (this.wholeLength > this.limit)
        throw this.refusal(
          `it is longer than ${this.limit / 1024 / 1024}M characters and not a plain wrapper`,
        );
      return;
    }
    this.streaming = this.current;
    this.live = true;
    this.holding = undefined;
    for (const record of this.held.get(key) ?? []) this.emit(record);
    this.held.clear();
    this.whole = undefined;
  }

  private addSkeleton(piece: string): void {
    this.skeleton.push(piece);
    this.skeletonLength += piece.length;
    if (this.skeletonLength > this.limit)
      throw this.refusal(
        `its fields besides its records are longer than ${this.limit / 1024 / 1024}M characters`,
      );
  }

  private refusal(why: string): InvalidInputError {
    return new InvalidInputError(
      `the document on line ${this.line} holds records, but ${why}: not a document AWS writes`,
    );
  }
}
