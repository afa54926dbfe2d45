// The fixed starting state docs and tests rely on: a handful of namespaces and
// deployments with history, one crash loop, one image that cannot be pulled,
// one pod that fits on no node, and optionally thousands of bench pods.
// Objects are written directly in their settled state rather than grown
// through the controllers, so even 10,000 pods start in well under a second.

import type { ContainerSpec, Deployment, Namespace, Pod, ReplicaSet } from '../../model/types.js';
import { containerBehaviour, containerID, imageID } from './behaviour.js';
import { defaultDeployment, REVISION, templateHash, type Controllers } from './controllers.js';
import type { EventRecorder } from './events.js';
import { backOffEventMessage, backoffMs, computeConditions, computePhase, crashMessage, podInvolved, pullErrorMessage, unschedulableMessage, type PodLifecycle } from './pods.js';
import type { Store } from './store.js';
import { seedNodes } from './nodes.js';
import { clone, isoSeconds, makeRng, uuid, type Rng } from './util.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

interface SeedDeployment {
  ns: string;
  name: string;
  replicas: number;
  containers: ContainerSpec[];
  /** Older images of the first container, oldest first; the current one is last. */
  history?: { image: string; cause: string }[];
  cause?: string;
  ageDays: number;
}

const mem = (m: string) => ({ resources: { requests: { cpu: '100m', memory: m }, limits: { memory: m } } });

export const SEED_DEPLOYMENTS: SeedDeployment[] = [
  {
    ns: 'shop',
    name: 'web',
    replicas: 3,
    containers: [{ name: 'web', image: 'shop/web:1.2', ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }], ...mem('256Mi') }],
    history: [
      { image: 'shop/web:1.0', cause: 'kubectl create deployment web --image=shop/web:1.0 --replicas=3' },
      { image: 'shop/web:1.1', cause: 'kubectl set image deployment/web web=shop/web:1.1' },
      { image: 'shop/web:1.2', cause: 'kubectl set image deployment/web web=shop/web:1.2' },
    ],
    ageDays: 14,
  },
  // Deployed a quarter of an hour ago and crash-looping since: the newest trouble, so :triage opens on it.
  { ns: 'shop', name: 'payments', replicas: 2, containers: [{ name: 'payments', image: 'shop/payments:2.3', ports: [{ containerPort: 9000, protocol: 'TCP' }], ...mem('128Mi') }], ageDays: 0.01 },
  { ns: 'shop', name: 'cart', replicas: 2, containers: [{ name: 'cart', image: 'shop/cart:latest', ...mem('128Mi') }], ageDays: 9 },
  { ns: 'shop', name: 'search', replicas: 1, containers: [{ name: 'search', image: 'shop/search:9.9-missing', ...mem('512Mi') }], ageDays: 0.02 },
  { ns: 'shop', name: 'checkout', replicas: 3, containers: [{ name: 'checkout', image: 'shop/checkout:3.2.1', ...mem('256Mi') }], ageDays: 11 },
  { ns: 'shop', name: 'frontend', replicas: 2, containers: [{ name: 'frontend', image: 'shop/frontend:2024.06.1', ...mem('128Mi') }], ageDays: 4 },
  {
    ns: 'platform',
    name: 'api',
    replicas: 2,
    containers: [
      { name: 'api', image: 'platform/api:4.1', ports: [{ containerPort: 8080, protocol: 'TCP' }], ...mem('512Mi') },
      { name: 'envoy', image: 'envoyproxy/envoy:v1.30.1', ports: [{ containerPort: 9901, name: 'admin', protocol: 'TCP' }], ...mem('128Mi') },
    ],
    ageDays: 21,
  },
  {
    ns: 'platform',
    name: 'worker',
    replicas: 3,
    containers: [{ name: 'worker', image: 'platform/worker@sha256:4f5c2b8e1d9a7c3f6b0e2d4a8c1f3e5b7d9a0c2e4f6b8d1a3c5e7f9b0d2a4c6e', ...mem('1Gi') }],
    ageDays: 3,
  },
  { ns: 'platform', name: 'batch', replicas: 1, containers: [{ name: 'batch', image: 'platform/batch:7.0', ...mem('256Gi') }], ageDays: 0.05 },
  { ns: 'platform', name: 'ingress-nginx', replicas: 2, containers: [{ name: 'controller', image: 'registry.k8s.io/ingress-nginx/controller:v1.10.1', ...mem('90Mi') }], ageDays: 30 },
  { ns: 'monitoring', name: 'prometheus', replicas: 1, containers: [{ name: 'prometheus', image: 'prom/prometheus:v2.53.0', ...mem('2Gi') }], ageDays: 25 },
  { ns: 'monitoring', name: 'grafana', replicas: 1, containers: [{ name: 'grafana', image: 'grafana/grafana', ...mem('256Mi') }], ageDays: 25 },
  { ns: 'monitoring', name: 'alertmanager', replicas: 1, containers: [{ name: 'alertmanager', image: 'prom/alertmanager:v0.27.0', ...mem('128Mi') }], ageDays: 25 },
  { ns: 'monitoring', name: 'node-exporter', replicas: 3, containers: [{ name: 'node-exporter', image: 'prom/node-exporter:v1.8.1', ...mem('64Mi') }], ageDays: 25 },
  { ns: 'default', name: 'hello', replicas: 2, containers: [{ name: 'hello', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }] }], ageDays: 2 },
  { ns: 'default', name: 'redis', replicas: 1, containers: [{ name: 'redis', image: 'redis:7.2-alpine', ...mem('256Mi') }], ageDays: 8 },
];

