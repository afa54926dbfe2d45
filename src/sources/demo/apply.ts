// Server-side apply (application/apply-patch+yaml), as far as kubectl diff and
// kubectl apply --server-side need it: the applied object is merged into the
// live one (lists of containers and the like by their merge keys), or created
// when there is none; the field manager gets a managedFields entry. Field
// ownership and conflicts are not modelled: one owner, always forced.

import { parse as parseYaml } from 'yaml';
import type { Deployment, KubeObject } from '../../model/types.js';
import { createConfigObject, isConfigKind, updateConfigObject } from './config-objects.js';
import { ApiError, badRequest } from './errors.js';
import { strategicMergePatch } from './patch.js';
import { apiVersionOf, type ResourceDef } from './resources.js';
import type { Store } from './store.js';
import { clone, isoSeconds } from './util.js';
import type { Writes } from './writes.js';

export const APPLY_PATCH = 'application/apply-patch+yaml';

type Obj = KubeObject & Record<string, unknown>;

interface ManagedFieldsEntry {
  manager: string;
  operation: string;
  apiVersion: string;
  time: string;
  fieldsType: string;
  fieldsV1: unknown;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function withManager(existing: unknown, manager: string, apiVersion: string, now: number): ManagedFieldsEntry[] {
  const list = Array.isArray(existing) ? (clone(existing) as ManagedFieldsEntry[]) : [];
  // Re-applying does not touch the entry; the real server only moves its time when owned fields change.
  if (list.some((e) => e.manager === manager && e.operation === 'Apply')) return list;
  list.push({ manager, operation: 'Apply', apiVersion, time: isoSeconds(now), fieldsType: 'FieldsV1', fieldsV1: {} });
  return list;
}

/** Returns the resulting object and whether it was created (201) rather than updated (200). */
export function serverSideApply(
  deps: { store: Store; writes: Writes; now: () => number },
  def: ResourceDef,
  ns: string | undefined,
  name: string,
  text: string,
  q: URLSearchParams,
  dryRun: boolean,
): { object: KubeObject; created: boolean } {
  const manager = q.get('fieldManager');
  if (!manager) throw new ApiError(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
  let applied: unknown;
  try {
    applied = parseYaml(text);
  } catch (e) {
    throw badRequest(`error decoding YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!isMap(applied)) throw badRequest('error decoding YAML: the applied configuration must be a mapping');
  const want = apiVersionOf(def);
  if (applied.apiVersion !== want || applied.kind !== def.kind) {
    throw badRequest(`the apiVersion and kind of the applied object (${String(applied.apiVersion)}, ${String(applied.kind)}) do not match the request (${want}, ${def.kind})`);
  }
  const meta = isMap(applied.metadata) ? applied.metadata : {};
  if (meta.name !== undefined && meta.name !== name) throw badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`);
  if (def.namespaced && meta.namespace !== undefined && meta.namespace !== ns) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  if (meta.managedFields !== undefined) throw badRequest('metadata.managedFields must be nil');
  const patch = clone(applied) as Obj;
  delete patch.status;
  patch.metadata = { ...(meta as unknown as Obj['metadata']), name, ...(def.namespaced ? { namespace: ns } : {}) };
  delete (patch.metadata as { managedFields?: unknown }).managedFields;

  const current = deps.store.get<Obj>(def.name, ns, name);
  if (!current) {
    const obj = clone(patch);
    (obj.metadata as unknown as Record<string, unknown>).managedFields = withManager(undefined, manager, want, deps.now());
    if (def.name === 'deployments') return { object: deps.writes.createDeployment(ns!, obj as Deployment, dryRun), created: true };
    if (isConfigKind(def.name)) return { object: createConfigObject(deps.store, { ...def, name: def.name }, ns, obj, dryRun), created: true };
    throw new ApiError(405, 'MethodNotAllowed', `the demo cluster does not apply ${def.name}`, {});
  }
  const merged = strategicMergePatch({ ...clone(current), apiVersion: want, kind: def.kind }, patch) as Obj;
  (merged.metadata as unknown as Record<string, unknown>).managedFields = withManager((current.metadata as unknown as Record<string, unknown>).managedFields, manager, want, deps.now());
  if (def.name === 'deployments') return { object: deps.writes.updateDeployment(ns!, name, merged as Deployment, dryRun), created: false };
  if (isConfigKind(def.name)) return { object: updateConfigObject(deps.store, { ...def, name: def.name }, ns, name, merged, dryRun), created: false };
  throw new ApiError(405, 'MethodNotAllowed', `the demo cluster does not apply ${def.name}`, {});
}
