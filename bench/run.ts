// npm run bench: kdeck's performance figures, as a table and as JSON.
// Figures only: nothing here passes or fails.
import { cpus, totalmem } from 'node:os';
import { benchLogs } from './logs.js';

const gcExposed = typeof (globalThis as { gc?: unknown }).gc === 'function';

function table(rows: [string, string][]): string {
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join('\n');
}

const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version };
console.log(`kdeck benchmarks on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GiB, node ${machine.node}${gcExposed ? '' : ' (run with --expose-gc for steadier memory figures)'}`);

const logs = await benchLogs({ lines: Number(process.env.KDECK_BENCH_LOG_LINES ?? 1_000_000) });
console.log('\nP6 log pane: ingest while rendering at 30 fps (200x50), lines in chunks of 500');
console.log(
  table([
    ['lines', logs.lines.toLocaleString('en')],
    ['lines/s', logs.linesPerSecond.toLocaleString('en')],
    ['lost', String(logs.lost)],
    ['kept in the ring buffer', logs.kept.toLocaleString('en')],
    ['RSS before → after', `${logs.rssBeforeMb} MB → ${logs.rssAfterMb} MB`],
    ['heap after', `${logs.heapAfterMb} MB`],
    ['RSS / heap at 25/50/75/100%', logs.rssCheckpointsMb.map((c) => `${c.rssMb}/${c.heapMb}`).join(', ') + ' MB'],
    ['frames drawn', String(logs.frames)],
    ['bytes to the terminal', logs.terminalBytes.toLocaleString('en')],
  ]),
);

console.log('\nJSON');
console.log(JSON.stringify({ machine, logs }, null, 2));
