// The log pane in the real console (tmux, 80x24) against `kdeck demo-server`:
// a deployment's pods interleaved, a new pod joining, pause without loss, and
// a pod whose logs try to take over the terminal.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { tmuxAvailable, startTmux, type TmuxSession } from '../helpers/tmux.js';
import { filterToShopWeb, livePodTable } from '../helpers/console-steps.js';
import { BIN, REPO } from '../helpers/kdeck-bin.js';
import { startDemoServerProcess, type DemoServerProcess } from '../helpers/demo-server-process.js';

const skip = tmuxAvailable() ? false : 'tmux is not installed';
const prefixes = (screen: string) => new Set([...screen.matchAll(/(web-[a-z0-9]+-[a-z0-9]{5})\/web \|/g)].map((m) => m[1]));
const status = (screen: string) => /\[(\d+) lines[^\]]*· (\d+) streams? · ([^\]·]+)/.exec(screen);

describe('log pane in the real console against kdeck demo-server', { skip }, () => {
  let srv: DemoServerProcess;
  let t: TmuxSession;
  before(async () => {
    srv = await startDemoServerProcess();
    t = await startTmux({ command: [process.execPath, BIN, '--kubeconfig', srv.kubeconfig, '-A'], cols: 80, rows: 24, cwd: REPO });
    // The full pod table, live (pods open in name order, so the crash loop may be below the fold).
    await t.waitFor(livePodTable, { timeoutMs: 20000 });
  });
  after(async () => {
    await t?.kill();
    await srv?.stop();
  });

  test('l on shop/web interleaves the lines of all its pods', async () => {
    await filterToShopWeb(t);
    await t.type('l');
    const s = await t.waitFor((x) => prefixes(x).size === 3 && /3 streams · following/.test(x), { timeoutMs: 30000 });
    assert.equal(prefixes(s).size, 3);
  });

  test('scaling web up makes the new pod join the stream', async () => {
    const scale = await srv.apps.readNamespacedDeploymentScale({ namespace: 'shop', name: 'web' });
    await srv.apps.replaceNamespacedDeploymentScale({ namespace: 'shop', name: 'web', body: { ...scale, spec: { replicas: 4 } } });
    const s = await t.waitFor((x) => /4 streams/.test(x), { timeoutMs: 30000 });
    assert.match(s, /4 streams/);
    await t.waitFor((x) => prefixes(x).size === 4 || /joined/.test(x), { timeoutMs: 30000 });
  });

  test('pause for 10 s, then resume: every line that arrived is there', async () => {
    await t.sendKeys('Space');
    const first = status(await t.waitFor(/PAUSED \+\d+ new/))!;
    const before = Number(first[1]) - Number(/PAUSED \+(\d+) new/.exec(first[0])![1]);
    await new Promise((r) => setTimeout(r, 10_000));
    const s = await t.capture();
    const during = status(s)!;
    const fresh = Number(/PAUSED \+(\d+) new/.exec(s)![1]);
    assert.ok(fresh > 5, `lines kept arriving while paused (${fresh})`);
    assert.equal(Number(during[1]), before + fresh, 'buffered = before the pause + counted while paused');
    await t.sendKeys('Space');
    const after = status(await t.waitFor(/· following/))!;
    assert.ok(Number(after[1]) >= before + fresh, 'nothing dropped on resume');
    await t.sendKeys('Escape');
    await t.waitFor((x) => !x.includes('logs('));
  });

  test('a pod printing escape sequences cannot retitle or clear the terminal', async () => {
    await srv.apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'mischief', namespace: 'default' },
        spec: { replicas: 1, selector: { matchLabels: { app: 'mischief' } }, template: { metadata: { labels: { app: 'mischief' } }, spec: { containers: [{ name: 'm', image: 'demo/mischief:1' }] } } },
      },
    });
    await t.type(':logs -l app=mischief -n default');
    await t.sendKeys('Enter');
    await t.waitFor(/title changed|8-bit CSI/, { timeoutMs: 30000 });
    await new Promise((r) => setTimeout(r, 1500));
    const raw = await t.capture({ escapes: true });
    assert.ok(!raw.includes('\x1b]0;'), 'no OSC reached the screen');
    const title = execFileSync('tmux', ['-S', t.name, 'display-message', '-p', '#{pane_title}'], { encoding: 'utf8' });
    assert.ok(!title.includes('pwned'), `pane title is still "${title.trim()}"`);
    const screen = await t.capture();
    assert.match(screen, /kdeck ctx:/, 'the header was not cleared away');
  });
});
