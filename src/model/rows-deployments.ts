import { age, parseTimestamp } from './age.js';
import { deploymentHealth, deploymentImages, deploymentRevision, desiredReplicas } from './deployment.js';
import { healthRank } from './health.js';
import { objectKey, type ResourceMaps } from './types.js';
import { sortByName, type Row, type Scope } from './row.js';
import { sanitize } from './sanitize.js';

/** Cells: namespace, name, ready ("2/3"), uptodate, available, revision, images, age. */
export function deploymentRows(res: ResourceMaps, scope: Scope, now: number): Row[] {
  const rows: Row[] = [];
  for (const d of res.deployments.values()) {
    const ns = d.metadata.namespace ?? '';
    if (scope.namespace !== undefined && ns !== scope.namespace) continue;
    if (scope.deployment && (scope.deployment.namespace !== ns || scope.deployment.name !== d.metadata.name)) continue;
    const images = deploymentImages(d);
    if (scope.image !== undefined && !images.includes(scope.image)) continue;
    const st = d.status ?? {};
    const health = deploymentHealth(d);
    const key = objectKey(d);
    rows.push({
      key,
      cells: {
        namespace: sanitize(ns),
        name: sanitize(d.metadata.name),
        ready: `${st.readyReplicas ?? 0}/${desiredReplicas(d)}`,
        uptodate: String(st.updatedReplicas ?? 0),
        available: String(st.availableReplicas ?? 0),
        revision: sanitize(deploymentRevision(d)),
        images: sanitize(images.join(',')),
        age: age(d.metadata.creationTimestamp, now),
      },
      health,
      sort: { name: key, age: parseTimestamp(d.metadata.creationTimestamp), status: healthRank(health) },
      labels: d.metadata.labels,
      ref: { kind: 'Deployment', namespace: ns || undefined, name: d.metadata.name },
    });
  }
  return sortByName(rows);
}
