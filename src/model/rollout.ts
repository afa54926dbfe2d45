// Rollout history and undo for deployments, following kubectl's
// DeploymentHistoryViewer and DeploymentRollbacker: the same ReplicaSets count
// as history, the same revision is the default target, the same checks refuse
// or skip, and the undo is the same JSON patch. The console only adds the
// preview, so what it sends must be what `kubectl rollout undo` would send.
import { stringify } from 'yaml';
import { REVISION_ANNOTATION } from './deployment.js';
import { unifiedDiff, type DiffResult } from './diff.js';
import { fromLabelSelector, matchesSelector } from './label-selector.js';
import type { Deployment, PodTemplateSpec, ReplicaSet } from './types.js';

export { REVISION_ANNOTATION };
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/**
 * Annotations an undo keeps from the deployment instead of taking them from
 * the ReplicaSet: they describe the deployment's own rollout state (or
 * kubectl apply's record), not the revision being restored.
 */
export const ANNOTATIONS_TO_SKIP: ReadonlySet<string> = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

export interface Revision {
  revision: number;
  rsName: string;
  images: string[];
  changeCause: string;
  created?: string;
  /** The ReplicaSet's desired replicas. */
  replicas: number;
  ready: number;
  current: boolean;
  /** As stored in the ReplicaSet, pod-template-hash label included. */
  template: PodTemplateSpec;
}

export type JsonPatchOp = { op: 'replace' | 'add' | 'remove' | 'test'; path: string; value?: unknown };

export type UndoPlan =
  | { kind: 'patch'; toRevision: number; patch: JsonPatchOp[] }
  | { kind: 'skipped'; toRevision: number; message: string }
  | { kind: 'refused'; message: string };

/** What kubectl prints after a successful undo. */
export function rolledBackMessage(deploymentName: string): string {
  return `deployment.apps/${deploymentName} rolled back`;
}

/**
 * The ReplicaSets kubectl counts as the deployment's: in its namespace,
 * matching its selector, and controlled by it. Objects that lost their uid
 * (hand-built fixtures, some exports) are matched by kind and name instead.
 */
export function ownedReplicaSets(d: Deployment, replicasets: Iterable<ReplicaSet>): ReplicaSet[] {
  const uid = d.metadata.uid;
  const selector = d.spec?.selector ? fromLabelSelector(d.spec.selector) : undefined;
  const out: ReplicaSet[] = [];
  for (const rs of replicasets) {
    if ((rs.metadata.namespace ?? '') !== (d.metadata.namespace ?? '')) continue;
    const ref = rs.metadata.ownerReferences?.find((r) => r.controller === true);
    if (!ref) continue;
    const owned = uid && ref.uid ? ref.uid === uid : ref.kind === 'Deployment' && ref.name === d.metadata.name;
    if (!owned) continue;
    if (selector && !matchesSelector(rs.metadata.labels, selector)) continue;
    out.push(rs);
  }
  return out;
}

/**
 * The revision number as kubectl reads it: no annotation means 0, an
 * annotation that is not an integer means the ReplicaSet is left out.
 */
function revisionNumber(o: { metadata: { annotations?: Record<string, string> } }): number | undefined {
  const v = o.metadata.annotations?.[REVISION_ANNOTATION];
  if (v === undefined) return 0;
  if (!/^[+-]?\d+$/.test(v)) return undefined;
  return Number(v);
}

function createdMs(rs: ReplicaSet): number {
  const t = Date.parse(rs.metadata.creationTimestamp ?? '');
  return Number.isNaN(t) ? 0 : t;
}

function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  return createdMs(a) - createdMs(b) || (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0);
}

/** A copy of the template without the pod-template-hash label, as kubectl compares and restores it. */
export function templateForCompare(t: PodTemplateSpec | undefined): PodTemplateSpec {
  const copy: PodTemplateSpec = structuredClone(t ?? {});
  const labels = copy.metadata?.labels;
  if (labels && POD_TEMPLATE_HASH_LABEL in labels) {
    delete labels[POD_TEMPLATE_HASH_LABEL];
    // Go drops an emptied map when it marshals the patch; do the same.
    if (Object.keys(labels).length === 0) delete copy.metadata!.labels;
  }
  return copy;
}

// apimachinery's semantic equality treats nil and empty slices and maps as
// equal; on the wire those show up as a missing key, null, [] or (for maps) {}.
function isAbsent(v: unknown): boolean {
  return v === undefined || v === null || (Array.isArray(v) && v.length === 0);
}

function semanticEqual(a: unknown, b: unknown, mapLike = false): boolean {
  const emptyMap = (v: unknown) => mapLike && typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
  if ((isAbsent(a) || emptyMap(a)) && (isAbsent(b) || emptyMap(b))) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => semanticEqual(x, b[i]));
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)])) {
      // labels, annotations and nodeSelector are maps; ObjectMeta is a value struct.
      const isMap = k === 'labels' || k === 'annotations' || k === 'nodeSelector' || k === 'metadata';
      if (!semanticEqual(ao[k], bo[k], isMap)) return false;
    }
    return true;
  }
  return a === b;
}

/** kubectl's equalIgnoreHash. */
export function templatesEqual(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return semanticEqual(templateForCompare(a), templateForCompare(b));
}

