// The one-line editors: `:` command bar and `/` filter.
import type { KdeckStore } from '../store/store.js';
import { topFrame } from '../store/selectors.js';
import { setFilter } from './navigation.js';
import { completeCommand } from '../model/commands.js';
import { setLogSearch } from './log-view.js';

export function startCommand(store: KdeckStore): void {
  store.setState({ mode: 'command', input: '', historyIndex: -1, completions: [], completionIndex: -1 });
}

export function startFilter(store: KdeckStore): void {
  const f = topFrame(store.getState());
  // In a log pane `/` searches (highlight, n/N) rather than hiding lines.
  store.setState({ mode: 'filter', input: f.view === 'logs' ? f.logView?.search ?? '' : f.filter });
}

function applyFilterText(store: KdeckStore, text: string): void {
  if (topFrame(store.getState()).view === 'logs') setLogSearch(store, text);
  else setFilter(store, text);
}

export function editInput(store: KdeckStore, next: string): void {
  const { mode } = store.getState();
  store.setState({ input: next, completions: [], completionIndex: -1 });
  // The filter applies as you type: that is the point of a filter.
  if (mode === 'filter') applyFilterText(store, next);
}

export function typeText(store: KdeckStore, text: string): void {
  editInput(store, store.getState().input + text);
}

export function backspace(store: KdeckStore): void {
  const { input } = store.getState();
  editInput(store, input.slice(0, -1));
}

/** Esc in an editor: a command is dropped; a filter is cleared, as in k9s. */
export function cancelInput(store: KdeckStore): void {
  const { mode } = store.getState();
  if (mode === 'filter') applyFilterText(store, '');
  store.setState({ mode: 'normal', input: '', completions: [], completionIndex: -1 });
}

/** ↑/↓ in the command bar walk earlier commands, newest first. */
export function walkHistory(store: KdeckStore, dir: -1 | 1): void {
  const { history, historyIndex } = store.getState();
  if (history.length === 0) return;
  const idx = Math.min(history.length - 1, Math.max(-1, historyIndex + (dir === -1 ? 1 : -1)));
  store.setState({ historyIndex: idx, input: idx === -1 ? '' : history[history.length - 1 - idx]! });
}

/** Tab: complete to the next candidate; repeated Tabs cycle through them. */
export function complete(store: KdeckStore, extra: (text: string) => string[]): void {
  const { input, completions, completionIndex } = store.getState();
  if (completions.length > 0) {
    const i = (completionIndex + 1) % completions.length;
    store.setState({ completionIndex: i, input: completions[i]! });
    return;
  }
  const found = completeCommand(input, extra(input));
  if (found.length === 0) return;
  store.setState({ completions: found, completionIndex: 0, input: found[0]! });
}

export function rememberCommand(store: KdeckStore, text: string): void {
  const { history } = store.getState();
  const trimmed = text.trim();
  if (!trimmed || history[history.length - 1] === trimmed) return;
  store.setState({ history: [...history, trimmed].slice(-100) });
}

/** Text typed while the scale prompt is open. */
export function typeIntoPrompt(store: KdeckStore, text: string): void {
  const { dialog } = store.getState();
  if (dialog?.kind === 'prompt') store.setState({ dialog: { ...dialog, input: dialog.input + text, error: undefined } });
}
