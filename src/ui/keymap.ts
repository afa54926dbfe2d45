// Every key kdeck understands, as data. Input handling, the `?` help screen and
// the footer are all generated from this one table.
import type { Action } from '../commands/actions.js';
import type { InputMode, ScreenKind } from '../store/state.js';

export interface Binding {
  /** Normalised key names (see keyName): 'j', 'down', 'enter', 'esc', 'ctrl+c', 'N' … */
  keys: string[];
  action: Action;
  /** What the help screen says. */
  help: string;
  modes: InputMode[];
  /** Only in these views; all views when absent. */
  views?: ScreenKind[];
  /** Short footer label; bindings without one are listed in `?` help only. */
  footer?: string;
  /** Footer label per view, where the same key means something view-specific. */
  footerByView?: Partial<Record<ScreenKind, string>>;
}

const EDIT: InputMode[] = ['command', 'filter'];
const TABLES: ScreenKind[] = ['namespaces', 'pods', 'deployments', 'images', 'contexts', 'triage'];

export const KEYMAP: Binding[] = [
  { keys: [':'], action: 'command', help: 'command bar (:pods :dp :ns :img :ctx :triage :q)', modes: ['normal'], footer: 'cmd' },
  { keys: ['/'], action: 'filter', help: 'filter: fuzzy text, -l key=value labels, ! inverts', modes: ['normal'], views: TABLES, footer: 'filter' },
  { keys: ['enter'], action: 'triageOpen', help: 'open: pod → containers, deployment → pods, else events', modes: ['normal'], views: ['triage'], footer: 'open' },
  { keys: ['l'], action: 'triageLogs', help: "logs: a crash loop's previous container, a deployment's pods", modes: ['normal'], views: ['triage'], footer: 'logs' },
  { keys: ['u'], action: 'triageHistory', help: 'rollout history and undo of the deployment behind the row', modes: ['normal'], views: ['triage'], footer: 'undo' },
  { keys: ['s'], action: 'scale', help: 'scale the deployment (asks first)', modes: ['normal'], views: ['deployments'], footer: 'scale' },
  { keys: ['u'], action: 'rolloutHistory', help: 'rollout history and undo, with a diff preview', modes: ['normal'], views: ['deployments'], footer: 'undo' },
  { keys: ['d'], action: 'diffRevisions', help: 'diff: current template against the previous revision', modes: ['normal'], views: ['deployments'], footer: 'diff' },
  { keys: ['enter'], action: 'undo', help: 'roll back to the revision under the cursor (asks first)', modes: ['normal'], views: ['history'], footer: 'undo to this' },
  { keys: ['m'], action: 'markRevision', help: 'pin this revision as the left side of the diff (again: unpin)', modes: ['normal'], views: ['history'], footer: 'mark' },
  { keys: ['d'], action: 'diffPair', help: 'open the diff of the two revisions in a pane', modes: ['normal'], views: ['history'], footer: 'diff' },
  { keys: ['n'], action: 'nextHunk', help: 'next change', modes: ['normal'], views: ['diff'], footer: 'next' },
  { keys: ['N'], action: 'prevHunk', help: 'previous change', modes: ['normal'], views: ['diff'], footer: 'prev' },
  { keys: ['l'], action: 'logs', help: 'logs: a pod (or pick a container), a container, or every pod of a deployment', modes: ['normal'], views: ['pods', 'containers', 'deployments'], footer: 'logs' },
  { keys: ['enter'], action: 'containers', help: "open: a pod's containers", modes: ['normal'], views: ['pods'], footer: 'containers' },
  { keys: ['enter'], action: 'logs', help: "open: the container's logs (or all of them)", modes: ['normal'], views: ['containers'], footer: 'logs' },
  { keys: ['enter'], action: 'imageUsers', help: 'on an image: the workloads, pods and host containers using it', modes: ['normal'], views: ['images'], footer: 'users' },
  { keys: ['y'], action: 'imageInspect', help: "on an image: the engine's inspect, as YAML", modes: ['normal'], views: ['images'], footer: 'inspect' },
  { keys: ['h'], action: 'imageHistory', help: 'on an image: its layers, sizes and the commands that made them', modes: ['normal'], views: ['images'], footer: 'history' },
  { keys: ['ctrl+d'], action: 'imageRemove', help: 'remove the image from the Docker host (asks first; :prune removes every unused one)', modes: ['normal'], views: ['images'], footer: 'remove' },
  { keys: ['l', 'enter'], action: 'containerLogs', help: "a host container's logs", modes: ['normal'], views: ['dockerContainers'], footer: 'logs' },
  { keys: ['space'], action: 'logPause', help: 'pause / resume (nothing is lost; new lines are counted)', modes: ['normal'], views: ['logs'], footer: 'pause' },
  { keys: ['/'], action: 'filter', help: 'search the log (highlights; n/N jump)', modes: ['normal'], views: ['logs'], footer: 'search' },
  { keys: ['n'], action: 'nextHunk', help: 'next match', modes: ['normal'], views: ['logs'] },
  { keys: ['N'], action: 'prevHunk', help: 'previous match', modes: ['normal'], views: ['logs'] },
  { keys: ['t'], action: 'logTimestamps', help: 'timestamps on/off', modes: ['normal'], views: ['logs'], footer: 'time' },
  { keys: ['w'], action: 'logWrap', help: 'wrap long lines on/off', modes: ['normal'], views: ['logs'], footer: 'wrap' },
  { keys: ['J'], action: 'logPretty', help: 'pretty-print JSON lines on/off', modes: ['normal'], views: ['logs'], footer: 'json' },
  { keys: ['p'], action: 'logPrevious', help: "the previous containers' logs (after a crash)", modes: ['normal'], views: ['logs'], footer: 'previous' },
  { keys: ['s'], action: 'logSave', help: 'save the buffered lines to a file', modes: ['normal'], views: ['logs'], footer: 'save' },
  {
    keys: ['enter'],
    action: 'enter',
    help: 'open: namespace/deployment/image → pods, context → switch',
    modes: ['normal'],
    views: ['namespaces', 'deployments', 'contexts'],
    footerByView: { namespaces: 'pods', deployments: 'pods', contexts: 'switch' },
  },
  { keys: ['esc'], action: 'back', help: 'back (clears the filter first)', modes: ['normal', 'help'], footer: 'back' },
  { keys: ['j', 'down'], action: 'down', help: 'down', modes: ['normal'] },
  { keys: ['k', 'up'], action: 'up', help: 'up', modes: ['normal'] },
  { keys: ['pgdown', 'ctrl+f'], action: 'pageDown', help: 'page down', modes: ['normal'] },
  { keys: ['pgup', 'ctrl+b'], action: 'pageUp', help: 'page up', modes: ['normal'] },
  { keys: ['g', 'home'], action: 'top', help: 'first row', modes: ['normal'] },
  { keys: ['G', 'end'], action: 'bottom', help: 'last row', modes: ['normal'] },
  { keys: ['N'], action: 'sortName', help: 'sort by name (again: reverse)', modes: ['normal'], views: ['namespaces', 'pods', 'deployments', 'images'] },
  { keys: ['A'], action: 'sortAge', help: 'sort by age (again: reverse)', modes: ['normal'], views: ['namespaces', 'pods', 'deployments'] },
  { keys: ['S'], action: 'sortStatus', help: 'sort by status, worst first (again: reverse)', modes: ['normal'], views: ['namespaces', 'pods', 'deployments', 'images'] },
  { keys: ['0'], action: 'allNamespaces', help: 'all namespaces', modes: ['normal'], views: ['namespaces', 'pods', 'deployments', 'images'], footer: 'all ns' },
  { keys: ['?'], action: 'help', help: 'this help', modes: ['normal', 'help'], footer: 'help' },
  { keys: ['q'], action: 'quit', help: 'quit', modes: ['normal'], footer: 'quit' },
  { keys: ['ctrl+c'], action: 'quit', help: 'quit from anywhere', modes: ['normal', 'command', 'filter', 'help', 'prompt', 'confirm', 'busy'] },
  { keys: ['q'], action: 'back', help: 'close help', modes: ['help'] },
  { keys: ['enter'], action: 'inputSubmit', help: 'run the command / keep the filter', modes: EDIT, footer: 'apply' },
  { keys: ['esc'], action: 'inputCancel', help: 'cancel (clears the filter)', modes: EDIT, footer: 'cancel' },
  { keys: ['tab'], action: 'inputComplete', help: 'complete the command', modes: ['command'], footer: 'complete' },
  { keys: ['up'], action: 'historyUp', help: 'previous command', modes: ['command'], footer: 'history' },
  { keys: ['down'], action: 'historyDown', help: 'next command', modes: ['command'] },
  { keys: ['backspace'], action: 'inputBackspace', help: 'delete a character', modes: EDIT },
  { keys: ['enter'], action: 'promptSubmit', help: 'use this number', modes: ['prompt'], footer: 'ok' },
  { keys: ['esc'], action: 'promptCancel', help: 'cancel, nothing changes', modes: ['prompt'], footer: 'cancel' },
  { keys: ['backspace'], action: 'promptBackspace', help: 'delete a digit', modes: ['prompt'] },
  { keys: ['y'], action: 'confirmYes', help: 'yes, make the change', modes: ['confirm'], footer: 'yes' },
  { keys: ['n', 'esc'], action: 'confirmNo', help: 'no, change nothing', modes: ['confirm'], footer: 'no' },
];

