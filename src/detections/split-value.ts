import { markJsonMade } from '../domain/json-made.js';

/**
 * One value of an input, as the splitter found it: its text, the line it starts on and, for an object that is JSON
 * (JSON.parse would read it) whose keys read as written and that may be a CloudTrail record (mayBeRecord), its
 * top-level fields of the keys a record's skeleton reads (SKELETON_KEYS; each a plain string, or null for any other
 * value). It is parsed only if asked.
 */
export class SplitValue {
  constructor(
    readonly text: string,
    readonly line: number,
    readonly fields: ReadonlyMap<string, string | null> | undefined,
    private parsed?: unknown,
  ) {}

  /** The parsed value; text that is not JSON is `{__unreadable: reason}` (with its line), so reading goes on. */
  parse(): unknown {
    // Parsed already by the splitter: given once, so no two callers share one object.
    if (this.parsed !== undefined) {
      const parsed = this.parsed;
      this.parsed = undefined;
      return parsed;
    }
    try {
      const value: unknown = JSON.parse(this.text);
      markJsonMade(value);
      return value;
    } catch (error) {
      return { __unreadable: `line ${this.line} is not JSON: ${(error as Error).message}` };
    }
  }
}
