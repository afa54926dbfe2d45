// The resource types the demo apiserver serves, with the discovery facts
// clients read (kind, scope, verbs, short names, subresources).

import type { Kind } from './store.js';

export interface ResourceDef {
  name: Kind;
  group: '' | 'apps';
  kind: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
}

export const RESOURCES: ResourceDef[] = [
  { name: 'namespaces', group: '', kind: 'Namespace', singular: 'namespace', namespaced: false, shortNames: ['ns'] },
  { name: 'pods', group: '', kind: 'Pod', singular: 'pod', namespaced: true, shortNames: ['po'], categories: ['all'] },
  { name: 'events', group: '', kind: 'Event', singular: 'event', namespaced: true, shortNames: ['ev'] },
  { name: 'nodes', group: '', kind: 'Node', singular: 'node', namespaced: false, shortNames: ['no'] },
  { name: 'secrets', group: '', kind: 'Secret', singular: 'secret', namespaced: true },
  { name: 'configmaps', group: '', kind: 'ConfigMap', singular: 'configmap', namespaced: true, shortNames: ['cm'] },
  { name: 'deployments', group: 'apps', kind: 'Deployment', singular: 'deployment', namespaced: true, shortNames: ['deploy'], categories: ['all'] },
  { name: 'replicasets', group: 'apps', kind: 'ReplicaSet', singular: 'replicaset', namespaced: true, shortNames: ['rs'], categories: ['all'] },
];

export function resourceDef(name: string, group: string): ResourceDef | undefined {
  return RESOURCES.find((r) => r.name === name && r.group === group);
}

export function apiVersionOf(def: ResourceDef): string {
  return def.group ? `${def.group}/v1` : 'v1';
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function entry(def: ResourceDef) {
  return {
    name: def.name,
    singularName: def.singular,
    namespaced: def.namespaced,
    kind: def.kind,
    verbs: def.name === 'namespaces' ? ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] : ALL_VERBS,
    ...(def.shortNames ? { shortNames: def.shortNames } : {}),
    ...(def.categories ? { categories: def.categories } : {}),
    storageVersionHash: Buffer.from(def.kind).toString('base64').slice(0, 11),
  };
}

export function coreResourceList() {
  const core = RESOURCES.filter((r) => r.group === '');
  return {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: [
      ...core.map(entry),
      { name: 'namespaces/status', singularName: '', namespaced: false, kind: 'Namespace', verbs: ['get', 'patch', 'update'] },
      { name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] },
      { name: 'pods/status', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get', 'patch', 'update'] },
    ].sort((a, b) => a.name.localeCompare(b.name)),
  };
}

export function appsResourceList() {
  const apps = RESOURCES.filter((r) => r.group === 'apps');
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: 'apps/v1',
    resources: [
      ...apps.map(entry),
      { name: 'deployments/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] },
      { name: 'deployments/status', singularName: '', namespaced: true, kind: 'Deployment', verbs: ['get', 'patch', 'update'] },
      { name: 'replicasets/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] },
      { name: 'replicasets/status', singularName: '', namespaced: true, kind: 'ReplicaSet', verbs: ['get', 'patch', 'update'] },
    ].sort((a, b) => a.name.localeCompare(b.name)),
  };
}

export function apiGroupList() {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [{ name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } }],
  };
}

export function apiVersions(address: string) {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: address }] };
}

export const VERSION_INFO = {
  major: '1',
  minor: '31',
  gitVersion: 'v1.31.0-kdeck-demo',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2024-08-13T00:00:00Z',
  goVersion: 'go1.22.5',
  compiler: 'gc',
  platform: 'linux/amd64',
};