export const SEED_NAMESPACES = ['default', 'shop', 'platform', 'monitoring'];

export interface SeedDeps {
  store: Store;
  events: EventRecorder;
  pods: PodLifecycle;
  controllers: Controllers;
  now: number;
  speed: number;
}

function makeDeployment(s: SeedDeployment, created: number, rng: Rng): Deployment {
  const labels = { app: s.name };
  const d: Deployment = {
    metadata: {
      name: s.name,
      namespace: s.ns,
      uid: uuid(rng),
      creationTimestamp: isoSeconds(created),
      generation: s.history ? s.history.length : 1,
      labels: { ...labels },
      annotations: {},
    },
    spec: {
      replicas: s.replicas,
      selector: { matchLabels: { ...labels } },
      template: { metadata: { labels: { ...labels } }, spec: { containers: clone(s.containers) } },
    },
  };
  return defaultDeployment(d);
}

function makeRS(d: Deployment, image: string | undefined, revision: number, replicas: number, created: number, cause: string | undefined, rng: Rng): ReplicaSet {
  const tmpl = clone(d.spec!.template!);
  if (image) tmpl.spec!.containers[0]!.image = image;
  const hash = templateHash(tmpl);
  tmpl.metadata = { ...tmpl.metadata, labels: { ...(tmpl.metadata?.labels ?? {}), 'pod-template-hash': hash } };
  return {
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      uid: uuid(rng),
      creationTimestamp: isoSeconds(created),
      generation: 1,
      labels: { ...tmpl.metadata.labels! },
      annotations: {
        [REVISION]: String(revision),
        'deployment.kubernetes.io/desired-replicas': String(d.spec!.replicas),
        'deployment.kubernetes.io/max-replicas': String(d.spec!.replicas! + Math.ceil(d.spec!.replicas! * 0.25)),
        ...(cause ? { 'kubernetes.io/change-cause': cause } : {}),
      },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid!, controller: true, ...{ blockOwnerDeletion: true } }],
    },
    spec: { replicas, selector: { matchLabels: { ...d.spec!.selector!.matchLabels, 'pod-template-hash': hash } }, template: tmpl },
    status: { replicas: 0 },
  };
}

