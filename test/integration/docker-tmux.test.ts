// The images and containers views in the real console (tmux), against a real
// Docker engine the test starts itself and `kdeck demo-server` as the cluster.
// Results are checked with the docker CLI, not with kdeck's own reading.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTmux, tmuxAvailable, type TmuxSession } from '../helpers/tmux.js';
import { livePodTable } from '../helpers/console-steps.js';
import { BIN, REPO } from '../helpers/kdeck-bin.js';
import { startDemoServerProcess, type DemoServerProcess } from '../helpers/demo-server-process.js';
import { dockerAvailable, importTestImage, startDockerd, type PrivateDockerd } from '../helpers/dockerd.js';

const skip = !tmuxAvailable() ? 'tmux is not installed' : (dockerAvailable() ?? false);
const rowOf = (screen: string, re: RegExp) => screen.split('\n').find((l) => re.test(l));

describe('images and containers against a real dockerd', { skip }, () => {
  let srv: DemoServerProcess;
  let d: PrivateDockerd;
  let t: TmuxSession | undefined;
  before(async () => {
    srv = await startDemoServerProcess();
    d = await startDockerd();
    // shop/web:1.2 is also what the demo cluster runs; tools/unused is on the host only.
    await importTestImage(d, 'shop/web:1.2');
    await importTestImage(d, 'tools/unused:1');
    await importTestImage(d, 'tools/busy:1');
    await d.run(['run', '-d', '--network', 'none', '--name', 'ticker', 'tools/busy:1', 'sh', '-c', 'i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done']);
    t = await startTmux({ command: [process.execPath, BIN, '--kubeconfig', srv.kubeconfig, '-A', '--docker-host', d.host], cols: 120, rows: 40, cwd: REPO });
    await t.waitFor(livePodTable, { timeoutMs: 20000 });
  });
  after(async () => {
    await t?.kill();
    await d?.stop();
    await srv?.stop();
  });

  test(':img shows cluster-only, host-only and shared images, with who uses them', async () => {
    await t!.type(':img');
    await t!.sendKeys('Enter');
    const s = await t!.waitFor((x) => /images\(all\)/.test(x) && x.includes('tools/unused'), { timeoutMs: 15000 });
    assert.match(rowOf(s, /^shop\/web\s/)!, /1\.2\s+both\s+3\s+shop\/web/);
    assert.match(rowOf(s, /^tools\/unused\s/)!, /1\s+host\s+.*unused/);
    assert.match(rowOf(s, /^tools\/busy\s/)!, /host\s+ctr:ticker/);
    assert.match(rowOf(s, /^platform\/api\s/)!, /4\.1\s+cluster\s+2\s+platform\/api/);
  });

  test('ctrl-d on an unused image removes it after a confirmation; docker images no longer lists it', async () => {
    await t!.type('/tools/unused');
    await t!.sendKeys('Enter');
    await t!.waitFor(/images\(all\) \[1\/\d+\]/);
    await t!.sendKeys('C-d');
    await t!.waitFor('remove image tools/unused:1 from the Docker host?');
    await t!.type('y');
    await t!.waitFor('removed tools/unused:1');
    const images = await d.run(['images', '--format', '{{.Repository}}:{{.Tag}}']);
    assert.ok(!images.includes('tools/unused'), images);
    assert.ok(images.includes('shop/web:1.2'));
    await t!.sendKeys('Escape');
    await t!.waitFor((x) => !x.includes('/tools/unused'));
  });

  test('removing an image a container uses is refused, and the image stays', async () => {
    await t!.type('/tools/busy');
    await t!.sendKeys('Enter');
    await t!.waitFor(/images\(all\) \[1\/\d+\]/);
    await t!.sendKeys('C-d');
    await t!.waitFor('refusing to remove tools/busy:1: used by host container ticker');
    assert.ok((await d.run(['images', '--format', '{{.Repository}}'])).includes('tools/busy'));
    await t!.sendKeys('Escape');
    await t!.waitFor((x) => !x.includes('/tools/busy'));
  });

  test(':ctr lists the host containers and l streams a container log', async () => {
    await t!.type(':ctr');
    await t!.sendKeys('Enter');
    const s = await t!.waitFor(/containers\(docker\)/);
    assert.match(rowOf(s, /^ticker\s/)!, /tools\/busy:1\s+running/);
    await t!.type('l');
    const first = await t!.waitFor(/tick \d+/, { timeoutMs: 15000 });
    const n = Math.max(...[...first.matchAll(/tick (\d+)/g)].map((m) => Number(m[1])));
    await t!.waitFor((x) => [...x.matchAll(/tick (\d+)/g)].some((m) => Number(m[1]) > n + 3), { timeoutMs: 15000 });
  });
});

describe('with no Docker engine', { skip: tmuxAvailable() ? false : 'tmux is not installed' }, () => {
  let srv: DemoServerProcess;
  let t: TmuxSession | undefined;
  before(async () => {
    srv = await startDemoServerProcess();
  });
  after(async () => {
    await t?.kill();
    await srv?.stop();
  });

  test('DOCKER_HOST pointing at nothing: the Kubernetes views work, the Docker view says why', async () => {
    t = await startTmux({ command: [process.execPath, BIN, '--kubeconfig', srv.kubeconfig, '-A'], env: { DOCKER_HOST: 'unix:///tmp/kdeck-no-such-docker.sock' }, cols: 100, rows: 30, cwd: REPO });
    // Docker trouble must not taint the cluster's header: it reaches "live" regardless.
    const s = await t.waitFor(livePodTable, { timeoutMs: 20000 });
    assert.doesNotMatch(s.split('\n')[0]!, /docker/);
    await t.type(':dp');
    await t.sendKeys('Enter');
    await t.waitFor(/web\s+3\/3/);
    await t.type(':ctr');
    await t.sendKeys('Enter');
    await t.waitFor(/docker: no Docker engine at unix:\/\/\/tmp\/kdeck-no-such-docker\.sock/, { timeoutMs: 15000 });
    await t.type(':img');
    await t.sendKeys('Enter');
    const img = await t.waitFor(/images\(all\)/);
    assert.match(img, /platform\/api\s+4\.1\s+cluster/, 'cluster images still listed');
  });
});
