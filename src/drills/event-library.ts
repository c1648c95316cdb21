import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InvalidInputError } from '../domain/errors.js';

/** The library of real-shaped AWS events drills name: `drills/events/<source>/<name>.json`. */
export const EVENT_LIBRARY = fileURLToPath(new URL('../../drills/events/', import.meta.url));

/** A drill event named from the library, with the fields it changes (`detail.resource.accessKeyDetails.userName`). */
export interface LibraryReference {
  from: string;
  set?: Record<string, unknown>;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether a drill's event names a library event rather than spelling one out. */
export function isLibraryReference(value: unknown): value is LibraryReference {
  return (
    isObject(value) &&
    typeof value.from === 'string' &&
    Object.keys(value).every((k) => k === 'from' || k === 'set')
  );
}

/** A library event, as a fresh copy; a name the library does not hold is an error naming it. */
export function libraryEvent(name: string, library = EVENT_LIBRARY): Record<string, unknown> {
  const path = `${library}${name}.json`;
  if (!/^[a-z0-9.-]+\/[a-z0-9-]+$/.test(name) || !existsSync(path))
    throw new InvalidInputError(`the event library has no event ${name} (${library}<source>/<name>.json)`);
  return JSON.parse(readFileSync(path, 'utf8'));
}

/**
 * Sets each dotted path of `set` in a copy of `base`, array elements by index: every path must already exist in the
 * base document, so a typo is an error rather than a new field no rule or reader looks at.
 */
export function withChanges(base: unknown, set: Record<string, unknown>, where: string): unknown {
  const copy = structuredClone(base);
  for (const [path, value] of Object.entries(set)) {
    const segments = path.split('.');
    let node: unknown = copy;
    for (const [index, segment] of segments.entries()) {
      const exists = Array.isArray(node)
        ? /^\d+$/.test(segment) && Number(segment) < node.length
        : isObject(node) && Object.hasOwn(node, segment);
      if (!exists)
        throw new InvalidInputError(
          `${where}: ${path} is not in the library event (${segments.slice(0, index + 1).join('.')} does not exist)`,
        );
      if (index === segments.length - 1) (node as Record<string, unknown>)[segment] = structuredClone(value);
      else node = (node as Record<string, unknown>)[segment];
    }
  }
  return copy;
}

/** The drill's events with every library reference replaced by the event it names, its changes applied. */
export function resolveLibraryEvents(raw: unknown, origin: string, library = EVENT_LIBRARY): unknown {
  if (!isObject(raw) || !Array.isArray(raw.events)) return raw;
  const events = raw.events.map((entry, index) => {
    if (!isObject(entry) || !isLibraryReference(entry.event)) return entry;
    const { from, set = {} } = entry.event;
    const where = `${origin}: events.${index}.event`;
    if (!isObject(set)) throw new InvalidInputError(`${where}.set: a map of dotted paths to values`);
    return { ...entry, event: withChanges(libraryEvent(from, library), set, where) };
  });
  return { ...raw, events };
}
