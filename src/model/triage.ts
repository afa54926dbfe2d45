// What is broken, and since when: every unhealthy object kdeck watches, worst
// and newest first. Built in one pass per kind so it can run on every pod batch
// and on the clock tick at 10,000 pods; the clock-free part of a pod's verdict
// is cached per pod object, as podInfo caches its status.
//
// Two severities, chosen for what an on-call engineer does next:
// - critical: something is not serving right now and will not heal by waiting —
//   a container crash-looping or failing to start (CrashLoopBackOff, image pull
//   errors, config errors, OOMKilled/Error exits, repeated restarts in the last
//   10 minutes), a failed pod, a deployment with no available replica or a
//   rollout past its progress deadline, a node that is not Ready.
// - warning: degraded or suspicious, often transient — Pending or not ready for
//   over a minute, restarting often in the last hour, Evicted (the controller
//   has already replaced it: it is a clue about node pressure), a deployment
//   short of replicas but still available, node pressure conditions, and recent
//   Warning events about objects that have no row of their own.

import { parseTimestamp } from './age.js';
import { podInfo } from './pod-info.js';
import { PULL_REASONS, START_REASONS } from './pod-status.js';
import type { ContainerStatus, Deployment, KubeEvent, KubeNode, Pod, ResourceMaps } from './types.js';

export type Severity = 'critical' | 'warning';
export const SEVERITIES: readonly Severity[] = ['critical', 'warning'];

export interface TriageItem {
  /** Stable identity: "Kind/namespace/name". */
  key: string;
  severity: Severity;
  /** The object's kind as the API names it: Pod, Deployment, Node, or an event's involved kind. */
  kind: string;
  namespace?: string;
  name: string;
  /** Short cause, in kubectl's words where it has them. Raw (not sanitized). */
  reason: string;
  /** When the condition began (ms since epoch); 0 when unknown. */
  since: number;
  /** The last relevant Warning event's message, else what the status says. Raw. */
  message: string;
  /** Pods (and events about pods or ReplicaSets): the deployment behind them, for rollout history and undo. */
  deployment?: { namespace: string; name: string };
  /** Pods: the container the trouble is in. */
  container?: string;
  /** Pods: whether the previous (crashed) container's logs tell the story. */
  previousLogs?: boolean;
}

/** A pod must be Pending, or not ready, this long before it counts: scheduling and start-up take a moment. */
export const GRACE_MS = 60_000;
/** "Restarting often": at least this many restarts, the last one within RESTART_WINDOW_MS. */
export const RESTARTS_OFTEN = 3;
export const RESTART_WINDOW_MS = 60 * 60_000;
/** Restarts this recent (and often) are a crash loop in progress even while the container happens to be up. */
export const CRASH_WINDOW_MS = 10 * 60_000;
/** Warning events count as "recent" for this long after they were last seen (the apiserver's default event TTL). */
export const RECENT_EVENT_MS = 60 * 60_000;

