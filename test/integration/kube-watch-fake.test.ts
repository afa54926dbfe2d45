// Watch protocol edge cases against a tiny scripted API server, where the
// exact answers (ERROR events, 5xx, 403) can be forced in a way the demo
// cluster does not offer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { resolveKubeconfig, type ResolvedKubeconfig } from '../../src/sources/kube/kubeconfig.js';
import { startWatches } from '../../src/sources/kube/watch.js';
import { probeCluster } from '../../src/sources/kube/probe.js';
import type { ConnectionState, WatchEvent } from '../../src/model/types.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => void;

async function fakeServer(handler: Handler): Promise<{ url: string; close(): Promise<void>; requests: string[] }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    handler(req, res, url);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function kubeconfigFor(url: string, token = 'good'): ResolvedKubeconfig {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kdeck-fake-'));
  const file = path.join(dir, 'config');
  // Plain http without insecure-skip-tls-verify: kubectl accepts it, so must we.
  fs.writeFileSync(
    file,
    `current-context: fake
clusters: [{ name: fake, cluster: { server: "${url}" } }]
users: [{ name: u, user: { token: ${token} } }]
contexts: [{ name: fake, context: { cluster: fake, user: u } }]
`,
  );
  return resolveKubeconfig({ kubeconfig: file, env: {} });
}

