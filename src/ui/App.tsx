import { Box, useInput, useWindowSize } from 'ink';
import { useMemo } from 'react';
import { useKdeck, useKdeckState } from './use-kdeck.js';
import { Header } from './Header.js';
import { Breadcrumb } from './Breadcrumb.js';
import { Table } from './Table.js';
import { Footer } from './Footer.js';
import { Help } from './Help.js';
import { findBinding, keyName, type InkKey } from './keymap.js';
import { runAction } from '../commands/actions.js';
import { typeIntoPrompt, typeText } from '../commands/input.js';
import { HistoryPane } from './HistoryPane.js';
import { DiffView } from './DiffView.js';
import { Dialog, dialogHeight } from './Dialog.js';
import { topFrame } from '../store/selectors.js';
import { COLUMNS, layoutColumns } from '../model/columns.js';
import { CONTEXT_COLUMNS } from '../model/contexts.js';
import { scrollOffset, clampCursor } from '../model/viewport.js';
import type { KdeckState, ScreenKind } from '../store/state.js';
import type { ResourceKind } from '../model/types.js';

/** Header, breadcrumb and footer each take one line; the table gets the rest. */
const CHROME_LINES = 3;

/** The watches a view needs before its rows mean anything. */
const NEEDS: Record<ScreenKind, ResourceKind[]> = {
  namespaces: ['namespaces', 'pods'],
  pods: ['pods'],
  deployments: ['deployments'],
  images: ['pods'],
  contexts: [],
  history: ['deployments', 'replicasets'],
  diff: [],
};

function loadingState(s: KdeckState, view: ScreenKind): { loading: boolean; problem?: string } {
  for (const kind of NEEDS[view]) {
    const src = s.sources[kind];
    if (src && (src.state === 'forbidden' || src.state === 'error')) return { loading: false, problem: `${kind}: ${src.state}${src.message ? ` — ${src.message}` : ''}` };
    if (!s.synced[kind]) return { loading: true };
  }
  return { loading: false };
}

export function App() {
  const { session, rowsOf } = useKdeck();
  const { columns: width, rows: height } = useWindowSize();
  const state = useKdeckState((s) => s);
  const frame = topFrame(state);
  const { rows, all } = rowsOf(state);
  const dialogLines = dialogHeight(state.dialog);
  const tableHeight = Math.max(2, height - CHROME_LINES - Math.max(0, dialogLines - 1));
  const pageSize = tableHeight - 1;
  const cursor = clampCursor(frame.cursor, rows.length);
  const offset = scrollOffset(cursor, frame.offset, pageSize, rows.length);
  const visible = rows.slice(offset, offset + pageSize);
  const defs = frame.view === 'contexts' ? CONTEXT_COLUMNS : frame.view === 'history' || frame.view === 'diff' ? [] : COLUMNS[frame.view];
  const columns = useMemo(() => layoutColumns(defs, visible, width), [defs, visible, width]);
  const status = loadingState(state, frame.view);

  useInput((input, key) => {
    // A burst (a paste, or a fast typist over a slow link) arrives as one string;
    // treat it as the keys it is made of, since ':' switches mode mid-burst.
    const plain = !key.ctrl && !key.meta && !key.escape && input.length > 1 && !input.startsWith('\x1b');
    const presses: [string, InkKey][] = plain ? [...input].map((ch) => [ch, ch === '\r' ? { ...key, return: true } : key]) : [[input, key]];
    for (const [ch, k] of presses) handleKey(ch, k);
  });

  function handleKey(input: string, key: InkKey) {
    const name = keyName(input, key);
    const s = session.store.getState();
    const binding = findBinding(name, s.mode, topFrame(s).view);
    if (binding) {
      runAction(binding.action, { session, rowsOf, pageSize });
      return;
    }
    // Anything else typed into the command bar, the filter or a prompt is text.
    if (!input || key.ctrl || key.meta) return;
    if (s.mode === 'command' || s.mode === 'filter') typeText(session.store, input);
    else if (s.mode === 'prompt') typeIntoPrompt(session.store, input);
  }

  const empty = status.problem ?? (status.loading ? `loading ${frame.view}…` : frame.filter ? 'no rows match the filter' : 'nothing here');
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Header width={width} />
      <Breadcrumb stack={state.stack} shown={rows.length} total={all.length} loading={status.loading} width={width} />
      {state.mode === 'help' ? (
        <Help width={width} height={tableHeight} />
      ) : frame.view === 'history' ? (
        <HistoryPane rows={rows} cursor={cursor} offset={offset} height={tableHeight} width={width} />
      ) : frame.view === 'diff' && frame.diff ? (
        <DiffView result={frame.diff.result} offset={frame.offset} height={tableHeight} width={width} />
      ) : (
        <Table rows={rows} columns={columns} cursor={cursor} offset={offset} height={tableHeight} width={width} empty={empty} />
      )}
      {state.dialog ? (
        <Dialog dialog={state.dialog} busy={state.mode === 'busy'} width={width} />
      ) : (
        <Footer mode={state.mode} view={frame.view} input={state.input} flash={state.flash} progress={state.tracking[0]?.progress(state)} width={width} />
      )}
    </Box>
  );
}
