import { describe, expect, it } from 'vitest';
import { InvalidPatternError } from '../../../src/eventbus/errors.js';
import { compilePattern, matchesEventPattern } from '../../../src/eventbus/pattern.js';

type Case = [pattern: string, event: string, expected: boolean];

const check = (cases: Case[]) =>
  it.each(cases)('%s on %s is %s', (pattern, event, expected) => {
    expect(matchesEventPattern(pattern, event)).toBe(expected);
  });

describe('exact values', () => {
  check([
    ['{"source":["aws.health"]}', '{"source":"aws.health"}', true],
    ['{"source":["aws.health","aws.guardduty"]}', '{"source":"aws.guardduty"}', true],
    ['{"source":["aws.health"]}', '{"source":"aws.ec2"}', false],
    ['{"source":["aws.health"]}', '{"detail":{}}', false],
    ['{"detail":{"state":["running"]}}', '{"detail":{"state":"running"}}', true],
    ['{"detail":{"c.count":[5]}}', '{"detail":{"c.count":5}}', true],
    ['{"a":[1]}', '{"a":"1"}', false],
    ['{"a":["1"]}', '{"a":1}', false],
    ['{"a":[300]}', '{"a":300}', true],
    ['{"a":[300]}', '{"a":300.0}', true],
    ['{"a":[300]}', '{"a":3e2}', true],
    ['{"ip":["2001:db8::1"]}', '{"ip":"2001:DB8:0:0::1"}', true],
    ['{"ip":["10.0.0.1"]}', '{"ip":"10.0.0.2"}', false],
    ['{"a":[123456789012]}', '{"a":123456789012}', true],
    ['{"a":[true]}', '{"a":true}', true],
    ['{"a":[true]}', '{"a":"true"}', false],
    ['{"a":[null]}', '{"a":null}', true],
    ['{"a":[null]}', '{"b":1}', false],
    ['{"a":[""]}', '{"a":""}', true],
    ['{"a":[""]}', '{"a":null}', false],
    ['{"x":["y"],"x":["z"]}', '{"x":"z"}', true],
    ['{"x":["y"],"x":["z"]}', '{"x":"y"}', false],
  ]);
});

describe('arrays in events', () => {
  check([
    ['{"resources":["arn:b"]}', '{"resources":["arn:a","arn:b"]}', true],
    ['{"resources":["arn:c"]}', '{"resources":["arn:a","arn:b"]}', false],
    ['{"a":[2]}', '{"a":[[1],[2,3]]}', true],
    [
      '{"e":{"first":["Anna"],"last":["Smith"]}}',
      '{"e":[{"first":"John","last":"Smith"},{"first":"Anna","last":"Doe"}]}',
      false,
    ],
    [
      '{"e":{"first":["Anna"],"last":["Doe"]}}',
      '{"e":[{"first":"John","last":"Smith"},{"first":"Anna","last":"Doe"}]}',
      true,
    ],
    [
      '{"e":{"first":["Anna"],"ids":[{"exists":false}]}}',
      '{"e":[{"first":"John","ids":[1]},{"first":"Anna"}]}',
      true,
    ],
    [
      '{"e":{"first":["Anna"],"ids":[{"exists":true}]}}',
      '{"e":[{"first":"John","ids":[1]},{"first":"Anna"}]}',
      false,
    ],
    ['{"a":{"b":["x"]},"c":["y"]}', '{"a":[{"b":"x"}],"c":["z","y"]}', true],
  ]);
});

