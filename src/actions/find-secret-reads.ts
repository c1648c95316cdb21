import { findSecretReads, type SecretRead } from '../domain/actions.js';
import { NotContainableError, NotFoundError } from '../domain/errors.js';
import type { AuditEvent } from '../ports/audit-trail.js';
import type { Secrets } from '../ports/secrets.js';
import type { Action, ActionContext } from './action.js';
import { LONGEST_SESSION_MS, regionsToSearch } from './audit.js';
import { traceKeys } from './key-trace.js';
import { type ReadByFilter, readableSecrets, secretsInRegion } from './readable-secrets.js';
import { isReader, type ReaderRef, readerIdentity, readerRef, signalKeys } from './secret-reader.js';

const READS = new Set(['GetSecretValue', 'BatchGetSecretValue']);

/** One read: the secrets it named (none: by filter), where and when. */
interface Read {
  region: string;
  at: string;
  ids: readonly string[];
  sourceIp?: string;
}

const regionOfArn = (id: string) => (id.startsWith('arn:') ? id.split(':')[3] : undefined);

/** The reads the incident's signals name (what EventBridge delivered), by this reader. */
function signalledReads(readerArn: string, region: string, context: ActionContext): Read[] {
  return (context.signals ?? [])
    .filter((s) => s.principalArn === readerArn && s.secretArns !== undefined)
    .map((s) => ({
      region: s.region ?? region,
      at: s.observedAt,
      ids: s.secretArns ?? [],
      ...(s.remoteIp ? { sourceIp: s.remoteIp } : {}),
    }));
}

/**
 * The reads CloudTrail holds that the reader's keys signed (and the sessions minted from them), successful ones
 * only. EventBridge delivers CloudTrail's events on a best-effort basis, and LookupEvents shows them minutes late.
 */
async function recordedReads(
  accountId: string,
  reader: ReaderRef,
  ownKeys: readonly string[],
  regions: readonly string[],
  from: Date,
  context: ActionContext,
): Promise<{ reads: Read[]; keys: string[]; truncated: boolean }> {
  if (ownKeys.length === 0) return { reads: [], keys: [], truncated: false };
  const now = context.clock.now();
  // The reads of this account's secrets are recorded in this account's CloudTrail.
  const traced = await traceKeys(context, accountId, ownKeys, regions, from, now);
  const byReader = (e: AuditEvent) =>
    e.principalArn ? isReader(e.principalArn, reader) : ownKeys.includes(e.accessKeyId ?? '');
  const events = (traced.eventsIn[accountId] ?? []).filter(
    (e) =>
      e.eventSource === 'secretsmanager.amazonaws.com' &&
      READS.has(e.eventName) &&
      !e.errorCode &&
      e.secretIds !== undefined &&
      byReader(e),
  );
  return {
    reads: events.map((e) => ({
      region: e.region,
      at: e.eventTime,
      ids: e.secretIds ?? [],
      ...(e.sourceIp ? { sourceIp: e.sourceIp } : {}),
    })),
    keys: [...new Set(events.flatMap((e) => (e.accessKeyId ? [e.accessKeyId] : [])))],
    truncated: traced.truncated.length > 0,
  };
}

/** The reader's own keys: those its signals name, and for a user every access key it has. */
async function ownKeysOf(reader: ReaderRef, readerArn: string, accountId: string, context: ActionContext) {
  const keys = signalKeys(readerArn, context);
  if (reader.kind !== 'user') return keys;
  const identity = readerIdentity(reader, accountId, context);
  const held = identity
    ? await identity.listAccessKeys(reader.name).catch((error: unknown) => {
        // A user deleted since: its keys are what the signals named.
        if (error instanceof NotFoundError) return [];
        throw error;
      })
    : [];
  return [...new Set([...keys, ...held.map((k) => k.accessKeyId)])];
}

/** The later of two times (their forms differ: CloudTrail's seconds, a record's milliseconds). */
const later = (a: string, b: string) => (Date.parse(a) >= Date.parse(b) ? a : b);

