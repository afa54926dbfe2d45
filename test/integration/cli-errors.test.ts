// Bad input on the command line: one line on stderr, a non-zero exit, quickly,
// and nothing written to stdout that could disturb the terminal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { runKdeck } from '../helpers/kdeck-bin.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kdeck-cli-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function kubeconfig(server: string): string {
  return `apiVersion: v1
kind: Config
current-context: c1
clusters:
- name: k1
  cluster: {server: "${server}"}
users:
- name: u1
  user: {token: abc}
contexts:
- name: c1
  context: {cluster: k1, user: u1}
`;
}

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

function assertOneLineError(r: { code: number | null; stderr: string; stdout: string; ms: number }, pattern: RegExp) {
  assert.notEqual(r.code, 0, 'exit code must be non-zero');
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${r.stderr}`);
  assert.match(lines[0]!, pattern);
  assert.equal(r.stdout, '', 'nothing on stdout');
  assert.ok(r.ms < 5000, `took ${r.ms} ms`);
}

test('missing kubeconfig file', async () => {
  const r = await runKdeck(['--kubeconfig', join(dir, 'nope.yaml')]);
  assertOneLineError(r, /^kdeck: kubeconfig .*nope\.yaml.*(no such file|not found)/i);
});

test('malformed kubeconfig', async () => {
  const f = join(dir, 'bad.yaml');
  writeFileSync(f, 'apiVersion: v1\nclusters: [\n  - {name: x\n');
  const r = await runKdeck(['--kubeconfig', f]);
  assertOneLineError(r, /^kdeck: kubeconfig .*bad\.yaml/);
});

test('unknown context names the context and lists the known ones', async () => {
  const f = join(dir, 'ok.yaml');
  writeFileSync(f, kubeconfig('https://127.0.0.1:1'));
  const r = await runKdeck(['--kubeconfig', f, '--context', 'prod-eu']);
  assertOneLineError(r, /context "prod-eu" not found.*c1/);
});

test('unreachable server', async () => {
  const port = await closedPort();
  const f = join(dir, 'down.yaml');
  writeFileSync(f, kubeconfig(`http://127.0.0.1:${port}`));
  const r = await runKdeck(['--kubeconfig', f]);
  assertOneLineError(r, new RegExp(`cannot reach .*127\\.0\\.0\\.1:${port}`));
});

test('unknown theme name', async () => {
  const r = await runKdeck(['--demo', '--theme', 'solarized-neon']);
  assertOneLineError(r, /unknown theme "solarized-neon"/);
});

test('unknown flag', async () => {
  const r = await runKdeck(['--frobnicate']);
  assertOneLineError(r, /frobnicate/);
});

test('a log limit that is not a sane number', async () => {
  const r = await runKdeck(['--demo', '--log-lines', 'lots']);
  assertOneLineError(r, /--log-lines takes a whole number/);
});

test('--version and --help', async () => {
  const v = await runKdeck(['--version']);
  assert.equal(v.code, 0);
  assert.match(v.stdout, /^kdeck \d+\.\d+\.\d+\n$/);
  const h = await runKdeck(['--help']);
  assert.equal(h.code, 0);
  assert.match(h.stdout, /--kubeconfig FILE/);
  assert.match(h.stdout, /demo-server/);
});

test('a console with no terminal says so instead of drawing', async () => {
  const r = await runKdeck(['--demo']);
  assertOneLineError(r, /needs a terminal/);
});
