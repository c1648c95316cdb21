// Fails when a source file under src/ is longer than the limit: a file that long does several jobs (docs/architecture.md).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const LIMIT = 300;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const tooLong = sourceFiles('src')
  .map((path) => ({ path, lines: readFileSync(path, 'utf8').split('\n').length - 1 }))
  .filter(({ lines }) => lines > LIMIT);
for (const { path, lines } of tooLong) console.error(`${path}: ${lines} lines (at most ${LIMIT})`);
process.exit(tooLong.length === 0 ? 0 : 1);
