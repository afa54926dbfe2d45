// Scale and undo against a deployment someone else changes while kdeck's
// confirmation is open. The change is sent with the resourceVersion it was
// decided on, so the demo apiserver answers 409; kdeck must then say so in one
// line and apply nothing, unless only the status moved (then it applies).
// The deployment is read back through a separate client, never from the screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoCluster, type DemoCluster } from '../../src/sources/demo/index.js';
import { resolveKubeconfig } from '../../src/sources/kube/kubeconfig.js';
import { createKubeActions, type KubeActions } from '../../src/sources/kube/actions.js';
import { startDemoApp, type DemoApp } from '../helpers/demo-app.js';
import type { Deployment } from '../../src/model/types.js';

let cluster: DemoCluster;
let api: KubeActions;
let dir: string;

before(async () => {
  cluster = await startDemoCluster({ port: 0, speed: 5 });
  dir = mkdtempSync(join(tmpdir(), 'kdeck-conflict-'));
  const file = join(dir, 'kubeconfig');
  writeFileSync(file, cluster.kubeconfigYaml());
  api = createKubeActions(resolveKubeconfig({ kubeconfig: file, env: {} }));
});
after(async () => {
  api.close();
  await cluster.close();
  rmSync(dir, { recursive: true, force: true });
});

const footer = (f: string) => f.split('\n').filter((l) => l.trim()).at(-1)!;

/** The console on deployments(shop) with web under the cursor. */
async function onWeb(): Promise<DemoApp> {
  const app = await startDemoApp({ cluster, columns: 140, rows: 30 });
  await app.ui.waitFor(/pods\(all\) \[\d+\]/, 15000);
  await app.ui.type(':dp shop');
  await app.ui.press('enter');
  await app.ui.waitFor((f) => /deployments\(shop\)/.test(f) && /web\s+\d+\/\d+/.test(f));
  await app.ui.type('/web');
  await app.ui.press('enter');
  await app.ui.waitFor(/deployments\(shop\) \[1\/\d+\] \/web/);
  return app;
}

async function scaleTo(app: DemoApp, from: number, to: number): Promise<void> {
  await app.ui.type('s');
  await app.ui.waitFor(`scale deployment shop/web (now ${from}) to: ${from}`);
  await app.ui.press('backspace');
  await app.ui.type(String(to));
  await app.ui.press('enter');
  await app.ui.waitFor(`replicas ${from} → ${to}`);
}

/** Sets replicas as another client (kubectl scale) would, without a precondition. */
async function scaleBehindItsBack(replicas: number): Promise<void> {
  await api.scale('shop', 'web', replicas);
}

test('scale: the replica count changed behind the confirmation → one line, nothing applied', async () => {
  const from = (await api.getDeployment('shop', 'web')).spec!.replicas!;
  const app = await onWeb();
  try {
    await scaleTo(app, from, from + 2);
    await scaleBehindItsBack(from + 1);
    await app.ui.type('y');
    const f = await app.ui.waitFor(/changed on the server/);
    assert.match(footer(f), new RegExp(`^deployment shop/web changed on the server since you opened it \\(replicas are now ${from + 1}, not ${from}\\); nothing was applied`));
    assert.ok(!f.includes('scale deployment shop/web?'), 'the confirmation is gone');
    assert.equal((await api.getDeployment('shop', 'web')).spec!.replicas, from + 1, 'the other change stands; kdeck applied nothing');
  } finally {
    await app.close();
    await scaleBehindItsBack(from);
  }
});

test('scale: only the status moved meanwhile (409 on the stale version) → applied after a fresh read', async () => {
  const from = (await api.getDeployment('shop', 'web')).spec!.replicas!;
  const app = await onWeb();
  try {
    await scaleTo(app, from, from + 1);
    // A new resourceVersion with the same spec, as a controller's status write makes.
    const d = await api.getDeployment('shop', 'web');
    cluster.upsertRaw('deployments', { ...d, status: { ...d.status, conditions: [...(d.status?.conditions ?? []), { type: 'KdeckTest', status: 'True' }] } });
    assert.notEqual((await api.getDeployment('shop', 'web')).metadata.resourceVersion, d.metadata.resourceVersion);
    await app.ui.type('y');
    await app.ui.waitFor(new RegExp(`scaled shop/web: ${from} → ${from + 1}|${from + 1}/${from + 1} ready`));
    assert.equal((await api.getDeployment('shop', 'web')).spec!.replicas, from + 1);
  } finally {
    await app.close();
    await scaleBehindItsBack(from);
  }
});

test('undo: a new rollout behind the confirmation → one line, the template is not rolled back', async () => {
  const app = await onWeb();
  try {
    await app.ui.type('u');
    await app.ui.waitFor(/history\(shop\/web\)/);
    await app.ui.press('enter');
    await app.ui.waitFor(/roll back deployment shop\/web to revision \d+\?/);
    cluster.setImage('shop', 'web', 'web', 'shop/web:9.9');
    const changed = await api.getDeployment('shop', 'web');
    await app.ui.type('y');
    const f = await app.ui.waitFor(/changed on the server/);
    assert.match(footer(f), /^deployment shop\/web changed on the server since you opened it \(its spec changed, e\.g\. a new rollout\); nothing was applied/);
    const now: Deployment = await api.getDeployment('shop', 'web');
    assert.equal(now.spec!.template!.spec!.containers[0]!.image, 'shop/web:9.9', 'the newer rollout stands');
    assert.equal(now.metadata.generation, changed.metadata.generation, 'no write after it');
  } finally {
    await app.close();
  }
});
