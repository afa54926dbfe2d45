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
    openLogPane(session, { kind: 'selector', namespace: row.ref.namespace, selector, title: `deployment ${row.ref.namespace}/${row.ref.name}` });
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

/** Parses `-l SELECTOR [-n NS]` (either order), or `NS/POD[/CONTAINER]`. */
export function parseLogsArgs(arg: string, watched: string | undefined): LogTarget | { error: string } {
  const words = arg.trim().split(/\s+/).filter(Boolean);
  if (words.length === 1 && words[0]!.includes('/') && !words[0]!.startsWith('-')) {
    const [namespace, pod, container] = words[0]!.split('/');
    if (!namespace || !pod) return { error: 'use :logs NAMESPACE/POD[/CONTAINER] or :logs -l SELECTOR [-n NAMESPACE]' };
    return { kind: 'pod', namespace, pod, container };
  }
  let selector: string | undefined;
  let namespace = watched;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '-l' || w === '--selector') selector = words[++i];
    else if (w.startsWith('-l') && w.length > 2) selector = w.slice(2);
    else if (w === '-n' || w === '--namespace') namespace = words[++i];
    else if (w === '-A') namespace = undefined;
    else return { error: `:logs: unexpected "${w}"; use :logs -l SELECTOR [-n NAMESPACE]` };
  }
  if (!selector) return { error: ':logs needs a label selector: :logs -l app=web [-n NAMESPACE]' };
  try {
    parseSelector(selector);
  } catch (e) {
    return { error: `:logs: ${(e as Error).message}` };
  }
  return { kind: 'selector', namespace, selector, title: `-l ${selector}${namespace ? ` -n ${namespace}` : ''}` };
}

export function logsCommand(session: Session, arg: string | undefined): void {
  const store = session.store;
  const t = parseLogsArgs(arg ?? '', store.getState().namespace);
  if ('error' in t) {
    flash(store, t.error, 'error');
    return;
  }
  openLogPane(session, t);
}
