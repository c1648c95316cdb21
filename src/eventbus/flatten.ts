import { isJsonObject, JsonNumber, type JsonValue } from './json-text.js';
import type { Scalar } from './leaf-matchers.js';

/** A leaf of an event with the array elements it sits in: pairs of (array id, element index). */
export interface EventLeaf {
  value: Scalar;
  membership: readonly number[];
}

/** An event flattened as EventBridge sees it: leaf values by dotted path, arrays expanded element by element. */
export type FlatEvent = Map<string, EventLeaf[]>;

/** Flattens an event; objects nested in arrays keep which element they came from, for array consistency. */
export function flattenEvent(event: JsonValue): FlatEvent {
  const flat: FlatEvent = new Map();
  let arrays = 0;
  const visit = (value: JsonValue, path: string, membership: readonly number[]) => {
    if (Array.isArray(value)) {
      arrays += 1;
      const id = arrays;
      value.forEach((element, index) => {
        visit(element, path, [...membership, id, index]);
      });
    } else if (isJsonObject(value)) {
      for (const key of Object.keys(value))
        visit(value[key] as JsonValue, path === '' ? key : `${path}.${key}`, membership);
    } else if (path !== '') {
      const leaf = {
        value: value instanceof JsonNumber || typeof value !== 'object' ? value : null,
        membership,
      };
      const leaves = flat.get(path);
      if (leaves) leaves.push(leaf);
      else flat.set(path, [leaf]);
    }
  };
  visit(event, '', []);
  return flat;
}
