// Rollout history, undo and revision diffs for a deployment (`u`, `d`).
import type { Session } from './session.js';
import type { KdeckStore } from '../store/store.js';
import type { Row } from '../model/rows.js';
import type { Deployment } from '../model/types.js';
import { planUndo, previousRevision, revisionDiff, revisionsOf, type Revision } from '../model/rollout.js';
import { flash, pushView } from './navigation.js';
import { topFrame } from '../store/selectors.js';
import { requestMutation } from './gate.js';
import { follow } from './tracking.js';
import { writeUnlessChanged } from './precondition.js';
import type { KdeckState } from '../store/state.js';

function deploymentOf(store: KdeckStore, ns: string, name: string): Deployment | undefined {
  return store.getState().resources.deployments.get(`${ns}/${name}`);
}

export function revisionsFor(s: KdeckState, ns: string, name: string): Revision[] {
  const d = s.resources.deployments.get(`${ns}/${name}`);
  return d ? revisionsOf(d, s.resources.replicasets.values()) : [];
}

function revisionLabel(r: Revision): string {
  return `revision ${r.revision}${r.current ? ' (current)' : ''}`;
}

/** `u`: the history pane, its cursor on the previous revision (the default undo target). */
export function openHistory(store: KdeckStore, row: Row | undefined): void {
  if (!row || row.ref.kind !== 'Deployment') return;
  openHistoryOf(store, row.ref.namespace!, row.ref.name);
}

/** The history pane of deployment NS/NAME (also reached from a triage row, for the deployment behind a pod). */
export function openHistoryOf(store: KdeckStore, ns: string, name: string): void {
  const revs = revisionsFor(store.getState(), ns, name);
  if (revs.length === 0) {
    flash(store, `no rollout history found for deployment "${name}"`, 'error');
    return;
  }
  pushView(store, 'history', { namespace: ns, deployment: { namespace: ns, name } });
  const prev = previousRevision(revs);
  const cursor = prev ? revs.indexOf(prev) : 0;
  const { stack } = store.getState();
  store.setState({ stack: [...stack.slice(0, -1), { ...stack[stack.length - 1]!, cursor }] });
}

/** The revisions a history frame compares: the pinned (or current) one against the one under the cursor. */
export function historyPair(s: KdeckState): { from?: Revision; to?: Revision } {
  const f = topFrame(s);
  const dep = f.scope.deployment;
  if (f.view !== 'history' || !dep) return {};
  const revs = revisionsFor(s, dep.namespace, dep.name);
  const to = revs[Math.min(f.cursor, revs.length - 1)];
  const from = f.mark !== undefined ? revs.find((r) => r.revision === f.mark) : revs.find((r) => r.current);
  return { from, to };
}

export function historyDiff(s: KdeckState) {
  const { from, to } = historyPair(s);
  if (!from || !to) return undefined;
  return revisionDiff({ label: revisionLabel(from), template: from.template }, { label: revisionLabel(to), template: to.template });
}

/** `m` in the history pane: pin this revision as the left side of the diff (again: unpin). */
export function toggleMark(store: KdeckStore): void {
  const s = store.getState();
  const { to } = historyPair(s);
  if (!to) return;
  const f = topFrame(s);
  const mark = f.mark === to.revision ? undefined : to.revision;
  store.setState({ stack: [...s.stack.slice(0, -1), { ...f, mark }] });
  flash(store, mark === undefined ? 'diff against the current revision' : `diff against revision ${mark}`);
}

function openDiffPane(store: KdeckStore, title: string, result: NonNullable<ReturnType<typeof historyDiff>>, deployment: { namespace: string; name: string }): void {
  // The scope names the deployment so the pane can say when it is deleted.
  pushView(store, 'diff', { deployment });
  const { stack } = store.getState();
  store.setState({ stack: [...stack.slice(0, -1), { ...stack[stack.length - 1]!, diff: { title, result } }] });
}

/** `d` in the history pane: the full diff of the pair, in its own scrolling pane. */
export function diffFromHistory(store: KdeckStore): void {
  const s = store.getState();
  const { from, to } = historyPair(s);
  const result = historyDiff(s);
  if (!from || !to || !result) return;
  const dep = topFrame(s).scope.deployment!;
  openDiffPane(store, `${dep.namespace}/${dep.name}: revision ${from.revision} → ${to.revision}`, result, dep);
}

