// Writes for the kinds no controller reacts to (Secrets, ConfigMaps,
// Namespaces): the apiserver's defaulting and validation for them, optimistic
// concurrency, and dry runs that store nothing and bump nothing.

import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../model/types.js';
import { alreadyExists, ApiError, badRequest, conflict, invalid, notFound, type FieldError } from './errors.js';
import type { ResourceDef } from './resources.js';
import type { Kind, Store } from './store.js';
import { clone, deepEqual, isoSeconds } from './util.js';

export type ConfigKind = 'secrets' | 'configmaps' | 'namespaces';

export function isConfigKind(k: Kind): k is ConfigKind {
  return k === 'secrets' || k === 'configmaps' || k === 'namespaces';
}

type Obj = KubeObject & Record<string, unknown>;

const KEY = /^[-._a-zA-Z0-9]+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** What the server does on every write: fold stringData into data, fill in defaults, check. */
function normalise(def: ResourceDef, o: Obj): Obj {
  const name = o.metadata.name;
  const errs: FieldError[] = [];
  if (!name || !NAME.test(name) || name.length > 253) {
    errs.push(name ? { field: 'metadata.name', type: 'Invalid', value: name, detail: "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character" } : { field: 'metadata.name', type: 'Required', detail: 'name or generateName is required' });
  }
  if (def.name === 'secrets') {
    if (o.data !== undefined && !isMap(o.data)) throw badRequest('Secret in version "v1" cannot be handled as a Secret: json: cannot unmarshal into Go struct field Secret.data of type map[string][]uint8');
    const data: Record<string, string> = { ...((o.data as Record<string, string> | undefined) ?? {}) };
    for (const [k, v] of Object.entries(data)) {
      if (typeof v !== 'string' || !BASE64.test(v)) throw badRequest(`Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 0`);
      if (!KEY.test(k)) errs.push({ field: `data[${k}]`, type: 'Invalid', value: k, detail: "a valid config key must consist of alphanumeric characters, '-', '_' or '.'" });
    }
    if (o.stringData !== undefined) {
      if (!isMap(o.stringData)) throw badRequest('Secret in version "v1" cannot be handled as a Secret: stringData must be a map of strings');
      for (const [k, v] of Object.entries(o.stringData)) {
        if (typeof v !== 'string') throw badRequest(`Secret in version "v1" cannot be handled as a Secret: stringData[${k}] must be a string`);
        if (!KEY.test(k)) errs.push({ field: `stringData[${k}]`, type: 'Invalid', value: k, detail: "a valid config key must consist of alphanumeric characters, '-', '_' or '.'" });
        data[k] = Buffer.from(v, 'utf8').toString('base64');
      }
      delete o.stringData;
    }
    if (Object.keys(data).length) o.data = data;
    else delete o.data;
    o.type ??= 'Opaque';
  } else if (def.name === 'configmaps') {
    for (const field of ['data', 'binaryData'] as const) {
      const d = o[field];
      if (d === undefined) continue;
      if (!isMap(d)) throw badRequest(`ConfigMap in version "v1" cannot be handled as a ConfigMap: ${field} must be a map of strings`);
      for (const [k, v] of Object.entries(d)) {
        if (typeof v !== 'string') throw badRequest(`ConfigMap in version "v1" cannot be handled as a ConfigMap: ${field}[${k}] must be a string`);
        if (!KEY.test(k)) errs.push({ field: `${field}[${k}]`, type: 'Invalid', value: k, detail: "a valid config key must consist of alphanumeric characters, '-', '_' or '.'" });
      }
    }
  } else {
    o.metadata.labels = { ...(o.metadata.labels ?? {}), 'kubernetes.io/metadata.name': name };
    o.spec ??= { finalizers: ['kubernetes'] };
    o.status = { phase: 'Active' };
  }
  if (errs.length) throw invalid(def.kind, def.group, name ?? '', errs);
  delete o.apiVersion;
  delete o.kind;
  return o;
}

export function createConfigObject(store: Store, def: ResourceDef & { name: ConfigKind }, ns: string | undefined, input: unknown, dryRun: boolean): KubeObject {
  if (!isMap(input)) throw badRequest(`invalid ${def.kind} body`);
  const o = clone(input) as Obj;
  o.metadata = isMap(o.metadata) ? (o.metadata as Obj['metadata']) : ({ name: '' } as Obj['metadata']);
  if (def.namespaced) {
    if (o.metadata.namespace && o.metadata.namespace !== ns) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    o.metadata.namespace = ns;
  } else delete o.metadata.namespace;
  normalise(def, o);
  for (const k of ['resourceVersion', 'uid', 'creationTimestamp', 'generation', 'deletionTimestamp'] as const) delete o.metadata[k];
  if (store.get(def.name, ns, o.metadata.name)) throw alreadyExists(def.name, def.group, o.metadata.name);
  if (ns && !store.get('namespaces', undefined, ns)) throw notFound('namespaces', '', ns);
  if (dryRun) {
    // What the server hands back for a dry-run create: identity filled in, nothing stored.
    o.metadata.uid = randomUUID();
    o.metadata.creationTimestamp = isoSeconds(Date.now());
    return o;
  }
  return store.create(def.name, o);
}

export function updateConfigObject(store: Store, def: ResourceDef & { name: ConfigKind }, ns: string | undefined, name: string, input: unknown, dryRun: boolean): KubeObject {
  const old = store.get<Obj>(def.name, ns, name);
  if (!old) throw notFound(def.name, def.group, name);
  if (!isMap(input)) throw badRequest(`invalid ${def.kind} body`);
  const next = clone(input) as Obj;
  next.metadata = { ...((isMap(next.metadata) ? next.metadata : {}) as Obj['metadata']) };
  if (next.metadata.name && next.metadata.name !== name) throw badRequest(`the name of the object (${next.metadata.name}) does not match the name on the URL (${name})`);
  const sentRv = next.metadata.resourceVersion;
  if (sentRv && sentRv !== old.metadata.resourceVersion) throw conflict(def.name, def.group, name);
  next.metadata.name = name;
  if (def.namespaced) next.metadata.namespace = ns;
  normalise(def, next);
  if (def.name === 'secrets' && old.type !== undefined && next.type !== old.type) {
    throw invalid(def.kind, def.group, name, [{ field: 'type', type: 'Invalid', value: next.type, detail: 'field is immutable' }]);
  }
  next.metadata.uid = old.metadata.uid;
  next.metadata.creationTimestamp = old.metadata.creationTimestamp;
  next.metadata.resourceVersion = old.metadata.resourceVersion;
  if (deepEqual(next, old)) return old;
  if (dryRun) return next;
  return store.update(def.name, next);
}

export function deleteConfigObject(store: Store, def: ResourceDef & { name: ConfigKind }, ns: string | undefined, name: string, dryRun: boolean): KubeObject {
  const old = store.get(def.name, ns, name);
  if (!old) throw notFound(def.name, def.group, name);
  if (def.name === 'namespaces') throw new ApiError(405, 'MethodNotAllowed', 'the demo cluster does not delete namespaces through the API', {});
  if (dryRun) return old;
  return store.remove(def.name, ns, name)!;
}
