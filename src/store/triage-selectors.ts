// The triage findings, shared by the `:triage` table and the header's counts
// (shown in every view). Recomputed only when a kind triage reads changed or
// the clock ticked; the memo also keys on the resource maps themselves, so two
// stores (tests, a context switch) never share a result.
import type { Row } from '../model/row.js';
import { triageRows } from '../model/rows-triage.js';
import { countBySeverity, triage, type Severity, type TriageItem } from '../model/triage.js';
import type { KdeckState } from './state.js';

export interface TriageView {
  items: TriageItem[];
  counts: Record<Severity, number>;
}

function same(a: unknown[] | undefined, b: unknown[]): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function memoOne<V>(compute: (s: KdeckState) => V, keysOf: (s: KdeckState) => unknown[]): (s: KdeckState) => V {
  let keys: unknown[] | undefined;
  let value: V | undefined;
  return (s) => {
    const k = keysOf(s);
    if (!same(keys, k)) {
      value = compute(s);
      keys = k;
    }
    return value as V;
  };
}

/** Whether the node list is readable: a user forbidden to list nodes still gets triage, without node rows. */
export function nodesKnown(s: KdeckState): boolean {
  return s.synced.nodes;
}

const inputs = (s: KdeckState): unknown[] => {
  const v = s.versions;
  return [s.resources, v.pods, v.deployments, v.replicasets, v.events, v.nodes, s.synced.nodes, s.now];
};

export const selectTriage = memoOne<TriageView>((s) => {
  const items = triage(s.resources, s.now, { nodesKnown: nodesKnown(s) });
  return { items, counts: countBySeverity(items) };
}, inputs);

const rowsMemo = memoOne<Row[]>((s) => triageRows(selectTriage(s).items, s.now), inputs);

/** The `:triage` table's rows, in triage order. */
export function selectTriageRows(s: KdeckState): Row[] {
  return rowsMemo(s);
}

/** A note for the triage breadcrumb when part of the picture is missing (said quietly: it is not an outage). */
export function triageNote(s: KdeckState): string | undefined {
  const nodes = s.sources['nodes'];
  if (nodes?.state === 'forbidden') return 'nodes: not readable (RBAC), node health unknown';
  if (nodes?.state === 'error') return `nodes: ${nodes.message ?? 'error'}`;
  const events = s.sources['events'];
  if (events?.state === 'forbidden') return 'events: not readable (RBAC), messages from status only';
  return undefined;
}
