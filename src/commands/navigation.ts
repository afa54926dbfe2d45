// Intents that move around views. They only touch view state in the store.
import type { KdeckStore } from '../store/store.js';
import { newFrame } from '../store/store.js';
import type { Frame, KdeckState, ScreenKind } from '../store/state.js';
import { topFrame, type ViewRows } from '../store/selectors.js';
import type { Scope } from '../model/rows.js';
import type { SortBy } from '../model/sort.js';
import { clampCursor, scrollOffset } from '../model/viewport.js';

export type RowsOf = (s: KdeckState) => ViewRows;

function updateTop(store: KdeckStore, patch: (f: Frame) => Partial<Frame>): void {
  const { stack } = store.getState();
  const top = stack[stack.length - 1]!;
  store.setState({ stack: [...stack.slice(0, -1), { ...top, ...patch(top) }] });
}

export type CursorMove = 'up' | 'down' | 'pageUp' | 'pageDown' | 'top' | 'bottom';

export function moveCursor(store: KdeckStore, rowsOf: RowsOf, move: CursorMove, pageSize: number): void {
  const total = rowsOf(store.getState()).rows.length;
  updateTop(store, (f) => {
    const page = Math.max(1, pageSize);
    const target = {
      up: f.cursor - 1,
      down: f.cursor + 1,
      pageUp: f.cursor - page,
      pageDown: f.cursor + page,
      top: 0,
      bottom: total - 1,
    }[move];
    const cursor = clampCursor(target, total);
    return { cursor, offset: scrollOffset(cursor, f.offset, page, total) };
  });
}

export function pushView(store: KdeckStore, view: ScreenKind, scope: Scope = {}): void {
  const { stack } = store.getState();
  store.setState({ stack: [...stack, newFrame(view, scope)], mode: 'normal' });
}

/** `:pods` and friends replace the whole trail, as in k9s: a command is a fresh start, not a drill-down. */
export function openView(store: KdeckStore, view: ScreenKind, scope: Scope = {}): void {
  store.setState({ stack: [newFrame(view, scope)], mode: 'normal' });
}

/** Esc: first clears an active filter, then pops the trail. Returns false when there is nothing to go back to. */
export function back(store: KdeckStore): boolean {
  const s = store.getState();
  const top = topFrame(s);
  if (top.filter) {
    updateTop(store, () => ({ filter: '', cursor: 0, offset: 0 }));
    return true;
  }
  if (s.stack.length > 1) {
    store.setState({ stack: s.stack.slice(0, -1) });
    return true;
  }
  return false;
}

export function setFilter(store: KdeckStore, text: string): void {
  updateTop(store, () => ({ filter: text, cursor: 0, offset: 0 }));
}

/** Pressing the same sort key again flips the direction, as k9s does. */
export function setSort(store: KdeckStore, by: SortBy): void {
  updateTop(store, (f) => ({ sortBy: by, sortDesc: f.sortBy === by ? !f.sortDesc : false }));
}

export function selectedRow(store: KdeckStore, rowsOf: RowsOf) {
  const s = store.getState();
  return rowsOf(s).rows[topFrame(s).cursor];
}

export function flash(store: KdeckStore, text: string, level: 'info' | 'error' = 'info'): void {
  store.setState({ flash: { text, level, at: Date.now() } });
}

/** Enter: namespace → its pods, deployment → its pods, image → pods running it. */
export function drillDown(store: KdeckStore, rowsOf: RowsOf): 'context' | void {
  const row = selectedRow(store, rowsOf);
  if (!row) return;
  const view = topFrame(store.getState()).view;
  switch (view) {
    case 'namespaces':
      pushView(store, 'pods', { namespace: row.ref.name });
      return;
    case 'deployments':
      pushView(store, 'pods', { namespace: row.ref.namespace, deployment: { namespace: row.ref.namespace!, name: row.ref.name } });
      return;
    case 'images':
      pushView(store, 'pods', { image: row.ref.name });
      return;
    case 'contexts':
      return 'context';
    case 'pods':
      flash(store, `pod ${row.ref.namespace}/${row.ref.name}: container and log panes are not built yet`);
      return;
  }
}
