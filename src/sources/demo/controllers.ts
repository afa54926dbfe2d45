// The deployment and replicaset controllers: a template change makes (or, on
// rollback, reuses) a ReplicaSet with the next revision number, pods move
// over in a rolling update bounded by maxSurge/maxUnavailable, and status
// counts and conditions follow the pods.

import type { Deployment, KubeObject, Pod, ReplicaSet } from '../../model/types.js';
import type { EventRecorder } from './events.js';
import { defaultContainer, isPodReady, type PodLifecycle } from './pods.js';
import { keyOf, type Change, type Store } from './store.js';
import { clone, deepEqual, fnv32, isoSeconds, templateHashString, type Timers } from './util.js';

export const REVISION = 'deployment.kubernetes.io/revision';
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
const HASH_LABEL = 'pod-template-hash';

type DeployCondition = NonNullable<NonNullable<Deployment['status']>['conditions']>[number] & { lastTransitionTime?: string };

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export function templateHash(template: unknown, collisionCount = 0): string {
  return templateHashString(fnv32(stable(template) + (collisionCount ? `#${collisionCount}` : '')));
}

function withoutHash(t: NonNullable<ReplicaSet['spec']>['template']): unknown {
  const c = clone(t ?? {});
  if (c.metadata?.labels) {
    delete c.metadata.labels[HASH_LABEL];
  }
  return c;
}

export function revisionOf(o: KubeObject): number {
  return Number(o.metadata.annotations?.[REVISION] ?? 0);
}

/** The defaults the apiserver fills in on write, so templates compare equal after a round trip. */
export function defaultDeployment(d: Deployment): Deployment {
  const spec = (d.spec ??= {});
  spec.replicas ??= 1;
  spec['revisionHistoryLimit'] ??= 10;
  spec['progressDeadlineSeconds'] ??= 600;
  spec['strategy'] ??= { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
  const t = (spec.template ??= { spec: { containers: [] } });
  t.metadata ??= {};
  const ps = (t.spec ??= { containers: [] });
  ps.containers = (ps.containers ?? []).map(defaultContainer);
  ps['restartPolicy'] ??= 'Always';
  ps['terminationGracePeriodSeconds'] ??= 30;
  ps['dnsPolicy'] ??= 'ClusterFirst';
  ps['securityContext'] ??= {};
  ps['schedulerName'] ??= 'default-scheduler';
  return d;
}

function intOrPercent(v: unknown, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.endsWith('%')) {
    const x = (Number(v.slice(0, -1)) * total) / 100;
    return roundUp ? Math.ceil(x) : Math.floor(x);
  }
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return roundUp ? Math.ceil(total * 0.25) : Math.floor(total * 0.25);
}

