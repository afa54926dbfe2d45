// Writes as the apiserver applies them: validation, defaulting, optimistic
// concurrency on resourceVersion, generation bumps on spec changes, status
// owned by the controllers, and dry runs that store nothing.

import type { Deployment, KubeObject, Pod } from '../../model/types.js';
import type { Controllers } from './controllers.js';
import { defaultDeployment } from './controllers.js';
import { alreadyExists, conflict, invalid, notFound, type FieldError } from './errors.js';
import type { PodLifecycle } from './pods.js';
import { specSelectorMatcher } from './selectors.js';
import type { Store } from './store.js';
import { clone, deepEqual, randomSuffix, makeRng } from './util.js';

export function validateDeployment(d: Deployment, old?: Deployment): FieldError[] {
  const errs: FieldError[] = [];
  const r = d.spec?.replicas;
  if (r !== undefined && (typeof r !== 'number' || !Number.isInteger(r))) errs.push({ field: 'spec.replicas', type: 'Invalid', value: r, detail: 'must be an integer' });
  else if (r !== undefined && r < 0) errs.push({ field: 'spec.replicas', type: 'Invalid', value: r, detail: 'must be greater than or equal to 0' });
  const sel = d.spec?.selector;
  if (!sel || (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length)) {
    errs.push({ field: 'spec.selector', type: 'Required', value: undefined });
  } else if (!specSelectorMatcher(sel)(d.spec?.template?.metadata?.labels)) {
    errs.push({ field: 'spec.template.metadata.labels', type: 'Invalid', value: d.spec?.template?.metadata?.labels ?? {}, detail: '`selector` does not match template `labels`' });
  }
  if (old && sel && !deepEqual(sel, old.spec?.selector)) {
    errs.push({ field: 'spec.selector', type: 'Invalid', value: sel, detail: 'field is immutable' });
  }
  const containers = d.spec?.template?.spec?.containers;
  if (!Array.isArray(containers) || containers.length === 0) errs.push({ field: 'spec.template.spec.containers', type: 'Required' });
  else {
    const seen = new Set<string>();
    containers.forEach((c, i) => {
      if (!c || typeof c.name !== 'string' || !c.name) errs.push({ field: `spec.template.spec.containers[${i}].name`, type: 'Required' });
      else if (seen.has(c.name)) errs.push({ field: `spec.template.spec.containers[${i}].name`, type: 'Invalid', value: c.name, detail: 'Duplicate value' });
      else seen.add(c.name);
      if (!c || typeof c.image !== 'string' || !c.image.trim()) errs.push({ field: `spec.template.spec.containers[${i}].image`, type: 'Required' });
    });
  }
  return errs;
}

export class Writes {
  private readonly rng = makeRng(777);

  constructor(
    private readonly store: Store,
    private readonly controllers: Controllers,
    private readonly pods: PodLifecycle,
  ) {}

  /**
   * Replaces a deployment with `next` (already patched or PUT by the client).
   * `expectRv` is the resourceVersion the client sent, if any.
   */
  updateDeployment(ns: string, name: string, nextIn: Deployment, dryRun: boolean): Deployment {
    const old = this.store.get<Deployment>('deployments', ns, name);
    if (!old) throw notFound('deployments', 'apps', name);
    const sentRv = nextIn.metadata?.resourceVersion;
    if (sentRv !== undefined && sentRv !== '' && sentRv !== old.metadata.resourceVersion) throw conflict('deployments', 'apps', name);
    const next = defaultDeployment(clone({ ...nextIn, metadata: { ...(nextIn.metadata ?? {}), name, namespace: ns } }));
    const errs = validateDeployment(next, old);
    if (errs.length) throw invalid('Deployment', 'apps', name, errs);
    delete next.apiVersion;
    delete next.kind;
    // Status belongs to the controller; identity fields belong to the server.
    next.status = clone(old.status);
    next.metadata.uid = old.metadata.uid;
    next.metadata.creationTimestamp = old.metadata.creationTimestamp;
    next.metadata.generation = deepEqual(next.spec, old.spec) ? old.metadata.generation : (old.metadata.generation ?? 1) + 1;
    if (deepEqual(next, old) || dryRun) return dryRun ? next : old;
    return this.store.update('deployments', next) as Deployment;
  }

