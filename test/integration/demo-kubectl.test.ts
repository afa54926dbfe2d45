// kubectl itself against the demo cluster: proof that discovery, lists and
// the kubeconfig are real enough for the standard client.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { startDemoCluster, type DemoCluster } from '../../src/sources/demo/index.js';

const run = promisify(execFile);
const KUBECTL = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((p) => existsSync(p));
const skip = KUBECTL ? false : 'kubectl not installed (looked in /usr/bin and /usr/local/bin)';

describe('demo cluster: kubectl', { skip }, () => {
  let cluster: DemoCluster;
  let dir: string;
  let kubeconfig: string;
  const kubectl = async (...args: string[]) =>
    run(KUBECTL!, ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args], { timeout: 30_000, env: { ...process.env, HOME: dir } });

  before(async () => {
    cluster = await startDemoCluster({ port: 0, speed: 10 });
    dir = await mkdtemp(join(tmpdir(), 'kdeck-kubectl-'));
    kubeconfig = join(dir, 'config');
    await cluster.writeKubeconfig(kubeconfig);
  });
  after(async () => {
    await cluster.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('get pods -A -o json shows the seed', async () => {
    const { stdout } = await kubectl('get', 'pods', '-A', '-o', 'json');
    const list = JSON.parse(stdout) as { kind: string; items: { metadata: { namespace: string; name: string }; status: { containerStatuses?: { state: { waiting?: { reason: string } } }[] } }[] };
    assert.equal(list.kind, 'List');
    assert.ok(list.items.length >= 25);
    const reasons = list.items.flatMap((p) => (p.status.containerStatuses ?? []).map((s) => s.state.waiting?.reason).filter(Boolean));
    assert.ok(reasons.includes('CrashLoopBackOff'), JSON.stringify(reasons));
    assert.ok(list.items.some((p) => p.metadata.namespace === 'shop' && p.metadata.name.startsWith('web-')));
  });

  it('rollout history and scale work through kubectl', async () => {
    const { stdout } = await kubectl('-n', 'shop', 'rollout', 'history', 'deployment/web');
    assert.match(stdout, /1\s+kubectl create deployment web/);
    assert.match(stdout, /3\s+kubectl set image deployment\/web web=shop\/web:1\.2/);
    const scaled = await kubectl('-n', 'default', 'scale', 'deployment/hello', '--replicas=3');
    assert.match(scaled.stdout, /deployment.apps\/hello scaled/);
  });

  it('the limited context is refused outside shop with the real message', async () => {
    const err = await kubectl('--context', 'kdeck-demo-limited', 'get', 'pods', '-n', 'default').then(
      () => assert.fail('expected kubectl to fail'),
      (e: { stderr: string }) => e,
    );
    assert.match(err.stderr, /pods is forbidden: User "kdeck-limited" cannot list resource "pods" in API group "" in the namespace "default"/);
  });
});
