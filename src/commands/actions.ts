// What each named action does. The keymap (src/ui/keymap.ts) maps keys to these
// names; this table maps names to intents, so both stay data.
import type { Session } from './session.js';
import type { RowsOf } from './navigation.js';
import { back, drillDown, flash, moveCursor, openView, selectedRow, setSort } from './navigation.js';
import { backspace, cancelInput, complete, startCommand, startFilter, walkHistory } from './input.js';
import { runCommandLine } from './command-line.js';
import { topFrame } from '../store/selectors.js';
import { scrollDiff, type DiffMove } from './diff-pane.js';
import { startScale } from './scale.js';
import { diffDeployment, diffFromHistory, openHistory, toggleMark, undoToSelected } from './rollout.js';
import { cancelDialog, confirmMutation } from './gate.js';
import { closeLogPane, startSave } from './log-pane.js';
import { jumpLogMatch, scrollLogPane, toggleLogOption, toggleLogPause } from './log-view.js';
import { openContainers, openLogs, openPreviousLogs } from './logs.js';
import { imageHistory, inspectImage, openContainerLogs, removeImage, showImageUsers } from './docker.js';
import type { LogMove, WindowOptions } from '../model/log-window.js';
import { openTriageRow, triageHistory, triageLogs } from './triage.js';
import { createFilterIndex } from '../model/filter.js';

export type Action =
  | 'down' | 'up' | 'pageDown' | 'pageUp' | 'top' | 'bottom'
  | 'enter' | 'back' | 'command' | 'filter' | 'help' | 'quit'
  | 'sortName' | 'sortAge' | 'sortStatus' | 'allNamespaces'
  | 'inputSubmit' | 'inputCancel' | 'inputBackspace' | 'inputComplete' | 'historyUp' | 'historyDown'
  | 'scale' | 'rolloutHistory' | 'diffRevisions' | 'undo' | 'markRevision' | 'diffPair' | 'nextHunk' | 'prevHunk'
  | 'promptSubmit' | 'promptCancel' | 'promptBackspace' | 'confirmYes' | 'confirmNo'
  | 'logs' | 'containers' | 'logPause' | 'logTimestamps' | 'logWrap' | 'logPretty' | 'logPrevious' | 'logSave'
  | 'imageUsers' | 'imageInspect' | 'imageHistory' | 'imageRemove' | 'containerLogs'
  | 'triageOpen' | 'triageLogs' | 'triageHistory';

export interface ActionContext {
  session: Session;
  rowsOf: RowsOf;
  /** Rows the table (or the diff pane) can show now; PgUp/PgDn move by this much. */
  pageSize: number;
  /** The log pane's size and layout, when one is open. */
  logWindow?: WindowOptions;
}

const LOG_MOVES: Partial<Record<Action, LogMove>> = { up: 'up', down: 'down', pageUp: 'pageUp', pageDown: 'pageDown', top: 'top', bottom: 'bottom' };

const DIFF_MOVES: Partial<Record<Action, DiffMove>> = {
  up: 'up', down: 'down', pageUp: 'pageUp', pageDown: 'pageDown', top: 'top', bottom: 'bottom', nextHunk: 'nextHunk', prevHunk: 'prevHunk',
};

export function runAction(action: Action, ctx: ActionContext): void {
  const { session, rowsOf, pageSize } = ctx;
  const store = session.store;
  const view = topFrame(store.getState()).view;
  const diffMove = DIFF_MOVES[action];
  if (diffMove && view === 'diff') {
    scrollDiff(store, diffMove, pageSize);
    return;
  }
  if (view === 'logs' && ctx.logWindow) {
    const logMove = LOG_MOVES[action];
    if (logMove) return scrollLogPane(store, logMove, ctx.logWindow);
    if (action === 'nextHunk' || action === 'prevHunk') return jumpLogMatch(store, action === 'nextHunk' ? 1 : -1, ctx.logWindow);
  }
  switch (action) {
    case 'triageOpen':
      openTriageRow(session, selectedRow(store, rowsOf));
      return;
    case 'triageLogs':
      triageLogs(session, selectedRow(store, rowsOf));
      return;
    case 'triageHistory':
      triageHistory(session, selectedRow(store, rowsOf));
      return;
    case 'imageUsers':
      showImageUsers(session, selectedRow(store, rowsOf));
      return;
    case 'imageInspect':
      void inspectImage(session, selectedRow(store, rowsOf));
      return;
    case 'imageHistory':
      void imageHistory(session, selectedRow(store, rowsOf));
      return;
    case 'imageRemove':
      removeImage(session, selectedRow(store, rowsOf));
      return;
    case 'containerLogs':
      openContainerLogs(session, selectedRow(store, rowsOf));
      return;
    case 'logs':
      openLogs(session, selectedRow(store, rowsOf));
      return;
    case 'containers':
      openContainers(store, selectedRow(store, rowsOf));
      return;
    case 'logPause':
      toggleLogPause(store);
      return;
    case 'logTimestamps':
      toggleLogOption(store, 'timestamps');
      return;
    case 'logWrap':
      toggleLogOption(store, 'wrap');
      return;
    case 'logPretty':
      toggleLogOption(store, 'pretty');
      return;
    case 'logPrevious':
      openPreviousLogs(session);
      return;
    case 'logSave':
      startSave(session);
      return;
    case 'nextHunk':
    case 'prevHunk':
      return;
    case 'scale':
      startScale(session, selectedRow(store, rowsOf));
      return;
    case 'rolloutHistory':
      openHistory(store, selectedRow(store, rowsOf));
      return;
    case 'diffRevisions':
      diffDeployment(store, selectedRow(store, rowsOf));
      return;
    case 'undo':
      undoToSelected(session);
      return;
    case 'markRevision':
      toggleMark(store);
      return;
    case 'diffPair':
      diffFromHistory(store);
      return;
    case 'promptSubmit': {
      const { dialog } = store.getState();
      if (dialog?.kind !== 'prompt') return;
      const error = dialog.submit(dialog.input);
      if (error) store.setState({ dialog: { ...dialog, error } });
      else if (store.getState().dialog === dialog) store.setState({ mode: 'normal', dialog: undefined });
      return;
    }
    case 'promptBackspace': {
      const { dialog } = store.getState();
      if (dialog?.kind === 'prompt') store.setState({ dialog: { ...dialog, input: dialog.input.slice(0, -1), error: undefined } });
      return;
    }
    case 'promptCancel':
    case 'confirmNo':
      cancelDialog(store);
      return;
    case 'confirmYes':
      void confirmMutation(store);
      return;
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
        // Nodes are cluster-scoped: not being allowed to list them says nothing about namespaces.
        const forbidden = Object.entries(s.sources).some(([kind, src]) => kind !== 'nodes' && src.state === 'forbidden');
        if ((s.namespace !== undefined || forbidden) && s.namespace !== row.ref.name) session.setNamespace(row.ref.name);
      }
      if (drillDown(store, rowsOf) === 'context' && row) session.switchContext(row.key);
      return;
    }
    case 'back':
      if (store.getState().mode === 'help') store.setState({ mode: 'normal' });
      else if (view === 'logs') closeLogPane(store);
      else back(store);
      return;
    case 'command':
      startCommand(store);
      return;
    case 'filter':
      startFilter(store);
      // Index the rows' text between '/' and the first letter, so the first keystroke is as quick as the rest.
      if (view !== 'logs') setImmediate(() => createFilterIndex(rowsOf(store.getState()).all));
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
