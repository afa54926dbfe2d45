// `kubectl diff -f FILE`, computed the way kubectl computes it: for each
// object, the live object against what the server says it would become
// (a server-side dry-run apply, or a dry-run create), managed fields left
// out, Secret values masked, both printed as YAML with sorted keys.
import { readFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import { concatDiffs, unifiedDiff, type DiffResult } from '../../model/diff.js';
import { ManifestError, parseManifest, type ManifestDoc, type ManifestObject } from '../../model/manifest.js';
import { maskSecrets } from '../../model/secret-mask.js';
import { ActionError, callApi } from './actions.js';
import { Discovery, resourcePath, type ResourceMapping } from './discovery.js';
import type { ResolvedKubeconfig } from './kubeconfig.js';
import { KubeTransport } from './transport.js';

export interface ObjectDiff {
  /** As kubectl names its temp files: apps.v1.Deployment.shop.web, v1.Namespace..demo */
  name: string;
  diff: DiffResult;
}

export interface ManifestDiffResult {
  objects: ObjectDiff[];
  changed: boolean;
  combined: DiffResult;
}

/** The field manager kubectl diff uses for its dry-run apply. */
export const DIFF_FIELD_MANAGER = 'kubectl-client-side-apply';

async function readManifest(file: string): Promise<string> {
  try {
    return file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ManifestError(`${file}: no such file`);
    if (code === 'EISDIR') throw new ManifestError(`${file}: is a directory, not a file`);
    throw new ManifestError(`${file}: cannot read (${code ?? (err as Error).message})`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function objectName(m: ResourceMapping, namespace: string, name: string): string {
  return `${m.group ? `${m.group}.` : ''}${m.version}.${m.kind}.${namespace}.${name}`;
}

function withoutManagedFields(o: unknown): Record<string, unknown> | undefined {
  if (typeof o !== 'object' || o === null) return undefined;
  const copy = structuredClone(o) as Record<string, unknown> & { metadata?: Record<string, unknown> };
  if (copy.metadata && typeof copy.metadata === 'object') delete copy.metadata.managedFields;
  return copy;
}

/** YAML as kubectl prints it (sigs.k8s.io/yaml): keys sorted, lists not indented, no folding. */
export function kubeYaml(o: object | undefined): string {
  if (o === undefined) return '';
  return stringify(o, { sortMapEntries: true, indentSeq: false, lineWidth: 0, singleQuote: true });
}

async function liveObject(t: KubeTransport, path: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await callApi(t, 'GET', path)) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof ActionError && e.status === 404 && e.reason === 'NotFound') return undefined;
    throw e;
  }
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** encoding/json's Marshal of an unstructured object: keys sorted, <, > and & escaped. */
function goJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${goJson(k)}:${goJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * kubectl keeps an existing last-applied annotation in step with what it
 * applies, even server-side, so its diff shows that annotation change; an
 * object that never saw a client-side apply does not get one.
 */
function withLastApplied(obj: ManifestObject, live: Record<string, unknown> | undefined): ManifestObject {
  const ann = (live?.metadata as { annotations?: Record<string, string> } | undefined)?.annotations;
  if (!ann || !(LAST_APPLIED in ann)) return obj;
  const copy = structuredClone(obj);
  const own = { ...((copy.metadata.annotations as Record<string, string> | undefined) ?? {}) };
  delete own[LAST_APPLIED];
  const bare = structuredClone(copy);
  if (Object.keys(own).length) bare.metadata.annotations = own;
  else delete bare.metadata.annotations;
  copy.metadata.annotations = { ...own, [LAST_APPLIED]: goJson(bare) + '\n' };
  return copy;
}

async function mergedObject(t: KubeTransport, m: ResourceMapping, namespace: string | undefined, obj: object, exists: boolean): Promise<Record<string, unknown>> {
  const name = (obj as { metadata: { name: string } }).metadata.name;
  const q = new URLSearchParams({ dryRun: 'All', fieldManager: DIFF_FIELD_MANAGER, force: 'true' });
  const text = JSON.stringify(obj);
  try {
    return (await callApi(t, 'PATCH', `${resourcePath(m, namespace, name)}?${q}`, { contentType: 'application/apply-patch+yaml', text })) as Record<string, unknown>;
  } catch (e) {
    // Servers that cannot apply to a missing object get a dry-run create instead.
    if (exists || !(e instanceof ActionError) || (e.status !== 404 && e.status !== 405 && e.status !== 415)) throw e;
  }
  const cq = new URLSearchParams({ dryRun: 'All', fieldManager: DIFF_FIELD_MANAGER });
  return (await callApi(t, 'POST', `${resourcePath(m, namespace)}?${cq}`, { contentType: 'application/json', text })) as Record<string, unknown>;
}

async function diffOne(t: KubeTransport, discovery: Discovery, file: string, doc: ManifestDoc, defaultNs: string, explicitNs: string | undefined): Promise<ObjectDiff> {
  const obj = structuredClone(doc.object);
  const where = `${file}: document ${doc.index}`;
  const m = await discovery.lookup(obj.apiVersion, obj.kind);
  if (!m) throw new ManifestError(`${where}: unknown kind "${obj.kind}" in ${obj.apiVersion}`);
  let namespace = '';
  if (m.namespaced) {
    const own = obj.metadata.namespace;
    if (own && explicitNs && own !== explicitNs) {
      throw new ManifestError(`${where}: ${obj.kind} "${obj.metadata.name}" is in namespace "${own}", not "${explicitNs}" given with -n`);
    }
    namespace = own || defaultNs;
    obj.metadata.namespace = namespace;
  } else {
    // kubectl drops a namespace set on a cluster-scoped object.
    delete obj.metadata.namespace;
  }
  const ns = m.namespaced ? namespace : undefined;
  const name = objectName(m, namespace, obj.metadata.name);
  const live = await liveObject(t, resourcePath(m, ns, obj.metadata.name));
  const merged = await mergedObject(t, m, ns, withLastApplied(obj, live), live !== undefined);
  const masked = maskSecrets(withoutManagedFields(live), withoutManagedFields(merged));
  const diff = unifiedDiff(kubeYaml(masked.live), kubeYaml(masked.merged), { oldName: `/LIVE/${name}`, newName: `/MERGED/${name}` });
  return { name, diff };
}

export async function diffManifest(r: ResolvedKubeconfig, file: string, opts: { namespace?: string } = {}): Promise<ManifestDiffResult> {
  const docs = parseManifest(await readManifest(file), file);
  let t: KubeTransport;
  try {
    t = new KubeTransport(r);
  } catch (err) {
    throw new ActionError((err as Error).message);
  }
  try {
    const discovery = new Discovery(t);
    const byName = new Map<string, ObjectDiff>();
    // One at a time, in file order: the first bad document is the one reported.
    for (const doc of docs) {
      const d = await diffOne(t, discovery, file, doc, opts.namespace || r.namespace, opts.namespace);
      byName.set(d.name, d);
    }
    // kubectl diffs two directories of files named like this, so its output is in name order.
    const objects = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const combined = concatDiffs(objects.map((o) => o.diff));
    return { objects, changed: combined.changed, combined };
  } finally {
    t.close();
  }
}
