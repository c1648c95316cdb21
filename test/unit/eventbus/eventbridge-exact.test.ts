import { describe, expect, it } from 'vitest';
import { InvalidPatternError } from '../../../src/eventbus/errors.js';
import { compilePattern, matchesEventPattern } from '../../../src/eventbus/pattern.js';

type Case = [pattern: string, event: string, expected: boolean];

const check = (cases: Case[]) =>
  it.each(cases)('%s on %s is %s', (pattern, event, expected) => {
    expect(matchesEventPattern(pattern, event)).toBe(expected);
  });

const refuses = (cases: Array<[pattern: string, reason: RegExp]>) =>
  it.each(cases)('refuses %s', (pattern, reason) => {
    expect(() => compilePattern(pattern)).toThrow(InvalidPatternError);
    expect(() => compilePattern(pattern)).toThrow(reason);
  });

describe('numbers compare as EventBridge compares them', () => {
  describe('an exact number matches every spelling of its value (AWS-validated: [300] matches 300.0)', () => {
    check([
      ['{"a":[300]}', '{"a":300.0}', true],
      ['{"a":[300]}', '{"a":3e2}', true],
      ['{"a":[300]}', '{"a":3.0E+2}', true],
      ['{"a":[3.0e2]}', '{"a":300}', true],
      ['{"a":[0]}', '{"a":-0}', true],
      ['{"a":[300]}', '{"a":300.000001}', false],
      ['{"a":[300]}', '{"a":"300"}', false],
      ['{"a":[0.1]}', '{"a":1e-1}', true],
    ]);
  });

  describe('a value with more than six decimals still compares, by its value', () => {
    check([
      ['{"n":[{"numeric":[">",0]}]}', '{"n":0.0000001}', true],
      ['{"n":[{"numeric":["<",1]}]}', '{"n":0.0000001}', true],
      ['{"n":[{"numeric":["=",0]}]}', '{"n":0.0000001}', false],
      ['{"n":[{"numeric":[">=",7]}]}', '{"n":7.0000001}', true],
      ['{"n":[{"numeric":["=",1.23456789]}]}', '{"n":123456789e-8}', true],
      ['{"n":[{"numeric":[">",1.0000001,"<",1.0000003]}]}', '{"n":1.0000002}', true],
      ['{"n":[{"anything-but":[0.1234567]}]}', '{"n":0.1234567}', false],
      ['{"n":[{"anything-but":[0.1234567]}]}', '{"n":0.1234568}', true],
    ]);
  });

  describe('numeric matching is limited to -5.0e9..+5.0e9, and to numbers a double holds exactly', () => {
    check([
      ['{"n":[{"numeric":[">",0]}]}', '{"n":5000000000}', true],
      ['{"n":[{"numeric":[">",0]}]}', '{"n":5000000001}', false],
      ['{"n":[{"numeric":["<",0]}]}', '{"n":-0}', false],
      ['{"n":[{"numeric":["<=",0]}]}', '{"n":-0.0}', true],
      ['{"n":[{"numeric":[">",37]}]}', '{"n":37.807807921694092}', false],
      ['{"a":[37.807807921694092]}', '{"a":37.807807921694092}', true],
    ]);
    refuses([
      ['{"a":[{"numeric":["=",5000000001]}]}', /between -5.0e9 and 5.0e9/],
      ['{"a":[{"numeric":["=",37.807807921694092]}]}', /cannot be compared/],
      ['{"a":[{"anything-but":[1,2e10]}]}', /between -5.0e9 and 5.0e9/],
    ]);
  });
});

describe("EventBridge's CIDR mask and octet rules", () => {
  check([
    ['{"ip":[{"cidr":"10.0.0.0/24"}]}', '{"ip":"10.0.0.07"}', true],
    ['{"ip":[{"cidr":"010.0.0.0/24"}]}', '{"ip":"10.0.0.7"}', true],
    ['{"ip":[{"cidr":"10.0.0.0/+24"}]}', '{"ip":"10.0.0.200"}', true],
    ['{"ip":[{"cidr":"10.0.0.0/31"}]}', '{"ip":"10.0.0.1"}', true],
    ['{"ip":[{"cidr":"10.0.0.0/24"}]}', '{"ip":"10.0.0.256"}', false],
    ['{"ip":[{"cidr":"0.0.0.0/0"}]}', '{"ip":"::1"}', false],
    ['{"ip":[{"cidr":"::/0"}]}', '{"ip":"10.0.0.1"}', false],
    ['{"ip":[{"cidr":"10.0.0.0/8"}]}', '{"ip":"::ffff:a00:1"}', true],
    ['{"ip":[{"cidr":"2001:db8::/32"}]}', '{"ip":"2001:0db8:00000::1"}', true],
    ['{"ip":["10.0.0.1"]}', '{"ip":"10.0.0.001"}', true],
  ]);
  refuses([
    ['{"ip":[{"cidr":"10.0.0.1/32"}]}', /IPv4 mask bits must be < 32/],
    ['{"ip":[{"cidr":"2001:db8::1/128"}]}', /IPv6 mask bits must be < 128/],
    ['{"ip":[{"cidr":"10.0.0.0"}]}', /one '\/' required/],
    ['{"ip":[{"cidr":"10.0.0.0/8/8"}]}', /one '\/' required/],
    ['{"ip":[{"cidr":"10.0.0.0/x"}]}', /mask bits must be an integer/],
    ['{"ip":[{"cidr":"10.0.0.0/-1"}]}', /must not be negative/],
    ['{"ip":[{"cidr":"xx.11.xx/8"}]}', /Nonstandard IP address: xx.11.xx/],
    ['{"ip":[{"cidr":"10.0.0.256/24"}]}', /Nonstandard IP address/],
    ['{"ip":[{"cidr":"::ffff:10.0.0.0/104"}]}', /Nonstandard IP address/],
    ['{"ip":[{"cidr":"::ffff:a00:0/104"}]}', /IPv4 mask bits must be < 32/],
  ]);
});

