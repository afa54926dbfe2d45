// streamLogs against the demo cluster (and, for exact chunk boundaries, a tiny
// local server): tail, follow, timestamps, previous, a container that is not
// running yet, abort, and lines split across network chunks.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startDemoCluster, type DemoCluster } from '../../src/sources/demo/index.js';
import { resolveKubeconfig } from '../../src/sources/kube/kubeconfig.js';
import { KubeTransport } from '../../src/sources/kube/transport.js';
import { streamLogs, type LogStreamEnd, type LogStreamOptions } from '../../src/sources/kube/logs.js';
import type { Pod } from '../../src/model/types.js';
import { api, eventually } from './demo-helpers.js';

const TS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /;

function collect(t: KubeTransport, opts: LogStreamOptions) {
  const batches: string[][] = [];
  const s = streamLogs(t, opts, (lines) => batches.push(lines));
  return { s, batches, lines: () => batches.flat() };
}

describe('streamLogs', () => {
  let cluster: DemoCluster;
  let dir: string;
  let t: KubeTransport;
  const pods = async (ns: string, app: string): Promise<Pod[]> => (await api(cluster, 'GET', `/api/v1/namespaces/${ns}/pods?labelSelector=app%3D${app}`)).json.items;

  before(async () => {
    cluster = await startDemoCluster({ port: 0, speed: 10 });
    dir = mkdtempSync(join(tmpdir(), 'kdeck-logs-'));
    writeFileSync(join(dir, 'kubeconfig'), cluster.kubeconfigYaml());
    t = new KubeTransport(resolveKubeconfig({ kubeconfig: join(dir, 'kubeconfig'), env: {} }));
  });
  after(async () => {
    t.close();
    await cluster.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns exactly tailLines lines and ends with eof when not following', async () => {
    const pod = (await pods('shop', 'web'))[0]!.metadata.name;
    const c = collect(t, { namespace: 'shop', pod, container: 'web', follow: false, tailLines: 7, timestamps: false });
    assert.deepEqual(await c.s.done, { reason: 'eof' });
    assert.equal(c.lines().length, 7);
    assert.ok(c.lines().every((l) => l.length > 0 && !l.includes('\n') && !TS.test(l)));
  });

  it('follows: the tail arrives in one batch, then new lines keep coming, each with its timestamp', async () => {
    const pod = (await pods('shop', 'web'))[1]!.metadata.name;
    const c = collect(t, { namespace: 'shop', pod, container: 'web', follow: true, tailLines: 50, timestamps: true });
    await eventually('tail plus 10 followed lines', async () => c.lines().length >= 60, 8000);
    c.s.abort();
    assert.deepEqual(await c.s.done, { reason: 'aborted' });
    assert.equal(c.batches[0]!.length, 50, 'the whole tail in the first call');
    assert.ok(c.batches.length < c.lines().length, 'batches, not one call per line');
    for (const l of c.lines()) assert.match(l, TS);
    const stamps = c.lines().map((l) => l.slice(0, l.indexOf(' ')));
    assert.deepEqual([...stamps].sort(), stamps, 'in time order');
  });

  it('streams the previous container of a crash-looping payments pod', async () => {
    const pod = await eventually('a payments pod that has restarted', async () =>
      (await pods('shop', 'payments')).find((p) => p.status?.containerStatuses?.[0]?.lastState?.terminated),
    );
    const c = collect(t, { namespace: 'shop', pod: pod.metadata.name, container: 'payments', follow: true, previous: true, timestamps: false });
    assert.deepEqual(await c.s.done, { reason: 'eof' });
    assert.ok(c.lines().some((l) => l.startsWith('panic: runtime error')), c.lines().join('\n'));
  });

  it('says why a container cannot serve logs yet (image pull back-off)', async () => {
    const pod = (await pods('shop', 'search'))[0]!.metadata.name;
    const c = collect(t, { namespace: 'shop', pod, container: 'search', follow: true, timestamps: true });
    const end = await c.s.done;
    assert.equal(end.reason, 'waiting');
    assert.match((end as { message: string }).message, /is waiting to start: trying and failing to pull image/);
    assert.equal(c.lines().length, 0);
  });

  it('reports other failures as one-line errors with the status', async () => {
    const pod = (await pods('shop', 'web'))[0]!.metadata.name;
    const end = await collect(t, { namespace: 'shop', pod, container: 'nope', follow: true, timestamps: true }).s.done;
    assert.deepEqual(end, { reason: 'error', status: 400, message: `container nope is not valid for pod ${pod}` });
    const gone = await collect(t, { namespace: 'shop', pod: 'no-such-pod', container: 'web', follow: true, timestamps: true }).s.done;
    assert.equal(gone.reason, 'error');
    assert.equal((gone as { status?: number }).status, 404);
  });

  it('ends promptly on abort, even while the server is silent', async () => {
    const pod = (await pods('shop', 'web'))[2]!.metadata.name;
    const c = collect(t, { namespace: 'shop', pod, container: 'web', follow: true, tailLines: 0, timestamps: true });
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    c.s.abort();
    const end: LogStreamEnd = await c.s.done;
    assert.deepEqual(end, { reason: 'aborted' });
    assert.ok(Date.now() - t0 < 500, `took ${Date.now() - t0} ms`);
  });
});

