// Renders an Ink tree into a fake terminal of a fixed size, for component and
// integration tests. Frames are what a person would see, without colour codes.
import { EventEmitter } from 'node:events';
import { render } from 'ink';
import chalk from 'chalk';

// Tests run with no terminal, where chalk would drop every colour; colours are
// part of what the tests check (selection, monochrome), so draw them all.
chalk.level = 3;
import type { ReactNode } from 'react';

class FakeStdout extends EventEmitter {
  frames: string[] = [];
  isTTY = true;
  constructor(public columns: number, public rows: number) {
    super();
  }
  write = (chunk: string) => {
    this.frames.push(chunk);
    return true;
  };
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  private buffered: string | null = null;
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read = () => {
    const d = this.buffered;
    this.buffered = null;
    return d;
  };
  write(data: string) {
    this.buffered = data;
    this.emit('readable');
    this.emit('data', data);
  }
}

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)/g;

export function stripAnsi(s: string): string {
  return s.replace(ANSI, '');
}

/** Key names to the bytes a terminal sends for them. */
export const KEYS: Record<string, string> = {
  enter: '\r',
  esc: '\x1b',
  tab: '\t',
  backspace: '\x7f',
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  pgup: '\x1b[5~',
  pgdown: '\x1b[6~',
  'ctrl+c': '\x03',
};

export interface Rendered {
  lastFrame(): string;
  /** The last frame with its colour and attribute codes. */
  rawFrame(): string;
  frames(): string[];
  /** Types raw text (each call is one read, as a fast typist's burst would be). */
  type(text: string): Promise<void>;
  press(...keys: string[]): Promise<void>;
  waitFor(pred: string | RegExp | ((frame: string) => boolean), timeoutMs?: number): Promise<string>;
  resize(columns: number, rows: number): void;
  unmount(): void;
  waitUntilExit(): Promise<unknown>;
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function renderFixed(tree: ReactNode, size: { columns: number; rows: number }): Rendered {
  const stdout = new FakeStdout(size.columns, size.rows);
  const stdin = new FakeStdin();
  const stderr = new FakeStdout(size.columns, size.rows);
  const instance = render(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 1000,
  });
  const lastFrame = () => stripAnsi(stdout.frames[stdout.frames.length - 1] ?? '');
  const matches = (pred: string | RegExp | ((f: string) => boolean), f: string) =>
    typeof pred === 'string' ? f.includes(pred) : pred instanceof RegExp ? pred.test(f) : pred(f);
  return {
    lastFrame,
    rawFrame: () => stdout.frames[stdout.frames.length - 1] ?? '',
    frames: () => stdout.frames.map(stripAnsi),
    async type(text) {
      stdin.write(text);
      await tick(20);
    },
    async press(...keys) {
      for (const k of keys) {
        stdin.write(KEYS[k] ?? k);
        // A lone ESC is only known to be Escape once no more bytes follow.
        await tick(k === 'esc' ? 80 : 20);
      }
    },
    async waitFor(pred, timeoutMs = 5000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const f = lastFrame();
        if (matches(pred, f)) return f;
        if (Date.now() > end) throw new Error(`waitFor timed out after ${timeoutMs} ms waiting for ${String(pred)}; last frame:\n${f}`);
        await tick(20);
      }
    },
    resize(columns, rows) {
      stdout.columns = columns;
      stdout.rows = rows;
      stdout.emit('resize');
    },
    unmount: () => instance.unmount(),
    waitUntilExit: () => instance.waitUntilExit(),
  };
}
