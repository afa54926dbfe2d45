// P1–P5: one run of a Program against a cluster at one terminal size, and the
// statistics over several runs. Every figure comes from the PTY: bytes are what
// the program wrote, screens are what xterm made of them, CPU and memory are
// the kernel's accounting for the program's process.
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { PLAIN } from '../src/ui/terminal/sgr.js';
import { leastBytes, type Floor } from './cell-floor.js';
import type { BenchCluster } from './cluster.js';
import type { Program } from './program.js';
import { cpuTicks, runInPty, type PtyRun } from './pty.js';

export interface TermSize {
  cols: number;
  rows: number;
}

export interface RunFigures {
  /** 1-minute load average when the run started. */
  load: number;
  p1Ms?: number;
  p2RssMb?: number;
  p3P50Ms?: number;
  p3P95Ms?: number;
  p3Keystrokes?: number[];
  p4Bytes?: number;
  p4ChangedCellBytes?: number;
  p4ChangedCells?: number;
  /** The least any renderer could send for the same screens (cell-floor.ts). */
  p4FloorBytes?: number;
  /** "quiet" (bytes until quiet again) or "window" (3 s with the change − 3 s without). */
  p4Method?: 'quiet' | 'window';
  p5BytesPerSec?: number;
  p5CpuPct?: number;
  p5UpdatesPerSec?: number;
  /** Why a figure is missing, by figure name. */
  missing: Record<string, string>;
}

