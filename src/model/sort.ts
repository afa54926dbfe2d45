import { nameSortKey, type Row } from './row.js';

export type SortBy = 'name' | 'age' | 'status';

/**
 * Sorts a copy of the rows; stable, ties broken by name (always a→z).
 * - name: a→z by "ns/name", namespace first; desc z→a.
 * - age: ascending means smallest AGE first, i.e. youngest first, the way k9s
 *   orders the AGE column (what just got created is usually what you are
 *   looking for); desc puts the oldest first. Unknown ages (0) always go last.
 * - status: ascending means worst first (bad, warn, done, ok): an on-call
 *   engineer sorting by status wants the trouble on top; desc reverses.
 */
export function sortRows(rows: Row[], by: SortBy, desc: boolean, nameOrdered = false): Row[] {
  if (nameOrdered && by !== 'age') return sortNameOrdered(rows, by, desc);
  const sign = desc ? -1 : 1;
  const keyed = rows.map((row, i) => ({ row, i, k: nameSortKey(row.sort.name) }));
  type K = (typeof keyed)[number];
  const byName = (a: K, b: K) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i);
  let cmp: (a: K, b: K) => number;
  switch (by) {
    case 'name':
      cmp = (a, b) => (a.k < b.k ? -sign : a.k > b.k ? sign : a.i - b.i);
      break;
    case 'age':
      cmp = (a, b) => {
        const x = a.row.sort.age;
        const y = b.row.sort.age;
        if (x !== y) {
          if (x === 0) return 1;
          if (y === 0) return -1;
          return sign * (y - x);
        }
        return byName(a, b);
      };
      break;
    case 'status':
      cmp = (a, b) => {
        const d = b.row.sort.status - a.row.sort.status;
        return d !== 0 ? sign * d : byName(a, b);
      };
      break;
  }
  keyed.sort(cmp);
  return keyed.map((x) => x.row);
}

/**
 * The same orders as sortRows for rows already in name order (what the row
 * builders return): name is that order or its reverse, and status is a stable
 * partition by rank. Linear instead of a comparison sort of every row, which
 * matters when 10,000 pods are re-sorted on every watch batch.
 */
function sortNameOrdered(rows: Row[], by: 'name' | 'status', desc: boolean): Row[] {
  if (by === 'name') return desc ? rows.slice().reverse() : rows.slice();
  const buckets: Row[][] = [];
  for (const row of rows) (buckets[row.sort.status] ??= []).push(row);
  // Worst (highest rank) first unless reversed; ties keep name order either way.
  const ranks = [...buckets.keys()];
  if (!desc) ranks.reverse();
  return ranks.flatMap((rank) => buckets[rank] ?? []);
}
