// The Docker client and watch against a real engine the test starts itself:
// images from `docker import`, containers with no network.
import assert from 'node:assert/strict';
import path from 'node:path';
import os from 'node:os';
import { after, before, describe, test } from 'node:test';
import type { DockerSnapshot } from '../../src/model/docker-types.js';
import type { ConnectionState } from '../../src/model/types.js';
import { createDockerClient, type DockerClient } from '../../src/sources/docker/client.js';
import { startDockerWatch } from '../../src/sources/docker/watch.js';
import { dockerAvailable, importTestImage, startDockerd, type PrivateDockerd } from '../helpers/dockerd.js';

const why = dockerAvailable();

async function until<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const COUNTER = (word: string) => `i=0; while true; do echo ${word} $i; i=$((i+1)); sleep 0.2; done`;

describe('Docker client against a real engine', { skip: why }, () => {
  let d: PrivateDockerd;
  let c: DockerClient;
  let appId: string;
  let firstOldId: string;
  const started = Date.now();

  before(async () => {
    const t0 = Date.now();
    d = await startDockerd();
    console.log(`dockerd up in ${Date.now() - t0} ms`);
    appId = await importTestImage(d, 'kt/app:1');
    await importTestImage(d, 'kt/unused:1');
    firstOldId = await importTestImage(d, 'kt/old:1');
    // Importing over an existing tag leaves the first image with no tag: dangling.
    await importTestImage(d, 'kt/old:1');
    await d.run(['run', '-d', '--network', 'none', '--name', 't1', 'kt/app:1', 'sh', '-c', COUNTER('line')]);
    await d.run(['run', '-d', '-t', '--network', 'none', '--name', 't2', 'kt/app:1', 'sh', '-c', COUNTER('tty')]);
    await d.run(['run', '--network', 'none', '--name', 't3', 'kt/app:1', 'sh', '-c', 'echo to-stdout; echo to-stderr >&2; printf "no newline"']);
    c = createDockerClient({ url: d.host, from: 'flag' });
  });

  after(async () => {
    c?.close();
    await d?.stop();
    console.log(`docker engine suite took ${Date.now() - started} ms`);
  });

  test('ping reports the engine and API versions', async () => {
    const v = await c.ping();
    assert.match(v.apiVersion, /^1\.(4\d|[5-9]\d)$/);
    assert.match(v.version, /^\d+\./);
  });

  test('snapshot lists the imported images with tags, size, use and dangling', async () => {
    const s = await c.snapshot();
    const app = s.images.find((i) => i.id === appId);
    assert.ok(app, 'kt/app:1 listed');
    assert.deepEqual(app.repoTags, ['kt/app:1']);
    assert.deepEqual(app.repoDigests, []);
    assert.equal(app.dangling, false);
    assert.equal(app.containers, 3);
    assert.ok(app.size > 500_000 && app.size < 20_000_000, `size ${app.size}`);
    assert.ok(Math.abs(app.created - Date.now() / 1000) < 600);

    const unused = s.images.find((i) => i.repoTags.includes('kt/unused:1'));
    assert.equal(unused?.containers, 0);

    const old = s.images.find((i) => i.id === firstOldId);
    assert.ok(old, 'the re-tagged-over import is still listed');
    assert.deepEqual(old.repoTags, []);
    assert.equal(old.dangling, true);
    assert.equal(s.images.filter((i) => i.repoTags.includes('kt/old:1')).length, 1);
  });

  test('snapshot lists running and exited containers', async () => {
    const s = await c.snapshot();
    const byName = new Map(s.containers.map((x) => [x.name, x]));
    assert.deepEqual([...byName.keys()].sort(), ['t1', 't2', 't3']);
    const t1 = byName.get('t1')!;
    assert.equal(t1.image, 'kt/app:1');
    assert.equal(t1.imageId, appId);
    assert.equal(t1.state, 'running');
    assert.match(t1.status, /^Up /);
    assert.deepEqual(t1.ports, []);
    assert.match(t1.id, /^[0-9a-f]{64}$/);
    assert.equal(byName.get('t3')!.state, 'exited');
    assert.match(byName.get('t3')!.status, /^Exited \(0\)/);
  });

  test('inspect returns the engine JSON; inspectContainer tells TTY from not', async () => {
    const img = await c.inspectImage('kt/app:1');
    assert.equal(img.Id, appId);
    assert.deepEqual((img.Config as { Cmd: string[] }).Cmd, ['/bin/sh']);
    assert.equal((await c.inspectContainer('t1')).tty, false);
    assert.equal((await c.inspectContainer('t2')).tty, true);
    await assert.rejects(c.inspectImage('kt/nope:1'), /No such image: kt\/nope:1/);
  });

  test('history lists the layers with size and tags', async () => {
    const layers = await c.imageHistory('kt/app:1');
    assert.equal(layers.length, 1);
    assert.equal(layers[0]!.id, appId);
    assert.deepEqual(layers[0]!.tags, ['kt/app:1']);
    assert.ok(layers[0]!.size > 500_000);
    assert.match(layers[0]!.comment, /^Imported from/);
  });

  test('removing an unused image deletes it: it is gone from docker images', async () => {
    const lines = await c.removeImage('kt/unused:1');
    assert.equal(lines[0], 'Untagged: kt/unused:1');
    assert.ok(lines.some((l) => /^Deleted: sha256:[0-9a-f]{64}$/.test(l)), lines.join('\n'));
    assert.equal(await d.run(['images', '-q', 'kt/unused']), '');
  });

  test('removing an image a container uses is refused with the engine message', async () => {
    await assert.rejects(c.removeImage('kt/app:1'), (e: Error & { status?: number }) => {
      assert.equal(e.name, 'DockerError');
      assert.equal(e.status, 409);
      assert.match(e.message, /^conflict: unable to remove repository reference "kt\/app:1" \(must force\) - container [0-9a-f]+ is using its referenced image [0-9a-f]+$/);
      return true;
    });
    assert.notEqual(await d.run(['images', '-q', 'kt/app:1']), '');
  });

  test('non-TTY logs are demultiplexed: stdout and stderr lines, no frame headers', async () => {
    const got: string[] = [];
    const end = await c.containerLogs('t3', { follow: false, tail: -1, timestamps: false }, (l) => got.push(...l)).done;
    assert.deepEqual(end, { reason: 'eof' });
    assert.deepEqual(got.slice().sort(), ['no newline', 'to-stderr', 'to-stdout']);

    const tail: string[] = [];
    await c.containerLogs('t1', { follow: false, tail: 3, timestamps: false }, (l) => tail.push(...l)).done;
    assert.equal(tail.length, 3);
    for (const l of tail) assert.match(l, /^line \d+$/);
  });

  test('timestamps are prefixed when asked', async () => {
    const got: string[] = [];
    await c.containerLogs('t3', { follow: false, tail: 1, timestamps: true }, (l) => got.push(...l)).done;
    assert.equal(got.length, 1);
    assert.match(got[0]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z \S/);
  });

  test('follow delivers new lines as the container writes them, until aborted', async () => {
    const got: string[] = [];
    const s = c.containerLogs('t1', { follow: true, tail: 1, timestamps: false }, (l) => got.push(...l));
    const first = Number((await until('first line', () => got[0]))!.split(' ')[1]);
    await until('three more lines', () => got.length >= 4);
    s.abort();
    assert.deepEqual(await s.done, { reason: 'aborted' });
    got.forEach((l, i) => assert.equal(l, `line ${first + i}`));
  });

  test('TTY logs are read raw: one line per echo, no carriage returns', async () => {
    const got: string[] = [];
    const s = c.containerLogs('t2', { follow: true, tail: 2, timestamps: false }, (l) => got.push(...l));
    await until('tty lines', () => got.length >= 4);
    s.abort();
    assert.deepEqual(await s.done, { reason: 'aborted' });
    for (const l of got) assert.match(l, /^tty \d+$/);
  });

  test('logs of a container that does not exist end with the engine message', async () => {
    const end = await c.containerLogs('nope', { follow: true, tail: 1, timestamps: false }, () => {}).done;
    assert.deepEqual(end, { reason: 'error', message: 'No such container: nope' });
  });

  test('the watch sees a new tag through engine events, well before its poll', async () => {
    const snaps: DockerSnapshot[] = [];
    const states: ConnectionState[] = [];
    const w = startDockerWatch(c, { onSnapshot: (s) => snaps.push(s), onState: (s) => states.push(s) }, { pollMs: 60_000, debounceMs: 50 });
    try {
      await until('live', () => states.includes('live'));
      assert.deepEqual(states, ['connecting', 'live']);
      // The events stream must be open before the change, or only the poll would see it.
      await new Promise((r) => setTimeout(r, 300));
      const before = snaps.length;
      const t0 = Date.now();
      await d.run(['tag', 'kt/app:1', 'kt/app:tagged']);
      await until('tag in a snapshot', () => snaps.slice(before).some((s) => s.images.some((i) => i.repoTags.includes('kt/app:tagged'))), 5000);
      assert.ok(Date.now() - t0 < 5000);
    } finally {
      w.stop();
    }
  });
});

describe('the watch with no engine', () => {
  test('reports one error line and retries with backoff, not in a hot loop', async () => {
    const url = `unix://${path.join(os.tmpdir(), `kdeck-none-${process.pid}.sock`)}`;
    const c = createDockerClient({ url, from: 'DOCKER_HOST' });
    let pings = 0;
    const ping = c.ping.bind(c);
    c.ping = () => {
      pings++;
      return ping();
    };
    const states: [ConnectionState, string | undefined][] = [];
    const w = startDockerWatch(c, { onSnapshot: () => assert.fail('no snapshot expected'), onState: (s, m) => states.push([s, m]) }, { initialBackoffMs: 200, maxBackoffMs: 400 });
    await new Promise((r) => setTimeout(r, 1500));
    w.stop();
    c.close();
    assert.deepEqual(states[0], ['connecting', undefined]);
    assert.deepEqual(states[1], ['error', `no Docker engine at ${url} (connect ENOENT): is dockerd running?`]);
    assert.ok(pings >= 3 && pings <= 10, `${pings} attempts in 1.5 s`);
    const n = pings;
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(pings, n, 'no retries after stop()');
  });
});