describe('streamLogs: chunk boundaries', () => {
  let server: Server;
  let dir: string;
  let t: KubeTransport;
  let chunks: Buffer[] = [];

  before(async () => {
    server = createServer(async (req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      for (const c of chunks) {
        res.write(c);
        await new Promise((r) => setTimeout(r, 20));
      }
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    dir = mkdtempSync(join(tmpdir(), 'kdeck-logs-'));
    writeFileSync(
      join(dir, 'kubeconfig'),
      `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "http://127.0.0.1:${port}"}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`,
    );
    t = new KubeTransport(resolveKubeconfig({ kubeconfig: join(dir, 'kubeconfig'), env: {} }));
  });
  after(async () => {
    t.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('joins lines and multi-byte characters split across chunks, strips one \\r, keeps a last line without newline', async () => {
    const text = Buffer.from('first line\r\nsecond: héllo wörld\nthird\r\r\nno newline at end', 'utf8');
    const e = text.indexOf(Buffer.from('é'));
    // Split inside "second", inside the two bytes of "é", and inside "\r\n".
    const cut = [3, e + 1, text.indexOf(Buffer.from('\r\r\n')) + 2];
    chunks = [text.subarray(0, cut[0]), text.subarray(cut[0], cut[1]), text.subarray(cut[1], cut[2]), text.subarray(cut[2])];
    const c = collect(t, { namespace: 'x', pod: 'p', container: 'c', follow: true, timestamps: false });
    assert.deepEqual(await c.s.done, { reason: 'eof' });
    assert.deepEqual(c.lines(), ['first line', 'second: héllo wörld', 'third\r', 'no newline at end']);
    assert.ok(c.batches.every((b) => b.length > 0), 'no empty batches');
  });

  it('keeps up with a large burst: 200,000 lines, delivered in few calls', async () => {
    const n = 200_000;
    const body = Array.from({ length: n }, (_, i) => `2024-01-01T00:00:00.000000000Z line ${i}\n`).join('');
    const buf = Buffer.from(body);
    chunks = [];
    for (let i = 0; i < buf.length; i += 65_536) chunks.push(buf.subarray(i, i + 65_536));
    let count = 0;
    let calls = 0;
    let last = '';
    const s = streamLogs(t, { namespace: 'x', pod: 'p', container: 'c', follow: true, timestamps: true }, (lines) => {
      calls++;
      count += lines.length;
      last = lines[lines.length - 1]!;
    });
    assert.deepEqual(await s.done, { reason: 'eof' });
    assert.equal(count, n);
    assert.equal(last, `2024-01-01T00:00:00.000000000Z line ${n - 1}`);
    assert.ok(calls <= chunks.length * 2, `${calls} calls for ${chunks.length} chunks`);
  });
});
