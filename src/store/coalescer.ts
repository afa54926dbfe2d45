import type { WatchEvent } from '../model/types.js';
import { applyEvents, type KdeckStore } from './store.js';

export interface Coalescer {
  push(events: WatchEvent[]): void;
  flush(): void;
  /** The clock's once-a-second tick: a waiting batch goes out with it, so ages and changes cost one frame. */
  tick(): void;
  stop(): void;
}

/**
 * Buffers watch events and applies them in batches: a busy cluster sends
 * hundreds of events a second, and React should see one update per batch.
 * A change after a quiet spell is applied within `frameMs`; while changes keep
 * coming (the previous batch was under two `busyFrameMs` ago) batches are
 * `busyFrameMs` apart, because each one re-derives and redraws the table and a
 * table changing faster than that cannot be read anyway. A list (RESET) is
 * always applied within `frameMs`: it is what the user is waiting for.
 */
export function createCoalescer(store: KdeckStore, frameMs: number, busyFrameMs = frameMs): Coalescer {
  let pending: WatchEvent[] = [];
  let urgent = false;
  let timer: NodeJS.Timeout | undefined;
  let dueAt = Infinity;
  let lastFlush = -Infinity;
  const flush = () => {
    timer = undefined;
    dueAt = Infinity;
    urgent = false;
    lastFlush = Date.now();
    const batch = pending;
    pending = [];
    applyEvents(store, batch);
  };
  const schedule = () => {
    const now = Date.now();
    const gap = !urgent && now - lastFlush < 2 * busyFrameMs ? busyFrameMs : frameMs;
    const due = Math.max(now, lastFlush + gap);
    if (timer && dueAt <= due) return;
    if (timer) clearTimeout(timer);
    dueAt = due;
    timer = setTimeout(flush, due - now);
  };
  const coalescer: Coalescer = {
    push(events) {
      if (events.length === 0) return;
      for (const e of events) {
        pending.push(e);
        if (e.type === 'RESET') urgent = true;
      }
      schedule();
    },
    flush() {
      if (timer) clearTimeout(timer);
      flush();
    },
    tick() {
      if (pending.length) coalescer.flush();
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      dueAt = Infinity;
      pending = [];
    },
  };
  return coalescer;
}
