// kdeck's kube source layer against the real apiserver: list+watch, a watch
// that survives an apiserver restart (relisting after 410 Gone), and the
// RBAC-limited user seeing forbidden namespaces as forbidden. What the
// source saw is checked against kubectl, never against kdeck itself.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { etcdUrl, pkiFiles, waitApiserverReady } from '../../scripts/cluster/cluster.js';
import { CONTEXT_ADMIN, CONTEXT_LIMITED, K8S_VERSION } from '../../scripts/cluster/config.js';
import { restartComponent, runningPid, stopComponent } from '../../scripts/cluster/processes.js';
import { resolveKubeconfig } from '../../src/sources/kube/kubeconfig.js';
import { probeCluster } from '../../src/sources/kube/probe.js';
import { startWatches, type SourceSink } from '../../src/sources/kube/watch.js';
import type { ConnectionState, KubeObject, ResourceKind, WatchEvent } from '../../src/model/types.js';
import { eventually, KUBECONFIG, kubectl, requireCluster } from './cluster-env.js';

/** Applies events as a store would, and keeps what a test needs to look at. */
class Recorder implements SourceSink {
  objects = new Map<ResourceKind, Map<string, KubeObject>>();
  resets = new Map<ResourceKind, number>();
  states = new Map<string, { state: ConnectionState; message?: string }>();
  history: string[] = [];

  onEvents(events: WatchEvent[]): void {
    for (const e of events) {
      const m = this.objects.get(e.kind) ?? new Map<string, KubeObject>();
      this.objects.set(e.kind, m);
      if (e.type === 'RESET') {
        m.clear();
        for (const o of e.objects) m.set(key(o), o);
        this.resets.set(e.kind, (this.resets.get(e.kind) ?? 0) + 1);
      } else if (e.type === 'DELETED') m.delete(key(e.object));
      else m.set(key(e.object), e.object);
    }
  }
  onState(source: string, state: ConnectionState, message?: string): void {
    this.states.set(source, { state, message });
    this.history.push(`${source}:${state}`);
  }
  names(kind: ResourceKind): string[] {
    return [...(this.objects.get(kind)?.keys() ?? [])].sort();
  }
}

const key = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

async function kubectlPodKeys(ns?: string): Promise<string[]> {
  const out = await kubectl(['get', 'pods', ...(ns ? ['-n', ns] : ['-A']), '-o', 'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{"\\n"}{end}']);
  return out.trim().split('\n').filter(Boolean).sort();
}

/**
 * Pods come and go (a rollout's old pods finish terminating), and kubectl's
 * list and the watch are two moments; they must agree at some moment soon.
 */
async function agreeWithKubectl(rec: Recorder, ns?: string): Promise<void> {
  let last = { source: [] as string[], kubectl: [] as string[] };
  await eventually('the source agrees with kubectl', async () => {
    last = { source: rec.names('pods'), kubectl: await kubectlPodKeys(ns) };
    return JSON.stringify(last.source) === JSON.stringify(last.kubectl);
  }, 15_000).catch(() => assert.deepEqual(last.source, last.kubectl));
}

