// Derived data for the top-most frame. Row building is the expensive part, so
// each stage is memoised on exactly what it reads.
import type { Row } from '../model/rows.js';
import { deploymentRows, namespaceRows, podRows } from '../model/rows.js';
import { createPodRowsCache } from '../model/rows-pods.js';
import { applyFilter, parseFilter, type Filter } from '../model/filter.js';
import { sortRows } from '../model/sort.js';
import type { Frame, KdeckState } from './state.js';
import { contextRows } from '../model/contexts.js';
import { revisionRows } from '../model/rows-revisions.js';
import { revisionsOf } from '../model/rollout.js';
import { containerRows } from '../model/rows-containers.js';
import { imageCatalog } from '../model/image-catalog.js';
import { catalogRows } from '../model/rows-catalog.js';
import { dockerContainerRows } from '../model/rows-docker-containers.js';
import { selectTriageRows } from './triage-selectors.js';

export function topFrame(s: KdeckState): Frame {
  return s.stack[s.stack.length - 1]!;
}

interface Memo<K extends unknown[], V> {
  keys: K | undefined;
  value: V | undefined;
}

function same(a: unknown[] | undefined, b: unknown[]): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function memo<K extends unknown[], V>(m: Memo<K, V>, keys: K, compute: () => V): V {
  if (same(m.keys, keys)) return m.value as V;
  m.keys = keys;
  m.value = compute();
  return m.value;
}

export interface ViewRows {
  /** Rows after scope, before filter: what the header counts. */
  all: Row[];
  /** Rows after filter and sort: what the table shows. */
  rows: Row[];
  filter: Filter;
}

/** Views whose row builders return rows in name order (and filtering keeps order), so sorting can skip the comparison sort. */
const NAME_ORDERED = new Set<Frame['view']>(['pods', 'deployments', 'namespaces']);

/** One selector instance per consumer: memo state is per instance, so UI and commands don't thrash each other. */
export function createRowsSelector(): (s: KdeckState) => ViewRows {
  const base: Memo<unknown[], Row[]> = { keys: undefined, value: undefined };
  const filtered: Memo<unknown[], Row[]> = { keys: undefined, value: undefined };
  const sorted: Memo<unknown[], ViewRows> = { keys: undefined, value: undefined };
  const parsed: Memo<unknown[], Filter> = { keys: undefined, value: undefined };
  const podCache = createPodRowsCache();
  return (s) => {
    const f = topFrame(s);
    const v = s.versions;
    const all = memo(base, [f.view, f.scope, f.mark, f.pod, s.contexts, s.context.name, v.namespaces, v.pods, v.deployments, v.replicasets, s.docker.version, s.now], () => {
      switch (f.view) {
        case 'namespaces':
          return namespaceRows(s.resources, s.now);
        case 'pods':
          return podRows(s.resources, f.scope, s.now, podCache);
        case 'deployments':
          return deploymentRows(s.resources, f.scope, s.now);
        case 'images':
          return catalogRows(imageCatalog(s.resources, s.docker.snapshot, f.scope), s.now);
        case 'dockerContainers':
          return dockerContainerRows(s.docker.snapshot?.containers ?? [], s.now);
        case 'contexts':
          return contextRows(s.contexts, s.context.name);
        case 'history': {
          const dep = f.scope.deployment;
          const d = dep && s.resources.deployments.get(`${dep.namespace}/${dep.name}`);
          return d ? revisionRows(revisionsOf(d, s.resources.replicasets.values()), s.now, f.mark) : [];
        }
        case 'triage':
          return selectTriageRows(s);
        case 'containers': {
          const p = f.pod && s.resources.pods.get(`${f.pod.namespace}/${f.pod.name}`);
          return p ? containerRows(p) : [];
        }
        case 'diff':
        case 'logs':
          return [];
      }
    });
    const filter = memo(parsed, [f.filter], () => parseFilter(f.filter));
    const matched = memo(filtered, [all, filter], () => applyFilter(all, filter));
    return memo(sorted, [matched, f.sortBy, f.sortDesc, all, filter], () => ({
      all,
      // Contexts keep kubeconfig order and revisions newest-first; the rest sort as asked.
      rows: f.view === 'contexts' || f.view === 'history' || f.view === 'containers' ? matched : sortRows(matched, f.sortBy, f.sortDesc, NAME_ORDERED.has(f.view)),
      filter,
    }));
  };
}
