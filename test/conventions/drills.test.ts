import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDrill } from '../../src/runtime/drill-file.js';
import { ROOT, runInTemp } from '../support/drills.js';

const names = readdirSync(join(ROOT, 'drills'))
  .filter((f) => f.endsWith('.yml'))
  .map((f) => f.slice(0, -4));

describe.each(names)('drill %s', (name) => {
  it('is named after its file and passes every expectation', async () => {
    const drill = await loadDrill(join(ROOT, 'drills', `${name}.yml`));
    expect(drill.name).toBe(name);
    const report = await runInTemp(drill);
    expect(report.results.filter((r) => !r.passed)).toEqual([]);
  });
});
