// The console's screens at fixed sizes, driven by keys, over a hand-filled store.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { renderConsole, type FakeConsole } from '../helpers/fake-session.js';
import { seedEvents, pod } from '../helpers/fixtures.js';
import { KEYMAP } from '../../src/ui/keymap.js';
import { loadTheme } from '../../src/cli/theme.js';

let c: FakeConsole | undefined;
afterEach(() => {
  c?.ui.unmount();
  c = undefined;
});

const lines = (frame: string) => frame.split('\n');
const rowOf = (frame: string, text: string) => lines(frame).find((l) => l.includes(text));

test('80x24: header, breadcrumb, pods table and footer fit the screen', async () => {
  c = renderConsole(seedEvents(), { columns: 80, rows: 24 });
  const f = await c.ui.waitFor('payments-5f6d-ccccc');
  const ls = lines(f);
  assert.equal(ls.length, 24, 'root box is exactly the terminal height');
  assert.ok(ls.every((l) => l.length <= 80), 'no line is wider than the terminal');
  assert.match(ls[0]!, /^kdeck ctx:test-ctx ns:all ● live/);
  assert.match(ls[1]!, /^pods\(all\) \[6\] sort:name↑/);
  // Name order, as kubectl lists them; the header's counts say trouble exists.
  assert.match(ls[3]!, /hello-1-fffff/);
  assert.match(ls[2]!, /NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+.*AGE/);
  assert.match(rowOf(f, 'payments')!, /shop\s+payments-5f6d-ccccc\s+0\/1\s+CrashLoopBackOff\s+7/);
  assert.match(ls[23]!, /<:>cmd <\/>filter/);
  assert.match(ls[23]!, /<\?>help <q>quit/);
});

test('wide terminal shows the low-priority columns that 80 columns drops', async () => {
  c = renderConsole(seedEvents(), { columns: 200, rows: 30 });
  const wide = await c.ui.waitFor('payments');
  assert.match(wide, /NODE/);
  assert.match(wide, /IMAGE/);
  c.ui.resize(80, 24);
  const narrow = await c.ui.waitFor((f) => !f.includes('IMAGE') && f.includes('payments'));
  assert.ok(lines(narrow).every((l) => l.length <= 80));
});

