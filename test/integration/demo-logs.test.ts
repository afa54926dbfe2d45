// Pod logs from the demo cluster through client-node's Log helper and raw
// requests: tailLines, follow, previous, timestamps and the kubelet's errors.

import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { CoreV1Api, Log } from '@kubernetes/client-node';
import { startDemoCluster, type DemoCluster } from '../../src/sources/demo/index.js';
import { adminToken, api, eventually, kubeConfig } from './demo-helpers.js';

describe('demo cluster: logs', () => {
  let cluster: DemoCluster;
  let core: CoreV1Api;
  const podName = async (ns: string, app: string) => (await core.listNamespacedPod({ namespace: ns, labelSelector: `app=${app}` })).items[0]!.metadata!.name!;
  before(async () => {
    cluster = await startDemoCluster({ port: 0, speed: 10 });
    core = kubeConfig(cluster).makeApiClient(CoreV1Api);
  });
  after(async () => {
    await cluster.close();
  });

  it('returns exactly tailLines lines, unchanged on a later read', async () => {
    const name = await podName('shop', 'web');
    const text = await core.readNamespacedPodLog({ name, namespace: 'shop', tailLines: 5 });
    const lines = text.trimEnd().split('\n');
    assert.equal(lines.length, 5);
    assert.ok(lines.some((l) => l.startsWith('{') || / "(GET|POST|PUT|DELETE) /.test(l)));
    // Lines are generated deterministically: a later, longer read still holds them unchanged.
    const again = await core.readNamespacedPodLog({ name, namespace: 'shop', tailLines: 200 });
    assert.ok(again.includes(lines.join('\n')));
  });

  it('prefixes RFC 3339 nano timestamps with timestamps=true', async () => {
    const name = await podName('default', 'hello');
    const r = await api(cluster, 'GET', `/api/v1/namespaces/default/pods/${name}/log?tailLines=2&timestamps=true`);
    const lines = r.text.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    for (const l of lines) assert.match(l, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /);
  });

  it('follows a log through client-node; the stream ends when the pod is deleted', async () => {
    const name = await podName('default', 'hello');
    const out = new PassThrough();
    let text = '';
    let ended = false;
    out.on('data', (c: Buffer) => (text += c.toString()));
    out.on('end', () => (ended = true));
    // Ending from the server side: aborting client-node's Log leaves an unhandled
    // AbortError on its internal stream (a client-node quirk kdeck must guard against).
    await new Log(kubeConfig(cluster)).log('default', name, 'hello', out, { follow: true, tailLines: 1 });
    await eventually('at least 4 streamed lines', async () => text.split('\n').filter(Boolean).length >= 4, 8000);
    assert.equal(ended, false, 'still following');
    cluster.deleteObject('pods', 'default', name);
    await eventually('the follow to end', async () => ended, 5000);
  });

  it('follows with a raw request and stops on abort', async () => {
    const name = await podName('shop', 'web');
    const ctl = new AbortController();
    const res = await fetch(`${cluster.url}/api/v1/namespaces/shop/pods/${name}/log?follow=true&tailLines=0`, {
      headers: { authorization: `Bearer ${adminToken(cluster)}` },
      signal: ctl.signal,
    });
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    let text = '';
    while (text.split('\n').filter(Boolean).length < 3) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString();
    }
    ctl.abort();
    await reader.cancel().catch(() => {});
    assert.ok(text.split('\n').filter(Boolean).length >= 3, 'new lines arrive while following');
  });

  it('shows the previous crashed container of payments, ending in a panic', async () => {
    const name = await podName('shop', 'payments');
    const prev = await core.readNamespacedPodLog({ name, namespace: 'shop', previous: true });
    assert.match(prev, /starting payments/);
    assert.match(prev, /panic: runtime error/);
  });

  it('answers 400 for previous when there is none, with the kubelet text', async () => {
    const name = await podName('shop', 'web');
    const r = await api(cluster, 'GET', `/api/v1/namespaces/shop/pods/${name}/log?previous=true`);
    assert.equal(r.status, 400);
    assert.equal(r.json.message, `previous terminated container "web" in pod "${name}" not found`);
  });

  it('requires a container name for a pod with two containers', async () => {
    const name = await podName('platform', 'api');
    const r = await api(cluster, 'GET', `/api/v1/namespaces/platform/pods/${name}/log`);
    assert.equal(r.status, 400);
    assert.equal(r.json.message, `a container name must be specified for pod ${name}, choose one of: [api envoy]`);
    const ok = await api(cluster, 'GET', `/api/v1/namespaces/platform/pods/${name}/log?container=envoy&tailLines=1`);
    assert.equal(ok.status, 200);
  });

  it('answers 400 "waiting to start" for a container that is still being created', async () => {
    const deployBefore = (await core.listNamespacedPod({ namespace: 'monitoring', labelSelector: 'app=grafana' })).items.map((p) => p.metadata!.name!);
    cluster.deleteObject('pods', 'monitoring', deployBefore[0]!);
    const fresh = await eventually('a new grafana pod', async () =>
      (await core.listNamespacedPod({ namespace: 'monitoring', labelSelector: 'app=grafana' })).items.find((p) => !deployBefore.includes(p.metadata!.name!)),
    );
    const r = await api(cluster, 'GET', `/api/v1/namespaces/monitoring/pods/${fresh.metadata!.name}/log`);
    assert.equal(r.status, 400);
    assert.equal(r.json.message, `container "grafana" in pod "${fresh.metadata!.name}" is waiting to start: ContainerCreating`);
  });
});
