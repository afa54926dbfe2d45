// The shape of everything the console knows. Sources write resources and
// connection state; commands write view state; the UI only reads.
import type { ConnectionState, ResourceKind, ResourceMaps } from '../model/types.js';
import type { Scope, ViewKind } from '../model/rows.js';
import type { SortBy } from '../model/sort.js';
import type { DiffResult } from '../model/diff.js';
import type { LogViewState } from '../model/log-types.js';
import type { DockerSnapshot } from '../model/docker-types.js';

/**
 * A screen on the navigation stack. Panes (a deployment's rollout history, a
 * diff) are screens too, so Esc walks back out of them like out of a drill-down.
 */
export type ScreenKind = ViewKind | 'contexts' | 'history' | 'diff' | 'containers' | 'logs' | 'dockerContainers' | 'triage';

export interface Frame {
  view: ScreenKind;
  scope: Scope;
  cursor: number;
  offset: number;
  filter: string;
  sortBy: SortBy;
  sortDesc: boolean;
  /** history: the revision pinned as the left side of the diff (else the current one). */
  mark?: number;
  /** diff: what the pane shows; `text` panes (inspect, history, users) reuse it with plain lines. */
  diff?: { title: string; result: DiffResult; kind?: 'diff' | 'text' };
  /** logs: which open log pane (src/commands/log-pane.ts) and how it is looked at. */
  logId?: number;
  logView?: LogViewState;
  /** containers: the pod whose containers are listed. */
  pod?: { namespace: string; name: string };
}

/** The deployment a dialog acts on; if it is deleted meanwhile the dialog closes (src/commands/deleted.ts). */
export interface DialogSubject {
  namespace: string;
  name: string;
}

/** The one-line scale prompt. */
export interface PromptDialog {
  kind: 'prompt';
  title: string;
  subject?: DialogSubject;
  input: string;
  error?: string;
  /** What Enter does with the text; returns an error to show, or nothing when it moved on. */
  submit: (text: string) => string | void;
}

/** A mutation waiting for y/n. Only the gate (src/commands/gate.ts) opens these. */
export interface ConfirmDialog {
  kind: 'confirm';
  title: string;
  subject?: DialogSubject;
  lines: string[];
  run: () => Promise<string>;
}

export type Dialog = PromptDialog | ConfirmDialog;

/** A change being followed until the cluster settles, shown in the footer. */
export interface Tracking {
  key: string;
  label: string;
  done: (s: KdeckState) => string | undefined;
  progress: (s: KdeckState) => string;
}

export interface DockerState {
  /** 'off' when kdeck runs without Docker (no host asked for and none found is still an attempt: 'error'). */
  state: ConnectionState | 'off';
  message?: string;
  host?: string;
  snapshot?: DockerSnapshot;
  version: number;
}

export interface SourceStatus {
  state: ConnectionState;
  message?: string;
}

export interface ContextSummary {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
  server?: string;
}

export type InputMode = 'normal' | 'command' | 'filter' | 'help' | 'prompt' | 'confirm' | 'busy';

export interface Flash {
  text: string;
  level: 'info' | 'error';
  at: number;
}

export interface KdeckState {
  resources: ResourceMaps;
  /** Bumped per kind on every applied batch; resources are mutated in place, so selectors key on these. */
  versions: Record<ResourceKind, number>;
  /** Kinds whose first list has arrived (so "0 rows" can be told apart from "still loading"). */
  synced: Record<ResourceKind, boolean>;
  sources: Record<string, SourceStatus>;
  context: ContextSummary;
  contexts: ContextSummary[];
  /** Namespace the watches are scoped to; undefined means all namespaces. */
  namespace: string | undefined;
  readonly: boolean;
  stack: Frame[];
  mode: InputMode;
  input: string;
  history: string[];
  historyIndex: number;
  completions: string[];
  completionIndex: number;
  flash: Flash | undefined;
  dialog: Dialog | undefined;
  tracking: Tracking[];
  /** The Docker host: its connection, and what it holds (replaced whole on each refresh). */
  docker: DockerState;
  /** Bumped at most once a frame when log panes received lines (the lines live outside the store). */
  logTick: number;
  /** Lines each log pane keeps (its ring buffer's size). */
  logLimit: number;
  /** Wall clock for ages; ticks at most once a second so ages don't cause extra frames. */
  now: number;
}
