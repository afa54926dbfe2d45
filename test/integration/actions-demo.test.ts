// The API side of scale, rollout undo and diff against the demo cluster.
// Every result is read back through the API (raw requests), never through
// kdeck's own reading of it.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startDemoCluster, type DemoCluster } from '../../src/sources/demo/index.js';
import { ActionError, createKubeActions, type KubeActions } from '../../src/sources/kube/actions.js';
import { diffManifest } from '../../src/sources/kube/kube-diff.js';
import { resolveKubeconfig, type ResolvedKubeconfig } from '../../src/sources/kube/kubeconfig.js';
import { ManifestError } from '../../src/model/manifest.js';
import { runKdeck } from '../helpers/kdeck-bin.js';
import { api, eventually } from './demo-helpers.js';
import { diffChanges, webManifest } from '../helpers/manifests.js';

describe('actions and diff against the demo cluster', () => {
  let cluster: DemoCluster;
  let dir: string;
  let kubeconfig: string;
  let r: ResolvedKubeconfig;
  let actions: KubeActions;
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    return writeFile(p, text).then(() => p);
  };

  before(async () => {
    cluster = await startDemoCluster({ port: 0, speed: 10 });
    dir = await mkdtemp(join(tmpdir(), 'kdeck-actions-'));
    kubeconfig = join(dir, 'kubeconfig');
    await cluster.writeKubeconfig(kubeconfig);
    r = resolveKubeconfig({ kubeconfig });
    actions = createKubeActions(r);
  });
  after(async () => {
    actions.close();
    await cluster.close();
    await rm(dir, { recursive: true, force: true });
  });

  const runningWebPods = async () => {
    const res = await api(cluster, 'GET', '/api/v1/namespaces/shop/pods?labelSelector=app%3Dweb');
    return (res.json.items as { metadata: { deletionTimestamp?: string }; status: { phase: string } }[]).filter((p) => !p.metadata.deletionTimestamp && p.status.phase === 'Running').length;
  };

  it('scale 3 → 5: spec.replicas reads back as 5 and the pods follow', async () => {
    const before = await api(cluster, 'GET', '/apis/apps/v1/namespaces/shop/deployments/web');
    assert.equal(before.json.spec.replicas, 3);
    assert.deepEqual(await actions.scale('shop', 'web', 5), { replicas: 5 });
    const after = await api(cluster, 'GET', '/apis/apps/v1/namespaces/shop/deployments/web');
    assert.equal(after.json.spec.replicas, 5);
    await eventually('5 running web pods', async () => (await runningWebPods()) === 5);
  });

  it('a dry-run scale changes nothing', async () => {
    const before = await api(cluster, 'GET', '/apis/apps/v1/namespaces/shop/deployments/web');
    assert.deepEqual(await actions.scale('shop', 'web', 9, { dryRun: true }), { replicas: 9 });
    const after = await api(cluster, 'GET', '/apis/apps/v1/namespaces/shop/deployments/web');
    assert.equal(after.json.spec.replicas, before.json.spec.replicas);
    assert.equal(after.json.metadata.resourceVersion, before.json.metadata.resourceVersion);
  });

  it('getDeployment and listReplicaSets return the wire objects', async () => {
    const d = await actions.getDeployment('shop', 'web');
    assert.equal(d.kind, 'Deployment');
    assert.equal(d.spec?.template?.spec?.containers[0]?.image, 'shop/web:1.2');
    const rs = (await actions.listReplicaSets('shop')).filter((x) => x.metadata.name.startsWith('web-'));
    assert.deepEqual(rs.map((x) => x.metadata.annotations?.['deployment.kubernetes.io/revision']).sort(), ['1', '2', '3']);
    assert.ok(rs.every((x) => x.kind === 'ReplicaSet'));
  });

  it('a JSON patch on an out-of-date resourceVersion is a 409 with the server message', async () => {
    await assert.rejects(actions.patchDeployment('shop', 'web', [{ op: 'replace', path: '/metadata/resourceVersion', value: '1' }]), (e: unknown) => {
      assert.ok(e instanceof ActionError);
      assert.equal(e.status, 409);
      assert.equal(e.reason, 'Conflict');
      assert.equal(e.message, 'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again');
      return true;
    });
  });

  it('a JSON patch changes the template, as rollout undo sends it', async () => {
    const d = await actions.getDeployment('shop', 'web');
    const template = structuredClone(d.spec!.template!);
    template.spec!.containers[0]!.image = 'shop/web:1.1';
    const out = await actions.patchDeployment('shop', 'web', [{ op: 'replace', path: '/spec/template', value: template }]);
    assert.equal(out.spec?.template?.spec?.containers[0]?.image, 'shop/web:1.1');
    const back = await api(cluster, 'GET', '/apis/apps/v1/namespaces/shop/deployments/web');
    assert.equal(back.json.spec.template.spec.containers[0].image, 'shop/web:1.1');
    template.spec!.containers[0]!.image = 'shop/web:1.2';
    await actions.patchDeployment('shop', 'web', [{ op: 'replace', path: '/spec/template', value: template }]);
  });

  it('a missing deployment is a 404 with the server message', async () => {
    await assert.rejects(actions.getDeployment('shop', 'nope'), { name: 'ActionError', status: 404, message: 'deployments.apps "nope" not found' });
    await assert.rejects(actions.scale('shop', 'nope', 2), { status: 404, message: 'deployments.apps "nope" not found' });
  });

  it('a negative count is refused before anything is sent', async () => {
    await assert.rejects(actions.scale('shop', 'web', -1), { name: 'ActionError', reason: 'Invalid' });
  });

  it('the limited user is forbidden outside shop, with the server message', async () => {
    const limited = createKubeActions(resolveKubeconfig({ kubeconfig, context: 'kdeck-demo-limited' }));
    try {
      await assert.rejects(limited.scale('default', 'web', 2), (e: unknown) => {
        assert.ok(e instanceof ActionError);
        assert.equal(e.status, 403);
        assert.match(e.message, /^deployments\.apps "web" is forbidden: User "kdeck-limited" cannot patch resource "deployments\/scale"/);
        return true;
      });
      await assert.rejects(limited.listReplicaSets('kube-system'), { status: 403 });
    } finally {
      limited.close();
    }
  });

  describe('diffManifest (kubectl diff)', () => {
    it("a manifest changing web's image shows exactly that change (and the generation it bumps), and changes nothing", async () => {
      const before = await api(cluster, 'GET', '/apis/apps/v1/namespaces/shop/deployments/web');
      const res = await diffManifest(r, await file('image.yaml', webManifest('shop/web:1.3')));
      assert.equal(res.changed, true);
      assert.deepEqual(res.objects.map((o) => o.name), ['apps.v1.Deployment.shop.web']);
      const gen = before.json.metadata.generation as number;
      assert.deepEqual(diffChanges(res.combined.text).sort(), [`+  generation: ${gen + 1}`, '+      - image: shop/web:1.3', `-  generation: ${gen}`, '-      - image: shop/web:1.2'].sort());
      assert.match(res.combined.text, /^--- \/LIVE\/apps\.v1\.Deployment\.shop\.web\n\+\+\+ \/MERGED\/apps\.v1\.Deployment\.shop\.web\n@@ /);
      assert.doesNotMatch(res.combined.text, /managedFields/);
      const after = await api(cluster, 'GET', '/apis/apps/v1/namespaces/shop/deployments/web');
      assert.equal(after.json.metadata.resourceVersion, before.json.metadata.resourceVersion, 'a dry run stores nothing');
      assert.equal(after.json.spec.template.spec.containers[0].image, 'shop/web:1.2');
    });

    it('an identical manifest shows no change', async () => {
      const res = await diffManifest(r, await file('same.yaml', webManifest('shop/web:1.2')));
      assert.equal(res.changed, false);
      assert.equal(res.combined.text, '');
    });

    it('a new object diffs against empty, in the -n namespace, and is not created', async () => {
      const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fresh\ndata:\n  mode: fast\n';
      const res = await diffManifest(r, await file('new.yaml', cm), { namespace: 'shop' });
      assert.equal(res.changed, true);
      assert.deepEqual(res.objects.map((o) => o.name), ['v1.ConfigMap.shop.fresh']);
      const lines = res.combined.text.split('\n');
      assert.equal(lines[2], '@@ -0,0 +1,' + (lines.length - 4) + ' @@');
      assert.ok(lines.slice(3, -1).every((l) => l.startsWith('+')));
      assert.ok(lines.includes('+  mode: fast'));
      assert.ok(lines.includes('+  namespace: shop'));
      assert.equal((await api(cluster, 'GET', '/api/v1/namespaces/shop/configmaps/fresh')).status, 404);
    });

    it("a Secret's values are masked, a changed key as before/after", async () => {
      const created = await api(cluster, 'POST', '/api/v1/namespaces/shop/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, data: { user: Buffer.from('admin').toString('base64'), password: Buffer.from('old-pass').toString('base64') } });
      assert.equal(created.status, 201);
      const manifest = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\nstringData:\n  password: new-pass\n  token: t0ps3cret\n';
      const res = await diffManifest(r, await file('secret.yaml', manifest));
      assert.equal(res.changed, true);
      const text = res.combined.text;
      assert.deepEqual(diffChanges(text).sort(), ["+  password: '*** (after)'", "+  token: '***'", "-  password: '*** (before)'"].sort());
      assert.match(text, /^ {3}user: '\*\*\*'$/m);
      for (const secret of ['admin', 'old-pass', 'new-pass', 't0ps3cret']) {
        assert.ok(!text.includes(secret) && !text.includes(Buffer.from(secret).toString('base64')), `${secret} leaked`);
      }
      const live = await api(cluster, 'GET', '/api/v1/namespaces/shop/secrets/db');
      assert.equal(Buffer.from(live.json.data.password, 'base64').toString(), 'old-pass');
    });

    it('several documents come out in kubectl order (by file name), only the changed ones', async () => {
      const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n  namespace: shop\ndata:\n  a: "1"\n';
      const res = await diffManifest(r, await file('multi.yaml', `${webManifest('shop/web:1.3')}---\n${webManifest('shop/web:1.2').replace('name: web', 'name: web')}---\n${cm}`));
      assert.deepEqual(res.objects.map((o) => o.name), ['apps.v1.Deployment.shop.web', 'v1.ConfigMap.shop.other']);
      assert.equal(res.objects[0]!.diff.changed, false, 'the later document for web wins, as in kubectl');
      assert.equal(res.combined.hunkStarts.length, 1);
    });

    it('bad YAML names the file and document', async () => {
      const p = await file('bad.yaml', `${webManifest('x:1')}---\nkind: ConfigMap\n  metadata: [\n`);
      await assert.rejects(diffManifest(r, p), (e: unknown) => {
        assert.ok(e instanceof ManifestError);
        assert.ok(e.message.startsWith(`${p}: document 2: not valid YAML (line 1`), e.message);
        return true;
      });
    });

    it('an unknown kind names the file, document and kind', async () => {
      const p = await file('unknown.yaml', `${webManifest('x:1')}---\napiVersion: apps/v1\nkind: Frobnicator\nmetadata:\n  name: f\n`);
      await assert.rejects(diffManifest(r, p), { name: 'ManifestError', message: `${p}: document 2: unknown kind "Frobnicator" in apps/v1` });
      const q = await file('unknown-group.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n');
      await assert.rejects(diffManifest(r, q), { message: `${q}: document 1: unknown kind "Widget" in example.com/v1` });
    });

    it('forbidden for the limited user outside shop', async () => {
      const limited = resolveKubeconfig({ kubeconfig, context: 'kdeck-demo-limited' });
      const p = await file('elsewhere.yaml', webManifest('shop/web:1.3').replace('namespace: shop', 'namespace: default'));
      await assert.rejects(diffManifest(limited, p), { name: 'ActionError', status: 403 });
    });
  });

  describe('kdeck diff FILE as a process', () => {
    const env = { KDECK_FROM_SOURCE: '1', NO_COLOR: '1' };

    it('exits 1 and prints the diff when something differs', async () => {
      const out = await runKdeck(['diff', await file('cli-image.yaml', webManifest('shop/web:1.3')), '--kubeconfig', kubeconfig], env, 30_000);
      assert.equal(out.code, 1, out.stderr);
      assert.ok(out.stdout.includes('\n+      - image: shop/web:1.3\n'));
      assert.ok(out.stdout.startsWith('--- /LIVE/apps.v1.Deployment.shop.web\n'));
      assert.ok(!out.stdout.includes('\x1b['), 'no colour when stdout is not a terminal');
      assert.equal(out.stderr, '');
    });

    it('exits 0 and prints nothing when nothing differs', async () => {
      const out = await runKdeck(['diff', await file('cli-same.yaml', webManifest('shop/web:1.2')), '--kubeconfig', kubeconfig], env, 30_000);
      assert.equal(out.code, 0, out.stderr);
      assert.equal(out.stdout, '');
    });

    it('exits 2 with one line on stderr for bad YAML, an unknown kind, a missing file, a forbidden namespace', async () => {
      const cases: [string[], RegExp][] = [
        [[await file('cli-bad.yaml', 'kind: [\n')], /^kdeck: .*cli-bad\.yaml: document 1: not valid YAML/],
        [[await file('cli-unknown.yaml', 'apiVersion: v1\nkind: Frobnicator\nmetadata:\n  name: x\n')], /^kdeck: .*cli-unknown\.yaml: document 1: unknown kind "Frobnicator" in v1$/],
        [[join(dir, 'missing.yaml')], /^kdeck: .*missing\.yaml: no such file$/],
        [[await file('cli-forbidden.yaml', webManifest('shop/web:1.3').replace('namespace: shop', 'namespace: default')), '--context', 'kdeck-demo-limited'], /^kdeck: deployments\.apps "web" is forbidden: /],
        [[], /^kdeck: diff needs a manifest file/],
      ];
      for (const [args, want] of cases) {
        const out = await runKdeck(['diff', ...args, '--kubeconfig', kubeconfig], env, 30_000);
        assert.equal(out.code, 2, `${args.join(' ')}: ${out.stderr}`);
        assert.match(out.stderr.trimEnd(), want);
        assert.equal(out.stderr.trim().split('\n').length, 1, out.stderr);
        assert.equal(out.stdout, '');
      }
    });
  });
});
