// The `:triage` table: one row per finding (triage.ts), worst and newest first.
import { humanDuration } from './age.js';
import type { ColumnDef } from './columns.js';
import { healthRank, type Health } from './health.js';
import type { ObjectRef, Row } from './row.js';
import { sanitize } from './sanitize.js';
import type { Severity, TriageItem } from './triage.js';

/**
 * The message column is what tells you the cause, so at 80 columns it shares
 * the squeeze with the object's name rather than dropping; short kinds (pod,
 * deploy, node) keep a pod and its deployment apart.
 */
export const TRIAGE_COLUMNS: ColumnDef[] = [
  { id: 'severity', title: 'SEV', min: 4, max: 4, priority: 0 },
  { id: 'kind', title: 'KIND', min: 4, max: 6, priority: 0 },
  { id: 'object', title: 'NAMESPACE/NAME', min: 16, max: 63, priority: 0, grow: 1 },
  { id: 'reason', title: 'REASON', min: 8, max: 17, priority: 0 },
  { id: 'since', title: 'SINCE', min: 5, max: 7, priority: 0 },
  { id: 'message', title: 'MESSAGE', min: 12, priority: 0, grow: 3 },
];

/** Text markers, so severity reads without colour (NO_COLOR, monochrome). */
export const SEVERITY_LABEL: Record<Severity, string> = { critical: 'CRIT', warning: 'WARN' };
const SEVERITY_HEALTH: Record<Severity, Health> = { critical: 'bad', warning: 'warn' };

const SHORT_KIND: Record<string, string> = { Pod: 'pod', Deployment: 'deploy', Node: 'node', ReplicaSet: 'rs', Service: 'svc', PersistentVolumeClaim: 'pvc', HorizontalPodAutoscaler: 'hpa' };

// Critical rows sort above every warning by an offset far beyond any timestamp,
// and a fraction of a millisecond puts a pod above the deployment it shares a
// start time with: the table's "age" order (newest first) is then exactly the
// triage order, so the generic sort keeps it.
const SEVERITY_OFFSET: Record<Severity, number> = { critical: 1e14, warning: 0 };
const KIND_TIE: Record<string, number> = { Pod: 0.3, Deployment: 0.2, Node: 0.1 };

function refOf(i: TriageItem): ObjectRef {
  const kind: ObjectRef['kind'] = i.kind === 'Pod' || i.kind === 'Deployment' || i.kind === 'Node' ? i.kind : 'Object';
  return { kind, namespace: i.namespace, name: i.name };
}

function oneLine(s: string): string {
  return sanitize(s.replace(/\s*[\r\n]+\s*/g, ' ')).trim();
}

export function triageRows(items: TriageItem[], now: number): Row[] {
  const rows: Row[] = new Array(items.length);
  for (let n = 0; n < items.length; n++) {
    const i = items[n]!;
    const health = SEVERITY_HEALTH[i.severity];
    const name = i.namespace ? `${i.namespace}/${i.name}` : i.name;
    rows[n] = {
      key: i.key,
      cells: {
        severity: SEVERITY_LABEL[i.severity],
        kind: SHORT_KIND[i.kind] ?? sanitize(i.kind.toLowerCase()),
        object: sanitize(name),
        reason: oneLine(i.reason),
        since: i.since ? humanDuration(now - i.since) : '?',
        message: oneLine(i.message),
      },
      health,
      sort: { name, age: SEVERITY_OFFSET[i.severity] + (i.since || 1) + (KIND_TIE[i.kind] ?? 0), status: healthRank(health) },
      ref: refOf(i),
      triage: {
        kind: i.kind,
        ...(i.deployment ? { deployment: i.deployment } : {}),
        ...(i.container ? { container: i.container } : {}),
        ...(i.previousLogs ? { previousLogs: true } : {}),
      },
    };
  }
  return rows;
}
