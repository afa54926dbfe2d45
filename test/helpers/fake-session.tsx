// A console over a store filled by hand: for component tests that need no
// server. Context and namespace switches are recorded instead of performed.
import { createKdeckStore, applyEvents, type KdeckStore } from '../../src/store/store.js';
import type { Session } from '../../src/commands/session.js';
import type { ScreenKind } from '../../src/store/state.js';
import type { WatchEvent } from '../../src/model/types.js';
import { Root } from '../../src/ui/mount.js';
import { renderFixed, type Rendered } from './render.js';
import type { Theme } from '../../src/ui/theme-types.js';
import { loadTheme } from '../../src/cli/theme.js';
import type { DockerSnapshot } from '../../src/model/docker-types.js';
import type { DockerClient } from '../../src/sources/docker/client.js';

export interface FakeConsole {
  ui: Rendered;
  store: KdeckStore;
  /** Everything the console asked of the session and the API, in order. */
  calls: string[];
}

export function renderConsole(events: WatchEvent[], opts: { columns: number; rows: number; view?: ScreenKind; theme?: Theme; namespace?: string; readonly?: boolean; failWith?: string; docker?: DockerSnapshot }): FakeConsole {
  const context = { name: 'test-ctx', cluster: 'test-cluster', user: 'me', server: 'https://k8s.example:6443' };
  const store = createKdeckStore({
    context,
    contexts: [context, { name: 'other', cluster: 'c2', user: 'u2' }],
    namespace: opts.namespace,
    readonly: Boolean(opts.readonly),
    initialView: opts.view ?? 'pods',
    now: Date.now(),
  });
  applyEvents(store, events);
  if (opts.docker) store.setState({ docker: { state: 'live', snapshot: opts.docker, version: 1, host: 'unix:///fake.sock' } });
  store.setState({ sources: Object.fromEntries(['namespaces', 'pods', 'deployments', 'replicasets', 'events'].map((k) => [k, { state: 'live' as const }])) });
  const calls: string[] = [];
  const session: Session = {
    store,
    start: () => calls.push('start'),
    stop: () => calls.push('stop'),
    switchContext: (n) => calls.push(`context:${n}`),
    setNamespace: (n) => calls.push(`namespace:${n ?? 'all'}`),
    quit: () => calls.push('quit'),
    close: () => calls.push('close'),
    tick: () => undefined,
    // A Docker host that records removals instead of making them.
    docker: () =>
      opts.docker
        ? {
            refresh: () => calls.push('docker:refresh'),
            stop: () => {},
            client: {
              removeImage: async (id: string) => {
                calls.push(`rmi:${id}`);
                return [];
              },
            } as unknown as DockerClient,
          }
        : undefined,
    // API calls are recorded, not made: these tests are about prompts and
    // confirmations; what the API does is tested against real servers.
    actions: () => ({
      getDeployment: async () => {
        throw new Error('not in component tests');
      },
      listReplicaSets: async () => [],
      scale: async (ns, name, replicas) => {
        calls.push(`scale:${ns}/${name}:${replicas}`);
        if (opts.failWith) throw new Error(opts.failWith);
        return { replicas };
      },
      patchDeployment: async (ns, name, patch) => {
        calls.push(`patch:${ns}/${name}:${JSON.stringify(patch.map((p) => p.path))}`);
        if (opts.failWith) throw new Error(opts.failWith);
        return store.getState().resources.deployments.get(`${ns}/${name}`)!;
      },
      close: () => {},
    }),
    kubeconfig: () => {
      throw new Error('not in component tests');
    },
  };
  const theme = opts.theme ?? loadTheme('default', { env: { XDG_CONFIG_HOME: '/nonexistent/kdeck-test' } }).theme;
  const ui = renderFixed(<Root session={session} theme={theme} />, { columns: opts.columns, rows: opts.rows });
  return { ui, store, calls };
}
