// The kube source against the demo cluster, through the same code a real cluster uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { startDemoCluster } from '../../src/sources/demo/index.js';
import { resolveKubeconfig, withContext, type ResolvedKubeconfig } from '../../src/sources/kube/kubeconfig.js';
import { startWatches } from '../../src/sources/kube/watch.js';
import { probeCluster } from '../../src/sources/kube/probe.js';
import { objectKey, type ConnectionState, type Deployment, type KubeObject, type ResourceKind, type WatchEvent } from '../../src/model/types.js';

type Demo = Awaited<ReturnType<typeof startDemoCluster>>;

function kubeconfigOf(demo: Demo, context?: string, edit?: (doc: KcDoc) => void): ResolvedKubeconfig {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kdeck-demo-kc-'));
  const file = path.join(dir, 'config');
  const doc = parseYaml(demo.kubeconfigYaml()) as KcDoc;
  edit?.(doc);
  fs.writeFileSync(file, toYaml(doc));
  return resolveKubeconfig({ kubeconfig: file, context, env: {} });
}

interface KcDoc {
  users: { name: string; user: Record<string, unknown> }[];
  contexts: { name: string; context: { user: string } }[];
}

/** Applies events the way the store does, so tests can look at the resulting state. */
function mirror() {
  const maps = new Map<ResourceKind, Map<string, KubeObject>>();
  const states = new Map<string, { state: ConnectionState; message?: string }[]>();
  const resets: { kind: ResourceKind; objects: KubeObject[] }[] = [];
  const events: WatchEvent[] = [];
  let waiters: (() => void)[] = [];
  const poke = () => {
    const w = waiters;
    waiters = [];
    w.forEach((f) => f());
  };
  const map = (k: ResourceKind) => {
    let m = maps.get(k);
    if (!m) maps.set(k, (m = new Map()));
    return m;
  };
  return {
    maps: map,
    states,
    resets,
    events,
    stateSeq: (source: string) => (states.get(source) ?? []).map((s) => s.state),
    sink: {
      onEvents(batch: WatchEvent[]) {
        for (const e of batch) {
          events.push(e);
          if (e.type === 'RESET') {
            resets.push({ kind: e.kind, objects: e.objects });
            const m = map(e.kind);
            m.clear();
            for (const o of e.objects) m.set(objectKey(o), o);
          } else if (e.type === 'DELETED') map(e.kind).delete(objectKey(e.object));
          else map(e.kind).set(objectKey(e.object), e.object);
        }
        poke();
      },
      onState(source: string, state: ConnectionState, message?: string) {
        let list = states.get(source);
        if (!list) states.set(source, (list = []));
        list.push({ state, message });
        poke();
      },
    },
    async until(cond: () => boolean, what: string, ms = 8000) {
      const deadline = Date.now() + ms;
      while (!cond()) {
        if (Date.now() > deadline) {
          assert.fail(`timed out waiting for ${what}; states=${JSON.stringify(Object.fromEntries(states))}`);
        }
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50).unref();
        });
      }
    },
  };
}

function handleCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

