// The images view's actions on the Docker side: users, remove through the
// gate (refused when in use, warned when the cluster runs it), prune, read-only.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { renderConsole, type FakeConsole } from '../helpers/fake-session.js';
import { seedEvents } from '../helpers/fixtures.js';
import type { DockerSnapshot } from '../../src/model/docker-types.js';

let c: FakeConsole | undefined;
afterEach(() => {
  c?.ui.unmount();
  c = undefined;
});

const img = (id: string, tags: string[], size: number) => ({ id, repoTags: tags, repoDigests: [], created: Math.floor(Date.now() / 1000) - 86400, size, containers: 0, dangling: tags.length === 0 });
const docker: DockerSnapshot = {
  images: [img('sha256:web', ['shop/web:1.2'], 149e6), img('sha256:old', ['tools/old:1'], 5e6), img('sha256:pg', ['postgres:16'], 422e6), img('sha256:dang', [], 1e6)],
  containers: [{ id: 'c1', name: 'dev-db', image: 'postgres:16', imageId: 'sha256:pg', state: 'running', status: 'Up 3 days', ports: [], created: 0 }],
};
const rmis = () => c!.calls.filter((x) => x.startsWith('rmi:'));

async function onImage(name: RegExp, opts: { readonly?: boolean } = {}) {
  c = renderConsole(seedEvents(), { columns: 140, rows: 30, view: 'images', docker, ...opts });
  const f = await c.ui.waitFor(/images\(all\)/);
  const lines = f.split('\n').slice(3);
  const i = lines.findIndex((l) => name.test(l));
  assert.ok(i >= 0, `row ${name} in\n${f}`);
  for (let k = 0; k < i; k++) await c.ui.press('j');
}

test('ctrl-d on an unused image asks, then removes it', async () => {
  await onImage(/^tools\/old\s/);
  await c!.ui.press('\x04');
  const f = await c!.ui.waitFor('remove image tools/old:1 from the Docker host?');
  assert.match(f, /tools\/old:1, 5MB/);
  await c!.ui.type('y');
  await c!.ui.waitFor('removed tools/old:1');
  assert.deepEqual(rmis(), ['rmi:tools/old:1']);
});

test('an image the cluster runs: the confirmation says nodes may pull it again', async () => {
  await onImage(/^shop\/web\s/);
  await c!.ui.press('\x04');
  const f = await c!.ui.waitFor('remove image shop/web:1.2 from the Docker host?');
  assert.match(f, /still used in the cluster by shop\/.*may pull it again/);
  await c!.ui.press('esc');
  await c!.ui.waitFor('nothing was changed');
  assert.deepEqual(rmis(), []);
});

test('an image a host container uses is refused before any question', async () => {
  await onImage(/^postgres\s/);
  await c!.ui.press('\x04');
  await c!.ui.waitFor('refusing to remove postgres:16: used by host container dev-db');
  assert.deepEqual(rmis(), []);
});

test(':prune lists every unused image, then one confirmation removes them', async () => {
  await onImage(/^tools\/old\s/);
  await c!.ui.type(':prune');
  await c!.ui.press('enter');
  const f = await c!.ui.waitFor(/remove 2 unused images \(6MB\) from the Docker host\?/);
  assert.match(f, /tools\/old:1/);
  assert.match(f, /<none> sha256:dang/);
  await c!.ui.type('y');
  await c!.ui.waitFor('removed 2 unused images');
  assert.deepEqual(rmis().sort(), ['rmi:sha256:dang', 'rmi:sha256:old']);
});

test('read-only: image removal and prune are refused', async () => {
  await onImage(/^tools\/old\s/, { readonly: true });
  await c!.ui.press('\x04');
  await c!.ui.waitFor('read-only: refusing to remove image tools/old:1');
  await c!.ui.type(':prune');
  await c!.ui.press('enter');
  await c!.ui.waitFor('read-only: refusing to remove 2 unused images');
  assert.deepEqual(rmis(), []);
});

test('Enter lists who uses an image: workloads, pods and host containers', async () => {
  await onImage(/^shop\/web\s/);
  await c!.ui.press('enter');
  const f = await c!.ui.waitFor('users of shop/web:1.2');
  assert.match(f, /workload\s+shop\/web/);
  assert.match(f, /pod\s+shop\/web-7d9c-aaaaa/);
  assert.match(f, /host: 0 containers/);
});
