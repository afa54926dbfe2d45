// Owns the running sources: which kubeconfig context and namespace are being
// watched, and the pipe from watch events into the store.
import type { KdeckStore } from '../store/store.js';
import { clearResources } from '../store/store.js';
import { createCoalescer, type Coalescer } from '../store/coalescer.js';
import type { ResolvedKubeconfig } from '../sources/kube/kubeconfig.js';
import { withContext } from '../sources/kube/kubeconfig.js';
import { startWatches } from '../sources/kube/watch.js';
import { createKubeActions, type KubeActions } from '../sources/kube/actions.js';
import type { ContextSummary } from '../store/state.js';
import { flash, openView } from './navigation.js';
import { closeAllLogPanes } from './log-pane.js';
import { connectDocker, type DockerConnection } from './docker.js';
import { watchDeletions } from './deleted.js';

export interface Session {
  readonly store: KdeckStore;
  start(): void;
  stop(): void;
  switchContext(name: string): void;
  /** undefined = all namespaces. */
  setNamespace(ns: string | undefined): void;
  quit(): void;
  /** Stops everything the session started (kube watches, log panes, Docker), without quitting. */
  close(): void;
  /** The API calls behind mutations and diffs, for the current context. Only the gate's confirmed runs may mutate through it. */
  actions(): KubeActions;
  kubeconfig(): ResolvedKubeconfig;
  /** The Docker host connection, when there is one. */
  docker(): DockerConnection | undefined;
  /** Called by the clock each second, before the ages move: applies watch events waiting for their batch. */
  tick(): void;
}

export interface SessionOptions {
  store: KdeckStore;
  resolved: ResolvedKubeconfig;
  /** Namespace the watches start on; undefined = all. */
  namespace: string | undefined;
  frameMs: number;
  /** Spacing of watch batches while changes keep coming (see createCoalescer); frameMs when absent. */
  busyFrameMs?: number;
  onQuit: () => void;
  /** Where to find Docker (flag and environment, as the docker CLI); false: no Docker views. */
  docker?: { flag?: string; env: NodeJS.ProcessEnv } | false;
}

export function summarize(r: ResolvedKubeconfig): { context: ContextSummary; contexts: ContextSummary[] } {
  return { context: r.context, contexts: r.contexts };
}

export function createSession(opts: SessionOptions): Session {
  const { store } = opts;
  let resolved = opts.resolved;
  let namespace = opts.namespace;
  let watches: { stop(): void } | undefined;
  let coalescer: Coalescer | undefined;
  let actions: KubeActions | undefined;
  let unwatchDeletions: (() => void) | undefined;
  // Docker is independent of the kube context: it starts once and outlives context switches.
  let dockerConn: DockerConnection | undefined;
  let dockerStarted = false;

  const start = () => {
    if (!dockerStarted && opts.docker) {
      dockerStarted = true;
      dockerConn = connectDocker(store, opts.docker);
    }
    coalescer = createCoalescer(store, opts.frameMs, opts.busyFrameMs);
    unwatchDeletions = watchDeletions(store);
    const c = coalescer;
    watches = startWatches(resolved, {
      namespace,
      sink: {
        onEvents: (events) => c.push(events),
        onState: (source, state, message) => {
          const { sources } = store.getState();
          const prev = sources[source];
          if (prev && prev.state === state && prev.message === message) return;
          const firstError = state === 'error' && !Object.values(sources).some((s) => s.state === 'error');
          store.setState({ sources: { ...sources, [source]: { state, message } } });
          // The header says "error" from now on; the footer says once, in full, for which context.
          if (firstError && message) flash(store, message.includes(`context "`) ? message : `context "${resolved.context.name}": ${message}`, 'error');
        },
      },
    });
  };
  const stop = () => {
    // Log panes stream from this context; they end with it.
    closeAllLogPanes();
    actions?.close();
    actions = undefined;
    watches?.stop();
    coalescer?.stop();
    unwatchDeletions?.();
    unwatchDeletions = undefined;
    watches = undefined;
    coalescer = undefined;
  };
  const restart = () => {
    stop();
    clearResources(store);
    start();
  };

  const close = () => {
    stop();
    dockerConn?.stop();
    dockerConn = undefined;
  };

  return {
    store,
    start,
    stop,
    switchContext(name) {
      try {
        resolved = withContext(resolved, name);
      } catch (e) {
        flash(store, (e as Error).message, 'error');
        return;
      }
      namespace = resolved.context.namespace;
      const s = summarize(resolved);
      store.setState({ context: s.context, contexts: s.contexts, namespace });
      restart();
      openView(store, 'pods', namespace ? { namespace } : {});
      flash(store, `switched to context ${name}`);
    },
    setNamespace(ns) {
      if (ns === namespace) return;
      namespace = ns;
      store.setState({ namespace });
      restart();
    },
    quit() {
      close();
      opts.onQuit();
    },
    close,
    docker: () => dockerConn,
    tick: () => coalescer?.tick(),
    actions() {
      actions ??= createKubeActions(resolved);
      return actions;
    },
    kubeconfig: () => resolved,
  };
}
