// Pod lifecycle as kubelet and the scheduler would drive it: Pending with
// ContainerCreating, then Running and ready; crash loops with exponential
// back-off; image pulls that keep failing; pods that never fit on a node;
// graceful deletion.

import type { ContainerSpec, ContainerStatus, Pod, ReplicaSet } from '../../model/types.js';
import { containerBehaviour, containerID, fitsOnANode, hostIP, imageID, normalizeImage, NODES } from './behaviour.js';
import type { EventRecorder, Involved } from './events.js';
import { keyOf, type Store } from './store.js';
import { clone, isoSeconds, makeRng, randomSuffix, type Rng, type Timers } from './util.js';

type Condition = NonNullable<NonNullable<Pod['status']>['conditions']>[number] & { message?: string; lastProbeTime?: null };

export const BACKOFF_BASE_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;

export function backoffMs(attempt: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1), BACKOFF_MAX_MS);
}

export function podInvolved(pod: Pod, container?: string): Involved {
  return { kind: 'Pod', apiVersion: 'v1', object: pod, ...(container ? { fieldPath: `spec.containers{${container}}` } : {}) };
}

export function defaultContainer(c: ContainerSpec): ContainerSpec {
  const image = c.image ?? '';
  const tagless = !image.includes('@') && !/:[^/]+$/.test(image);
  return {
    ...c,
    imagePullPolicy: c['imagePullPolicy'] ?? (tagless || image.endsWith(':latest') ? 'Always' : 'IfNotPresent'),
    resources: c['resources'] ?? {},
    terminationMessagePath: c['terminationMessagePath'] ?? '/dev/termination-log',
    terminationMessagePolicy: c['terminationMessagePolicy'] ?? 'File',
  };
}

export class PodLifecycle {
  private readonly podTimers = new Map<string, Set<NodeJS.Timeout>>();
  private readonly rng: Rng;
  private ipCounter = 10;

  constructor(
    private readonly store: Store,
    private readonly timers: Timers,
    private readonly events: EventRecorder,
    private readonly now: () => number,
    seed = 42,
  ) {
    this.rng = makeRng(seed);
  }

  pickNode(): string {
    return NODES[Math.floor(this.rng() * NODES.length)]!;
  }

  nextPodIP(node: string): string {
    this.ipCounter++;
    const n = NODES.indexOf(node) + 1;
    return `10.244.${n}.${(this.ipCounter % 250) + 2}`;
  }

  newPodName(rsName: string, ns: string | undefined): string {
    for (;;) {
      const name = `${rsName}-${randomSuffix(this.rng)}`;
      if (!this.store.get('pods', ns, name)) return name;
    }
  }

