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

/** Parses strict JSON (RFC 8259), keeping each number's text. */
export function parseJsonText(text: string): JsonValue {
  let at = 0;
  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, at);
  };
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text.charAt(at))) at += 1;
  };
  const expect = (literal: string) => {
    if (text.startsWith(literal, at)) at += literal.length;
    else fail(`expected ${literal}`);
  };
  const readString = (): string => {
    at += 1;
    let out = '';
    for (;;) {
      const char = text.charAt(at);
      if (char === '') fail('unterminated string');
      if (char === '"') {
        at += 1;
        return out;
      }
      if (char < ' ') fail('control character in string');
      if (char === '\\') {
        const escaped = text.charAt(at + 1);
        if (escaped === 'u') {
          const hex = text.slice(at + 2, at + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad unicode escape');
          out += String.fromCharCode(Number.parseInt(hex, 16));
          at += 6;
        } else {
          const decoded = ESCAPES[escaped];
          if (decoded === undefined) fail(`bad escape \\${escaped}`);
          out += decoded;
          at += 2;
        }
        continue;
      }
      out += char;
      at += 1;
    }
  };
  const value = (): JsonValue => {
    space();
    const char = text.charAt(at);
    if (char === '{') {
      at += 1;
      const object: { [key: string]: JsonValue } = {};
      space();
      if (text.charAt(at) === '}') {
        at += 1;
        return object;
      }
      for (;;) {
        space();
        if (text.charAt(at) !== '"') fail('expected a string key');
        const key = readString();
        space();
        expect(':');
        Object.defineProperty(object, key, {
          value: value(),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        space();
        if (text.charAt(at) === ',') at += 1;
        else if (text.charAt(at) === '}') {
          at += 1;
          return object;
        } else fail('expected , or }');
      }
    }
    if (char === '[') {
      at += 1;
      const array: JsonValue[] = [];
      space();
      if (text.charAt(at) === ']') {
        at += 1;
        return array;
      }
      for (;;) {
        array.push(value());
        space();
        if (text.charAt(at) === ',') at += 1;
        else if (text.charAt(at) === ']') {
          at += 1;
          return array;
        } else fail('expected , or ]');
      }
    }
    if (char === '"') return readString();
    for (const [word, literal] of LITERALS) {
      if (text.startsWith(word, at)) {
        at += word.length;
        return literal;
      }
    }
    NUMBER.lastIndex = at;
    const number = NUMBER.exec(text);
    if (!number) return fail('unexpected character');
    at += number[0].length;
    return new JsonNumber(number[0]);
  };
  const result = value();
  space();
  if (at !== text.length) fail('unexpected text after the JSON value');
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
