import {
  DescribeKeyCommand,
  GenerateMacCommand,
  type KMSClient,
  VerifyMacCommand,
} from '@aws-sdk/client-kms';
import { ConfigurationError } from '../../domain/errors.js';
import type { TimelineWriter } from '../../domain/timeline.js';
import type { TimelineSeal } from '../../ports/timeline-seal.js';
import { awsCall } from './errors.js';

/** The length of an HMAC_SHA_256 MAC. */
const MAC_BYTES = 32;

/**
 * Seals with KMS HMAC keys, one per writer: each function's role may GenerateMac with its own key only (the key
 * policies say so), and VerifyMac with the keys whose seals it must check. A writer with no key here cannot seal,
 * and no seal of it verifies. Keys are given by id (the functions: the stack's own keys, in its account); an alias (the CLI's
 * `alias/rekey-<stage>-timeline-<writer>`) is resolved to its key id once, with DescribeKey.
 */
export class KmsTimelineSeal implements TimelineSeal {
  private readonly resolved = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly options: {
      client: KMSClient;
      /** Key id (or alias) of each writer's HMAC_256 key. */
      keys: Partial<Record<TimelineWriter, string>>;
      writer: TimelineWriter;
    },
  ) {}

  get writer(): TimelineWriter {
    return this.options.writer;
  }

  private keyOf(writer: TimelineWriter): Promise<string | undefined> {
    const given = this.options.keys[writer];
    if (!given?.startsWith('alias/')) return Promise.resolve(given);
    let key = this.resolved.get(given);
    if (!key) {
      key = this.options.client
        .send(new DescribeKeyCommand({ KeyId: given }))
        .then((out) => out.KeyMetadata?.KeyId)
        .catch((error: unknown) => {
          // A key named by alias that KMS does not have: the wrong stage or region, never a forged entry.
          if ((error as { name?: string }).name === 'NotFoundException')
            throw new ConfigurationError(
              `KMS has no timeline key ${given} for the ${writer} writer here: check the stage and the region`,
            );
          throw error;
        });
      this.resolved.set(given, key);
    }
    return key;
  }

  async seal(hash: string): Promise<string> {
    const keyId = await this.keyOf(this.options.writer);
    if (!keyId) throw new Error(`no timeline key is configured for the ${this.options.writer} writer`);
    const out = await awsCall('kms:GenerateMac', () =>
      this.options.client.send(
        new GenerateMacCommand({ KeyId: keyId, MacAlgorithm: 'HMAC_SHA_256', Message: Buffer.from(hash) }),
      ),
    );
    return Buffer.from(out.Mac ?? new Uint8Array()).toString('base64');
  }

  async verify(writer: TimelineWriter, hash: string, seal: string): Promise<boolean> {
    const mac = Buffer.from(seal, 'base64');
    // Not an HMAC_SHA_256 MAC at all (a forged seal KMS would refuse to read): no seal, never a failed read.
    if (mac.length !== MAC_BYTES) return false;
    const keyId = await this.keyOf(writer);
    if (!keyId) return false;
    try {
      const out = await this.options.client.send(
        new VerifyMacCommand({
          KeyId: keyId,
          MacAlgorithm: 'HMAC_SHA_256',
          Message: Buffer.from(hash),
          Mac: mac,
        }),
      );
      return out.MacValid === true;
    } catch (error) {
      // KMS answers a MAC that does not verify with an error rather than `MacValid: false`, and a MAC it cannot
      // read with a ValidationException: neither is a seal.
      const name = (error as { name?: string }).name;
      if (name === 'KMSInvalidMacException' || name === 'ValidationException') return false;
      throw error;
    }
  }
}
