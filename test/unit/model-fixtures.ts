// Builders for wire-shaped objects used by the model unit tests.
import type { ContainerStatus, Deployment, KubeEvent, KubeNode, Namespace, Pod, ReplicaSet, ResourceMaps } from '../../src/model/types.js';

export const NOW = Date.parse('2025-01-10T12:00:00Z');
export const ago = (ms: number) => new Date(NOW - ms).toISOString();
export const MIN = 60_000;

export function running(name: string, opts: Partial<ContainerStatus> = {}): ContainerStatus {
  return { name, ready: true, restartCount: 0, started: true, state: { running: { startedAt: ago(60 * MIN) } }, ...opts };
}

export function waiting(name: string, reason: string, opts: Partial<ContainerStatus> = {}): ContainerStatus {
  return { name, ready: false, restartCount: 0, state: { waiting: { reason } }, ...opts };
}

export function terminated(
  name: string,
  t: { reason?: string; exitCode: number; signal?: number },
  opts: Partial<ContainerStatus> = {},
): ContainerStatus {
  return { name, ready: false, restartCount: 0, state: { terminated: t }, ...opts };
}

export interface PodOpts {
  ns?: string;
  name?: string;
  phase?: string;
  reason?: string;
  containers?: { name: string; image?: string }[];
  init?: { name: string; image?: string; restartPolicy?: string }[];
  statuses?: ContainerStatus[];
  initStatuses?: ContainerStatus[];
  conditions?: { type: string; status: string; reason?: string }[];
  deleted?: boolean;
  labels?: Record<string, string>;
  created?: string;
  node?: string;
  ip?: string;
  owner?: { kind: string; name: string };
}

export function pod(o: PodOpts = {}): Pod {
  const containers = o.containers ?? [{ name: 'app', image: 'nginx:1.25' }];
  return {
    metadata: {
      name: o.name ?? 'web-1',
      namespace: o.ns ?? 'shop',
      creationTimestamp: o.created ?? ago(60 * MIN),
      deletionTimestamp: o.deleted ? ago(MIN) : undefined,
      labels: o.labels,
      ownerReferences: o.owner ? [{ apiVersion: 'apps/v1', kind: o.owner.kind, name: o.owner.name, uid: 'u', controller: true }] : undefined,
    },
    spec: { containers, initContainers: o.init, nodeName: o.node },
    status: {
      phase: o.phase ?? 'Running',
      reason: o.reason,
      podIP: o.ip,
      conditions: o.conditions,
      containerStatuses: o.statuses ?? containers.map((c) => running(c.name)),
      initContainerStatuses: o.initStatuses,
    },
  };
}

export function deployment(o: {
  ns?: string;
  name: string;
  replicas?: number;
  ready?: number;
  updated?: number;
  available?: number;
  current?: number;
  selector?: Record<string, string> | null;
  images?: string[];
  revision?: string;
  created?: string;
  conditions?: { type: string; status: string; reason?: string }[];
}): Deployment {
  const replicas = o.replicas ?? 1;
  return {
    metadata: {
      name: o.name,
      namespace: o.ns ?? 'shop',
      creationTimestamp: o.created ?? ago(120 * MIN),
      annotations: o.revision ? { 'deployment.kubernetes.io/revision': o.revision } : undefined,
    },
    spec: {
      replicas,
      selector: o.selector === null ? undefined : { matchLabels: o.selector ?? { app: o.name } },
      template: { spec: { containers: (o.images ?? ['nginx:1.25']).map((image, i) => ({ name: `c${i}`, image })) } },
    },
    status: {
      replicas: o.current ?? replicas,
      readyReplicas: o.ready ?? replicas,
      updatedReplicas: o.updated ?? replicas,
      availableReplicas: o.available ?? replicas,
      conditions: o.conditions,
    },
  };
}

export function namespace(name: string, phase = 'Active', created = ago(10 * 24 * 60 * MIN)): Namespace {
  return { metadata: { name, creationTimestamp: created }, status: { phase } };
}

export function replicaset(ns: string, name: string, deploymentName?: string): ReplicaSet {
  return {
    metadata: {
      name,
      namespace: ns,
      ownerReferences: deploymentName
        ? [{ apiVersion: 'apps/v1', kind: 'Deployment', name: deploymentName, uid: 'd', controller: true }]
        : undefined,
    },
  };
}

export function maps(o: { pods?: Pod[]; deployments?: Deployment[]; namespaces?: Namespace[]; replicasets?: ReplicaSet[]; events?: KubeEvent[]; nodes?: KubeNode[] }): ResourceMaps {
  const key = (x: { metadata: { namespace?: string; name: string } }) =>
    x.metadata.namespace ? `${x.metadata.namespace}/${x.metadata.name}` : x.metadata.name;
  return {
    pods: new Map((o.pods ?? []).map((p) => [key(p), p])),
    deployments: new Map((o.deployments ?? []).map((d) => [key(d), d])),
    namespaces: new Map((o.namespaces ?? []).map((n) => [key(n), n])),
    replicasets: new Map((o.replicasets ?? []).map((r) => [key(r), r])),
    events: new Map((o.events ?? []).map((e) => [key(e), e])),
    nodes: new Map((o.nodes ?? []).map((n) => [key(n), n])),
  };
}
