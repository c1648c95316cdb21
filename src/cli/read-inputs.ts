import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { JsonSplitter } from '../detections/json-splitter.js';
import { InvalidInputError } from '../domain/errors.js';

/** One JSON value of an input, with the name of the input it came from. */
export interface InputDocument {
  name: string;
  document: unknown;
}

const READABLE = /\.(json|jsonl|ndjson|gz)$/;

async function expand(path: string): Promise<string[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    throw new InvalidInputError(`${path}: no such file or folder`);
  }
  if (!info.isDirectory()) return [path];
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

/** The text of a byte stream, gunzipped on the way when it starts as gzip does (CloudTrail delivers log files so). */
async function* text(bytes: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const iterator = bytes[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  const rest = async function* () {
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  };
  const zipped = first.value[0] === 0x1f && first.value[1] === 0x8b;
  const stream = zipped ? Readable.from(rest()).pipe(createGunzip()) : Readable.from(rest());
  stream.setEncoding('utf8');
  for await (const chunk of stream) yield chunk as string;
}

/** The JSON values of one input, one at a time (memory bounded by the largest value, whatever the input's size). */
async function* documentsOf(name: string, bytes: AsyncIterable<Buffer>): AsyncGenerator<InputDocument> {
  const ready: unknown[] = [];
  const splitter = new JsonSplitter((document) => ready.push(document));
  try {
    for await (const chunk of text(bytes)) {
      splitter.push(chunk);
      while (ready.length > 0) yield { name, document: ready.shift() };
    }
    splitter.end();
  } catch (error) {
    if (error instanceof InvalidInputError) throw new InvalidInputError(`${name}: ${error.message}`);
    if ((error as NodeJS.ErrnoException).code === 'Z_DATA_ERROR')
      throw new InvalidInputError(`${name}: not valid gzip (${(error as Error).message})`);
    throw error;
  }
  while (ready.length > 0) yield { name, document: ready.shift() };
}

/**
 * Reads files, folders (their .json, .jsonl, .ndjson and .gz files, in name order) and `-` for standard input, as a
 * stream of JSON values: a CloudTrail log file record by record, JSON lines line by line, gzip as it unzips.
 */
export async function* readDocuments(paths: string[]): AsyncGenerator<InputDocument> {
  for (const path of paths) {
    if (path === '-') {
      yield* documentsOf('-', process.stdin as AsyncIterable<Buffer>);
      continue;
    }
    for (const file of await expand(path)) yield* documentsOf(file, createReadStream(file));
  }
}
