// `kdeck --triage` against the real control plane: what it lists as broken
// must be what kubectl says is broken — pods not Running and ready, nodes not
// Ready, deployments short of ready replicas.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BIN, REPO } from '../helpers/kdeck-bin.js';
import { startTmux, tmuxAvailable, type TmuxSession } from '../helpers/tmux.js';
import { CONTEXT_LIMITED } from '../../scripts/cluster/config.js';
import { eventually, KUBECONFIG, kubectl, requireCluster } from './cluster-env.js';

const skip = tmuxAvailable() ? false : 'tmux is not installed';

/** kdeck's triage rows for pods, deployments and nodes, as "kind name". */
function triageRows(screen: string): string[] {
  const lines = screen.split('\n');
  const h = lines.findIndex((l) => l.startsWith('SEV '));
  if (h < 0) return [];
  const out: string[] = [];
  for (const l of lines.slice(h + 1)) {
    if (!/^(CRIT|WARN) /.test(l)) break;
    const [, kind, object] = l.trim().split(/\s+/);
    if (kind === 'pod' || kind === 'deploy' || kind === 'node') out.push(`${kind} ${object}`);
  }
  return out.sort();
}

/** What kubectl calls broken, in the same shape. */
async function kubectlBroken(): Promise<string[]> {
  const rows = (out: string) => out.trim().split('\n').filter(Boolean).map((l) => l.trim().split(/\s+/));
  const out: string[] = [];
  for (const [ns, name, ready, status] of rows(await kubectl(['get', 'pods', '-A', '--no-headers']))) {
    const [a, b] = ready!.split('/');
    if (status !== 'Running' || a !== b) out.push(`pod ${ns}/${name}`);
  }
  for (const [ns, name, ready] of rows(await kubectl(['get', 'deployments', '-A', '--no-headers']))) {
    const [a, b] = ready!.split('/');
    if (a !== b) out.push(`deploy ${ns}/${name}`);
  }
  for (const [name, status] of rows(await kubectl(['get', 'nodes', '--no-headers']))) {
    if (status !== 'Ready') out.push(`node ${name}`);
  }
  return out.sort();
}

describe('kdeck --triage against the real cluster', { skip }, () => {
  let t: TmuxSession;
  before(requireCluster);
  after(async () => t?.kill());

  test('lists exactly what kubectl says is broken, the NotReady node among it', async () => {
    t = await startTmux({
      command: [process.execPath, BIN, '--kubeconfig', KUBECONFIG, '-A', '--triage'],
      cols: 200,
      rows: 50,
      cwd: REPO,
      env: { KDECK_FROM_SOURCE: '1' },
    });
    let screen = await t.waitFor((s) => /^triage\(all\)/m.test(s) && s.includes('node-4'), { timeoutMs: 30_000 });
    assert.match(screen, /CRIT node\s+node-4\s+NotReady\s+\S+\s+KubeletNotReady: container runtime network not ready/);
    // Crash loops flip between running and back-off on both sides, and a
    // Pending pod counts only after a minute: compare until both saw one world.
    let last = { kdeck: [] as string[], kubectl: [] as string[] };
    await eventually('kdeck triage and kubectl agree on what is broken', async () => {
      screen = await t.capture();
      const kdeck = triageRows(screen);
      const want = await kubectlBroken();
      last = { kdeck, kubectl: want };
      return JSON.stringify(kdeck) === JSON.stringify(want);
    }, 120_000, 1000).catch((err: Error) => {
      assert.deepEqual(last.kdeck, last.kubectl, `${err.message}\n${screen}`);
    });
    assert.ok(last.kdeck.some((r) => r.startsWith('pod shop/payments-')), 'the crash loop is among them');
    assert.ok(last.kdeck.includes('deploy shop/search'), 'and the deployment stuck on its image');
    // The scheduler's words for the pod that fits nowhere: the demo says the same.
    // Within its first minute the pod has no row of its own yet, and the FailedScheduling event stands in.
    assert.match(screen, /WARN pod\s+platform\/batch-\S+\s+(Unschedulable|FailedScheduling)\s+\S+\s+0\/4 nodes are available: 1 node\(s\) had untolerated taint\(s\), 3 Insufficient memory\./);
  });

  test('the limited user (no nodes, one namespace) sees its namespace without a forbidden header', async () => {
    await t.kill();
    t = await startTmux({
      command: [process.execPath, BIN, '--kubeconfig', KUBECONFIG, '--context', CONTEXT_LIMITED, '--triage'],
      cols: 200,
      rows: 50,
      cwd: REPO,
      env: { KDECK_FROM_SOURCE: '1' },
    });
    const screen = await t.waitFor((s) => s.includes('nodes: not readable') && /pod\s+shop\/payments-/.test(s), { timeoutMs: 30_000 });
    const lines = screen.split('\n');
    assert.match(lines[0]!, /● live/);
    assert.doesNotMatch(lines[0]!, /forbidden/);
    assert.ok(triageRows(screen).every((r) => r.startsWith('pod shop/') || r.startsWith('deploy shop/')), screen);
  });
});
