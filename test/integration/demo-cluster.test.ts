// The demo cluster seen through the real client library: seed contents,
// list/watch with resourceVersions, 410 after compaction, and RBAC for the
// limited user.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AppsV1Api, CoreV1Api, KubeConfig, Watch, type V1Pod } from '@kubernetes/client-node';
import { startDemoCluster, type DemoCluster } from '../../src/sources/demo/index.js';
import { adminToken, collectWatch, kubeConfig, setMerge, withTimeout } from './demo-helpers.js';


function waitingReason(p: V1Pod): string | undefined {
  return p.status?.containerStatuses?.find((s) => s.state?.waiting)?.state?.waiting?.reason;
}

describe('demo cluster: seed and reads', () => {
  let cluster: DemoCluster;
  let core: CoreV1Api;
  let apps: AppsV1Api;

  before(async () => {
    cluster = await startDemoCluster({ port: 0, speed: 10 });
    const kc = kubeConfig(cluster);
    core = kc.makeApiClient(CoreV1Api);
    apps = kc.makeApiClient(AppsV1Api);
  });
  after(async () => {
    await cluster.close();
  });

  it('serves the seeded namespaces and about 30 pods', async () => {
    const ns = await core.listNamespace();
    assert.deepEqual(ns.items.map((n) => n.metadata?.name).sort(), ['default', 'monitoring', 'platform', 'shop']);
    assert.ok(ns.items.every((n) => n.status?.phase === 'Active'));
    const pods = await core.listPodForAllNamespaces();
    assert.ok(pods.items.length >= 25 && pods.items.length <= 35, `pod count ${pods.items.length}`);
    assert.match(pods.metadata?.resourceVersion ?? '', /^\d+$/);
  });

  it('shows the crash loop, the image pull failure and the unschedulable pod', async () => {
    const shop = await core.listNamespacedPod({ namespace: 'shop' });
    const payments = shop.items.filter((p) => p.metadata?.labels?.['app'] === 'payments');
    assert.equal(payments.length, 2);
    for (const p of payments) {
      const cs = p.status!.containerStatuses![0]!;
      assert.ok(cs.restartCount >= 3, `restarts ${cs.restartCount}`);
      assert.ok(cs.state?.waiting?.reason === 'CrashLoopBackOff' || cs.state?.running, 'crash-looping');
      assert.equal(cs.lastState?.terminated?.reason, 'Error');
      assert.equal(cs.lastState?.terminated?.exitCode, 1);
    }
    const search = shop.items.find((p) => p.metadata?.labels?.['app'] === 'search')!;
    assert.match(waitingReason(search) ?? '', /^(ImagePullBackOff|ErrImagePull)$/);
    assert.equal(search.status?.phase, 'Pending');

    const batch = (await core.listNamespacedPod({ namespace: 'platform', labelSelector: 'app=batch' })).items;
    assert.equal(batch.length, 1);
    assert.equal(batch[0]!.status?.phase, 'Pending');
    const sched = batch[0]!.status?.conditions?.find((c) => c.type === 'PodScheduled');
    assert.equal(sched?.status, 'False');
    assert.equal(sched?.reason, 'Unschedulable');

    const events = await core.listNamespacedEvent({ namespace: 'shop' });
    const backoff = events.items.find((e) => e.reason === 'BackOff' && e.type === 'Warning' && e.involvedObject.name?.startsWith('payments-'));
    assert.ok(backoff, 'a BackOff warning for payments');
    assert.match(backoff.message ?? '', /^Back-off restarting failed container payments in pod payments-/);
    assert.ok((backoff.count ?? 0) > 1);
    const failed = events.items.find((e) => e.reason === 'Failed' && e.involvedObject.name?.startsWith('search-'));
    assert.ok(failed, 'a Failed pull event for search');
    const pevents = await core.listNamespacedEvent({ namespace: 'platform', fieldSelector: 'reason=FailedScheduling' });
    // As kube-scheduler words it with node-4 NotReady (tainted) and the other three too small.
    assert.match(pevents.items[0]?.message ?? '', /^0\/4 nodes are available: 1 node\(s\) had untolerated taint\(s\), 3 Insufficient memory\./);
  });

  it('has web at revision 3 with three ReplicaSets, revisions 1..3', async () => {
    const web = await apps.readNamespacedDeployment({ name: 'web', namespace: 'shop' });
    assert.equal(web.metadata?.annotations?.['deployment.kubernetes.io/revision'], '3');
    assert.equal(web.spec?.template?.spec?.containers[0]?.image, 'shop/web:1.2');
    assert.equal(web.status?.readyReplicas, 3);
    const rss = (await apps.listNamespacedReplicaSet({ namespace: 'shop', labelSelector: 'app=web' })).items;
    const byRev = new Map(rss.map((r) => [r.metadata?.annotations?.['deployment.kubernetes.io/revision'], r]));
    assert.deepEqual([...byRev.keys()].sort(), ['1', '2', '3']);
    assert.equal(byRev.get('1')!.spec?.template?.spec?.containers[0]?.image, 'shop/web:1.0');
    assert.equal(byRev.get('2')!.spec?.replicas, 0);
    assert.equal(byRev.get('3')!.spec?.replicas, 3);
    assert.ok(rss.every((r) => r.metadata?.ownerReferences?.[0]?.uid === web.metadata?.uid && r.metadata?.annotations?.['kubernetes.io/change-cause']));
    const pods = (await core.listNamespacedPod({ namespace: 'shop', labelSelector: 'app=web' })).items;
    assert.equal(pods.length, 3);
    assert.ok(pods.every((p) => p.status?.phase === 'Running' && p.metadata?.name?.startsWith(byRev.get('3')!.metadata!.name! + '-')));
  });

  it('filters with label and field selectors and paginates with limit/continue', async () => {
    const notin = await core.listPodForAllNamespaces({ labelSelector: 'app notin (web,payments),!nonexistent' });
    assert.ok(notin.items.every((p) => !['web', 'payments'].includes(p.metadata!.labels!['app']!)));
    const byNode = await core.listPodForAllNamespaces({ fieldSelector: 'spec.nodeName=node-1' });
    assert.ok(byNode.items.length > 0 && byNode.items.every((p) => p.spec?.nodeName === 'node-1'));
    const all = await core.listPodForAllNamespaces();
    const seen: string[] = [];
    let cont: string | undefined;
    do {
      const page = await core.listPodForAllNamespaces({ limit: 7, _continue: cont });
      assert.ok(page.items.length <= 7);
      seen.push(...page.items.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`));
      cont = page.metadata?._continue;
    } while (cont);
    assert.deepEqual(seen, all.items.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`));
  });

  it('answers 404 with a NotFound Status', async () => {
    const res = await fetch(`${cluster.url}/apis/apps/v1/namespaces/shop/deployments/nope`, { headers: { authorization: `Bearer ${adminToken(cluster)}` } });
    assert.equal(res.status, 404);
    const body = (await res.json()) as { kind: string; reason: string; message: string; code: number };
    assert.deepEqual([body.kind, body.reason, body.code, body.message], ['Status', 'NotFound', 404, 'deployments.apps "nope" not found']);
  });

  it('answers 401 without a valid token', async () => {
    const res = await fetch(`${cluster.url}/api/v1/pods`, { headers: { authorization: 'Bearer wrong' } });
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { reason: string }).reason, 'Unauthorized');
  });
});

