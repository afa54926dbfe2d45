// The three patch flavours the apiserver accepts for built-in types:
// JSON merge patch (RFC 7386), strategic merge patch (lists of containers and
// friends merged by key), and JSON patch (RFC 6902).

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

export class PatchError extends Error {
  constructor(
    message: string,
    readonly code: 400 | 422 = 422,
  ) {
    super(message);
  }
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return structuredClone(patch);
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v) as Json;
  }
  return out;
}

// Merge keys of the list fields kdeck (and kubectl edit/set) touch, as the
// Kubernetes Go types declare them with patchMergeKey.
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  ports: 'containerPort',
  imagePullSecrets: 'name',
  conditions: 'type',
  ownerReferences: 'uid',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  finalizers: '',
};

export function strategicMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return structuredClone(patch);
  if (patch['$patch'] === 'replace') {
    const rest = { ...patch };
    delete rest['$patch'];
    return structuredClone(rest);
  }
  if (patch['$patch'] === 'delete') return undefined;
  const out: Obj = isObj(target) ? { ...target } : {};
  const order: Record<string, Json[]> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys') continue;
    if (k.startsWith('$setElementOrder/')) {
      if (Array.isArray(v)) order[k.slice('$setElementOrder/'.length)] = v;
      continue;
    }
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      const cur = out[field];
      if (Array.isArray(cur) && Array.isArray(v)) out[field] = cur.filter((x) => !v.some((d) => d === x));
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    if (Array.isArray(v) && Object.hasOwn(MERGE_KEYS, k)) {
      out[k] = mergeList(out[k], v, MERGE_KEYS[k]!);
      continue;
    }
    const merged = strategicMergePatch(out[k], v);
    if (merged === undefined) delete out[k];
    else out[k] = merged as Json;
  }
  for (const [field, wanted] of Object.entries(order)) {
    const key = MERGE_KEYS[field];
    const cur = out[field];
    if (!key || !Array.isArray(cur)) continue;
    const pos = (x: Json) => wanted.findIndex((w) => isObj(w) && isObj(x) && w[key] === x[key]);
    out[field] = [...cur].sort((a, b) => {
      const pa = pos(a);
      const pb = pos(b);
      return (pa < 0 ? Infinity : pa) - (pb < 0 ? Infinity : pb);
    });
  }
  return out;
}

function mergeList(target: Json | undefined, patch: Json[], key: string): Json[] {
  const cur: Json[] = Array.isArray(target) ? [...target] : [];
  // A list of scalars with a merge key of '' (finalizers) is a set union.
  if (key === '') {
    for (const v of patch) if (!cur.includes(v)) cur.push(v);
    return cur;
  }
  if (patch.some((p) => isObj(p) && p['$patch'] === 'replace')) {
    return patch.filter((p) => !(isObj(p) && p['$patch'] === 'replace')).map((p) => structuredClone(p));
  }
  for (const item of patch) {
    if (!isObj(item)) continue;
    const id = item[key];
    const idx = cur.findIndex((c) => isObj(c) && c[key] === id);
    if (item['$patch'] === 'delete') {
      if (idx >= 0) cur.splice(idx, 1);
      continue;
    }
    if (idx >= 0) cur[idx] = strategicMergePatch(cur[idx], item) as Json;
    else cur.push(strategicMergePatch({}, item) as Json);
  }
  return cur;
}

function unescape(tok: string): string {
  return tok.replace(/~1/g, '/').replace(/~0/g, '~');
}

function parsePointer(p: unknown): string[] {
  if (typeof p !== 'string') throw new PatchError('missing or invalid path in patch operation', 400);
  if (p === '') return [];
  if (!p.startsWith('/')) throw new PatchError(`invalid JSON pointer ${JSON.stringify(p)}`);
  return p.slice(1).split('/').map(unescape);
}

function resolveParent(doc: Json, tokens: string[], path: string): { parent: Obj | Json[]; last: string } {
  let cur: Json = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(t)] as Json;
    else if (isObj(cur)) cur = cur[t] as Json;
    else cur = undefined as unknown as Json;
    if (cur === undefined || cur === null || typeof cur !== 'object') {
      throw new PatchError(`doc is missing path: "${path}": missing value`);
    }
  }
  return { parent: cur as Obj | Json[], last: tokens[tokens.length - 1]! };
}

function getAt(doc: Json, path: string): Json {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return doc;
  const { parent, last } = resolveParent(doc, tokens, path);
  const v = Array.isArray(parent) ? parent[Number(last)] : parent[last];
  if (v === undefined) throw new PatchError(`doc is missing path: "${path}": missing value`);
  return v;
}

function removeAt(doc: Json, path: string): Json {
  const tokens = parsePointer(path);
  const { parent, last } = resolveParent(doc, tokens, path);
  if (Array.isArray(parent)) {
    const i = Number(last);
    if (!Number.isInteger(i) || i < 0 || i >= parent.length) throw new PatchError(`Unable to remove nonexistent key: ${last}: missing value`);
    return parent.splice(i, 1)[0]!;
  }
  if (!Object.hasOwn(parent, last)) throw new PatchError(`Unable to remove nonexistent key: ${last}: missing value`);
  const v = parent[last]!;
  delete parent[last];
  return v;
}

function addAt(doc: Json, path: string, value: Json, replace: boolean): Json {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return value;
  const { parent, last } = resolveParent(doc, tokens, path);
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(i) || i < 0 || i > parent.length || (replace && i >= parent.length)) {
      throw new PatchError(`Unable to access invalid index: ${last}: invalid index referenced`);
    }
    if (replace) parent[i] = value;
    else parent.splice(i, 0, value);
  } else {
    if (replace && !Object.hasOwn(parent, last)) throw new PatchError(`doc is missing key: ${path}: missing value`);
    parent[last] = value;
  }
  return doc;
}

export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new PatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch', 400);
  let doc = structuredClone(target) as Json;
  for (const raw of ops) {
    if (!isObj(raw)) throw new PatchError('invalid JSON patch operation', 400);
    const op = raw['op'];
    const path = raw['path'] as string;
    switch (op) {
      case 'add':
        doc = addAt(doc, path, structuredClone(raw['value'] as Json), false);
        break;
      case 'replace':
        doc = addAt(doc, path, structuredClone(raw['value'] as Json), true);
        break;
      case 'remove':
        removeAt(doc, path);
        break;
      case 'move': {
        const v = removeAt(doc, raw['from'] as string);
        doc = addAt(doc, path, v, false);
        break;
      }
      case 'copy':
        doc = addAt(doc, path, structuredClone(getAt(doc, raw['from'] as string)), false);
        break;
      case 'test': {
        const v = getAt(doc, path);
        if (JSON.stringify(v) !== JSON.stringify(raw['value'])) throw new PatchError(`testing value ${path} failed: test failed`);
        break;
      }
      default:
        throw new PatchError(`Unexpected kind: ${String(op)}`, 400);
    }
  }
  return doc;
}

export const PATCH_TYPES = {
  'application/merge-patch+json': mergePatch,
  'application/strategic-merge-patch+json': strategicMergePatch,
  'application/json-patch+json': jsonPatch,
} as const;

export type PatchType = keyof typeof PATCH_TYPES;

export function applyPatch(contentType: string, target: unknown, patch: unknown): unknown {
  const fn = PATCH_TYPES[contentType as PatchType];
  if (!fn) throw new Error(`unsupported patch type ${contentType}`);
  return fn(target, patch);
}
