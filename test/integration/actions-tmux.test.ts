// Scale, undo and diff from the keyboard of the real console (tmux), against
// `kdeck demo-server` in its own process; results are read through client-node.
import { describe, test, before, after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tmuxAvailable, type TmuxSession } from '../helpers/tmux.js';
import { startDemoServerProcess, type DemoServerProcess } from '../helpers/demo-server-process.js';
import { diffScenario, openWeb, readonlyScenario, scaleScenario, undoScenario, type ScenarioCluster } from '../helpers/actions-scenario.js';

const skip = tmuxAvailable() ? false : 'tmux is not installed';
const SIZE = { cols: 80, rows: 24 };

describe('actions in the real console against kdeck demo-server', { skip }, () => {
  let srv: DemoServerProcess;
  let cluster: ScenarioCluster;
  let t: TmuxSession | undefined;
  let dir: string;
  before(async () => {
    srv = await startDemoServerProcess();
    dir = mkdtempSync(join(tmpdir(), 'kdeck-actions-'));
    cluster = {
      kubeconfig: srv.kubeconfig,
      async web() {
        const d = await srv.apps.readNamespacedDeployment({ namespace: 'shop', name: 'web' });
        return {
          replicas: d.spec?.replicas ?? 0,
          readyReplicas: d.status?.readyReplicas ?? 0,
          image: d.spec?.template?.spec?.containers[0]?.image ?? '',
          revision: d.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? '',
        };
      },
      async revisions() {
        const rss = await srv.apps.listNamespacedReplicaSet({ namespace: 'shop' });
        return rss.items
          .filter((rs) => rs.metadata?.ownerReferences?.some((o) => o.kind === 'Deployment' && o.name === 'web'))
          .map((rs) => ({ revision: Number(rs.metadata?.annotations?.['deployment.kubernetes.io/revision']), image: rs.spec?.template?.spec?.containers[0]?.image ?? '' }));
      },
    };
  });
  after(async () => {
    await t?.kill();
    await srv?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('s scales shop/web after a confirmation', async () => {
    t = await openWeb(cluster, [], SIZE);
    await scaleScenario(cluster, t);
  });
  test('u, then Enter on the revision that ran shop/web:1.0, rolls back as a new revision', async () => {
    await undoScenario(cluster, t!);
  });
  test(':diff FILE shows what applying a manifest would change, and applies nothing', async () => {
    await diffScenario(cluster, t!, dir);
    await t!.kill();
    t = undefined;
  });
  test('--readonly refuses scale and undo; the cluster is unchanged', async () => {
    await readonlyScenario(cluster, SIZE);
  });
});
