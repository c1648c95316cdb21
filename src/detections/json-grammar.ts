/**
 * Whether the text of one object or array is JSON that JSON.parse reads, checked as the splitter steps through it
 * (the structure character by character, each number or literal as a token) and, once it is whole, by a scan of
 * its strings' escapes and control characters. Sound, not complete: `true` only for text JSON.parse reads; some
 * such text (pretty-printed, with raw tabs or newlines) is reported `false` and simply parsed.
 */

enum Expect {
  Value = 0,
  ValueOrClose = 1,
  Key = 2,
  KeyOrClose = 3,
  Colon = 4,
  After = 5,
  Done = 6,
}

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;

/** A number or literal where one starts (it must then end: the next character may not continue it). */
const TOKEN = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
// biome-ignore lint/suspicious/noControlCharactersInRegex: a raw control character is what JSON refuses.
const CONTROL = /[\u0000-\u001f]/;
/** The escapes JSON has, taken left to right (so `\\\\` is one): a backslash left after them is not JSON. */
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/g;

const continuesToken = (c: number) =>
  (c >= 0x30 && c <= 0x39) ||
  (c >= 0x61 && c <= 0x7a) ||
  c === 0x2d ||
  c === 0x2b ||
  c === 0x2e ||
  c === 0x45;

/**
 * The grammar of one captured object or array, told the characters outside its strings one kind at a time. A
 * token cut by the end of a chunk is not followed into the next: the value is then reported not well formed.
 */
export class JsonGrammar {
  private expect: Expect = Expect.Value;
  private ok = true;

  /** Starts a value that opens with `c` (`{` or `[`). */
  begin(c: number): void {
    this.expect = c === OPEN_OBJECT ? Expect.KeyOrClose : Expect.ValueOrClose;
    this.ok = true;
  }

  /** A string starts: a key or a value. */
  quote(): void {
    const e = this.expect;
    if (e === Expect.Key || e === Expect.KeyOrClose) this.expect = Expect.Colon;
    else if (e === Expect.Value || e === Expect.ValueOrClose) this.expect = Expect.After;
    else this.ok = false;
  }

  colon(): void {
    if (this.expect === Expect.Colon) this.expect = Expect.Value;
    else this.ok = false;
  }

  /** A comma inside the container `inside` (`{` or `[`). */
  comma(inside: number | undefined): void {
    if (this.expect === Expect.After) this.expect = inside === OPEN_OBJECT ? Expect.Key : Expect.Value;
    else this.ok = false;
  }

  open(c: number): void {
    const e = this.expect;
    if (e === Expect.Value || e === Expect.ValueOrClose)
      this.expect = c === OPEN_OBJECT ? Expect.KeyOrClose : Expect.ValueOrClose;
    else this.ok = false;
  }

  /** `c` closes the container `inside`; `last` when that is the captured value itself. */
  close(c: number, inside: number | undefined, last: boolean): void {
    const e = this.expect;
    const object = c === CLOSE_OBJECT;
    this.ok &&=
      inside === (object ? OPEN_OBJECT : OPEN_ARRAY) &&
      (e === Expect.After || e === (object ? Expect.KeyOrClose : Expect.ValueOrClose));
    this.expect = last ? Expect.Done : Expect.After;
  }

  /** Any other character: a number or literal must start there and end before the chunk does. Returns its length. */
  token(chunk: string, i: number): number {
    const e = this.expect;
    TOKEN.lastIndex = i;
    const length = (e === Expect.Value || e === Expect.ValueOrClose) && TOKEN.exec(chunk)?.[0].length;
    if (!length || i + length >= chunk.length || continuesToken(chunk.charCodeAt(i + length))) {
      this.ok = false;
      return 1;
    }
    this.expect = Expect.After;
    return length;
  }

  /** Whether the whole text read is JSON: the value closed, every token and string well formed. */
  wellFormed(text: string): boolean {
    return (
      this.ok &&
      this.expect === Expect.Done &&
      !CONTROL.test(text) &&
      (!text.includes('\\') || !text.replace(ESCAPE, '').includes('\\'))
    );
  }
}
