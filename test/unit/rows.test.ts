import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deploymentRows, imageRows, namespaceRows, podRows, podWorkload } from '../../src/model/rows.js';
import { createPodRowsCache } from '../../src/model/rows-pods.js';
import { deploymentHealth, deploymentImages, deploymentRevision } from '../../src/model/deployment.js';
import { MIN, NOW, ago, deployment, maps, namespace, pod, replicaset, running, waiting } from './model-fixtures.js';

const READY = [{ type: 'Ready', status: 'True' }];

describe('podRows', () => {
  const res = maps({
    pods: [
      pod({ ns: 'shop', name: 'web-2', labels: { app: 'web' }, conditions: READY, node: 'node-a', ip: '10.0.0.2', created: ago(5 * MIN) }),
      pod({ ns: 'shop', name: 'web-1', labels: { app: 'web' }, conditions: READY, created: ago(3 * 60 * MIN) }),
      pod({ ns: 'shop', name: 'api-1', labels: { app: 'api' }, statuses: [waiting('app', 'CrashLoopBackOff', { restartCount: 9 })] }),
      pod({ ns: 'a-b', name: 'x', containers: [{ name: 'a', image: 'busybox' }, { name: 'b', image: 'busybox' }, { name: 'c', image: 'envoy:1' }] }),
      pod({ ns: 'a', name: 'z', init: [{ name: 'i', image: 'init:1' }], initStatuses: [] }),
      pod({ ns: 'other', name: 'evil\x1b]0;pwn\x07-pod', containers: [{ name: 'app', image: 'nginx:1.25' }] }),
    ],
    deployments: [deployment({ ns: 'shop', name: 'web', selector: { app: 'web' } })],
  });

  it('builds kubectl-like cells, sanitized, sorted by (namespace, name)', () => {
    const rows = podRows(res, {}, NOW);
    assert.deepEqual(
      rows.map((r) => r.key),
      ['a/z', 'a-b/x', 'other/evil\x1b]0;pwn\x07-pod', 'shop/api-1', 'shop/web-1', 'shop/web-2'],
    );
    const web2 = rows.find((r) => r.key === 'shop/web-2')!;
    assert.deepEqual(web2.cells, {
      namespace: 'shop',
      name: 'web-2',
      ready: '1/1',
      status: 'Running',
      restarts: '0',
      node: 'node-a',
      images: 'nginx:1.25',
      age: '5m',
      ip: '10.0.0.2',
    });
    assert.equal(web2.health, 'ok');
    assert.deepEqual(web2.ref, { kind: 'Pod', namespace: 'shop', name: 'web-2' });
    assert.deepEqual(web2.labels, { app: 'web' });
    assert.equal(web2.sort.name, 'shop/web-2');
    assert.equal(web2.sort.age, NOW - 5 * MIN);
    const evil = rows.find((r) => r.ref.namespace === 'other')!;
    assert.equal(evil.cells.name, 'evil-pod');
  });

  it('shows <none> for missing node and IP, distinct images joined by ","', () => {
    const x = podRows(res, { namespace: 'a-b' }, NOW)[0]!;
    assert.equal(x.cells.node, '<none>');
    assert.equal(x.cells.ip, '<none>');
    assert.equal(x.cells.images, 'busybox,envoy:1');
  });

  it('rates a crash-looping pod bad with status rank 3', () => {
    const api = podRows(res, { namespace: 'shop' }, NOW).find((r) => r.ref.name === 'api-1')!;
    assert.equal(api.cells.status, 'CrashLoopBackOff');
    assert.equal(api.cells.restarts, '9');
    assert.equal(api.health, 'bad');
    assert.equal(api.sort.status, 3);
  });

  it('scopes to a namespace', () => {
    assert.deepEqual(podRows(res, { namespace: 'shop' }, NOW).map((r) => r.ref.name), ['api-1', 'web-1', 'web-2']);
    assert.deepEqual(podRows(res, { namespace: 'nope' }, NOW), []);
  });

  it('scopes to a deployment through its selector', () => {
    assert.deepEqual(podRows(res, { deployment: { namespace: 'shop', name: 'web' } }, NOW).map((r) => r.key), ['shop/web-1', 'shop/web-2']);
    assert.deepEqual(podRows(res, { deployment: { namespace: 'shop', name: 'gone' } }, NOW), []);
  });

  it('a deployment without a selector selects no pods', () => {
    const r = maps({ pods: [pod({ labels: { app: 'web' } })], deployments: [deployment({ name: 'web', selector: null })] });
    assert.deepEqual(podRows(r, { deployment: { namespace: 'shop', name: 'web' } }, NOW), []);
  });

  it('scopes to an image, init containers included', () => {
    assert.deepEqual(podRows(res, { image: 'envoy:1' }, NOW).map((r) => r.key), ['a-b/x']);
    assert.deepEqual(podRows(res, { image: 'init:1' }, NOW).map((r) => r.key), ['a/z']);
  });

  it('ages advance with now while the rest is cached per pod object', () => {
    const a = podRows(res, { namespace: 'shop' }, NOW).find((r) => r.ref.name === 'web-2')!;
    const b = podRows(res, { namespace: 'shop' }, NOW + 60 * MIN).find((r) => r.ref.name === 'web-2')!;
    assert.equal(a.cells.age, '5m');
    assert.equal(b.cells.age, '65m');
  });

  it('with a cache, keeps the rows of unchanged pods and rebuilds only what changed', () => {
    const cache = createPodRowsCache();
    const live = maps({ pods: [...res.pods.values()] });
    const first = podRows(live, {}, NOW, cache);
    const again = podRows(live, {}, NOW + 1000, cache);
    assert.equal(again.length, first.length);
    // One second later only rows whose age text moved (pods minutes old show seconds) are rebuilt.
    again.forEach((r, i) => {
      if (r.cells.age === first[i]!.cells.age) assert.equal(r, first[i], `${r.key} kept its row`);
      else assert.notEqual(r, first[i]);
    });
    assert.equal(again.find((r) => r.key === 'shop/web-1'), first.find((r) => r.key === 'shop/web-1'));
    // A pod replaced by the watch (as the store does) gets a new row; its neighbours do not.
    const old = live.pods.get('shop/web-2')!;
    live.pods.set('shop/web-2', { ...old, spec: { ...old.spec!, nodeName: 'node-b' } });
    const changed = podRows(live, {}, NOW + 2000, cache);
    assert.equal(changed.find((r) => r.key === 'shop/web-2')!.cells.node, 'node-b');
    assert.equal(changed.find((r) => r.key === 'shop/web-1'), first.find((r) => r.key === 'shop/web-1'));
    // The clock moving a row's age text rebuilds that row only.
    const later = podRows(live, {}, NOW + 2000 + 60 * MIN, cache);
    assert.equal(later.find((r) => r.key === 'shop/web-2')!.cells.age, '65m');
    // New and deleted pods change the set: the name order is rebuilt.
    live.pods.set('a/a', pod({ ns: 'a', name: 'a' }));
    live.pods.delete('shop/api-1');
    assert.deepEqual(
      podRows(live, {}, NOW, cache).map((r) => r.key),
      ['a/a', 'a/z', 'a-b/x', 'other/evil\x1b]0;pwn\x07-pod', 'shop/web-1', 'shop/web-2'],
    );
    assert.deepEqual(podRows(live, {}, NOW, cache).map((r) => r.key), podRows(live, {}, NOW).map((r) => r.key));
  });
});