describe('demo cluster: watch', () => {
  let cluster: DemoCluster;
  let kc: KubeConfig;
  before(async () => {
    cluster = await startDemoCluster({ port: 0, speed: 10 });
    kc = kubeConfig(cluster);
  });
  after(async () => {
    await cluster.close();
  });

  it('streams ADDED and MODIFIED pod events while a scale patch runs', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const apps = kc.makeApiClient(AppsV1Api);
    const list = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=hello' });
    const seen: { type: string; name: string; phase?: string }[] = [];
    let sawReadyNew!: () => void;
    const ready = new Promise<void>((r) => (sawReadyNew = r));
    const existing = new Set(list.items.map((p) => p.metadata!.name!));
    const ctl = await new Watch(kc).watch(
      '/api/v1/namespaces/default/pods',
      { labelSelector: 'app=hello', resourceVersion: list.metadata!.resourceVersion!, allowWatchBookmarks: true },
      (type, obj: V1Pod) => {
        seen.push({ type, name: obj.metadata!.name!, phase: obj.status?.phase });
        const readyNow = obj.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
        if (type === 'MODIFIED' && !existing.has(obj.metadata!.name!) && readyNow && seen.filter((s) => s.type === 'ADDED').length >= 2) sawReadyNew();
      },
      () => {},
    );
    await apps.patchNamespacedDeploymentScale({ name: 'hello', namespace: 'default', body: { spec: { replicas: 4 } } }, setMerge());
    await withTimeout(ready, 10_000, 'new pods to become ready');
    ctl.abort();
    const added = seen.filter((s) => s.type === 'ADDED');
    assert.equal(added.length, 2, JSON.stringify(seen));
    assert.ok(added.every((a) => !existing.has(a.name) && a.phase === 'Pending'));
    assert.ok(seen.some((s) => s.type === 'MODIFIED' && s.phase === 'Running'));
    const pods = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=hello' });
    assert.equal(pods.items.length, 4);
  });

  it('replays from a resourceVersion and sends 410 Expired after compaction', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const list = await core.listNamespacedPod({ namespace: 'shop' });
    const rv = list.metadata!.resourceVersion!;
    cluster.deleteObject('pods', 'shop', list.items[0]!.metadata!.name!);
    // A watch from the old version still sees the deletion from history.
    const events1 = await collectWatch(kc, '/api/v1/namespaces/shop/pods', { resourceVersion: rv }, (evs) => evs.some((e) => e.type === 'DELETED'));
    assert.ok(events1.some((e) => e.type === 'DELETED' && (e.object as V1Pod).metadata?.name === list.items[0]!.metadata!.name));

    cluster.compactHistory();
    const events2 = await collectWatch(kc, '/api/v1/namespaces/shop/pods', { resourceVersion: rv }, (evs) => evs.length > 0);
    assert.equal(events2[0]!.type, 'ERROR');
    const status = events2[0]!.object as { kind: string; code: number; reason: string; message: string };
    assert.equal(status.kind, 'Status');
    assert.equal(status.code, 410);
    assert.equal(status.reason, 'Expired');
    assert.match(status.message, /too old resource version/);
  });

  it('starts with ADDED for everything when resourceVersion is 0', async () => {
    const events = await collectWatch(kc, '/api/v1/namespaces', { resourceVersion: '0' }, (evs) => evs.length >= 4);
    assert.deepEqual(events.slice(0, 4).map((e) => e.type), ['ADDED', 'ADDED', 'ADDED', 'ADDED']);
  });
});

