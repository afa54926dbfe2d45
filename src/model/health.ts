/** How a row is coloured: ok (green/plain), warn (yellow), bad (red), done (dimmed: finished on purpose). */
export type Health = 'ok' | 'warn' | 'bad' | 'done';

const RANK: Record<Health, number> = { ok: 0, done: 1, warn: 2, bad: 3 };

/** Severity rank used for status sorting and "worst of" roll-ups: bad > warn > done > ok. */
export function healthRank(h: Health): number {
  return RANK[h];
}

/** The more severe of two healths. */
export function worstHealth(a: Health, b: Health): Health {
  return RANK[a] >= RANK[b] ? a : b;
}
