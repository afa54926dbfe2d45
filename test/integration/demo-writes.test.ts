// Writes against the demo cluster: the scale subresource, image changes that
// make new revisions, rollback reusing the old ReplicaSet, optimistic
// concurrency, validation and dry runs.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AppsV1Api, CoreV1Api, PatchStrategy, setHeaderOptions, type V1Deployment } from '@kubernetes/client-node';
import { startDemoCluster, type DemoCluster } from '../../src/sources/demo/index.js';
import { api, eventually, kubeConfig, setMerge } from './demo-helpers.js';

const REV = 'deployment.kubernetes.io/revision';

describe('demo cluster: writes', () => {
  let cluster: DemoCluster;
  let core: CoreV1Api;
  let apps: AppsV1Api;
  before(async () => {
    cluster = await startDemoCluster({ port: 0, speed: 20 });
    const kc = kubeConfig(cluster);
    core = kc.makeApiClient(CoreV1Api);
    apps = kc.makeApiClient(AppsV1Api);
  });
  after(async () => {
    await cluster.close();
  });

  const podsOf = async (ns: string, app: string) =>
    (await core.listNamespacedPod({ namespace: ns, labelSelector: `app=${app}` })).items.filter((p) => !p.metadata?.deletionTimestamp);

  it('scales through the scale subresource with a merge patch', async () => {
    const before = await apps.readNamespacedDeploymentScale({ name: 'cart', namespace: 'shop' });
    assert.equal(before.spec?.replicas, 2);
    assert.equal(before.status?.selector, 'app=cart');
    const scaled = await apps.patchNamespacedDeploymentScale({ name: 'cart', namespace: 'shop', body: { spec: { replicas: 5 } } }, setMerge());
    assert.equal(scaled.spec?.replicas, 5);
    await eventually('5 running cart pods', async () => (await podsOf('shop', 'cart')).filter((p) => p.status?.phase === 'Running').length === 5);
    await apps.patchNamespacedDeploymentScale({ name: 'cart', namespace: 'shop', body: { spec: { replicas: 1 } } }, setMerge());
    await eventually('1 cart pod left', async () => (await core.listNamespacedPod({ namespace: 'shop', labelSelector: 'app=cart' })).items.length === 1);
    const d = await eventually('status to settle', async () => {
      const x = await apps.readNamespacedDeployment({ name: 'cart', namespace: 'shop' });
      return x.status?.replicas === 1 && x.status.availableReplicas === 1 ? x : undefined;
    });
    assert.equal(d.status?.observedGeneration, d.metadata?.generation);
  });

  it('rejects negative replicas with 422 Invalid', async () => {
    const r = await api(cluster, 'PATCH', '/apis/apps/v1/namespaces/shop/deployments/cart/scale', { spec: { replicas: -1 } }, 'application/merge-patch+json');
    assert.equal(r.status, 422);
    assert.equal(r.json.reason, 'Invalid');
    assert.equal(r.json.message, 'Scale.autoscaling "cart" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
  });

  it('answers 415 to an unsupported patch type', async () => {
    const r = await api(cluster, 'PATCH', '/apis/apps/v1/namespaces/shop/deployments/cart', { spec: { replicas: 2 } }, 'application/json');
    assert.equal(r.status, 415);
    assert.equal(r.json.reason, 'UnsupportedMediaType');
  });

  it('setImage makes revision 4; rolling back to 1.1 reuses the old ReplicaSet with revision 5', async () => {
    const rsBefore = (await apps.listNamespacedReplicaSet({ namespace: 'shop', labelSelector: 'app=web' })).items;
    const rev2 = rsBefore.find((r) => r.metadata?.annotations?.[REV] === '2')!;
    assert.equal(rev2.spec?.template?.spec?.containers[0]?.image, 'shop/web:1.1');

    cluster.setImage('shop', 'web', 'web', 'shop/web:1.3');
    const rev4 = await eventually('a revision 4 ReplicaSet', async () =>
      (await apps.listNamespacedReplicaSet({ namespace: 'shop', labelSelector: 'app=web' })).items.find((r) => r.metadata?.annotations?.[REV] === '4'),
    );
    assert.equal(rev4.spec?.template?.spec?.containers[0]?.image, 'shop/web:1.3');
    assert.equal(rev4.metadata?.labels?.['pod-template-hash'], rev4.metadata?.name?.slice('web-'.length));
    assert.equal(rev4.metadata?.ownerReferences?.[0]?.kind, 'Deployment');
    await eventually('the rollout to 1.3 to finish', async () => {
      const pods = await podsOf('shop', 'web');
      const d = await apps.readNamespacedDeployment({ name: 'web', namespace: 'shop' });
      return (
        pods.length === 3 &&
        pods.every((p) => p.spec?.containers[0]?.image === 'shop/web:1.3' && p.status?.phase === 'Running') &&
        d.status?.updatedReplicas === 3 &&
        d.status.availableReplicas === 3 &&
        d.metadata?.annotations?.[REV] === '4'
      );
    });

    // Rollback as `kubectl rollout undo --to-revision=2` does it: patch the template back.
    const tmpl = structuredClone(rev2.spec!.template!);
    delete tmpl.metadata!.labels!['pod-template-hash'];
    await apps.patchNamespacedDeployment(
      { name: 'web', namespace: 'shop', body: [{ op: 'replace', path: '/spec/template', value: tmpl }] },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    const reused = await eventually('the old ReplicaSet to get revision 5', async () => {
      const r = await apps.readNamespacedReplicaSet({ name: rev2.metadata!.name!, namespace: 'shop' });
      return r.metadata?.annotations?.[REV] === '5' ? r : undefined;
    });
    assert.equal(reused.metadata?.uid, rev2.metadata?.uid);
    const all = (await apps.listNamespacedReplicaSet({ namespace: 'shop', labelSelector: 'app=web' })).items;
    assert.equal(all.length, 4, 'no new ReplicaSet for a rollback');
    assert.deepEqual(all.map((r) => r.metadata?.annotations?.[REV]).sort(), ['1', '3', '4', '5']);
    await eventually('pods back on 1.1', async () => {
      const pods = await podsOf('shop', 'web');
      const d = await apps.readNamespacedDeployment({ name: 'web', namespace: 'shop' });
      return pods.length === 3 && pods.every((p) => p.spec?.containers[0]?.image === 'shop/web:1.1' && p.status?.phase === 'Running') && d.metadata?.annotations?.[REV] === '5';
    });
  });

  it('rejects a PUT with a stale resourceVersion with 409 Conflict', async () => {
    const d = await apps.readNamespacedDeployment({ name: 'hello', namespace: 'default' });
    await apps.patchNamespacedDeployment({ name: 'hello', namespace: 'default', body: { metadata: { labels: { touched: 'yes' } } } }, setMerge());
    const stale: V1Deployment = { ...d, spec: { ...d.spec!, replicas: 3 } };
    const err = await apps.replaceNamespacedDeployment({ name: 'hello', namespace: 'default', body: stale }).then(
      () => assert.fail('expected 409'),
      (e: { code: number; body: string }) => e,
    );
    assert.equal(err.code, 409);
    const body = JSON.parse(err.body);
    assert.equal(body.reason, 'Conflict');
    assert.equal(body.message, 'Operation cannot be fulfilled on deployments.apps "hello": the object has been modified; please apply your changes to the latest version and try again');
    // With the fresh version the same PUT goes through and bumps generation.
    const fresh = await apps.readNamespacedDeployment({ name: 'hello', namespace: 'default' });
    const put = await apps.replaceNamespacedDeployment({ name: 'hello', namespace: 'default', body: { ...fresh, spec: { ...fresh.spec!, replicas: 3 } } });
    assert.equal(put.spec?.replicas, 3);
    assert.equal(put.metadata?.generation, (fresh.metadata?.generation ?? 0) + 1);
  });

  it('strategic merge patches containers by name and dryRun stores nothing', async () => {
    const before = await apps.readNamespacedDeployment({ name: 'api', namespace: 'platform' });
    const r = await api(
      cluster,
      'PATCH',
      '/apis/apps/v1/namespaces/platform/deployments/api?dryRun=All',
      { spec: { template: { spec: { containers: [{ name: 'envoy', image: 'envoyproxy/envoy:v1.31.0' }] } } } },
      'application/strategic-merge-patch+json',
    );
    assert.equal(r.status, 200);
    const containers = r.json.spec.template.spec.containers;
    assert.deepEqual(
      containers.map((c: { name: string; image: string }) => [c.name, c.image]),
      [
        ['api', 'platform/api:4.1'],
        ['envoy', 'envoyproxy/envoy:v1.31.0'],
      ],
    );
    const afterDry = await apps.readNamespacedDeployment({ name: 'api', namespace: 'platform' });
    assert.equal(afterDry.metadata?.resourceVersion, before.metadata?.resourceVersion);
    assert.equal(afterDry.spec?.template?.spec?.containers[1]?.image, 'envoyproxy/envoy:v1.30.1');
  });

  it('deleting a pod of a deployment gets it replaced', async () => {
    const pods = await podsOf('monitoring', 'prometheus');
    assert.equal(pods.length, 1);
    const deleted = await core.deleteNamespacedPod({ name: pods[0]!.metadata!.name!, namespace: 'monitoring' });
    assert.ok(deleted.metadata?.deletionTimestamp, 'graceful deletion marks the pod terminating');
    const replacement = await eventually('a replacement pod', async () => {
      const now = (await core.listNamespacedPod({ namespace: 'monitoring', labelSelector: 'app=prometheus' })).items;
      return now.find((p) => p.metadata?.name !== pods[0]!.metadata!.name && p.status?.phase === 'Running' && now.length === 1);
    });
    assert.notEqual(replacement.metadata?.name, pods[0]!.metadata!.name);
  });

  it('upsertRaw stores objects as given', async () => {
    cluster.upsertRaw('pods', { metadata: { name: 'evil\u001b[31m', namespace: 'default', labels: { x: '\u0007' } }, spec: { containers: [{ name: 'c', image: 'x' }] }, status: { phase: 'Running' } });
    const pods = (await core.listNamespacedPod({ namespace: 'default' })).items;
    assert.ok(pods.some((p) => p.metadata?.name === 'evil\u001b[31m' && p.metadata.labels?.['x'] === '\u0007'));
  });
});
