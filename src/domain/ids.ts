import { createHash, randomBytes } from 'node:crypto';

/** Source of fresh identifiers; injected so drills and tests produce stable ids. */
export interface IdSource {
  /** A short random-looking token, unique for this source. */
  next(): string;
}

/** Random ids for deployed handlers. */
export const randomIds: IdSource = { next: () => randomBytes(4).toString('hex') };

/** Deterministic ids derived from a seed and a counter, for drills and tests. */
export function seededIds(seed: string): IdSource {
  let counter = 0;
  return {
    next: () => {
      counter += 1;
      return createHash('sha256').update(`${seed}:${counter}`).digest('hex').slice(0, 8);
    },
  };
}

/** An incident id: `rk-<yyyymmdd>-<token>`, sortable by day and safe as a Step Functions execution name. */
export function newIncidentId(openedAt: Date, ids: IdSource): string {
  const day = openedAt.toISOString().slice(0, 10).replaceAll('-', '');
  return `rk-${day}-${ids.next()}`;
}
