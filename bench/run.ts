// npm run bench: kdeck's performance figures, as a table and as JSON.
// Figures only: nothing here passes or fails.
//
//   npm run bench -- [--runs N] [--quick] [--pods 1000,10000] [--sizes 80x24,200x50]
//                    [--kubeconfig FILE [--context C] [--bench-namespace NS]]
//                    [--vs-k9s] [--json FILE] [--no-logs] [--no-build]
//                    [--no-startup | --startup-only] [--startup-runs N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchLogs, type LogBenchResult } from './logs.js';
import { demoBenchCluster, externalBenchCluster, type BenchCluster } from './cluster.js';
import { kdeckProgram } from './kdeck-program.js';
import { ensureK9s, k9sProgram } from './k9s.js';
import { measureRun, type RunFigures, type TermSize } from './measures.js';
import { benchStartup, printStartup, type StartupFigures } from './startup.js';

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string' },
    quick: { type: 'boolean', default: false },
    pods: { type: 'string', default: '1000,10000' },
    sizes: { type: 'string', default: '80x24,200x50' },
    kubeconfig: { type: 'string' },
    context: { type: 'string' },
    'bench-namespace': { type: 'string' },
    query: { type: 'string', default: 'load-1' },
    'vs-k9s': { type: 'boolean', default: false },
    json: { type: 'string' },
    'no-logs': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'no-startup': { type: 'boolean', default: false },
    'startup-only': { type: 'boolean', default: false },
    'startup-runs': { type: 'string', default: '5' },
  },
  allowPositionals: false,
});

const runs = flags.quick ? 1 : Math.max(1, Number(flags.runs ?? 3));
const podSizes = flags.pods.split(',').map((s) => Number(s.trim().replace(/_/g, ''))).filter((n) => Number.isFinite(n) && n >= 0);
const sizes: TermSize[] = flags.sizes.split(',').map((s) => {
  const m = /^(\d+)x(\d+)$/.exec(s.trim());
  if (!m) throw new Error(`--sizes: "${s}" is not COLSxROWS`);
  return { cols: Number(m[1]), rows: Number(m[2]) };
});
const measureOpts = { query: flags.query, loadSeconds: 10, warmupSeconds: 5, updatesPerSecond: 50, startTimeoutMs: 120_000 };
const gcExposed = typeof (globalThis as { gc?: unknown }).gc === 'function';

// ---- machine --------------------------------------------------------------
const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  date: new Date().toISOString(),
  loadAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
};
console.log(
  `kdeck benchmarks on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GiB, node ${machine.node}, load ${machine.loadAtStart.join(' ')}` +
    `${gcExposed ? '' : ' (run with --expose-gc for steadier memory figures)'}`,
);
console.log(`${runs} run(s) per figure; median [min–max]; figures marked * had a run that started with the load average above 1 (a noisy machine).`);

// ---- kdeck as users run it: npm run build's bundle (and executable, for startup) ----
if (!flags['no-build']) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const build = fileURLToPath(new URL('../scripts/build/build.ts', import.meta.url));
  const b = spawnSync(process.execPath, ['--import', 'tsx', build, ...(flags['no-startup'] ? ['--no-executable'] : [])], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) throw new Error('npm run build failed; see above');
}

// ---- k9s, when asked for and available ---------------------------------------
let k9s: { binary: string; configHome: string } | { reason: string } | undefined;
if (flags['vs-k9s']) {
  try {
    // k9s keeps config, logs and caches under here, never in the user's home.
    k9s = { binary: await ensureK9s(), configHome: mkdtempSync(join(tmpdir(), 'kdeck-bench-k9s-')) };
  } catch (e) {
    k9s = { reason: e instanceof Error ? e.message.split('\n')[0]! : String(e) };
  }
  console.log('binary' in k9s ? `k9s: ${k9s.binary}, measured with the same runs` : `k9s: not measured — ${k9s.reason}`);
}