test('j/k move the selection and G/g jump to the ends', async () => {
  c = renderConsole(seedEvents(), { columns: 120, rows: 20 });
  await c.ui.waitFor('payments');
  const selected = () => c!.store.getState().stack[0]!.cursor;
  await c.ui.press('j', 'j');
  assert.equal(selected(), 2);
  await c.ui.press('k');
  assert.equal(selected(), 1);
  await c.ui.press('G');
  assert.equal(selected(), 5);
  await c.ui.press('g');
  assert.equal(selected(), 0);
  // The selected row is drawn differently (inverse or a background colour).
  const raw = c.ui.rawFrame().split('\n');
  assert.match(raw[3]!, /\x1b\[(7|4\d|10\d)m/, 'the selected row has a background');
  assert.doesNotMatch(raw[4]!, /\x1b\[(7|4\d|10\d)m/, 'the next row has none');
});

test('/ filters as you type; ! inverts; -l selects by label; Esc clears', async () => {
  c = renderConsole(seedEvents(), { columns: 120, rows: 20 });
  await c.ui.waitFor('payments');
  await c.ui.type('/');
  await c.ui.type('web');
  let f = await c.ui.waitFor(/pods\(all\) \[2\/6\]/);
  assert.ok(f.includes('web-7d9c-aaaaa') && !f.includes('payments'));
  assert.match(lines(f).at(-1)!, /^\/web/);
  await c.ui.press('enter');
  f = await c.ui.waitFor((x) => x.includes('/web') && x.includes('<:>cmd'));
  await c.ui.type('/');
  await c.ui.press('backspace', 'backspace', 'backspace');
  await c.ui.type('!web');
  f = await c.ui.waitFor(/\[4\/6\]/);
  assert.ok(!f.includes('web-7d9c') && f.includes('payments'));
  await c.ui.press('backspace', 'backspace', 'backspace', 'backspace');
  await c.ui.type('-l app=payments');
  f = await c.ui.waitFor(/\[1\/6\]/);
  assert.ok(f.includes('payments-5f6d-ccccc'));
  await c.ui.press('esc');
  await c.ui.waitFor(/pods\(all\) \[6\]/);
});

test(':dp opens deployments, Enter drills into its pods, Esc goes back', async () => {
  c = renderConsole(seedEvents(), { columns: 120, rows: 20 });
  await c.ui.waitFor('payments');
  await c.ui.type(':dp');
  await c.ui.press('enter');
  let f = await c.ui.waitFor(/deployments\(all\) \[3\]/);
  assert.match(rowOf(f, ' web ')!, /shop\s+web\s+2\/2/);
  // rows sorted by namespace then name: platform/api, shop/payments, shop/web
  await c.ui.press('j', 'j', 'enter');
  f = await c.ui.waitFor(/deployments\(all\) › pods\(shop\/web\) \[2\]/);
  assert.ok(f.includes('web-7d9c-aaaaa') && f.includes('web-7d9c-bbbbb') && !f.includes('payments'));
  assert.match(lines(f).at(-1)!, /<esc>back/);
  await c.ui.press('esc');
  await c.ui.waitFor(/^deployments\(all\) \[3\]/m);
});

test(':ns then Enter shows the pods of that namespace; :img lists images with flags', async () => {
  c = renderConsole(seedEvents(), { columns: 120, rows: 20 });
  await c.ui.waitFor('payments');
  await c.ui.type(':ns');
  await c.ui.press('enter');
  let f = await c.ui.waitFor(/namespaces \[3\]/);
  assert.match(rowOf(f, 'platform')!, /platform\s+Active\s+2\s+1\s+30d/);
  await c.ui.press('j', 'enter'); // platform
  f = await c.ui.waitFor(/pods\(platform\) \[2\]/);
  await c.ui.type(':img');
  await c.ui.press('enter');
  f = await c.ui.waitFor(/images\(all\) \[\d+\]/);
  assert.match(rowOf(f, 'nginx')!, /latest/);
});

test('Tab completes commands and ↑ recalls the last one', async () => {
  c = renderConsole(seedEvents(), { columns: 120, rows: 20 });
  await c.ui.waitFor('payments');
  await c.ui.type(':de');
  await c.ui.press('tab');
  let f = await c.ui.waitFor(/^:deployments/m);
  await c.ui.press('enter');
  await c.ui.waitFor(/deployments\(all\)/);
  await c.ui.type(':');
  await c.ui.press('up');
  f = await c.ui.waitFor(/^:deployments/m);
  await c.ui.press('esc');
  await c.ui.waitFor((x) => /<:>cmd/.test(x));
});

test('an unknown command says so in one line and changes nothing', async () => {
  c = renderConsole(seedEvents(), { columns: 120, rows: 20 });
  await c.ui.waitFor('payments');
  await c.ui.type(':frob');
  await c.ui.press('enter');
  const f = await c.ui.waitFor('unknown command');
  assert.match(f, /pods\(all\)/);
});

test('? lists every binding of the keymap', async () => {
  c = renderConsole(seedEvents(), { columns: 200, rows: 50 });
  await c.ui.waitFor('payments');
  await c.ui.type('?');
  const f = await c.ui.waitFor('Help');
  for (const b of KEYMAP) assert.ok(f.includes(b.help), `help shows "${b.help}"`);
  await c.ui.press('esc');
  await c.ui.waitFor((x) => !x.includes('Help —'));
});

test('sort keys: pods open by name, S puts the worst status first, N again reverses names', async () => {
  c = renderConsole(seedEvents(), { columns: 120, rows: 20 });
  await c.ui.waitFor('payments');
  let byName = await c.ui.waitFor(/sort:name↑/);
  assert.match(byName.split('\n')[3]!, /hello-1-fffff/);
  await c.ui.type('S');
  let f = await c.ui.waitFor(/sort:status/);
  const firstRow = lines(f)[3]!;
  assert.match(firstRow, /CrashLoopBackOff|ImagePullBackOff/);
  await c.ui.type('N');
  await c.ui.type('N');
  f = await c.ui.waitFor(/sort:name↓/);
  assert.match(lines(f)[3]!, /web-7d9c-bbbbb/);
});

test('0 asks for all namespaces; q quits', async () => {
  c = renderConsole(seedEvents(), { columns: 120, rows: 20, namespace: 'shop' });
  await c.ui.waitFor('payments');
  await c.ui.type('0');
  assert.deepEqual(c.calls, ['namespace:all']);
  await c.ui.type('q');
  assert.deepEqual(c.calls, ['namespace:all', 'quit']);
});

test('cluster strings with escape sequences are shown inert', async () => {
  const evil = pod('shop', 'evil-1', { app: 'x', waiting: 'Bad\x1b[2J\x1b]0;pwned\x07Reason' });
  c = renderConsole([...seedEvents(), { kind: 'pods', type: 'ADDED', object: evil }], { columns: 160, rows: 20 });
  const f = await c.ui.waitFor('evil-1');
  assert.ok(!c.ui.rawFrame().includes('\x1b]0;'), 'no OSC reaches the terminal');
  assert.ok(!c.ui.rawFrame().includes('\x1b[2J'), 'no screen clear reaches the terminal');
  assert.match(rowOf(f, 'evil-1')!, /BadReason/);
});

test('monochrome theme draws no colours', async () => {
  const mono = loadTheme('monochrome', { env: { XDG_CONFIG_HOME: '/nonexistent/kdeck-test' } }).theme;
  c = renderConsole(seedEvents(), { columns: 120, rows: 20, theme: mono });
  await c.ui.waitFor('payments');
  assert.ok(!/\x1b\[(3\d|9\d|4\d|10\d)(;\d+)*m/.test(c.ui.rawFrame()), 'no foreground or background colour codes');
});
