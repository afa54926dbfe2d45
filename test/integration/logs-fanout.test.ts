// The stern-style fan-out against the demo cluster with a real session (store
// kept live by the watches): every pod behind a deployment streams, pods join
// and leave as it scales, a crash loop reconnects without losing or repeating
// lines, and hostile bytes are delivered as they came.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startDemoCluster, type DemoCluster } from '../../src/sources/demo/index.js';
import { resolveKubeconfig, type ResolvedKubeconfig } from '../../src/sources/kube/kubeconfig.js';
import { createKdeckStore } from '../../src/store/store.js';
import { createSession, summarize, type Session } from '../../src/commands/session.js';
import { startFanout, type Fanout, type FanoutSink, type LogTarget } from '../../src/commands/log-fanout.js';
import type { Pod } from '../../src/model/types.js';
import { api, eventually } from './demo-helpers.js';

interface Entry {
  source: string;
  kind: 'line' | 'marker';
  text: string;
}

function recorder(): FanoutSink & { entries: Entry[]; calls: number; lineCount: (source?: string) => number; linesOf: (source: string) => string[]; markers: (re: RegExp) => Entry[] } {
  const entries: Entry[] = [];
  const r = {
    entries,
    calls: 0,
    lines(source: string, raw: string[]) {
      r.calls++;
      for (const text of raw) entries.push({ source, kind: 'line', text });
    },
    marker(source: string, text: string) {
      entries.push({ source, kind: 'marker', text });
    },
    lineCount: (source?: string) => entries.filter((e) => e.kind === 'line' && (!source || e.source === source)).length,
    linesOf: (source: string) => entries.filter((e) => e.kind === 'line' && e.source === source).map((e) => e.text),
    markers: (re: RegExp) => entries.filter((e) => e.kind === 'marker' && re.test(e.text)),
  };
  return r;
}

const TS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /;

