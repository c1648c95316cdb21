/**
 * The differential test's pairs: EventBridge patterns over every operator and events shaped to hit and miss them,
 * from a seeded generator (the same seed gives the same pairs, so the list of Ruler's known errors stays exact).
 */

/** One pattern/event pair, both as JSON text. */
export interface Pair {
  id: number;
  pattern: string;
  event: string;
}

type Json = null | boolean | number | string | RawNumber | Json[] | { [key: string]: Json };

/** A number written as given (`300.0`, `3e2`), kept verbatim in the JSON text. */
class RawNumber {
  constructor(readonly text: string) {}
}

/** A small seeded generator (mulberry32). */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const some = <T>(items: readonly T[], most: number): T[] =>
    Array.from({ length: 1 + int(most) }, () => pick(items));
  return { next, int, pick, some, chance: (p: number) => next() < p };
}

type Random = ReturnType<typeof random>;

const STRINGS = ['abc', 'ABC', 'aBc', 'abcd', 'xabc', '', 'straße', 'STRASSE', 'Straße', 'ǅ', 'ǆ', 'Ǆ'];
const UNICODE = ['😀', '𐐀', '𐐨', 'ΰ', 'Ϋ́', 'ſ', 'S', 's', 'İ', 'i̇', 'K', 'k', 'Σ', 'σ', 'ς', 'ﬀ', 'FF'];
const FILES = ['x.png', 'X.PNG', 'dir/lib/x.js', 'a*b', 'a\\b', 'init-1', 'INIT-2', 'running', 'run.png'];
const NUMBERS = ['0', '-0', '1', '300', '300.0', '3e2', '3.0E+2', '0.5', '5e-1', '1.0000001', '1.0000002'];
const BIG = ['5e9', '5000000000', '5000000001', '-5e9', '6e9', '123456789012', '37.807807921694092', '1e400'];
const MORE = ['0.1234567', '0.12345678', '-2.5', '2.5', '99.999999', '100', '1e2', '7', '7.0000001', '1e-7'];
const IPS = [
  '10.0.0.1',
  '10.0.0.07',
  '010.0.0.1',
  '10.0.0.255',
  '10.0.1.0',
  '10.0.0.256',
  '192.0.2.1',
  '0.0.0.0',
];
const IP6 = ['::1', '::', '::ffff:a00:1', '::ffff:10.0.0.1', '2001:db8::1', '2001:0db8:00000::1', 'a00::1'];
const MORE_IP6 = ['2001:db8:ffff::1', '2001:db9::1', 'fe80::1', '::a00:1', '1:2:3:4:5:6:7:8', 'not an ip'];
const CIDRS = ['10.0.0.0/8', '10.0.0.0/24', '10.0.0.7/24', '0.0.0.0/0', '192.0.2.0/31', '10.0.0.0/+8'];
const MORE_CIDRS = ['010.0.0.0/8', '::/0', '2001:db8::/32', '::ffff:a00:0/104', 'a00::/8', '2001:db8::/127'];
const BAD_CIDRS = ['10.0.0.1/32', '2001:db8::1/128', '10.0.0.0', '10.0.0.0/x', '10.0.0.0/-1', '10.0.0.256/8'];
const WILDCARDS = ['*.png', 'x*', '*b*', 'a*c', '*', 'dir/*/x.js', '*lib*', 'a\\*b', '*a*b*c', '*run*'];
const COMPLEX = ['*:*:*:*:*:*', '*a*a*a*a*a*a*a*a*a*a', '*/d/*.b'];

const num = (text: string) => new RawNumber(text);
const anyNumber = (r: Random, big = 0.1) => num(r.pick(r.chance(big) ? BIG : [...NUMBERS, ...MORE]));
const anyString = (r: Random) => r.pick(r.chance(0.7) ? [...STRINGS, ...FILES] : UNICODE);
const anyIp = (r: Random) => r.pick(r.chance(0.6) ? IPS : [...IP6, ...MORE_IP6]);

