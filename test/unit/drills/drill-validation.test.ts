import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccountSeedSchema } from '../../../src/adapters/sandbox/account-seed.js';
import { checkNamedSteps } from '../../../src/drills/decision-steps.js';
import { parseDrill } from '../../../src/drills/drill-file.js';
import { drillPlaybooks } from '../../../src/drills/drill-playbooks.js';
import { ROOT, runInTemp } from '../../support/drills.js';

const original = readFileSync(join(ROOT, 'drills/leaked-access-key.yml'), 'utf8');

describe('a drill file with a typo', () => {
  it('is refused when an expectation has a key no expectation has, listing the valid ones', () => {
    const typo = original.replace('  - review: written', '  - reveiw: written');
    expect(typo).not.toBe(original);
    expect(() => parseDrill(typo, 'typo.yml')).toThrow(
      /expect\.\d+: no expectation is called reveiw \(expectations: incidents, accessKey, .*review, reviewIncludes/,
    );
  });

  it('is refused when a decision names a step no playbook has, listing the steps there are', async () => {
    const typo = parseDrill(original.replaceAll('step: deactivate-key', 'step: deactivate-kee'), 'typo.yml');
    await expect(checkNamedSteps(typo, ROOT)).rejects.toThrow(
      /decisions\.0: deactivate-kee.*paths\.deny\.decisions\.0: deactivate-kee \(the playbooks' steps: .*deactivate-key, /,
    );
  });

  it('is refused when its own playbook is named as no committed playbook is, listing the names there are', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rekey-drill-playbook-'));
    const playbook = readFileSync(join(ROOT, 'playbooks/exposed-access-key.yml'), 'utf8');
    writeFileSync(join(dir, 'mine.yml'), playbook.replace('name: exposed-access-key', 'name: my-access-key'));
    const drill = parseDrill(`${original}\nplaybooks: [mine.yml]\n`, join(dir, 'drill.yml'));
    expect(drill.playbooks).toEqual([join(dir, 'mine.yml')]);
    await expect(drillPlaybooks(drill, ROOT)).rejects.toThrow(
      /its playbook .*mine\.yml is named my-access-key, which no committed playbook is; it replaces one of: .*exposed-access-key/,
    );
    const missing = parseDrill(`${original}\nplaybooks: [nowhere.yml]\n`, join(dir, 'drill.yml'));
    await expect(drillPlaybooks(missing, ROOT)).rejects.toThrow(/cannot read its playbook .*nowhere\.yml/);
  });

  it('may name the steps of its own playbook in its decisions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rekey-drill-playbook-'));
    const playbook = readFileSync(join(ROOT, 'playbooks/exposed-access-key.yml'), 'utf8');
    writeFileSync(join(dir, 'mine.yml'), playbook.replaceAll('deactivate-key', 'disable-key'));
    const drill = parseDrill(
      `${original.replaceAll('step: deactivate-key', 'step: disable-key')}\nplaybooks: [mine.yml]\n`,
      join(dir, 'drill.yml'),
    );
    await expect(checkNamedSteps(drill, ROOT)).rejects.toThrow(/disable-key/);
    await expect(checkNamedSteps(drill, ROOT, await drillPlaybooks(drill, ROOT))).resolves.toBeUndefined();
  });

  it('is refused when its account seed has a key no seed has, naming each path', () => {
    const typo = original.replace('  users:', '  rolez: []\n  users:').replace('accessKeys:', 'acessKeys:');
    expect(typo).not.toBe(original);
    expect(() => parseDrill(typo, 'typo.yml')).toThrow(/account: Unrecognized key: "rolez"/);
    expect(() => parseDrill(typo, 'typo.yml')).toThrow(/account\.users\.0: Unrecognized key: "acessKeys"/);
  });

  it('is taken as it is when every name is known', async () => {
    await expect(checkNamedSteps(parseDrill(original, 'ok.yml'), ROOT)).resolves.toBeUndefined();
  });
});

describe("a drill's end state", () => {
  it('reads back under the strict seed, role sessions and CloudTrail records included (rollback loads it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rekey-end-state-'));
    const drill = parseDrill(
      readFileSync(join(ROOT, 'drills/compromised-role-session.yml'), 'utf8'),
      'd.yml',
    );
    await runInTemp(drill, { stateDir: dir });
    const saved = JSON.parse(readFileSync(join(dir, 'account.json'), 'utf8'));
    expect(saved.cloudTrail.some((e: { sessionIssuerArn?: string }) => e.sessionIssuerArn)).toBe(true);
    expect(AccountSeedSchema.safeParse(saved).error?.issues ?? []).toEqual([]);
  });
});