export interface InkKey {
  upArrow: boolean; downArrow: boolean; leftArrow: boolean; rightArrow: boolean;
  pageUp: boolean; pageDown: boolean; home?: boolean; end?: boolean;
  return: boolean; escape: boolean; tab: boolean; backspace: boolean; delete: boolean;
  ctrl: boolean; meta: boolean; shift: boolean;
}

/** Turns Ink's (input, key) pair into one of the names the keymap uses. */
export function keyName(input: string, key: InkKey): string {
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  if (key.tab) return 'tab';
  // Terminals disagree on what Backspace sends (^H or DEL); both mean "delete left" here.
  if (key.backspace || key.delete) return 'backspace';
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pgup';
  if (key.pageDown) return 'pgdown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.ctrl && input) return `ctrl+${input.toLowerCase()}`;
  if (input === ' ') return 'space';
  return input;
}

export function findBinding(name: string, mode: InputMode, view: ScreenKind): Binding | undefined {
  return KEYMAP.find((b) => b.keys.includes(name) && b.modes.includes(mode) && (!b.views || b.views.includes(view)));
}

export interface FooterItem {
  key: string;
  label: string;
}

/** The keys that act here, in keymap order: the footer line. */
export function footerItems(mode: InputMode, view: ScreenKind): FooterItem[] {
  const seen = new Set<string>();
  const items: FooterItem[] = [];
  for (const b of KEYMAP) {
    if (!b.modes.includes(mode) || (b.views && !b.views.includes(view))) continue;
    const label = b.footerByView?.[view] ?? b.footer;
    if (!label || seen.has(b.keys[0]!)) continue;
    seen.add(b.keys[0]!);
    items.push({ key: b.keys[0]!, label });
  }
  return items;
}

/** Help lines: every binding, grouped by where it acts, keys joined with a space. */
export function helpSections(): { title: string; rows: { keys: string; help: string }[] }[] {
  const seen = new Set<Binding>();
  return [
    { title: 'tables', modes: ['normal'] as InputMode[] },
    { title: 'command bar and filter', modes: ['command', 'filter'] as InputMode[] },
    { title: 'prompts and confirmations', modes: ['prompt', 'confirm'] as InputMode[] },
    { title: 'help screen', modes: ['help'] as InputMode[] },
  ].map(({ title, modes }) => {
    const rows = KEYMAP.filter((b) => !seen.has(b) && b.modes.some((m) => modes.includes(m)));
    for (const b of rows) seen.add(b);
    return { title, rows: rows.map((b) => ({ keys: b.keys.join(' '), help: b.help })) };
  }).filter((s) => s.rows.length > 0);
}
