import { InvalidInputError } from '../domain/errors.js';
import type { State } from './asl.js';
import { referenceOf } from './validate.js';

/** A step's key in the results (JSONPath names cannot hold dashes in dot notation). */
export const resultKey = (id: string) => id.replace(/-/g, '_');

/** The steps a value's references name (`{{ steps.<id>.… }}`), anywhere inside it. */
export function stepsNamed(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(stepsNamed);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stepsNamed);
  const [root, id] = (referenceOf(value) ?? '').split('.');
  return root === 'steps' && id ? [id] : [];
}

/** Compiles a reference to JSONPath: a step's result is kept under its group's, `$.results.<Group>.<step>`. */
export function pathResolver(groupOfStep: ReadonlyMap<string, string>): (reference: string) => string {
  return (reference) => {
    const [root, id, ...rest] = reference.split('.');
    if (root === 'incident' || root === 'item') return `$.${reference}`;
    if (root === 'steps' && id) return ['$.results', groupOfStep.get(id), resultKey(id), ...rest].join('.');
    throw new InvalidInputError(`the reference ${reference} cannot be compiled`);
  };
}

/** Compiles references in parameter values to JSONPath (`key.$`), arrays of references to `States.Array`. */
export function compileParameters(value: Record<string, unknown>, pathOf: (ref: string) => string): State {
  const compiled: State = {};
  for (const [key, item] of Object.entries(value)) {
    const reference = referenceOf(item);
    if (reference) compiled[`${key}.$`] = pathOf(reference);
    else if (Array.isArray(item) && item.some((e) => referenceOf(e))) {
      const args = item.map((e) => {
        const r = referenceOf(e);
        if (r) return pathOf(r);
        if (typeof e === 'string') return `'${e.replace(/['\\{}]/g, (c) => `\\${c}`)}'`;
        return JSON.stringify(e);
      });
      compiled[`${key}.$`] = `States.Array(${args.join(', ')})`;
    } else if (item && typeof item === 'object' && !Array.isArray(item))
      compiled[key] = compileParameters(item as Record<string, unknown>, pathOf);
    else compiled[key] = item;
  }
  return compiled;
}
