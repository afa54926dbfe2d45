// Label and field selectors in the query-string syntax kubectl and client
// libraries send (`app=web,tier in (a,b),!canary`, `spec.nodeName=node-1`).

import type { KubeObject } from '../../model/types.js';

type Req =
  | { key: string; op: 'eq' | 'neq'; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'notexists' };

export type Matcher = (obj: KubeObject) => boolean;

export class SelectorError extends Error {}

/** Splits on commas that are not inside a `(...)` value set. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((x) => x.trim()).filter((x) => x !== '');
}

function parseLabel(sel: string): Req[] {
  return splitTop(sel).map((part): Req => {
    let m = /^([^\s!=(),]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
    if (m) {
      const values = m[3]!.split(',').map((v) => v.trim()).filter((v) => v !== '');
      return { key: m[1]!, op: m[2] as 'in' | 'notin', values };
    }
    m = /^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s=!(),]*)$/.exec(part);
    if (m) return { key: m[1]!, op: m[2] === '!=' ? 'neq' : 'eq', value: m[3]! };
    m = /^!\s*([^\s!=(),]+)$/.exec(part);
    if (m) return { key: m[1]!, op: 'notexists' };
    m = /^([^\s!=(),]+)$/.exec(part);
    if (m) return { key: m[1]!, op: 'exists' };
    throw new SelectorError(`unable to parse requirement: ${JSON.stringify(part)}`);
  });
}

function test(req: Req, has: boolean, value: string | undefined): boolean {
  switch (req.op) {
    case 'eq':
      return has && value === req.value;
    case 'neq':
      return !has || value !== req.value;
    case 'in':
      return has && req.values.includes(value!);
    case 'notin':
      return !has || !req.values.includes(value!);
    case 'exists':
      return has;
    case 'notexists':
      return !has;
  }
}

export function labelMatcher(sel: string | null | undefined): Matcher {
  if (!sel) return () => true;
  const reqs = parseLabel(sel);
  return (obj) => {
    const labels = obj.metadata.labels ?? {};
    return reqs.every((r) => test(r, Object.hasOwn(labels, r.key), labels[r.key]));
  };
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
  const reqs = parseLabel(sel);
  const allowed = FIELDS[resource] ?? ['metadata.name', 'metadata.namespace'];
  for (const r of reqs) {
    if (r.op !== 'eq' && r.op !== 'neq') throw new SelectorError(`invalid selector: '${sel}'; can't understand '${r.key}'`);
    if (!allowed.includes(r.key)) {
      throw new SelectorError(`field label not supported: ${r.key}`);
    }
  }
  return (obj) =>
    reqs.every((r) => {
      const v = fieldValue(obj, r.key);
      return test(r, true, v);
    });
}

/** A deployment/replicaset `spec.selector` as a matcher over labels. */
export function specSelectorMatcher(sel: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | undefined): (labels: Record<string, string> | undefined) => boolean {
  return (labels = {}) => {
    if (!sel) return false;
    for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
    for (const e of sel.matchExpressions ?? []) {
      const has = Object.hasOwn(labels, e.key);
      const val = labels[e.key];
      if (e.operator === 'In' && !(has && (e.values ?? []).includes(val!))) return false;
      if (e.operator === 'NotIn' && has && (e.values ?? []).includes(val!)) return false;
      if (e.operator === 'Exists' && !has) return false;
      if (e.operator === 'DoesNotExist' && has) return false;
    }
    return true;
  };
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