const PRESSURE = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable'];
const CLUSTER_SCOPED = new Set(['Node', 'Namespace', 'PersistentVolume', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding']);

/** What a pod's status says, before the clock decides whether it counts yet. Cached per pod object. */
interface PodVerdict {
  kind: 'broken' | 'pending' | 'notready' | 'restarts' | 'evicted';
  reason: string;
  /** When the condition began, as far as the status tells (events may know earlier); 0 when it does not. */
  since: number;
  /** What `since` falls back to when neither the status nor any event dates the condition (the pod's start). */
  fallback?: number;
  /** restarts: the last restart; crash-like verdicts are critical while it is within CRASH_WINDOW_MS. */
  lastRestart?: number;
  message: string;
  container?: string;
  previousLogs?: boolean;
  /** notready: a restart verdict that wins while it counts (a container up between crashes is not ready either). */
  restarts?: PodVerdict;
}

const NONE = null;
const verdicts = new WeakMap<Pod, PodVerdict | null>();

function condition<T extends { type: string }>(list: T[] | undefined, type: string): T | undefined {
  if (!list) return undefined;
  for (const c of list) if (c.type === type) return c;
  return undefined;
}

function lastExit(cs: ContainerStatus): string {
  const t = cs.lastState?.terminated;
  if (!t) return '';
  const how = t.reason ? `${t.reason} (exit ${t.exitCode})` : `exit ${t.exitCode}`;
  return `last exit: ${how}${t.message ? `: ${t.message}` : ''}`;
}

/** The first container in trouble, init containers first (they block the rest), as kubectl reads a pod. */
function containerVerdict(pod: Pod): PodVerdict | undefined {
  const failedPod = pod.status?.phase === 'Failed';
  let restarting: PodVerdict | undefined;
  const lists = [pod.status?.initContainerStatuses, pod.status?.containerStatuses];
  for (const list of lists) {
    if (!list) continue;
    for (const cs of list) {
      const waiting = cs.state?.waiting;
      const last = cs.lastState?.terminated;
      const lastAt = parseTimestamp(last?.finishedAt);
      if (waiting?.reason === 'CrashLoopBackOff') {
        return {
          kind: 'broken',
          reason: last?.reason === 'OOMKilled' ? 'OOMKilled' : 'CrashLoopBackOff',
          since: lastAt,
          message: lastExit(cs) || waiting.message || '',
          container: cs.name,
          previousLogs: true,
        };
      }
      if (waiting?.reason && (PULL_REASONS.has(waiting.reason) || START_REASONS.has(waiting.reason))) {
        return { kind: 'broken', reason: waiting.reason, since: 0, message: waiting.message ?? '', container: cs.name, previousLogs: false };
      }
      const term = cs.state?.terminated;
      if (term && (term.exitCode !== 0 || term.reason === 'OOMKilled') && (failedPod || pod.spec?.restartPolicy !== 'Always' || term.reason === 'OOMKilled')) {
        return {
          kind: 'broken',
          reason: term.reason || (term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`),
          since: parseTimestamp(term.finishedAt),
          message: term.message ?? `exit ${term.exitCode}`,
          container: cs.name,
          previousLogs: false,
        };
      }
      if (!restarting && cs.restartCount >= RESTARTS_OFTEN && last && last.reason !== 'Completed' && lastAt > 0) {
        restarting = {
          kind: 'restarts',
          reason: last.reason === 'OOMKilled' ? 'OOMKilled' : 'Restarting',
          since: lastAt,
          lastRestart: lastAt,
          message: `${cs.restartCount} restarts; ${lastExit(cs)}`,
          container: cs.name,
          previousLogs: true,
        };
      }
    }
  }
  return restarting;
}

function podVerdict(pod: Pod): PodVerdict | null {
  const cached = verdicts.get(pod);
  if (cached !== undefined) return cached;
  const v = computePodVerdict(pod);
  verdicts.set(pod, v);
  return v;
}

function computePodVerdict(pod: Pod): PodVerdict | null {
  const status = pod.status;
  // A pod on its way out is the controller's business, not a finding.
  if (!status || pod.metadata.deletionTimestamp) return NONE;
  const phase = status.phase;
  if (phase === 'Succeeded') return NONE;
  const created = parseTimestamp(pod.metadata.creationTimestamp);
  const started = parseTimestamp(status.startTime) || created;
  if (phase === 'Failed' && status.reason === 'Evicted') {
    let at = 0;
    for (const c of status.conditions ?? []) at = Math.max(at, parseTimestamp(c.lastTransitionTime));
    return { kind: 'evicted', reason: 'Evicted', since: at || started, message: status.message ?? '' };
  }
  const cv = containerVerdict(pod);
  if (cv && cv.kind === 'broken') return { ...cv, fallback: started };
  const core = podInfo(pod).core;
  if (phase === 'Failed') {
    return { kind: 'broken', reason: core.reason || 'Failed', since: lastTransition(pod) || started, message: status.message ?? '' };
  }
  if (phase === 'Pending' || phase === undefined) {
    const scheduled = condition(status.conditions, 'PodScheduled');
    const unschedulable = scheduled?.status === 'False' && scheduled.reason === 'Unschedulable';
    return {
      kind: 'pending',
      reason: unschedulable && (core.reason === 'Pending' || !core.reason) ? 'Unschedulable' : core.reason || 'Pending',
      since: created,
      message: scheduled?.message ?? status.message ?? '',
    };
  }
  if (core.readyCount < core.total && core.reason !== 'Completed') {
    const ready = condition(status.conditions, 'Ready');
    const since = ready?.status === 'False' ? parseTimestamp(ready.lastTransitionTime) || started : started;
    const notReady = pod.status?.containerStatuses?.find((c) => !c.ready);
    return {
      kind: 'notready',
      reason: core.reason === 'Running' ? 'NotReady' : core.reason,
      since,
      message: ready?.message ?? (notReady ? `container ${notReady.name} is not ready` : ''),
      container: notReady?.name,
      previousLogs: false,
      ...(cv ? { restarts: cv } : {}),
    };
  }
  return cv ?? NONE;
}

function lastTransition(pod: Pod): number {
  let at = 0;
  for (const c of pod.status?.conditions ?? []) at = Math.max(at, parseTimestamp(c.lastTransitionTime));
  return at;
}

/** The verdict's severity at `now`, or undefined when it does not count (yet, or any more). */
function judge(v: PodVerdict, now: number): { v: PodVerdict; severity: Severity } | undefined {
  switch (v.kind) {
    case 'broken':
      return { v, severity: 'critical' };
    case 'evicted':
      return { v, severity: 'warning' };
    case 'pending':
      return now - v.since >= GRACE_MS ? { v, severity: 'warning' } : undefined;
    case 'notready': {
      // A container up between crashes is not ready too: the crash loop is the story.
      const r = v.restarts && judge(v.restarts, now);
      if (r) return r;
      return now - v.since >= GRACE_MS ? { v, severity: 'warning' } : undefined;
    }
    case 'restarts': {
      const ago = now - (v.lastRestart ?? 0);
      if (ago < CRASH_WINDOW_MS) return { v, severity: 'critical' };
      if (ago < RESTART_WINDOW_MS) return { v, severity: 'warning' };
      return undefined;
    }
  }
}

/** Warning events about one object, folded together. */
interface EventGroup {
  kind: string;
  namespace: string;
  name: string;
  uid?: string;
  /** Earliest firstTimestamp: when the object started complaining. */
  first: number;
  /** The most recently seen event. */
  latest: KubeEvent;
  lastAt: number;
  count: number;
  used: boolean;
}

function eventTimes(e: KubeEvent): { first: number; last: number } {
  const last = parseTimestamp(e.lastTimestamp) || parseTimestamp(e.eventTime) || parseTimestamp(e.firstTimestamp) || parseTimestamp(e.metadata.creationTimestamp);
  const first = parseTimestamp(e.firstTimestamp) || parseTimestamp(e.eventTime) || last;
  return { first, last };
}

function groupKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

function groupEvents(events: Map<string, KubeEvent>, now: number): Map<string, EventGroup> {
  const groups = new Map<string, EventGroup>();
  for (const e of events.values()) {
    if (e.type !== 'Warning') continue;
    const inv = e.involvedObject;
    if (!inv?.kind || !inv.name) continue;
    const { first, last } = eventTimes(e);
    if (now - last > RECENT_EVENT_MS) continue;
    const namespace = CLUSTER_SCOPED.has(inv.kind) ? '' : (inv.namespace ?? e.metadata.namespace ?? '');
    const key = groupKey(inv.kind, namespace, inv.name);
    const g = groups.get(key);
    const count = e.count ?? 1;
    if (!g) {
      groups.set(key, { kind: inv.kind, namespace, name: inv.name, uid: inv.uid, first, latest: e, lastAt: last, count, used: false });
      continue;
    }
    g.count += count;
    if (first < g.first) g.first = first;
    if (last >= g.lastAt) {
      g.lastAt = last;
      g.latest = e;
      if (inv.uid) g.uid = inv.uid;
    }
  }
  return groups;
}

/** The group for an object, unless its events are about an earlier object of the same name. */
function groupFor(groups: Map<string, EventGroup>, kind: string, namespace: string, name: string, uid: string | undefined): EventGroup | undefined {
  const g = groups.get(groupKey(kind, namespace, name));
  if (!g) return undefined;
  if (g.uid && uid && g.uid !== uid) {
    g.used = true;
    return undefined;
  }
  return g;
}

function eventMessage(g: EventGroup): string {
  const msg = g.latest.message ?? '';
  return g.count > 1 ? `${msg} (x${g.count})` : msg;
}

function minKnown(a: number, b: number): number {
  if (!a) return b;
  if (!b) return a;
  return Math.min(a, b);
}

/** The deployment behind a pod: Pod → ReplicaSet → Deployment by controller references. */
export function podDeployment(pod: Pod, res: ResourceMaps): { namespace: string; name: string } | undefined {
  const ns = pod.metadata.namespace;
  if (!ns) return undefined;
  const owner = controllerOf(pod.metadata.ownerReferences);
  if (!owner || owner.kind !== 'ReplicaSet') return undefined;
  return replicaSetDeployment(ns, owner.name, res, pod.metadata.labels?.['pod-template-hash']);
}

function replicaSetDeployment(ns: string, rsName: string, res: ResourceMaps, hash?: string): { namespace: string; name: string } | undefined {
  const rs = res.replicasets.get(`${ns}/${rsName}`);
  if (rs) {
    const d = controllerOf(rs.metadata.ownerReferences);
    return d?.kind === 'Deployment' ? { namespace: ns, name: d.name } : undefined;
  }
  // ReplicaSets not (yet) known: the deployment controller names them DEPLOYMENT-HASH.
  hash ??= rsName.slice(rsName.lastIndexOf('-') + 1);
  if (hash && rsName.endsWith(`-${hash}`)) {
    const name = rsName.slice(0, -(hash.length + 1));
    if (res.deployments.has(`${ns}/${name}`)) return { namespace: ns, name };
  }
  return undefined;
}

function controllerOf(refs: { kind: string; name: string; controller?: boolean }[] | undefined): { kind: string; name: string } | undefined {
  if (!refs) return undefined;
  for (const r of refs) if (r.controller) return r;
  return undefined;
}

const KIND_ORDER: Record<string, number> = { Pod: 0, Deployment: 1, Node: 2 };
const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1 };

/** Severity, then newest first (unknown times last), then pods before what owns them, then name. */
export function compareItems(a: TriageItem, b: TriageItem): number {
  const s = SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
  if (s !== 0) return s;
  if (a.since !== b.since) {
    if (!a.since) return 1;
    if (!b.since) return -1;
    return b.since - a.since;
  }
  const k = (KIND_ORDER[a.kind] ?? 3) - (KIND_ORDER[b.kind] ?? 3);
  if (k !== 0) return k;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function deploymentFinding(d: Deployment): { severity: Severity; reason: string; since: number; message: string; explainedOnly: boolean } | undefined {
  const desired = d.spec?.replicas ?? 1;
  const st = d.status ?? {};
  const available = st.availableReplicas ?? 0;
  const progressing = condition(st.conditions, 'Progressing');
  const availableCond = condition(st.conditions, 'Available');
  const stuck = progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded';
  const short = desired > 0 && available < desired;
  if (!stuck && !short) return undefined;
  const counts = `${available}/${desired} available`;
  if (stuck) {
    return {
      severity: 'critical',
      reason: 'ProgressDeadlineExceeded',
      since: parseTimestamp(progressing.lastTransitionTime) || parseTimestamp(progressing.lastUpdateTime),
      message: `${counts}; ${progressing.message ?? 'rollout timed out'}`,
      explainedOnly: false,
    };
  }
  const unavailable = availableCond?.status === 'False';
  return {
    severity: available === 0 ? 'critical' : 'warning',
    reason: 'Unavailable',
    since: unavailable ? parseTimestamp(availableCond.lastTransitionTime) || parseTimestamp(availableCond.lastUpdateTime) : 0,
    message: unavailable && availableCond.message ? `${counts}; ${availableCond.message}` : counts,
    // Short but within maxUnavailable (a rollout under way) only counts once its pods have findings of their own.
    explainedOnly: !unavailable && available > 0,
  };
}

function nodeFinding(n: KubeNode): { severity: Severity; reason: string; since: number; message: string } | undefined {
  const conds = n.status?.conditions;
  const ready = condition(conds, 'Ready');
  if (!ready || ready.status !== 'True') {
    return {
      severity: 'critical',
      reason: 'NotReady',
      since: parseTimestamp(ready?.lastTransitionTime),
      message: ready ? `${ready.reason ?? ready.status}${ready.message ? `: ${ready.message}` : ''}` : 'the node reports no Ready condition',
    };
  }
  for (const type of PRESSURE) {
    const c = condition(conds, type);
    if (c?.status === 'True') return { severity: 'warning', reason: type, since: parseTimestamp(c.lastTransitionTime), message: c.message ?? '' };
  }
  return undefined;
}

/**
 * Everything unhealthy in `res` at `now`, sorted (compareItems). Warning
 * events fold into the row of the object they are about (a ReplicaSet's into
 * its deployment's); events about objects without a row get rows of their
 * own, except about watched objects that are gone (a deleted pod's back-offs
 * are history). `nodesKnown` false (nodes not readable) keeps node events as
 * their own rows rather than dropping them as "gone".
 */
export function triage(res: ResourceMaps, now: number, opts: { nodesKnown?: boolean } = {}): TriageItem[] {
  const nodesKnown = opts.nodesKnown ?? res.nodes.size > 0;
  const groups = groupEvents(res.events, now);
  const items: TriageItem[] = [];
  /** Per deployment key: the earliest onset among its pods' rows. */
  const podOnset = new Map<string, number>();

  for (const pod of res.pods.values()) {
    const verdict = podVerdict(pod);
    if (!verdict) continue;
    const judged = judge(verdict, now);
    if (!judged) continue;
    const v = judged.v;
    const ns = pod.metadata.namespace ?? '';
    const name = pod.metadata.name;
    const g = groupFor(groups, 'Pod', ns, name, pod.metadata.uid);
    let since = v.since;
    if (g) {
      g.used = true;
      since = minKnown(since, g.first);
    }
    if (!since) since = v.fallback ?? 0;
    const deployment = podDeployment(pod, res);
    if (deployment) {
      const k = `${deployment.namespace}/${deployment.name}`;
      podOnset.set(k, minKnown(podOnset.get(k) ?? 0, since));
    }
    items.push({
      key: groupKey('Pod', ns, name),
      severity: judged.severity,
      kind: 'Pod',
      namespace: ns || undefined,
      name,
      reason: v.reason,
      since,
      message: g ? eventMessage(g) : v.message,
      ...(deployment ? { deployment } : {}),
      ...(v.container ? { container: v.container } : {}),
      previousLogs: Boolean(v.previousLogs),
    });
  }

  // ReplicaSet events belong to their deployment's row when it has one.
  const rsGroupsByDeployment = new Map<string, EventGroup[]>();
  for (const g of groups.values()) {
    if (g.kind !== 'ReplicaSet') continue;
    const d = replicaSetDeployment(g.namespace, g.name, res);
    if (!d) continue;
    const k = `${d.namespace}/${d.name}`;
    const list = rsGroupsByDeployment.get(k);
    if (list) list.push(g);
    else rsGroupsByDeployment.set(k, [g]);
  }

  for (const [key, d] of res.deployments) {
    const f = deploymentFinding(d);
    if (!f) continue;
    const onset = podOnset.get(key) ?? 0;
    if (f.explainedOnly && !onset) continue;
    const ns = d.metadata.namespace ?? '';
    const name = d.metadata.name;
    // A deployment has been short at least since its pods broke.
    let since = minKnown(f.since, onset);
    let message = f.message;
    let latest: EventGroup | undefined;
    const own = groupFor(groups, 'Deployment', ns, name, d.metadata.uid);
    for (const g of [own, ...(rsGroupsByDeployment.get(key) ?? [])]) {
      if (!g) continue;
      g.used = true;
      since = minKnown(since, g.first);
      if (!latest || g.lastAt > latest.lastAt) latest = g;
    }
    if (latest) message = `${f.message.split(';')[0]}; ${eventMessage(latest)}`;
    items.push({ key: groupKey('Deployment', ns, name), severity: f.severity, kind: 'Deployment', namespace: ns, name, reason: f.reason, since, message, deployment: { namespace: ns, name } });
  }

  for (const n of res.nodes.values()) {
    const f = nodeFinding(n);
    if (!f) continue;
    const name = n.metadata.name;
    const g = groupFor(groups, 'Node', '', name, n.metadata.uid);
    if (g) g.used = true;
    items.push({ key: groupKey('Node', '', name), severity: f.severity, kind: 'Node', name, reason: f.reason, since: f.since || (g?.first ?? 0), message: g ? `${f.message}; ${eventMessage(g)}` : f.message });
  }

  for (const g of groups.values()) {
    if (g.used) continue;
    let deployment: { namespace: string; name: string } | undefined;
    if (g.kind === 'Pod') {
      const pod = res.pods.get(`${g.namespace}/${g.name}`);
      if (!pod || (g.uid && pod.metadata.uid && g.uid !== pod.metadata.uid)) continue;
      deployment = podDeployment(pod, res);
    } else if (g.kind === 'Deployment') {
      if (!res.deployments.has(`${g.namespace}/${g.name}`)) continue;
      deployment = { namespace: g.namespace, name: g.name };
    } else if (g.kind === 'ReplicaSet') {
      if (!res.replicasets.has(`${g.namespace}/${g.name}`)) continue;
      deployment = replicaSetDeployment(g.namespace, g.name, res);
    } else if (g.kind === 'Node') {
      if (nodesKnown && !res.nodes.has(g.name)) continue;
    }
    items.push({
      key: groupKey(g.kind, g.namespace, g.name),
      severity: 'warning',
      kind: g.kind,
      namespace: g.namespace || undefined,
      name: g.name,
      reason: g.latest.reason ?? 'Warning',
      since: g.first,
      message: eventMessage(g),
      ...(deployment ? { deployment } : {}),
    });
  }

  items.sort(compareItems);
  return items;
}

/** Rows per severity: what the header shows in every view. */
export function countBySeverity(items: TriageItem[]): Record<Severity, number> {
  const out: Record<Severity, number> = { critical: 0, warning: 0 };
  for (const i of items) out[i.severity]++;
  return out;
}
