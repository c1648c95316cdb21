import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPOSURE_KINDS } from '../../src/domain/detection.js';
import { compilePlaybook } from '../../src/playbook/compile.js';
import { parsePlaybook } from '../../src/playbook/parse.js';
import { PLAYBOOK_FOR_KIND } from '../../src/playbook/playbook-for-kind.js';
import { ROOT } from '../support/drills.js';

const playbooks = readdirSync(join(ROOT, 'playbooks')).filter((f) => f.endsWith('.yml'));
const machines = readdirSync(join(ROOT, 'statemachines')).filter((f) => f.endsWith('.asl.json'));

describe.each(playbooks)('playbooks/%s', (file) => {
  const playbook = parsePlaybook(readFileSync(join(ROOT, 'playbooks', file), 'utf8'), file);

  it('is named after its file and compiles, deterministically, to its committed state machine', () => {
    expect(`${playbook.name}.yml`).toBe(file);
    const compiled = `${JSON.stringify(compilePlaybook(playbook), null, 2)}\n`;
    expect(`${JSON.stringify(compilePlaybook(playbook), null, 2)}\n`).toBe(compiled);
    const committed = JSON.parse(
      readFileSync(join(ROOT, 'statemachines', `${playbook.name}.asl.json`), 'utf8'),
    );
    expect(committed).toEqual(JSON.parse(compiled));
  });
});

describe('statemachines/', () => {
  it('holds only what playbooks/ compiles to (rekey playbooks build)', () => {
    expect(machines.sort()).toEqual(playbooks.map((f) => f.replace(/\.yml$/, '.asl.json')).sort());
  });
});

describe('triage', () => {
  it('starts, for each kind of exposure, the one playbook that says it handles that kind', () => {
    const handling = new Map<string, string[]>();
    for (const file of playbooks) {
      const playbook = parsePlaybook(readFileSync(join(ROOT, 'playbooks', file), 'utf8'), file);
      for (const kind of playbook.handles) handling.set(kind, [...(handling.get(kind) ?? []), playbook.name]);
    }
    for (const kind of EXPOSURE_KINDS)
      expect({ kind, playbooks: handling.get(kind) }).toEqual({ kind, playbooks: [PLAYBOOK_FOR_KIND[kind]] });
  });
});
