// The diff pane: scrolling, hunk jumps, and `:diff FILE` against the live cluster.
import type { Session } from './session.js';
import type { KdeckStore } from '../store/store.js';
import { topFrame } from '../store/selectors.js';
import { nextHunk } from '../model/diff.js';
import { flash, pushView } from './navigation.js';
import { diffManifest } from '../sources/kube/kube-diff.js';

export type DiffMove = 'up' | 'down' | 'pageUp' | 'pageDown' | 'top' | 'bottom' | 'nextHunk' | 'prevHunk';

/** Moves the diff pane's first visible line; the pane shows `height` lines. */
export function scrollDiff(store: KdeckStore, move: DiffMove, height: number): void {
  const s = store.getState();
  const f = topFrame(s);
  if (f.view !== 'diff' || !f.diff) return;
  const total = f.diff.result.lines.length;
  const maxOffset = Math.max(0, total - height);
  let offset = f.offset;
  switch (move) {
    case 'up': offset -= 1; break;
    case 'down': offset += 1; break;
    case 'pageUp': offset -= height; break;
    case 'pageDown': offset += height; break;
    case 'top': offset = 0; break;
    case 'bottom': offset = maxOffset; break;
    case 'nextHunk':
    case 'prevHunk': {
      const at = nextHunk(f.diff.result.hunkStarts, f.offset, move === 'nextHunk' ? 1 : -1);
      if (at === undefined) {
        flash(store, move === 'nextHunk' ? 'no more changes below' : 'no more changes above');
        return;
      }
      offset = at;
    }
  }
  offset = Math.max(0, Math.min(maxOffset, offset));
  if (move === 'nextHunk' || move === 'prevHunk') offset = Math.max(0, Math.min(total - 1, offset));
  if (offset !== f.offset) store.setState({ stack: [...s.stack.slice(0, -1), { ...f, offset }] });
}

/** `:diff FILE`: the live objects against a local manifest, as `kubectl diff` computes it. */
export async function diffFile(session: Session, file: string): Promise<void> {
  const store = session.store;
  flash(store, `diffing ${file} against the cluster…`);
  try {
    // Documents keep their own namespaces; those without one get the context's (or -n's), as in kubectl.
    const r = await diffManifest(session.kubeconfig(), file);
    if (!r.changed) {
      flash(store, `${file}: no differences with the live objects`);
      return;
    }
    pushView(store, 'diff', {});
    const { stack } = store.getState();
    store.setState({ stack: [...stack.slice(0, -1), { ...stack[stack.length - 1]!, diff: { title: `${file} (${r.objects.filter((o) => o.diff.changed).length} changed)`, result: r.combined } }] });
  } catch (e) {
    flash(store, (e as Error).message.split('\n')[0]!, 'error');
  }
}
