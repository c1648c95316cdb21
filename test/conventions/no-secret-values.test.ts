import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/drills.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe("Rekey's code never reads a secret's value", () => {
  it('no source file calls GetSecretValue or BatchGetSecretValue', () => {
    const offenders = sources(join(ROOT, 'src')).filter((file) =>
      /\b(Batch)?GetSecretValueCommand\b/.test(readFileSync(file, 'utf8')),
    );
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([]);
  });
});
