/**
 * Builds tools/ruler-diff (AWS's event-ruler and the Java harnesses around it) with Maven and says how to run it:
 * the class path, and a hosts file that answers every name look-up Java would send out (nothing is resolved).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The Maven project of the harnesses. */
export const RULER_TOOL = resolve(import.meta.dirname, '../../tools/ruler-diff');

/** Whether a command answers; the reason it is needed when it does not. */
export function missingTool(): string | undefined {
  for (const [command, args, what] of [
    ['java', ['-version'], 'Java 17 runs event-ruler'],
    ['mvn', ['-v'], 'Maven fetches event-ruler from Maven Central and compiles the harness'],
  ] as const) {
    const probe = spawnSync(command, args, { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) return `\`${command}\` is not available (${what})`;
  }
  return undefined;
}

/** Compiles the harnesses; throws when Java or Maven is missing or the build fails. */
export function rulerHarness(): { classpath: string; hosts: string } {
  const missing = missingTool();
  if (missing) throw new Error(`ruler-diff: ${missing}; install it to run event-ruler`);
  const build = spawnSync(
    'mvn',
    [
      '-q',
      '-B',
      '-Dstyle.color=never',
      '-f',
      join(RULER_TOOL, 'pom.xml'),
      'compile',
      'dependency:build-classpath',
    ],
    { stdio: 'inherit' },
  );
  if (build.status !== 0) throw new Error('ruler-diff: the Maven build of tools/ruler-diff failed');
  const classpath = `${join(RULER_TOOL, 'target/classes')}:${readFileSync(join(RULER_TOOL, 'target/classpath.txt'), 'utf8').trim()}`;
  const hosts = join(mkdtempSync(join(tmpdir(), 'ruler-diff-')), 'hosts');
  writeFileSync(hosts, '');
  return { classpath, hosts };
}
