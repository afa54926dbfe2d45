// A deployment deleted while kdeck is showing or acting on it. Panes about it
// (rollout history, a revision diff, its log pane) stay open and say so, since
// what they show may still matter; Esc closes them as always. A scale prompt
// or a confirmation about it is withdrawn at once: there is nothing left to change.
import type { KdeckStore } from '../store/store.js';
import type { DialogSubject, Frame, KdeckState } from '../store/state.js';
import { logPane } from './log-pane.js';
import { flash } from './navigation.js';

/** The deployment a screen is about, when it is one of the panes that belong to a single deployment. */
export function frameSubject(f: Frame): DialogSubject | undefined {
  if (f.view === 'history' || f.view === 'diff') return f.scope.deployment;
  if (f.view === 'logs') {
    const t = logPane(f.logId)?.target;
    return t?.kind === 'selector' ? t.deployment : undefined;
  }
  return undefined;
}

/** Only once the deployments watch has listed is a missing object known to be gone, not still loading. */
export function isDeleted(s: KdeckState, d: DialogSubject): boolean {
  return s.synced.deployments && !s.resources.deployments.has(`${d.namespace}/${d.name}`);
}

/** The line a pane shows when its deployment has been deleted. */
export function deletedNotice(s: KdeckState, f: Frame): string | undefined {
  const d = frameSubject(f);
  return d && isDeleted(s, d) ? `deployment ${d.namespace}/${d.name} was deleted — Esc closes this pane` : undefined;
}

/** Withdraws a prompt or confirmation whose deployment is deleted (not one already sent: its own answer says what happened). */
export function withdrawDeletedDialog(store: KdeckStore): void {
  const s = store.getState();
  const subject = s.dialog?.subject;
  if (!subject || s.mode === 'busy' || !isDeleted(s, subject)) return;
  store.setState({ mode: 'normal', dialog: undefined });
  flash(store, `deployment ${subject.namespace}/${subject.name} was deleted; nothing was changed`, 'error');
}

/** Keeps dialogs honest for as long as the returned function is not called. */
export function watchDeletions(store: KdeckStore): () => void {
  return store.subscribe((s, prev) => {
    // Cheap on the hot path: most updates are watch batches with no dialog open.
    if (!s.dialog?.subject || (s.resources === prev.resources && s.versions.deployments === prev.versions.deployments && s.dialog === prev.dialog)) return;
    withdrawDeletedDialog(store);
  });
}
