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
import { Notice } from './Notice.js';
import { deletedNotice } from '../commands/deleted.js';
import { DiffView } from './DiffView.js';
import { Dialog, dialogHeight } from './Dialog.js';
import { LogPane, SOURCE_PALETTE } from './LogPane.js';
import { logPane } from '../commands/log-pane.js';
import { logWindow, type WindowOptions } from '../model/log-window.js';
import { INITIAL_LOG_VIEW } from '../model/log-types.js';
import { topFrame } from '../store/selectors.js';
import { COLUMNS, layoutColumns, type ColumnDef } from '../model/columns.js';
import { CONTAINER_COLUMNS } from '../model/rows-containers.js';
import { CATALOG_COLUMNS } from '../model/rows-catalog.js';
import { DOCKER_CONTAINER_COLUMNS } from '../model/rows-docker-containers.js';
import { CONTEXT_COLUMNS } from '../model/contexts.js';
import { TRIAGE_COLUMNS } from '../model/rows-triage.js';
import { triageNote } from '../store/triage-selectors.js';
import { scrollOffset, clampCursor } from '../model/viewport.js';
import type { KdeckState, ScreenKind } from '../store/state.js';
import type { ResourceKind } from '../model/types.js';

/** The images view joins the cluster and the Docker host; when the host is missing, say so rather than show half a picture silently. */
function dockerNote(s: KdeckState): string | undefined {
  const d = s.docker;
  if (d.state === 'live' || d.state === 'off') return undefined;
  return d.state === 'connecting' ? 'docker: connecting…' : `docker: ${d.message ?? d.state}`;
}

/** The log pane's line in the breadcrumb: how much is buffered, from how many streams, and whether it follows. */
function logStatus(lines: number, dropped: number, streams: number, v: typeof INITIAL_LOG_VIEW, fresh: number): string {
  const mode = v.paused ? `PAUSED +${fresh} new` : v.follow ? 'following' : 'scrolled (G follows)';
  const flags = [v.timestamps ? 't' : '', v.wrap ? 'w' : '', v.pretty ? 'json' : ''].filter(Boolean).join(' ');
  return `[${lines} lines${dropped ? `, ${dropped} older dropped` : ''} · ${streams} stream${streams === 1 ? '' : 's'} · ${mode}${flags ? ` · ${flags}` : ''}]`;
}

function columnsFor(view: ScreenKind): ColumnDef[] {
  switch (view) {
    case 'contexts':
      return CONTEXT_COLUMNS;
    case 'containers':
      return CONTAINER_COLUMNS;
    case 'images':
      return CATALOG_COLUMNS;
    case 'dockerContainers':
      return DOCKER_CONTAINER_COLUMNS;
    case 'triage':
      return TRIAGE_COLUMNS;
    case 'history':
    case 'diff':
    case 'logs':
      return [];
    default:
      return COLUMNS[view];
  }
}

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
  containers: ['pods'],
  logs: [],
  dockerContainers: [],
  // Pods are the core of triage; the other kinds add to it as they arrive (nodes may be forbidden).
  triage: ['pods'],
};

function loadingState(s: KdeckState, view: ScreenKind): { loading: boolean; problem?: string } {
  if (view === 'dockerContainers') {
    if (s.docker.state === 'off') return { loading: false, problem: 'Docker is off: start kdeck without --no-docker, or set --docker-host' };
    if (s.docker.state === 'error' || s.docker.state === 'forbidden') return { loading: false, problem: `docker: ${s.docker.message ?? s.docker.state}` };
    if (!s.docker.snapshot) return { loading: true };
  }
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
  const gone = state.mode === 'help' ? undefined : deletedNotice(state, frame);
  const tableHeight = Math.max(2, height - CHROME_LINES - Math.max(0, dialogLines - 1) - (gone ? 1 : 0));
  const pageSize = tableHeight - 1;
  const cursor = clampCursor(frame.cursor, rows.length);
  const offset = scrollOffset(cursor, frame.offset, pageSize, rows.length);
  const visible = rows.slice(offset, offset + pageSize);
  const defs = columnsFor(frame.view);
  const columns = useMemo(() => layoutColumns(defs, visible, width), [defs, visible, width]);
  const status = loadingState(state, frame.view);
  const pane = frame.view === 'logs' ? logPane(frame.logId) : undefined;
  const logView = frame.logView ?? INITIAL_LOG_VIEW;
  const logOpts: WindowOptions = {
    width,
    height: tableHeight,
    // One stream needs no prefix; a deployment or "all containers" does.
    prefix: pane ? pane.target.kind === 'selector' || !pane.target.container : false,
    palette: SOURCE_PALETTE.length,
  };
  const win = pane ? logWindow(pane.buffer, logView, logOpts) : undefined;

  useInput((input, key) => {
    // A burst (a paste, or a fast typist over a slow link) arrives as one string;
    // treat it as the keys it is made of, since ':' switches mode mid-burst.
    const plain = !key.ctrl && !key.meta && !key.escape && input.length > 1 && !input.startsWith('\x1b');
    const asKey = (ch: string): InkKey => (ch === '\r' ? { ...key, return: true } : ch === '\x7f' || ch === '\b' ? { ...key, backspace: true } : key);
    const presses: [string, InkKey][] = plain ? [...input].map((ch) => [ch, asKey(ch)]) : [[input, key]];
    for (const [ch, k] of presses) handleKey(ch, k);
  });

  function handleKey(input: string, key: InkKey) {
    const name = keyName(input, key);
    const s = session.store.getState();
    const binding = findBinding(name, s.mode, topFrame(s).view);
    if (binding) {
      runAction(binding.action, { session, rowsOf, pageSize, logWindow: frame.view === 'logs' ? logOpts : undefined });
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
      <Breadcrumb stack={state.stack} shown={rows.length} total={all.length} loading={status.loading} width={width} note={frame.view === 'images' ? dockerNote(state) : frame.view === 'triage' ? triageNote(state) : undefined} status={pane ? logStatus(pane.buffer.size, pane.buffer.dropped, pane.sources().length, logView, win?.newSincePause ?? 0) : undefined} />
      {gone ? <Notice text={gone} width={width} /> : null}
      {state.mode === 'help' ? (
        <Help width={width} height={tableHeight} />
      ) : frame.view === 'history' ? (
        <HistoryPane rows={rows} cursor={cursor} offset={offset} height={tableHeight} width={width} />
      ) : frame.view === 'logs' ? (
        <LogPane win={win} height={tableHeight} width={width} timestamps={logView.timestamps} />
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
