// Where each kind lives in the API, and how its objects are trimmed on arrival.
import type { KubeObject, ResourceKind } from '../../model/types.js';
import { slimPod } from './slim-pod.js';

interface KindInfo {
  apiVersion: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

export const KINDS: Record<ResourceKind, KindInfo> = {
  namespaces: { apiVersion: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false },
  pods: { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true },
  deployments: { apiVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments', namespaced: true },
  replicasets: { apiVersion: 'apps/v1', kind: 'ReplicaSet', plural: 'replicasets', namespaced: true },
  events: { apiVersion: 'v1', kind: 'Event', plural: 'events', namespaced: true },
  nodes: { apiVersion: 'v1', kind: 'Node', plural: 'nodes', namespaced: false },
};

export const ALL_KINDS: ResourceKind[] = ['namespaces', 'pods', 'deployments', 'replicasets', 'events', 'nodes'];

/** Collection path of a kind, scoped to a namespace when the kind is namespaced and one is given. */
export function collectionPath(kind: ResourceKind, namespace?: string): string {
  const info = KINDS[kind];
  const base = info.apiVersion === 'v1' ? '/api/v1' : `/apis/${info.apiVersion}`;
  if (info.namespaced && namespace) return `${base}/namespaces/${encodeURIComponent(namespace)}/${info.plural}`;
  return `${base}/${info.plural}`;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * Trims a freshly parsed object (it is ours: nobody else holds it) and fills
 * in kind/apiVersion, which list items do not carry. Pods are rebuilt with only
 * the fields kdeck reads; for the other kinds, managedFields and the
 * last-applied annotation are often most of an object's size.
 */
export function adoptObject(kind: ResourceKind, o: KubeObject): KubeObject {
  const info = KINDS[kind];
  if (!o.kind) o.kind = info.kind;
  if (!o.apiVersion) o.apiVersion = info.apiVersion;
  if (kind === 'pods') return slimPod(o);
  const meta = o.metadata as KubeObject['metadata'] & { managedFields?: unknown };
  if (meta) {
    if (meta.managedFields !== undefined) delete meta.managedFields;
    const ann = meta.annotations;
    if (ann && LAST_APPLIED in ann) {
      delete ann[LAST_APPLIED];
      if (Object.keys(ann).length === 0) delete meta.annotations;
    }
  }
  return o;
}
