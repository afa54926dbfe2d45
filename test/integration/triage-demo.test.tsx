// Triage against the demo cluster over HTTP, through the real kube source:
// nodes are watched (and forbidden to the limited user without a fuss), the
// seeded incident reads worst and newest first, and a bad rollout is found
// and undone from the triage view.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoApp, type DemoApp } from '../helpers/demo-app.js';
import { startDemoCluster, type DemoCluster } from '../../src/sources/demo/index.js';
import { selectTriage } from '../../src/store/triage-selectors.js';

const lines = (f: string) => f.split('\n');

describe('triage on the demo cluster (admin)', () => {
  let app: DemoApp;
  after(async () => app?.close());

  it('watches nodes: four, node-4 NotReady, and triage opens on the crash loop', async () => {
    app = await startDemoApp({ columns: 120, rows: 30, view: 'triage' });
    const f = await app.ui.waitFor((x) => x.includes('node-4') && x.includes('CrashLoopBackOff'), 10000);
    const s = app.store.getState();
    assert.equal(s.sources['nodes']?.state, 'live');
    assert.deepEqual([...s.resources.nodes.keys()].sort(), ['node-1', 'node-2', 'node-3', 'node-4']);
    const ls = lines(f);
    // Between back-offs the container is briefly up: still the crash loop, read as restarting.
    assert.match(ls[3]!, /^CRIT pod\s+shop\/payments-\S+\s+(CrashLoopBackOff|Restarting)/, f);
    assert.match(f, /CRIT node\s+node-4\s+NotReady\s+3h\s+KubeletNotReady: container runtime network not rea/);
    assert.match(f, /CRIT pod\s+shop\/search-\S+\s+ImagePullBackOff/);
    assert.match(f, /WARN pod\s+platform\/batch-\S+\s+Unschedulable\s+\S+\s+0\/4 nodes are available/);
    const { counts } = selectTriage(app.store.getState());
    assert.match(ls[0]!, new RegExp(`● live crit:${counts.critical} warn:${counts.warning}`));
  });

  it('finds a bad rollout at the top and undoes it from there: u, Enter, y', async () => {
    app.cluster.setImage('shop', 'web', 'web', 'shop/web:1.3-crash');
    // The new pods crash-loop: newest trouble, so on top.
    let f = await app.ui.waitFor((x) => /^CRIT pod\s+shop\/web-\S+\s+(CrashLoopBackOff|Restarting|Error)/m.test(lines(x)[3]!), 20000);
    await app.ui.press('u');
    f = await app.ui.waitFor(/history\(shop\/web\)/);
    // The cursor starts on the previous revision (1.2), as kubectl rollout undo would pick.
    await app.ui.press('enter');
    f = await app.ui.waitFor(/roll back deployment shop\/web to revision 3/);
    await app.ui.press('y');
    await app.ui.waitFor(/rolled back shop\/web to revision 3|rolling out shop\/web/, 10000);
    await app.ui.press('esc');
    // Once the crashing pods are gone, so are their rows.
    await app.ui.waitFor((x) => /^triage\(all\)/m.test(x) && !/pod\s+shop\/web-/.test(x), 30000);
    const web = app.store.getState().resources.deployments.get('shop/web')!;
    assert.equal(web.spec!.template!.spec!.containers[0]!.image, 'shop/web:1.2');
  });
});

describe('triage for a user who may not list nodes', () => {
  let app: DemoApp;
  let cluster: DemoCluster;
  after(async () => {
    await app?.close();
    await cluster?.close();
  });

  it('keeps a live header, says quietly that node health is unknown, and still shows what it can see', async () => {
    cluster = await startDemoCluster({ port: 0, speed: 5 });
    app = await startDemoApp({ columns: 120, rows: 30, view: 'triage', context: 'kdeck-demo-limited', namespace: 'shop', cluster });
    const f = await app.ui.waitFor((x) => x.includes('CrashLoopBackOff') && x.includes('nodes: not readable'), 10000);
    assert.equal(app.store.getState().sources['nodes']?.state, 'forbidden');
    assert.match(lines(f)[0]!, /● live crit:\d+/, 'no red "forbidden" in the header for nodes');
    assert.match(lines(f)[1]!, /^triage\(shop\) \[\d+\] nodes: not readable \(RBAC\), node health unknown$/);
    assert.doesNotMatch(f, /node-4/);
    assert.doesNotMatch(f, /platform\//, 'only the namespace it may read');
  });
});