describe('deploymentRows', () => {
  const res = maps({
    deployments: [
      deployment({ ns: 'shop', name: 'web', replicas: 3, ready: 2, updated: 3, available: 2, revision: '7', images: ['nginx:1.25', 'envoy:1'] }),
      deployment({ ns: 'shop', name: 'api', replicas: 2, revision: '1', images: ['api:2'] }),
      deployment({ ns: 'ops', name: 'idle', replicas: 0, ready: 0, updated: 0, available: 0, current: 0 }),
    ],
  });

  it('builds cells like kubectl get deploy -o wide', () => {
    const rows = deploymentRows(res, {}, NOW);
    assert.deepEqual(rows.map((r) => r.key), ['ops/idle', 'shop/api', 'shop/web']);
    assert.deepEqual(rows[2]!.cells, {
      namespace: 'shop',
      name: 'web',
      ready: '2/3',
      uptodate: '3',
      available: '2',
      revision: '7',
      images: 'nginx:1.25,envoy:1',
      age: '120m',
    });
    assert.equal(rows[2]!.health, 'warn');
    assert.equal(rows[1]!.health, 'ok');
    assert.equal(rows[0]!.health, 'done');
    assert.deepEqual(rows[1]!.ref, { kind: 'Deployment', namespace: 'shop', name: 'api' });
  });

  it('scopes by namespace, deployment and image', () => {
    assert.deepEqual(deploymentRows(res, { namespace: 'shop' }, NOW).map((r) => r.key), ['shop/api', 'shop/web']);
    assert.deepEqual(deploymentRows(res, { image: 'envoy:1' }, NOW).map((r) => r.key), ['shop/web']);
    assert.deepEqual(deploymentRows(res, { deployment: { namespace: 'shop', name: 'api' } }, NOW).map((r) => r.key), ['shop/api']);
  });
});

