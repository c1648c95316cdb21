import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { type Drill, DrillSchema } from '../../src/drills/drill-file.js';
import { type DrillRunOptions, runDrill } from '../../src/drills/drill-runner.js';
import { resolveLibraryEvents } from '../../src/drills/event-library.js';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A drill from drills/, parsed, optionally changed (the raw YAML object, its library events written out) before validation. */
export function drillNamed(name: string, change?: (raw: Record<string, unknown>) => void): Drill {
  const path = join(ROOT, 'drills', `${name}.yml`);
  // Library events resolved first, so a change sees (and may alter) each event as written out.
  const raw = resolveLibraryEvents(parse(readFileSync(path, 'utf8')), path) as Record<string, unknown>;
  change?.(raw);
  return DrillSchema.parse(raw);
}

/** Runs a drill in a fresh temporary state folder. */
export function runInTemp(drill: Drill, options: Partial<DrillRunOptions> = {}) {
  return runDrill(drill, { root: ROOT, stateDir: mkdtempSync(join(tmpdir(), 'rekey-drill-')), ...options });
}
