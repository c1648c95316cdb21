import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { JsonSplitter } from '../detections/json-splitter.js';
import type { SplitValue } from '../detections/split-value.js';
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

/** The values of one input as the splitter finds them, a chunk's worth at a time, still as text. */
export interface InputValues {
  name: string;
  values: SplitValue[];
}

/** The values of one input, a chunk at a time (memory bounded by the largest value, whatever the input's size). */
export async function* valuesOf(name: string, bytes: AsyncIterable<Buffer>): AsyncGenerator<InputValues> {
  let ready: SplitValue[] = [];
  const splitter = new JsonSplitter((value) => ready.push(value));
  try {
    for await (const chunk of text(bytes)) {
      splitter.push(chunk);
      if (ready.length > 0) {
        yield { name, values: ready };
        ready = [];
      }
    }
    splitter.end();
  } catch (error) {
    if (error instanceof InvalidInputError) throw new InvalidInputError(`${name}: ${error.message}`);
    if ((error as NodeJS.ErrnoException).code === 'Z_DATA_ERROR')
      throw new InvalidInputError(`${name}: not valid gzip (${(error as Error).message})`);
    throw error;
  }
  if (ready.length > 0) yield { name, values: ready };
}

/**
 * Reads files, folders (their .json, .jsonl, .ndjson and .gz files, in name order) and `-` for standard input, as a
 * stream of JSON values, unparsed: a CloudTrail log file record by record, JSON lines line by line, gzip as it
 * unzips, a chunk's values at a time.
 */
export async function* readValues(paths: string[]): AsyncGenerator<InputValues> {
  for (const path of paths) {
    if (path === '-') {
      yield* valuesOf('-', process.stdin as AsyncIterable<Buffer>);
      continue;
    }
    for (const file of await expand(path)) yield* valuesOf(file, createReadStream(file));
  }
}

/** readValues, each value parsed (text that is not JSON as `{__unreadable: reason}`), one at a time. */
export async function* readDocuments(paths: string[]): AsyncGenerator<InputDocument> {
  for await (const { name, values } of readValues(paths))
    for (const value of values) yield { name, document: value.parse() };
}
