// Scale and undo from the keyboard: prompts, confirmations, Esc at every step,
// the read-only gate, and the diff panes. API calls are recorded, not made.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { renderConsole, type FakeConsole } from '../helpers/fake-session.js';
import { seedWithHistory } from '../helpers/fixtures.js';

let c: FakeConsole | undefined;
afterEach(() => {
  c?.ui.unmount();
  c = undefined;
});

const last = (f: string) => f.split('\n').filter((l) => l.trim()).at(-1)!;
const apiCalls = () => c!.calls.filter((x) => x.startsWith('scale:') || x.startsWith('patch:'));

/** The deployments view with shop/web selected (rows: platform/api, shop/payments, shop/web). */
async function onWeb(opts: { readonly?: boolean; failWith?: string; rows?: number } = {}) {
  c = renderConsole(seedWithHistory(), { columns: 120, rows: opts.rows ?? 30, view: 'deployments', ...opts });
  await c.ui.waitFor(/deployments\(all\) \[3\]/);
  await c.ui.press('j', 'j');
  assert.equal(c.store.getState().stack[0]!.cursor, 2);
}

test('scale: prompt pre-filled, confirmation shows from → to, y patches', async () => {
  await onWeb();
  await c!.ui.type('s');
  let f = await c!.ui.waitFor('scale deployment shop/web (now 2) to: 2');
  await c!.ui.press('backspace');
  await c!.ui.type('5');
  await c!.ui.press('enter');
  f = await c!.ui.waitFor('scale deployment shop/web?');
  assert.match(f, /replicas 2 → 5/);
  assert.match(last(f), /<y>yes <n>no/);
  assert.deepEqual(apiCalls(), [], 'nothing happens before y');
  await c!.ui.type('y');
  f = await c!.ui.waitFor('scaled shop/web: 2 → 5');
  assert.deepEqual(apiCalls(), ['scale:shop/web:5']);
});

test('scale: Esc at the prompt and n/Esc at the confirmation change nothing', async () => {
  await onWeb();
  await c!.ui.type('s');
  await c!.ui.waitFor('scale deployment shop/web');
  await c!.ui.press('esc');
  await c!.ui.waitFor((f) => f.includes('cancelled') && !f.includes('to: 2'));
  await c!.ui.type('s');
  await c!.ui.type('3');
  await c!.ui.press('enter');
  await c!.ui.waitFor('scale deployment shop/web?');
  await c!.ui.type('n');
  await c!.ui.waitFor('cancelled: nothing was changed');
  await c!.ui.type('s');
  await c!.ui.press('enter');
  await c!.ui.waitFor('replicas 2 → 2');
  await c!.ui.press('esc');
  await c!.ui.waitFor('cancelled: nothing was changed');
  assert.deepEqual(apiCalls(), []);
});

test('scale: a value that is not a number, or negative, is refused in the prompt', async () => {
  await onWeb();
  await c!.ui.type('s');
  await c!.ui.press('backspace');
  await c!.ui.type('abc');
  await c!.ui.press('enter');
  let f = await c!.ui.waitFor(/"abc" is not a number/);
  assert.match(f, /to: abc/);
  for (let i = 0; i < 3; i++) await c!.ui.press('backspace');
  await c!.ui.type('-1');
  await c!.ui.press('enter');
  f = await c!.ui.waitFor(/negative/);
  await c!.ui.press('esc');
  assert.deepEqual(apiCalls(), []);
});

test('scale: an API error is one line and the prompt is gone', async () => {
  await onWeb({ failWith: 'Operation cannot be fulfilled on deployments.apps "web": the object has been modified\nsecond line' });
  await c!.ui.type('s');
  await c!.ui.type('4');
  await c!.ui.press('enter');
  await c!.ui.type('y');
  const f = await c!.ui.waitFor('Operation cannot be fulfilled');
  assert.ok(!f.includes('second line'));
  assert.ok(!f.includes('scale deployment shop/web?'));
});

test('read-only: scale and undo are refused with a message and no API call', async () => {
  await onWeb({ readonly: true });
  await c!.ui.type('s');
  await c!.ui.type('9');
  await c!.ui.press('enter');
  await c!.ui.waitFor('read-only: refusing to scale deployment shop/web');
  await c!.ui.type('u');
  await c!.ui.waitFor(/history\(shop\/web\)/);
  await c!.ui.press('enter');
  await c!.ui.waitFor('read-only: refusing to roll back deployment shop/web to revision 1');
  assert.deepEqual(apiCalls(), []);
});

