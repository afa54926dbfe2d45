// Drives a real program in a real (tmux-emulated) terminal, the way a person
// at a keyboard would, so e2e tests see exactly what lands on the screen.

import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type ScreenPredicate = string | RegExp | ((screen: string) => boolean);

export interface TmuxSession {
  /** The private tmux socket path (tmux -S PATH attach, to watch by hand). */
  name: string;
  /** tmux key names ('Enter', 'Escape', 'C-c', 'Up', 'F1', ...) are pressed; anything else is typed literally. */
  sendKeys(...keys: string[]): Promise<void>;
  /** Types text one character at a time, as a person would; '\n' presses Enter. */
  type(text: string): Promise<void>;
  /** The visible screen, one line per row; with escapes, including colour/attribute sequences. */
  capture(opts?: { escapes?: boolean }): Promise<string>;
  /** Polls the screen every 50 ms until pred holds; returns that screen. */
  waitFor(pred: ScreenPredicate, opts?: { timeoutMs?: number }): Promise<string>;
  resize(cols: number, rows: number): Promise<void>;
  exited(): Promise<boolean>;
  paneDead(): Promise<{ dead: boolean; status?: number }>;
  /** Ends the program and the private tmux server; safe to call twice. */
  kill(): Promise<void>;
}

export interface StartTmuxOptions {
  command: string[];
  cols: number;
  rows: number;
  env?: Record<string, string>;
  cwd?: string;
}

const SESSION = 'kdeck';
const POLL_MS = 50;
const DEFAULT_TIMEOUT_MS = 5000;

// Names tmux's send-keys understands as keys rather than text.
const KEY_NAMES = new Set([
  'Enter', 'Escape', 'Tab', 'BTab', 'BSpace', 'Space', 'Up', 'Down', 'Left', 'Right',
  'Home', 'End', 'PageUp', 'PageDown', 'PgUp', 'PgDn', 'PPage', 'NPage', 'IC', 'DC', 'Insert', 'Delete',
  'KPEnter',
]);

function isKeyName(key: string): boolean {
  return KEY_NAMES.has(key) || /^F([1-9]|1[0-2])$/.test(key) || /^([CMS]-)+.+$/.test(key);
}

export function tmuxAvailable(): boolean {
  return spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
}

function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_\-+=.,:/@%]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The pinned node lives in node_modules/.bin; a tmux pane must find it before the system's older one. */
function repoBinDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) {
      const bin = join(dir, 'node_modules', '.bin');
      return existsSync(bin) ? bin : undefined;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Our own environment for the tmux client, minus anything that would tie it to a tmux the developer is sitting in. */
function clientEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.TMUX;
  delete env.TMUX_PANE;
  return env;
}

