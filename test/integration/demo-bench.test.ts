// The demo cluster with 10,000 extra pods: starts fast and lists them all.
// Times are printed, not asserted, so a slow machine does not fail the suite.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CoreV1Api } from '@kubernetes/client-node';
import { startDemoCluster, type DemoCluster } from '../../src/sources/demo/index.js';
import { api, kubeConfig } from './demo-helpers.js';

describe('demo cluster: 10,000 pods', () => {
  let cluster: DemoCluster;
  let startMs = 0;
  before(async () => {
    const t0 = performance.now();
    cluster = await startDemoCluster({ port: 0, extraPods: 10_000 });
    startMs = performance.now() - t0;
    console.log(`# startup with 10,000 extra pods: ${startMs.toFixed(0)} ms, heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
  });
  after(async () => {
    await cluster.close();
  });

  it('lists every pod over HTTP and through client-node', async () => {
    let t0 = performance.now();
    const raw = await api(cluster, 'GET', '/api/v1/pods');
    console.log(`# raw list of ${raw.json.items.length} pods: ${(performance.now() - t0).toFixed(0)} ms, ${(raw.text.length / 1e6).toFixed(1)} MB`);
    assert.ok(raw.json.items.length >= 10_000);
    t0 = performance.now();
    const core = kubeConfig(cluster).makeApiClient(CoreV1Api);
    const bench = await core.listNamespacedPod({ namespace: 'bench' });
    console.log(`# client-node list of namespace bench: ${(performance.now() - t0).toFixed(0)} ms`);
    assert.equal(bench.items.length, 10_000);
    assert.ok(bench.items.every((p) => p.status?.phase === 'Running'));
    const deploys = await api(cluster, 'GET', '/apis/apps/v1/namespaces/bench/deployments');
    assert.equal(deploys.json.items.length, 100);
    assert.equal(deploys.json.items[0].status.readyReplicas, 100);
  });
});
