import { describe, expect, it } from 'vitest';
import { JsonSplitter } from '../../../src/detections/json-splitter.js';
import { SKELETON_KEYS } from '../../../src/detections/record-skeleton.js';
import type { SplitValue } from '../../../src/detections/split-value.js';
import { InvalidInputError } from '../../../src/domain/errors.js';

/** Splits text fed in chunks of `size` characters. */
function split(text: string, size = 7): unknown[] {
  const values: unknown[] = [];
  const splitter = new JsonSplitter((v) => values.push(v.parse()));
  for (let i = 0; i < text.length; i += size) splitter.push(text.slice(i, i + size));
  splitter.end();
  return values;
}

describe('splitting JSON input into values, whatever the chunks', () => {
  const trail = JSON.stringify({
    Records: [
      { eventName: 'A', requestParameters: { list: [1, '{"x":"]"}', null] } },
      { eventName: 'B', note: 'a "quoted" \\ value' },
    ],
  });

  it.each([1, 3, 7, 64, 100_000])('reads a CloudTrail log file record by record (chunks of %i)', (size) => {
    expect(split(trail, size)).toEqual(JSON.parse(trail).Records);
  });

  it('reads JSON lines, several documents, and the elements of a top-level array', () => {
    expect(split('{"a":1}\n{"b":2}\n\n  {"c":[3]}')).toEqual([{ a: 1 }, { b: 2 }, { c: [3] }]);
    expect(split('[{"a":1},{"b":2}, 3, "x"]')).toEqual([{ a: 1 }, { b: 2 }, 3, 'x']);
    expect(split('{"Findings":[{"Id":"f"}],"NextToken":"t"}')).toEqual([{ Id: 'f' }]);
    expect(split('{"version":"0","detail":{"Records":[1]}}')).toEqual([
      { version: '0', detail: { Records: [1] } },
    ]);
  });

  it('reports a line that is not JSON and reads on', () => {
    expect(split('{"a":1}\nnot json {at all\n{"b":2}\n')).toEqual([
      { a: 1 },
      { __unreadable: expect.stringMatching(/^line 2 is not JSON/) },
      { b: 2 },
    ]);
  });

  it('refuses hostile nesting and cut-short input with the reason', () => {
    expect(() => split('['.repeat(100_000))).toThrow(InvalidInputError);
    expect(() => split('['.repeat(100_000))).toThrow(/nests deeper than 64 levels/);
    expect(() => split('{"Records":[{"a":')).toThrow(/ends inside a JSON value/);
  });

  it('gives each record the fields a skeleton reads: its plain strings, null for other values', () => {
    const record = {
      eventVersion: '1.09',
      userIdentity: { type: 'AssumedRole', eventSource: 'nested.amazonaws.com' },
      eventTime: '2026-11-28T09:00:00Z',
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
      eventID: ['an array'],
      eventType: 'AwsApiCall',
      requestParameters: { bucketName: 'logs' },
      note: 'a "quoted" value',
    };
    const text = JSON.stringify({ Records: [record, { ...record, eventName: 'a\\b' }] });
    for (const size of [1, 5, 64, 100_000]) {
      const values: SplitValue[] = [];
      const splitter = new JsonSplitter((v) => values.push(v));
      for (let i = 0; i < text.length; i += size) splitter.push(text.slice(i, i + size));
      splitter.end();
      const [plain, escaped] = values.map((v) => Object.fromEntries(v.fields ?? []));
      expect(plain).toEqual({
        eventVersion: '1.09',
        eventTime: '2026-11-28T09:00:00Z',
        eventSource: 's3.amazonaws.com',
        eventName: 'GetObject',
        eventID: null,
        eventType: 'AwsApiCall',
      });
      // An escaped value is no plain string; keys no skeleton reads are not kept.
      expect(escaped).toMatchObject({ eventName: null, eventSource: 's3.amazonaws.com' });
      for (const fields of [plain, escaped])
        expect(Object.keys(fields ?? {}).every((key) => SKELETON_KEYS.has(key))).toBe(true);
    }
  });
});
