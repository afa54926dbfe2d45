// The whole console (store, session, real kube source, UI) against a demo
// cluster served over HTTP, rendered into a fixed-size fake terminal.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoCluster, type DemoCluster } from '../../src/sources/demo/index.js';
import { resolveKubeconfig } from '../../src/sources/kube/kubeconfig.js';
import { createKdeckStore, type KdeckStore } from '../../src/store/store.js';
import { createSession, summarize, type Session } from '../../src/commands/session.js';
import { Root } from '../../src/ui/mount.js';
import { loadTheme } from '../../src/cli/theme.js';
import { renderFixed, type Rendered } from './render.js';
import type { ScreenKind } from '../../src/store/state.js';

export interface DemoApp {
  ui: Rendered;
  cluster: DemoCluster;
  store: KdeckStore;
  session: Session;
  quit: Promise<void>;
  close(): Promise<void>;
}

export async function startDemoApp(opts: { columns?: number; rows?: number; context?: string; namespace?: string; view?: ScreenKind; readonly?: boolean; cluster?: DemoCluster } = {}): Promise<DemoApp> {
  const cluster = opts.cluster ?? (await startDemoCluster({ port: 0, speed: 5 }));
  const dir = mkdtempSync(join(tmpdir(), 'kdeck-test-'));
  const file = join(dir, 'kubeconfig');
  writeFileSync(file, cluster.kubeconfigYaml());
  const resolved = resolveKubeconfig({ kubeconfig: file, context: opts.context, env: {} });
  const { context, contexts } = summarize(resolved);
  const store = createKdeckStore({ context, contexts, namespace: opts.namespace, readonly: Boolean(opts.readonly), initialView: opts.view ?? 'pods', now: Date.now() });
  let resolveQuit!: () => void;
  const quit = new Promise<void>((r) => (resolveQuit = r));
  const session = createSession({ store, resolved, namespace: opts.namespace, frameMs: 10, onQuit: resolveQuit });
  session.start();
  const theme = loadTheme('default', { env: { XDG_CONFIG_HOME: join(dir, 'config') } }).theme;
  const ui = renderFixed(<Root session={session} theme={theme} />, { columns: opts.columns ?? 120, rows: opts.rows ?? 30 });
  return {
    ui,
    cluster,
    store,
    session,
    quit,
    async close() {
      ui.unmount();
      session.stop();
      if (!opts.cluster) await cluster.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
