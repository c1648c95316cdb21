import type { TimelineWriter } from '../domain/timeline.js';

/**
 * Seals timeline entries as one writer, with a key only that writer may use (a KMS HMAC key per function role,
 * deployed), and checks the seal of an entry by any writer.
 */
export interface TimelineSeal {
  /** The writer whose key this seal uses. */
  readonly writer: TimelineWriter;
  /** The MAC of an entry's hash under this writer's key. */
  seal(hash: string): Promise<string>;
  /** Whether `seal` is `writer`'s MAC of `hash`; false for a writer with no key here. */
  verify(writer: TimelineWriter, hash: string, seal: string): Promise<boolean>;
}