describe('prefix, suffix, equals-ignore-case, wildcard', () => {
  check([
    ['{"t":[{"prefix":"UnauthorizedAccess:"}]}', '{"t":"UnauthorizedAccess:IAMUser/TorIPCaller"}', true],
    ['{"t":[{"prefix":"Unauthorized"}]}', '{"t":"unauthorizedAccess"}', false],
    ['{"t":[{"prefix":{"equals-ignore-case":"unauthorized"}}]}', '{"t":"UnauthorizedAccess"}', true],
    ['{"t":[{"suffix":".png"}]}', '{"t":"a.png"}', true],
    ['{"t":[{"suffix":{"equals-ignore-case":".PNG"}}]}', '{"t":"a.png"}', true],
    ['{"t":[{"suffix":".png"}]}', '{"t":5}', false],
    ['{"t":[{"equals-ignore-case":"AlIcE"}]}', '{"t":"alice"}', true],
    ['{"t":[{"equals-ignore-case":"alice"}]}', '{"t":"alicia"}', false],
    ['{"t":[{"wildcard":"*:IAMUser/*"}]}', '{"t":"CredentialAccess:IAMUser/AnomalousBehavior"}', true],
    ['{"t":[{"wildcard":"*:IAMUser/*"}]}', '{"t":"CredentialAccess:Kubernetes/AnomalousBehavior"}', false],
    ['{"t":[{"wildcard":"a\\\\*b"}]}', '{"t":"a*b"}', true],
    ['{"t":[{"wildcard":"a\\\\*b"}]}', '{"t":"axxb"}', false],
    ['{"t":[{"wildcard":"*"}]}', '{"t":""}', true],
  ]);
});

describe('anything-but', () => {
  check([
    ['{"s":[{"anything-but":"initializing"}]}', '{"s":"running"}', true],
    ['{"s":[{"anything-but":"initializing"}]}', '{"s":"initializing"}', false],
    ['{"s":[{"anything-but":"initializing"}]}', '{"x":"running"}', false],
    ['{"s":[{"anything-but":["a","b"]}]}', '{"s":"c"}', true],
    ['{"s":[{"anything-but":[1,2]}]}', '{"s":3}', true],
    ['{"s":[{"anything-but":[1,2]}]}', '{"s":2.0}', false],
    ['{"s":[{"anything-but":[1,2]}]}', '{"s":"2"}', true],
    ['{"s":[{"anything-but":{"prefix":"init"}}]}', '{"s":"initializing"}', false],
    ['{"s":[{"anything-but":{"prefix":"init"}}]}', '{"s":"running"}', true],
    ['{"s":[{"anything-but":{"suffix":"ing"}}]}', '{"s":"stopped"}', true],
    ['{"s":[{"anything-but":{"equals-ignore-case":["A","B"]}}]}', '{"s":"a"}', false],
    ['{"s":[{"anything-but":{"wildcard":"*.example.com"}}]}', '{"s":"api.example.com"}', false],
    ['{"s":[{"anything-but":{"wildcard":"*.example.com"}}]}', '{"s":"api.example.org"}', true],
  ]);
});

describe('numeric', () => {
  check([
    ['{"n":[{"numeric":[">",0,"<=",5]}]}', '{"n":5}', true],
    ['{"n":[{"numeric":[">",0,"<=",5]}]}', '{"n":0}', false],
    ['{"n":[{"numeric":["=",301.8]}]}', '{"n":3.018e2}', true],
    ['{"n":[{"numeric":["<",10]}]}', '{"n":"5"}', false],
    ['{"n":[{"numeric":[">=",7]}]}', '{"n":[3,8]}', true],
    ['{"n":[{"numeric":[">=",7]}]}', '{"n":6.999999}', false],
    ['{"n":[{"numeric":[">",0]}]}', '{"n":0.0000001}', true],
    ['{"n":[{"numeric":[">",0]}]}', '{"n":6000000000}', false],
    ['{"n":[{"anything-but":[300]}]}', '{"n":300.0}', false],
  ]);
});

describe('exists', () => {
  check([
    ['{"a":[{"exists":true}]}', '{"a":null}', true],
    ['{"a":[{"exists":true}]}', '{"a":{"b":1}}', false],
    ['{"a":[{"exists":true}]}', '{"a":[]}', false],
    ['{"a":[{"exists":false}]}', '{"b":1}', true],
    ['{"a":[{"exists":false}]}', '{"a":{"b":1}}', true],
    ['{"a":[{"exists":false}]}', '{"a":""}', false],
    ['{"d":{"a":[{"exists":false}]}}', '{"x":1}', true],
  ]);
});