  /** Builds a pod for a ReplicaSet, as the RS controller and scheduler would. */
  buildPod(rs: ReplicaSet, name: string, at: number): Pod {
    const tmpl = clone(rs.spec!.template!);
    const containers = (tmpl.spec?.containers ?? []).map(defaultContainer);
    const schedulable = fitsOnANode(containers);
    const node = schedulable ? this.pickNode() : undefined;
    const spec: Pod['spec'] = {
      ...tmpl.spec,
      containers,
      restartPolicy: (tmpl.spec?.['restartPolicy'] as string) ?? 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      schedulerName: 'default-scheduler',
      enableServiceLinks: true,
      ...(node ? { nodeName: node } : {}),
    };
    const pod: Pod = {
      metadata: {
        name,
        ...{ generateName: `${rs.metadata.name}-` },
        namespace: rs.metadata.namespace,
        labels: { ...(tmpl.metadata?.labels ?? {}) },
        ...(tmpl.metadata?.annotations ? { annotations: { ...tmpl.metadata.annotations } } : {}),
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid!, controller: true, ...{ blockOwnerDeletion: true } }],
        creationTimestamp: isoSeconds(at),
      },
      spec,
      status: { phase: 'Pending', ...{ qosClass: 'BestEffort' } },
    };
    if (!node) {
      pod.status!.conditions = [
        { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: isoSeconds(at), reason: 'Unschedulable', message: unschedulableMessage() } as Condition,
      ];
      return pod;
    }
    const podIP = this.nextPodIP(node);
    Object.assign(pod.status!, {
      hostIP: hostIP(node),
      hostIPs: [{ ip: hostIP(node) }],
      podIP,
      podIPs: [{ ip: podIP }],
      startTime: isoSeconds(at),
    });
    pod.status!.containerStatuses = containers.map((c) => ({
      name: c.name,
      image: normalizeImage(c.image ?? ''),
      imageID: '',
      ready: false,
      started: false,
      restartCount: 0,
      state: { waiting: { reason: 'ContainerCreating' } },
      lastState: {},
    }));
    pod.status!.conditions = computeConditions(pod, at);
    return pod;
  }

  /** A freshly created pod: schedule it and start its containers after a short while. */
  start(pod: Pod): void {
    const key = keyOf(pod.metadata.namespace, pod.metadata.name);
    if (!pod.spec?.nodeName) {
      this.events.record({ kind: 'Pod', apiVersion: 'v1', object: pod }, 'Warning', 'FailedScheduling', unschedulableMessage(), 'default-scheduler');
      this.retryScheduling(key);
      return;
    }
    this.events.record({ kind: 'Pod', apiVersion: 'v1', object: pod }, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${pod.spec.nodeName}`, 'default-scheduler');
    for (const c of pod.spec.containers) {
      const delay = 1000 + this.rng() * 1000;
      const b = containerBehaviour(c.image);
      if (b === 'imagepull') this.later(key, delay, () => this.failPull(key, c.name, 1));
      else this.later(key, delay, () => this.run(key, c.name, true));
    }
  }

  /** Picks up the simulation for a pod that the seed created mid-life. */
  resume(pod: Pod, nextInMs: number): void {
    const key = keyOf(pod.metadata.namespace, pod.metadata.name);
    if (!pod.spec?.nodeName) {
      this.retryScheduling(key);
      return;
    }
    for (const cs of pod.status?.containerStatuses ?? []) {
      const image = pod.spec.containers.find((c) => c.name === cs.name)?.image;
      const b = containerBehaviour(image);
      if (b === 'crash') {
        if (cs.state?.running) this.later(key, nextInMs, () => this.crash(key, cs.name));
        else this.later(key, nextInMs, () => this.run(key, cs.name, false));
      } else if (b === 'imagepull') {
        const attempt = Number((cs.state?.waiting?.message ?? '').match(/#(\d+)/)?.[1] ?? 3);
        this.later(key, nextInMs, () => this.failPull(key, cs.name, attempt + 1));
      }
    }
  }

  /** Graceful deletion: mark terminating now, remove after a short grace period. */
  terminate(pod: Pod, graceSeconds: number | undefined): Pod {
    const key = keyOf(pod.metadata.namespace, pod.metadata.name);
    if (graceSeconds === 0) {
      this.forget(key);
      this.store.remove('pods', pod.metadata.namespace, pod.metadata.name);
      return pod;
    }
    if (pod.metadata.deletionTimestamp) return pod;
    this.forget(key);
    const next = clone(pod);
    next.metadata.deletionTimestamp = isoSeconds(this.now() + (graceSeconds ?? 30) * 1000);
    (next.metadata as unknown as Record<string, unknown>)['deletionGracePeriodSeconds'] = graceSeconds ?? 30;
    const stored = this.store.update('pods', next) as Pod;
    for (const c of pod.spec?.containers ?? []) {
      if (pod.status?.containerStatuses?.find((s) => s.name === c.name)?.state?.running) {
        this.events.record(podInvolved(stored, c.name), 'Normal', 'Killing', `Stopping container ${c.name}`);
      }
    }
    this.later(key, 800 + this.rng() * 700, () => {
      this.forget(key);
      this.store.remove('pods', pod.metadata.namespace, pod.metadata.name);
    });
    return stored;
  }

  forget(key: string): void {
    const set = this.podTimers.get(key);
    if (!set) return;
    for (const h of set) this.timers.cancel(h);
    this.podTimers.delete(key);
  }

  private later(key: string, simMs: number, fn: () => void): void {
    let set = this.podTimers.get(key);
    if (!set) this.podTimers.set(key, (set = new Set()));
    const h = this.timers.after(simMs, () => {
      set.delete(h!);
      fn();
    });
    if (h) set.add(h);
  }

  private mutate(key: string, fn: (pod: Pod, t: number) => void): Pod | undefined {
    const cur = this.store.map('pods').get(key) as Pod | undefined;
    if (!cur || cur.metadata.deletionTimestamp) return undefined;
    const next = clone(cur);
    const t = this.now();
    fn(next, t);
    next.status!.phase = computePhase(next);
    next.status!.conditions = computeConditions(next, t);
    return this.store.update('pods', next) as Pod;
  }

  private run(key: string, name: string, firstStart: boolean): void {
    const image = (this.store.map('pods').get(key) as Pod | undefined)?.spec?.containers.find((c) => c.name === name)?.image ?? '';
    const pod = this.mutate(key, (p, t) => {
      const cs = p.status!.containerStatuses!.find((s) => s.name === name)!;
      cs.state = { running: { startedAt: isoSeconds(t) } };
      cs.ready = true;
      cs.started = true;
      cs.imageID = imageID(image);
      (cs as unknown as Record<string, unknown>)['containerID'] = containerID(`${p.metadata.uid}/${name}/${cs.restartCount}`);
    });
    if (!pod) return;
    const inv = podInvolved(pod, name);
    if (firstStart) this.events.record(inv, 'Normal', 'Pulling', `Pulling image "${image}"`);
    this.events.record(inv, 'Normal', 'Pulled', firstStart ? `Successfully pulled image "${image}" in 1.2s (1.2s including waiting). Image size: 48213504 bytes.` : `Container image "${image}" already present on machine`);
    this.events.record(inv, 'Normal', 'Created', `Created container ${name}`);
    this.events.record(inv, 'Normal', 'Started', `Started container ${name}`);
    if (containerBehaviour(image) === 'crash') this.later(key, 1500 + this.rng() * 1000, () => this.crash(key, name));
  }

  private crash(key: string, name: string): void {
    let restarts = 0;
    const pod = this.mutate(key, (p, t) => {
      const cs = p.status!.containerStatuses!.find((s) => s.name === name)!;
      const startedAt = cs.state?.running?.startedAt ?? isoSeconds(t - 2000);
      restarts = cs.restartCount + 1;
      cs.lastState = {
        terminated: { exitCode: 1, reason: 'Error', startedAt, finishedAt: isoSeconds(t), ...{ containerID: (cs as unknown as Record<string, unknown>)['containerID'] } },
      };
      cs.restartCount = restarts;
      cs.ready = false;
      cs.started = false;
      cs.state = { waiting: { reason: 'CrashLoopBackOff', message: crashMessage(restarts, name, p) } };
    });
    if (!pod) return;
    this.events.record(podInvolved(pod, name), 'Warning', 'BackOff', backOffEventMessage(name, pod));
    this.later(key, backoffMs(restarts), () => this.run(key, name, false));
  }

  private failPull(key: string, name: string, attempt: number): void {
    let image = '';
    const pod = this.mutate(key, (p) => {
      const cs = p.status!.containerStatuses!.find((s) => s.name === name)!;
      image = p.spec!.containers.find((c) => c.name === name)?.image ?? '';
      cs.state = { waiting: { reason: 'ErrImagePull', message: pullErrorMessage(image) } };
    });
    if (!pod) return;
    const inv = podInvolved(pod, name);
    this.events.record(inv, 'Normal', 'Pulling', `Pulling image "${image}"`);
    this.events.record(inv, 'Warning', 'Failed', `Failed to pull image "${image}": ${pullErrorMessage(image)}`);
    this.events.record(inv, 'Warning', 'Failed', 'Error: ErrImagePull');
    this.later(key, 1000 + this.rng() * 1000, () => {
      const p2 = this.mutate(key, (p) => {
        const cs = p.status!.containerStatuses!.find((s) => s.name === name)!;
        cs.state = { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` } };
      });
      if (!p2) return;
      const inv2 = podInvolved(p2, name);
      this.events.record(inv2, 'Normal', 'BackOff', `Back-off pulling image "${image}"`);
      this.events.record(inv2, 'Warning', 'Failed', 'Error: ImagePullBackOff');
      this.later(key, backoffMs(attempt), () => this.failPull(key, name, attempt + 1));
    });
  }

  private retryScheduling(key: string): void {
    this.later(key, 60_000, () => {
      const pod = this.store.map('pods').get(key) as Pod | undefined;
      if (!pod || pod.metadata.deletionTimestamp) return;
      this.events.record({ kind: 'Pod', apiVersion: 'v1', object: pod }, 'Warning', 'FailedScheduling', unschedulableMessage(), 'default-scheduler');
      this.retryScheduling(key);
    });
  }
}

