// The cluster's state: objects per kind, one global resourceVersion counter
// (like etcd's revision), and a bounded per-kind history of changes so that a
// watch can resume from a resourceVersion it saw earlier, or get 410 Gone.

import type { KubeObject, ResourceKind } from '../../model/types.js';
import { makeRng, uuid } from './util.js';

// Secrets and ConfigMaps are stored (for apply and diff) but kdeck does not watch them.
export type Kind = ResourceKind | 'secrets' | 'configmaps';
export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Change {
  rv: number;
  kind: Kind;
  type: EventType;
  object: KubeObject;
  /** The object before the change (MODIFIED only), so filtered watches can turn it into ADDED/DELETED. */
  previous?: KubeObject;
}

export const KINDS: Kind[] = ['namespaces', 'pods', 'deployments', 'replicasets', 'events', 'nodes', 'secrets', 'configmaps'];

export function keyOf(ns: string | undefined, name: string): string {
  return ns ? `${ns}/${name}` : name;
}

export class Store {
  private rv = 1000;
  private readonly objects = new Map<Kind, Map<string, KubeObject>>();
  private readonly history = new Map<Kind, Change[]>();
  // Every change with rv > floor[kind] is still in history[kind]; anything
  // older has been forgotten and a watch from there must get 410.
  private readonly floor = new Map<Kind, number>();
  private readonly listeners = new Set<(c: Change) => void>();
  private readonly uidRng = makeRng(0x5eed);

  constructor(private readonly historyLimit = 5000) {
    for (const k of KINDS) {
      this.objects.set(k, new Map());
      this.history.set(k, []);
      this.floor.set(k, this.rv);
    }
  }

  get resourceVersion(): number {
    return this.rv;
  }

  floorOf(kind: Kind): number {
    return this.floor.get(kind)!;
  }

  map(kind: Kind): ReadonlyMap<string, KubeObject> {
    return this.objects.get(kind)!;
  }

  get<T extends KubeObject = KubeObject>(kind: Kind, ns: string | undefined, name: string): T | undefined {
    return this.objects.get(kind)!.get(keyOf(ns, name)) as T | undefined;
  }

  list<T extends KubeObject = KubeObject>(kind: Kind, ns?: string): T[] {
    const out: T[] = [];
    for (const o of this.objects.get(kind)!.values()) if (!ns || o.metadata.namespace === ns) out.push(o as T);
    return out;
  }

  subscribe(fn: (c: Change) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  nextUid(): string {
    return uuid(this.uidRng);
  }

  /**
   * Stores a new object. Stored objects are never mutated afterwards (callers
   * clone, change, then call update) so history entries stay true snapshots.
   * `quiet` skips watch history: used for the seed, which is the initial state.
   */
  create(kind: Kind, obj: KubeObject, quiet = false): KubeObject {
    const rv = ++this.rv;
    obj.metadata.resourceVersion = String(rv);
    obj.metadata.uid ??= this.nextUid();
    obj.metadata.creationTimestamp ??= new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    this.objects.get(kind)!.set(keyOf(obj.metadata.namespace, obj.metadata.name), obj);
    if (quiet) this.floor.set(kind, rv);
    else this.record({ rv, kind, type: 'ADDED', object: obj });
    return obj;
  }

  /** Replaces an object (the caller has already checked resourceVersion where that matters). */
  update(kind: Kind, obj: KubeObject): KubeObject {
    const key = keyOf(obj.metadata.namespace, obj.metadata.name);
    const previous = this.objects.get(kind)!.get(key);
    if (!previous) return this.create(kind, obj);
    const rv = ++this.rv;
    obj.metadata.resourceVersion = String(rv);
    obj.metadata.uid = previous.metadata.uid;
    obj.metadata.creationTimestamp = previous.metadata.creationTimestamp;
    this.objects.get(kind)!.set(key, obj);
    this.record({ rv, kind, type: 'MODIFIED', object: obj, previous });
    return obj;
  }

  remove(kind: Kind, ns: string | undefined, name: string): KubeObject | undefined {
    const key = keyOf(ns, name);
    const previous = this.objects.get(kind)!.get(key);
    if (!previous) return undefined;
    this.objects.get(kind)!.delete(key);
    const rv = ++this.rv;
    // The DELETED event carries the last state with a fresh resourceVersion, as etcd does.
    const object = { ...previous, metadata: { ...previous.metadata, resourceVersion: String(rv) } };
    this.record({ rv, kind, type: 'DELETED', object });
    return object;
  }

  /** Events after `rv` for `kind`, or undefined when they have been forgotten. */
  since(kind: Kind, rv: number): Change[] | undefined {
    if (rv < this.floor.get(kind)!) return undefined;
    const h = this.history.get(kind)!;
    // History is ordered by rv; binary search the first entry after rv.
    let lo = 0;
    let hi = h.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (h[mid]!.rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return h.slice(lo);
  }

  compact(): void {
    for (const k of KINDS) {
      this.history.set(k, []);
      this.floor.set(k, this.rv);
    }
  }

  private record(c: Change): void {
    const h = this.history.get(c.kind)!;
    h.push(c);
    // Trim in batches so a busy kind does not pay an O(n) shift per write.
    if (h.length > this.historyLimit + 256) {
      const drop = h.length - this.historyLimit;
      this.floor.set(c.kind, h[drop - 1]!.rv);
      h.splice(0, drop);
    }
    for (const l of this.listeners) l(c);
  }
}
