// Rows and columns of the `:ctx` view.
import type { Row } from './rows.js';
import type { ColumnDef } from './columns.js';
import { sanitize } from './sanitize.js';

export interface ContextLike {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
  server?: string;
}

export const CONTEXT_COLUMNS: ColumnDef[] = [
  { id: 'current', title: ' ', min: 1, max: 1, priority: 0 },
  { id: 'name', title: 'NAME', min: 12, max: 40, priority: 0, grow: 1 },
  { id: 'cluster', title: 'CLUSTER', min: 10, max: 30, priority: 1 },
  { id: 'user', title: 'USER', min: 8, max: 30, priority: 2 },
  { id: 'namespace', title: 'NAMESPACE', min: 9, max: 20, priority: 3 },
  { id: 'server', title: 'SERVER', min: 10, max: 40, priority: 4 },
];

export function contextRows(contexts: ContextLike[], current: string): Row[] {
  return contexts.map((c) => ({
    key: c.name,
    cells: {
      current: c.name === current ? '*' : '',
      name: sanitize(c.name),
      cluster: sanitize(c.cluster),
      user: sanitize(c.user),
      namespace: sanitize(c.namespace ?? ''),
      server: sanitize(c.server ?? ''),
    },
    health: 'ok',
    sort: { name: c.name, age: 0, status: 0 },
    ref: { kind: 'Context', name: c.name },
  }));
}