/** One match value of a field, by operator. */
function matchValue(r: Random): Json {
  switch (r.int(16)) {
    case 0:
      return anyString(r);
    case 1:
      return r.chance(0.5) ? anyNumber(r, 0.05) : r.pick([true, false, null]);
    case 2:
      return { prefix: r.chance(0.7) ? anyString(r).slice(0, 2) : { 'equals-ignore-case': anyString(r) } };
    case 3:
      return { suffix: r.chance(0.7) ? anyString(r).slice(-3) : { 'equals-ignore-case': anyString(r) } };
    case 4:
      return { 'equals-ignore-case': anyString(r) };
    case 5:
      return { 'anything-but': r.chance(0.5) ? anyString(r) : r.some(STRINGS, 3) };
    case 6:
      return { 'anything-but': r.chance(0.5) ? anyNumber(r, 0.03) : r.some(NUMBERS, 3).map(num) };
    case 7: {
      const op = r.pick(['prefix', 'suffix', 'equals-ignore-case', 'wildcard']);
      const values = op === 'wildcard' ? WILDCARDS : [...STRINGS, ...UNICODE].filter((s) => s !== '');
      return { 'anything-but': { [op]: r.chance(0.5) ? r.pick(values) : r.some(values, 3) } };
    }
    case 8:
    case 9: {
      const bound = () => anyNumber(r, 0.03);
      if (r.chance(0.4)) return { numeric: [r.pick(['=', '<', '<=', '>', '>=']), bound()] };
      const low = num(r.pick(['-1', '-0', '0', '1', '0.5', '1.0000001', '-5e9']));
      return { numeric: [r.pick(['>', '>=']), low, r.pick(['<', '<=']), num(r.pick([...MORE, '5e9']))] };
    }
    case 10:
      return { exists: r.chance(0.5) };
    case 11:
    case 12:
      return { cidr: r.pick(r.chance(0.95) ? [...CIDRS, ...MORE_CIDRS] : BAD_CIDRS) };
    case 13:
      return anyIp(r);
    default:
      return { wildcard: r.pick(r.chance(0.97) ? WILDCARDS : COMPLEX) };
  }
}

const PATHS = ['a', 'b', 'c.d', 'c.e'];

/** A pattern object over a few fields, sometimes with an $or of such objects. */
function patternObject(r: Random, depth = 0): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const path of r.some(PATHS, 2)) {
    const [head = '', tail] = path.split('.');
    const values = r.some([0], 2).map(() => matchValue(r));
    if (tail) {
      const inner = (out[head] ?? {}) as { [key: string]: Json };
      inner[tail] = values;
      out[head] = inner;
    } else out[head] = values;
  }
  if (depth === 0 && r.chance(0.15)) out.$or = [patternObject(r, 1), patternObject(r, 1)];
  return out;
}

/** A scalar for an event field: often one the pattern names, sometimes a near miss. */
function eventScalar(r: Random): Json {
  switch (r.int(6)) {
    case 0:
    case 1:
      return anyString(r);
    case 2:
      return anyNumber(r, 0.3);
    case 3:
      return anyIp(r);
    case 4:
      return r.pick([true, false, null, 'true', '300', '10.0.0.1']);
    default:
      return r.pick(WILDCARDS).replaceAll('*', r.pick(['', 'x', 'lib', 'a.png', '::']));
  }
}

function eventValue(r: Random): Json {
  if (r.chance(0.15)) return r.some([0], 3).map(() => eventScalar(r));
  return eventScalar(r);
}

function eventObject(r: Random): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const path of r.some(PATHS, 4)) {
    const [head = '', tail] = path.split('.');
    if (!tail) out[head] = eventValue(r);
    else if (r.chance(0.25)) {
      out[head] = r
        .some([0], 2)
        .map(() => ({ d: eventValue(r), ...(r.chance(0.6) && { e: eventValue(r) }) }));
    } else {
      const existing = out[head];
      const base = existing && typeof existing === 'object' && !Array.isArray(existing) ? existing : {};
      out[head] = { ...base, [tail]: eventValue(r) };
    }
  }
  return out;
}

/** Writes JSON with RawNumbers verbatim. */
export function jsonText(value: Json): string {
  if (value instanceof RawNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** `patterns` patterns with `eventsEach` events each, from `seed`. */
export function generatePairs(seed: number, patterns: number, eventsEach: number): Pair[] {
  const r = random(seed);
  const pairs: Pair[] = [];
  for (let p = 0; p < patterns; p += 1) {
    const pattern = jsonText(patternObject(r));
    for (let e = 0; e < eventsEach; e += 1)
      pairs.push({ id: pairs.length, pattern, event: jsonText(eventObject(r)) });
  }
  return pairs;
}
