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

  // JSON.parse keeps a duplicate key's last value; materialToEvents reads an EventBridge event, or a value saying it
  // is unreadable, as itself even when it has a Records key, and a wrapper's records as `Records ?? Findings ??
  // findings` (the first neither absent nor null).
  const event = {
    version: '0',
    'detail-type': 'Object Created',
    source: 'aws.s3',
    detail: { bucket: { name: 'logs' } },
  };
  it.each([
    [
      'a log file with a second Records array',
      '{"Records":[{"a":1},{"a":2}],"Records":[{"b":1}]}',
      [{ b: 1 }],
    ],
    [
      'an EventBridge event with a top-level Records array',
      JSON.stringify({ ...event, Records: [{ eventVersion: '2.1', eventSource: 'aws:s3' }] }),
      [{ ...event, Records: [{ eventVersion: '2.1', eventSource: 'aws:s3' }] }],
    ],
    [
      'an event whose Records come before its envelope',
      JSON.stringify({ Records: [{ a: 1 }], ...event }),
      [{ Records: [{ a: 1 }], ...event }],
    ],
    [
      'Records made null again, then Findings',
      '{"Records":[{"a":1}],"Records":null,"Findings":[{"f":1}]}',
      [{ f: 1 }],
    ],
    ['Records null before findings', '{"Records":null,"findings":[{"f":1}]}', [{ f: 1 }]],
    [
      'Records a string beside Findings',
      '{"Findings":[{"f":1}],"Records":"none"}',
      [{ Findings: [{ f: 1 }], Records: 'none' }],
    ],
    ['an escaped wrapper key', '{"Rec\\u006frds":[{"a":1}],"NextToken":"t"}', [{ a: 1 }]],
    [
      'a value saying it is unreadable',
      '{"Records":[{"a":1}],"__unreadable":"x"}',
      [{ Records: [{ a: 1 }], __unreadable: 'x' }],
    ],
    [
      'an envelope spoilt by a later detail',
      JSON.stringify({ ...event, Findings: [{ f: 1 }] }).replace(/}$/, ',"detail":null}'),
      [{ f: 1 }],
    ],
  ])('reads %s as JSON.parse and materialToEvents would', (_name, text, expected) => {
    for (const size of [1, 5, 64, 100_000]) expect(split(text, size)).toEqual(expected);
  });

  /** Values emitted as each chunk of `size` goes in (their count after each), with the splitter's limit set small. */
  function stream(text: string, size: number, limit: number): { values: unknown[]; counts: number[] } {
    const values: unknown[] = [];
    const counts: number[] = [];
    const splitter = new JsonSplitter((v) => values.push(v.parse()), limit);
    for (let i = 0; i < text.length; i += size) {
      splitter.push(text.slice(i, i + size));
      counts.push(values.length);
    }
    splitter.end();
    return { values, counts };
  }

  const records = Array.from({ length: 40 }, (_, i) => ({ eventVersion: '1.09', eventID: `id-${i}` }));
  const log = JSON.stringify({ Records: records });

  it('holds a wrapper’s records until it closes, within the limit', () => {
    const { values, counts } = stream(log, 64, log.length);
    expect(values).toEqual(records);
    expect(counts.slice(0, -1).every((n) => n === 0)).toBe(true);
  });

  it('streams the records of a wrapper longer than the limit, its memory bounded', () => {
    const { values, counts } = stream(log, 64, 500);
    expect(values).toEqual(records);
    // Records go out while the log is still being read: it is never held whole.
    expect(counts[Math.floor(counts.length / 2)]).toBeGreaterThan(10);
  });

  it('reads an EventBridge event carrying a long Records array whole, and streams a long log file', () => {
    const many = Array.from({ length: 30_000 }, (_, i) => ({ ...records[i % 40], n: i }));
    const carrying = JSON.stringify({ ...event, Records: many });
    expect(carrying.length).toBeGreaterThan(1024 * 1024);
    expect(stream(carrying, 65_536, 16 * 1024 * 1024).values).toEqual([{ ...event, Records: many }]);
    const { values, counts } = stream(JSON.stringify({ Records: many }), 65_536, 16 * 1024 * 1024);
    expect(values).toEqual(many);
    expect(counts[counts.length - 2]).toBeGreaterThan(0);
  });

  it('refuses a wrapper longer than the limit whose later fields make it another document', () => {
    const twice = log.replace(/}$/, ',"Records":[{"b":1}]}');
    expect(() => stream(twice, 64, 500)).toThrow(
      /line 1 holds records, but its fields after the records make it something else/,
    );
    const envelope = JSON.stringify({ ...event, Records: records });
    expect(() => stream(envelope, 64, 500)).toThrow(/line 1 holds records, but it is longer than/);
    const late = log.replace(/}$/, `,"NextToken":"${'t'.repeat(600)}"}`);
    expect(() => stream(late, 64, 500)).toThrow(/fields besides its records are longer than/);
    expect(stream(late, 64, 5000).values).toEqual(records);
  });

  it('reads JSON lines of EventBridge events as any other values, whatever their lines hold', () => {
    const deep = { ...event, detail: JSON.parse(`${'{"a":'.repeat(70)}1${'}'.repeat(70)}`) };
    const lines = [
      JSON.stringify(event),
      `${JSON.stringify({ ...event, id: 'crlf' })}  \r`,
      `${JSON.stringify({ ...event, id: 'one' })} ${JSON.stringify({ ...event, id: 'two' })}`,
      JSON.stringify({ ...event, id: 'pretty' }, null, 2),
      `${JSON.stringify(event).slice(0, -1)},"Records":[{"a":1}]}`,
      '{"version":"0","detail-type":"Object Created" oops}',
    ];
    for (const size of [7, 64, 100_000]) {
      expect(split(lines.slice(0, -1).join('\n'), size)).toEqual([
        event,
        { ...event, id: 'crlf' },
        { ...event, id: 'one' },
        { ...event, id: 'two' },
        { ...event, id: 'pretty' },
        { ...event, Records: [{ a: 1 }] },
      ]);
      expect(split(lines.join('\n'), size).at(-1)).toEqual({
        __unreadable: expect.stringMatching(`^line ${lines.join('\n').split('\n').length} is not JSON`),
      });
      expect(() => split(`${JSON.stringify(event)}\n${JSON.stringify(deep)}\n`, size)).toThrow(
        /value 2 nests deeper than 64 levels/,
      );
    }
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
