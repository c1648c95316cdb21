import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/** An event fixture from drills/events/<source>/<name>.json (the event library drills name too), as a fresh object. */
export function eventFixture(source: string, name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(here, '..', '..', 'drills', 'events', source, `${name}.json`), 'utf8'));
}

/** A deep copy with a change applied, for variants of a fixture. */
export function variant<T>(value: T, change: (copy: T) => void): T {
  const copy = structuredClone(value);
  change(copy);
  return copy;
}
