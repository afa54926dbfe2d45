// `:` commands, k9s-style: `:po [ns]`, `:dp [ns]`, `:ns`, `:img`, `:ctx [name]`, `:q`.
import type { Session } from './session.js';
import { parseCommand } from '../model/commands.js';
import { flash, openView } from './navigation.js';
import { rememberCommand } from './input.js';
import { diffFile } from './diff-pane.js';
import { logsCommand } from './logs.js';
import { pruneUnused } from './docker.js';
import type { KdeckState, ScreenKind } from '../store/state.js';

const VIEW_OF: Record<string, ScreenKind> = {
  namespaces: 'namespaces',
  pods: 'pods',
  deployments: 'deployments',
  images: 'images',
  contexts: 'contexts',
  triage: 'triage',
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
    case 'logs':
      logsCommand(session, cmd.arg);
      return;
    case 'containers':
      openView(store, 'dockerContainers');
      return;
    case 'prune':
      pruneUnused(session);
      return;
    case 'diff':
      if (!cmd.arg) flash(store, ':diff needs a manifest file: :diff FILE', 'error');
      else void diffFile(session, cmd.arg);
      return;
    default: {
      const view = VIEW_OF[cmd.name]!;
      const all = cmd.arg === 'all' || cmd.arg === '-A';
      const ns = all ? undefined : cmd.arg;
      if (all) session.setNamespace(undefined);
      else if (ns && needsNarrowWatch(store.getState(), ns)) session.setNamespace(ns);
      const watched = store.getState().namespace;
      const scope = view === 'namespaces' ? {} : ns ? { namespace: ns } : watched ? { namespace: watched } : {};
      openView(store, view, scope);
    }
  }
}

/**
 * Whether `:po NS` must move the watches to NS: when they watch another single
 * namespace, or when watching everything is forbidden (an RBAC-limited user
 * asking for the one namespace it may see).
 */
function needsNarrowWatch(s: KdeckState, ns: string): boolean {
  if (s.namespace !== undefined) return s.namespace !== ns;
  return Object.entries(s.sources).some(([kind, src]) => kind !== 'nodes' && src.state === 'forbidden');
}