// Servers still running when the test process ends (a test that threw before
// its kill()) would otherwise outlive the CI job.
const live = new Map<string, string>();
let exitHookInstalled = false;
function track(socket: string, configDir: string): void {
  live.set(socket, configDir);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const [sock, dir] of live) {
      spawnSync('tmux', ['-S', sock, 'kill-server'], { stdio: 'ignore', env: clientEnv() });
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

export async function startTmux(opts: StartTmuxOptions): Promise<TmuxSession> {
  if (opts.command.length === 0) throw new Error('startTmux: command is empty');
  for (const key of Object.keys(opts.env ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`startTmux: bad environment variable name ${JSON.stringify(key)}`);
  }

  // A socket of our own (not -L, whose socket file tmux leaves behind in
  // /tmp/tmux-UID) so tests never reach a developer's tmux and leave nothing.
  const configDir = mkdtempSync(join(tmpdir(), 'kdeck-tmux-'));
  const socket = join(configDir, 'sock');
  const config = join(configDir, 'tmux.conf');
  // No status line: the program gets every row, as it would in a plain
  // terminal. remain-on-exit only matters if the wrapper shell below is
  // itself killed; the pane then stays readable instead of vanishing.
  writeFileSync(
    config,
    [
      'set -g remain-on-exit on',
      'set -g status off',
      'set -g default-shell /bin/sh',
      'set -g default-terminal xterm-256color',
      'set -sg escape-time 0',
      'set -g history-limit 1000',
      '',
    ].join('\n'),
  );
  track(socket, configDir);

  const env = opts.env ?? {};
  const bin = repoBinDir();
  const basePath = env.PATH ?? process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin';
  const path = bin && !basePath.split(delimiter).includes(bin) ? `${bin}${delimiter}${basePath}` : basePath;
  const assignments = { TERM: 'xterm-256color', ...env, PATH: path };
  const statusFile = join(configDir, 'exit-status');
  // The tmux server hands panes its own start-up environment; passing ours
  // through env(1) makes what the program sees explicit. NODE_TEST_CONTEXT
  // would make a node child think it is part of this test run.
  const program = [
    'env -u NODE_TEST_CONTEXT -u TMUX -u TMUX_PANE',
    ...Object.entries(assignments).map(([k, v]) => shellQuote(`${k}=${v}`)),
    ...opts.command.map(shellQuote),
  ].join(' ');
  // When a pane dies, tmux 3.3 scrolls the screen a line and prints "Pane is
  // dead" over the bottom row, destroying the very screen a test wants to
  // check. So the shell outlives the program: it records the exit status and
  // then idles, leaving the screen exactly as the program left it. The INT and
  // QUIT traps keep this shell alive through a C-c meant for the program (a
  // trapped signal, unlike an ignored one, is back to default in the child).
  const shellCommand = `trap : INT QUIT; ${program}; echo $? > ${shellQuote(statusFile)}; exec sleep 86400`;

  const tmux = (...args: string[]): Promise<string> =>
    new Promise((resolve, reject) => {
      execFile('tmux', ['-S', socket, '-f', config, ...args], { env: clientEnv(), maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`tmux ${args[0]} failed: ${(stderr || err.message).trim()}`));
        else resolve(stdout);
      });
    });

  const newSession = ['new-session', '-d', '-s', SESSION, '-x', String(opts.cols), '-y', String(opts.rows)];
  if (opts.cwd) newSession.push('-c', opts.cwd);
  try {
    await tmux(...newSession, shellCommand);
  } catch (err) {
    live.delete(socket);
    rmSync(configDir, { recursive: true, force: true });
    throw err;
  }

  let killed = false;
  const target = `${SESSION}:`;

  const capture = async (captureOpts?: { escapes?: boolean }): Promise<string> => {
    const args = ['capture-pane', '-p', '-t', target];
    if (captureOpts?.escapes) args.push('-e');
    const out = await tmux(...args);
    return out.endsWith('\n') ? out.slice(0, -1) : out;
  };

  const paneDead = async (): Promise<{ dead: boolean; status?: number }> => {
    if (killed) return { dead: true };
    try {
      const status = readFileSync(statusFile, 'utf8').trim();
      if (status !== '') return { dead: true, status: Number(status) };
    } catch {
      // not written yet: the program is still running, or the shell itself died
    }
    let out: string;
    try {
      out = await tmux('display-message', '-p', '-t', target, '#{pane_dead} #{pane_dead_status}');
    } catch {
      // No server means nothing is running any more.
      return { dead: true };
    }
    const [dead, status] = out.trim().split(' ');
    if (dead !== '1') return { dead: false };
    return status ? { dead: true, status: Number(status) } : { dead: true };
  };

  const sendKeys = async (...keys: string[]): Promise<void> => {
    for (const key of keys) {
      // tmux reads an argument ending in ';' as a command separator unless the ';' is escaped.
      const arg = key.endsWith(';') ? `${key.slice(0, -1)}\\;` : key;
      if (isKeyName(key)) await tmux('send-keys', '-t', target, arg);
      else await tmux('send-keys', '-t', target, '-l', '--', arg);
    }
  };

  return {
    name: socket,
    sendKeys,
    async type(text: string) {
      for (const ch of text) await sendKeys(ch === '\n' ? 'Enter' : ch);
    },
    capture,
    async waitFor(pred: ScreenPredicate, waitOpts?: { timeoutMs?: number }) {
      const timeoutMs = waitOpts?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const test =
        typeof pred === 'string' ? (s: string) => s.includes(pred) : pred instanceof RegExp ? (s: string) => pred.test(s) : pred;
      const what = typeof pred === 'function' ? 'screen predicate' : String(typeof pred === 'string' ? JSON.stringify(pred) : pred);
      const deadline = Date.now() + timeoutMs;
      let screen = '';
      for (;;) {
        screen = await capture();
        if (test(screen)) return screen;
        // A dead pane's screen never changes again: say so now rather than after the timeout.
        const state = await paneDead();
        if (state.dead) {
          screen = await capture().catch(() => screen);
          if (test(screen)) return screen;
          throw new Error(`program exited (status ${state.status ?? 'unknown'}) before ${what} appeared; last screen:\n${frame(screen)}`);
        }
        if (Date.now() >= deadline) break;
        await sleep(POLL_MS);
      }
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last screen:\n${frame(screen)}`);
    },
    async resize(cols: number, rows: number) {
      await tmux('resize-window', '-t', target, '-x', String(cols), '-y', String(rows));
    },
    async exited() {
      return (await paneDead()).dead;
    },
    paneDead,
    async kill() {
      if (killed) return;
      killed = true;
      await tmux('kill-server').catch(() => undefined);
      live.delete(socket);
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}

/** Boxes the screen so trailing blanks and empty rows are visible in a failure message. */
function frame(screen: string): string {
  const lines = screen.split('\n');
  const width = Math.max(0, ...lines.map((l) => l.length));
  const edge = `+${'-'.repeat(width)}+`;
  return [edge, ...lines.map((l) => `|${l.padEnd(width)}|`), edge].join('\n');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