export interface MeasureOptions {
  query: string;
  /** P5 length and rate. */
  loadSeconds: number;
  /** Seconds of the same churn before P5's window: steady state, not the first seconds of it. */
  warmupSeconds: number;
  updatesPerSecond: number;
  startTimeoutMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const errText = (e: unknown) => (e instanceof Error ? e.message.split('\n')[0]! : String(e));

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (!s.length) return NaN;
  // Nearest-rank: p95 of 6 keystrokes is the slowest one, not an interpolation.
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** Cells that differ between two snapshots, and the UTF-8 bytes of their new characters: the least any renderer must send. */
export function changedCells(before: string[][], after: string[][]): { cells: number; bytes: number } {
  let cells = 0;
  let bytes = 0;
  for (let y = 0; y < after.length; y++) {
    for (let x = 0; x < after[y]!.length; x++) {
      const a = after[y]![x]!;
      if (before[y]?.[x] === a) continue;
      cells++;
      const ch = a.slice(0, a.lastIndexOf('|'));
      bytes += Math.max(1, Buffer.byteLength(ch, 'utf8'));
    }
  }
  return { cells, bytes };
}

/** CPU ticks (1/100 s) of each thread of `pid`, with its name. */
function threadCpu(pid: number): Map<string, { name: string; ticks: number }> {
  const out = new Map<string, { name: string; ticks: number }>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const s = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = s.slice(s.indexOf('(') + 1, s.lastIndexOf(')')).replace(/\d+$/, '#');
      out.set(tid, { name, ticks: cpuTicks(s) });
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

/** Waits until `offsetMs` past a wall-clock second, so windows hold the same number of once-a-second ticks. */
async function alignToSecond(offsetMs: number): Promise<void> {
  const ms = Date.now() % 1000;
  await sleep((offsetMs - ms + 1000) % 1000 || 1000);
}

async function quit(run: PtyRun, program: Program): Promise<void> {
  for (const k of program.quitKeys) {
    run.write(k);
    await sleep(150);
  }
  const deadline = Date.now() + 2000;
  while (!run.exited && Date.now() < deadline) await sleep(50);
  await run.kill();
}

/** Changes `count` pods at `perSecond`, half setting and half restoring, without letting requests pile up. */
async function churn(cluster: BenchCluster, names: string[], perSecond: number, seconds: number): Promise<number> {
  const total = Math.round(perSecond * seconds);
  const picks = Math.max(1, Math.floor(total / 2));
  const step = Math.max(1, Math.floor(names.length / picks));
  const chosen = Array.from({ length: picks }, (_, i) => names[(i * step) % names.length]!);
  const start = performance.now();
  let sent = 0;
  let inFlight = 0;
  while (sent < total) {
    const due = Math.floor(((performance.now() - start) / 1000) * perSecond) + 1;
    while (sent < Math.min(due, total) && inFlight < 50) {
      const i = sent++;
      inFlight++;
      void cluster.change(chosen[i % picks]!, i < picks).finally(() => inFlight--);
    }
    await sleep(1000 / perSecond);
  }
  while (inFlight > 0) await sleep(10);
  return total;
}

export async function measureRun(program: Program, cluster: BenchCluster, size: TermSize, podCount: number, opts: MeasureOptions): Promise<RunFigures> {
  const figures: RunFigures = { load: Math.round(loadavg()[0]! * 100) / 100, missing: {} };
  const miss = (what: string, why: string) => (figures.missing[what] = why);
  const t0 = performance.now();
  const run = runInPty(program, size.cols, size.rows);
  try {
    // P1: exec → every pod counted in the header.
    try {
      await run.waitFor((s) => program.fullTable(s, podCount), opts.startTimeoutMs, `the pod table with ${podCount} pods`);
      figures.p1Ms = Math.round(performance.now() - t0);
    } catch (e) {
      for (const f of ['P1', 'P2', 'P3', 'P4', 'P5']) miss(f, errText(e));
      return figures;
    }

    // P2: resident memory once the first burst of work is over.
    await sleep(2000);
    figures.p2RssMb = run.rssMb();

    const changeable = await cluster.changeablePods();
    if ('reason' in changeable) {
      miss('P4', changeable.reason);
      miss('P5', changeable.reason);
    } else {
      await measureP4(run, cluster, changeable.names, figures);
      // P5: a busy cluster, once it has been busy for a while. A run's first seconds of churn include
      // one-off work (kdeck: JIT compilation of the update path), which made 10 s windows swing widely.
      await churn(cluster, changeable.names, opts.updatesPerSecond, opts.warmupSeconds);
      // Bytes and the program's own CPU over the whole measured burst.
      const b0 = run.bytes;
      const c0 = run.cpuSeconds();
      const s0 = performance.now();
      const threads0 = process.env.KDECK_BENCH_DEBUG ? threadCpu(run.pid) : undefined;
      const sent = await churn(cluster, changeable.names, opts.updatesPerSecond, opts.loadSeconds);
      const secs = (performance.now() - s0) / 1000;
      if (threads0) {
        // Which of the program's threads the P5 CPU went to (JS on the main thread, GC helpers, compilers, libuv).
        const t1 = threadCpu(run.pid);
        const byName = new Map<string, number>();
        for (const [tid, t] of t1) byName.set(t.name, (byName.get(t.name) ?? 0) + t.ticks - (threads0.get(tid)?.ticks ?? 0));
        process.stderr.write(`P5 CPU by thread (% of one core): ${[...byName].map(([n, ticks]) => `${n} ${((ticks / secs)).toFixed(1)}`).join(', ')}\n`);
      }
      figures.p5BytesPerSec = Math.round((run.bytes - b0) / secs);
      figures.p5CpuPct = Math.round(((run.cpuSeconds() - c0) / secs) * 1000) / 10;
      figures.p5UpdatesPerSec = Math.round((sent / secs) * 10) / 10;
      await sleep(1500);
    }

    // P3 last: it leaves the table filtered.
    try {
      const keys = program.filterKeys(opts.query);
      const opening = keys.slice(0, keys.length - opts.query.length);
      const typed = keys.slice(opening.length);
      for (const k of opening) {
        const changed = run.nextChange(3000);
        run.write(k);
        await changed;
      }
      await sleep(300);
      const times: number[] = [];
      for (let i = 0; i < typed.length; i++) {
        const prefix = opts.query.slice(0, i + 1);
        const w = performance.now();
        const seen = run.waitFor((s) => program.filtered(s, prefix), 5000, `the table filtered by "${prefix}"`);
        run.write(typed[i]!);
        await seen;
        times.push(Math.round((performance.now() - w) * 10) / 10);
        // A person types no faster than this; the next key should not land mid-frame.
        await sleep(120);
      }
      figures.p3Keystrokes = times;
      figures.p3P50Ms = percentile(times, 50);
      figures.p3P95Ms = percentile(times, 95);
    } catch (e) {
      miss('P3', errText(e));
    }
    return figures;
  } finally {
    await quit(run, program);
  }
}

async function measureP4(run: PtyRun, cluster: BenchCluster, names: string[], figures: RunFigures): Promise<void> {
  // A pod the screen shows, so the change has cells to redraw; any pod when none is visible.
  const screen = run.screen();
  const target = names.find((n) => screen.includes(n)) ?? names[0]!;
  const rowOf = (s: string) => s.split('\n').find((l) => l.includes(target)) ?? '';
  const quiet = await run.waitQuiet(1500, 4000);
  if (quiet) {
    figures.p4Method = 'quiet';
    const before = run.cells();
    const rowBefore = rowOf(run.screen());
    const b0 = run.bytes;
    // Every screen the change goes through (a pod's readiness can move a header count twice, say), for the floor.
    const screens = [before];
    const unsubscribe = run.onOutput(() => screens.push(run.cells()));
    await cluster.change(target, true);
    await run.waitFor((s) => rowOf(s) !== rowBefore, 3000).catch(() => undefined);
    const firstFrame = run.cells();
    await run.waitQuiet(1500, 8000);
    unsubscribe();
    figures.p4Bytes = run.bytes - b0;
    let floor: Floor = { bytes: 0, pen: PLAIN, cursor: undefined };
    for (let i = 1; i < screens.length; i++) {
      const step = leastBytes(screens[i - 1]!, screens[i]!, floor);
      floor = { ...step, bytes: floor.bytes + step.bytes };
    }
    figures.p4FloorBytes = floor.bytes;
    const d = changedCells(before, firstFrame);
    figures.p4ChangedCells = d.cells;
    figures.p4ChangedCellBytes = d.bytes;
  } else {
    // Something redraws continuously (e.g. ages ticking each second): bytes in a
    // window with the change minus an equal window without it, both aligned to
    // the wall-clock second so each holds the same number of ticks.
    figures.p4Method = 'window';
    const windowMs = 3000;
    await alignToSecond(400);
    const b0 = run.bytes;
    await sleep(windowMs);
    const b1 = run.bytes;
    const before = run.cells();
    const rowBefore = rowOf(run.screen());
    await cluster.change(target, true);
    const changed = run.waitFor((s) => rowOf(s) !== rowBefore, windowMs - 100).then(
      () => run.cells(),
      () => undefined,
    );
    await sleep(windowMs);
    const b2 = run.bytes;
    const firstFrame = await changed;
    figures.p4Bytes = Math.max(0, b2 - b1 - (b1 - b0));
    const d = firstFrame ? changedCells(before, firstFrame) : { cells: 0, bytes: 0 };
    // The ticks' bytes are subtracted, but the cells they change cannot be told from the change's own.
    figures.missing['P4 least bytes'] = 'the screen never went quiet (ages tick each second), so the change\'s own cells cannot be told from the ticks\'';
    if (process.env.KDECK_BENCH_DEBUG && firstFrame) debugDiff(before, firstFrame);
    figures.p4ChangedCells = d.cells;
    figures.p4ChangedCellBytes = d.bytes;
  }
  await cluster.change(target, false);
  await sleep(500);
}

function debugDiff(before: string[][], after: string[][]): void {
  const text = (rows: string[][]) => rows.map((r) => r.map((c) => c.slice(0, c.lastIndexOf('|'))).join(''));
  const a = text(before);
  const b = text(after);
  for (let y = 0; y < b.length; y++) {
    const cols = after[y]!.map((c, x) => (c === before[y]?.[x] ? '' : String(x))).filter(Boolean);
    if (cols.length) process.stderr.write(`row ${y} cols ${cols.join(',')}\n- ${a[y]}\n+ ${b[y]}\n`);
  }
}
