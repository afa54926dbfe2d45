import { fromLabelSelector, matchesSelector } from './label-selector.js';
import { podInfo } from './pod-info.js';
import type { Scope } from './row.js';
import type { Pod, ResourceMaps } from './types.js';

/** The pods a scope covers, in one pass over the pod map. */
export function podsInScope(res: ResourceMaps, scope: Scope): Pod[] {
  let ns = scope.namespace;
  let selector = undefined as ReturnType<typeof fromLabelSelector> | undefined;
  if (scope.deployment) {
    const d = res.deployments.get(`${scope.deployment.namespace}/${scope.deployment.name}`);
    if (!d) return [];
    if (ns !== undefined && ns !== scope.deployment.namespace) return [];
    ns = scope.deployment.namespace;
    selector = fromLabelSelector(d.spec?.selector);
  }
  const image = scope.image;
  const out: Pod[] = [];
  for (const pod of res.pods.values()) {
    if (ns !== undefined && pod.metadata.namespace !== ns) continue;
    if (selector && !matchesSelector(pod.metadata.labels, selector)) continue;
    if (image !== undefined && !podInfo(pod).images.includes(image)) continue;
    out.push(pod);
  }
  return out;
}
