import { humanDuration } from './age.js';
import { healthRank } from './health.js';
import { podInfo } from './pod-info.js';
import { podHealth, restartsText } from './pod-status.js';
import type { Row, Scope } from './row.js';
import { podsInScope } from './scope.js';
import type { Pod, ResourceMaps } from './types.js';

/**
 * What podRows keeps between calls. A watch batch changes a handful of pods
 * out of thousands, so rebuilding and re-sorting every row each frame was most
 * of kdeck's CPU on a busy cluster. With a cache, a pod's row is rebuilt only
 * when its object was replaced or one of its clock-driven cells (age, last
 * restart) reads differently, and the name order is reused while the set of
 * pods in scope stays the same.
 */
export interface PodRowsCache {
  /** Each pod object's row and the clock it was checked against. */
  rows: WeakMap<Pod, { row: Row; now: number }>;
  /** The last call's in-scope pods in the store's order, their rows, the clock, and the name order. */
  pods: Pod[];
  byIndex: Row[];
  now: number;
  order: number[];
}

export function createPodRowsCache(): PodRowsCache {
  return { rows: new WeakMap(), pods: [], byIndex: [], now: NaN, order: [] };
}

function buildRow(pod: Pod, now: number): Row {
  const info = podInfo(pod);
  const health = podHealth(info.core, pod.status?.phase, now);
  return {
    key: info.key,
    cells: {
      namespace: info.text.namespace,
      name: info.text.name,
      ready: info.text.ready,
      status: info.text.status,
      restarts: restartsText(info.core.restarts, info.core.lastRestart, now),
      node: info.text.node,
      images: info.text.images,
      age: info.created ? humanDuration(now - info.created) : '<unknown>',
      ip: info.text.ip,
    },
    health,
    sort: { name: info.key, age: info.created, status: healthRank(health) },
    labels: pod.metadata.labels,
    ref: { kind: 'Pod', namespace: info.namespace || undefined, name: info.name },
  };
}

/** The row for `pod` at `now`, reusing the cached one when nothing it shows has changed. */
function rowFor(pod: Pod, now: number, cache: PodRowsCache): Row {
  const hit = cache.rows.get(pod);
  if (hit) {
    // Most batches land within the same clock second: nothing to recompute.
    if (hit.now === now) return hit.row;
    const old = hit.row;
    const info = podInfo(pod);
    const health = podHealth(info.core, pod.status?.phase, now);
    const restarts = restartsText(info.core.restarts, info.core.lastRestart, now);
    const age = info.created ? humanDuration(now - info.created) : '<unknown>';
    hit.now = now;
    if (health === old.health && restarts === old.cells.restarts && age === old.cells.age) return old;
  }
  const row = buildRow(pod, now);
  cache.rows.set(pod, { row, now });
  return row;
}

/** Whether `pods` holds the same pods (by namespace/name) in the same order as `prev`. */
function sameMembers(pods: Pod[], prev: Pod[]): boolean {
  if (pods.length !== prev.length) return false;
  for (let i = 0; i < pods.length; i++) {
    const a = pods[i]!;
    const b = prev[i]!;
    if (a !== b && (a.metadata.name !== b.metadata.name || a.metadata.namespace !== b.metadata.namespace)) return false;
  }
  return true;
}

/**
 * Cells: namespace, name, ready, status, restarts, node, images, age, ip.
 * Rows come in name order ("ns/name", namespace first). Rows that did not
 * change keep their identity across calls with the same cache, which lets the
 * filter index and the table reuse their work.
 */
export function podRows(res: ResourceMaps, scope: Scope, now: number, cache: PodRowsCache = createPodRowsCache()): Row[] {
  const pods = podsInScope(res, scope);
  // A replaced pod keeps its place in the store's Map, so the same members mean the same name order.
  let order = cache.order;
  if (!sameMembers(pods, cache.pods)) {
    const keys = pods.map((p) => podInfo(p).sortKey);
    order = keys.map((_, i) => i);
    order.sort((x, y) => (keys[x]! < keys[y]! ? -1 : keys[x]! > keys[y]! ? 1 : 0));
  }
  const byIndex = new Array<Row>(pods.length);
  const prev = cache.pods;
  const sameClock = cache.now === now;
  for (let i = 0; i < pods.length; i++) {
    const pod = pods[i]!;
    // The common case, an untouched pod within the same clock second, is a pointer compare.
    byIndex[i] = sameClock && pod === prev[i] ? cache.byIndex[i]! : rowFor(pod, now, cache);
  }
  cache.pods = pods;
  cache.byIndex = byIndex;
  cache.now = now;
  cache.order = order;
  const rows = new Array<Row>(pods.length);
  for (let i = 0; i < order.length; i++) rows[i] = byIndex[order[i]!]!;
  return rows;
}
