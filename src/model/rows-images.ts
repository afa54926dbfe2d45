import { healthRank, type Health } from './health.js';
import { isFloatingImage, parseImageRef, shortDigest } from './images.js';
import { podInfo } from './pod-info.js';
import { sortByName, type Row, type Scope } from './row.js';
import { sanitize } from './sanitize.js';
import { podsInScope } from './scope.js';
import type { Pod, ResourceMaps } from './types.js';

/**
 * The workload a pod belongs to as "ns/name": its Deployment (through the
 * ReplicaSet, or by stripping the pod-template-hash when the ReplicaSet is not
 * loaded), else its controlling owner, else the bare pod.
 */
export function podWorkload(pod: Pod, res: ResourceMaps): string {
  const ns = pod.metadata.namespace ?? '';
  const prefix = ns ? ns + '/' : '';
  const owners = pod.metadata.ownerReferences ?? [];
  const owner = owners.find((o) => o.controller) ?? owners[0];
  if (!owner) return prefix + pod.metadata.name;
  if (owner.kind === 'ReplicaSet') {
    const rs = res.replicasets.get(prefix + owner.name);
    if (rs) {
      const rsOwners = rs.metadata.ownerReferences ?? [];
      const dep = rsOwners.find((o) => o.kind === 'Deployment');
      if (dep) return prefix + dep.name;
      return prefix + owner.name;
    }
    const hash = pod.metadata.labels?.['pod-template-hash'];
    if (hash && owner.name.endsWith('-' + hash)) return prefix + owner.name.slice(0, -hash.length - 1);
  }
  return prefix + owner.name;
}

/**
 * One row per distinct image reference used by the pods in scope (containers
 * and init containers). Cells: image, tag (tag, else short digest, else
 * "<none>"), workloads, pods, flags ("latest"/"untagged"). Floating references
 * are 'warn': what runs can change on the next pull.
 */
export function imageRows(res: ResourceMaps, scope: Scope): Row[] {
  const byImage = new Map<string, { pods: number; workloads: Set<string> }>();
  for (const pod of podsInScope(res, scope)) {
    const images = podInfo(pod).images;
    if (images.length === 0) continue;
    const workload = podWorkload(pod, res);
    for (const image of images) {
      if (scope.image !== undefined && image !== scope.image) continue;
      let e = byImage.get(image);
      if (!e) {
        e = { pods: 0, workloads: new Set() };
        byImage.set(image, e);
      }
      e.pods++;
      e.workloads.add(workload);
    }
  }
  const rows: Row[] = [];
  for (const [image, e] of byImage) {
    const ref = parseImageRef(image);
    const floating = isFloatingImage(ref);
    const health: Health = floating ? 'warn' : 'ok';
    const tag = ref.tag ?? (ref.digest ? shortDigest(ref.digest) : '<none>');
    rows.push({
      key: image,
      cells: {
        image: sanitize(image),
        tag: sanitize(tag),
        workloads: sanitize([...e.workloads].sort().join(', ')),
        pods: String(e.pods),
        flags: floating ? (ref.isUntagged ? 'untagged' : 'latest') : '',
      },
      health,
      sort: { name: image, age: 0, status: healthRank(health) },
      ref: { kind: 'Image', name: image },
    });
  }
  return sortByName(rows);
}