/** Moves a freshly built pod to how it would look after running since `startedAt`. */
function settlePod(pod: Pod, startedAt: number, now: number, rng: Rng): 'ok' | 'crash' | 'imagepull' | 'unschedulable' {
  if (!pod.spec?.nodeName) return 'unschedulable';
  let kind: 'ok' | 'crash' | 'imagepull' = 'ok';
  for (const cs of pod.status!.containerStatuses!) {
    const image = pod.spec.containers.find((c) => c.name === cs.name)!.image!;
    const b = containerBehaviour(image);
    if (b === 'imagepull') {
      kind = 'imagepull';
      cs.state = { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` } };
      continue;
    }
    cs.imageID = imageID(image);
    if (b === 'crash') {
      kind = 'crash';
      const restarts = 3 + Math.floor(rng() * 3);
      const finished = now - (3000 + rng() * 20000);
      cs.restartCount = restarts;
      cs.lastState = { terminated: { exitCode: 1, reason: 'Error', startedAt: isoSeconds(finished - 2000), finishedAt: isoSeconds(finished), ...{ containerID: containerID(`${pod.metadata.uid}/${cs.name}/${restarts - 1}`) } } };
      cs.state = { waiting: { reason: 'CrashLoopBackOff', message: crashMessage(restarts, cs.name, pod) } };
      continue;
    }
    cs.state = { running: { startedAt: isoSeconds(startedAt) } };
    cs.ready = true;
    cs.started = true;
    (cs as unknown as Record<string, unknown>)['containerID'] = containerID(`${pod.metadata.uid}/${cs.name}/0`);
  }
  pod.status!.phase = computePhase(pod);
  pod.status!.conditions = computeConditions(pod, startedAt);
  return kind;
}

export function seedCluster(deps: SeedDeps, extraPods: number): void {
  const { store, events, pods, controllers, now } = deps;
  const rng = makeRng(20240601);
  const namespaces = [...SEED_NAMESPACES, ...(extraPods > 0 ? ['bench'] : [])];
  namespaces.forEach((ns, i) => {
    const n: Namespace = {
      metadata: { name: ns, uid: uuid(rng), creationTimestamp: isoSeconds(now - (40 - i) * DAY), labels: { 'kubernetes.io/metadata.name': ns } },
      status: { phase: 'Active' },
    };
    (n as unknown as Record<string, unknown>)['spec'] = { finalizers: ['kubernetes'] };
    store.create('namespaces', n, true);
  });
  seedNodes(store, events, now);

  const resume: { pod: Pod; inMs: number }[] = [];
  const seedOne = (s: SeedDeployment, podAge?: () => number) => {
    const created = now - s.ageDays * DAY;
    const d = makeDeployment(s, created, rng);
    const revs = s.history ?? [{ image: s.containers[0]!.image!, cause: s.cause ?? '' }];
    const span = (now - created) / (revs.length + 1);
    let current: ReplicaSet | undefined;
    revs.forEach((r, i) => {
      const last = i === revs.length - 1;
      const rs = makeRS(d, r.image, i + 1, last ? s.replicas : 0, created + i * span, r.cause || undefined, rng);
      store.create('replicasets', rs, true);
      if (last) current = rs;
    });
    d.metadata.annotations![REVISION] = String(revs.length);
    const cause = revs[revs.length - 1]!.cause;
    if (cause) d.metadata.annotations!['kubernetes.io/change-cause'] = cause;
    store.create('deployments', d, true);
    const rs = current!;
    const rsCreated = Date.parse(rs.metadata.creationTimestamp!);
    for (let i = 0; i < s.replicas; i++) {
      const podCreated = podAge ? now - podAge() : rsCreated + rng() * (now - rsCreated) * 0.3;
      const pod = pods.buildPod(rs, pods.newPodName(rs.metadata.name, rs.metadata.namespace), podCreated);
      pod.metadata.uid = uuid(rng);
      const kind = settlePod(pod, podCreated + 4000 + rng() * 6000, now, rng);
      store.create('pods', pod, true);
      seedPodEvents(events, pod, kind, podCreated, now, rng);
      if (kind === 'crash') {
        const cs = pod.status!.containerStatuses![0]!;
        const finished = Date.parse(cs.lastState!.terminated!.finishedAt!);
        resume.push({ pod, inMs: Math.max(1000 / deps.speed, finished + backoffMs(cs.restartCount) / deps.speed - now) });
      } else if (kind === 'imagepull') resume.push({ pod, inMs: 4000 + rng() * 4000 });
      else if (kind === 'unschedulable') resume.push({ pod, inMs: 0 });
    }
    if (s.history) {
      const inv = { kind: 'Deployment', apiVersion: 'apps/v1', object: d };
      const prev = store.list<ReplicaSet>('replicasets', s.ns).find((r) => r.metadata.annotations?.[REVISION] === String(revs.length - 1));
      const t = rsCreated;
      events.seed(inv, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${rs.metadata.name} from 0 to 1`, 'deployment-controller', t, t, 1);
      if (prev) events.seed(inv, 'Normal', 'ScalingReplicaSet', `Scaled down replica set ${prev.metadata.name} from 3 to 0`, 'deployment-controller', t + 20_000, t + 20_000, 1);
    }
    controllers.markProgressAt(`${s.ns}/${s.name}`, Date.parse(d.metadata.creationTimestamp!));
  };
  for (const s of SEED_DEPLOYMENTS) seedOne(s);

  if (extraPods > 0) {
    const per = 100;
    const count = Math.ceil(extraPods / per);
    for (let k = 0; k < count; k++) {
      const replicas = Math.min(per, extraPods - k * per);
      seedOne({ ns: 'bench', name: `load-${k}`, replicas, containers: [{ name: 'load', image: 'bench/load:1' }], ageDays: 1 }, () => HOUR + rng() * 20 * HOUR);
    }
  }

  controllers.indexExisting();
  controllers.settle();
  for (const r of resume) pods.resume(store.get<Pod>('pods', r.pod.metadata.namespace, r.pod.metadata.name)!, r.inMs * deps.speed);
}