// ---- statistics and printing ------------------------------------------------
interface Stat {
  median: number;
  min: number;
  max: number;
  values: number[];
  noisy: boolean;
}
type FigureKey = 'p1Ms' | 'p2RssMb' | 'p3P50Ms' | 'p3P95Ms' | 'p4Bytes' | 'p4ChangedCellBytes' | 'p4FloorBytes' | 'p5BytesPerSec' | 'p5CpuPct';
const FIGURES: { key: FigureKey; id: string; label: string; unit: string }[] = [
  { key: 'p1Ms', id: 'P1', label: 'P1 exec → full pod table', unit: 'ms' },
  { key: 'p2RssMb', id: 'P2', label: 'P2 RSS settled', unit: 'MB' },
  { key: 'p3P50Ms', id: 'P3', label: 'P3 filter keystroke → frame p50', unit: 'ms' },
  { key: 'p3P95Ms', id: 'P3', label: 'P3 filter keystroke → frame p95', unit: 'ms' },
  { key: 'p4Bytes', id: 'P4', label: 'P4 bytes for one pod change', unit: 'B' },
  { key: 'p4ChangedCellBytes', id: 'P4', label: 'P4 changed-cell bytes (characters)', unit: 'B' },
  { key: 'p4FloorBytes', id: 'P4 least bytes', label: 'P4 least bytes for those cells', unit: 'B' },
  { key: 'p5BytesPerSec', id: 'P5', label: 'P5 bytes/s at 50 updates/s', unit: 'B/s' },
  { key: 'p5CpuPct', id: 'P5', label: 'P5 CPU at 50 updates/s', unit: '%' },
];

function statOf(list: RunFigures[], key: FigureKey): Stat | undefined {
  const pairs = list.filter((r) => typeof r[key] === 'number' && Number.isFinite(r[key]));
  if (!pairs.length) return undefined;
  const values = pairs.map((r) => r[key] as number);
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s[s.length - 1]!, values, noisy: pairs.some((r) => r.load > 1) };
}

const fmt = (n: number) => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en') : String(Math.round(n * 10) / 10));
function cell(s: Stat | undefined, unit: string, missing: string | undefined): string {
  if (!s) return `not measured — ${missing ?? 'no run produced it'}`;
  const range = s.values.length > 1 ? ` [${fmt(s.min)}–${fmt(s.max)}]` : '';
  return `${fmt(s.median)} ${unit}${range}${s.noisy ? ' *' : ''}`;
}

interface ProgramResult {
  runs: RunFigures[];
  stats: Partial<Record<FigureKey, Stat>>;
  missing: Record<string, string>;
}
function summarize(list: RunFigures[]): ProgramResult {
  const stats: Partial<Record<FigureKey, Stat>> = {};
  for (const f of FIGURES) {
    const s = statOf(list, f.key);
    if (s) stats[f.key] = s;
  }
  const missing: Record<string, string> = {};
  for (const r of list) for (const [k, v] of Object.entries(r.missing)) missing[k] ??= v;
  return { runs: list, stats, missing };
}

