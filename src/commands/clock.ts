import type { KdeckStore } from '../store/store.js';
import { settleTracking } from './tracking.js';

const FLASH_MS = 4000;

/**
 * The one timer the UI needs: ages tick once a second (never faster, so they
 * cost at most one frame a second), old messages fade from the footer, and
 * followed changes are checked for having settled.
 */
export function startClock(store: KdeckStore, now: () => number = Date.now, onTick?: () => void): () => void {
  const timer = setInterval(() => {
    // Whatever the tick brings along (a waiting watch batch) lands in the same frame as the ages.
    onTick?.();
    const t = now();
    const { flash } = store.getState();
    store.setState({ now: t, flash: flash && t - flash.at > FLASH_MS ? undefined : flash });
    settleTracking(store);
  }, 1000);
  timer.unref();
  return () => clearInterval(timer);
}
