import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDocuments } from '../../src/cli/read-inputs.js';
import { InvalidInputError } from '../../src/domain/errors.js';
import { runDrill } from '../../src/drills/drill-runner.js';
import { createOfflineTriage } from '../../src/drills/offline-triage.js';
import { replayDrill } from '../../src/drills/replay.js';
import { ROOT } from '../support/drills.js';

const fixtures = join(ROOT, 'drills/events');
/** Every piece of AWS material the project carries, as responders would export it. */
const material = readdirSync(fixtures)
  .filter((d) => d.startsWith('aws.'))
  .flatMap((d) => readdirSync(join(fixtures, d)).map((f) => `${d}/${f}`));

const options = {
  speed: 60,
  decide: 'none' as const,
  secretReadAllowlist: ['arn:aws:iam::111122223333:role/app-*'],
  protectedPrincipals: [],
  account: '111122223333',
  region: 'us-east-1',
};

/** The incidents offline triage says the material calls for. */
async function triaged(file: string): Promise<number> {
  const triage = createOfflineTriage({
    ...options,
    settings: { secretReadAllowlist: options.secretReadAllowlist },
    now: new Date(),
  });
  const incidents = new Set<string>();
  for await (const { name, document } of readDocuments([join(fixtures, file)]))
    for (const line of await triage.assessDocuments(name, [document]))
      for (const exposure of line.exposures)
        if (typeof exposure.incidentId === 'string') incidents.add(exposure.incidentId);
  return incidents.size;
}

describe('rekey replay agrees with rekey triage', () => {
  it.each(material)(
    'opens, replaying %s, the incidents offline triage says it calls for',
    async (file) => {
      const expected = await triaged(file);
      let replay: Awaited<ReturnType<typeof replayDrill>>;
      try {
        replay = await replayDrill(readDocuments([join(fixtures, file)]), options);
      } catch (error) {
        // Nothing a rule takes: triage opens nothing either.
        expect(error).toBeInstanceOf(InvalidInputError);
        expect(expected).toBe(0);
        return;
      }
      const report = await runDrill(replay.drill, {
        root: ROOT,
        stateDir: mkdtempSync(join(tmpdir(), 'rekey-agree-')),
      });
      expect(report.incidents.length, file).toBe(expected);
      // The replay checks it itself too: its expectation is what offline triage says.
      expect(report.passed, file).toBe(true);
    },
    60_000,
  );
});