export class Controllers {
  private readonly dirtyDeploys = new Set<string>();
  private readonly dirtyRS = new Set<string>();
  private readonly podsByOwner = new Map<string, Set<string>>();
  private readonly rsByOwner = new Map<string, Set<string>>();
  private readonly keyByUid = new Map<string, string>();
  private readonly lastProgress = new Map<string, number>();
  private readonly progressSig = new Map<string, string>();
  private readonly seededProgress = new Set<string>();
  private scheduled = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    private readonly timers: Timers,
    private readonly events: EventRecorder,
    private readonly pods: PodLifecycle,
    private readonly now: () => number,
  ) {
    this.unsubscribe = store.subscribe((c) => this.onChange(c));
  }

  stop(): void {
    this.unsubscribe();
  }

  /** Builds the indexes for objects that were stored before the controllers started (the seed). */
  indexExisting(): void {
    for (const kind of ['replicasets', 'pods', 'deployments'] as const) {
      for (const o of this.store.map(kind).values()) this.index(kind, o, false);
    }
    for (const k of this.store.map('deployments').keys()) this.dirtyDeploys.add(k);
    for (const k of this.store.map('replicasets').keys()) this.dirtyRS.add(k);
  }

  /** The seed's deployments last made progress in the past (so a long-stuck one shows ProgressDeadlineExceeded). */
  markProgressAt(deployKey: string, at: number): void {
    this.lastProgress.set(deployKey, at);
    this.seededProgress.add(deployKey);
  }

  /** Synchronously runs the controllers until nothing is left to do (used after seeding). */
  settle(): void {
    for (let i = 0; i < 20 && (this.dirtyDeploys.size || this.dirtyRS.size); i++) this.process(Infinity);
  }

  private index(kind: string, o: KubeObject, removed: boolean): void {
    const key = keyOf(o.metadata.namespace, o.metadata.name);
    const owner = o.metadata.ownerReferences?.find((r) => r.controller)?.uid;
    if (kind === 'deployments' || kind === 'replicasets') {
      if (removed) this.keyByUid.delete(o.metadata.uid!);
      else this.keyByUid.set(o.metadata.uid!, key);
    }
    const idx = kind === 'pods' ? this.podsByOwner : kind === 'replicasets' ? this.rsByOwner : undefined;
    if (!idx || !owner) return;
    let set = idx.get(owner);
    if (!set) idx.set(owner, (set = new Set()));
    if (removed) set.delete(key);
    else set.add(key);
  }

  private onChange(c: Change): void {
    if (c.kind === 'events' || c.kind === 'namespaces') return;
    this.index(c.kind, c.object, c.type === 'DELETED');
    const key = keyOf(c.object.metadata.namespace, c.object.metadata.name);
    const ownerKey = () => {
      const uid = c.object.metadata.ownerReferences?.find((r) => r.controller)?.uid;
      return uid ? this.keyByUid.get(uid) : undefined;
    };
    if (c.kind === 'deployments') this.dirtyDeploys.add(key);
    if (c.kind === 'replicasets') {
      this.dirtyRS.add(key);
      const d = ownerKey();
      if (d) this.dirtyDeploys.add(d);
    }
    if (c.kind === 'pods') {
      const rsKey = ownerKey();
      if (rsKey) {
        this.dirtyRS.add(rsKey);
        const rs = this.store.map('replicasets').get(rsKey);
        const duid = rs?.metadata.ownerReferences?.find((r) => r.controller)?.uid;
        const dk = duid ? this.keyByUid.get(duid) : undefined;
        if (dk) this.dirtyDeploys.add(dk);
      }
    }
    this.kick(0);
  }

  private kick(wallMs: number): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.timers.afterWall(wallMs, () => {
      this.scheduled = false;
      this.process(undefined);
    });
  }

  private process(burstOverride: number | undefined): void {
    for (let round = 0; round < 5 && (this.dirtyDeploys.size || this.dirtyRS.size); round++) {
      const ds = [...this.dirtyDeploys];
      this.dirtyDeploys.clear();
      for (const k of ds) this.reconcileDeployment(k);
      const rss = [...this.dirtyRS];
      this.dirtyRS.clear();
      for (const k of rss) this.reconcileRS(k, burstOverride);
    }
  }

  ownedReplicaSets(d: Deployment): ReplicaSet[] {
    const keys = this.rsByOwner.get(d.metadata.uid!) ?? new Set();
    const out: ReplicaSet[] = [];
    for (const k of keys) {
      const rs = this.store.map('replicasets').get(k) as ReplicaSet | undefined;
      if (rs) out.push(rs);
    }
    return out.sort((a, b) => revisionOf(a) - revisionOf(b));
  }

  ownedPods(rs: ReplicaSet): Pod[] {
    const keys = this.podsByOwner.get(rs.metadata.uid!) ?? new Set();
    const out: Pod[] = [];
    for (const k of keys) {
      const p = this.store.map('pods').get(k) as Pod | undefined;
      if (p) out.push(p);
    }
    return out;
  }

  private reconcileDeployment(key: string): void {
    let d = this.store.map('deployments').get(key) as Deployment | undefined;
    if (!d) return;
    let rss = this.ownedReplicaSets(d);
    const maxRev = rss.reduce((m, r) => Math.max(m, revisionOf(r)), 0);
    const want = withoutHash(d.spec!.template);
    let newRS = rss.find((r) => deepEqual(withoutHash(r.spec?.template), want));
    const t = this.now();

    if (!newRS) {
      newRS = this.createReplicaSet(d, maxRev + 1, t);
      rss = [...rss, newRS];
    } else if (revisionOf(newRS) < maxRev) {
      // Rollback: the deployment controller reuses the matching old ReplicaSet
      // and gives it the next revision, remembering the old number.
      const next = clone(newRS);
      const ann = (next.metadata.annotations ??= {});
      const old = ann[REVISION];
      ann[REVISION_HISTORY] = [ann[REVISION_HISTORY], old].filter(Boolean).join(',');
      ann[REVISION] = String(maxRev + 1);
      copyChangeCause(d, ann);
      newRS = this.store.update('replicasets', next) as ReplicaSet;
      rss = rss.map((r) => (r.metadata.uid === newRS!.metadata.uid ? newRS! : r));
    }
    if (d.metadata.annotations?.[REVISION] !== newRS.metadata.annotations?.[REVISION]) {
      const next = clone(d);
      (next.metadata.annotations ??= {})[REVISION] = newRS.metadata.annotations![REVISION]!;
      d = this.store.update('deployments', next) as Deployment;
    }

    if (!d.spec?.paused) this.rollout(d, newRS, rss.filter((r) => r !== newRS && r.metadata.uid !== newRS!.metadata.uid));
    this.cleanupHistory(d);
    this.updateDeploymentStatus(key, newRS.metadata.uid!);
  }

  private createReplicaSet(d: Deployment, revision: number, t: number): ReplicaSet {
    const collision = Number((d.status as Record<string, unknown> | undefined)?.['collisionCount'] ?? 0);
    let hash = templateHash(withoutHash(d.spec!.template), collision);
    let n = 0;
    while (this.store.get('replicasets', d.metadata.namespace, `${d.metadata.name}-${hash}`)) hash = templateHash(withoutHash(d.spec!.template), collision + ++n);
    const tmpl = clone(d.spec!.template!);
    tmpl.metadata = { ...tmpl.metadata, labels: { ...(tmpl.metadata?.labels ?? {}), [HASH_LABEL]: hash } };
    const annotations: Record<string, string> = {
      [REVISION]: String(revision),
      'deployment.kubernetes.io/desired-replicas': String(d.spec?.replicas ?? 1),
      'deployment.kubernetes.io/max-replicas': String((d.spec?.replicas ?? 1) + intOrPercent((d.spec?.['strategy'] as { rollingUpdate?: { maxSurge?: unknown } })?.rollingUpdate?.maxSurge, d.spec?.replicas ?? 1, true)),
    };
    copyChangeCause(d, annotations);
    const rs: ReplicaSet = {
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels: { ...(d.spec?.template?.metadata?.labels ?? {}), [HASH_LABEL]: hash },
        annotations,
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid!, controller: true, ...{ blockOwnerDeletion: true } }],
        creationTimestamp: isoSeconds(t),
        generation: 1,
      },
      spec: {
        replicas: 0,
        selector: { ...d.spec!.selector, matchLabels: { ...(d.spec!.selector?.matchLabels ?? {}), [HASH_LABEL]: hash } },
        template: tmpl,
      },
      status: { replicas: 0 },
    };
    return this.store.create('replicasets', rs) as ReplicaSet;
  }

  private scaleRS(d: Deployment, rs: ReplicaSet, to: number): ReplicaSet {
    const from = rs.spec?.replicas ?? 0;
    if (from === to) return rs;
    const next = clone(rs);
    next.spec!.replicas = to;
    next.metadata.generation = (rs.metadata.generation ?? 1) + 1;
    const ann = (next.metadata.annotations ??= {});
    ann['deployment.kubernetes.io/desired-replicas'] = String(d.spec?.replicas ?? 1);
    const stored = this.store.update('replicasets', next) as ReplicaSet;
    this.events.record({ kind: 'Deployment', apiVersion: 'apps/v1', object: d }, 'Normal', 'ScalingReplicaSet', `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}`, 'deployment-controller');
    return stored;
  }

  private availableCount(rs: ReplicaSet): number {
    return this.ownedPods(rs).filter((p) => !p.metadata.deletionTimestamp && isPodReady(p)).length;
  }

  private rollout(d: Deployment, newRS: ReplicaSet, olds: ReplicaSet[]): void {
    const desired = d.spec?.replicas ?? 1;
    const activeOld = olds.filter((r) => (r.spec?.replicas ?? 0) > 0);
    const strategy = d.spec?.['strategy'] as { type?: string; rollingUpdate?: { maxSurge?: unknown; maxUnavailable?: unknown } } | undefined;
    if (activeOld.length === 0 || strategy?.type === 'Recreate') {
      if (strategy?.type === 'Recreate') for (const r of activeOld) this.scaleRS(d, r, 0);
      if (strategy?.type !== 'Recreate' || olds.every((r) => this.ownedPods(r).length === 0)) this.scaleRS(d, newRS, desired);
      return;
    }
    let maxSurge = intOrPercent(strategy?.rollingUpdate?.maxSurge, desired, true);
    let maxUnavailable = intOrPercent(strategy?.rollingUpdate?.maxUnavailable, desired, false);
    if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
    maxSurge = Math.max(0, maxSurge);
    const sum = (rs: ReplicaSet[]) => rs.reduce((s, r) => s + (r.spec?.replicas ?? 0), 0);

    // Scale the new ReplicaSet up as far as the surge allows.
    let cur = newRS.spec?.replicas ?? 0;
    if (cur > desired) newRS = this.scaleRS(d, newRS, desired);
    else if (cur < desired) {
      const total = sum(olds) + cur;
      const room = desired + maxSurge - total;
      if (room > 0) newRS = this.scaleRS(d, newRS, cur + Math.min(room, desired - cur));
    }
    cur = newRS.spec?.replicas ?? 0;

    // Then scale old ones down without dropping below minAvailable.
    const minAvailable = desired - maxUnavailable;
    const newUnavailable = cur - this.availableCount(newRS);
    let allPods = sum(olds) + cur;
    let maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return;
    // Unhealthy old pods go first: they contribute nothing to availability.
    for (let i = 0; i < olds.length && maxScaledDown > 0; i++) {
      const r = olds[i]!;
      const reps = r.spec?.replicas ?? 0;
      const avail = this.availableCount(r);
      if (reps === 0 || reps <= avail) continue;
      const down = Math.min(maxScaledDown, reps - avail);
      olds[i] = this.scaleRS(d, r, reps - down);
      maxScaledDown -= down;
      allPods -= down;
    }
    let available = this.availableCount(newRS) + olds.reduce((s, r) => s + Math.min(this.availableCount(r), r.spec?.replicas ?? 0), 0);
    if (available <= minAvailable) return;
    let budget = available - minAvailable;
    for (let i = 0; i < olds.length && budget > 0; i++) {
      const r = olds[i]!;
      const reps = r.spec?.replicas ?? 0;
      if (reps === 0) continue;
      const down = Math.min(reps, budget);
      olds[i] = this.scaleRS(d, r, reps - down);
      budget -= down;
      available -= down;
    }
  }

  private cleanupHistory(d: Deployment): void {
    const limit = Number(d.spec?.['revisionHistoryLimit'] ?? 10);
    const rss = this.ownedReplicaSets(d);
    const current = d.metadata.annotations?.[REVISION];
    const idle = rss.filter((r) => (r.spec?.replicas ?? 0) === 0 && this.ownedPods(r).length === 0 && r.metadata.annotations?.[REVISION] !== current);
    for (const r of idle.slice(0, Math.max(0, idle.length - limit))) this.store.remove('replicasets', r.metadata.namespace, r.metadata.name);
  }

  private reconcileRS(key: string, burstOverride: number | undefined): void {
    const rs = this.store.map('replicasets').get(key) as ReplicaSet | undefined;
    if (!rs) return;
    const pods = this.ownedPods(rs);
    const active = pods.filter((p) => !p.metadata.deletionTimestamp);
    const want = rs.spec?.replicas ?? 0;
    const diff = want - active.length;
    const burst = burstOverride ?? Math.max(2, Math.ceil(Math.abs(diff) / 5));
    const t = this.now();
    const rsInv = { kind: 'ReplicaSet', apiVersion: 'apps/v1', object: rs };
    if (diff > 0) {
      for (let i = 0; i < Math.min(diff, burst); i++) {
        const name = this.pods.newPodName(rs.metadata.name, rs.metadata.namespace);
        const pod = this.store.create('pods', this.pods.buildPod(rs, name, t)) as Pod;
        this.events.record(rsInv, 'Normal', 'SuccessfulCreate', `Created pod: ${name}`, 'replicaset-controller');
        this.pods.start(pod);
      }
    } else if (diff < 0) {
      // Like the real controller: unscheduled, then pending, then not ready, then newest go first.
      const rank = (p: Pod) => (!p.spec?.nodeName ? 0 : p.status?.phase === 'Pending' ? 1 : !isPodReady(p) ? 2 : 3);
      const victims = [...active].sort((a, b) => rank(a) - rank(b) || (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''));
      for (const p of victims.slice(0, Math.min(-diff, burst))) {
        this.pods.terminate(p, 30);
        this.events.record(rsInv, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, 'replicaset-controller');
      }
    }
    if (Math.abs(diff) > burst) {
      this.dirtyRS.add(key);
      this.scheduled = false;
      this.kick(this.timers.scale(400));
    }
    this.updateRSStatus(key);
  }

  private updateRSStatus(key: string): void {
    const rs = this.store.map('replicasets').get(key) as ReplicaSet | undefined;
    if (!rs) return;
    const active = this.ownedPods(rs).filter((p) => !p.metadata.deletionTimestamp);
    const ready = active.filter(isPodReady).length;
    const status: Record<string, unknown> = { replicas: active.length };
    if (active.length) status['fullyLabeledReplicas'] = active.length;
    if (ready) status['readyReplicas'] = ready;
    if (ready) status['availableReplicas'] = ready;
    status['observedGeneration'] = rs.metadata.generation ?? 1;
    if (deepEqual(status, rs.status)) return;
    const next = clone(rs);
    next.status = status as ReplicaSet['status'];
    this.store.update('replicasets', next);
  }

  private updateDeploymentStatus(key: string, newUid: string): void {
    const d = this.store.map('deployments').get(key) as Deployment | undefined;
    if (!d) return;
    const t = this.now();
    const desired = d.spec?.replicas ?? 1;
    let total = 0;
    let ready = 0;
    let updated = 0;
    let newRSName = '';
    for (const rs of this.ownedReplicaSets(d)) {
      const active = this.ownedPods(rs).filter((p) => !p.metadata.deletionTimestamp);
      total += active.length;
      const r = active.filter(isPodReady).length;
      ready += r;
      if (rs.metadata.uid === newUid) {
        updated = active.length;
        newRSName = rs.metadata.name;
      }
    }
    const status: Record<string, unknown> = { observedGeneration: d.metadata.generation ?? 1 };
    if (total) status['replicas'] = total;
    if (updated) status['updatedReplicas'] = updated;
    if (ready) status['readyReplicas'] = ready;
    if (ready) status['availableReplicas'] = ready;
    if (desired - ready > 0) status['unavailableReplicas'] = desired - ready;

    const prev = (d.status?.conditions ?? []) as DeployCondition[];
    // Progress = any change in the counts; no progress for progressDeadlineSeconds
    // (in simulated time) turns Progressing False, as the real controller does.
    const sig = `${total}/${updated}/${ready}/${d.metadata.generation}`;
    if (this.progressSig.get(key) !== sig) {
      this.progressSig.set(key, sig);
      if (!this.seededProgress.delete(key)) this.lastProgress.set(key, t);
    }
    const maxUnavailable = intOrPercent((d.spec?.['strategy'] as { rollingUpdate?: { maxUnavailable?: unknown } })?.rollingUpdate?.maxUnavailable, desired, false);
    const availableOk = ready >= desired - maxUnavailable;
    const complete = updated === desired && total === desired && ready === desired;
    const deadline = Number(d.spec?.['progressDeadlineSeconds'] ?? 600) * 1000;
    const stalled = !complete && (t - (this.lastProgress.get(key) ?? t)) * this.timers.speed > deadline;
    const ts = isoSeconds(t);
    const cond = (type: string, ok: boolean, reason: string, message: string): DeployCondition => {
      const old = prev.find((c) => c.type === type);
      const status = ok ? 'True' : 'False';
      const same = old && old.status === status && old.reason === reason && old.message === message;
      return {
        type,
        status,
        lastUpdateTime: same ? old.lastUpdateTime! : ts,
        lastTransitionTime: old && old.status === status ? (old.lastTransitionTime ?? ts) : ts,
        reason,
        message,
      };
    };
    let progressing: DeployCondition;
    if (complete) progressing = cond('Progressing', true, 'NewReplicaSetAvailable', `ReplicaSet "${newRSName}" has successfully progressed.`);
    else if (stalled) progressing = cond('Progressing', false, 'ProgressDeadlineExceeded', `ReplicaSet "${newRSName}" has timed out progressing.`);
    else progressing = cond('Progressing', true, 'ReplicaSetUpdated', `ReplicaSet "${newRSName}" is progressing.`);
    const available = availableOk
      ? cond('Available', true, 'MinimumReplicasAvailable', 'Deployment has minimum availability.')
      : cond('Available', false, 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.');
    status['conditions'] = [available, progressing];
    if (deepEqual(status, d.status)) return;
    const next = clone(d);
    next.status = status as Deployment['status'];
    this.store.update('deployments', next);
  }

  /** Background garbage collection after a deployment is deleted: its ReplicaSets and their pods go too. */
  collectOrphans(deployUid: string): void {
    for (const rsKey of [...(this.rsByOwner.get(deployUid) ?? [])]) {
      const rs = this.store.map('replicasets').get(rsKey) as ReplicaSet | undefined;
      if (!rs) continue;
      for (const p of this.ownedPods(rs)) this.pods.terminate(p, 30);
      this.store.remove('replicasets', rs.metadata.namespace, rs.metadata.name);
    }
    this.rsByOwner.delete(deployUid);
  }
}

function copyChangeCause(d: Deployment, ann: Record<string, string>): void {
  const cause = d.metadata.annotations?.['kubernetes.io/change-cause'];
  if (cause) ann['kubernetes.io/change-cause'] = cause;
}