test('admin context: RESET of each kind, then live events when an image changes; stop() leaves no sockets or timers', async () => {
  const before = handleCounts();
  const demo = await startDemoCluster({ port: 0, speed: 10 });
  const m = mirror();
  const r = kubeconfigOf(demo, 'kdeck-demo');
  const w = startWatches(r, { sink: m.sink, backoff: { initialMs: 50, maxMs: 500 } });
  try {
    for (const k of ['namespaces', 'pods', 'deployments', 'replicasets', 'events', 'nodes'] as const) {
      await m.until(() => m.stateSeq(k).at(-1) === 'live', `${k} live`);
    }
    assert.ok(m.maps('namespaces').size > 1, 'namespaces listed');
    assert.ok(m.maps('pods').size > 0, 'pods listed');
    const deployments = [...m.maps('deployments').values()] as Deployment[];
    const d = deployments.find((x) => x.metadata.namespace === 'shop') ?? deployments[0]!;
    assert.equal(d.kind, 'Deployment');
    assert.equal(d.apiVersion, 'apps/v1');
    assert.equal(typeof d.metadata.creationTimestamp, 'string', 'timestamps stay strings');
    const ns = d.metadata.namespace!;
    const container = d.spec!.template!.spec!.containers[0]!.name;
    const rsBefore = m.maps('replicasets').size;
    const resetsBefore = m.resets.length;

    demo.setImage(ns, d.metadata.name, container, 'registry.example/kdeck-test:9.9.9');

    await m.until(() => {
      const cur = m.maps('deployments').get(`${ns}/${d.metadata.name}`) as Deployment | undefined;
      return cur?.spec?.template?.spec?.containers[0]?.image === 'registry.example/kdeck-test:9.9.9';
    }, 'the deployment MODIFIED event');
    await m.until(() => m.maps('replicasets').size > rsBefore, 'a new ReplicaSet for the new template');
    await m.until(
      () => [...m.maps('pods').values()].some((p) => (p as { spec?: { containers: { image?: string }[] } }).spec?.containers.some((c) => c.image === 'registry.example/kdeck-test:9.9.9')),
      'a pod with the new image',
    );
    assert.equal(m.resets.length, resetsBefore, 'changes arrive as events, not relists');
    assert.ok(m.events.some((e) => e.type === 'ADDED' && e.kind === 'replicasets'));
    // With the demo still up, stop() alone must close every connection
    // (including idle keep-alive ones) on both ends.
    w.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(handleCounts().TCPSocketWrap ?? 0, before.TCPSocketWrap ?? 0, 'sockets left open after stop()');
  } finally {
    w.stop();
    await demo.close();
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
  const after = handleCounts();
  for (const kind of ['TCPSocketWrap', 'TCPServerWrap', 'Timeout']) {
    assert.ok((after[kind] ?? 0) <= (before[kind] ?? 0), `${kind} left open: before ${before[kind] ?? 0}, after ${after[kind] ?? 0}`);
  }
});

test('410 Gone after compaction leads to a relist with no duplicate keys', async () => {
  // Compaction does not end open watches (nor does it on a real apiserver);
  // the next watch from an older resourceVersion gets 410. Watches here last
  // 1 s, and at speed 4 the first bookmark (which would carry a fresh
  // resourceVersion) comes only after 2.5 s, so the resumed watch is too old.
  const demo = await startDemoCluster({ port: 0, speed: 4 });
  const m = mirror();
  const r = kubeconfigOf(demo, 'kdeck-demo');
  const w = startWatches(r, { kinds: ['pods'], sink: m.sink, backoff: { initialMs: 20, maxMs: 200 }, watchTimeoutSeconds: { min: 1, max: 1 } });
  try {
    await m.until(() => m.resets.length === 1, 'first list');
    const firstKeys = m.resets[0]!.objects.map(objectKey);
    assert.equal(new Set(firstKeys).size, firstKeys.length);
    // a change of another kind moves the history floor past the pods' last resourceVersion
    demo.upsertRaw('namespaces', { metadata: { name: 'kdeck-test-bump' } });
    demo.compactHistory();
    await m.until(() => m.resets.length >= 2, 'relist after 410');
    const keys = m.resets.at(-1)!.objects.map(objectKey);
    assert.equal(new Set(keys).size, keys.length, 'no duplicate keys in the relist');
    assert.ok(keys.length > 0);
    assert.equal(m.stateSeq('pods').at(-1), 'live');
    assert.ok(!m.stateSeq('pods').includes('error'));
    // the mirrored state after relist is exactly the relisted objects (plus any live changes since)
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(m.resets.length, 2, 'one relist, not a loop');
  } finally {
    w.stop();
    await demo.close();
  }
});

/** A TCP relay in front of the demo, so the connection can be cut and restored on the same port (the demo's tokens survive). */
async function relay(target: number) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(target, '127.0.0.1');
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  const cut = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server!.close(() => resolve());
    });
  await listen();
  return { url: () => `http://127.0.0.1:${port}`, cut, restore: listen };
}

test('the connection drops and the server is unreachable for a while: reconnecting, then live again without a relist', async () => {
  const demo = await startDemoCluster({ port: 0, speed: 10 });
  const proxy = await relay(demo.port);
  const m = mirror();
  const r = kubeconfigOf(demo, 'kdeck-demo', (doc) => {
    (doc as unknown as { clusters: { cluster: { server: string } }[] }).clusters[0]!.cluster.server = proxy.url();
  });
  const w = startWatches(r, { kinds: ['deployments'], sink: m.sink, backoff: { initialMs: 20, maxMs: 200 } });
  try {
    await m.until(() => m.stateSeq('deployments').at(-1) === 'live', 'live');
    await proxy.cut();
    await m.until(() => m.stateSeq('deployments').at(-1) === 'reconnecting', 'reconnecting');
    const msg = m.states.get('deployments')!.at(-1)!.message ?? '';
    assert.ok(msg.length > 0 && !msg.includes('\n'), `one-line reason: ${msg}`);
    // a change while disconnected must arrive once the watch resumes
    const d = [...m.maps('deployments').values()][0] as Deployment;
    const container = d.spec!.template!.spec!.containers[0]!.name;
    demo.setImage(d.metadata.namespace!, d.metadata.name, container, 'registry.example/while-away:1');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await proxy.restore();
    await m.until(() => m.stateSeq('deployments').at(-1) === 'live', 'live again');
    await m.until(
      () => (m.maps('deployments').get(objectKey(d)) as Deployment | undefined)?.spec?.template?.spec?.containers[0]?.image === 'registry.example/while-away:1',
      'the change made while disconnected',
    );
    assert.equal(m.resets.length, 1, 'resumed from the last resourceVersion, no relist');
  } finally {
    w.stop();
    await proxy.cut();
    await demo.close();
  }
});

