import { humanDuration } from './age.js';
import { healthRank } from './health.js';
import { podInfo } from './pod-info.js';
import { podHealth, restartsText } from './pod-status.js';
import { sortByName, type Row, type Scope } from './row.js';
import { podsInScope } from './scope.js';
import type { ResourceMaps } from './types.js';

/** Cells: namespace, name, ready, status, restarts, node, images, age, ip. */
export function podRows(res: ResourceMaps, scope: Scope, now: number): Row[] {
  const pods = podsInScope(res, scope);
  const rows: Row[] = new Array(pods.length);
  const keys: string[] = new Array(pods.length);
  for (let i = 0; i < pods.length; i++) {
    const pod = pods[i]!;
    const info = podInfo(pod);
    keys[i] = info.sortKey;
    const health = podHealth(info.core, pod.status?.phase, now);
    rows[i] = {
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
  return sortByName(rows, keys);
}
