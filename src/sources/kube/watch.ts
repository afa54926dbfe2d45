// List+watch of every kind kdeck shows, kept alive for as long as kdeck runs.
import type { ConnectionState, KubeObject, ResourceKind, WatchEvent } from '../../model/types.js';
import { Backoff, sleep } from './backoff.js';
import type { ResolvedKubeconfig } from './kubeconfig.js';
import { listAll } from './list.js';
import { ALL_KINDS, adoptObject, collectionPath, KINDS } from './resources.js';
import { CredentialError, describeRequestError, HttpError, KubeTransport } from './transport.js';
import { watchOnce, type RawWatchEvent } from './watch-stream.js';

export interface SourceSink {
  onEvents(events: WatchEvent[]): void;
  onState(source: string, state: ConnectionState, message?: string): void;
}

export interface WatchOptions {
  namespace?: string;
  kinds?: ResourceKind[];
  sink: SourceSink;
  backoff?: { initialMs: number; maxMs: number };
  pageSize?: number;
  /** Retry interval after 401/403, where a fast retry cannot help (default 30 s). */
  slowRetryMs?: number;
  /** Server-side watch timeout range in seconds (default 300–600, as client-go). */
  watchTimeoutSeconds?: { min: number; max: number };
}

/** Marks a Namespace made up from --namespace because the user may not read namespace objects. */
export const SYNTHETIC_ANNOTATION = 'kdeck.io/synthetic';

// A watch that ends this quickly without delivering anything is treated like
// a failure for pacing, so a server that keeps closing at once is no hot loop.
const MIN_HEALTHY_WATCH_MS = 1000;

