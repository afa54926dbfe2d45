// Following a change until the cluster settles: the footer shows progress,
// and a message says when it is done.
import type { KdeckStore } from '../store/store.js';
import type { Tracking } from '../store/state.js';
import { flash } from './navigation.js';

export function follow(store: KdeckStore, t: Tracking): void {
  const { tracking } = store.getState();
  store.setState({ tracking: [...tracking.filter((x) => x.key !== t.key), t] });
}

/** Called on the clock tick: retires what has settled. */
export function settleTracking(store: KdeckStore): void {
  const s = store.getState();
  if (s.tracking.length === 0) return;
  const left: Tracking[] = [];
  for (const t of s.tracking) {
    const done = t.done(s);
    if (done) flash(store, done);
    else left.push(t);
  }
  if (left.length !== s.tracking.length) store.setState({ tracking: left });
}