describe('deployment helpers', () => {
  it('revision and images', () => {
    const d = deployment({ name: 'web', revision: '12', images: ['a:1', 'b:2', 'a:1'] });
    assert.equal(deploymentRevision(d), '12');
    assert.deepEqual(deploymentImages(d), ['a:1', 'b:2']);
    assert.equal(deploymentRevision(deployment({ name: 'x' })), '');
  });
  it('health', () => {
    assert.equal(deploymentHealth(deployment({ name: 'a', replicas: 3 })), 'ok');
    assert.equal(deploymentHealth(deployment({ name: 'a', replicas: 3, ready: 0, available: 0 })), 'bad');
    assert.equal(deploymentHealth(deployment({ name: 'a', replicas: 3, updated: 1 })), 'warn');
    assert.equal(deploymentHealth(deployment({ name: 'a', replicas: 3, current: 4 })), 'warn', 'old pods still around');
    assert.equal(
      deploymentHealth(deployment({ name: 'a', replicas: 3, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] })),
      'bad',
    );
    assert.equal(deploymentHealth(deployment({ name: 'a', replicas: 0, ready: 0, updated: 0, available: 0, current: 0 })), 'done');
    assert.equal(deploymentHealth(deployment({ name: 'a', replicas: 0, ready: 0, updated: 0, available: 0, current: 1 })), 'warn');
  });
});

describe('namespaceRows', () => {
  it('counts pods and unhealthy pods per namespace in one pass', () => {
    const res = maps({
      namespaces: [namespace('shop'), namespace('empty'), namespace('old', 'Terminating')],
      pods: [
        pod({ ns: 'shop', name: 'a', conditions: READY }),
        pod({ ns: 'shop', name: 'b', statuses: [waiting('app', 'CrashLoopBackOff')] }),
        pod({ ns: 'shop', name: 'c', phase: 'Pending', statuses: [waiting('app', 'ContainerCreating')] }),
        pod({ ns: 'ghost', name: 'd', conditions: READY }),
      ],
    });
    const rows = namespaceRows(res, NOW);
    assert.deepEqual(rows.map((r) => r.key), ['empty', 'ghost', 'old', 'shop']);
    const shop = rows.find((r) => r.key === 'shop')!;
    assert.deepEqual(shop.cells, { name: 'shop', status: 'Active', age: '10d', pods: '3', unhealthy: '2' });
    assert.equal(shop.health, 'bad');
    assert.deepEqual(shop.ref, { kind: 'Namespace', name: 'shop' });
    const empty = rows.find((r) => r.key === 'empty')!;
    assert.equal(empty.cells.pods, '0');
    assert.equal(empty.health, 'ok');
    assert.equal(rows.find((r) => r.key === 'old')!.health, 'warn');
    const ghost = rows.find((r) => r.key === 'ghost')!;
    assert.deepEqual(ghost.cells, { name: 'ghost', status: '', age: '<unknown>', pods: '1', unhealthy: '0' });
  });
});

