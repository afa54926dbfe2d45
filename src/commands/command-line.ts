// `:` commands, k9s-style: `:po [ns]`, `:dp [ns]`, `:ns`, `:img`, `:ctx [name]`, `:q`.
import type { Session } from './session.js';
import { parseCommand } from '../model/commands.js';
import { flash, openView } from './navigation.js';
import { rememberCommand } from './input.js';
import type { ScreenKind } from '../store/state.js';

const VIEW_OF: Record<string, ScreenKind> = {
  namespaces: 'namespaces',
  pods: 'pods',
  deployments: 'deployments',
  images: 'images',
  contexts: 'contexts',
};

export function runCommandLine(session: Session, text: string): void {
  const store = session.store;
  store.setState({ mode: 'normal', input: '', completions: [], completionIndex: -1 });
  if (!text.trim()) return;
  rememberCommand(store, text);
  const cmd = parseCommand(text);
  if ('error' in cmd) {
    flash(store, cmd.error, 'error');
    return;
  }
  switch (cmd.name) {
    case 'quit':
      session.quit();
      return;
    case 'help':
      store.setState({ mode: 'help' });
      return;
    case 'contexts':
      if (cmd.arg) session.switchContext(cmd.arg);
      else openView(store, 'contexts');
      return;
    default: {
      const view = VIEW_OF[cmd.name]!;
      const ns = cmd.arg;
      const watched = store.getState().namespace;
      // An explicit namespace outside the watched one widens the watch to it.
      if (ns && ns !== 'all' && watched !== undefined && watched !== ns) session.setNamespace(ns);
      if (ns === 'all' || ns === '-A') session.setNamespace(undefined);
      const scoped = ns && ns !== 'all' && ns !== '-A' ? { namespace: ns } : watched && !ns ? { namespace: watched } : {};
      openView(store, view, view === 'namespaces' ? {} : scoped);
    }
  }
}
