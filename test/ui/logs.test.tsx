// The log pane on screen: following, pause without loss, toggles, search,
// saving, hostile lines, Esc. Lines are fed by hand through the same ingest
// path the cluster streams use.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderConsole, type FakeConsole } from '../helpers/fake-session.js';
import { seedEvents } from '../helpers/fixtures.js';
import { attachLogPane, type LogIngest, type LogPane } from '../../src/commands/log-pane.js';

let c: FakeConsole | undefined;
let stopped = 0;
afterEach(() => {
  c?.ui.unmount();
  c = undefined;
});

const ts = (i: number) => `2026-11-25T01:00:${String(i % 60).padStart(2, '0')}.000000000Z`;

async function openPane(opts: { rows?: number; columns?: number; limit?: number } = {}): Promise<{ ingest: LogIngest; pane: LogPane }> {
  c = renderConsole(seedEvents(), { columns: opts.columns ?? 100, rows: opts.rows ?? 12 });
  if (opts.limit) c.store.setState({ logLimit: opts.limit });
  await c.ui.waitFor('payments');
  let ingest!: LogIngest;
  const pane = attachLogPane(c.store, { target: { kind: 'selector', namespace: 'shop', selector: 'app=web', title: 'deployment shop/web' }, previous: false, frameMs: 5 }, (i) => {
    ingest = i;
    return { stop: () => stopped++, sources: () => ['web-a/web', 'web-b/web'] };
  });
  await c.ui.waitFor(/logs\(deployment shop\/web\)/);
  return { ingest, pane };
}

test('follows new lines from several streams, each with its prefix', async () => {
  const { ingest } = await openPane();
  ingest.lines('web-a/web', [`${ts(1)} hello from a`]);
  ingest.lines('web-b/web', [`${ts(2)} hello from b`]);
  const f = await c!.ui.waitFor('hello from b');
  assert.match(f, /web-a\/web \| hello from a/);
  assert.match(f, /web-b\/web \| hello from b/);
  assert.match(f, /\[2 lines · 2 streams · following\]/);
  for (let i = 0; i < 30; i++) ingest.lines('web-a/web', [`${ts(i)} line ${i}`]);
  const g = await c!.ui.waitFor('line 29');
  assert.ok(!g.includes('hello from a'), 'scrolled along with the stream');
});

test('pause holds the screen, counts what arrives, and resume loses nothing', async () => {
  const { ingest, pane } = await openPane();
  for (let i = 0; i < 5; i++) ingest.lines('web-a/web', [`${ts(i)} before ${i}`]);
  await c!.ui.waitFor('before 4');
  await c!.ui.press(' ');
  await c!.ui.waitFor('PAUSED +0 new');
  for (let i = 0; i < 250; i++) ingest.lines(i % 2 ? 'web-a/web' : 'web-b/web', [`${ts(i)} during ${i}`]);
  const paused = await c!.ui.waitFor('PAUSED +250 new');
  assert.match(paused, /before 4/);
  assert.ok(!paused.includes('during'), 'the screen held still');
  await c!.ui.press(' ');
  const f = await c!.ui.waitFor('during 249');
  assert.match(f, /following/);
  // Counted on both sides: every line sent is in the buffer, once, in order.
  const texts = [...pane.buffer].map((l) => l.text);
  assert.equal(texts.filter((t) => t.startsWith('during')).length, 250);
  assert.deepEqual(texts.slice(5, 8), ['during 0', 'during 1', 'during 2']);
});

