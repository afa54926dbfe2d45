// The store layer: watch events applied in batches, coalesced per frame.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createKdeckStore, applyEvents } from '../../src/store/store.js';
import { createCoalescer } from '../../src/store/coalescer.js';
import { createRowsSelector } from '../../src/store/selectors.js';
import type { Pod, WatchEvent } from '../../src/model/types.js';

const ctx = { name: 'c', cluster: 'k', user: 'u' };
const newStore = () => createKdeckStore({ context: ctx, contexts: [ctx], namespace: undefined, readonly: false, initialView: 'pods', now: Date.now() });
const pod = (ns: string, name: string, rv = '1'): Pod => ({
  metadata: { name, namespace: ns, resourceVersion: rv, creationTimestamp: new Date().toISOString() },
  spec: { containers: [{ name: 'c', image: 'i:1' }] },
  status: { phase: 'Running', containerStatuses: [{ name: 'c', ready: true, restartCount: 0, state: { running: {} } }] },
});

test('RESET replaces what a relist covers; ADDED/MODIFIED/DELETED apply in order', () => {
  const store = newStore();
  applyEvents(store, [{ kind: 'pods', type: 'RESET', objects: [pod('a', 'p1'), pod('b', 'p2')] }]);
  assert.deepEqual([...store.getState().resources.pods.keys()].sort(), ['a/p1', 'b/p2']);
  assert.equal(store.getState().synced.pods, true);
  applyEvents(store, [
    { kind: 'pods', type: 'ADDED', object: pod('a', 'p3') },
    { kind: 'pods', type: 'MODIFIED', object: pod('a', 'p1', '2') },
    { kind: 'pods', type: 'DELETED', object: pod('b', 'p2') },
  ]);
  const pods = store.getState().resources.pods;
  assert.deepEqual([...pods.keys()].sort(), ['a/p1', 'a/p3']);
  assert.equal(pods.get('a/p1')!.metadata.resourceVersion, '2');
  // A namespaced relist leaves the other namespaces alone but drops stale objects in its own.
  applyEvents(store, [{ kind: 'pods', type: 'RESET', namespace: 'a', objects: [pod('a', 'p9')] }]);
  assert.deepEqual([...store.getState().resources.pods.keys()].sort(), ['a/p9']);
});

test('every applied batch bumps the version of the kinds it touched, and only those', () => {
  const store = newStore();
  const before = store.getState().versions;
  applyEvents(store, [{ kind: 'pods', type: 'ADDED', object: pod('a', 'p1') }]);
  const after = store.getState().versions;
  assert.equal(after.pods, before.pods + 1);
  assert.equal(after.deployments, before.deployments);
});

test('the coalescer turns a burst of events into one store update per frame', async () => {
  const store = newStore();
  let updates = 0;
  store.subscribe(() => updates++);
  const c = createCoalescer(store, 30);
  for (let i = 0; i < 500; i++) c.push([{ kind: 'pods', type: 'ADDED', object: pod('a', `p${i}`) } satisfies WatchEvent]);
  assert.equal(updates, 0, 'nothing applied synchronously');
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(updates, 1, 'one update for the whole burst');
  assert.equal(store.getState().resources.pods.size, 500);
  for (let i = 0; i < 10; i++) c.push([{ kind: 'pods', type: 'DELETED', object: pod('a', `p${i}`) }]);
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(updates, 2);
  assert.equal(store.getState().resources.pods.size, 490);
  c.stop();
});

test('the rows selector recomputes only when its inputs change', () => {
  const store = newStore();
  applyEvents(store, [{ kind: 'pods', type: 'RESET', objects: [pod('a', 'p1')] }]);
  const rowsOf = createRowsSelector();
  const first = rowsOf(store.getState());
  store.setState({ mode: 'help' });
  assert.equal(rowsOf(store.getState()), first, 'unrelated change: same rows object');
  applyEvents(store, [{ kind: 'pods', type: 'ADDED', object: pod('a', 'p2') }]);
  const second = rowsOf(store.getState());
  assert.notEqual(second, first);
  assert.equal(second.rows.length, 2);
});

test('under sustained churn the coalescer spaces batches busyFrameMs apart; a change after quiet goes out at once', async () => {
  const store = newStore();
  const applied: { at: number; size: number }[] = [];
  store.subscribe((s) => applied.push({ at: Date.now(), size: s.resources.pods.size }));
  const c = createCoalescer(store, 0, 150);
  c.push([{ kind: 'pods', type: 'ADDED', object: pod('a', 'first') }]);
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(applied.map((a) => a.size), [1], 'the first change, after quiet, is applied alone and at once');
  // 30 more changes over ~450 ms, as a rollout would send them.
  for (let i = 0; i < 30; i++) {
    c.push([{ kind: 'pods', type: 'ADDED', object: pod('a', `p${i}`) }]);
    await new Promise((r) => setTimeout(r, 15));
  }
  await new Promise((r) => setTimeout(r, 400));
  assert.ok(applied.length >= 2 && applied.length <= 5, `${applied.length} batches for ~500 ms of churn at 150 ms apart`);
  // Timers never fire early, so this bound holds however loaded the machine is.
  for (let i = 1; i < applied.length; i++) assert.ok(applied[i]!.at - applied[i - 1]!.at >= 145, `batches ${i - 1}→${i} ${applied[i]!.at - applied[i - 1]!.at} ms apart`);
  assert.equal(store.getState().resources.pods.size, 31, 'nothing lost');
  c.stop();
});

/** A coalescer whose busy spacing is 10 s, just after its first batch: the next plain change would wait. */
async function busyCoalescer() {
  const store = newStore();
  const sizes: number[] = [];
  store.subscribe((s) => sizes.push(s.resources.pods.size));
  const c = createCoalescer(store, 0, 10_000);
  c.push([{ kind: 'pods', type: 'ADDED', object: pod('a', 'first') }]);
  await new Promise((r) => setTimeout(r, 20));
  return { c, sizes };
}

test('a list (RESET) arriving while batches are spaced out is applied without the busy wait', async () => {
  const { c, sizes } = await busyCoalescer();
  // Busy now: a plain change would wait 10 s, but the relist carries it along at once.
  c.push([{ kind: 'pods', type: 'ADDED', object: pod('a', 'second') }]);
  c.push([{ kind: 'pods', type: 'RESET', objects: [pod('a', 'x'), pod('a', 'y'), pod('a', 'z')] }]);
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(sizes, [1, 3]);
  c.stop();
});

test("the clock's tick applies a batch that is waiting for its busy slot", async () => {
  const { c, sizes } = await busyCoalescer();
  c.push([{ kind: 'pods', type: 'ADDED', object: pod('a', 'second') }]);
  c.tick();
  c.tick(); // nothing waiting: no update
  assert.deepEqual(sizes, [1, 2]);
  c.stop();
});
