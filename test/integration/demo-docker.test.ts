// The demo Docker host: the engine API subset kdeck uses, spoken on a unix
// socket, checked through dockerode, raw requests (for the exact log framing)
// and, when installed, the docker CLI itself.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Docker from 'dockerode';
import { startDemoCluster } from '../../src/sources/demo/index.js';
import { startDemoDocker, type DemoDocker } from '../../src/sources/demo/docker-server.js';

interface Raw {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

function raw(d: DemoDocker, method: string, path: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: d.socketPath, method, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function json<T = any>(d: DemoDocker, method: string, path: string): Promise<{ status: number; body: T }> {
  const r = await raw(d, method, path);
  return { status: r.status, body: JSON.parse(r.body.toString('utf8')) as T };
}

/** Splits a multiplexed log body into frames, failing on any malformed header. */
function demux(buf: Buffer): { stream: number; text: string }[] {
  const frames: { stream: number; text: string }[] = [];
  let off = 0;
  while (off < buf.length) {
    assert.ok(off + 8 <= buf.length, 'truncated frame header');
    const stream = buf[off]!;
    assert.ok(stream === 1 || stream === 2, `stream type ${stream}`);
    assert.deepEqual([...buf.subarray(off + 1, off + 4)], [0, 0, 0]);
    const len = buf.readUInt32BE(off + 4);
    assert.ok(off + 8 + len <= buf.length, 'truncated frame payload');
    frames.push({ stream, text: buf.subarray(off + 8, off + 8 + len).toString('utf8') });
    off += 8 + len;
  }
  return frames;
}

/** Opens a streaming GET and collects what arrives until `enough` says so. */
function stream(d: DemoDocker, path: string, enough: (data: Buffer) => boolean, ms = 5000): Promise<{ data: Buffer; headers: IncomingMessage['headers'] }> {
  return new Promise((resolve, reject) => {
    let data = Buffer.alloc(0);
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`timed out streaming ${path}; got ${data.length} bytes`));
    }, ms);
    const req = request({ socketPath: d.socketPath, method: 'GET', path }, (res) => {
      res.on('data', (c: Buffer) => {
        data = Buffer.concat([data, c]);
        if (enough(data)) {
          clearTimeout(timer);
          req.destroy();
          resolve({ data, headers: res.headers });
        }
      });
      res.on('error', () => {});
    });
    req.on('error', () => {});
    req.end();
  });
}

const UNUSED = ['busybox:1.36', 'golang:1.22', 'kdeck/build-cache:latest'];
const SHARED = ['shop/web:1.2', 'shop/cart:latest', 'nginx:1.27', 'redis:7.2-alpine'];