test('memory is bounded: the ring keeps the newest lines and says how many were dropped', async () => {
  const { ingest, pane } = await openPane({ limit: 100 });
  const batch = Array.from({ length: 1000 }, (_, i) => `${ts(i)} n${i}`);
  ingest.lines('web-a/web', batch);
  const f = await c!.ui.waitFor(/\[100 lines, 900 older dropped/);
  assert.match(f, /n999/);
  assert.equal(pane.buffer.size, 100);
  assert.equal(pane.buffer.total, 1000);
});

test('t shows timestamps, w wraps, J pretty-prints JSON', async () => {
  const { ingest } = await openPane({ columns: 60 });
  ingest.lines('web-a/web', [`${ts(7)} {"level":"info","msg":"ok"}`, `${ts(8)} ${'x'.repeat(120)}END`]);
  await c!.ui.waitFor('xxxx');
  await c!.ui.type('t');
  await c!.ui.waitFor('2026-11-25T01:00:08');
  await c!.ui.type('t');
  await c!.ui.type('w');
  await c!.ui.waitFor('END');
  await c!.ui.type('J');
  const f = await c!.ui.waitFor(/"msg": "ok"/);
  assert.match(f, /"level": "info",/);
});

test('/ highlights matches and n/N jump between them', async () => {
  const { ingest } = await openPane({ rows: 10 });
  for (let i = 0; i < 60; i++) ingest.lines('web-a/web', [`${ts(i)} ${i === 10 || i === 40 ? 'ERROR boom' : 'fine'} ${i}`]);
  await c!.ui.waitFor('fine 59');
  await c!.ui.type('/');
  await c!.ui.type('boom');
  await c!.ui.press('enter');
  await c!.ui.type('N');
  let f = await c!.ui.waitFor(/ERROR boom 40/);
  assert.match(c!.ui.rawFrame(), /\x1b\[7m[^\n]*boom/, 'the match is highlighted');
  await c!.ui.type('N');
  f = await c!.ui.waitFor(/ERROR boom 10/);
  await c!.ui.type('N');
  await c!.ui.waitFor('no more matches for "boom" above');
  await c!.ui.type('G');
  f = await c!.ui.waitFor(/following/);
  assert.match(f, /fine 59/);
});

test('s saves every buffered line to the file typed at the prompt', async () => {
  const { ingest } = await openPane();
  for (let i = 0; i < 42; i++) ingest.lines('web-a/web', [`${ts(i)} saved ${i}`]);
  await c!.ui.waitFor('saved 41');
  const dir = mkdtempSync(join(tmpdir(), 'kdeck-save-'));
  try {
    await c!.ui.type('s');
    await c!.ui.waitFor('save buffered lines to:');
    assert.match(c!.ui.lastFrame(), /kdeck\/logs\/deployment_shop_web-\d{4}-\d\d-\d\dT\d{6}\.log/, 'default under $XDG_STATE_HOME/kdeck');
    // Replace the suggestion with our own path.
    await c!.ui.type('\x7f'.repeat(200));
    const file = join(dir, 'out.log');
    await c!.ui.type(file);
    await c!.ui.press('enter');
    await c!.ui.waitFor(`saved 42 lines to ${file}`);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, 42);
    assert.match(lines[41]!, /web-a\/web.*saved 41/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('escape sequences in log lines reach the terminal inert', async () => {
  const { ingest } = await openPane();
  ingest.lines('web-a/web', [`${ts(1)} title\x1b]0;pwned\x07 clear\x1b[2J red\x1b[31mX\x1b[0m csi\x9b2J bell\x07 done`]);
  const f = await c!.ui.waitFor('done');
  const raw = c!.ui.rawFrame();
  assert.ok(!raw.includes('\x1b]0;'), 'no title change');
  assert.ok(!raw.includes('\x1b[2J'), 'no screen clear');
  assert.ok(!raw.includes('\x9b'), 'no 8-bit CSI');
  assert.ok(!raw.includes('\x07'), 'no bell');
  assert.match(f, /title.*clear.*red.*X.*done/);
});

test('Esc closes the pane and stops its streams', async () => {
  await openPane();
  const before = stopped;
  await c!.ui.press('esc');
  await c!.ui.waitFor(/^pods\(all\)/m);
  assert.equal(stopped, before + 1);
});