export function unschedulableMessage(): string {
  // What kube-scheduler says with node-4 NotReady (tainted) and the other three too small.
  return '0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 Insufficient memory. no new claims to deallocate, preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.';
}

/** Go's time.Duration formatting, as kubelet prints back-off delays (10s, 1m20s, 5m0s). */
function goDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${s % 60}s` : `${s}s`;
}

export function crashMessage(restarts: number, name: string, p: Pod): string {
  return `back-off ${goDuration(backoffMs(restarts))} restarting failed container=${name} pod=${p.metadata.name}_${p.metadata.namespace}(${p.metadata.uid})`;
}

export function backOffEventMessage(name: string, p: Pod): string {
  return `Back-off restarting failed container ${name} in pod ${p.metadata.name}_${p.metadata.namespace}(${p.metadata.uid})`;
}

export function pullErrorMessage(image: string): string {
  const ref = normalizeImage(image);
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`;
}

export function computePhase(p: Pod): string {
  if (!p.spec?.nodeName) return 'Pending';
  const st = p.status?.containerStatuses ?? [];
  const everRan = st.some((s) => s.state?.running || s.restartCount > 0 || s.state?.terminated);
  return everRan ? 'Running' : 'Pending';
}

export function computeConditions(p: Pod, t: number): Condition[] {
  const prev = (p.status?.conditions ?? []) as Condition[];
  const ts = isoSeconds(t);
  const cond = (type: string, ok: boolean, reason?: string, message?: string): Condition => {
    const old = prev.find((c) => c.type === type);
    const status = ok ? 'True' : 'False';
    const c: Condition = { type, status, lastProbeTime: null, lastTransitionTime: old && old.status === status ? old.lastTransitionTime! : ts };
    if (!ok && reason) c.reason = reason;
    if (!ok && message) c.message = message;
    return c;
  };
  if (!p.spec?.nodeName) return prev.filter((c) => c.type === 'PodScheduled');
  const st = p.status?.containerStatuses ?? [];
  const unready = st.filter((s) => !s.ready).map((s) => s.name);
  const ready = unready.length === 0 && !p.metadata.deletionTimestamp;
  const msg = `containers with unready status: [${unready.join(' ')}]`;
  const sandbox = st.some((s) => !(s.state?.waiting?.reason === 'ContainerCreating'));
  return [
    cond('PodReadyToStartContainers', sandbox),
    cond('Initialized', true),
    cond('Ready', ready, 'ContainersNotReady', msg),
    cond('ContainersReady', unready.length === 0, 'ContainersNotReady', msg),
    cond('PodScheduled', true),
  ];
}

export function isPodReady(p: Pod): boolean {
  return !!p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
}

export type { ContainerStatus };
