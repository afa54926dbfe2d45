// The :triage view and the header's trouble counts, over a hand-filled store.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { renderConsole, type FakeConsole } from '../helpers/fake-session.js';
import { seedWithHistory } from '../helpers/fixtures.js';
import { loadTheme } from '../../src/cli/theme.js';
import type { KubeEvent, KubeNode, WatchEvent } from '../../src/model/types.js';

let c: FakeConsole | undefined;
afterEach(() => {
  c?.ui.unmount();
  c = undefined;
});

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const lines = (frame: string) => frame.split('\n');

/** The fixtures' pods belong to their deployments through ReplicaSets named DEPLOY-HASH, as the controller names them. */
function incident(): WatchEvent[] {
  const base = seedWithHistory().map((e) => {
    if (e.type !== 'RESET' || e.kind !== 'pods') return e;
    for (const o of e.objects) {
      const app = o.metadata.labels?.app;
      if (app === 'payments' || app === 'web') {
        o.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${app}-${app === 'web' ? 'bbb222' : 'ccc333'}`, uid: 'rs', controller: true }];
        o.metadata.labels = { ...o.metadata.labels, 'pod-template-hash': app === 'web' ? 'bbb222' : 'ccc333' };
      }
    }
    return e;
  });
  const nodes: KubeNode[] = [
    { metadata: { name: 'node-1' }, status: { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: ago(86_400_000) }] } },
    { metadata: { name: 'node-4' }, status: { conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'cni plugin not initialized', lastTransitionTime: ago(3 * 3_600_000) }] } },
  ];
  const backoff: KubeEvent = {
    metadata: { name: 'payments.1', namespace: 'shop' },
    involvedObject: { kind: 'Pod', namespace: 'shop', name: 'payments-5f6d-ccccc' },
    type: 'Warning',
    reason: 'BackOff',
    message: 'Back-off restarting failed container main in pod payments-5f6d-ccccc_shop',
    count: 12,
    firstTimestamp: ago(5 * 60_000),
    lastTimestamp: ago(10_000),
  };
  const svc: KubeEvent = {
    metadata: { name: 'web.1', namespace: 'shop' },
    involvedObject: { kind: 'Service', namespace: 'shop', name: 'web' },
    type: 'Warning',
    reason: 'FailedToUpdateEndpoint',
    message: 'Failed to update endpoint shop/web: the object has been modified',
    firstTimestamp: ago(20 * 60_000),
    lastTimestamp: ago(60_000),
  };
  return [...base, { kind: 'nodes', type: 'RESET', objects: nodes }, { kind: 'events', type: 'RESET', objects: [backoff, svc] }];
}

test('80x24: worst and newest first, severity as text, the event message in the row, everything inside the screen', async () => {
  c = renderConsole(incident(), { columns: 80, rows: 24, view: 'triage' });
  const f = await c.ui.waitFor('node-4');
  const ls = lines(f);
  assert.equal(ls.length, 24);
  assert.ok(ls.every((l) => l.length <= 80), `no line wider than 80:\n${f}`);
  assert.match(ls[1]!, /^triage\(all\) \[\d+\]$/, 'no sort shown: triage has one order');
  assert.match(ls[2]!, /^SEV\s+KIND\s+NAMESPACE\/NAME\s+REASON\s+SINCE\s+MESSAGE/);
  // The crash loop started 5 minutes ago (its first back-off): newer than the pull error and the node.
  // At 80 columns the pod hash and the message give way; what broke, and since when, stay whole.
  assert.match(ls[3]!, /^CRIT pod\s+shop\/payments-5f6d-c\S*\s+CrashLoopBackOff\s+5m\s+Back-off/);
  const order = ['payments-5f6d', 'search-1', 'node-4'].map((n) => ls.findIndex((l) => l.includes(n)));
  assert.ok(order.every((i) => i > 0), `all three rows are on screen:\n${f}`);
  assert.ok(order[0]! < order[2]!, 'the crash loop is above the node that broke hours ago');
  assert.match(ls.find((l) => l.includes('node-4'))!, /^CRIT node\s+node-4\s+NotReady\s+3h\s+KubeletNotReady: cn/);
  assert.match(ls[23]!, /<enter>open <l>logs <u>undo/);
});

test('the header counts trouble by severity in every view, and shortens the context name before dropping them', async () => {
  c = renderConsole(incident(), { columns: 80, rows: 24 });
  const f = await c.ui.waitFor('payments');
  const crit = c.store.getState();
  assert.match(lines(f)[0]!, /^kdeck ctx:test-ctx ns:all ● live crit:\d+( warn:\d+)? cluster:test-cluster user:me$/);
  assert.ok(crit.stack[0]!.view === 'pods');
  c.store.setState({ context: { ...crit.context, name: 'arn:aws:eks:eu-west-1:123456789012:cluster/production-main' } });
  const narrow = await c.ui.waitFor((x) => x.includes('arn:aws'));
  const header = lines(narrow)[0]!;
  assert.ok(header.length <= 80);
  assert.match(header, /● live crit:\d+/, `counts survive at 80 columns: ${header}`);
  assert.doesNotMatch(header, /user:me/, 'cluster and user went first');
  assert.match(header, /ctx:arn:aws:eks:\S*…/);
});

test('no trouble, no counts', async () => {
  c = renderConsole([{ kind: 'pods', type: 'RESET', objects: [] }], { columns: 120, rows: 10 });
  const f = await c.ui.waitFor('nothing here');
  assert.doesNotMatch(lines(f)[0]!, /crit|warn/);
});

test('monochrome: no colours, severity still readable as CRIT/WARN', async () => {
  const mono = loadTheme('monochrome', { env: { XDG_CONFIG_HOME: '/nonexistent/kdeck-test' } }).theme;
  c = renderConsole(incident(), { columns: 120, rows: 20, view: 'triage', theme: mono });
  await c.ui.waitFor('node-4');
  assert.doesNotMatch(c.ui.rawFrame(), /\x1b\[(3|9)\dm/, 'no foreground colours');
  const f = c.ui.lastFrame();
  assert.ok(lines(f).some((l) => l.startsWith('CRIT ')) && lines(f).some((l) => l.startsWith('WARN ')), f);
});

test('Enter opens a pod row as its containers, u the history of the deployment behind the pod, l a node says it has no logs', async () => {
  c = renderConsole(incident(), { columns: 120, rows: 30, view: 'triage' });
  let f = await c.ui.waitFor('node-4');
  const rows = lines(f);
  const webRow = rows.findIndex((l) => /pod\s+shop\/payments/.test(l));
  assert.equal(webRow, 3);
  await c.ui.press('enter');
  f = await c.ui.waitFor(/containers\(shop\/payments-5f6d-ccccc\)/);
  await c.ui.press('esc');
  await c.ui.waitFor(/^triage\(all\)/m);
  // The payments pod's deployment has no history in this store; say so instead of opening nothing.
  await c.ui.press('u');
  f = await c.ui.waitFor('no rollout history found for deployment "payments"');
  // The node row: Enter shows its conditions; l has nothing to show.
  const nodeIndex = lines(c.ui.lastFrame()).findIndex((l) => l.includes('node-4')) - 3;
  c.store.setState({ stack: [{ ...c.store.getState().stack[0]!, cursor: nodeIndex }] });
  await c.ui.press('l');
  await c.ui.waitFor('node node-4 has no logs');
  await c.ui.press('enter');
  f = await c.ui.waitFor('Conditions:');
  assert.match(f, /Ready\s+False\s+3h ago\s+KubeletNotReady: cni plugin not initialized/);
});

test('u on a pod of a deployment with history opens that history, cursor on the previous revision', async () => {
  c = renderConsole(incident(), { columns: 120, rows: 30, view: 'triage' });
  await c.ui.waitFor('node-4');
  // Make a web pod crash so it has a row.
  const s = c.store.getState();
  const web = s.resources.pods.get('shop/web-7d9c-aaaaa')!;
  const broken = structuredClone(web);
  broken.status!.containerStatuses![0]!.state = { waiting: { reason: 'CrashLoopBackOff' } };
  c.store.setState({ resources: s.resources });
  s.resources.pods.set('shop/web-7d9c-aaaaa', broken);
  c.store.setState({ versions: { ...s.versions, pods: s.versions.pods + 1 } });
  const f = await c.ui.waitFor('web-7d9c-aaaaa');
  const i = lines(f).findIndex((l) => l.includes('web-7d9c-aaaaa')) - 3;
  c.store.setState({ stack: [{ ...c.store.getState().stack[0]!, cursor: i }] });
  await c.ui.press('u');
  await c.ui.waitFor(/history\(shop\/web\)/);
  assert.equal(c.store.getState().stack.at(-1)!.view, 'history');
});