// kubectl's findNewReplicaSet: the oldest ReplicaSet whose template is the deployment's.
function findNewReplicaSet(d: Deployment, sorted: ReplicaSet[]): ReplicaSet | undefined {
  return sorted.find((rs) => templatesEqual(rs.spec?.template, d.spec?.template));
}

function imagesOf(t: PodTemplateSpec | undefined): string[] {
  const out: string[] = [];
  for (const c of t?.spec?.containers ?? []) if (c.image && !out.includes(c.image)) out.push(c.image);
  return out;
}

interface HistoryEntry {
  rev: Revision;
  rs: ReplicaSet;
}

function history(d: Deployment, replicasets: Iterable<ReplicaSet>): HistoryEntry[] {
  const sorted = ownedReplicaSets(d, replicasets).sort(byCreation);
  const newRS = findNewReplicaSet(d, sorted);
  // kubectl visits old ReplicaSets first and the new one last, and a later
  // ReplicaSet with the same revision number replaces an earlier one.
  const ordered = newRS ? [...sorted.filter((rs) => rs !== newRS), newRS] : sorted;
  const byRevision = new Map<number, ReplicaSet>();
  for (const rs of ordered) {
    const v = revisionNumber(rs);
    if (v !== undefined) byRevision.set(v, rs);
  }
  const annotated = d.metadata.annotations?.[REVISION_ANNOTATION] !== undefined ? revisionNumber(d) : undefined;
  const currentRS = (annotated !== undefined ? byRevision.get(annotated) : undefined) ?? newRS;
  const out: HistoryEntry[] = [];
  for (const [revision, rs] of byRevision) {
    out.push({
      rs,
      rev: {
        revision,
        rsName: rs.metadata.name,
        images: imagesOf(rs.spec?.template),
        changeCause: rs.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION] ?? '',
        created: rs.metadata.creationTimestamp,
        replicas: rs.spec?.replicas ?? 0,
        ready: rs.status?.readyReplicas ?? 0,
        current: rs === currentRS,
        template: rs.spec?.template ?? {},
      },
    });
  }
  return out.sort((a, b) => b.rev.revision - a.rev.revision);
}

/** The deployment's revisions, newest first, one per revision number. */
export function revisionsOf(d: Deployment, replicasets: Iterable<ReplicaSet>): Revision[] {
  return history(d, replicasets).map((h) => h.rev);
}

/**
 * The default undo target, as kubectl picks it: the second-highest revision
 * in the history (which is the one below the current revision whenever the
 * controller has caught up).
 */
export function previousRevision(revs: Revision[]): Revision | undefined {
  return [...revs].sort((a, b) => b.revision - a.revision)[1];
}

function revisionNotFound(r: number): string {
  return `unable to find specified revision ${r} in history`;
}

/** What `kubectl rollout undo deployment/NAME [--to-revision=N]` would do; 0 means the previous revision. */
export function planUndo(d: Deployment, replicasets: Iterable<ReplicaSet>, toRevision: number): UndoPlan {
  if (!Number.isInteger(toRevision) || toRevision < 0) return { kind: 'refused', message: revisionNotFound(toRevision) };
  const entries = history(d, replicasets);
  let entry: HistoryEntry | undefined;
  if (toRevision === 0) {
    // Second-highest, as previousRevision; entries are already newest first.
    entry = entries[1];
    if (!entry) return { kind: 'refused', message: `no rollout history found for deployment "${d.metadata.name}"` };
  } else {
    entry = entries.find((e) => e.rev.revision === toRevision);
    if (!entry) return { kind: 'refused', message: revisionNotFound(toRevision) };
  }
  const target = entry.rev;
  // kubectl looks the revision up before it checks for a pause, so a bad
  // revision is reported first.
  if (d.spec?.paused) {
    return {
      kind: 'refused',
      message: `you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/${d.metadata.name}' and try again`,
    };
  }
  if (templatesEqual(target.template, d.spec?.template)) {
    return {
      kind: 'skipped',
      toRevision: target.revision,
      message: `skipped rollback (current template already matches revision ${target.revision})`,
    };
  }
  const own = d.metadata.annotations ?? {};
  const annotations: Record<string, string> = {};
  for (const k of ANNOTATIONS_TO_SKIP) if (k in own) annotations[k] = own[k]!;
  for (const [k, v] of Object.entries(entry.rs.metadata.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  return {
    kind: 'patch',
    toRevision: target.revision,
    patch: [
      { op: 'replace', path: '/spec/template', value: templateForCompare(target.template) },
      { op: 'replace', path: '/metadata/annotations', value: annotations },
    ],
  };
}

// Drop nulls (Go's zero timestamps) so they are not noise in the preview.
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = withoutNulls(x);
    return out;
  }
  return v;
}

/**
 * The template as YAML for diffing: hash label removed, keys sorted as
 * `kubectl get -o yaml` sorts them (so two templates that differ only in key
 * order give no diff), and no line folding (so a long command changes one line).
 */
export function templateYaml(t: PodTemplateSpec | undefined): string {
  return stringify(withoutNulls(templateForCompare(t)), { sortMapEntries: true, lineWidth: 0 });
}

/** The pod-template diff shown before an undo, e.g. "revision 3 (current)" against "revision 1". */
export function revisionDiff(
  from: { label: string; template?: PodTemplateSpec },
  to: { label: string; template?: PodTemplateSpec },
): DiffResult {
  return unifiedDiff(templateYaml(from.template), templateYaml(to.template), { oldName: from.label, newName: to.label });
}
