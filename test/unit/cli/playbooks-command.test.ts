import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { playbooksCommand } from '../../../src/cli/playbooks-command.js';
import { ROOT } from '../../support/drills.js';

describe('rekey playbooks build', () => {
  it('writes the state machines and the schema, and --check fails only while one is stale', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rekey-playbooks-'));
    mkdirSync(join(root, 'playbooks'));
    mkdirSync(join(root, 'statemachines'));
    mkdirSync(join(root, 'src', 'playbook'), { recursive: true });
    // Every playbook: together they must handle every kind of exposure.
    for (const file of readdirSync(join(ROOT, 'playbooks')).filter((f) => f.endsWith('.yml')))
      copyFileSync(join(ROOT, 'playbooks', file), join(root, 'playbooks', file));
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await playbooksCommand(['build', '--check'], root)).toBe(1);
    expect(errors.mock.calls.flat().join('\n')).toMatch(/stale: statemachines\/exposed-access-key.asl.json/);
    expect(await playbooksCommand(['build'], root)).toBe(0);
    expect(await playbooksCommand(['build', '--check'], root)).toBe(0);
    const machine = join(root, 'statemachines', 'exposed-access-key.asl.json');
    // Laid out differently, the same JSON is still up to date; edited by hand, it is stale.
    writeFileSync(machine, JSON.stringify(JSON.parse(readFileSync(machine, 'utf8'))));
    expect(await playbooksCommand(['build', '--check'], root)).toBe(0);
    writeFileSync(machine, readFileSync(machine, 'utf8').replace('"Seconds":1800', '"Seconds":60'));
    expect(await playbooksCommand(['build', '--check'], root)).toBe(1);
    vi.restoreAllMocks();
  });

  it('exits 2 when the playbooks leave a kind of exposure to none, naming it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rekey-playbooks-'));
    mkdirSync(join(root, 'playbooks'));
    copyFileSync(
      join(ROOT, 'playbooks', 'exposed-access-key.yml'),
      join(root, 'playbooks', 'exposed-access-key.yml'),
    );
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await playbooksCommand(['build', '--check'], root)).toBe(2);
    expect(errors.mock.calls.flat().join('\n')).toMatch(/role-session is handled by no playbook/);
    vi.restoreAllMocks();
  });

  it('exits 2 naming the problem in an invalid playbook', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rekey-playbooks-'));
    mkdirSync(join(root, 'playbooks'));
    writeFileSync(join(root, 'playbooks', 'bad.yml'), 'name: bad\ntitle: Bad\nhandles: [root]\nsteps: []\n');
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await playbooksCommand(['build', '--check'], root)).toBe(2);
    expect(errors.mock.calls.flat().join('\n')).toMatch(/steps/);
    vi.restoreAllMocks();
  });
});
