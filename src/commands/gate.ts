// The one door every change to the cluster goes through: it refuses under
// --readonly and otherwise asks y/n, showing exactly what will happen.
import type { KdeckStore } from '../store/store.js';
import type { DialogSubject } from '../store/state.js';
import { flash } from './navigation.js';

export interface Mutation {
  /** "scale", "roll back" … for messages. */
  verb: string;
  /** "deployment shop/web". */
  target: string;
  /** What will change, one line each: "replicas 3 → 5". */
  lines: string[];
  /** Performs the change; resolves to the message to show, rejects with a one-line error. */
  run: () => Promise<string>;
  /** Called after success, e.g. to start following a rollout. */
  after?: () => void;
  /** The deployment it changes: the question is withdrawn if that is deleted before the answer. */
  subject?: DialogSubject;
}

export function readonlyRefusal(verb: string, target: string): string {
  return `read-only: refusing to ${verb} ${target} (kdeck was started with --readonly)`;
}

/** Asks for confirmation, or refuses at once under --readonly. */
export function requestMutation(store: KdeckStore, m: Mutation): void {
  if (store.getState().readonly) {
    store.setState({ mode: 'normal', dialog: undefined });
    flash(store, readonlyRefusal(m.verb, m.target), 'error');
    return;
  }
  store.setState({
    mode: 'confirm',
    dialog: {
      kind: 'confirm',
      title: `${m.verb} ${m.target}?`,
      ...(m.subject ? { subject: m.subject } : {}),
      lines: m.lines,
      run: async () => {
        const msg = await m.run();
        m.after?.();
        return msg;
      },
    },
  });
}

/** y: performs the confirmed change. Nothing else calls a mutation's run. */
export async function confirmMutation(store: KdeckStore): Promise<void> {
  const { dialog, readonly } = store.getState();
  if (dialog?.kind !== 'confirm') return;
  // Checked again here so no path around requestMutation can slip a change through.
  if (readonly) {
    store.setState({ mode: 'normal', dialog: undefined });
    flash(store, readonlyRefusal('change', 'the cluster'), 'error');
    return;
  }
  store.setState({ mode: 'busy' });
  try {
    const msg = await dialog.run();
    store.setState({ mode: 'normal', dialog: undefined });
    flash(store, msg);
  } catch (e) {
    store.setState({ mode: 'normal', dialog: undefined });
    flash(store, (e as Error).message.split('\n')[0]!, 'error');
  }
}

export function cancelDialog(store: KdeckStore): void {
  const { dialog } = store.getState();
  store.setState({ mode: 'normal', dialog: undefined });
  if (dialog) flash(store, dialog.kind === 'confirm' ? 'cancelled: nothing was changed' : 'cancelled');
}