describe('demo docker host', () => {
  let d: DemoDocker;
  let docker: Docker;
  before(async () => {
    d = await startDemoDocker({ speed: 20 });
    docker = new Docker({ socketPath: d.socketPath });
  });
  after(async () => {
    await d.close();
  });

  it('answers ping with OK and the engine headers, and reports its version', async () => {
    const r = await raw(d, 'GET', '/_ping');
    assert.equal(r.status, 200);
    assert.equal(r.body.toString(), 'OK');
    assert.equal(r.headers['api-version'], '1.47');
    assert.equal(r.headers['docker-experimental'], 'false');
    assert.equal(d.host, `unix://${d.socketPath}`);
    const v = await docker.version();
    assert.equal(v.ApiVersion, '1.47');
    const info = await docker.info();
    assert.equal(info.Containers, 4);
    assert.equal(info.ContainersRunning, 3);
  });

  it('lists the seeded images: shared with the cluster, local-only, unused and one dangling', async () => {
    const images = await docker.listImages();
    const tags = images.flatMap((i) => i.RepoTags ?? []);
    for (const t of [...SHARED, ...UNUSED, 'postgres:16', 'alpine:3.20']) assert.ok(tags.includes(t), `missing ${t}`);
    assert.equal(images.length, 10);
    const dangling = images.filter((i) => (i.RepoTags ?? []).length === 0);
    assert.equal(dangling.length, 1);
    assert.deepEqual(dangling[0]!.RepoDigests, []);
    for (const i of images) {
      assert.match(i.Id, /^sha256:[0-9a-f]{64}$/);
      assert.ok(i.Size > 1_000_000, `${i.RepoTags} size ${i.Size}`);
      assert.ok(i.Created < Date.now() / 1000 && i.Created > Date.now() / 1000 - 400 * 86400);
    }
    // Newest first, as the engine sorts them.
    assert.deepEqual(images.map((i) => i.Created), [...images.map((i) => i.Created)].sort((a, b) => b - a));
    // Old clients get the placeholders the engine used before API 1.43.
    const old = await json<any[]>(d, 'GET', '/v1.41/images/json');
    assert.ok(old.body.some((i) => i.RepoTags[0] === '<none>:<none>'));
    // Ids are stable across starts.
    const again = await startDemoDocker();
    try {
      const ids = (await json<any[]>(again, 'GET', '/images/json')).body.map((i) => i.Id).sort();
      assert.deepEqual(ids, images.map((i) => i.Id).sort());
    } finally {
      await again.close();
    }
  });

  it('lists running containers by default and all with all=1, in the engine shape', async () => {
    const running = await docker.listContainers();
    assert.deepEqual(running.map((c) => c.Names[0]).sort(), ['/dev-db', '/toolbox', '/web-preview']);
    const all = await docker.listContainers({ all: true });
    const byName = new Map(all.map((c) => [c.Names[0], c]));
    const db = byName.get('/dev-db')!;
    assert.equal(db.Image, 'postgres:16');
    assert.equal(db.State, 'running');
    assert.match(db.Status, /^Up 3 days$/);
    assert.deepEqual(db.Ports.find((p) => p.IP === '0.0.0.0'), { IP: '0.0.0.0', PrivatePort: 5432, PublicPort: 5432, Type: 'tcp' });
    const images = await docker.listImages();
    assert.equal(db.ImageID, images.find((i) => i.RepoTags?.includes('postgres:16'))!.Id);
    const old = byName.get('/old-proxy')!;
    assert.equal(old.State, 'exited');
    assert.match(old.Status, /^Exited \(0\) 12 days ago$/);
    assert.equal(byName.get('/toolbox')!.Image, 'alpine:3.20');
    // Nothing on the host uses the unused images.
    const usedIds = new Set(all.map((c) => c.ImageID));
    for (const t of UNUSED) assert.ok(!usedIds.has(images.find((i) => i.RepoTags?.includes(t))!.Id), t);
  });

  it('inspects containers by name, id prefix, with the TTY flag and state', async () => {
    const tb = await docker.getContainer('toolbox').inspect();
    assert.equal(tb.Name, '/toolbox');
    assert.equal(tb.Config.Tty, true);
    assert.equal(tb.State.Running, true);
    assert.ok(!Number.isNaN(Date.parse(tb.State.StartedAt)));
    const db = await docker.getContainer('dev-db').inspect();
    assert.equal(db.Config.Tty, false);
    assert.equal(db.Config.Image, 'postgres:16');
    assert.match(db.Image, /^sha256:/);
    const byPrefix = await docker.getContainer(db.Id.slice(0, 12)).inspect();
    assert.equal(byPrefix.Name, '/dev-db');
    const missing = await json(d, 'GET', '/containers/nope/json');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { message: 'No such container: nope' });
  });

  it('inspects an image by tag, short id and digest, with config and layers', async () => {
    const img = await docker.getImage('postgres:16').inspect();
    assert.deepEqual(img.RepoTags, ['postgres:16']);
    assert.ok(!Number.isNaN(Date.parse(img.Created)));
    assert.equal(img.Os, 'linux');
    assert.equal(img.Architecture, 'amd64');
    assert.deepEqual(img.Config.Cmd, ['postgres']);
    assert.deepEqual(img.Config.Entrypoint, ['docker-entrypoint.sh']);
    assert.ok(img.Config.Env!.includes('PG_MAJOR=16'));
    assert.deepEqual(Object.keys(img.Config.ExposedPorts!), ['5432/tcp']);
    assert.ok(img.RootFS.Layers!.length >= 4);
    const byId = await docker.getImage(img.Id.slice(7, 19)).inspect();
    assert.equal(byId.Id, img.Id);
    const byDigest = await docker.getImage(img.RepoDigests[0]!).inspect();
    assert.equal(byDigest.Id, img.Id);
    const viaLibrary = await json(d, 'GET', '/v1.45/images/docker.io/library/postgres:16/json');
    assert.equal(viaLibrary.body.Id, img.Id);
    const missing = await json(d, 'GET', '/images/nope:1/json');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { message: 'No such image: nope:1' });
  });

  it('shows history newest first with Dockerfile steps whose sizes add up to the image', async () => {
    const img = await docker.getImage('nginx:1.27').inspect();
    const hist = (await docker.getImage('nginx:1.27').history()) as { Id: string; Created: number; CreatedBy: string; Tags: string[] | null; Size: number; Comment: string }[];
    assert.equal(hist[0]!.Id, img.Id);
    assert.deepEqual(hist[0]!.Tags, ['nginx:1.27']);
    assert.match(hist[0]!.CreatedBy, /^CMD \["nginx" "-g" "daemon off;"\]/);
    assert.equal(hist.at(-1)!.Id, '<missing>');
    assert.match(hist.at(-1)!.CreatedBy, /ADD file:[0-9a-f]{64} in \//);
    assert.equal(hist.reduce((a, h) => a + h.Size, 0), img.Size);
    for (let i = 1; i < hist.length; i++) assert.ok(hist[i - 1]!.Created >= hist[i]!.Created);
    assert.equal(hist.filter((h) => h.Size > 0).length, img.RootFS.Layers!.length);
  });

  it('removes an unused image, which is then gone, and says so on the events stream', async () => {
    const images = await docker.listImages();
    const id = images.find((i) => i.RepoTags?.includes('kdeck/build-cache:latest'))!.Id;
    const events = stream(d, '/events?filters=' + encodeURIComponent(JSON.stringify({ type: ['image'] })), (b) => b.toString().includes('"delete"'));
    await new Promise((r) => setTimeout(r, 100));
    const res = (await docker.getImage('kdeck/build-cache:latest').remove()) as Record<string, string>[];
    assert.deepEqual(res[0], { Untagged: 'kdeck/build-cache:latest' });
    assert.ok(res.some((r) => r['Deleted'] === id));
    const after = await docker.listImages();
    assert.ok(!after.some((i) => i.Id === id));
    assert.equal(after.length, images.length - 1);
    assert.equal((await json(d, 'GET', '/images/kdeck/build-cache:latest/json')).status, 404);
    const evs = (await events).data.toString().trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(evs.map((e) => e.Action), ['untag', 'delete']);
    for (const e of evs) {
      assert.equal(e.Type, 'image');
      assert.equal(e.Actor.ID, id);
      assert.equal(typeof e.timeNano, 'number');
    }
    // A second removal is a 404 with the engine's text.
    const again = await json(d, 'DELETE', '/v1.47/images/kdeck/build-cache:latest');
    assert.equal(again.status, 404);
    assert.deepEqual(again.body, { message: 'No such image: kdeck/build-cache:latest' });
  });

  it('refuses to remove an image a container uses, running or stopped', async () => {
    const containers = await docker.listContainers({ all: true });
    const short = (s: string) => s.replace('sha256:', '').slice(0, 12);
    const oldProxy = containers.find((c) => c.Names[0] === '/old-proxy')!;
    const stopped = await json(d, 'DELETE', '/images/nginx:1.27');
    assert.equal(stopped.status, 409);
    assert.equal(stopped.body.message, `conflict: unable to remove repository reference "nginx:1.27" (must force) - container ${short(oldProxy.Id)} is using its referenced image ${short(oldProxy.ImageID)}`);
    const byId = await json(d, 'DELETE', `/images/${short(oldProxy.ImageID)}`);
    assert.equal(byId.status, 409);
    assert.match(byId.body.message, /must be forced\) - image is being used by stopped container/);
    const db = containers.find((c) => c.Names[0] === '/dev-db')!;
    const forced = await json(d, 'DELETE', '/images/postgres:16?force=1');
    assert.equal(forced.status, 409);
    assert.equal(forced.body.message, `conflict: unable to delete ${short(db.ImageID)} (cannot be forced) - image is being used by running container ${short(db.Id)}`);
    await assert.rejects(docker.getImage('postgres:16').remove(), (e: { statusCode?: number }) => e.statusCode === 409);
    const still = await docker.listImages();
    assert.ok(still.some((i) => i.RepoTags?.includes('nginx:1.27')));
    assert.ok(still.some((i) => i.RepoTags?.includes('postgres:16')));
  });

  it('sends multiplexed log frames for a non-TTY container, stdout and stderr apart', async () => {
    const r = await raw(d, 'GET', '/containers/dev-db/logs?stdout=1&stderr=1&tail=5&timestamps=1');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/vnd.docker.multiplexed-stream');
    const frames = demux(r.body);
    assert.equal(frames.length, 5);
    for (const f of frames) {
      assert.equal(f.stream, 2, 'postgres logs to stderr');
      assert.match(f.text, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z \d{4}-\d\d-\d\d .* UTC \[\d+\] [A-Z]+: /);
      assert.ok(f.text.endsWith('\n'));
    }
    const onlyOut = await raw(d, 'GET', '/containers/dev-db/logs?stdout=1&stderr=0&tail=5');
    assert.equal(onlyOut.body.length, 0);
    const web = demux((await raw(d, 'GET', '/containers/web-preview/logs?stdout=1&stderr=1&tail=300')).body);
    assert.equal(web.length, 300);
    assert.ok(web.some((f) => f.stream === 1) && web.some((f) => f.stream === 2));
    // The same lines on a later read: logs are a record, not a fresh random draw.
    const later = demux((await raw(d, 'GET', '/containers/web-preview/logs?stdout=1&stderr=1&tail=all')).body).map((f) => f.text).join('');
    assert.ok(later.includes(web.slice(0, 20).map((f) => f.text).join('')));
    const stoppedLogs = demux((await raw(d, 'GET', '/containers/old-proxy/logs?stdout=1&stderr=1&tail=3&follow=1')).body);
    assert.equal(stoppedLogs.length, 3, 'follow on an exited container returns its logs and ends');
    const none = await json(d, 'GET', '/containers/dev-db/logs');
    assert.equal(none.status, 400);
  });

  it('demultiplexes through dockerode', async () => {
    const buf = (await docker.getContainer('web-preview').logs({ stdout: true, stderr: true, tail: 10, follow: false })) as unknown as Buffer;
    const frames = demux(buf);
    assert.equal(frames.length, 10);
  });

  it('sends raw bytes with CRLF for the TTY container', async () => {
    const r = await raw(d, 'GET', '/containers/toolbox/logs?stdout=1&stderr=1&tail=4');
    assert.equal(r.headers['content-type'], 'application/vnd.docker.raw-stream');
    const text = r.body.toString('utf8');
    assert.notEqual(r.body[0], 1);
    const lines = text.split('\r\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.length, 4);
    for (const l of lines) assert.match(l, /^\[\d\d:\d\d:\d\d\] [a-z.]+: \x1b\[3[12]m(ok|timeout)\x1b\[0m/);
  });

  it('follows a running container: new frames keep arriving after the backlog', async () => {
    const started = Date.now();
    const { data, headers } = await stream(d, '/v1.47/containers/web-preview/logs?stdout=1&stderr=1&follow=1&tail=1&timestamps=1', (b) => {
      try {
        return demux(b).length >= 6;
      } catch {
        return false;
      }
    });
    assert.equal(headers['content-type'], 'application/vnd.docker.multiplexed-stream');
    const frames = demux(data);
    const times = frames.map((f) => Date.parse(f.text.slice(0, 23) + 'Z'));
    assert.ok(times.at(-1)! >= started - 50, 'later frames are new lines, not backlog');
    for (let i = 1; i < times.length; i++) assert.ok(times[i]! >= times[i - 1]!);
  });

  it('answers anything else with 404 page not found, and refuses a too-new API version', async () => {
    const r = await json(d, 'GET', '/v1.47/networks');
    assert.equal(r.status, 404);
    assert.deepEqual(r.body, { message: 'page not found' });
    const v = await json(d, 'GET', '/v1.99/version');
    assert.equal(v.status, 400);
    assert.match(v.body.message, /client version 1\.99 is too new/);
  });

  it('close() ends a follow and an event stream and removes the socket', async () => {
    const d2 = await startDemoDocker();
    const ended = (path: string) =>
      new Promise<void>((resolve, reject) => {
        const req = request({ socketPath: d2.socketPath, path }, (res) => {
          res.resume();
          res.on('end', resolve);
          res.on('close', resolve);
        });
        req.on('error', reject);
        req.end();
      });
    const follow = ended('/containers/toolbox/logs?stdout=1&follow=1');
    const events = ended('/events');
    await new Promise((r) => setTimeout(r, 100));
    await d2.close();
    await Promise.all([follow, events]);
    assert.equal(existsSync(d2.socketPath), false);
  });
});

describe('demo cluster with docker: true', () => {
  it('exposes dockerHost, serves the docker API there, and close() removes the socket', async () => {
    const cluster = await startDemoCluster({ port: 0, docker: true });
    let path = '';
    try {
      assert.match(cluster.dockerHost ?? '', /^unix:\/\/\/.+\/docker\.sock$/);
      path = cluster.dockerHost!.slice('unix://'.length);
      const docker = new Docker({ socketPath: path });
      const images = await docker.listImages();
      assert.ok(images.some((i) => i.RepoTags?.includes('shop/web:1.2')));
    } finally {
      await cluster.close();
    }
    assert.equal(existsSync(path), false);
    const plain = await startDemoCluster({ port: 0 });
    assert.equal(plain.dockerHost, undefined);
    await plain.close();
  });
});

const DOCKER_CLI = '/usr/local/bin/docker';
describe('demo docker host through the docker CLI', { skip: existsSync(DOCKER_CLI) ? false : 'no docker CLI installed' }, () => {
  let d: DemoDocker;
  let config: string;
  const cli = (...args: string[]) =>
    new Promise<{ code: number; out: string; err: string }>((resolve) => {
      execFile(DOCKER_CLI, ['-H', d.host, ...args], { env: { ...process.env, DOCKER_CONFIG: config, DOCKER_HOST: '', DOCKER_CONTEXT: '' }, timeout: 15000 }, (e, out, err) =>
        resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, out, err }),
      );
    });
  before(async () => {
    d = await startDemoDocker();
    config = await mkdtemp(join(tmpdir(), 'kdeck-docker-config-'));
  });
  after(async () => {
    await d.close();
    await rm(config, { recursive: true, force: true });
  });

  it('docker images lists the seed', async () => {
    const r = await cli('images');
    assert.equal(r.code, 0, r.err);
    const rows = r.out.trim().split('\n').slice(1).map((l) => l.split(/\s{2,}/));
    const refs = rows.map((c) => `${c[0]}:${c[1]}`);
    for (const t of [...SHARED, ...UNUSED, 'postgres:16', 'alpine:3.20', '<none>:<none>']) assert.ok(refs.includes(t), `docker images lacks ${t}:\n${r.out}`);
  });

  it('docker ps -a lists the containers with their states', async () => {
    const r = await cli('ps', '-a', '--format', '{{.Names}}|{{.Image}}|{{.Status}}|{{.Ports}}');
    assert.equal(r.code, 0, r.err);
    const rows = new Map(r.out.trim().split('\n').map((l) => [l.split('|')[0]!, l.split('|')]));
    assert.deepEqual([...rows.keys()].sort(), ['dev-db', 'old-proxy', 'toolbox', 'web-preview']);
    assert.match(rows.get('dev-db')![2]!, /^Up /);
    assert.match(rows.get('dev-db')![3]!, /0\.0\.0\.0:5432->5432\/tcp/);
    assert.match(rows.get('old-proxy')![2]!, /^Exited \(0\)/);
  });

  it('docker rmi refuses an image in use and removes an unused one; docker logs demultiplexes', async () => {
    const refused = await cli('rmi', 'nginx:1.27');
    assert.notEqual(refused.code, 0);
    assert.match(refused.err, /conflict: unable to remove repository reference "nginx:1.27"/);
    const ok = await cli('rmi', 'golang:1.22');
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /Untagged: golang:1.22/);
    assert.ok(!(await cli('images')).out.includes('golang'));
    const logs = await cli('logs', '--tail', '2', 'dev-db');
    assert.equal(logs.code, 0);
    assert.equal(logs.out, '');
    assert.equal(logs.err.trim().split('\n').length, 2);
    assert.match(logs.err, /UTC \[\d+\] /);
  });
});