function printBlock(title: string, kd: ProgramResult, k9: ProgramResult | string | undefined, p4Method: string): void {
  console.log(`\n${title}`);
  const rows: string[][] = [['', 'kdeck', ...(k9 !== undefined ? ['k9s', 'kdeck/k9s'] : [])]];
  for (const f of FIGURES) {
    const a = kd.stats[f.key];
    const row = [f.label, cell(a, f.unit, kd.missing[f.id])];
    if (typeof k9 === 'string') row.push(`not measured — ${k9}`, '');
    else if (k9) {
      const b = k9.stats[f.key];
      row.push(cell(b, f.unit, k9.missing[f.id]), a && b && b.median > 0 ? `${(a.median / b.median).toFixed(2)}×` : '—');
    }
    rows.push(row);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const r of rows) console.log('  ' + r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
  const p3 = kd.runs.map((r) => r.p3Keystrokes?.join('/')).filter(Boolean);
  if (p3.length) console.log(`  kdeck keystroke times per run (ms): ${p3.join('; ')}`);
  const p4 = kd.stats.p4Bytes;
  const least = kd.stats.p4FloorBytes;
  if (p4 && least && least.median > 0) console.log(`  P4 kdeck bytes ÷ least bytes for the changed cells: ${(p4.median / least.median).toFixed(2)}×`);
  console.log(`  P4 method: ${p4Method}; P5 achieved ${kd.runs.map((r) => r.p5UpdatesPerSec ?? '—').join(', ')} updates/s; load at run start ${kd.runs.map((r) => r.load).join(', ')}`);
}

// ---- P6 first, so its RSS figures start from a process that has not yet held a demo cluster ----
const logs: LogBenchResult | undefined = flags['no-logs'] || flags['startup-only'] ? undefined : await benchLogs({ lines: Number(process.env.KDECK_BENCH_LOG_LINES ?? 1_000_000) });

// ---- startup of the unbundled build, the bundle and the executable ------------
const startupRuns = Math.max(1, Number(flags['startup-runs']));
const startup: StartupFigures[] | undefined = flags['no-startup'] ? undefined : await benchStartup({ runs: startupRuns });
if (startup) printStartup(startup, startupRuns);
if (flags['startup-only']) {
  const doc = { machine, command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(), startup };
  console.log('\nJSON');
  console.log(JSON.stringify(doc, null, 2));
  if (flags.json) writeFileSync(flags.json, JSON.stringify(doc, null, 2) + '\n');
  process.exit(0);
}

// ---- the PTY measures ---------------------------------------------------------
interface ClusterResult {
  cluster: string;
  pods: number;
  change: string;
  sizes: { size: string; kdeck: ProgramResult; k9s?: ProgramResult | { notMeasured: string } }[];
}
const clusters: ClusterResult[] = [];

async function benchCluster(cluster: BenchCluster): Promise<void> {
  try {
    const pods = await cluster.countPods();
    const result: ClusterResult = { cluster: cluster.label, pods, change: cluster.changeKind, sizes: [] };
    clusters.push(result);
    for (const size of sizes) {
      const kd: RunFigures[] = [];
      const k9: RunFigures[] = [];
      for (let i = 0; i < runs; i++) {
        kd.push(await measureRun(kdeckProgram(cluster.kubeconfig, cluster.context), cluster, size, await cluster.countPods(), measureOpts));
        if (k9s && 'binary' in k9s) k9.push(await measureRun(k9sProgram(k9s.binary, cluster.kubeconfig, { context: cluster.context, configHome: k9s.configHome }), cluster, size, await cluster.countPods(), measureOpts));
      }
      const kdRes = summarize(kd);
      const k9Res = k9s === undefined ? undefined : 'binary' in k9s ? summarize(k9) : k9s.reason;
      result.sizes.push({ size: `${size.cols}x${size.rows}`, kdeck: kdRes, ...(k9Res === undefined ? {} : { k9s: typeof k9Res === 'string' ? { notMeasured: k9Res } : k9Res }) });
      const methods = [...new Set(kd.map((r) => r.p4Method).filter(Boolean))];
      const p4Method =
        methods.includes('window') ?
          'bytes in 3 s with the change − 3 s without (the screen never went quiet for 1.5 s: ages tick each second)'
        : 'bytes from the change until 1.5 s of quiet';
      printBlock(`${cluster.label}: ${pods.toLocaleString('en')} pods, ${size.cols}x${size.rows}, ${runs} run(s)`, kdRes, k9Res, p4Method);
    }
  } finally {
    await cluster.close();
  }
}

if (flags.kubeconfig) {
  await benchCluster(externalBenchCluster(flags.kubeconfig, flags.context, flags['bench-namespace']));
} else {
  for (const n of podSizes) await benchCluster(await demoBenchCluster(n));
}

// ---- P6 (in-process log ingest, measured above) -----------------------------------------------
if (logs) {
  console.log('\nP6 log pane: ingest while rendering at 30 fps (200x50), lines in chunks of 500');
  const rows: [string, string][] = [
    ['lines', logs.lines.toLocaleString('en')],
    ['lines/s', logs.linesPerSecond.toLocaleString('en')],
    ['lost', String(logs.lost)],
    ['kept in the ring buffer', logs.kept.toLocaleString('en')],
    ['RSS before → after', `${logs.rssBeforeMb} MB → ${logs.rssAfterMb} MB`],
    ['heap after', `${logs.heapAfterMb} MB`],
    ['RSS / heap at 25/50/75/100%', logs.rssCheckpointsMb.map((c) => `${c.rssMb}/${c.heapMb}`).join(', ') + ' MB'],
    ['frames drawn', String(logs.frames)],
    ['bytes to the terminal', logs.terminalBytes.toLocaleString('en')],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  console.log(rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join('\n'));
  if (k9s) console.log('  k9s: not measured — P6 drives kdeck\'s log pane in-process; there is no like-for-like k9s figure');
}

if (k9s && 'configHome' in k9s) rmSync(k9s.configHome, { recursive: true, force: true });

const doc = { machine, command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(), runs, query: flags.query, clusters, logs, startup };
console.log('\nJSON');
console.log(JSON.stringify(doc, null, 2));
if (flags.json) writeFileSync(flags.json, JSON.stringify(doc, null, 2) + '\n');
