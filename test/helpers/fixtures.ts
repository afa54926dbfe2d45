// Small, hand-made cluster objects for component tests (the demo cluster is
// for integration tests).
import type { Deployment, KubeObject, Namespace, Pod, ReplicaSet, WatchEvent } from '../../src/model/types.js';

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

export function pod(ns: string, name: string, opts: { app?: string; image?: string; waiting?: string; restarts?: number; ready?: boolean; phase?: string; ageMs?: number; labels?: Record<string, string> } = {}): Pod {
  const image = opts.image ?? `${opts.app ?? 'app'}:1.0`;
  return {
    metadata: { name, namespace: ns, uid: `${ns}-${name}`, creationTimestamp: ago(opts.ageMs ?? 3_600_000), labels: { app: opts.app ?? 'app', ...opts.labels } },
    spec: { nodeName: 'node-1', containers: [{ name: 'main', image }] },
    status: {
      phase: opts.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: opts.ready === false || opts.waiting ? 'False' : 'True' }],
      containerStatuses: [
        {
          name: 'main',
          image,
          ready: !(opts.ready === false || opts.waiting),
          restartCount: opts.restarts ?? 0,
          state: opts.waiting ? { waiting: { reason: opts.waiting } } : { running: { startedAt: ago(60_000) } },
        },
      ],
    },
  };
}

export function deployment(ns: string, name: string, replicas: number, ready: number, image: string): Deployment {
  return {
    metadata: { name, namespace: ns, uid: `d-${ns}-${name}`, creationTimestamp: ago(86_400_000), annotations: { 'deployment.kubernetes.io/revision': '2' } },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image }] } } },
    status: { replicas, readyReplicas: ready, updatedReplicas: replicas, availableReplicas: ready },
  };
}

export function namespace(name: string): Namespace {
  return { metadata: { name, uid: `ns-${name}`, creationTimestamp: ago(30 * 86_400_000) }, status: { phase: 'Active' } };
}

export function seedEvents(): WatchEvent[] {
  const pods: KubeObject[] = [
    pod('shop', 'web-7d9c-aaaaa', { app: 'web', image: 'shop/web:1.2' }),
    pod('shop', 'web-7d9c-bbbbb', { app: 'web', image: 'shop/web:1.2' }),
    pod('shop', 'payments-5f6d-ccccc', { app: 'payments', image: 'shop/payments:2.3', waiting: 'CrashLoopBackOff', restarts: 7 }),
    pod('platform', 'api-66b-ddddd', { app: 'api', image: 'platform/api:4.1' }),
    pod('platform', 'search-1-eeeee', { app: 'search', image: 'shop/search:9.9', waiting: 'ImagePullBackOff' }),
    pod('default', 'hello-1-fffff', { app: 'hello', image: 'nginx:latest' }),
  ];
  return [
    { kind: 'namespaces', type: 'RESET', objects: ['default', 'shop', 'platform'].map(namespace) },
    { kind: 'pods', type: 'RESET', objects: pods },
    {
      kind: 'deployments',
      type: 'RESET',
      objects: [deployment('shop', 'web', 2, 2, 'shop/web:1.2'), deployment('shop', 'payments', 1, 0, 'shop/payments:2.3'), deployment('platform', 'api', 1, 1, 'platform/api:4.1')],
    },
    { kind: 'replicasets', type: 'RESET', objects: [] },
    { kind: 'events', type: 'RESET', objects: [] },
  ];
}

/** A ReplicaSet of `d` at `revision`, running `image`, as the deployment controller makes them. */
export function replicaSet(d: Deployment, revision: number, image: string, replicas: number, hash: string): ReplicaSet {
  const ns = d.metadata.namespace!;
  const name = d.metadata.name;
  return {
    metadata: {
      name: `${name}-${hash}`,
      namespace: ns,
      uid: `rs-${ns}-${name}-${hash}`,
      creationTimestamp: ago((10 - revision) * 3_600_000),
      labels: { app: name, 'pod-template-hash': hash },
      annotations: { 'deployment.kubernetes.io/revision': String(revision), 'kubernetes.io/change-cause': `set image ${image}` },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid: d.metadata.uid!, controller: true }],
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name, 'pod-template-hash': hash } }, spec: { containers: [{ name, image }] } },
    },
    status: { replicas, readyReplicas: replicas, availableReplicas: replicas },
  };
}

/** The seed plus web's rollout history: revision 1 (shop/web:1.1) and the current revision 2 (shop/web:1.2). */
export function seedWithHistory(): WatchEvent[] {
  const events = seedEvents();
  const web = deployment('shop', 'web', 2, 2, 'shop/web:1.2');
  return events.map((e) =>
    e.type === 'RESET' && e.kind === 'replicasets' ? { ...e, objects: [replicaSet(web, 1, 'shop/web:1.1', 0, 'aaa111'), replicaSet(web, 2, 'shop/web:1.2', 2, 'bbb222')] } : e,
  );
}