function recorder() {
  const batches: WatchEvent[][] = [];
  const states: { source: string; state: ConnectionState; message?: string }[] = [];
  const waiters: (() => void)[] = [];
  const poke = () => waiters.splice(0).forEach((w) => w());
  return {
    batches,
    states,
    sink: {
      onEvents(events: WatchEvent[]) {
        batches.push(events);
        poke();
      },
      onState(source: string, state: ConnectionState, message?: string) {
        states.push({ source, state, message });
        poke();
      },
    },
    async until(cond: () => boolean, what: string, ms = 5000) {
      const deadline = Date.now() + ms;
      while (!cond()) {
        if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; states=${JSON.stringify(states)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
  };
}

const pod = (name: string, rv: string, extra: Record<string, unknown> = {}) => ({
  metadata: {
    name,
    namespace: 'ns1',
    resourceVersion: rv,
    creationTimestamp: '2024-01-01T00:00:00Z',
    managedFields: [{ manager: 'kubectl' }],
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"big":true}', keep: 'me' },
  },
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
  ...extra,
});

function sendJson(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

test('list pages become one RESET of trimmed objects; watch events arrive per chunk; ERROR 410 leads to a relist', async () => {
  let lists = 0;
  let watches = 0;
  const srv = await fakeServer((req, res, url) => {
    if (url.searchParams.get('watch')) {
      watches++;
      assert.equal(url.searchParams.get('allowWatchBookmarks'), 'true');
      res.writeHead(200, { 'content-type': 'application/json' });
      if (watches === 1) {
        assert.equal(url.searchParams.get('resourceVersion'), '10');
        // two events in one chunk, then a bookmark, then "too old"
        res.write(
          JSON.stringify({ type: 'ADDED', object: { kind: 'Pod', apiVersion: 'v1', ...pod('p3', '11') } }) +
            '\n' +
            JSON.stringify({ type: 'DELETED', object: { kind: 'Pod', apiVersion: 'v1', ...pod('p1', '12') } }) +
            '\n',
        );
        setTimeout(() => {
          res.write(JSON.stringify({ type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: '15' } } }) + '\n');
          setTimeout(() => {
            res.end(JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' } }) + '\n');
          }, 30);
        }, 30);
        return;
      }
      // later watches: stay open until the client goes away
      return;
    }
    lists++;
    if (url.searchParams.get('continue') === 'page2') {
      return sendJson(res, 200, { kind: 'PodList', metadata: { resourceVersion: '10' }, items: [pod('p2', '9')] });
    }
    assert.equal(url.searchParams.get('limit'), '1');
    sendJson(res, 200, { kind: 'PodList', metadata: { resourceVersion: '10', continue: 'page2' }, items: [pod('p1', '8')] });
  });
  const r = kubeconfigFor(srv.url);
  const rec = recorder();
  const w = startWatches(r, { kinds: ['pods'], sink: rec.sink, pageSize: 1, backoff: { initialMs: 10, maxMs: 50 } });
  try {
    await rec.until(() => rec.batches.filter((b) => b[0]?.type === 'RESET').length >= 2, 'a relist after 410');
    const resets = rec.batches.filter((b) => b[0]?.type === 'RESET');
    const first = resets[0]![0]!;
    assert.equal(first.type, 'RESET');
    if (first.type !== 'RESET') return;
    assert.deepEqual(
      first.objects.map((o) => o.metadata.name),
      ['p1', 'p2'],
    );
    const p1 = first.objects[0]!;
    assert.equal(p1.kind, 'Pod');
    assert.equal(p1.apiVersion, 'v1');
    assert.equal((p1.metadata as { managedFields?: unknown }).managedFields, undefined);
    // Pods keep only what the views read (slim-pod.ts): no annotations at all.
    assert.equal(p1.metadata.annotations, undefined);
    assert.equal(p1.metadata.creationTimestamp, '2024-01-01T00:00:00Z');
    // the two events written together were delivered together
    const live = rec.batches.find((b) => b[0]?.type !== 'RESET')!;
    assert.deepEqual(
      live.map((e) => `${e.type} ${e.type === 'RESET' ? '' : e.object.metadata.name}`),
      ['ADDED p3', 'DELETED p1'],
    );
    assert.equal(lists, 4);
    assert.equal(rec.states[0]?.state, 'connecting');
    assert.equal(rec.states.at(-1)?.state, 'live');
    assert.ok(!rec.states.some((s) => s.state === 'error'));
  } finally {
    w.stop();
    await srv.close();
  }
});

test('a 5xx watch goes reconnecting, resumes from the last resourceVersion, then live', async () => {
  let watches = 0;
  const rvs: string[] = [];
  const srv = await fakeServer((req, res, url) => {
    if (url.searchParams.get('watch')) {
      watches++;
      rvs.push(url.searchParams.get('resourceVersion') ?? '');
      if (watches === 1) {
        res.writeHead(200);
        res.end(JSON.stringify({ type: 'MODIFIED', object: pod('p1', '21') }) + '\n');
        return;
      }
      if (watches <= 3) return sendJson(res, 503, { kind: 'Status', code: 503, message: 'etcd is sad\nsecond line' });
      res.writeHead(200);
      res.write(JSON.stringify({ type: 'MODIFIED', object: pod('p1', '22') }) + '\n');
      return;
    }
    sendJson(res, 200, { metadata: { resourceVersion: '20' }, items: [pod('p1', '20')] });
  });
  const rec = recorder();
  const w = startWatches(kubeconfigFor(srv.url), { kinds: ['pods'], sink: rec.sink, backoff: { initialMs: 20, maxMs: 40 } });
  try {
    await rec.until(() => rec.batches.some((b) => b.some((e) => e.type === 'MODIFIED' && e.object.metadata.resourceVersion === '22')), 'the event after recovery');
    assert.deepEqual(rvs.slice(0, 4), ['20', '21', '21', '21']);
    const seq = rec.states.map((s) => s.state);
    assert.deepEqual(seq, ['connecting', 'live', 'reconnecting', 'live']);
    assert.equal(rec.states[2]!.message, '503: etcd is sad');
    assert.equal(rec.batches.filter((b) => b[0]?.type === 'RESET').length, 1, 'no relist for a 5xx');
  } finally {
    w.stop();
    await srv.close();
  }
});

test('403 on list is "forbidden" with the server message and retried slowly, 401 is "error" naming the auth', async () => {
  const srv = await fakeServer((req, res, url) => {
    if (url.pathname === '/api/v1/pods') {
      return sendJson(res, 403, { kind: 'Status', code: 403, message: 'pods is forbidden: User "bob" cannot list resource "pods" in API group "" at the cluster scope' });
    }
    sendJson(res, 401, { kind: 'Status', code: 401, message: 'Unauthorized' });
  });
  const rec = recorder();
  const w = startWatches(kubeconfigFor(srv.url), { kinds: ['pods', 'deployments'], sink: rec.sink, slowRetryMs: 200, backoff: { initialMs: 1, maxMs: 2 } });
  try {
    await rec.until(() => rec.states.some((s) => s.source === 'pods' && s.state === 'forbidden'), 'forbidden');
    await rec.until(() => rec.states.some((s) => s.source === 'deployments' && s.state === 'error'), 'error');
    const started = srv.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    // slow retry: about 2 more requests per kind in 500 ms, not a hot loop
    assert.ok(srv.requests.length - started <= 8, `too many retries: ${srv.requests.length - started}`);
    assert.ok(srv.requests.length - started >= 2, 'it does retry');
    const forbidden = rec.states.find((s) => s.state === 'forbidden')!;
    assert.match(forbidden.message!, /^pods is forbidden: User "bob" cannot list/);
    const err = rec.states.find((s) => s.state === 'error')!;
    assert.equal(err.message, 'credentials rejected (auth: token)', 'the apiserver\'s bare "Unauthorized" adds nothing to the header');
  } finally {
    w.stop();
    await srv.close();
  }
});

test('with a namespace the namespaces kind asks only for that one, and synthesises it when forbidden', async () => {
  const srv = await fakeServer((req, res, url) => {
    if (url.pathname === '/api/v1/namespaces') {
      assert.equal(url.searchParams.get('fieldSelector'), 'metadata.name=shop');
      return sendJson(res, 403, { kind: 'Status', code: 403, message: 'namespaces is forbidden' });
    }
    if (url.searchParams.get('watch')) return;
    assert.equal(url.pathname, '/api/v1/namespaces/shop/pods');
    sendJson(res, 200, { metadata: { resourceVersion: '5' }, items: [] });
  });
  const rec = recorder();
  const w = startWatches(kubeconfigFor(srv.url), { namespace: 'shop', kinds: ['namespaces', 'pods'], sink: rec.sink });
  try {
    await rec.until(() => rec.states.filter((s) => s.state === 'live').length === 2, 'both live');
    const nsReset = rec.batches.flat().find((e) => e.kind === 'namespaces');
    assert.ok(nsReset && nsReset.type === 'RESET');
    assert.deepEqual(
      nsReset.objects.map((o) => o.metadata.name),
      ['shop'],
    );
    const podReset = rec.batches.flat().find((e) => e.kind === 'pods');
    assert.ok(podReset && podReset.type === 'RESET' && podReset.namespace === 'shop');
  } finally {
    w.stop();
    await srv.close();
  }
});

test('probe names the context and auth on 401, and accepts 403 on the authenticated check', async () => {
  let status = 401;
  const srv = await fakeServer((req, res, url) => {
    if (url.pathname === '/version') return sendJson(res, 200, { gitVersion: 'v1.31.0' });
    sendJson(res, status, { kind: 'Status', code: status, message: status === 401 ? 'Unauthorized' : 'forbidden' });
  });
  try {
    const r = kubeconfigFor(srv.url, 'bad');
    await assert.rejects(probeCluster(r), { message: `credentials rejected by ${srv.url} (context "fake", auth: token): Unauthorized` });
    status = 403;
    assert.deepEqual(await probeCluster(r), { version: 'v1.31.0' });
  } finally {
    await srv.close();
  }
});

test('probe gives up after its timeout with one line', async () => {
  const srv = await fakeServer(() => {
    // never answers
  });
  try {
    const started = Date.now();
    await assert.rejects(probeCluster(kubeconfigFor(srv.url), 300), { message: `cannot reach ${srv.url} (context "fake"): no answer within 300 ms` });
    assert.ok(Date.now() - started < 2000);
  } finally {
    await srv.close();
  }
});

function execKubeconfig(url: string, script: string): ResolvedKubeconfig {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kdeck-exec-'));
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.writeFileSync(path.join(dir, 'bin', 'get-token'), script, { mode: 0o755 });
  const file = path.join(dir, 'config');
  // relative command with a slash: resolved against the kubeconfig's folder
  fs.writeFileSync(
    file,
    `current-context: fake
clusters: [{ name: fake, cluster: { server: "${url}" } }]
users:
- name: u
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./bin/get-token
      args: [--cluster, fake]
      interactiveMode: Never
contexts: [{ name: fake, context: { cluster: fake, user: u } }]
`,
  );
  return resolveKubeconfig({ kubeconfig: file, env: {} });
}

test('an exec credential plugin supplies the bearer token; its failure is one line naming plugin and context', async () => {
  const seen: (string | undefined)[] = [];
  const srv = await fakeServer((req, res, url) => {
    seen.push(req.headers.authorization);
    if (req.headers.authorization !== 'Bearer from-plugin') return sendJson(res, 401, { code: 401, message: 'Unauthorized' });
    if (url.pathname === '/version') return sendJson(res, 200, { gitVersion: 'v1.30.2' });
    sendJson(res, 200, { metadata: { resourceVersion: '1' }, items: [] });
  });
  try {
    const ok = execKubeconfig(
      srv.url,
      `#!/bin/sh
test "$1" = "--cluster" || exit 3
case "$KUBERNETES_EXEC_INFO" in *'"interactive":false'*) ;; *) echo "no exec info" >&2; exit 4;; esac
echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"from-plugin"}}'
`,
    );
    assert.equal(ok.authMethod, 'exec plugin (get-token)');
    assert.deepEqual(await probeCluster(ok), { version: 'v1.30.2' });
    assert.deepEqual(seen, ['Bearer from-plugin', 'Bearer from-plugin']);

    const broken = execKubeconfig(srv.url, '#!/bin/sh\necho "error: SSO session expired, run aws sso login" >&2\necho more >&2\nexit 1\n');
    await assert.rejects(probeCluster(broken), {
      message: 'exec plugin "get-token" failed for context "fake": error: SSO session expired, run aws sso login',
    });
  } finally {
    await srv.close();
  }
});

test('probe on a closed port fails fast with "cannot reach" and the socket error', async () => {
  const srv = await fakeServer(() => undefined);
  const url = srv.url;
  await srv.close();
  const started = Date.now();
  await assert.rejects(probeCluster(kubeconfigFor(url)), (err: Error) => {
    assert.equal(err.name, 'KubeconfigError');
    assert.match(err.message, new RegExp(`^cannot reach ${url} \\(context "fake"\\): connect ECONNREFUSED 127\\.0\\.0\\.1:\\d+$`));
    return true;
  });
  assert.ok(Date.now() - started < 1000);
});

test('TLS: an unknown server certificate is a one-line TLS error; with the CA from the kubeconfig it works', async (t) => {
  const { spawnSync } = await import('node:child_process');
  const https = await import('node:https');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kdeck-tls-'));
  const gen = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'ca.crt')], { encoding: 'utf8' });
  if (gen.status !== 0) return t.skip('openssl is not available');
  const server = https.createServer({ key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'ca.crt')) }, (req, res) => {
    if (req.url === '/version') return sendJson(res, 200, { gitVersion: 'v1.32.0' });
    sendJson(res, 403, { code: 403, message: 'forbidden' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const cfg = (ca: string) => {
    const file = path.join(dir, `config-${ca ? 'ca' : 'noca'}`);
    fs.writeFileSync(
      file,
      `current-context: tls
clusters: [{ name: c, cluster: { server: "${url}"${ca} } }]
users: [{ name: u, user: { token: t } }]
contexts: [{ name: tls, context: { cluster: c, user: u } }]
`,
    );
    return resolveKubeconfig({ kubeconfig: file, env: {} });
  };
  try {
    await assert.rejects(probeCluster(cfg('')), (err: Error) => {
      assert.match(err.message, new RegExp(`^TLS error talking to ${url} \\(context "tls"\\): .*self-signed certificate`));
      assert.ok(!err.message.includes('\n'));
      return true;
    });
    // relative path, resolved against the kubeconfig's folder
    assert.deepEqual(await probeCluster(cfg(', certificate-authority: ca.crt')), { version: 'v1.32.0' });
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
