import type { WatchEvent } from '../model/types.js';
import { applyEvents, type KdeckStore } from './store.js';

export interface Coalescer {
  push(events: WatchEvent[]): void;
  flush(): void;
  stop(): void;
}

/**
 * Buffers watch events and applies them in batches: a busy cluster sends
 * hundreds of events a second, and React should see one update per batch.
 * A change after a quiet spell is applied within `frameMs`; while changes keep
 * coming (the previous batch was under two `busyFrameMs` ago) batches are
 * `busyFrameMs` apart, because each one re-derives and redraws the table and a
 * table changing faster than that cannot be read anyway.
 */
export function createCoalescer(store: KdeckStore, frameMs: number, busyFrameMs = frameMs): Coalescer {
  let pending: WatchEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  let lastFlush = -Infinity;
  const flush = () => {
    timer = undefined;
    lastFlush = Date.now();
    const batch = pending;
    pending = [];
    applyEvents(store, batch);
  };
  return {
    push(events) {
      if (events.length === 0) return;
      for (const e of events) pending.push(e);
      if (timer) return;
      const since = Date.now() - lastFlush;
      const gap = since < 2 * busyFrameMs ? busyFrameMs : frameMs;
      timer = setTimeout(flush, Math.max(0, gap - since));
    },
    flush() {
      if (timer) clearTimeout(timer);
      flush();
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      pending = [];
    },
  };
}
