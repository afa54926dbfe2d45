// Where a log pane is opened from: `l` on a pod, a container, a deployment,
// or `:logs -l SELECTOR [-n NS]`.
import type { Session } from './session.js';
import type { KdeckStore } from '../store/store.js';
import type { Row } from '../model/rows.js';
import { ALL_CONTAINERS } from '../model/rows-containers.js';
import { formatSelector, fromLabelSelector, parseSelector } from '../model/label-selector.js';
import { flash, pushView } from './navigation.js';
import { openLogPane, logPane } from './log-pane.js';
import { topFrame } from '../store/selectors.js';
import type { LogTarget } from './log-fanout.js';

/** Enter on a pod (and `l` on a pod with several containers): the containers, "all" first. */
export function openContainers(store: KdeckStore, row: Row | undefined): void {
  if (!row || row.ref.kind !== 'Pod') return;
  pushView(store, 'containers', { namespace: row.ref.namespace });
  const { stack } = store.getState();
  store.setState({ stack: [...stack.slice(0, -1), { ...stack[stack.length - 1]!, pod: { namespace: row.ref.namespace!, name: row.ref.name } }] });
}

/** `l`: logs of what the cursor is on. */
export function openLogs(session: Session, row: Row | undefined): void {
  const store = session.store;
  const s = store.getState();
  const f = topFrame(s);
  if (!row) return;
  if (f.view === 'pods') {
    const pod = s.resources.pods.get(`${row.ref.namespace}/${row.ref.name}`);
    const containers = pod?.spec?.containers ?? [];
    if (containers.length > 1) {
      openContainers(store, row);
      return;
    }
    openLogPane(session, { kind: 'pod', namespace: row.ref.namespace!, pod: row.ref.name, container: containers[0]?.name });
    return;
  }
  if (f.view === 'containers' && f.pod) {
    openLogPane(session, { kind: 'pod', namespace: f.pod.namespace, pod: f.pod.name, container: row.key === ALL_CONTAINERS ? undefined : row.key });
    return;
  }
  if (f.view === 'deployments') {
    const d = s.resources.deployments.get(`${row.ref.namespace}/${row.ref.name}`);
    const selector = formatSelector(fromLabelSelector(d?.spec?.selector));
    if (!d || !selector || selector === '<none>') {
      flash(store, `deployment ${row.ref.namespace}/${row.ref.name} has no usable selector`, 'error');
      return;
    }
    openLogPane(session, {
      kind: 'selector',
      namespace: row.ref.namespace,
      selector,
      title: `deployment ${row.ref.namespace}/${row.ref.name}`,
      deployment: { namespace: row.ref.namespace!, name: row.ref.name },
    });
  }
}

/** `p` in a log pane: the same streams' previous containers, in a pane of their own. */
export function openPreviousLogs(session: Session): void {
  const pane = logPane(topFrame(session.store.getState()).logId);
  if (!pane) return;
  if (pane.previous) {
    flash(session.store, 'already showing the previous containers; Esc goes back to the live logs');
    return;
  }
  openLogPane(session, pane.target, { previous: true });
}

export interface LogsRequest {
  target: LogTarget;
  tailLines?: number;
  sinceSeconds?: number;
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `30s`, `5m`, `2h`, `1d` (or a plain number of seconds), as kubectl's --since. */
export function parseSince(text: string): number | undefined {
  const m = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]) * UNIT_SECONDS[m[2] || 's']!;
  return n > 0 ? n : undefined;
}

const USAGE = 'use :logs -l SELECTOR [-n NAMESPACE] [--tail N] [--since 10m], or :logs NAMESPACE/POD[/CONTAINER]';

/** Parses `-l SELECTOR [-n NS] [--tail N] [--since DUR]` in any order, or `NS/POD[/CONTAINER]` with the same options. */
export function parseLogsArgs(arg: string, watched: string | undefined): LogsRequest | { error: string } {
  const words = arg.trim().split(/\s+/).filter(Boolean);
  let selector: string | undefined;
  let podPath: string | undefined;
  let namespace = watched;
  let tailLines: number | undefined;
  let sinceSeconds: number | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '-l' || w === '--selector') selector = words[++i];
    else if (w.startsWith('-l') && w.length > 2) selector = w.slice(2);
    else if (w === '-n' || w === '--namespace') namespace = words[++i];
    else if (w === '-A') namespace = undefined;
    else if (w === '--tail') {
      tailLines = Number(words[++i]);
      if (!Number.isInteger(tailLines) || tailLines < 0) return { error: `:logs: --tail takes a whole number of lines, not "${words[i] ?? ''}"` };
    } else if (w === '--since') {
      sinceSeconds = parseSince(words[++i] ?? '');
      if (sinceSeconds === undefined) return { error: `:logs: --since takes a duration like 30s, 5m, 2h, not "${words[i] ?? ''}"` };
    } else if (!w.startsWith('-') && w.includes('/') && !podPath) podPath = w;
    else return { error: `:logs: unexpected "${w}"; ${USAGE}` };
  }
  if (podPath) {
    const [ns, pod, container] = podPath.split('/');
    if (!ns || !pod) return { error: USAGE };
    return { target: { kind: 'pod', namespace: ns, pod, container }, tailLines, sinceSeconds };
  }
  if (!selector) return { error: `:logs needs a label selector or a pod: ${USAGE}` };
  try {
    parseSelector(selector);
  } catch (e) {
    return { error: `:logs: ${(e as Error).message}` };
  }
  return { target: { kind: 'selector', namespace, selector, title: `-l ${selector}${namespace ? ` -n ${namespace}` : ''}` }, tailLines, sinceSeconds };
}

export function logsCommand(session: Session, arg: string | undefined): void {
  const store = session.store;
  const r = parseLogsArgs(arg ?? '', store.getState().namespace);
  if ('error' in r) {
    flash(store, r.error, 'error');
    return;
  }
  openLogPane(session, r.target, { tailLines: r.tailLines, sinceSeconds: r.sinceSeconds });
}
