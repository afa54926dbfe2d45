// Hostile and awkward strings from the cluster in a real terminal (tmux): a
// 200-character pod name, huge labels, CJK and emoji names, at 40x12; and
// escape sequences in names and annotations, which must reach the terminal
// inert (tmux would otherwise retitle the pane or clear the screen).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { startDemoCluster, type DemoCluster } from '../../src/sources/demo/index.js';
import { startTmux, tmuxAvailable, type TmuxSession } from '../helpers/tmux.js';
import { BIN, REPO } from '../helpers/kdeck-bin.js';

const skip = tmuxAvailable() ? false : 'tmux is not installed';
const COLS = 40;
const ROWS = 12;

const LONG = `long-${'x'.repeat(195)}`;
const CJK = '数据库-主节点-7f9c8d';
const EMOJI = '🚀-rocket-🔥-pod';

function pod(ns: string, name: string, extra: { labels?: Record<string, string>; annotations?: Record<string, string>; image?: string } = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, uid: `uid-${stringWidth(name)}-${name.length}-${name.slice(0, 3)}`, creationTimestamp: new Date(Date.now() - 3600_000).toISOString(), labels: extra.labels ?? { app: 'x' }, annotations: extra.annotations },
    spec: { nodeName: 'node-1', containers: [{ name: 'c', image: extra.image ?? 'busybox:1.36' }] },
    status: { phase: 'Running', podIP: '10.0.0.9', containerStatuses: [{ name: 'c', ready: true, restartCount: 0, image: 'busybox:1.36', state: { running: { startedAt: new Date().toISOString() } } }] },
  };
}

/** A line as the terminal's cells: a wide character takes two, the second left empty. */
function cells(line: string): string[] {
  const out: string[] = [];
  for (const ch of line) {
    out.push(ch);
    if (stringWidth(ch) === 2) out.push('');
  }
  return out;
}

/** The display column where each header word starts: the table's column starts. */
function columnStarts(headerLine: string): number[] {
  const c = cells(headerLine);
  const starts: number[] = [];
  for (let i = 0; i < c.length; i++) if (c[i] !== ' ' && (i === 0 || c[i - 1] === ' ')) starts.push(i);
  return starts;
}

