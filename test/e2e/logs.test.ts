// Log streams against the real apiserver, with kwok serving the kubelet's log
// endpoint: a followed pod keeps delivering, and the fan-out over a
// deployment's pods (membership from a real watch) hears from every pod.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTEXT_ADMIN } from '../../scripts/cluster/config.js';
import { resolveKubeconfig, type ResolvedKubeconfig } from '../../src/sources/kube/kubeconfig.js';
import { KubeTransport } from '../../src/sources/kube/transport.js';
import { streamLogs } from '../../src/sources/kube/logs.js';
import { createKdeckStore } from '../../src/store/store.js';
import { createSession, summarize, type Session } from '../../src/commands/session.js';
import { startFanout } from '../../src/commands/log-fanout.js';
import { eventually, KUBECONFIG, kubectl, requireCluster } from './cluster-env.js';

const TS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d) /;

async function runningPods(ns: string, app: string): Promise<string[]> {
  const out = await kubectl(['get', 'pods', '-n', ns, '-l', `app=${app}`, '--field-selector', 'status.phase=Running', '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}']);
  return out.trim().split('\n').filter(Boolean).sort();
}

describe('logs against the real control plane', () => {
  let resolved: ResolvedKubeconfig;
  before(() => {
    requireCluster();
    resolved = resolveKubeconfig({ kubeconfig: KUBECONFIG, context: CONTEXT_ADMIN });
  });

  test('streamLogs follows one pod: new lines keep arriving, with timestamps', async () => {
    const [pod] = await eventually('a running web pod', async () => {
      const p = await runningPods('shop', 'web');
      return p.length ? p : undefined;
    });
    const t = new KubeTransport(resolved);
    const lines: string[] = [];
    const s = streamLogs(t, { namespace: 'shop', pod: pod!, container: 'web', follow: true, tailLines: 1, timestamps: true }, (l) => lines.push(...l));
    try {
      const first = await eventually('a first line', async () => (lines.length ? lines.length : undefined), 20_000);
      await eventually('more lines while following', async () => lines.length >= first + 3, 20_000);
      for (const l of lines) assert.match(l, TS);
    } finally {
      s.abort();
      t.close();
    }
    assert.deepEqual(await s.done, { reason: 'aborted' });
  });

  describe('the fan-out over deployment web', () => {
    let session: Session;
    before(async () => {
      const { context, contexts } = summarize(resolved);
      const store = createKdeckStore({ context, contexts, namespace: 'shop', readonly: false, initialView: 'pods', now: Date.now() });
      session = createSession({ store, resolved, namespace: 'shop', frameMs: 20, onQuit: () => undefined });
      session.start();
      await eventually('pods listed', async () => store.getState().synced.pods, 20_000);
    });
    after(() => session.stop());

    test('every pod behind the selector streams', async () => {
      const pods = await runningPods('shop', 'web');
      assert.ok(pods.length >= 2, `web runs ${pods.length} pods`);
      const got = new Map<string, number>();
      const markers: string[] = [];
      const f = startFanout(session, {
        target: { kind: 'selector', namespace: 'shop', selector: 'app=web', title: 'deployment shop/web' },
        previous: false,
        tailLines: 5,
        sink: {
          lines: (source, raw) => got.set(source, (got.get(source) ?? 0) + raw.length),
          marker: (source, text) => markers.push(`${source}: ${text}`),
        },
      });
      try {
        const sources = pods.map((p) => `${p}/web`);
        // More than the 5-line tail from each: the streams follow.
        await eventually('followed lines from every web pod', async () => sources.every((s) => (got.get(s) ?? 0) >= 7), 30_000);
        assert.deepEqual(f.sources(), [...f.sources()].sort());
        for (const s of sources) assert.ok(f.sources().includes(s), `${s} in ${f.sources().join(', ')}`);
        assert.deepEqual(markers.filter((m) => !/joined/.test(m)), [], 'no errors or waiting markers');
      } finally {
        f.stop();
      }
    });
  });
});
