import { describe, expect, it } from 'vitest';
import { SplitValue } from '../../../src/detections/split-value.js';
import { wholeLine } from '../../../src/detections/whole-line.js';
import { isJsonMade, markJsonMade, markPartsOf } from '../../../src/domain/json-made.js';

describe('values JSON.parse made', () => {
  it('are those their parser marked, and the parts of one taken from it', () => {
    const event = JSON.parse('{"detail":{"a":1},"resources":[]}');
    const detail = event.detail;
    expect(isJsonMade(event)).toBe(false);
    markPartsOf(event, [detail]);
    expect(isJsonMade(detail), 'a part of an unmarked value').toBe(false);
    markJsonMade(event);
    markPartsOf(event, [detail]);
    expect(isJsonMade(event) && isJsonMade(detail)).toBe(true);
    expect(isJsonMade(event.resources), 'parts are marked only when taken').toBe(false);
    expect(isJsonMade(null) || isJsonMade('text')).toBe(false);
  });

  it('are what the splitter parses, whole from its line or later, and not values built otherwise', () => {
    const line = '{"id":"1","detail-type":"x","detail":{}}';
    const whole = wholeLine(`${line}\n`, 0, line.length);
    expect(isJsonMade(whole?.parsed)).toBe(true);
    expect(isJsonMade(new SplitValue('{"Records":[]}', 1, undefined).parse())).toBe(true);
    expect(isJsonMade(new SplitValue('not json', 1, undefined).parse())).toBe(false);
    expect(isJsonMade(new SplitValue('', 1, undefined, { built: true }).parse())).toBe(false);
  });
});