function seedPodEvents(events: EventRecorder, pod: Pod, kind: string, created: number, now: number, rng: Rng): void {
  const name = pod.spec?.containers[0]?.name ?? '';
  const image = pod.spec?.containers[0]?.image ?? '';
  if (kind === 'unschedulable') {
    events.seed({ kind: 'Pod', apiVersion: 'v1', object: pod }, 'Warning', 'FailedScheduling', unschedulableMessage(), 'default-scheduler', created, now - 20_000, 3 + Math.floor(rng() * 5));
    return;
  }
  if (kind === 'crash') {
    const cs = pod.status!.containerStatuses![0]!;
    const last = Date.parse(cs.lastState!.terminated!.finishedAt!);
    const inv = podInvolved(pod, name);
    events.seed(inv, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, 'kubelet', created, last - 2000, cs.restartCount + 1);
    events.seed(inv, 'Normal', 'Created', `Created container ${name}`, 'kubelet', created, last - 2000, cs.restartCount + 1);
    events.seed(inv, 'Normal', 'Started', `Started container ${name}`, 'kubelet', created, last - 2000, cs.restartCount + 1);
    events.seed(inv, 'Warning', 'BackOff', backOffEventMessage(name, pod), 'kubelet', created + 60_000, last, 20 + Math.floor(rng() * 20));
    return;
  }
  if (kind === 'imagepull') {
    const inv = podInvolved(pod, name);
    const n = 4 + Math.floor(rng() * 4);
    events.seed({ kind: 'Pod', apiVersion: 'v1', object: pod }, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${pod.spec!.nodeName}`, 'default-scheduler', created, created, 1);
    events.seed(inv, 'Normal', 'Pulling', `Pulling image "${image}"`, 'kubelet', created, now - 30_000, n);
    events.seed(inv, 'Warning', 'Failed', `Failed to pull image "${image}": ${pullErrorMessage(image)}`, 'kubelet', created, now - 30_000, n);
    events.seed(inv, 'Warning', 'Failed', 'Error: ErrImagePull', 'kubelet', created, now - 30_000, n);
    events.seed(inv, 'Normal', 'BackOff', `Back-off pulling image "${image}"`, 'kubelet', created, now - 10_000, n * 3);
    events.seed(inv, 'Warning', 'Failed', 'Error: ImagePullBackOff', 'kubelet', created, now - 10_000, n * 3);
  }
}
