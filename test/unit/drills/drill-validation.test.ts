import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkNamedSteps } from '../../../src/drills/decision-steps.js';
import { parseDrill } from '../../../src/drills/drill-file.js';
import { ROOT } from '../../support/drills.js';

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

  it('is taken as it is when every name is known', async () => {
    await expect(checkNamedSteps(parseDrill(original, 'ok.yml'), ROOT)).resolves.toBeUndefined();
  });
});
