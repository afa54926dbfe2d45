// P6: how fast a log pane takes lines while it is on screen, and what memory
// it holds after a million. The pane renders through Ink at its capped frame
// rate into a counting terminal; lines arrive in network-sized chunks.
import { render } from 'ink';
import { createKdeckStore } from '../src/store/store.js';
import type { Session } from '../src/commands/session.js';
import { attachLogPane, type LogIngest } from '../src/commands/log-pane.js';
import { Root } from '../src/ui/mount.js';
import { loadTheme } from '../src/cli/theme.js';
import { CountingTty, IdleStdin } from './fake-tty.js';

export interface LogBenchResult {
  lines: number;
  seconds: number;
  linesPerSecond: number;
  kept: number;
  lost: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  heapAfterMb: number;
  terminalBytes: number;
  frames: number;
  /** RSS after a GC at each quarter of the run: flat means the buffer, not the run length, sets memory. */
  rssCheckpointsMb: { lines: number; rssMb: number; heapMb: number }[];
}

const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;
const gc = (globalThis as { gc?: () => void }).gc;

function sampleLine(i: number): string {
  // The shape of a real access log line with the timestamp prefix kdeck always asks for.
  const ts = new Date(1_760_000_000_000 + i).toISOString().replace('Z', '000000Z');
  return i % 5 === 0
    ? `${ts} {"level":"info","msg":"handled request","path":"/api/items/${i % 977}","status":200,"ms":${i % 83}}`
    : `${ts} 10.244.${i % 250}.${i % 199} - - "GET /api/items/${i % 977} HTTP/1.1" 200 ${1000 + (i % 5000)} "-" "kube-probe/1.34"`;
}

export async function benchLogs(opts: { lines?: number; chunk?: number; columns?: number; rows?: number } = {}): Promise<LogBenchResult> {
  const total = opts.lines ?? 1_000_000;
  const chunk = opts.chunk ?? 500;
  const ctx = { name: 'bench', cluster: 'bench', user: 'bench' };
  const store = createKdeckStore({ context: ctx, contexts: [ctx], namespace: undefined, readonly: true, initialView: 'pods', now: Date.now() });
  const unused = () => {
    throw new Error('not used by the log benchmark');
  };
  const session: Session = { store, start() {}, stop() {}, close() {}, switchContext() {}, setNamespace() {}, quit() {}, tick() {}, actions: unused, kubeconfig: unused, docker: () => undefined };
  const tty = new CountingTty(opts.columns ?? 200, opts.rows ?? 50);
  const theme = loadTheme('default', { env: {} }).theme;
  const app = render(<Root session={session} theme={theme} />, {
    stdout: tty as unknown as NodeJS.WriteStream,
    stdin: new IdleStdin() as unknown as NodeJS.ReadStream,
    stderr: tty as unknown as NodeJS.WriteStream,
    interactive: true,
    incrementalRendering: true,
    maxFps: 30,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  let ingest!: LogIngest;
  const sources = ['web-6bbf7454b8-2lhrx/web', 'web-6bbf7454b8-kv6qj/web', 'web-6bbf7454b8-vq6xg/web'];
  const pane = attachLogPane(store, { target: { kind: 'selector', namespace: 'shop', selector: 'app=web', title: 'bench' }, previous: false }, (i) => {
    ingest = i;
    return { stop() {}, sources: () => sources };
  });
  await new Promise((r) => setTimeout(r, 100));
  gc?.();
  const rssBefore = process.memoryUsage().rss;
  let frames = 0;
  const unsub = store.subscribe((s, p) => {
    if (s.logTick !== p.logTick) frames++;
  });
  const started = performance.now();
  let sent = 0;
  const checkpoints: LogBenchResult['rssCheckpointsMb'] = [];
  let nextCheckpoint = total / 4;
  let paused = 0;
  const batch: string[] = new Array(chunk);
  while (sent < total) {
    const n = Math.min(chunk, total - sent);
    for (let i = 0; i < n; i++) batch[i] = sampleLine(sent + i);
    ingest.lines(sources[(sent / chunk) % sources.length | 0]!, n === chunk ? batch : batch.slice(0, n));
    sent += n;
    // Yield like a socket would between chunks, so timers (frames) get their turn.
    if ((sent / chunk) % 20 === 0) await new Promise((r) => setImmediate(r));
    if (sent >= nextCheckpoint) {
      // The GC and the reading are not ingest time.
      const t0 = performance.now();
      gc?.();
      const m = process.memoryUsage();
      checkpoints.push({ lines: sent, rssMb: mb(m.rss), heapMb: mb(m.heapUsed) });
      nextCheckpoint += total / 4;
      paused += performance.now() - t0;
    }
  }
  const seconds = (performance.now() - started - paused) / 1000;
  await new Promise((r) => setTimeout(r, 100));
  unsub();
  gc?.();
  const mem = process.memoryUsage();
  app.unmount();
  return {
    lines: total,
    seconds: Math.round(seconds * 1000) / 1000,
    linesPerSecond: Math.round(total / seconds),
    kept: pane.buffer.size,
    // Every line must reach the buffer; the ring then keeps the newest `logLimit` of them by design.
    lost: total - pane.buffer.total,
    rssBeforeMb: mb(rssBefore),
    rssAfterMb: mb(mem.rss),
    heapAfterMb: mb(mem.heapUsed),
    terminalBytes: tty.bytes,
    frames,
    rssCheckpointsMb: checkpoints,
  };
}
