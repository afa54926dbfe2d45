import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KubeObject, ResourceKind, ResourceMaps, WatchEvent } from '../model/types.js';
import { objectKey } from '../model/types.js';
import type { ContextSummary, Frame, KdeckState, ScreenKind } from './state.js';
import type { Scope } from '../model/rows.js';

export type KdeckStore = StoreApi<KdeckState>;

const KINDS: ResourceKind[] = ['namespaces', 'pods', 'deployments', 'replicasets', 'events', 'nodes'];

export function emptyResources(): ResourceMaps {
  return { namespaces: new Map(), pods: new Map(), deployments: new Map(), replicasets: new Map(), events: new Map(), nodes: new Map() };
}

function perKind<T>(v: T): Record<ResourceKind, T> {
  return Object.fromEntries(KINDS.map((k) => [k, v])) as Record<ResourceKind, T>;
}

/**
 * Tables open in name order, as kubectl and k9s list them: rows stay where
 * they are while statuses change, so the eye (and the terminal) only has to
 * follow the cells that changed. Worst-first is the triage view's job, and
 * `S` sorts any table that way.
 */
export function defaultSort(view: ScreenKind): Frame['sortBy'] {
  // Triage rows carry severity-then-recency as their age key (rows-triage.ts).
  return view === 'triage' ? 'age' : 'name';
}

export function newFrame(view: ScreenKind, scope: Scope = {}): Frame {
  return { view, scope, cursor: 0, offset: 0, filter: '', sortBy: defaultSort(view), sortDesc: false };
}

export interface StoreInit {
  context: ContextSummary;
  contexts: ContextSummary[];
  namespace: string | undefined;
  readonly: boolean;
  initialView: ScreenKind;
  now: number;
  logLimit?: number;
}

export function createKdeckStore(init: StoreInit): KdeckStore {
  return createStore<KdeckState>()(() => ({
    resources: emptyResources(),
    versions: perKind(0),
    synced: perKind(false),
    sources: {},
    context: init.context,
    contexts: init.contexts,
    namespace: init.namespace,
    readonly: init.readonly,
    stack: [newFrame(init.initialView, init.namespace ? { namespace: init.namespace } : {})],
    mode: 'normal',
    input: '',
    history: [],
    historyIndex: -1,
    completions: [],
    completionIndex: -1,
    flash: undefined,
    dialog: undefined,
    tracking: [],
    docker: { state: 'off', version: 0 },
    logTick: 0,
    logLimit: init.logLimit ?? 10_000,
    now: init.now,
  }));
}

/**
 * Applies a batch of watch events in one store update. Maps are mutated in
 * place (copying 10,000 pods per frame would cost more than the frame) and the
 * per-kind version is bumped so selectors see the change.
 */
export function applyEvents(store: KdeckStore, events: WatchEvent[]): void {
  if (events.length === 0) return;
  const { resources, versions, synced } = store.getState();
  const touched = new Set<ResourceKind>();
  for (const ev of events) {
    const map = resources[ev.kind] as Map<string, KubeObject>;
    touched.add(ev.kind);
    if (ev.type === 'RESET') {
      // A relist replaces what the source had: drop everything in its scope first,
      // so objects deleted while the watch was down do not linger as stale rows.
      if (ev.namespace === undefined) map.clear();
      else for (const [k, o] of map) if (o.metadata.namespace === ev.namespace) map.delete(k);
      for (const o of ev.objects) map.set(objectKey(o), o);
    } else if (ev.type === 'DELETED') {
      map.delete(objectKey(ev.object));
    } else {
      map.set(objectKey(ev.object), ev.object);
    }
  }
  const nextVersions = { ...versions };
  const nextSynced = { ...synced };
  for (const k of touched) {
    nextVersions[k] = versions[k] + 1;
    if (events.some((e) => e.kind === k && e.type === 'RESET')) nextSynced[k] = true;
  }
  store.setState({ versions: nextVersions, synced: nextSynced });
}

/** Forget every object, e.g. when switching context. */
export function clearResources(store: KdeckStore): void {
  const { versions } = store.getState();
  const next = { ...versions };
  for (const k of KINDS) next[k] = versions[k] + 1;
  store.setState({ resources: emptyResources(), versions: next, synced: perKind(false), sources: {} });
}