  createDeployment(ns: string, input: Deployment, dryRun: boolean): Deployment {
    const d = defaultDeployment(clone(input));
    d.metadata ??= { name: '' };
    d.metadata.namespace = ns;
    const gen = (d.metadata as { generateName?: string }).generateName;
    if (!d.metadata.name && gen) d.metadata.name = gen + randomSuffix(this.rng);
    const errs = validateDeployment(d);
    if (!d.metadata.name) errs.unshift({ field: 'metadata.name', type: 'Required', detail: 'name or generateName is required' });
    if (errs.length) throw invalid('Deployment', 'apps', d.metadata.name ?? '', errs);
    if (this.store.get('deployments', ns, d.metadata.name)) throw alreadyExists('deployments', 'apps', d.metadata.name);
    if (!this.store.get('namespaces', undefined, ns)) throw notFound('namespaces', '', ns);
    delete d.apiVersion;
    delete d.kind;
    delete d.status;
    delete d.metadata.resourceVersion;
    delete d.metadata.uid;
    delete d.metadata.creationTimestamp;
    d.metadata.generation = 1;
    if (dryRun) return d;
    return this.store.create('deployments', d) as Deployment;
  }

  setReplicas(ns: string, name: string, replicas: unknown, sentRv: string | undefined, dryRun: boolean): Deployment {
    const old = this.store.get<Deployment>('deployments', ns, name);
    if (!old) throw notFound('deployments', 'apps', name);
    if (sentRv && sentRv !== old.metadata.resourceVersion) throw conflict('deployments', 'apps', name);
    if (typeof replicas !== 'number' || !Number.isInteger(replicas)) throw invalid('Scale', 'autoscaling', name, [{ field: 'spec.replicas', type: 'Invalid', value: replicas, detail: 'must be an integer' }]);
    if (replicas < 0) throw invalid('Scale', 'autoscaling', name, [{ field: 'spec.replicas', type: 'Invalid', value: replicas, detail: 'must be greater than or equal to 0' }]);
    const next = clone(old);
    next.spec!.replicas = replicas;
    return this.updateDeployment(ns, name, next, dryRun);
  }

  setImage(ns: string, name: string, container: string, image: string): void {
    const old = this.store.get<Deployment>('deployments', ns, name);
    if (!old) throw notFound('deployments', 'apps', name);
    const next = clone(old);
    const c = next.spec?.template?.spec?.containers.find((x) => x.name === container);
    if (!c) throw new Error(`unable to find container named "${container}" in deployment ${ns}/${name}`);
    c.image = image;
    this.updateDeployment(ns, name, next, false);
  }

  deleteDeployment(ns: string, name: string, dryRun: boolean): Deployment {
    const d = this.store.get<Deployment>('deployments', ns, name);
    if (!d) throw notFound('deployments', 'apps', name);
    if (dryRun) return d;
    this.store.remove('deployments', ns, name);
    this.controllers.collectOrphans(d.metadata.uid!);
    return d;
  }

  deletePod(ns: string, name: string, graceSeconds: number | undefined, dryRun: boolean): Pod {
    const p = this.store.get<Pod>('pods', ns, name);
    if (!p) throw notFound('pods', '', name);
    if (dryRun) return p;
    return this.pods.terminate(p, graceSeconds);
  }

  /** Removes a namespace and everything in it at once (test hook; the real thing takes a while). */
  deleteNamespaceNow(name: string): void {
    for (const kind of ['deployments', 'replicasets', 'pods', 'events', 'secrets', 'configmaps'] as const) {
      for (const o of this.store.list<KubeObject>(kind, name)) {
        if (kind === 'pods') this.pods.forget(`${name}/${o.metadata.name}`);
        this.store.remove(kind, name, o.metadata.name);
      }
    }
    this.store.remove('namespaces', undefined, name);
  }
}
