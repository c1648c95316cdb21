import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** One input's text, with the name it is reported under. */
export interface Input {
  name: string;
  text: string;
}

const GZIP_MAGIC = [0x1f, 0x8b];
const READABLE = /\.(json|jsonl|ndjson|gz)$/;

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function decode(bytes: Buffer): string {
  // CloudTrail delivers log files gzipped; read them as they come.
  const zipped = bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
  return (zipped ? gunzipSync(bytes) : bytes).toString('utf8');
}

async function expand(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((e) =>
        e.isDirectory()
          ? expand(join(path, e.name))
          : Promise.resolve(READABLE.test(e.name) ? [join(path, e.name)] : []),
      ),
  );
  return nested.flat();
}

/** Reads files, folders (their .json, .jsonl, .ndjson and .gz files, in name order) and `-` for standard input. */
export async function readInputs(paths: string[]): Promise<Input[]> {
  const inputs: Input[] = [];
  for (const path of paths) {
    if (path === '-') {
      inputs.push({ name: '-', text: decode(await readStdin()) });
      continue;
    }
    for (const file of await expand(path)) inputs.push({ name: file, text: decode(await readFile(file)) });
  }
  return inputs;
}