describe('imageRows', () => {
  const res = maps({
    pods: [
      pod({ ns: 'shop', name: 'web-7d9f-aaaaa', labels: { 'pod-template-hash': '7d9f' }, owner: { kind: 'ReplicaSet', name: 'web-7d9f' }, containers: [{ name: 'app', image: 'nginx:1.25' }] }),
      pod({ ns: 'shop', name: 'web-7d9f-bbbbb', labels: { 'pod-template-hash': '7d9f' }, owner: { kind: 'ReplicaSet', name: 'web-7d9f' }, containers: [{ name: 'app', image: 'nginx:1.25' }] }),
      pod({ ns: 'shop', name: 'api-55-x', owner: { kind: 'ReplicaSet', name: 'api-55' }, containers: [{ name: 'app', image: 'nginx:1.25' }, { name: 's', image: 'envoy' }] }),
      pod({ ns: 'shop', name: 'db-0', owner: { kind: 'StatefulSet', name: 'db' }, containers: [{ name: 'db', image: 'postgres:latest' }] }),
      pod({ ns: 'ops', name: 'debug', containers: [{ name: 'sh', image: `busybox@sha256:${'c'.repeat(64)}` }], init: [{ name: 'i', image: 'init:1' }] }),
    ],
    replicasets: [replicaset('shop', 'api-55', 'api')],
  });

  it('has one row per distinct image with workloads, pod count and flags', () => {
    const rows = imageRows(res, {});
    assert.deepEqual(rows.map((r) => r.key), [`busybox@sha256:${'c'.repeat(64)}`, 'envoy', 'init:1', 'nginx:1.25', 'postgres:latest']);
    const nginx = rows.find((r) => r.key === 'nginx:1.25')!;
    assert.deepEqual(nginx.cells, { image: 'nginx:1.25', tag: '1.25', workloads: 'shop/api, shop/web', pods: '3', flags: '' });
    assert.equal(nginx.health, 'ok');
    assert.deepEqual(nginx.ref, { kind: 'Image', name: 'nginx:1.25' });
    const envoy = rows.find((r) => r.key === 'envoy')!;
    assert.equal(envoy.cells.flags, 'untagged');
    assert.equal(envoy.cells.tag, '<none>');
    assert.equal(envoy.health, 'warn');
    const pg = rows.find((r) => r.key === 'postgres:latest')!;
    assert.equal(pg.cells.flags, 'latest');
    assert.equal(pg.cells.workloads, 'shop/db');
    const bb = rows[0]!;
    assert.equal(bb.cells.tag, 'sha256:cccccccccccc');
    assert.equal(bb.cells.workloads, 'ops/debug');
    assert.equal(bb.health, 'ok');
  });

  it('respects namespace and image scopes', () => {
    assert.deepEqual(imageRows(res, { namespace: 'ops' }).map((r) => r.key), [`busybox@sha256:${'c'.repeat(64)}`, 'init:1']);
    const only = imageRows(res, { image: 'envoy' });
    assert.deepEqual(only.map((r) => r.key), ['envoy']);
    assert.equal(only[0]!.cells.pods, '1');
  });

  it('podWorkload resolves ReplicaSet -> Deployment, falls back to the hash, then owner, then pod', () => {
    const [web] = [...res.pods.values()];
    assert.equal(podWorkload(web!, res), 'shop/web');
    assert.equal(podWorkload(pod({ ns: 'x', name: 'p', owner: { kind: 'Job', name: 'backup-123' } }), res), 'x/backup-123');
    assert.equal(podWorkload(pod({ ns: 'x', name: 'p' }), res), 'x/p');
    assert.equal(podWorkload(pod({ ns: 'x', name: 'p', owner: { kind: 'ReplicaSet', name: 'orphan' } }), res), 'x/orphan');
  });
});

describe('row building is fast at 10,000 pods', () => {
  it('podRows / namespaceRows / imageRows timings (printed, not asserted)', () => {
    const pods = [];
    for (let i = 0; i < 10_000; i++) {
      pods.push(
        pod({
          ns: `ns-${i % 40}`,
          name: `app-${i % 97}-${i.toString(36)}`,
          labels: { app: `app-${i % 97}` },
          conditions: READY,
          containers: [{ name: 'a', image: `reg.io/app-${i % 97}:v${i % 5}` }],
          statuses: [running('a', { restartCount: i % 3 })],
          created: ago(i * 1000),
        }),
      );
    }
    const res = maps({ pods, deployments: [deployment({ ns: 'ns-1', name: 'app-1', selector: { app: 'app-1' } })] });
    const time = (label: string, f: () => unknown, runs = 10) => {
      const t: number[] = [];
      for (let k = 0; k < runs; k++) {
        const s = performance.now();
        f();
        t.push(performance.now() - s);
      }
      t.sort((a, b) => a - b);
      console.log(`  ${label}: first ${t[t.length - 1]!.toFixed(1)} ms, median ${t[Math.floor(runs / 2)]!.toFixed(1)} ms`);
    };
    time('podRows (all)', () => podRows(res, {}, NOW));
    const cache = createPodRowsCache();
    time('podRows (all, cached, clock ticking)', () => podRows(res, {}, NOW + Math.floor(performance.now()), cache));
    time('podRows (deployment scope)', () => podRows(res, { deployment: { namespace: 'ns-1', name: 'app-1' } }, NOW));
    time('namespaceRows', () => namespaceRows(res, NOW));
    time('imageRows', () => imageRows(res, {}));
    assert.equal(podRows(res, {}, NOW).length, 10_000);
  });
});