test('u: history with the current revision marked, the previous one selected, and a diff preview', async () => {
  await onWeb();
  await c!.ui.type('u');
  const f = await c!.ui.waitFor(/history\(shop\/web\)/);
  const lines = f.split('\n');
  assert.match(lines.find((l) => /\*\s+2\s/.test(l))!, /shop\/web:1\.2/);
  assert.match(lines.find((l) => /^\s*1\s/.test(l) || / 1 shop/.test(l))!, /shop\/web:1\.1/);
  assert.match(f, /diff: revision 2 \(current\) → 1/);
  assert.match(f, /^-\s+.*image: shop\/web:1\.2/m);
  assert.match(f, /^\+\s+.*image: shop\/web:1\.1/m);
  assert.match(last(f), /<enter>undo to this/);
});

test('undo: Enter asks, y sends the JSON patch kubectl sends; Esc at each step does nothing', async () => {
  await onWeb();
  await c!.ui.type('u');
  await c!.ui.waitFor(/history\(shop\/web\)/);
  await c!.ui.press('enter');
  let f = await c!.ui.waitFor('roll back deployment shop/web to revision 1?');
  assert.match(f, /image shop\/web:1\.2 → shop\/web:1\.1/);
  await c!.ui.press('esc');
  await c!.ui.waitFor('cancelled: nothing was changed');
  assert.deepEqual(apiCalls(), []);
  await c!.ui.press('enter');
  await c!.ui.waitFor('roll back deployment shop/web to revision 1?');
  await c!.ui.type('y');
  f = await c!.ui.waitFor('rolled back shop/web to revision 1');
  assert.deepEqual(apiCalls(), ['patch:shop/web:["/spec/template","/metadata/annotations"]']);
  await c!.ui.press('esc');
  await c!.ui.waitFor(/^deployments\(all\) \[3\]/m);
});

test('undo onto the current revision is skipped, as kubectl says it', async () => {
  await onWeb();
  await c!.ui.type('u');
  await c!.ui.waitFor(/history\(shop\/web\)/);
  await c!.ui.press('k', 'enter');
  await c!.ui.waitFor('skipped rollback (current template already matches revision 2)');
  assert.deepEqual(apiCalls(), []);
});

test('d: the diff pane of current against previous', async () => {
  await onWeb();
  await c!.ui.type('d');
  const f = await c!.ui.waitFor(/diff\(shop\/web: revision 1 → 2 \(current\)\)/);
  assert.match(f, /^--- revision 1/m);
  assert.match(f, /^\+\+\+ revision 2 \(current\)/m);
  assert.match(f, /^@@ /m);
  assert.match(f, /^-\s+.*image: shop\/web:1\.1/m);
  assert.match(f, /^\+\s+.*image: shop\/web:1\.2/m);
  await c!.ui.press('esc');
  await c!.ui.waitFor(/^deployments\(all\) \[3\]/m);
});

test('diff pane on a small terminal: n/N jump to changes, g/G to the ends, Esc back', async () => {
  await onWeb({ rows: 9 });
  await c!.ui.type('d');
  await c!.ui.waitFor(/diff\(.*line 1\/9\]/);
  await c!.ui.type('n');
  await c!.ui.waitFor(/line 3\/9\]/);
  await c!.ui.type('n');
  await c!.ui.waitFor('no more changes below');
  await c!.ui.type('N');
  await c!.ui.waitFor('no more changes above');
  await c!.ui.type('g');
  await c!.ui.waitFor(/line 1\//);
  await c!.ui.press('esc');
  await c!.ui.waitFor(/^deployments\(all\) \[3\]/m);
});

test('history: m pins a revision and d opens the pair in a pane', async () => {
  await onWeb();
  await c!.ui.type('u');
  await c!.ui.waitFor(/history\(shop\/web\)/);
  await c!.ui.type('m');
  await c!.ui.waitFor('diff against revision 1');
  await c!.ui.press('k');
  await c!.ui.waitFor(/diff: revision 1 → 2/);
  await c!.ui.type('d');
  await c!.ui.waitFor(/diff\(shop\/web: revision 1 → 2\)/);
});