/** `d` on a deployment: its current template against the previous revision. */
export function diffDeployment(store: KdeckStore, row: Row | undefined): void {
  if (!row || row.ref.kind !== 'Deployment') return;
  const ns = row.ref.namespace!;
  const name = row.ref.name;
  const revs = revisionsFor(store.getState(), ns, name);
  const current = revs.find((r) => r.current);
  const prev = previousRevision(revs);
  if (!current || !prev) {
    flash(store, `${ns}/${name} has no earlier revision to compare with`, 'error');
    return;
  }
  const result = revisionDiff({ label: revisionLabel(prev), template: prev.template }, { label: revisionLabel(current), template: current.template });
  openDiffPane(store, `${ns}/${name}: revision ${prev.revision} → ${current.revision} (current)`, result, { namespace: ns, name });
}

/** Enter in the history pane: roll back to the revision under the cursor, as `kubectl rollout undo --to-revision`. */
export function undoToSelected(session: Session): void {
  const store = session.store;
  const s = store.getState();
  const f = topFrame(s);
  const dep = f.scope.deployment;
  const { to } = historyPair(s);
  if (!dep || !to) return;
  const d = deploymentOf(store, dep.namespace, dep.name);
  if (!d) {
    flash(store, `deployment ${dep.namespace}/${dep.name} is gone`, 'error');
    return;
  }
  const plan = planUndo(d, s.resources.replicasets.values(), to.revision);
  if (plan.kind === 'refused') {
    flash(store, plan.message, 'error');
    return;
  }
  if (plan.kind === 'skipped') {
    flash(store, plan.message);
    return;
  }
  const current = revisionsFor(s, dep.namespace, dep.name).find((r) => r.current);
  const lines = [`template of revision ${plan.toRevision} replaces revision ${current?.revision ?? '?'}`];
  if (current && current.images.join(',') !== to.images.join(',')) lines.push(`image ${current.images.join(',')} → ${to.images.join(',')}`);
  const key = `${dep.namespace}/${dep.name}`;
  // The patch was planned from this deployment: its template, and the annotations it rewrites.
  const seen = { namespace: dep.namespace, name: dep.name, uid: d.metadata.uid, resourceVersion: d.metadata.resourceVersion };
  const seenGeneration = d.metadata.generation;
  const seenAnnotations = JSON.stringify(d.metadata.annotations ?? {});
  requestMutation(store, {
    verb: 'roll back',
    target: `deployment ${key} to revision ${plan.toRevision}`,
    subject: { namespace: dep.namespace, name: dep.name },
    lines,
    run: async () => {
      const actions = session.actions();
      await writeUnlessChanged(
        actions,
        seen,
        (fresh) =>
          fresh.metadata.generation !== seenGeneration
            ? 'its spec changed, e.g. a new rollout'
            : JSON.stringify(fresh.metadata.annotations ?? {}) !== seenAnnotations
              ? 'its annotations changed'
              : undefined,
        (resourceVersion) => actions.patchDeployment(dep.namespace, dep.name, plan.patch, { resourceVersion }),
      );
      return `rolled back ${key} to revision ${plan.toRevision}`;
    },
    after: () =>
      follow(store, {
        key: `rollout:${key}`,
        label: `rolling out ${key}`,
        progress: (st) => {
          const x = st.resources.deployments.get(key)?.status;
          return `rolling out ${key}: ${x?.updatedReplicas ?? 0} updated, ${x?.readyReplicas ?? 0} ready`;
        },
        done: (st) => {
          const x = st.resources.deployments.get(key);
          if (!x) return `${key} was deleted`;
          const want = x.spec?.replicas ?? 1;
          const t = x.status ?? {};
          const settled = (x.status?.observedGeneration ?? 0) >= (x.metadata.generation ?? 0) && (t.updatedReplicas ?? 0) === want && (t.readyReplicas ?? 0) === want && (t.replicas ?? 0) === want;
          return settled ? `${key} rolled out: ${want}/${want} ready` : undefined;
        },
      }),
  });
}