/** Keeps the latest read of each secret; a read that named it outranks one by filter. */
function merge(found: Map<string, SecretRead>, read: SecretRead): void {
  const seen = found.get(read.arn);
  if (!seen) {
    found.set(read.arn, read);
    return;
  }
  found.set(read.arn, {
    ...seen,
    lastReadAt: later(read.lastReadAt, seen.lastReadAt),
    how: seen.how === 'named' || read.how === 'named' ? 'named' : 'readable',
  });
}

/**
 * Every secret the reader read: what the incident's signals named, and what CloudTrail recorded its keys reading
 * (a delivery EventBridge lost, a read CloudTrail showed late: run again at the verification window); a
 * BatchGetSecretValue by filter names none, and counts as a read of every secret the reader could read in that
 * region. `newSecrets` are those an earlier look (`known`) did not find. Reads only: never a value.
 */
export const findSecretReadsAction: Action<typeof findSecretReads> = {
  descriptor: findSecretReads,
  plan: () => ({}),
  calls: async () => [],
  async apply({ accountId, region, readerArn, known, since, regions: given }, _plan, context) {
    const reader = readerRef(readerArn);
    if (!reader)
      throw new NotContainableError(
        `the reader ${readerArn} is neither an IAM user nor a role's session: people must find what it read`,
      );
    const regions = await regionsToSearch(context, given);
    const from = since ? new Date(since) : new Date(context.clock.now().getTime() - LONGEST_SESSION_MS);
    const ownKeys = await ownKeysOf(reader, readerArn, accountId, context);
    const recorded = await recordedReads(accountId, reader, ownKeys, regions, from, context);
    const reads = [...signalledReads(readerArn, region, context), ...recorded.reads];
    const found = new Map<string, SecretRead>();
    const unresolved = new Set<string>();
    const described = new Map<string, ReturnType<Secrets['describe']>>();
    const describe = (where: string, id: string) => {
      const key = `${where}|${id}`;
      if (!described.has(key)) described.set(key, secretsInRegion(context, where).describe(id));
      return described.get(key) as ReturnType<Secrets['describe']>;
    };
    for (const read of reads)
      for (const id of read.ids) {
        const where = regionOfArn(id) ?? read.region;
        const secret = await describe(where, id);
        if (!secret) unresolved.add(id);
        else
          merge(found, {
            arn: secret.arn,
            name: secret.name,
            region: where,
            lastReadAt: read.at,
            how: 'named',
          });
      }
    // The latest read by filter in each region: what the reader could read then, in that read's context.
    const byFilter = new Map<string, ReadByFilter>();
    for (const read of reads.filter((r) => r.ids.length === 0)) {
      const seen = byFilter.get(read.region);
      if (!seen || later(read.at, seen.at) === read.at)
        byFilter.set(read.region, { at: read.at, ...(read.sourceIp ? { sourceIp: read.sourceIp } : {}) });
    }
    for (const [where, read] of byFilter)
      for (const secret of await readableSecrets(reader, accountId, where, read, context))
        merge(found, { ...secret, region: where, lastReadAt: read.at, how: 'readable' });
    const secrets = [...found.values()].sort(
      (a, b) => a.region.localeCompare(b.region) || a.name.localeCompare(b.name),
    );
    const before = new Set((known ?? []).map((s) => s.arn));
    const newSecrets = secrets.filter((s) => !before.has(s.arn));
    const keys = [...new Set([...signalKeys(readerArn, context), ...recorded.keys])];
    return {
      status: 'unchanged',
      summary: [
        `${readerArn} read ${secrets.length} secret(s)`,
        known ? `, ${newSecrets.length} not found before` : '',
        byFilter.size
          ? ` (a read by filter counts every secret it could read in ${[...byFilter.keys()].join(', ')})`
          : '',
        secrets.length ? `: ${secrets.map((s) => s.name).join(', ')}` : '',
        recorded.truncated ? '; CloudTrail held more than Rekey reads, so the list may be incomplete' : '',
        unresolved.size ? `; no longer there: ${[...unresolved].join(', ')}` : '',
      ].join(''),
      facts: { secrets, newSecrets, keys, truncated: recorded.truncated, unresolved: [...unresolved] },
    };
  },
};
