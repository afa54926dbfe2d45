// Rows of a pod's containers view: first "all containers", then each one.
import type { Row } from './row.js';
import type { ColumnDef } from './columns.js';
import type { Pod } from './types.js';
import type { Health } from './health.js';
import { sanitize } from './sanitize.js';

export const ALL_CONTAINERS = '*';

export const CONTAINER_COLUMNS: ColumnDef[] = [
  { id: 'name', title: 'CONTAINER', min: 10, max: 40, priority: 0, grow: 1 },
  { id: 'image', title: 'IMAGE', min: 10, max: 60, priority: 1, grow: 1 },
  { id: 'ready', title: 'READY', min: 5, max: 5, priority: 0 },
  { id: 'state', title: 'STATE', min: 10, max: 30, priority: 0 },
  { id: 'restarts', title: 'RESTARTS', min: 8, max: 8, priority: 1, align: 'right' },
];

function stateOf(pod: Pod, name: string): { state: string; ready: boolean; restarts: number; health: Health } {
  const st = pod.status?.containerStatuses?.find((c) => c.name === name);
  if (!st) return { state: 'Unknown', ready: false, restarts: 0, health: 'warn' };
  const s = st.state ?? {};
  const state = s.running ? 'Running' : s.waiting ? s.waiting.reason ?? 'Waiting' : s.terminated ? s.terminated.reason ?? 'Terminated' : 'Unknown';
  const health: Health = s.running && st.ready ? 'ok' : s.terminated?.reason === 'Completed' ? 'done' : s.running ? 'warn' : 'bad';
  return { state, ready: st.ready, restarts: st.restartCount, health };
}

export function containerRows(pod: Pod): Row[] {
  const ns = pod.metadata.namespace ?? '';
  const containers = pod.spec?.containers ?? [];
  const rows: Row[] = [
    {
      key: ALL_CONTAINERS,
      cells: { name: `all ${containers.length} containers`, image: '', ready: '', state: '', restarts: '' },
      health: 'ok',
      sort: { name: '', age: 0, status: 0 },
      ref: { kind: 'Pod', namespace: ns, name: pod.metadata.name },
    },
  ];
  for (const c of containers) {
    const st = stateOf(pod, c.name);
    rows.push({
      key: c.name,
      cells: { name: sanitize(c.name), image: sanitize(c.image), ready: st.ready ? 'yes' : 'no', state: sanitize(st.state), restarts: String(st.restarts) },
      health: st.health,
      sort: { name: c.name, age: 0, status: 0 },
      ref: { kind: 'Pod', namespace: ns, name: pod.metadata.name },
    });
  }
  return rows;
}