describe('demo cluster: limited user', () => {
  let cluster: DemoCluster;
  let core: CoreV1Api;
  before(async () => {
    cluster = await startDemoCluster({ port: 0 });
    core = kubeConfig(cluster, 'kdeck-demo-limited').makeApiClient(CoreV1Api);
  });
  after(async () => {
    await cluster.close();
  });

  it('may list pods in shop', async () => {
    const pods = await core.listNamespacedPod({ namespace: 'shop' });
    assert.ok(pods.items.length > 0);
  });

  it('gets 403 with the real message outside shop and cluster-wide', async () => {
    const err = await core.listPodForAllNamespaces().then(
      () => assert.fail('expected 403'),
      (e: { code: number; body: string }) => e,
    );
    assert.equal(err.code, 403);
    const body = JSON.parse(err.body) as { reason: string; message: string };
    assert.equal(body.reason, 'Forbidden');
    assert.equal(body.message, 'pods is forbidden: User "kdeck-limited" cannot list resource "pods" in API group "" at the cluster scope');
    const err2 = await core.listNamespacedPod({ namespace: 'default' }).then(
      () => assert.fail('expected 403'),
      (e: { code: number; body: string }) => e,
    );
    assert.equal(err2.code, 403);
    assert.match(JSON.parse(err2.body).message, /cannot list resource "pods" in API group "" in the namespace "default"$/);
    const err3 = await core.listNamespace().then(
      () => assert.fail('expected 403'),
      (e: { code: number }) => e,
    );
    assert.equal(err3.code, 403);
  });
});


it('access reviews are answered, as clients like k9s ask before listing', async () => {
  const demo = await startDemoCluster({ port: 0 });
  try {
    const kc = new KubeConfig();
    kc.loadFromString(demo.kubeconfigYaml());
    const token = kc.getCurrentUser()!.token!;
    const res = await fetch(`${demo.url}/apis/authorization.k8s.io/v1/selfsubjectaccessreviews`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', spec: { resourceAttributes: { verb: 'list', resource: 'pods' } } }),
    });
    assert.equal(res.status, 201);
    assert.equal(((await res.json()) as { status: { allowed: boolean } }).status.allowed, true);
  } finally {
    await demo.close();
  }
});