test('limited context: cluster-wide pods are forbidden; namespace "shop" is live', async () => {
  const demo = await startDemoCluster({ port: 0, speed: 10 });
  const r = kubeconfigOf(demo, 'kdeck-demo-limited');
  const wide = mirror();
  const scoped = mirror();
  const w1 = startWatches(r, { kinds: ['pods'], sink: wide.sink, slowRetryMs: 60_000 });
  const w2 = startWatches(r, { namespace: 'shop', kinds: ['pods', 'namespaces'], sink: scoped.sink });
  try {
    await wide.until(() => wide.stateSeq('pods').at(-1) === 'forbidden', 'forbidden');
    const msg = wide.states.get('pods')!.at(-1)!.message ?? '';
    assert.match(msg, /forbidden/i);
    assert.ok(!msg.includes('\n'));
    assert.equal(wide.resets.length, 0);
    await scoped.until(() => scoped.stateSeq('pods').at(-1) === 'live' && scoped.stateSeq('namespaces').at(-1) === 'live', 'shop live');
    const pods = [...scoped.maps('pods').values()];
    assert.ok(pods.length > 0 && pods.every((p) => p.metadata.namespace === 'shop'));
    assert.deepEqual([...scoped.maps('namespaces').keys()], ['shop']);
  } finally {
    w1.stop();
    w2.stop();
    await demo.close();
  }
});

test('probe: succeeds on the demo, "cannot reach" on a closed port, names context and auth on a bad token', async () => {
  const demo = await startDemoCluster({ port: 0, speed: 10 });
  const r = kubeconfigOf(demo, 'kdeck-demo');
  try {
    const { version } = await probeCluster(r);
    assert.match(version, /^v\d+\.\d+/);
    const limited = withContext(r, 'kdeck-demo-limited');
    assert.match((await probeCluster(limited)).version, /^v\d/);

    const bad = kubeconfigOf(demo, 'kdeck-demo', (doc) => {
      const userName = doc.contexts.find((c) => c.name === 'kdeck-demo')!.context.user;
      doc.users.find((u) => u.name === userName)!.user = { token: 'not-a-valid-token' };
    });
    await assert.rejects(probeCluster(bad), (err: Error) => {
      assert.match(err.message, new RegExp(`^credentials rejected by ${demo.url.replace(/\/$/, '')}(/t/\\S+)? \\(context "kdeck-demo", auth: token\\): `));
      assert.ok(!err.message.includes('\n'));
      return true;
    });
  } finally {
    await demo.close();
  }
  const started = Date.now();
  await assert.rejects(probeCluster(r), (err: Error) => {
    assert.match(err.message, /^cannot reach http:\/\/127\.0\.0\.1:\d+(\/t\/\S+)? \(context "kdeck-demo"\): connect ECONNREFUSED/);
    return true;
  });
  assert.ok(Date.now() - started < 2000, 'fails fast');
});

test('an exec credential plugin script is run and its token used against the demo cluster', async () => {
  const demo = await startDemoCluster({ port: 0, speed: 10 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kdeck-exec-'));
  try {
    const plain = parseYaml(demo.kubeconfigYaml()) as KcDoc;
    const userName = plain.contexts.find((c) => c.name === 'kdeck-demo')!.context.user;
    const token = plain.users.find((u) => u.name === userName)!.user.token as string;
    assert.ok(token, 'the demo admin user has a token');
    const marker = path.join(dir, 'ran');
    const script = path.join(dir, 'demo-token');
    fs.writeFileSync(
      script,
      `#!/bin/sh\ntouch '${marker}'\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${token}"}}'\n`,
      { mode: 0o755 },
    );
    const r = kubeconfigOf(demo, 'kdeck-demo', (doc) => {
      doc.users.find((u) => u.name === userName)!.user = {
        exec: { apiVersion: 'client.authentication.k8s.io/v1', command: script, interactiveMode: 'Never' },
      };
    });
    assert.equal(r.authMethod, 'exec plugin (demo-token)');
    await probeCluster(r);
    assert.ok(fs.existsSync(marker), 'the plugin ran');
    const m = mirror();
    const w = startWatches(r, { kinds: ['deployments'], sink: m.sink });
    try {
      await m.until(() => m.stateSeq('deployments').at(-1) === 'live', 'live with exec credentials');
      assert.ok(m.maps('deployments').size > 0);
    } finally {
      w.stop();
    }
  } finally {
    await demo.close();
  }
});
