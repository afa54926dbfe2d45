// What each named action does. The keymap (src/ui/keymap.ts) maps keys to these
// names; this table maps names to intents, so both stay data.
import type { Session } from './session.js';
import type { RowsOf } from './navigation.js';
import { back, drillDown, flash, moveCursor, openView, selectedRow, setSort } from './navigation.js';
import { backspace, cancelInput, complete, startCommand, startFilter, walkHistory } from './input.js';
import { runCommandLine } from './command-line.js';
import { topFrame } from '../store/selectors.js';

export type Action =
  | 'down' | 'up' | 'pageDown' | 'pageUp' | 'top' | 'bottom'
  | 'enter' | 'back' | 'command' | 'filter' | 'help' | 'quit'
  | 'sortName' | 'sortAge' | 'sortStatus' | 'allNamespaces'
  | 'inputSubmit' | 'inputCancel' | 'inputBackspace' | 'inputComplete' | 'historyUp' | 'historyDown';

export interface ActionContext {
  session: Session;
  rowsOf: RowsOf;
  /** Rows the table can show now; PgUp/PgDn move by this much. */
  pageSize: number;
}

export function runAction(action: Action, ctx: ActionContext): void {
  const { session, rowsOf, pageSize } = ctx;
  const store = session.store;
  switch (action) {
    case 'down':
    case 'up':
    case 'pageDown':
    case 'pageUp':
    case 'top':
    case 'bottom':
      moveCursor(store, rowsOf, action, pageSize);
      return;
    case 'enter': {
      const row = selectedRow(store, rowsOf);
      const frame = topFrame(store.getState());
      if (row && frame.view === 'namespaces') {
        const s = store.getState();
        const forbidden = Object.values(s.sources).some((src) => src.state === 'forbidden');
        if ((s.namespace !== undefined || forbidden) && s.namespace !== row.ref.name) session.setNamespace(row.ref.name);
      }
      if (drillDown(store, rowsOf) === 'context' && row) session.switchContext(row.key);
      return;
    }
    case 'back':
      if (store.getState().mode === 'help') store.setState({ mode: 'normal' });
      else back(store);
      return;
    case 'command':
      startCommand(store);
      return;
    case 'filter':
      startFilter(store);
      return;
    case 'help':
      store.setState({ mode: store.getState().mode === 'help' ? 'normal' : 'help' });
      return;
    case 'quit':
      session.quit();
      return;
    case 'sortName':
      setSort(store, 'name');
      return;
    case 'sortAge':
      setSort(store, 'age');
      return;
    case 'sortStatus':
      setSort(store, 'status');
      return;
    case 'allNamespaces': {
      session.setNamespace(undefined);
      const f = topFrame(store.getState());
      if (f.view !== 'contexts') openView(store, f.view, {});
      flash(store, 'all namespaces');
      return;
    }
    case 'inputSubmit': {
      const { mode, input } = store.getState();
      if (mode === 'filter') store.setState({ mode: 'normal', input: '' });
      else runCommandLine(session, input);
      return;
    }
    case 'inputCancel':
      cancelInput(store);
      return;
    case 'inputBackspace':
      backspace(store);
      return;
    case 'inputComplete':
      complete(store, () => completionWords(session));
      return;
    case 'historyUp':
      walkHistory(store, -1);
      return;
    case 'historyDown':
      walkHistory(store, 1);
      return;
  }
}

/** Words Tab can offer for a command's argument: namespaces and contexts known now. */
function completionWords(session: Session): string[] {
  const s = session.store.getState();
  return [...s.resources.namespaces.keys(), ...s.contexts.map((c) => c.name)];
}
