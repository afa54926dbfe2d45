// The shape of everything the console knows. Sources write resources and
// connection state; commands write view state; the UI only reads.
import type { ConnectionState, ResourceKind, ResourceMaps } from '../model/types.js';
import type { Scope, ViewKind } from '../model/rows.js';
import type { SortBy } from '../model/sort.js';

/** A view on the navigation stack. `contexts` and `help` are views too, so Esc works the same everywhere. */
export type ScreenKind = ViewKind | 'contexts';

export interface Frame {
  view: ScreenKind;
  scope: Scope;
  cursor: number;
  offset: number;
  filter: string;
  sortBy: SortBy;
  sortDesc: boolean;
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

export type InputMode = 'normal' | 'command' | 'filter' | 'help';

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
  /** Wall clock for ages; ticks at most once a second so ages don't cause extra frames. */
  now: number;
}
