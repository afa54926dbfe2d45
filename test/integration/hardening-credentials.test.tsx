// Credentials that do not work, before the screen opens and while it is open.
// Before: kdeck prints one line naming the context and the auth method
// ("token", "client certificate", "exec plugin …") and exits non-zero. While
// open (the token revoked under it): the header says "error: credentials
// rejected (auth: token)" and the footer says once, in full, for which context.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoCluster, type DemoCluster } from '../../src/sources/demo/index.js';
import { runKdeck } from '../helpers/kdeck-bin.js';
import { startDemoApp } from '../helpers/demo-app.js';

let dir: string;
let cluster: DemoCluster;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kdeck-creds-'));
  cluster = await startDemoCluster({ port: 0 });
});
after(async () => {
  await cluster.close();
  rmSync(dir, { recursive: true, force: true });
});

function kubeconfig(name: string, user: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
current-context: ${name}
clusters:
- name: demo
  cluster: {server: "${cluster.url}"}
users:
- name: u
  user:
${user.replace(/^/gm, '    ')}
contexts:
- name: ${name}
  context: {cluster: demo, user: u}
`,
  );
  return file;
}

/** kdeck as a user runs it, from the sources; the failure must come before it asks for a terminal. */
async function runAgainst(file: string) {
  const r = await runKdeck(['--kubeconfig', file], { KDECK_FROM_SOURCE: '1' }, 30_000);
  assert.notEqual(r.code, 0, 'non-zero exit');
  assert.equal(r.stdout, '', 'nothing on stdout');
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got:\n${r.stderr}`);
  assert.ok(!/needs a terminal/.test(lines[0]!), 'the credentials were checked before anything else');
  return lines[0]!;
}

/** A client certificate valid only in January 2020, signed by a throwaway CA (openssl ca can set past dates). */
function expiredCertificate(): { cert: string; key: string } {
  const d = join(dir, 'pki');
  execFileSync('mkdir', ['-p', d]);
  writeFileSync(join(d, 'index.txt'), '');
  writeFileSync(join(d, 'serial'), '01\n');
  writeFileSync(
    join(d, 'ca.cnf'),
    ['[ca]', 'default_ca = x', '[x]', 'database = index.txt', 'new_certs_dir = .', 'serial = serial', 'default_md = sha256', 'policy = p', '[p]', 'commonName = supplied', ''].join('\n'),
  );
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: d, stdio: ['ignore', 'ignore', 'pipe'] });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=kdeck-test-ca');
  openssl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'u.key', '-out', 'u.csr', '-subj', '/CN=alice');
  openssl('ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.crt', '-keyfile', 'ca.key', '-in', 'u.csr', '-out', 'u.crt', '-notext', '-startdate', '20200101000000Z', '-enddate', '20200131000000Z');
  return { cert: readFileSync(join(d, 'u.crt'), 'utf8'), key: readFileSync(join(d, 'u.key'), 'utf8') };
}

test('a wrong token: one line naming the context and "token"', async () => {
  const line = await runAgainst(kubeconfig('prod-eu', 'token: not-a-valid-token'));
  assert.match(line, /^kdeck: credentials rejected by http:\/\/127\.0\.0\.1:\d+ \(context "prod-eu", auth: token\): Unauthorized$/);
});

test('an expired client certificate: one line naming the context, "client certificate" and when it expired', async () => {
  const { cert, key } = expiredCertificate();
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const line = await runAgainst(kubeconfig('staging', `client-certificate-data: ${b64(cert)}\nclient-key-data: ${b64(key)}`));
  assert.match(line, /^kdeck: credentials rejected by http:\/\/127\.0\.0\.1:\d+ \(context "staging", auth: client certificate\): Unauthorized \(the client certificate expired on 2020-01-31T00:00:00\.000Z\)$/);
});

test('an exec plugin that fails: one line naming the context, the plugin and what it said', async () => {
  const plugin = join(dir, 'get-token');
  writeFileSync(plugin, '#!/bin/sh\necho "error: refresh token expired; run: cloud auth login" >&2\nexit 1\n');
  chmodSync(plugin, 0o755);
  const line = await runAgainst(kubeconfig('eks-prod', `exec:\n  apiVersion: client.authentication.k8s.io/v1\n  command: ${plugin}`));
  assert.match(line, /^kdeck: exec plugin "get-token" failed for context "eks-prod": .*refresh token expired/);
});

test('credentials revoked mid-session: the header and the footer say so in one line each (the slow retry after a 401 is in kube-watch-fake.test.ts)', async () => {
  const own = await startDemoCluster({ port: 0, speed: 5 });
  const app = await startDemoApp({ cluster: own, columns: 100, rows: 24 });
  try {
    await app.ui.waitFor((f) => /pods\(all\) \[30\]/.test(f) && f.includes('● live'));
    own.revokeCredentials();
    const f = await app.ui.waitFor((x) => /● error: credentials rejected \(auth: token\)/.test(x.split('\n')[0]!), 10000);
    const lines = f.split('\n');
    assert.match(lines[0]!, /^kdeck ctx:kdeck-demo ns:all ● error: credentials rejected \(auth: token\)/);
    assert.equal(lines.filter((l) => l.trim()).at(-1), 'context "kdeck-demo": credentials rejected (auth: token)');
    assert.match(f, /hello-/, 'the last data stays on screen');
  } finally {
    await app.close();
    await own.close();
  }
});
