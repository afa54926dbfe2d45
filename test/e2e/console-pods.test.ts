// The whole console in a real terminal (tmux) against the real cluster: what
// kdeck shows must be what kubectl shows for the same objects.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BIN, REPO } from '../helpers/kdeck-bin.js';
import { startTmux, tmuxAvailable, type TmuxSession } from '../helpers/tmux.js';
import { CONTEXT_LIMITED } from '../../scripts/cluster/config.js';
import { eventually, KUBECONFIG, kubectl, requireCluster } from './cluster-env.js';

const skip = tmuxAvailable() ? false : 'tmux is not installed';

/** The table rows under the header line that starts with `first`, as whitespace-split cells. */
function tableRows(screen: string, first: string): string[][] {
  const lines = screen.split('\n');
  const h = lines.findIndex((l) => l.startsWith(`${first} `));
  if (h < 0) return [];
  const rows: string[][] = [];
  for (const l of lines.slice(h + 1)) {
    if (l.trim() === '' || l.startsWith('<')) break;
    rows.push(l.trim().split(/\s+/));
  }
  return rows;
}

async function kubectlRows(kind: string, columns: number[]): Promise<string[]> {
  const out = await kubectl(['get', kind, '-A', '--no-headers']);
  return out.trim().split('\n').map((l) => {
    const cells = l.trim().split(/\s+/);
    return columns.map((c) => cells[c]).join(' ');
  }).sort();
}

describe('kdeck against the real cluster, in a terminal', { skip }, () => {
  let t: TmuxSession;
  before(requireCluster);
  after(async () => t?.kill());

  test('the pods view shows the pods, READY and STATUS that kubectl get pods -A shows', async () => {
    t = await startTmux({
      command: [process.execPath, BIN, '--kubeconfig', KUBECONFIG, '-A'],
      cols: 200,
      rows: 50,
      cwd: REPO,
      // Run what is in src/, not a dist/ that may be older.
      env: { KDECK_FROM_SOURCE: '1' },
    });
    let screen = await t.waitFor((s) => /pods\(all\)/.test(s) && s.includes('CrashLoopBackOff'), { timeoutMs: 30_000 });
    assert.match(screen, /ctx:kdeck-e2e\b/);
    // A crash-looping pod flips between Running and CrashLoopBackOff, so
    // compare until one moment where both sides saw the same world.
    let last = { kdeck: [] as string[], kubectl: [] as string[] };
    await eventually('kdeck and kubectl agree on pods', async () => {
      screen = await t.capture();
      const kdeck = tableRows(screen, 'NAMESPACE').map((c) => `${c[0]} ${c[1]} ${c[2]} ${c[3]}`).sort();
      const want = await kubectlRows('pods', [0, 1, 2, 3]);
      last = { kdeck, kubectl: want };
      return JSON.stringify(kdeck) === JSON.stringify(want);
    }, 30_000, 500).catch((err: Error) => {
      assert.deepEqual(last.kdeck, last.kubectl, `${err.message}\n${screen}`);
    });
    assert.ok(last.kdeck.length >= 30, `all pods on screen:\n${screen}`);
    assert.ok(last.kdeck.some((r) => r.endsWith(' ImagePullBackOff')));
    assert.ok(last.kdeck.some((r) => r.endsWith(' Pending')));
  });

  test(':dp shows the deployments with the READY kubectl shows', async () => {
    await t.type(':dp');
    await t.sendKeys('Enter');
    await t.waitFor((s) => /deployments\(all\)/.test(s) && s.includes('payments'), { timeoutMs: 10_000 });
    let last = { kdeck: [] as string[], kubectl: [] as string[] };
    let screen = '';
    await eventually('kdeck and kubectl agree on deployments', async () => {
      screen = await t.capture();
      const kdeck = tableRows(screen, 'NAMESPACE').map((c) => `${c[0]} ${c[1]} ${c[2]}`).sort();
      const want = await kubectlRows('deployments', [0, 1, 2]);
      last = { kdeck, kubectl: want };
      return JSON.stringify(kdeck) === JSON.stringify(want);
    }, 20_000, 500).catch((err: Error) => {
      assert.deepEqual(last.kdeck, last.kubectl, `${err.message}\n${screen}`);
    });
    assert.ok(last.kdeck.includes('shop web 3/3'));
  });

  test('q quits cleanly', async () => {
    await t.sendKeys('q');
    await eventually('kdeck exited', async () => (await t.paneDead()).dead, 10_000);
    assert.equal((await t.paneDead()).status, 0);
  });
});

describe('kdeck as the RBAC-limited user, in a terminal', { skip }, () => {
  let t: TmuxSession;
  before(requireCluster);
  after(async () => t?.kill());

  test('opens on its namespace and shows the pods kubectl shows that user', async () => {
    t = await startTmux({
      command: [process.execPath, BIN, '--kubeconfig', KUBECONFIG, '--context', CONTEXT_LIMITED],
      cols: 200,
      rows: 50,
      cwd: REPO,
      env: { KDECK_FROM_SOURCE: '1' },
    });
    let screen = await t.waitFor((s) => /pods\(shop\)/.test(s) && s.includes('payments'), { timeoutMs: 30_000 });
    assert.match(screen, /ctx:kdeck-e2e-limited\b/);
    let last = { kdeck: [] as string[], kubectl: [] as string[] };
    await eventually('kdeck and kubectl agree on the shop pods', async () => {
      screen = await t.capture();
      // In one namespace the table may or may not repeat it; names are unique there.
      const rows = tableRows(screen, 'NAME').length ? tableRows(screen, 'NAME') : tableRows(screen, 'NAMESPACE').map((c) => c.slice(1));
      const kdeck = rows.map((c) => `${c[0]} ${c[2]}`).sort();
      const out = await kubectl(['get', 'pods', '--no-headers'], { context: CONTEXT_LIMITED });
      const want = out.trim().split('\n').map((l) => l.trim().split(/\s+/)).map((c) => `${c[0]} ${c[2]}`).sort();
      last = { kdeck, kubectl: want };
      return JSON.stringify(kdeck) === JSON.stringify(want);
    }, 30_000, 500).catch((err: Error) => {
      assert.deepEqual(last.kdeck, last.kubectl, `${err.message}\n${screen}`);
    });
    assert.ok(!screen.includes('platform'), 'nothing from namespaces it may not read');
  });
});