async function etcd(path: string, body: object): Promise<{ header: { revision: string } }> {
  const res = await fetch(`${etcdUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`etcd ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { header: { revision: string } };
}

const fast = { backoff: { initialMs: 100, maxMs: 1000 }, slowRetryMs: 500 };

describe('kube source against the real apiserver', () => {
  before(requireCluster);

  test('probeCluster reports the server version for both users', async () => {
    const admin = resolveKubeconfig({ kubeconfig: KUBECONFIG, context: CONTEXT_ADMIN });
    assert.deepEqual(await probeCluster(admin), { version: K8S_VERSION });
    const limited = resolveKubeconfig({ kubeconfig: KUBECONFIG, context: CONTEXT_LIMITED });
    assert.equal(limited.namespace, 'shop');
    assert.equal(limited.authMethod, 'client certificate');
    assert.deepEqual(await probeCluster(limited), { version: K8S_VERSION });
  });

  describe('list+watch as admin', () => {
    const rec = new Recorder();
    let watches: { stop(): void } | undefined;
    after(async () => {
      watches?.stop();
      await kubectl(['scale', 'deployment/cart', '-n', 'shop', '--replicas=2']).catch(() => undefined);
    });

    test('the first list matches kubectl get pods -A', async () => {
      const r = resolveKubeconfig({ kubeconfig: KUBECONFIG, context: CONTEXT_ADMIN });
      watches = startWatches(r, { kinds: ['pods', 'deployments', 'namespaces'], sink: rec, ...fast });
      await eventually('pods live', async () => rec.states.get('pods')?.state === 'live' && rec.resets.get('pods'));
      await agreeWithKubectl(rec);
      assert.ok(rec.names('namespaces').includes('/shop') && rec.names('namespaces').includes('/monitoring'));
      assert.ok(rec.names('deployments').includes('shop/web'));
    });

    test('a scale-up made with kubectl arrives as watch events', async () => {
      await kubectl(['scale', 'deployment/cart', '-n', 'shop', '--replicas=3']);
      const added = await eventually('a third running cart pod', async () => {
        const carts = [...(rec.objects.get('pods')?.values() ?? [])].filter((p) => p.metadata.name.startsWith('cart-'));
        return carts.length === 3 && carts.every((p) => (p as { status?: { phase?: string } }).status?.phase === 'Running') ? carts : undefined;
      });
      assert.equal(added.length, 3);
      assert.equal(rec.resets.get('pods'), 1, 'no relist was needed');
      await agreeWithKubectl(rec);
    });

    test('the watch survives an apiserver restart, relisting after 410 Gone', async () => {
      const resetsBefore = rec.resets.get('pods')!;
      await stopComponent('kube-apiserver');
      assert.equal(runningPid('kube-apiserver'), undefined);
      await eventually('pods watch reconnecting', async () => rec.states.get('pods')?.state === 'reconnecting', 20_000);

      // Move etcd on and compact it, so every resourceVersion the client holds
      // is history: the restarted apiserver must answer its watch with 410.
      await etcd('/v3/kv/put', { key: Buffer.from('/kdeck-e2e/bump').toString('base64'), value: Buffer.from(String(Date.now())).toString('base64') });
      const { header } = await etcd('/v3/kv/range', { key: Buffer.from('/kdeck-e2e/bump').toString('base64') });
      await etcd('/v3/kv/compaction', { revision: header.revision, physical: true });

      restartComponent('kube-apiserver');
      await waitApiserverReady(pkiFiles());
      await eventually('pods relisted and live', async () => (rec.resets.get('pods') ?? 0) > resetsBefore && rec.states.get('pods')?.state === 'live', 30_000);
      assert.ok(rec.history.includes('pods:reconnecting'));

      // And it keeps watching: a change after the restart still arrives.
      await kubectl(['scale', 'deployment/cart', '-n', 'shop', '--replicas=2']);
      await eventually('cart back to two pods', async () => rec.names('pods').filter((n) => n.startsWith('shop/cart-')).length === 2, 30_000);
      await agreeWithKubectl(rec);
    });
  });

  test('the apiserver answers a watch from a compacted resourceVersion with 410 Expired', async () => {
    const out = await kubectl(['get', '--raw', '/api/v1/namespaces/shop/pods?watch=1&resourceVersion=1&timeoutSeconds=2']);
    const ev = JSON.parse(out.trim().split('\n')[0]!) as { type: string; object: { code?: number; reason?: string } };
    assert.equal(ev.type, 'ERROR');
    assert.equal(ev.object.code, 410);
    assert.equal(ev.object.reason, 'Expired');
  });

  describe('the RBAC-limited user', () => {
    const r = () => resolveKubeconfig({ kubeconfig: KUBECONFIG, context: CONTEXT_LIMITED });

    test('all namespaces: pods are forbidden, and said so', async () => {
      const rec = new Recorder();
      const w = startWatches(r(), { kinds: ['pods'], sink: rec, ...fast });
      try {
        const st = await eventually('pods forbidden', async () => (rec.states.get('pods')?.state === 'forbidden' ? rec.states.get('pods') : undefined));
        assert.match(st!.message ?? '', /forbidden/i);
        assert.match(st!.message ?? '', /kdeck-limited/);
        assert.equal(rec.names('pods').length, 0);
      } finally {
        w.stop();
      }
    });

    test('namespace shop: live, and the same pods kubectl lists there', async () => {
      const rec = new Recorder();
      const w = startWatches(r(), { namespace: 'shop', kinds: ['pods', 'deployments', 'namespaces'], sink: rec, ...fast });
      try {
        await eventually('shop pods live', async () => rec.states.get('pods')?.state === 'live' && rec.resets.get('pods'));
        await agreeWithKubectl(rec, 'shop');
        await eventually('deployments live', async () => rec.states.get('deployments')?.state === 'live');
        assert.ok(rec.names('deployments').includes('shop/web'));
        // It may not read Namespace objects, yet the namespace still shows.
        await eventually('namespaces live', async () => rec.states.get('namespaces')?.state === 'live');
        assert.deepEqual(rec.names('namespaces'), ['/shop']);
      } finally {
        w.stop();
      }
    });

    test('namespace platform: forbidden, as kubectl says too', async () => {
      const rec = new Recorder();
      const w = startWatches(r(), { namespace: 'platform', kinds: ['pods'], sink: rec, ...fast });
      try {
        await eventually('platform pods forbidden', async () => rec.states.get('pods')?.state === 'forbidden');
      } finally {
        w.stop();
      }
      await assert.rejects(kubectl(['get', 'pods', '-n', 'platform'], { context: CONTEXT_LIMITED }), /forbidden/i);
    });
  });
});
