// Keys inside a log pane: scrolling, pause, toggles, search.
import type { KdeckStore } from '../store/store.js';
import type { LogViewState } from '../model/log-types.js';
import { INITIAL_LOG_VIEW } from '../model/log-types.js';
import { jumpToMatch, scrollLog, togglePause, type LogMove, type WindowOptions } from '../model/log-window.js';
import { topFrame } from '../store/selectors.js';
import { logPane } from './log-pane.js';
import { flash } from './navigation.js';

function update(store: KdeckStore, next: (v: LogViewState) => LogViewState): void {
  const s = store.getState();
  const f = topFrame(s);
  if (f.view !== 'logs') return;
  const view = next(f.logView ?? INITIAL_LOG_VIEW);
  store.setState({ stack: [...s.stack.slice(0, -1), { ...f, logView: view }] });
}

function paneOf(store: KdeckStore) {
  return logPane(topFrame(store.getState()).logId);
}

export function scrollLogPane(store: KdeckStore, move: LogMove, opts: WindowOptions): void {
  const pane = paneOf(store);
  if (pane) update(store, (v) => scrollLog(pane.buffer, v, opts, move));
}

export function toggleLogPause(store: KdeckStore): void {
  const pane = paneOf(store);
  if (pane) update(store, (v) => togglePause(pane.buffer, v));
}

export function toggleLogOption(store: KdeckStore, option: 'timestamps' | 'wrap' | 'pretty'): void {
  update(store, (v) => ({ ...v, [option]: !v[option] }));
}

export function setLogSearch(store: KdeckStore, text: string): void {
  update(store, (v) => ({ ...v, search: text }));
}

export function jumpLogMatch(store: KdeckStore, dir: 1 | -1, opts: WindowOptions): void {
  const pane = paneOf(store);
  const f = topFrame(store.getState());
  if (!pane || !f.logView?.search) {
    flash(store, 'search first: / then the text');
    return;
  }
  const r = jumpToMatch(pane.buffer, f.logView, opts, dir);
  if (!r.found) {
    flash(store, `no more matches for "${f.logView.search}" ${dir === 1 ? 'below' : 'above'}`);
    return;
  }
  update(store, () => r.view);
}