describe('cidr', () => {
  check([
    ['{"ip":[{"cidr":"10.0.0.0/24"}]}', '{"ip":"10.0.0.255"}', true],
    ['{"ip":[{"cidr":"10.0.0.0/24"}]}', '{"ip":"10.0.1.0"}', false],
    ['{"ip":[{"cidr":"10.0.0.7/24"}]}', '{"ip":"10.0.0.1"}', true],
    ['{"ip":[{"cidr":"2001:db8::/32"}]}', '{"ip":"2001:db8:ffff::1"}', true],
    ['{"ip":[{"cidr":"2001:db8::/32"}]}', '{"ip":"2001:db9::1"}', false],
    ['{"ip":[{"cidr":"64:ff9b::/96"}]}', '{"ip":"64:ff9b::c000:201"}', true],
    ['{"ip":[{"cidr":"10.0.0.0/8"}]}', '{"ip":"not an address"}', false],
    ['{"ip":[{"cidr":"10.0.0.0/8"}]}', '{"ip":167772161}', false],
  ]);
});

describe('$or', () => {
  check([
    [
      '{"$or":[{"source":["aws.ec2"]},{"detail":{"state":["running"]}}]}',
      '{"source":"aws.s3","detail":{"state":"running"}}',
      true,
    ],
    [
      '{"$or":[{"source":["aws.ec2"]},{"detail":{"state":["running"]}}]}',
      '{"source":"aws.s3","detail":{"state":"stopped"}}',
      false,
    ],
    ['{"detail":{"$or":[{"a":[1]},{"b":[2]}]},"source":["x"]}', '{"source":"x","detail":{"b":2}}', true],
    ['{"name":["a","b"],"$or":[{"name":[{"anything-but":"a"}]},{"c":["x"]}]}', '{"name":"c"}', true],
  ]);
});

describe('invalid patterns are refused with the reason', () => {
  it.each([
    ['[1,2,3]', /must be a JSON object/],
    ['{}', /must not be empty/],
    ['{"a":1}', /a: match values must be in a list/],
    ['{"a":[]}', /a: an empty list/],
    ['{"a":{}}', /a: an object in a pattern must not be empty/],
    ['{"a":[{"x":2}]}', /a: unknown operator "x"/],
    ['{"a":[{"prefix":"p","suffix":"s"}]}', /exactly one operator/],
    ['{"a":[{"prefix":3}]}', /prefix takes a string/],
    ['{"a":[{"anything-but":{"prefix":""}}]}', /must not be empty/],
    ['{"a":[{"anything-but":["a",1]}]}', /not a mix/],
    ['{"a":[{"numeric":["<",1,">",0]}]}', /lower bound/],
    ['{"a":[{"numeric":[">",5,"<",5]}]}', /range is empty/],
    ['{"a":[{"numeric":["=",2.0e422]}]}', /between -5.0e9 and 5.0e9/],
    ['{"a":[{"numeric":["=",0.12345678901234567]}]}', /more digits than a double holds/],
    ['{"a":[{"numeric":[">",5e9]}]}', /range is empty/],
    ['{"detail":{"$or":[{"numeric":[">",0]},{"b":["x"]}]}}', /reserved name/],
    ['{"a":[{"numeric":["=","5"]}]}', /needs a number/],
    ['{"a":[{"exists":"yes"}]}', /exists takes true or false/],
    ['{"a":[{"cidr":"10.0.0.0/33"}]}', /IPv4 mask bits must be < 32/],
    ['{"a":[{"cidr":8}]}', /cidr takes/],
    ['{"a":[{"wildcard":"a**b"}]}', /consecutive/],
    ['{"a":[{"wildcard":"a\\\\db"}]}', /invalid escape/],
    ['{"$or":[{"a":["x"]}]}', /at least two/],
    ['{"$or":{"a":["x"]}}', /takes a list/],
    ['{"a":[[1]]}', /cannot be an array/],
    ['{"a":["x"', /not valid JSON/],
  ])('%s', (pattern, reason) => {
    expect(() => compilePattern(pattern)).toThrow(InvalidPatternError);
    expect(() => compilePattern(pattern)).toThrow(reason);
  });
});
