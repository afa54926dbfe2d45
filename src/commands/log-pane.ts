// Open log panes. Their lines live here, in one bounded ring buffer per pane,
// not in the store: a busy deployment sends thousands of lines a second, and
// React should see one small update per frame, not one per line.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { homedir } from 'node:os';
import type { Session } from './session.js';
import type { KdeckStore } from '../store/store.js';
import type { Frame } from '../store/state.js';
import type { LogLine } from '../model/log-types.js';
import { INITIAL_LOG_VIEW } from '../model/log-types.js';
import { RingBuffer } from '../model/ring-buffer.js';
import { lineToText, splitTimestamp } from '../model/log-format.js';
import { sanitizeLogLine } from '../model/sanitize.js';
import { startFanout, type LogTarget } from './log-fanout.js';
import { flash, pushView } from './navigation.js';
import { topFrame } from '../store/selectors.js';

export interface LogPane {
  id: number;
  title: string;
  target: LogTarget;
  previous: boolean;
  buffer: RingBuffer<LogLine>;
  /** Streams feeding the pane (pod/container), for the status line. */
  sources(): string[];
  stop(): void;
}

/** Lines each stream starts with, as k9s and kubectl users expect a short look back. */
export const DEFAULT_TAIL = 200;

const panes = new Map<number, LogPane>();
let nextId = 1;

export function logPane(id: number | undefined): LogPane | undefined {
  return id === undefined ? undefined : panes.get(id);
}

/** Bumps the store's logTick at most once per frame, however many lines arrive. */
function frameTicker(store: KdeckStore, frameMs: number): { poke(): void; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  return {
    poke() {
      timer ??= setTimeout(() => {
        timer = undefined;
        store.setState({ logTick: store.getState().logTick + 1 });
      }, frameMs);
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

export function targetTitle(t: LogTarget, previous: boolean): string {
  const base = t.kind === 'pod' ? `${t.namespace}/${t.pod}${t.container ? `/${t.container}` : ''}` : t.title;
  return previous ? `${base} (previous)` : base;
}

/** What fills a pane's buffer: raw lines are split from their timestamps and sanitized once, on arrival. */
export interface LogIngest {
  lines(source: string, raw: string[]): void;
  marker(source: string, text: string): void;
}

export function createLogIngest(buffer: RingBuffer<LogLine>, onChange: () => void): LogIngest {
  let seq = buffer.last()?.seq ?? 0;
  return {
    lines(source, raw) {
      for (const r of raw) {
        const { ts, text } = splitTimestamp(r);
        buffer.push({ seq: ++seq, source, text: sanitizeLogLine(text), ts, kind: 'line' });
      }
      onChange();
    },
    marker(source, text) {
      buffer.push({ seq: ++seq, source, text: sanitizeLogLine(text), kind: 'marker' });
      onChange();
    },
  };
}

/**
 * Registers a pane and pushes it as a screen. `feed` starts whatever fills
 * it and returns how to stop that; Esc (closeLogPane) calls it.
 */
export function attachLogPane(
  store: KdeckStore,
  spec: { target: LogTarget; previous: boolean; frameMs?: number },
  feed: (ingest: LogIngest) => { stop(): void; sources(): string[] },
): LogPane {
  const buffer = new RingBuffer<LogLine>(store.getState().logLimit);
  const ticker = frameTicker(store, spec.frameMs ?? 33);
  const feeder = feed(createLogIngest(buffer, ticker.poke));
  const pane: LogPane = {
    id: nextId++,
    title: targetTitle(spec.target, spec.previous),
    target: spec.target,
    previous: spec.previous,
    buffer,
    sources: () => feeder.sources(),
    stop() {
      feeder.stop();
      ticker.stop();
      panes.delete(pane.id);
    },
  };
  panes.set(pane.id, pane);
  pushView(store, 'logs', {});
  updateTop(store, () => ({ logId: pane.id, logView: { ...INITIAL_LOG_VIEW, follow: !spec.previous } }));
  return pane;
}

/** Opens a pane on `target`, streaming from the cluster. */
export function openLogPane(session: Session, target: LogTarget, opts: { previous?: boolean; frameMs?: number; tailLines?: number; sinceSeconds?: number } = {}): LogPane {
  const previous = Boolean(opts.previous);
  return attachLogPane(session.store, { target, previous, frameMs: opts.frameMs }, (ingest) =>
    startFanout(session, { target, previous, tailLines: opts.tailLines ?? DEFAULT_TAIL, sinceSeconds: opts.sinceSeconds, sink: ingest }),
  );
}

function updateTop(store: KdeckStore, patch: (f: Frame) => Partial<Frame>): void {
  const { stack } = store.getState();
  const top = stack[stack.length - 1]!;
  store.setState({ stack: [...stack.slice(0, -1), { ...top, ...patch(top) }] });
}

/** Esc on a log pane: stop its streams, forget its lines, go back. */
export function closeLogPane(store: KdeckStore): void {
  const f = topFrame(store.getState());
  logPane(f.logId)?.stop();
  const { stack } = store.getState();
  if (stack.length > 1) store.setState({ stack: stack.slice(0, -1) });
}

/** Stops every pane, e.g. when the context changes or kdeck quits. */
export function closeAllLogPanes(): void {
  for (const p of [...panes.values()]) p.stop();
}

export function defaultSavePath(pane: LogPane, env: NodeJS.ProcessEnv, now: Date): string {
  const state = env.XDG_STATE_HOME && env.XDG_STATE_HOME.startsWith('/') ? env.XDG_STATE_HOME : join(env.HOME || homedir(), '.local', 'state');
  const name = pane.title.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '');
  const stamp = now.toISOString().replace(/[:]/g, '').replace(/\..*$/, '');
  return join(state, 'kdeck', 'logs', `${name}-${stamp}.log`);
}

/** `s` in a log pane: a prompt for the path, then everything buffered goes to the file. */
export function startSave(session: Session): void {
  const store = session.store;
  const pane = logPane(topFrame(store.getState()).logId);
  if (!pane) return;
  store.setState({
    mode: 'prompt',
    dialog: {
      kind: 'prompt',
      title: 'save buffered lines to:',
      input: defaultSavePath(pane, process.env, new Date()),
      submit: (text) => {
        const path = text.trim().replace(/^~(?=\/)/, process.env.HOME || homedir());
        if (!path) return 'enter a file name';
        const view = topFrame(store.getState()).logView ?? INITIAL_LOG_VIEW;
        const prefix = pane.sources().length > 1 || pane.target.kind === 'selector';
        const lines: string[] = [];
        for (const l of pane.buffer) lines.push(lineToText(l, { timestamps: view.timestamps, prefix }));
        try {
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, lines.join('\n') + (lines.length ? '\n' : ''));
        } catch (e) {
          return `cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
        }
        store.setState({ mode: 'normal', dialog: undefined });
        flash(store, `saved ${lines.length} lines to ${path}`);
      },
    },
  });
}