export function startWatches(r: ResolvedKubeconfig, opts: WatchOptions): { stop(): void } {
  const controller = new AbortController();
  const signal = controller.signal;
  const transport = new KubeTransport(r);
  const kinds = opts.kinds ?? ALL_KINDS;
  for (const kind of kinds) {
    runKind(kind).catch((err: unknown) => {
      if (!signal.aborted) opts.sink.onState(kind, 'error', `watch stopped: ${(err as Error)?.message ?? String(err)}`);
    });
  }
  return {
    stop() {
      controller.abort();
      transport.close();
    },
  };

  async function runKind(kind: ResourceKind): Promise<void> {
    const { sink, namespace } = opts;
    // Capped at 3 s so that a server coming back is seen live within about that (plus one list), not 5 s or more later.
    const backoff = new Backoff(opts.backoff?.initialMs ?? 250, opts.backoff?.maxMs ?? 3000);
    const slowRetryMs = opts.slowRetryMs ?? 30_000;
    // kubectl's chunk size. Each page is parsed, trimmed (pods) and dropped
    // before the next arrives, so its garbage dies young: pages of 5,000 left a
    // 10,000-pod console ~30 MB bigger for no faster start.
    const pageSize = opts.pageSize ?? 500;
    const scoped = KINDS[kind].namespaced ? namespace : undefined;
    // Namespaces are cluster-scoped: with a namespace given, only that one
    // object is of interest, and a field selector keeps list and watch to it.
    const fieldSelector = kind === 'namespaces' && namespace ? `metadata.name=${namespace}` : undefined;
    const path = collectionPath(kind, scoped);
    let last: string | undefined;

    const setState = (state: ConnectionState, message?: string) => {
      const key = `${state}\u0000${message ?? ''}`;
      if (signal.aborted || key === last) return;
      last = key;
      sink.onState(kind, state, message);
    };
    const emit = (events: WatchEvent[]) => {
      if (!signal.aborted && events.length) sink.onEvents(events);
    };
    const authLabel = `auth: ${r.authMethod}`;

    /** Reports a failure and waits the right time; false when stopped meanwhile. */
    const failed = async (err: unknown): Promise<boolean> => {
      if (err instanceof HttpError) {
        if (err.status === 403) {
          setState('forbidden', err.message);
          return sleep(slowRetryMs, signal);
        }
        if (err.status === 401) {
          // The apiserver's message for a 401 is just "Unauthorized"; anything more is worth keeping.
          setState('error', `credentials rejected (${authLabel})${err.message && err.message !== 'Unauthorized' ? `: ${err.message}` : ''}`);
          return sleep(slowRetryMs, signal);
        }
        setState('reconnecting', `${err.status}: ${err.message}`);
        return sleep(backoff.next(), signal);
      }
      if (err instanceof CredentialError) {
        setState('error', err.message);
        return sleep(slowRetryMs, signal);
      }
      setState('reconnecting', describeRequestError(err).detail);
      return sleep(backoff.next(), signal);
    };

    setState('connecting');
    while (!signal.aborted) {
      let rv: string;
      try {
        const list = await listAll(transport, kind, { namespace: scoped, fieldSelector, pageSize, signal });
        if (signal.aborted) return;
        const reset: WatchEvent = { kind, type: 'RESET', objects: list.items };
        if (scoped) reset.namespace = scoped;
        emit([reset]);
        setState('live');
        backoff.reset();
        rv = list.resourceVersion;
      } catch (err) {
        if (signal.aborted) return;
        if (kind === 'namespaces' && namespace && err instanceof HttpError && err.status === 403) {
          // An RBAC-limited user usually cannot read even their own namespace
          // object, yet the namespaces view should still show where they work.
          emit([{ kind, type: 'RESET', objects: [syntheticNamespace(namespace)] }]);
          setState('live', `namespace objects are not readable; showing "${namespace}" from --namespace`);
          return;
        }
        if (!(await failed(err))) return;
        continue;
      }

      // Watch from rv until the server says it is too old (then relist above).
      while (!signal.aborted) {
        const started = Date.now();
        let delivered = false;
        const q = new URLSearchParams({ watch: '1', allowWatchBookmarks: 'true', resourceVersion: rv });
        const span = opts.watchTimeoutSeconds ?? { min: 300, max: 600 };
        const timeoutSeconds = Math.round(span.min + Math.random() * (span.max - span.min));
        q.set('timeoutSeconds', String(timeoutSeconds));
        if (fieldSelector) q.set('fieldSelector', fieldSelector);
        let outcome;
        try {
          outcome = await watchOnce(transport, {
            path,
            query: q,
            signal,
            hardTimeoutMs: (timeoutSeconds + 30) * 1000,
            onOpen: () => setState('live'),
            onBatch: (raw: RawWatchEvent[]) => {
              const events: WatchEvent[] = [];
              for (const ev of raw) {
                const newRv = ev.object.metadata?.resourceVersion;
                if (newRv) rv = newRv;
                if (ev.type === 'BOOKMARK') continue;
                events.push({ kind, type: ev.type, object: adoptObject(kind, ev.object) as KubeObject });
              }
              delivered = true;
              backoff.reset();
              emit(events);
            },
          });
        } catch (err) {
          if (signal.aborted) return;
          if (!(await failed(err))) return;
          continue;
        }
        if (outcome.type === 'aborted') return;
        if (outcome.type === 'gone') {
          // A fresh list's resourceVersion being "gone" at once again would
          // otherwise make list+watch a hot loop.
          if (!delivered && Date.now() - started < MIN_HEALTHY_WATCH_MS && !(await sleep(backoff.next(), signal))) return;
          break;
        }
        if (outcome.type === 'ended') {
          if (!delivered && Date.now() - started < MIN_HEALTHY_WATCH_MS) {
            if (!(await sleep(backoff.next(), signal))) return;
          }
          continue;
        }
        if (outcome.type === 'http') {
          if (!(await failed(new HttpError(outcome.status, outcome.message)))) return;
          continue;
        }
        if (outcome.type === 'error-event') {
          setState('reconnecting', `watch error${outcome.code ? ` ${outcome.code}` : ''}: ${outcome.message}`);
        } else {
          setState('reconnecting', outcome.message);
        }
        if (!(await sleep(backoff.next(), signal))) return;
      }
    }
  }
}

function syntheticNamespace(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, annotations: { [SYNTHETIC_ANNOTATION]: 'true' } } };
}