let dir: string;
let cluster: DemoCluster;
let kubeconfig: string;
before(async () => {
  cluster = await startDemoCluster({ port: 0, speed: 5 });
  dir = mkdtempSync(join(tmpdir(), 'kdeck-layout-'));
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, cluster.kubeconfigYaml());
  cluster.upsertRaw('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'odd', uid: 'ns-odd', creationTimestamp: new Date().toISOString() }, status: { phase: 'Active' } });
  const huge = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`example.com/label-${i}`, 'v'.repeat(63)]));
  cluster.upsertRaw('pods', pod('odd', LONG, { labels: huge }));
  cluster.upsertRaw('pods', pod('odd', CJK, { image: '镜像/数据库:最新' }));
  cluster.upsertRaw('pods', pod('odd', EMOJI, { labels: { app: '🚀'.repeat(30) } }));
  cluster.upsertRaw('pods', pod('odd', 'plain-pod-1'));
});
after(async () => {
  await cluster.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(cols: number, rows: number): Promise<TmuxSession> {
  return startTmux({ command: [process.execPath, BIN, '--kubeconfig', kubeconfig, '-A'], cols, rows, cwd: REPO, env: { KDECK_FROM_SOURCE: '1' } });
}

function tmuxFormat(t: TmuxSession, format: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('tmux', ['-S', t.name, 'display-message', '-p', '-t', 'kdeck:', format], (err, out) => (err ? reject(err) : resolve(out.trim()))),
  );
}

/** Header, breadcrumb, table header, rows, footer: each exactly one terminal row, none wider than the terminal, table columns aligned. */
function assertLayout(screen: string, viewTitle: RegExp): void {
  const lines = screen.split('\n');
  assert.ok(lines.length <= ROWS, `at most ${ROWS} rows:\n${screen}`);
  for (const l of lines) assert.ok(cells(l).length <= COLS, `no line wider than ${COLS} columns: ${JSON.stringify(l)}`);
  assert.match(lines[0]!, /^kdeck ctx:/, `the header is the first row and did not wrap:\n${screen}`);
  assert.match(lines[1]!, viewTitle, `the breadcrumb is the second row:\n${screen}`);
  assert.match(lines[2]!, /^NAME/, `the table header is the third row:\n${screen}`);
  // The footer (keys, or a message) owns the last row; nothing pushed it off or wrapped into it.
  assert.equal(lines.length, ROWS, `the screen has ${ROWS} rows:\n${screen}`);
  assert.match(lines[ROWS - 1]!, /^(<.>|\S)/, `the footer is the last row:\n${screen}`);
  const starts = columnStarts(lines[2]!);
  assert.ok(starts.length >= 2, 'at least two columns at 40 wide');
  const rows = lines.slice(3, ROWS - 1).filter((l) => l.trim());
  assert.ok(rows.length > 0, 'rows are shown');
  for (const r of rows) {
    const c = cells(r);
    for (const s of starts.slice(1)) {
      assert.equal(c[s - 1] ?? ' ', ' ', `column starting at ${s} is separated by a space in ${JSON.stringify(r)}\nheader: ${JSON.stringify(lines[2])}`);
      assert.notEqual(c[s] ?? '', '', `no wide character straddles column ${s} in ${JSON.stringify(r)}`);
    }
  }
}

describe(`long, wide and hostile strings in a ${COLS}x${ROWS} terminal`, { skip }, () => {
  let t: TmuxSession;
  after(async () => t?.kill());

  test('pods with a 200-character name, huge labels, CJK and emoji: one row each, columns aligned, header and footer one line', async () => {
    t = await open(COLS, ROWS);
    await t.waitFor((s) => /pods\(all\)/.test(s), { timeoutMs: 30_000 });
    await t.type(':po odd');
    await t.sendKeys('Enter');
    const screen = await t.waitFor((s) => /pods\(odd\) \[4\]/.test(s) && s.includes('数据库') && s.includes('🚀'), { timeoutMs: 10_000 });
    assertLayout(screen, /^pods\(odd\) \[4\]/);
    const rows = screen.split('\n').slice(3, -1).filter((l) => l.trim());
    assert.ok(rows.some((l) => /long-x+…/.test(l)), `the long name is cut with an ellipsis:\n${screen}`);
    // The same at the all-namespaces view and the deployments view, whose headers are longest.
    await t.sendKeys('0');
    assertLayout(await t.waitFor((s) => /pods\(all\) \[\d+\]/.test(s)), /^pods\(all\)/);
    await t.type(':dp');
    await t.sendKeys('Enter');
    assertLayout(await t.waitFor((s) => /deployments\(all\) \[\d+\]/.test(s)), /^deployments\(all\)/);
  });

  test('escape sequences in a pod name stay inert in a real terminal: no retitle, no clear', async () => {
    await t.kill();
    const titleBefore = 'kdeck-layout-test';
    t = await open(120, 30);
    await t.waitFor((s) => /pods\(all\)/.test(s), { timeoutMs: 30_000 });
    await execTmux(t, 'select-pane', '-t', 'kdeck:', '-T', titleBefore);
    cluster.upsertRaw('pods', pod('odd', 'evil\x1b]0;pwned\x07\x1b[2J\x1b[Hpod', { labels: { app: 'x\x1b[31m' }, annotations: { note: '\x1b]2;owned\x07' } }));
    await t.type(':po odd');
    await t.sendKeys('Enter');
    const screen = await t.waitFor((s) => /pods\(odd\) \[5\]/.test(s) && s.includes('evil'), { timeoutMs: 10_000 });
    assert.equal(await tmuxFormat(t, '#{pane_title}'), titleBefore, 'the pod name did not retitle the terminal');
    assert.match(screen, /^kdeck ctx:/, 'the screen was not cleared or homed over the header');
    assert.match(screen, /\bevil\S*pod\b/, `the name is shown, its sequences stripped or made visible:\n${screen}`);
  });
});

function execTmux(t: TmuxSession, ...args: string[]): Promise<void> {
  return new Promise((resolve, reject) => execFile('tmux', ['-S', t.name, ...args], (err) => (err ? reject(err) : resolve())));
}

