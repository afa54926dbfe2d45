import type { Health } from './health.js';
import type { Deployment } from './types.js';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

/** The revision the deployment controller stamped on it, "" when none yet. */
export function deploymentRevision(d: Deployment): string {
  return d.metadata.annotations?.[REVISION_ANNOTATION] ?? '';
}

/** Distinct images of the pod template's containers, in spec order (what `kubectl get deploy -o wide` shows). */
export function deploymentImages(d: Deployment): string[] {
  const out: string[] = [];
  for (const c of d.spec?.template?.spec?.containers ?? []) {
    if (c.image && !out.includes(c.image)) out.push(c.image);
  }
  return out;
}

/** Desired replicas; the API defaults a missing value to 1. */
export function desiredReplicas(d: Deployment): number {
  return d.spec?.replicas ?? 1;
}

/**
 * ok when every desired replica is updated, ready and available; bad when the
 * rollout is stuck (ProgressDeadlineExceeded), or nothing is ready while
 * something should be; warn while a rollout or scale is still moving; done when
 * scaled to zero and settled.
 */
export function deploymentHealth(d: Deployment): Health {
  const desired = desiredReplicas(d);
  const st = d.status ?? {};
  const ready = st.readyReplicas ?? 0;
  const updated = st.updatedReplicas ?? 0;
  const available = st.availableReplicas ?? 0;
  const current = st.replicas ?? 0;
  const stuck = st.conditions?.some(
    (c) => c.type === 'Progressing' && c.status === 'False' && c.reason === 'ProgressDeadlineExceeded',
  );
  if (stuck) return 'bad';
  if (desired === 0) return current === 0 ? 'done' : 'warn';
  if (ready === 0) return 'bad';
  if (ready >= desired && updated >= desired && available >= desired && current === desired) return 'ok';
  return 'warn';
}