describe('log fan-out', () => {
  let cluster: DemoCluster;
  let dir: string;
  let session: Session;
  let resolved: ResolvedKubeconfig;
  const running: Fanout[] = [];
  const fanout = (target: LogTarget, sink: FanoutSink, extra: { previous?: boolean; tailLines?: number } = {}) => {
    const f = startFanout(session, { target, previous: extra.previous ?? false, tailLines: extra.tailLines ?? 200, sink });
    running.push(f);
    return f;
  };
  const webPods = () =>
    [...session.store.getState().resources.pods.values()].filter((p) => p.metadata.namespace === 'shop' && p.metadata.labels?.app === 'web' && !p.metadata.deletionTimestamp);
  const web: LogTarget = { kind: 'selector', namespace: 'shop', selector: 'app=web', title: 'deployment shop/web' };

  before(async () => {
    cluster = await startDemoCluster({ port: 0, speed: 10 });
    dir = mkdtempSync(join(tmpdir(), 'kdeck-fanout-'));
    writeFileSync(join(dir, 'kubeconfig'), cluster.kubeconfigYaml());
    resolved = resolveKubeconfig({ kubeconfig: join(dir, 'kubeconfig'), env: {} });
    const { context, contexts } = summarize(resolved);
    const store = createKdeckStore({ context, contexts, namespace: undefined, readonly: false, initialView: 'pods', now: Date.now() });
    session = createSession({ store, resolved, namespace: undefined, frameMs: 10, onQuit: () => undefined });
    session.start();
    await eventually('pods listed', async () => store.getState().synced.pods);
  });
  after(async () => {
    for (const f of running) f.stop();
    session.stop();
    await cluster.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("streams every container of every pod behind web, joins a new pod on scale-up and lets pods leave on scale-down", async () => {
    const sink = recorder();
    const f = fanout(web, sink, { tailLines: 5 });
    const initial = webPods().map((p) => `${p.metadata.name}/web`).sort();
    assert.equal(initial.length, 3);
    assert.deepEqual(f.sources(), initial);
    await eventually('lines from all three pods', async () => initial.every((s) => sink.lineCount(s) >= 8));
    assert.equal(sink.markers(/joined/).length, 0, 'the pods there at the start are not announced');
    for (const e of sink.entries) if (e.kind === 'line') assert.match(e.text, TS);
    assert.ok(sink.calls < sink.lineCount(), 'lines arrive in batches');

    await session.actions().scale('shop', 'web', 4);
    const added = await eventually('a fourth source', async () => f.sources().find((s) => !initial.includes(s)));
    await eventually('the new pod streams (after ContainerCreating)', async () => sink.lineCount(added) >= 3, 15_000);
    assert.equal(sink.markers(/^joined$/).filter((e) => e.source === added).length, 1);
    const firstOfNew = sink.entries.findIndex((e) => e.source === added);
    assert.equal(sink.entries[firstOfNew]!.text, 'joined', 'the join marker comes before its lines');

    await session.actions().scale('shop', 'web', 2);
    await eventually('two sources left', async () => f.sources().length === 2, 15_000);
    const left = sink.markers(/^left \(/);
    assert.equal(left.length, 2, JSON.stringify(left));
    assert.ok(left.every((e) => e.text === 'left (pod deleted)'));
    const gone = left.map((e) => e.source);
    // Nothing from a pod after it left.
    for (const g of gone) {
      const at = sink.entries.findIndex((e) => e.source === g && e.kind === 'marker' && e.text.startsWith('left'));
      assert.ok(sink.entries.slice(at + 1).every((e) => e.source !== g));
    }
    f.stop();
    const n = sink.entries.length;
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(sink.entries.length, n, 'nothing after stop()');
    assert.deepEqual(f.sources(), []);
  });

  it('delivers every line of a pod exactly once: the received lines match what the server has for that window', async () => {
    const sink = recorder();
    const pod = [...session.store.getState().resources.pods.values()].find((p) => p.metadata.labels?.app === 'checkout')!;
    const name = pod.metadata.name;
    const f = fanout({ kind: 'pod', namespace: 'shop', pod: name }, sink, { tailLines: 20 });
    await eventually('60 lines', async () => sink.lineCount() >= 60, 10_000);
    f.stop();
    const got = sink.linesOf(`${name}/checkout`);
    const all = (await api(cluster, 'GET', `/api/v1/namespaces/shop/pods/${name}/log?timestamps=true&tailLines=2000`)).text.trimEnd().split('\n');
    const start = all.indexOf(got[0]!);
    assert.ok(start >= 0);
    assert.deepEqual(got, all.slice(start, start + got.length));
    assert.equal(all.length - start >= got.length, true);
    assert.equal(got.length, new Set(got).size);
  });

  it('follows the payments crash loop across a restart: a marker, then the new container, nothing lost or repeated', async () => {
    const sink = recorder();
    const pod = [...session.store.getState().resources.pods.values()].find((p) => p.metadata.labels?.app === 'payments')!;
    const name = pod.metadata.name;
    const source = `${name}/payments`;
    const f = fanout({ kind: 'pod', namespace: 'shop', pod: name }, sink, { tailLines: 200 });
    // Seeded pods sit in CrashLoopBackOff for up to ~16 s (speed 10) before the next start.
    await eventually(
      'a restart, the new container crashing, and a reconnect onto the dead container',
      async () => {
        const at = sink.entries.findIndex((e) => e.kind === 'marker' && e.text === 'container restarted, reconnecting');
        if (at < 0) return false;
        const rest = sink.entries.slice(at + 1);
        const panic = rest.findIndex((e) => e.kind === 'line' && e.text.includes('panic:'));
        return panic >= 0 && rest.slice(panic).some((e) => e.kind === 'marker' && /^container exited \(CrashLoopBackOff\)/.test(e.text));
      },
      40_000,
    );
    // The reconnects onto the dead container (1 s, then 2 s) re-read its last lines from sinceTime.
    await new Promise((r) => setTimeout(r, 3500));
    f.stop();
    const got = sink.linesOf(source);
    assert.equal(new Set(got).size, got.length, 'no line delivered twice');
    // The last finished container (one we followed live) is all there, once.
    const prev = (await api(cluster, 'GET', `/api/v1/namespaces/shop/pods/${name}/log?previous=true&timestamps=true`)).text.trimEnd().split('\n');
    for (const l of prev) assert.equal(got.filter((g) => g === l).length, 1, `once: ${l}`);
    const markers = sink.entries.filter((e) => e.kind === 'marker');
    assert.ok(markers.length <= 4, `few markers, not one per retry: ${JSON.stringify(markers)}`);
    assert.equal(markers.filter((e) => /^container exited/.test(e.text)).length <= 2, true);
  });

  it('says why a container cannot stream yet, once, without spinning', async () => {
    const sink = recorder();
    const pod = [...session.store.getState().resources.pods.values()].find((p) => p.metadata.labels?.app === 'search')!;
    const f = fanout({ kind: 'selector', namespace: 'shop', selector: 'app=search', title: 'search' }, sink);
    await eventually('a waiting marker', async () => sink.markers(/waiting/).length > 0);
    await new Promise((r) => setTimeout(r, 1500));
    f.stop();
    const waiting = sink.markers(/waiting/);
    assert.equal(waiting.length, 1);
    assert.equal(waiting[0]!.source, `${pod.metadata.name}/search`);
    assert.match(waiting[0]!.text, /^waiting to start: trying and failing to pull image — will retry$/);
    assert.equal(sink.lineCount(), 0);
  });

  it('previous: the last container of each pod once, and a marker where there is none', async () => {
    const pay = recorder();
    const f1 = fanout({ kind: 'selector', namespace: 'shop', selector: 'app=payments', title: 'payments' }, pay, { previous: true });
    await eventually('panic lines from both payments pods', async () => f1.sources().every((s) => pay.linesOf(s).some((l) => l.includes('panic:'))) && f1.sources().length === 2);
    const hello = recorder();
    fanout({ kind: 'selector', namespace: 'default', selector: 'app=hello', title: 'hello' }, hello, { previous: true });
    await eventually('no-previous markers', async () => hello.markers(/^no previous container$/).length === 2);
    assert.equal(hello.lineCount(), 0);
  });

  it("delivers the mischief image's escape sequences and control characters untouched", async () => {
    const created = await api(cluster, 'POST', '/apis/apps/v1/namespaces/shop/deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'mischief', namespace: 'shop' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'mischief' } },
        template: { metadata: { labels: { app: 'mischief' } }, spec: { containers: [{ name: 'prank', image: 'demo/mischief:1' }] } },
      },
    });
    assert.equal(created.status, 201, created.text);
    const sink = recorder();
    fanout({ kind: 'selector', namespace: 'shop', selector: 'app=mischief', title: 'mischief' }, sink);
    await eventually('the pod joins and logs a round of mischief', async () => sink.lineCount() >= 14, 20_000);
    const text = sink.entries.filter((e) => e.kind === 'line').map((e) => e.text);
    for (const bad of ['\x1b]0;pwned\x07', '\x1b[2J', '\x1b[31mred\x1b[0m', '%\rprogress', '\x9b2J']) {
      assert.ok(text.some((l) => l.includes(bad)), `a raw line with ${JSON.stringify(bad)}`);
    }
    assert.ok(text.some((l) => !l.includes('mischief')), 'mixed with normal lines');
    assert.deepEqual(sink.entries.filter((e) => e.kind === 'marker').map((e) => e.text).filter((t) => !t.startsWith('waiting') && t !== 'joined'), []);
  });
});
