// Runs a Program in a real pseudo-terminal and mirrors everything it writes
// into a headless xterm of the same size, so a measure can ask "what would
// the user see now?" and count the bytes that crossed the wire to get there.
import { appendFileSync, readFileSync } from 'node:fs';
import { spawn, type IPty } from 'node-pty';
import xtermHeadless from '@xterm/headless';
import type { Program } from './program.js';

// @xterm/headless is CommonJS; the named export is not visible to ESM.
const { Terminal } = xtermHeadless as unknown as typeof import('@xterm/headless');
type Term = InstanceType<typeof Terminal>;

const CLK_TCK = 100; // Linux USER_HZ; /proc/PID/stat counts in these ticks.

export interface PtyRun {
  readonly pid: number;
  /** Bytes the program has written to the terminal so far. */
  readonly bytes: number;
  /** performance.now() of the last output chunk, once the terminal has parsed it. */
  readonly lastOutputAt: number;
  /** Has the process exited? */
  readonly exited: boolean;
  /** The visible screen, one line per row, trailing spaces trimmed. */
  screen(): string;
  /** Every visible cell as "chars|colours|attributes", so two snapshots can be compared cell by cell. */
  cells(): string[][];
  /** Resolves once `pred(screen)` holds (checked after every parsed chunk); rejects with the screen after `timeoutMs`. */
  waitFor(pred: (screen: string) => boolean, timeoutMs: number, what?: string): Promise<void>;
  /** Resolves on the next parsed output chunk after the call that changed the screen, with the time it was parsed. */
  nextChange(timeoutMs: number): Promise<number | undefined>;
  /** Resolves once no output came for `quietMs`, or after `timeoutMs` with false. */
  waitQuiet(quietMs: number, timeoutMs: number): Promise<boolean>;
  /** Calls `fn` after each output chunk is parsed (the screen is current then); returns the unsubscribe. */
  onOutput(fn: () => void): () => void;
  write(keys: string): void;
  /** utime + stime of the process, in seconds. */
  cpuSeconds(): number;
  rssMb(): number;
  kill(): Promise<void>;
}

function screenOf(term: Term): string {
  const buf = term.buffer.active;
  const lines: string[] = [];
  for (let y = 0; y < term.rows; y++) lines.push(buf.getLine(buf.viewportY + y)?.translateToString(true) ?? '');
  return lines.join('\n');
}

function cellsOf(term: Term): string[][] {
  const buf = term.buffer.active;
  const rows: string[][] = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buf.getLine(buf.viewportY + y);
    const row: string[] = [];
    for (let x = 0; x < term.cols; x++) {
      const c = line?.getCell(x);
      if (!c) {
        row.push(' ');
        continue;
      }
      const attrs = [c.getFgColorMode(), c.getFgColor(), c.getBgColorMode(), c.getBgColor(), c.isBold(), c.isDim(), c.isItalic(), c.isUnderline(), c.isInverse()];
      row.push(`${c.getChars() || (c.getWidth() === 0 ? '' : ' ')}|${attrs.map(Number).join(',')}`);
    }
    rows.push(row);
  }
  return rows;
}

/** utime + stime, in clock ticks, from a /proc/PID/stat or /proc/PID/task/TID/stat line. */
export function cpuTicks(stat: string): number {
  // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
}

export function runInPty(program: Program, cols: number, rows: number): PtyRun {
  const term = new Terminal({ cols, rows, allowProposedApi: true, scrollback: 0 });
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  Object.assign(env, { TERM: 'xterm-256color', COLUMNS: String(cols), LINES: String(rows) }, program.env);
  const pty: IPty = spawn(program.command, program.args, { name: 'xterm-256color', cols, rows, cwd: process.cwd(), env });
  let bytes = 0;
  let lastOutputAt = performance.now();
  let exited = false;
  let exitWaiters: (() => void)[] = [];
  // Listeners run after the terminal has parsed a chunk, so the screen they read is current.
  const listeners = new Set<() => void>();
  // KDECK_BENCH_RAW=FILE keeps every output chunk (time, JSON-quoted bytes), to see where bytes go.
  const rawLog = process.env.KDECK_BENCH_RAW;
  pty.onData((data) => {
    bytes += Buffer.byteLength(data, 'utf8');
    if (rawLog) appendFileSync(rawLog, `${Math.round(performance.now())} ${JSON.stringify(data)}\n`);
    term.write(data, () => {
      lastOutputAt = performance.now();
      for (const l of [...listeners]) l();
    });
  });
  // Answer the terminal queries a real terminal would (cursor position, device attributes).
  term.onData((reply) => {
    if (!exited) pty.write(reply);
  });
  pty.onExit(() => {
    exited = true;
    for (const w of exitWaiters) w();
    exitWaiters = [];
    for (const l of [...listeners]) l();
  });

  const stat = () => readFileSync(`/proc/${pty.pid}/stat`, 'utf8');

  return {
    pid: pty.pid,
    get bytes() {
      return bytes;
    },
    get lastOutputAt() {
      return lastOutputAt;
    },
    get exited() {
      return exited;
    },
    screen: () => screenOf(term),
    cells: () => cellsOf(term),
    waitFor(pred, timeoutMs, what = 'the expected screen') {
      return new Promise((resolve, reject) => {
        if (pred(screenOf(term))) return resolve();
        const done = (ok: boolean) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (ok) resolve();
          else reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}${exited ? ' (the program exited)' : ''}; the screen shows:\n${screenOf(term)}`));
        };
        const check = () => {
          if (pred(screenOf(term))) done(true);
          else if (exited) done(false);
        };
        const timer = setTimeout(() => done(false), timeoutMs);
        listeners.add(check);
      });
    },
    nextChange(timeoutMs) {
      const before = screenOf(term);
      return new Promise((resolve) => {
        const check = () => {
          if (screenOf(term) === before && !exited) return;
          const at = performance.now();
          clearTimeout(timer);
          listeners.delete(check);
          resolve(exited ? undefined : at);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          resolve(undefined);
        }, timeoutMs);
        listeners.add(check);
      });
    },
    async waitQuiet(quietMs, timeoutMs) {
      const start = performance.now();
      for (;;) {
        const now = performance.now();
        const since = now - lastOutputAt;
        if (since >= quietMs) return true;
        if (now - start >= timeoutMs) return false;
        await new Promise((r) => setTimeout(r, Math.min(quietMs - since + 5, 100)));
      }
    },
    onOutput(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    write: (keys) => pty.write(keys),
    cpuSeconds() {
      return cpuTicks(stat()) / CLK_TCK;
    },
    rssMb() {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pty.pid}/status`, 'utf8'));
      return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : NaN;
    },
    kill() {
      if (exited) return Promise.resolve();
      return new Promise<void>((resolve) => {
        exitWaiters.push(resolve);
        const hard = setTimeout(() => {
          try {
            process.kill(pty.pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }, 3000);
        exitWaiters.push(() => clearTimeout(hard));
        try {
          pty.kill('SIGTERM');
        } catch {
          resolve();
        }
      }).finally(() => term.dispose());
    },
  };
}
