// What the keys do on a `:triage` row: Enter opens the object, `l` its logs
// (the crashed container's for a crash loop), `u` the rollout history of the
// deployment behind it, where undo goes through the gate as everywhere else.
import type { Session } from './session.js';
import type { KdeckStore } from '../store/store.js';
import type { Row } from '../model/rows.js';
import { formatSelector, fromLabelSelector } from '../model/label-selector.js';
import { humanDuration, parseTimestamp } from '../model/age.js';
import { sanitize } from '../model/sanitize.js';
import { flash, pushView } from './navigation.js';
import { openContainers } from './logs.js';
import { openLogPane } from './log-pane.js';
import { openHistoryOf } from './rollout.js';

function describe(row: Row): string {
  const t = row.triage?.kind ?? row.ref.kind;
  return `${t.toLowerCase()} ${row.ref.namespace ? `${row.ref.namespace}/` : ''}${row.ref.name}`;
}

/** A read-only text pane (the diff pane's plain mode), Esc closes it. */
function openText(store: KdeckStore, title: string, lines: string[]): void {
  pushView(store, 'diff', {});
  const { stack } = store.getState();
  const result = { changed: true, lines: lines.map((text) => ({ kind: 'ctx' as const, text })), hunkStarts: [], text: lines.join('\n') };
  store.setState({ stack: [...stack.slice(0, -1), { ...stack[stack.length - 1]!, diff: { title, result, kind: 'text' } }] });
}

/** The object's Warning and Normal events, newest first, as `kubectl describe` lists them at its end. */
function eventLines(store: KdeckStore, kind: string, ns: string | undefined, name: string): string[] {
  const s = store.getState();
  const evs = [...s.resources.events.values()].filter(
    (e) => e.involvedObject?.kind === kind && e.involvedObject.name === name && (kind === 'Node' || (e.involvedObject.namespace ?? e.metadata.namespace) === ns),
  );
  const at = (e: (typeof evs)[number]) => parseTimestamp(e.lastTimestamp) || parseTimestamp(e.eventTime) || parseTimestamp(e.metadata.creationTimestamp);
  evs.sort((a, b) => at(b) - at(a));
  if (evs.length === 0) return ['Events: <none>'];
  return [
    'Events:',
    ...evs.map((e) => `  ${(e.type ?? '').padEnd(8)} ${sanitize(e.reason ?? '').padEnd(22)} ${humanDuration(s.now - at(e)).padStart(6)} ago  ${sanitize(e.message ?? '')}${(e.count ?? 1) > 1 ? ` (x${e.count})` : ''}`),
  ];
}

function nodeLines(store: KdeckStore, name: string): string[] {
  const s = store.getState();
  const n = s.resources.nodes.get(name);
  if (!n) return [`node ${sanitize(name)}: not in the node list (gone, or nodes are not readable)`];
  const pods = [...s.resources.pods.values()].filter((p) => p.spec?.nodeName === name).length;
  return [
    `Node: ${sanitize(name)}   pods: ${pods}${n.spec?.unschedulable ? '   SchedulingDisabled' : ''}`,
    'Conditions:',
    ...(n.status?.conditions ?? []).map(
      (c) => `  ${sanitize(c.type).padEnd(18)} ${sanitize(c.status).padEnd(8)} ${c.lastTransitionTime ? `${humanDuration(s.now - parseTimestamp(c.lastTransitionTime))} ago`.padStart(10) : ''}  ${sanitize(c.reason ?? '')}${c.message ? `: ${sanitize(c.message)}` : ''}`,
    ),
    'Taints:',
    ...((n.spec?.taints ?? []).length ? n.spec!.taints!.map((t) => `  ${sanitize(t.key)}${t.value ? `=${sanitize(t.value)}` : ''}:${sanitize(t.effect)}`) : ['  <none>']),
    '',
    ...eventLines(store, 'Node', undefined, name),
  ];
}

/** Enter: a pod's containers, a deployment's pods, a node's conditions and events, any other object's events. */
export function openTriageRow(session: Session, row: Row | undefined): void {
  if (!row) return;
  const store = session.store;
  switch (row.ref.kind) {
    case 'Pod':
      if (!store.getState().resources.pods.has(`${row.ref.namespace}/${row.ref.name}`)) {
        flash(store, `${describe(row)} is gone`, 'error');
        return;
      }
      openContainers(store, row);
      return;
    case 'Deployment':
      pushView(store, 'pods', { namespace: row.ref.namespace, deployment: { namespace: row.ref.namespace!, name: row.ref.name } });
      return;
    case 'Node':
      openText(store, `node ${row.ref.name}`, nodeLines(store, row.ref.name));
      return;
    default: {
      const kind = row.triage?.kind ?? row.ref.kind;
      openText(store, describe(row), [`${sanitize(kind)}: ${sanitize(row.ref.namespace ? `${row.ref.namespace}/${row.ref.name}` : row.ref.name)}`, '', ...eventLines(store, kind, row.ref.namespace, row.ref.name)]);
    }
  }
}

/** `l`: a pod's troubled container (its previous instance after a crash), or every pod of a deployment. */
export function triageLogs(session: Session, row: Row | undefined): void {
  if (!row) return;
  const store = session.store;
  const s = store.getState();
  if (row.ref.kind === 'Pod') {
    const pod = s.resources.pods.get(`${row.ref.namespace}/${row.ref.name}`);
    if (!pod) {
      flash(store, `${describe(row)} is gone`, 'error');
      return;
    }
    const container = row.triage?.container ?? pod.spec?.containers[0]?.name;
    openLogPane(session, { kind: 'pod', namespace: row.ref.namespace!, pod: row.ref.name, container }, { previous: Boolean(row.triage?.previousLogs) });
    return;
  }
  if (row.ref.kind === 'Deployment') {
    const d = s.resources.deployments.get(`${row.ref.namespace}/${row.ref.name}`);
    const selector = formatSelector(fromLabelSelector(d?.spec?.selector));
    if (!d || !selector || selector === '<none>') {
      flash(store, `deployment ${row.ref.namespace}/${row.ref.name} has no usable selector`, 'error');
      return;
    }
    openLogPane(session, { kind: 'selector', namespace: row.ref.namespace, selector, title: `deployment ${row.ref.namespace}/${row.ref.name}` });
    return;
  }
  flash(store, `${describe(row)} has no logs; Enter shows its events`);
}

/** `u`: the rollout history (and undo) of the deployment behind the row. */
export function triageHistory(session: Session, row: Row | undefined): void {
  if (!row) return;
  const dep = row.triage?.deployment;
  if (!dep) {
    flash(session.store, `${describe(row)} is not part of a deployment: nothing to roll back`, 'error');
    return;
  }
  openHistoryOf(session.store, dep.namespace, dep.name);
}
