import { age, parseTimestamp } from './age.js';
import { healthRank, worstHealth, type Health } from './health.js';
import { podInfo } from './pod-info.js';
import { podHealth } from './pod-status.js';
import { sortByName, type Row } from './row.js';
import { sanitize } from './sanitize.js';
import type { ResourceMaps } from './types.js';

interface Counts {
  pods: number;
  unhealthy: number;
  worst: Health;
}

/**
 * Cells: name, status, age, pods, unhealthy (pods whose health is bad or warn).
 * Namespaces that only show up through their pods (no RBAC to list namespaces)
 * still get a row, with an empty status.
 */
export function namespaceRows(res: ResourceMaps, now: number): Row[] {
  const counts = new Map<string, Counts>();
  for (const pod of res.pods.values()) {
    const ns = pod.metadata.namespace ?? '';
    let c = counts.get(ns);
    if (!c) {
      c = { pods: 0, unhealthy: 0, worst: 'ok' };
      counts.set(ns, c);
    }
    c.pods++;
    const h = podHealth(podInfo(pod).core, pod.status?.phase, now);
    if (h === 'bad' || h === 'warn') {
      c.unhealthy++;
      c.worst = worstHealth(c.worst, h);
    }
  }

  const rows: Row[] = [];
  const seen = new Set<string>();
  const make = (name: string, phase: string, created: string | undefined, labels?: Record<string, string>) => {
    const c = counts.get(name) ?? { pods: 0, unhealthy: 0, worst: 'ok' as Health };
    let health: Health = c.worst;
    if (phase === 'Terminating') health = worstHealth(health, 'warn');
    rows.push({
      key: name,
      cells: {
        name: sanitize(name),
        status: sanitize(phase),
        age: age(created, now),
        pods: String(c.pods),
        unhealthy: String(c.unhealthy),
      },
      health,
      sort: { name, age: parseTimestamp(created), status: healthRank(health) },
      labels,
      ref: { kind: 'Namespace', name },
    });
  };
  for (const ns of res.namespaces.values()) {
    const name = ns.metadata.name;
    seen.add(name);
    make(name, ns.status?.phase ?? 'Active', ns.metadata.creationTimestamp, ns.metadata.labels);
  }
  for (const name of counts.keys()) {
    if (name && !seen.has(name)) make(name, '', undefined);
  }
  return sortByName(rows);
}
