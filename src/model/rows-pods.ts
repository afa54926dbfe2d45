import { humanDuration, humanDurationStableFor } from './age.js';
import { healthRank } from './health.js';
import { podInfo } from './pod-info.js';
import { podHealth, RECENT_RESTART_MS, restartsText } from './pod-status.js';
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
  /** Each pod object's row, and until when its clock-driven cells (age, last restart, recent-restart health) hold. */
  rows: WeakMap<Pod, { row: Row; since: number; until: number }>;
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

/** Until when a pod's row reads the same as at `now`, as far as the clock is concerned. */
function rowHoldsUntil(pod: Pod, now: number): number {
  const { created, core } = podInfo(pod);
  let until = Infinity;
  if (created) until = now + humanDurationStableFor(now - created);
  if (core.restarts !== 0 && core.lastRestart > 0) {
    until = Math.min(until, now + humanDurationStableFor(now - core.lastRestart));
    const recentEnds = core.lastRestart + RECENT_RESTART_MS;
    if (now < recentEnds) until = Math.min(until, recentEnds);
  }
  return until;
}

/** The row for `pod` at `now`, reusing the cached one while nothing it shows can have changed. */
function rowFor(pod: Pod, now: number, cache: PodRowsCache): Row {
  const hit = cache.rows.get(pod);
  // The clock ticks every second, but most ages read in minutes, hours or days.
  if (hit && hit.since <= now && now < hit.until) return hit.row;
  const row = buildRow(pod, now);
  cache.rows.set(pod, { row, since: now, until: rowHoldsUntil(pod, now) });
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
