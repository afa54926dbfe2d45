// Scale, undo and diff from the keyboard of the real console, against the real
// control plane; each result is read back with the kubectl built with it.
import { describe, test, before, after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tmuxAvailable, type TmuxSession } from '../helpers/tmux.js';
import { diffScenario, openWeb, readonlyScenario, scaleScenario, undoScenario, type ScenarioCluster, type WebState } from '../helpers/actions-scenario.js';
import { KUBECONFIG, kubectl, requireCluster } from './cluster-env.js';

const skip = tmuxAvailable() ? false : 'tmux is not installed';
const SIZE = { cols: 200, rows: 50 };

interface Obj {
  metadata: { name: string; annotations?: Record<string, string>; ownerReferences?: { kind: string; name: string }[] };
  spec: { replicas?: number; template: { spec: { containers: { image: string }[] } } };
  status?: { readyReplicas?: number };
}

const cluster: ScenarioCluster = {
  kubeconfig: KUBECONFIG,
  async web(): Promise<WebState> {
    const d = JSON.parse(await kubectl(['-n', 'shop', 'get', 'deployment', 'web', '-o', 'json'])) as Obj;
    return {
      replicas: d.spec.replicas ?? 0,
      readyReplicas: d.status?.readyReplicas ?? 0,
      image: d.spec.template.spec.containers[0]!.image,
      revision: d.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? '',
    };
  },
  async revisions() {
    const list = JSON.parse(await kubectl(['-n', 'shop', 'get', 'replicasets', '-o', 'json'])) as { items: Obj[] };
    return list.items
      .filter((rs) => rs.metadata.ownerReferences?.some((o) => o.kind === 'Deployment' && o.name === 'web'))
      .map((rs) => ({ revision: Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision']), image: rs.spec.template.spec.containers[0]!.image }));
  },
};

describe('actions in the real console against the real control plane', { skip }, () => {
  let t: TmuxSession | undefined;
  let dir: string;
  let start: WebState;
  before(async () => {
    requireCluster();
    dir = mkdtempSync(join(tmpdir(), 'kdeck-e2e-actions-'));
    start = await cluster.web();
  });
  after(async () => {
    await t?.kill();
    rmSync(dir, { recursive: true, force: true });
    // Leave web as it was found, for whichever test runs next.
    await kubectl(['-n', 'shop', 'scale', 'deployment/web', `--replicas=${start.replicas}`]);
    await kubectl(['-n', 'shop', 'set', 'image', 'deployment/web', `web=${start.image}`]);
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
