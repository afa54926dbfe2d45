// Pods are most of what a big cluster sends, and kdeck reads a small part of
// each one: what the pod table, triage, the containers view and the log panes
// show. A real pod also carries volumes, env, probes, tolerations, IPs, image
// digests, container IDs and annotations, often several kilobytes of them. The
// store keeps only the fields of `Pod` (model/types.ts), built in one order so
// pods share hidden classes, with repeated strings (namespaces, owners, images,
// node names, timestamps) shared instead of copied per pod.
import type { ContainerSpec, ContainerState, ContainerStatus, KubeObject, ObjectMeta, Pod } from '../../model/types.js';

/**
 * Strings seen before, so equal values share one copy. Bounded: past `limit`
 * entries it starts over, which only costs sharing, never correctness.
 */
export class StringPool {
  private readonly seen = new Map<string, string>();
  constructor(private readonly limit = 50_000) {}

  get size(): number {
    return this.seen.size;
  }

  get<T extends string | undefined>(s: T): T {
    if (typeof s !== 'string') return s;
    const hit = this.seen.get(s);
    if (hit !== undefined) return hit as T;
    if (this.seen.size >= this.limit) this.seen.clear();
    this.seen.set(s, s);
    return s;
  }
}

const pool = new StringPool();

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

const list = <T>(v: unknown, f: (x: unknown, p: StringPool) => T, p: StringPool): T[] | undefined => (Array.isArray(v) ? v.map((x) => f(x, p)) : undefined);

function stringMap(v: unknown, p: StringPool): Record<string, string> | undefined {
  const m = obj(v);
  if (!m) return undefined;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(m)) if (typeof val === 'string') out[p.get(k)] = p.get(val);
  return out;
}

// Every object below is built in one literal with all its fields, absent ones
// undefined: V8 then gives all pods the same few shapes with the fields stored
// inline, where adding fields one by one spills them into a side array per object.

function meta(v: unknown, p: StringPool): ObjectMeta {
  const m = obj(v) ?? {};
  return {
    name: str(m.name) ?? '',
    namespace: p.get(str(m.namespace)),
    uid: str(m.uid),
    resourceVersion: str(m.resourceVersion),
    creationTimestamp: p.get(str(m.creationTimestamp)),
    deletionTimestamp: p.get(str(m.deletionTimestamp)),
    labels: stringMap(m.labels, p),
    annotations: undefined,
    ownerReferences: list(m.ownerReferences, ownerReference, p),
    generation: num(m.generation),
  };
}

function ownerReference(v: unknown, p: StringPool): NonNullable<ObjectMeta['ownerReferences']>[number] {
  const r = obj(v) ?? {};
  return {
    apiVersion: p.get(str(r.apiVersion) ?? ''),
    kind: p.get(str(r.kind) ?? ''),
    name: p.get(str(r.name) ?? ''),
    uid: p.get(str(r.uid) ?? ''),
    controller: typeof r.controller === 'boolean' ? r.controller : undefined,
  };
}

function container(v: unknown, p: StringPool): ContainerSpec {
  const c = obj(v) ?? {};
  return { name: p.get(str(c.name) ?? ''), image: p.get(str(c.image)) };
}

function state(v: unknown, p: StringPool): ContainerState | undefined {
  const s = obj(v);
  if (!s) return undefined;
  const w = obj(s.waiting);
  const r = obj(s.running);
  const t = obj(s.terminated);
  return {
    waiting: w ? { reason: p.get(str(w.reason)), message: str(w.message) } : undefined,
    running: r ? { startedAt: p.get(str(r.startedAt)) } : undefined,
    terminated: t
      ? {
          reason: p.get(str(t.reason)),
          message: str(t.message),
          exitCode: num(t.exitCode) ?? 0,
          signal: num(t.signal),
          startedAt: p.get(str(t.startedAt)),
          finishedAt: p.get(str(t.finishedAt)),
        }
      : undefined,
  };
}

function containerStatus(v: unknown, p: StringPool): ContainerStatus {
  const c = obj(v) ?? {};
  return {
    name: p.get(str(c.name) ?? ''),
    image: p.get(str(c.image)),
    ready: c.ready === true,
    started: typeof c.started === 'boolean' ? c.started : undefined,
    restartCount: num(c.restartCount) ?? 0,
    state: state(c.state, p),
    lastState: state(c.lastState, p),
  };
}

type PodStatus = NonNullable<Pod['status']>;
type Condition = NonNullable<PodStatus['conditions']>[number];

function condition(v: unknown, p: StringPool): Condition {
  const c = obj(v) ?? {};
  return {
    type: p.get(str(c.type) ?? ''),
    status: p.get(str(c.status) ?? ''),
    reason: p.get(str(c.reason)),
    message: str(c.message),
    lastTransitionTime: p.get(str(c.lastTransitionTime)),
  };
}

/** A new pod holding only what kdeck reads of `raw` (a pod as the API sent it). */
export function slimPod(raw: KubeObject, p: StringPool = pool): Pod {
  const r = raw as unknown as Json;
  const spec = obj(r.spec);
  const status = obj(r.status);
  return {
    apiVersion: p.get(str(r.apiVersion)),
    kind: p.get(str(r.kind)),
    metadata: meta(r.metadata, p),
    spec: spec
      ? {
          nodeName: p.get(str(spec.nodeName)),
          containers: list(spec.containers, container, p) ?? [],
          initContainers: list(spec.initContainers, container, p),
          restartPolicy: p.get(str(spec.restartPolicy)),
        }
      : undefined,
    status: status
      ? {
          phase: p.get(str(status.phase)),
          reason: p.get(str(status.reason)),
          message: str(status.message),
          startTime: p.get(str(status.startTime)),
          podIP: str(status.podIP),
          conditions: list(status.conditions, condition, p),
          containerStatuses: list(status.containerStatuses, containerStatus, p),
          initContainerStatuses: list(status.initContainerStatuses, containerStatus, p),
        }
      : undefined,
  };
}
