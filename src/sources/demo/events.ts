// Records core/v1 Events the way kubelet and controllers do: a repeat of the
// same reason+message for the same object bumps count and lastTimestamp
// instead of adding a new Event.

import type { KubeEvent, KubeObject } from '../../model/types.js';
import type { Store } from './store.js';
import { clone, isoSeconds } from './util.js';

export interface Involved {
  kind: string;
  apiVersion: string;
  object: KubeObject;
  fieldPath?: string;
}

const MAX_EVENTS = 4000;

export class EventRecorder {
  private counter = 0;
  private readonly byKey = new Map<string, string>();
  private readonly order: string[] = [];

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  record(inv: Involved, type: 'Normal' | 'Warning', reason: string, message: string, component = 'kubelet', at?: number, count?: number, firstAt?: number): void {
    const md = inv.object.metadata;
    const ns = md.namespace ?? 'default';
    const dedupe = `${md.uid}|${type}|${reason}|${message}`;
    const ts = isoSeconds(at ?? this.now());
    const existingName = this.byKey.get(dedupe);
    const existing = existingName ? this.store.get<KubeEvent>('events', ns, existingName) : undefined;
    if (existing) {
      const next = clone(existing);
      next.count = count ?? (existing.count ?? 1) + 1;
      next.lastTimestamp = ts;
      this.store.update('events', next);
      return;
    }
    this.counter++;
    const name = `${md.name}.${(0x17d0000000000000n + BigInt(this.counter) * 0x9e3779b1n).toString(16).slice(-16)}`;
    const ev: KubeEvent & Record<string, unknown> = {
      metadata: { name, namespace: ns, creationTimestamp: isoSeconds(firstAt ?? at ?? this.now()) },
      involvedObject: {
        kind: inv.kind,
        namespace: md.namespace,
        name: md.name,
        uid: md.uid,
        ...{ apiVersion: inv.apiVersion, resourceVersion: md.resourceVersion },
        ...(inv.fieldPath ? { fieldPath: inv.fieldPath } : {}),
      },
      reason,
      message,
      source: component === 'kubelet' ? { component, host: (inv.object as { spec?: { nodeName?: string } }).spec?.nodeName } : { component },
      firstTimestamp: isoSeconds(firstAt ?? at ?? this.now()),
      lastTimestamp: ts,
      count: count ?? 1,
      type,
      eventTime: null as unknown as string,
      reportingComponent: component,
      reportingInstance: component === 'kubelet' ? ((inv.object as { spec?: { nodeName?: string } }).spec?.nodeName ?? '') : '',
    };
    this.store.create('events', ev, false);
    this.byKey.set(dedupe, name);
    this.order.push(`${ns}/${name}|${dedupe}`);
    // Real clusters expire events after an hour; a cap keeps a long demo bounded.
    while (this.order.length > MAX_EVENTS) {
      const old = this.order.shift()!;
      const [nsName, key] = [old.slice(0, old.indexOf('|')), old.slice(old.indexOf('|') + 1)];
      const [ons, oname] = [nsName.slice(0, nsName.indexOf('/')), nsName.slice(nsName.indexOf('/') + 1)];
      this.byKey.delete(key);
      this.store.remove('events', ons, oname);
    }
  }

  /** Seed-time events: written without watch history. */
  seed(inv: Involved, type: 'Normal' | 'Warning', reason: string, message: string, component: string, firstAt: number, lastAt: number, count: number): void {
    this.record(inv, type, reason, message, component, lastAt, count, firstAt);
  }
}
