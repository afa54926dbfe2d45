// Scale and kubectl-diff semantics against the real apiserver; every result
// is checked with kubectl, never with kdeck's own reading.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTEXT_ADMIN } from '../../scripts/cluster/config.js';
import { createKubeActions } from '../../src/sources/kube/actions.js';
import { diffManifest } from '../../src/sources/kube/kube-diff.js';
import { resolveKubeconfig } from '../../src/sources/kube/kubeconfig.js';
import { eventually, KUBECONFIG, KUBECTL, kubectl, requireCluster } from './cluster-env.js';
import { diffChanges, webManifest } from '../helpers/manifests.js';

const changes = (text: string): string[] => diffChanges(text).sort();

/** kubectl with its exit code (kubectl diff exits 1 when something differs). */
function kubectlStatus(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(KUBECTL, ['--kubeconfig', KUBECONFIG, '--context', CONTEXT_ADMIN, ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 99) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('actions and diff against the real apiserver', () => {
  let dir: string;
  const r = () => resolveKubeconfig({ kubeconfig: KUBECONFIG, context: CONTEXT_ADMIN });
  const file = async (name: string, text: string) => {
    const p = join(dir, name);
    await writeFile(p, text);
    return p;
  };

  before(async () => {
    requireCluster();
    dir = await mkdtemp(join(tmpdir(), 'kdeck-e2e-actions-'));
  });
  after(async () => {
    await kubectl(['delete', 'secret', 'kdeck-diff', '-n', 'shop', '--ignore-not-found']).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  test('scale web to 5: kubectl reads spec.replicas 5, and the pods follow', async () => {
    const original = Number(await kubectl(['get', 'deployment', 'web', '-n', 'shop', '-o', 'jsonpath={.spec.replicas}']));
    const actions = createKubeActions(r());
    try {
      assert.deepEqual(await actions.scale('shop', 'web', 5), { replicas: 5 });
      assert.equal(await kubectl(['get', 'deployment', 'web', '-n', 'shop', '-o', 'jsonpath={.spec.replicas}']), '5');
      await eventually('5 web replicas ready', async () => (await kubectl(['get', 'deployment', 'web', '-n', 'shop', '-o', 'jsonpath={.status.readyReplicas}'])) === '5', 60_000);
      await assert.rejects(actions.getDeployment('shop', 'nope'), { status: 404, message: 'deployments.apps "nope" not found' });
    } finally {
      await actions.scale('shop', 'web', original).catch(() => undefined);
      actions.close();
    }
  });

  test("a manifest changing web's image: the same change and exit status as kubectl diff", async () => {
    const live = await kubectl(['get', 'deployment', 'web', '-n', 'shop', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']);
    // Plain (client-side) kubectl diff needs a whole object: it refuses a
    // partial one for an object it did not apply (no selector), which the
    // server-side apply accepts. So the manifest is the live spec, image changed.
    const obj = JSON.parse(await kubectl(['get', 'deployment', 'web', '-n', 'shop', '-o', 'json'])) as { spec: { template: { spec: { containers: { image: string }[] } } } };
    obj.spec.template.spec.containers[0]!.image = 'shop/web:9.9';
    const p = await file('image.json', JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: obj.spec }));
    const ours = await diffManifest(r(), p);
    assert.equal(ours.changed, true);
    assert.deepEqual(ours.objects.map((o) => o.name), ['apps.v1.Deployment.shop.web']);
    const mine = changes(ours.combined.text);
    assert.ok(mine.includes('+      - image: shop/web:9.9'), ours.combined.text);
    assert.ok(mine.includes(`-      - image: ${live}`), ours.combined.text);
    assert.ok(!ours.combined.text.includes('managedFields'));

    const plain = await kubectlStatus(['diff', '-f', p]);
    assert.equal(plain.code, 1, plain.stderr);
    assert.ok(changes(plain.stdout).includes('+      - image: shop/web:9.9'), plain.stdout);
    // The server-side flavour computes exactly what kdeck does, line for line.
    const ssa = await kubectlStatus(['diff', '--server-side', '--force-conflicts', '-f', p]);
    assert.equal(ssa.code, 1, ssa.stderr);
    assert.deepEqual(mine, changes(ssa.stdout));
    assert.equal(await kubectl(['get', 'deployment', 'web', '-n', 'shop', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']), live, 'a diff changes nothing');

    const partial = await diffManifest(r(), await file('partial.yaml', webManifest('shop/web:9.9')));
    assert.ok(changes(partial.combined.text).includes('+      - image: shop/web:9.9'), 'a partial manifest is fine for a server-side apply');
    // Same image, but web was created by a client-side apply: kubectl refreshes
    // its last-applied annotation (and the apiserver bumps generation for it).
    const same = await diffManifest(r(), await file('same.yaml', webManifest(live)));
    const kSame = await kubectlStatus(['diff', '--server-side', '--force-conflicts', '-f', join(dir, 'same.yaml')]);
    assert.equal(kSame.code, same.changed ? 1 : 0, kSame.stderr);
    assert.deepEqual(changes(same.combined.text), changes(kSame.stdout));
  });

  test('a new object diffs against empty', async () => {
    const p = await file('new.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kdeck-never-created\n  namespace: shop\ndata:\n  mode: fast\n');
    const ours = await diffManifest(r(), p);
    assert.equal(ours.changed, true);
    assert.ok(ours.combined.lines.filter((l) => l.kind === 'del').length === 0);
    assert.ok(ours.combined.text.includes('\n+  mode: fast\n'));
    const k = await kubectlStatus(['get', 'configmap', 'kdeck-never-created', '-n', 'shop']);
    assert.notEqual(k.code, 0, 'the dry run created nothing');
  });

  test("a Secret's values are masked as kubectl masks them", async () => {
    await kubectl(['create', 'secret', 'generic', 'kdeck-diff', '-n', 'shop', '--from-literal=user=admin', '--from-literal=password=old-pass']);
    const p = await file('secret.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: kdeck-diff\n  namespace: shop\nstringData:\n  password: new-pass\n');
    const ours = await diffManifest(r(), p);
    assert.equal(ours.changed, true);
    const mine = changes(ours.combined.text);
    assert.ok(mine.includes("-  password: '*** (before)'") && mine.includes("+  password: '*** (after)'"), ours.combined.text);
    for (const s of ['admin', 'old-pass', 'new-pass']) {
      assert.ok(!ours.combined.text.includes(s) && !ours.combined.text.includes(Buffer.from(s).toString('base64')), `${s} leaked`);
    }
    const ssa = await kubectlStatus(['diff', '--server-side', '--force-conflicts', '-f', p]);
    assert.equal(ssa.code, 1, ssa.stderr);
    assert.deepEqual(mine, changes(ssa.stdout));

    const unchanged = await file('secret-same.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: kdeck-diff\n  namespace: shop\nstringData:\n  password: old-pass\n');
    const none = await diffManifest(r(), unchanged);
    assert.equal(none.changed, false, none.combined.text);
    assert.equal((await kubectlStatus(['diff', '--server-side', '--force-conflicts', '-f', unchanged])).code, 0);
  });
});
