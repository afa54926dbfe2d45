import type { WatchEvent } from '../model/types.js';
import { applyEvents, type KdeckStore } from './store.js';

export interface Coalescer {
  push(events: WatchEvent[]): void;
  flush(): void;
  stop(): void;
}

/**
 * Buffers watch events and applies them at most once per frame: a busy
 * cluster sends hundreds of events a second, and React should see one update.
 */
export function createCoalescer(store: KdeckStore, frameMs: number): Coalescer {
  let pending: WatchEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  let lastFlush = 0;
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
      const wait = Math.max(0, frameMs - (Date.now() - lastFlush));
      timer = setTimeout(flush, wait);
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
