/** A JSON number that keeps its spelling (`300` and `300.0` are different texts of the same value). */
export class JsonNumber {
  readonly value: number;

  constructor(readonly raw: string) {
    this.value = Number(raw);
  }
}

/** A parsed JSON value with numbers kept as written; duplicate object keys: the last one wins, as in JSON.parse. */
export type JsonValue = string | boolean | null | JsonNumber | JsonValue[] | { [key: string]: JsonValue };

/** A JSON syntax error with the offset where it was found. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at offset ${offset}`);
    this.name = 'JsonSyntaxError';
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS: ReadonlyArray<[string, boolean | null]> = [
  ['true', true],
  ['false', false],
  ['null', null],
];
const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** A recursive-descent reader of one JSON text, its position in `at`. */
class JsonTextReader {
  at = 0;

  constructor(private readonly text: string) {}

  fail(message: string): never {
    throw new JsonSyntaxError(message, this.at);
  }

  space(): void {
    while (this.at < this.text.length && ' \t\n\r'.includes(this.text.charAt(this.at))) this.at += 1;
  }

  /** Steps over `char` if it comes next. */
  skip(char: string): boolean {
    if (this.text.charAt(this.at) !== char) return false;
    this.at += 1;
    return true;
  }

  string(): string {
    this.at += 1;
    let out = '';
    for (;;) {
      const char = this.text.charAt(this.at);
      if (char === '') this.fail('unterminated string');
      if (char === '"') {
        this.at += 1;
        return out;
      }
      if (char < ' ') this.fail('control character in string');
      if (char === '\\') out += this.escape();
      else {
        out += char;
        this.at += 1;
      }
    }
  }

  escape(): string {
    const escaped = this.text.charAt(this.at + 1);
    if (escaped === 'u') {
      const hex = this.text.slice(this.at + 2, this.at + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad unicode escape');
      this.at += 6;
      return String.fromCharCode(Number.parseInt(hex, 16));
    }
    const decoded = ESCAPES[escaped];
    if (decoded === undefined) this.fail(`bad escape \\${escaped}`);
    this.at += 2;
    return decoded;
  }

  object(): JsonValue {
    this.at += 1;
    const object: { [key: string]: JsonValue } = {};
    this.space();
    if (this.skip('}')) return object;
    for (;;) {
      this.space();
      if (this.text.charAt(this.at) !== '"') this.fail('expected a string key');
      const key = this.string();
      this.space();
      if (!this.skip(':')) this.fail('expected :');
      // defineProperty: a key such as __proto__ is data, never the object's prototype.
      Object.defineProperty(object, key, {
        value: this.value(),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.space();
      if (this.skip('}')) return object;
      if (!this.skip(',')) this.fail('expected , or }');
    }
  }

  array(): JsonValue {
    this.at += 1;
    const array: JsonValue[] = [];
    this.space();
    if (this.skip(']')) return array;
    for (;;) {
      array.push(this.value());
      this.space();
      if (this.skip(']')) return array;
      if (!this.skip(',')) this.fail('expected , or ]');
    }
  }

  value(): JsonValue {
    this.space();
    const char = this.text.charAt(this.at);
    if (char === '{') return this.object();
    if (char === '[') return this.array();
    if (char === '"') return this.string();
    for (const [word, literal] of LITERALS) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return literal;
      }
    }
    NUMBER.lastIndex = this.at;
    const number = NUMBER.exec(this.text);
    if (!number) return this.fail('unexpected character');
    this.at += number[0].length;
    return new JsonNumber(number[0]);
  }
}

/** Parses strict JSON (RFC 8259), keeping each number's text. */
export function parseJsonText(text: string): JsonValue {
  const reader = new JsonTextReader(text);
  const result = reader.value();
  reader.space();
  if (reader.at !== text.length) reader.fail('unexpected text after the JSON value');
  return result;
}

/** Turns a plain JavaScript value (from JSON.parse or YAML) into a JsonValue. */
export function fromPlain(value: unknown): JsonValue {
  if (typeof value === 'number') return new JsonNumber(String(value));
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof JsonNumber) return value;
  if (Array.isArray(value)) return value.map(fromPlain);
  if (typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== undefined)
        Object.defineProperty(out, key, {
          value: fromPlain(v),
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    return out;
  }
  return null;
}

/** Whether a parsed value is a JSON object. */
export function isJsonObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof JsonNumber)
  );
}