describe('equals-ignore-case takes each character in its lower or upper case form', () => {
  // event-ruler's own cases (AWS-maintained), written with escapes: its forms are decomposed, `\u212a` is the Kelvin sign.
  const rule = (op: string, value: string) => JSON.stringify({ t: [{ [op]: value }] });
  const field = (value: string) => JSON.stringify({ t: value });
  const pattern = '\u03b0\u0240\u0250\u0390\u03b0\u1fc6\u212a';
  check([
    [
      rule('equals-ignore-case', pattern),
      field('\u03a5\u0308\u0301\u0240\u2c6f\u0390\u03a5\u0308\u0301\u0397\u0342k'),
      true,
    ],
    [
      rule('equals-ignore-case', pattern),
      field('\u03b0\u2c7f\u0250\u0399\u0308\u0301\u03b0\u1fc6\u212a'),
      true,
    ],
    [
      rule('equals-ignore-case', pattern),
      field('\u03b0\u2c7e\u0250\u0399\u0308\u0301\u03b0\u1fc6\u212a'),
      false,
    ],
    [rule('equals-ignore-case', 'stra\u00dfe'), field('STRASSE'), true],
    [rule('equals-ignore-case', 'k'), field('\u212a'), false],
    [rule('equals-ignore-case', '\u212a'), field('k'), true],
    ['{"t":[{"prefix":{"equals-ignore-case":"ǆ"}}]}', '{"t":"Ǆx"}', true],
    ['{"t":[{"suffix":{"equals-ignore-case":"ß"}}]}', '{"t":"xSS"}', true],
    ['{"t":[{"anything-but":{"equals-ignore-case":"ß"}}]}', '{"t":"SS"}', false],
    [rule('equals-ignore-case', '\u01c5'), field('\u01c5'), true],
    [rule('equals-ignore-case', '\u{10400}'), field('\u{10428}'), true],
  ]);
});

describe('patterns EventBridge rejects as too complex are rejected', () => {
  refuses([
    ['{"EventBusArn":[{"wildcard":"*:*:*:*:*:event-bus/*"}]}', /Rule is too complex/],
    [
      '{"key":[{"wildcard":"*/datasync/*.bif"},{"wildcard":"*/datasync/*.tif"},{"wildcard":"*/datasync/*.tiff"},{"wildcard":"*/datasync/*.svs"}]}',
      /Rule is too complex/,
    ],
    ['{"s":[{"anything-but":{"wildcard":"*:*:*:*:*:event-bus/*"}}]}', /Rule is too complex/],
    [
      '{"s":[{"wildcard":"*a*b"},{"wildcard":"*a*c"},{"wildcard":"*a*d"},{"wildcard":"*a*e"}]}',
      /too complex/,
    ],
  ]);
  it.each([
    '{"key":[{"wildcard":"*.bif"},{"wildcard":"*.tiff"},{"wildcard":"*.tif"},{"wildcard":"*.svs"}]}',
    '{"key":[{"wildcard":"*/datasync/*.bif"},{"wildcard":"*/datasync/*.tif"}]}',
    '{"FileName":[{"wildcard":"/Users/*/dir/dir/dir/dir/dir/doc.txt"}]}',
    '{"EventBusArn":[{"wildcard":"arn:aws:events:us-east-1:*:event-bus/*"}]}',
    '{"s":[{"anything-but":{"wildcard":["*a*b","*a*c","*a*d","*a*e"]}}]}',
    '{"$or":[{"a":["1"],"s":[{"wildcard":"*a*b*c*d"}]},{"a":["2"],"s":[{"wildcard":"*a*b*c*d"}]}]}',
  ])('accepts %s', (pattern) => {
    expect(() => compilePattern(pattern)).not.toThrow();
  });
});
