// Rows and columns of a deployment's rollout history pane.
import type { Row } from './row.js';
import type { ColumnDef } from './columns.js';
import type { Revision } from './rollout.js';
import { age, parseTimestamp } from './age.js';
import { sanitize } from './sanitize.js';

export const REVISION_COLUMNS: ColumnDef[] = [
  { id: 'mark', title: ' ', min: 1, max: 1, priority: 0 },
  { id: 'revision', title: 'REVISION', min: 8, max: 8, priority: 0, align: 'right' },
  { id: 'images', title: 'IMAGES', min: 14, max: 60, priority: 0, grow: 1 },
  { id: 'ready', title: 'READY', min: 5, max: 9, priority: 1, align: 'right' },
  { id: 'age', title: 'AGE', min: 3, max: 7, priority: 1 },
  { id: 'cause', title: 'CHANGE-CAUSE', min: 12, max: 60, priority: 2, grow: 1 },
  { id: 'rs', title: 'REPLICASET', min: 10, max: 40, priority: 3 },
];

/** Newest first, as the revisions come; `*` marks the current one, `=` the one pinned for the diff. */
export function revisionRows(revs: Revision[], now: number, mark: number | undefined): Row[] {
  return revs.map((r) => ({
    key: r.rsName,
    cells: {
      mark: r.current ? '*' : r.revision === mark ? '=' : '',
      revision: String(r.revision),
      images: sanitize(r.images.join(',')),
      ready: `${r.ready}/${r.replicas}`,
      age: age(r.created, now),
      cause: sanitize(r.changeCause || '<none>'),
      rs: sanitize(r.rsName),
    },
    health: r.current ? 'ok' : 'done',
    sort: { name: String(r.revision).padStart(10, '0'), age: parseTimestamp(r.created), status: 0 },
    ref: { kind: 'Deployment', name: r.rsName },
  }));
}
