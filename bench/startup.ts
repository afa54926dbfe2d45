// Startup of each way kdeck ships, in a real pseudo-terminal: tsc's unbundled
// dist/ (the baseline), the single-file bundle, and the standalone executable.
// Figures: exec → `--version` exits (loading the code, nothing else); exec →
// the first full frame of `--demo` (the pod table with its crash loop); RSS
// settled two seconds after that frame, as P2 takes it. Median of N runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInPty } from './pty.js';
import type { Program } from './program.js';
import { BUNDLE, EXECUTABLE, PINNED_NODE, UNBUNDLED_MAIN } from '../scripts/build/paths.js';

export interface StartupVariant {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
}

export interface StartupFigures {
  variant: string;
  versionMs: number[];
  demoFrameMs: number[];
  rssMb: number[];
  missing?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function startupVariants(): StartupVariant[] {
  // bin/kdeck.js sets NODE_ENV for the unbundled build; the bundle has it compiled in.
  const env = { NODE_ENV: 'production' };
  return [
    // The node flag bin/kdeck.js's #! line gives (and MALLOC_ARENA_MAX comes from npm run bench's own environment).
    { name: 'unbundled dist/ (tsc), node 24', command: PINNED_NODE, args: ['--max-semi-space-size=4', UNBUNDLED_MAIN], env },
    { name: 'bundle dist/kdeck.mjs, node 24', command: PINNED_NODE, args: ['--max-semi-space-size=4', BUNDLE], env },
    { name: `executable ${EXECUTABLE.slice(EXECUTABLE.lastIndexOf('/') + 1)}`, command: EXECUTABLE, args: [], env },
  ];
}

function versionMs(v: StartupVariant, cwd: string): number {
  const t0 = performance.now();
  const r = spawnSync(v.command, [...v.args, '--version'], { cwd, env: { ...process.env, ...v.env }, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0 || !/^kdeck \d/.test(r.stdout)) throw new Error(`${v.name} --version: exit ${r.status}: ${r.stderr.trim()}`);
  return Math.round(ms);
}

async function demoRun(v: StartupVariant, cwd: string): Promise<{ frameMs: number; rssMb: number }> {
  const program: Program = {
    name: v.name,
    command: v.command,
    args: [...v.args, '--demo'],
    // A HOME of its own: no user config or theme changes what is drawn.
    env: { ...v.env, HOME: cwd, XDG_CONFIG_HOME: join(cwd, 'config') },
    // The listed pods counted in the breadcrumb, and the header's trouble counts, which need the pods, deployments and events.
    fullTable: (s) => /pods\(all\) \[\d+\]/.test(s) && /● live crit:\d+/.test(s),
    filterKeys: () => [],
    filtered: () => false,
    quitKeys: ['q'],
  };
  const t0 = performance.now();
  const run = runInPty(program, 80, 24);
  try {
    await run.waitFor((s) => program.fullTable(s, 0), 60_000, 'the demo pod table');
    const frameMs = Math.round(performance.now() - t0);
    await sleep(2000);
    return { frameMs, rssMb: run.rssMb() };
  } finally {
    await run.kill();
  }
}

export async function benchStartup(opts: { runs: number }): Promise<StartupFigures[]> {
  const cwd = mkdtempSync(join(tmpdir(), 'kdeck-bench-startup-'));
  const variants = startupVariants();
  const out: StartupFigures[] = variants.map((v) => ({ variant: v.name, versionMs: [], demoFrameMs: [], rssMb: [] }));
  const fail = (f: StartupFigures, e: unknown) => (f.missing = e instanceof Error ? e.message.split('\n')[0]! : String(e));
  try {
    variants.forEach((v, i) => {
      const file = v.args.at(-1) ?? v.command;
      if (!existsSync(file)) out[i]!.missing = `${file} is not built (npm run build)`;
      // One unmeasured start warms the page cache, as a user's second start would be.
      else
        try {
          versionMs(v, cwd);
        } catch (e) {
          fail(out[i]!, e);
        }
    });
    // Round-robin, so a burst of load from elsewhere on the machine hits every variant alike.
    for (let run = 0; run < opts.runs; run++) {
      for (const [i, v] of variants.entries()) {
        const f = out[i]!;
        if (f.missing) continue;
        try {
          f.versionMs.push(versionMs(v, cwd));
          const r = await demoRun(v, cwd);
          f.demoFrameMs.push(r.frameMs);
          f.rssMb.push(r.rssMb);
        } catch (e) {
          fail(f, e);
        }
      }
    }
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
  return out;
}

function median(values: number[]): number | undefined {
  if (!values.length) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function cell(values: number[], unit: string): string {
  const m = median(values);
  if (m === undefined) return '—';
  const range = values.length > 1 ? ` [${Math.min(...values)}–${Math.max(...values)}]` : '';
  return `${Math.round(m * 10) / 10} ${unit}${range}`;
}

export function printStartup(figures: StartupFigures[], runs: number): void {
  console.log(`\nStartup: unbundled, bundle and executable (80x24, --demo; median of ${runs} [min–max])`);
  const rows = [['', 'exec → --version exits', 'exec → first full demo frame', 'RSS settled']];
  for (const f of figures) {
    rows.push(f.missing && !f.versionMs.length ? [f.variant, `not measured — ${f.missing}`, '', ''] : [f.variant, cell(f.versionMs, 'ms'), cell(f.demoFrameMs, 'ms'), cell(f.rssMb, 'MB')]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const r of rows) console.log('  ' + r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
}
