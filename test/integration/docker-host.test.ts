// Finding the engine as the docker CLI does, and the one-line errors when
// there is none; the context case is checked end to end against a real dockerd.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createDockerClient, DockerError } from '../../src/sources/docker/client.js';
import { DockerHostError, resolveDockerHost } from '../../src/sources/docker/host.js';
import { dockerAvailable, startDockerd, type PrivateDockerd } from '../helpers/dockerd.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function tempHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kdeck-dhome-'));
}

function writeContext(configDir: string, name: string, host: string, extra: Record<string, unknown> = {}): string {
  const dir = path.join(configDir, 'contexts', 'meta', sha(name));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'meta.json'),
    JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false, ...extra } } }),
  );
  return dir;
}

describe('resolveDockerHost', () => {
  const homes: string[] = [];
  after(() => {
    for (const h of homes) fs.rmSync(h, { recursive: true, force: true });
  });
  const home = () => {
    const h = tempHome();
    homes.push(h);
    return h;
  };

  test('with nothing configured it is the default socket', () => {
    assert.deepEqual(resolveDockerHost({ env: {}, homeDir: home() }), { url: 'unix:///var/run/docker.sock', from: 'default' });
  });

  test('the flag wins over DOCKER_HOST, which wins over the current context', () => {
    const h = home();
    fs.mkdirSync(path.join(h, '.docker'));
    fs.writeFileSync(path.join(h, '.docker', 'config.json'), JSON.stringify({ currentContext: 'remote' }));
    writeContext(path.join(h, '.docker'), 'remote', 'tcp://10.0.0.9:2375');
    const env = { DOCKER_HOST: 'unix:///run/other.sock' };
    assert.deepEqual(resolveDockerHost({ flag: 'unix:///tmp/flag.sock', env, homeDir: h }), { url: 'unix:///tmp/flag.sock', from: 'flag' });
    assert.deepEqual(resolveDockerHost({ env, homeDir: h }), { url: 'unix:///run/other.sock', from: 'DOCKER_HOST' });
    assert.deepEqual(resolveDockerHost({ env: {}, homeDir: h }), { url: 'tcp://10.0.0.9:2375', from: 'context', context: 'remote' });
  });

  test('DOCKER_HOST over tcp with DOCKER_TLS_VERIFY takes the certificates from DOCKER_CERT_PATH', () => {
    const h = home();
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) fs.writeFileSync(path.join(h, f), 'x');
    const r = resolveDockerHost({ env: { DOCKER_HOST: 'tcp://build-box:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: h }, homeDir: h });
    assert.deepEqual(r, {
      url: 'tcp://build-box:2376',
      from: 'DOCKER_HOST',
      tls: { verify: true, ca: path.join(h, 'ca.pem'), cert: path.join(h, 'cert.pem'), key: path.join(h, 'key.pem') },
    });
    assert.equal(resolveDockerHost({ env: { DOCKER_HOST: 'ssh://ops@bastion' }, homeDir: h }).url, 'ssh://ops@bastion');
  });

  test('DOCKER_CONTEXT overrides config.json, DOCKER_CONFIG overrides ~/.docker, and context TLS files are found', () => {
    const h = home();
    const cfg = path.join(h, 'elsewhere');
    writeContext(cfg, 'prod', 'tcp://prod:2376', { SkipTLSVerify: true });
    const tlsDir = path.join(cfg, 'contexts', 'tls', sha('prod'), 'docker');
    fs.mkdirSync(tlsDir, { recursive: true });
    fs.writeFileSync(path.join(tlsDir, 'ca.pem'), 'x');
    const r = resolveDockerHost({ env: { DOCKER_CONFIG: cfg, DOCKER_CONTEXT: 'prod' }, homeDir: h });
    assert.deepEqual(r, { url: 'tcp://prod:2376', from: 'context', context: 'prod', tls: { verify: false, ca: path.join(tlsDir, 'ca.pem') } });
  });

  test('the context named "default" is the default socket', () => {
    const r = resolveDockerHost({ env: { DOCKER_CONTEXT: 'default' }, homeDir: home() });
    assert.deepEqual(r, { url: 'unix:///var/run/docker.sock', from: 'context', context: 'default' });
  });

  test('an unknown context or a bad DOCKER_HOST is one line that names it', () => {
    const h = home();
    fs.mkdirSync(path.join(h, '.docker'));
    fs.writeFileSync(path.join(h, '.docker', 'config.json'), JSON.stringify({ currentContext: 'gone' }));
    assert.throws(() => resolveDockerHost({ env: {}, homeDir: h }), (e: Error) => {
      assert.ok(e instanceof DockerHostError);
      assert.match(e.message, /docker context "gone" not found/);
      assert.ok(!e.message.includes('\n'));
      return true;
    });
    assert.throws(() => resolveDockerHost({ env: { DOCKER_HOST: 'http://x:1' }, homeDir: h }), /DOCKER_HOST "http:\/\/x:1" uses http:/);
  });
});

describe('one-line errors when there is no engine', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kdeck-nodocker-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a socket path with nothing behind it', async () => {
    const url = `unix://${dir}/missing.sock`;
    const c = createDockerClient({ url, from: 'DOCKER_HOST' });
    await assert.rejects(c.ping(), (e: Error) => {
      assert.ok(e instanceof DockerError);
      assert.equal(e.message, `no Docker engine at ${url} (connect ENOENT): is dockerd running?`);
      return true;
    });
    c.close();
  });

  test('a regular file where the socket should be', async () => {
    const file = path.join(dir, 'plain-file');
    fs.writeFileSync(file, 'not a socket');
    const c = createDockerClient({ url: `unix://${file}`, from: 'flag' });
    await assert.rejects(c.snapshot(), { message: `${file} is not a socket: check DOCKER_HOST or the docker context` });
    c.close();
  });

  test('a socket that accepts and never answers times out in one line', async () => {
    const sock = path.join(dir, 'mute.sock');
    const held: net.Socket[] = [];
    const server = net.createServer((s) => held.push(s)).listen(sock);
    await new Promise((r) => server.once('listening', r));
    const c = createDockerClient({ url: `unix://${sock}`, from: 'flag' }, { pingTimeoutMs: 300 });
    await assert.rejects(c.ping(), { message: `no answer from the Docker engine at unix://${sock} (timed out): is it reachable?` });
    c.close();
    for (const s of held) s.destroy();
    await new Promise((r) => server.close(r));
  });
});

const why = dockerAvailable();
describe('the current docker context reaches a real engine', { skip: why }, () => {
  let d: PrivateDockerd;
  let home: string;
  before(async () => {
    d = await startDockerd();
    home = tempHome();
    const cfg = path.join(home, '.docker');
    fs.mkdirSync(cfg);
    fs.writeFileSync(path.join(cfg, 'config.json'), JSON.stringify({ auths: {}, currentContext: 'kdeck-test' }));
    writeContext(cfg, 'kdeck-test', d.host);
  });
  after(async () => {
    await d?.stop();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  test('ping through the context found in a temporary ~/.docker', async () => {
    const host = resolveDockerHost({ env: {}, homeDir: home });
    assert.equal(host.from, 'context');
    assert.equal(host.url, d.host);
    const c = createDockerClient(host);
    const v = await c.ping();
    assert.match(v.apiVersion, /^1\.\d+$/);
    assert.ok(v.version.length > 0);
    c.close();
  });
});
