// Label and field selectors in the query-string syntax kubectl and client
// libraries send (`app=web,tier in (a,b),!canary`, `spec.nodeName=node-1`).

import type { KubeObject } from '../../model/types.js';
import { fromLabelSelector, matchesSelector, parseSelector, type LabelSelectorSpec, type Selector } from '../../model/label-selector.js';

export type Matcher = (obj: KubeObject) => boolean;

export class SelectorError extends Error {}

// The grammar is the one kdeck's own `-l` filter speaks, so both share one parser.
function parse(sel: string): Selector {
  try {
    return parseSelector(sel);
  } catch (e) {
    throw new SelectorError((e as Error).message);
  }
}

export function labelMatcher(sel: string | null | undefined): Matcher {
  if (!sel) return () => true;
  const parsed = parse(sel);
  return (obj) => matchesSelector(obj.metadata.labels, parsed);
}

function fieldValue(obj: KubeObject, path: string): string | undefined {
  let cur: unknown = obj;
  for (const p of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  if (cur === undefined || cur === null) return '';
  return typeof cur === 'object' ? JSON.stringify(cur) : String(cur);
}

// Field paths the real apiserver accepts per kind; anything else is a 400.
const FIELDS: Record<string, string[]> = {
  pods: ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  events: ['metadata.name', 'metadata.namespace', 'involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  namespaces: ['metadata.name', 'status.phase'],
  deployments: ['metadata.name', 'metadata.namespace'],
  replicasets: ['metadata.name', 'metadata.namespace', 'status.replicas'],
};

export function fieldMatcher(sel: string | null | undefined, resource: string): Matcher {
  if (!sel) return () => true;
  const reqs = parse(sel).requirements;
  const allowed = FIELDS[resource] ?? ['metadata.name', 'metadata.namespace'];
  for (const r of reqs) {
    if (r.op !== '=' && r.op !== '!=') throw new SelectorError(`invalid selector: '${sel}'; can't understand '${r.key}'`);
    if (!allowed.includes(r.key)) {
      throw new SelectorError(`field label not supported: ${r.key}`);
    }
  }
  return (obj) => reqs.every((r) => (fieldValue(obj, r.key) === r.values[0]) === (r.op === '='));
}

/** A deployment/replicaset `spec.selector` as a matcher over labels. */
export function specSelectorMatcher(sel: LabelSelectorSpec | undefined): (labels: Record<string, string> | undefined) => boolean {
  const parsed = fromLabelSelector(sel);
  return (labels) => matchesSelector(labels, parsed);
}

/** `matchLabels` rendered as the `status.selector` string the scale subresource reports. */
export function selectorString(sel: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | undefined): string {
  const parts = Object.entries(sel?.matchLabels ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`);
  for (const e of sel?.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${vals})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${vals})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}
