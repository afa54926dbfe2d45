// Everything about a pod that does not depend on the clock, computed once per
// pod object. The store replaces an object when it changes, so a WeakMap keyed
// by the object is a safe cache and lets 10,000-pod tables rebuild every frame.

import { parseTimestamp } from './age.js';
import { podStatusCore, type PodStatusCore } from './pod-status.js';
import { nameSortKey } from './row.js';
import { sanitize } from './sanitize.js';
import type { Pod } from './types.js';

export interface PodInfo {
  key: string;
  /** nameSortKey(key), cached because pods are re-sorted every frame. */
  sortKey: string;
  namespace: string;
  name: string;
  core: PodStatusCore;
  /** Distinct images of containers then init containers, raw (unsanitized) for matching. */
  images: string[];
  created: number;
  /** Sanitized display text. */
  text: { namespace: string; name: string; status: string; ready: string; node: string; images: string; ip: string };
}

const cache = new WeakMap<Pod, PodInfo>();

export function podImages(pod: Pod): string[] {
  const out: string[] = [];
  for (const c of pod.spec?.containers ?? []) if (c.image && !out.includes(c.image)) out.push(c.image);
  for (const c of pod.spec?.initContainers ?? []) if (c.image && !out.includes(c.image)) out.push(c.image);
  return out;
}

export function podInfo(pod: Pod): PodInfo {
  let info = cache.get(pod);
  if (info) return info;
  const namespace = pod.metadata.namespace ?? '';
  const name = pod.metadata.name;
  const core = podStatusCore(pod);
  const images = podImages(pod);
  const key = namespace ? `${namespace}/${name}` : name;
  info = {
    key,
    sortKey: nameSortKey(key),
    namespace,
    name,
    core,
    images,
    created: parseTimestamp(pod.metadata.creationTimestamp),
    text: {
      namespace: sanitize(namespace),
      name: sanitize(name),
      status: sanitize(core.reason),
      ready: `${core.readyCount}/${core.total}`,
      node: sanitize(pod.spec?.nodeName) || '<none>',
      images: sanitize(images.join(',')),
      ip: sanitize(pod.status?.podIP) || '<none>',
    },
  };
  cache.set(pod, info);
  return info;
}
