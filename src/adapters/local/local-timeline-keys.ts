import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { TimelineWriter } from '../../domain/timeline.js';
import type { TimelineSeal } from '../../ports/timeline-seal.js';

/**
 * The local stand-in for the deployment's per-writer KMS HMAC keys: one key per writer, derived from a secret.
 * On a laptop every writer runs in one process, so this models the separation (who may write what, what a forged
 * entry looks like); it protects nothing from someone who can read the secret's file.
 */
export class LocalTimelineKeys {
  /** Each writer's key, derived once: every entry is sealed with one. */
  private readonly writerKeys = new Map<TimelineWriter, Buffer>();

  private constructor(private readonly secret: Buffer) {}

  /** Keys that live as long as this process. */
  static random(): LocalTimelineKeys {
    return new LocalTimelineKeys(randomBytes(32));
  }

  /** Keys kept in a file (created, readable by its owner only, when missing), so later commands can check seals. */
  static async inFile(path: string): Promise<LocalTimelineKeys> {
    try {
      return new LocalTimelineKeys(Buffer.from((await readFile(path, 'utf8')).trim(), 'hex'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const secret = randomBytes(32);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, `${secret.toString('hex')}\n`, { mode: 0o600 });
    await chmod(path, 0o600);
    return new LocalTimelineKeys(secret);
  }

  private mac(writer: TimelineWriter, hash: string): Buffer {
    let key = this.writerKeys.get(writer);
    if (!key) {
      key = createHmac('sha256', this.secret).update(`rekey-timeline-writer:${writer}`).digest();
      this.writerKeys.set(writer, key);
    }
    return createHmac('sha256', key).update(hash).digest();
  }

  /** A seal that writes as `writer` and checks any writer's seal. */
  sealAs(writer: TimelineWriter): TimelineSeal {
    return {
      writer,
      seal: async (hash) => this.mac(writer, hash).toString('base64'),
      verify: async (as, hash, seal) => {
        const expected = this.mac(as, hash);
        const given = Buffer.from(seal, 'base64');
        return given.length === expected.length && timingSafeEqual(given, expected);
      },
    };
  }
}
