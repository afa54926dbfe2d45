// The whole console against the demo cluster over HTTP: real client, real
// watches, the store and the UI, driven by keys and read from frames.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoApp } from '../helpers/demo-app.js';

const podLines = (frame: string, re: RegExp) => frame.split('\n').filter((l) => re.test(l));

test('opens on pods in name order with the demo seed, live, the trouble counted in the header; S puts it on top', async () => {
  const app = await startDemoApp({ columns: 80, rows: 24 });
  try {
    let f = await app.ui.waitFor((x) => /pods\(all\) \[30\] sort:name↑/.test(x) && x.includes('● live') && /crit:\d+/.test(x));
    assert.match(f.split('\n')[0]!, /ctx:kdeck-demo ns:all ● live crit:\d+ warn:\d+/);
    assert.match(f.split('\n')[3]!, /^default\s+hello-/);
    await app.ui.type('S');
    f = await app.ui.waitFor(/sort:status↑/);
    assert.match(f, /CrashLoopBackOff/);
    assert.match(f, /ImagePullBackOff|ErrImagePull/);
    assert.match(f, /Pending/);
  } finally {
    await app.close();
  }
});

test('watch updates reach the screen: a new image revision rolls out', async () => {
  const app = await startDemoApp({ columns: 160, rows: 50 });
  try {
    await app.ui.waitFor(/pods\(all\) \[30\]/);
    await app.ui.type(':dp shop');
    await app.ui.press('enter');
    await app.ui.waitFor((x) => /deployments\(shop\)/.test(x) && /web\s+3\/3/.test(x));
    app.cluster.setImage('shop', 'web', 'web', 'shop/web:1.3');
    const f = await app.ui.waitFor((x) => /web\s+3\/3\s+3\s+3\s+4\s+shop\/web:1\.3/.test(x), 15000);
    assert.ok(f.includes('shop/web:1.3'));
    await app.ui.type('/web');
    await app.ui.press('enter', 'enter');
    const pods = await app.ui.waitFor((x) => /pods\(shop\/web\)/.test(x) && podLines(x, /shop\/web:1\.3\s/).length === 3 && !x.includes('shop/web:1.2'), 15000);
    assert.equal(podLines(pods, /\bweb-[a-z0-9]+-[a-z0-9]{5}\b/).length, 3);
  } finally {
    await app.close();
  }
});

test('410 Gone after compaction: relist, still exactly 30 rows', async () => {
  const app = await startDemoApp({ columns: 120, rows: 40 });
  try {
    await app.ui.waitFor(/pods\(all\) \[30\]/);
    app.cluster.compactHistory();
    app.cluster.setImage('default', 'hello', 'hello', 'nginx:1.28');
    await app.ui.waitFor((x) => podLines(x, /nginx:1\.28/).length === 2, 15000);
    const f = await app.ui.waitFor(/pods\(all\) \[30\]/, 15000);
    const names = podLines(f, /^\S+\s+\S+-[a-z0-9]{5}\s/).map((l) => l.split(/\s+/)[1]);
    assert.equal(new Set(names).size, names.length, 'no duplicate rows');
  } finally {
    await app.close();
  }
});

test('an RBAC-limited user: all namespaces is forbidden, its own namespace works', async () => {
  const app = await startDemoApp({ columns: 120, rows: 30, context: 'kdeck-demo-limited' });
  try {
    // Each watch finds out on its own; wait for the pods one, which this view needs.
    let f = await app.ui.waitFor(/pods: forbidden/);
    assert.match(f.split('\n')[0]!, /forbidden/);
    await app.ui.type(':po shop');
    await app.ui.press('enter');
    f = await app.ui.waitFor((x) => /pods\(shop\)/.test(x) && x.includes('CrashLoopBackOff'), 10000);
    assert.ok(!f.includes('monitoring'), 'nothing outside shop');
  } finally {
    await app.close();
  }
});

test(':ctx switches context and the watches follow', async () => {
  const app = await startDemoApp({ columns: 120, rows: 30 });
  try {
    await app.ui.waitFor(/pods\(all\) \[30\]/);
    await app.ui.type(':ctx');
    await app.ui.press('enter');
    await app.ui.waitFor(/kdeck-demo-limited/);
    await app.ui.press('j', 'enter');
    const f = await app.ui.waitFor((x) => /ctx:kdeck-demo-limited ns:shop/.test(x) && /pods\(shop\)/.test(x) && x.includes('payments'), 10000);
    assert.ok(!f.includes('monitoring'));
  } finally {
    await app.close();
  }
});

test('hostile strings from the cluster are drawn inert', async () => {
  const app = await startDemoApp({ columns: 160, rows: 45 });
  try {
    await app.ui.waitFor(/pods\(all\) \[30\]/);
    app.cluster.upsertRaw('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'evil\x1b]0;pwned\x07\x1b[2Jpod', namespace: 'default', uid: 'evil-1', creationTimestamp: new Date().toISOString(), labels: { app: 'x\x1b[31m' } },
      spec: { containers: [{ name: 'c', image: 'img\x1b[5m:1' }] },
      status: { phase: 'Pending', reason: 'Bad\x9b2J' },
    });
    const f = await app.ui.waitFor(/evil/, 10000);
    const raw = app.ui.rawFrame();
    assert.ok(!raw.includes('\x1b]0;'), 'no title change');
    assert.ok(!raw.includes('\x1b[2J'), 'no screen clear');
    assert.ok(!raw.includes('\x9b'), 'no 8-bit CSI');
    assert.match(f, /evil(\^G)?(pod)?/);
  } finally {
    await app.close();
  }
});
