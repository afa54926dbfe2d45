// Local manifests as kubectl reads them for `diff` and `apply`: a stream of
// YAML (or JSON) documents, empty ones skipped, `kind: List` flattened.
// Every failure names the file and the document, so a 300-line manifest
// with one bad indent points the user at it.
import { parseAllDocuments } from 'yaml';

export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

export interface ManifestObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: unknown };
  [k: string]: unknown;
}

export interface ManifestDoc {
  /** 1-based position of the document in the file; items of a List share their List's index. */
  index: number;
  object: ManifestObject;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function oneLine(s: string): string {
  const line = s.split('\n')[0]!.trim();
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

function checkObject(v: unknown, where: string): ManifestObject {
  if (!isMap(v)) throw new ManifestError(`${where}: not a Kubernetes object (expected a mapping with apiVersion, kind and metadata)`);
  if (typeof v.apiVersion !== 'string' || v.apiVersion === '') throw new ManifestError(`${where}: missing apiVersion`);
  if (typeof v.kind !== 'string' || v.kind === '') throw new ManifestError(`${where}: missing kind`);
  const meta = v.metadata;
  if (!isMap(meta) || typeof meta.name !== 'string' || meta.name === '') {
    throw new ManifestError(`${where}: ${v.kind} has no metadata.name`);
  }
  if (meta.namespace !== undefined && (typeof meta.namespace !== 'string')) throw new ManifestError(`${where}: metadata.namespace must be a string`);
  return v as ManifestObject;
}

export function parseManifest(text: string, file: string): ManifestDoc[] {
  const docs = parseAllDocuments(text, { uniqueKeys: true });
  // An empty stream comes back as a non-array EmptyStream.
  if (!Array.isArray(docs)) return [];
  const out: ManifestDoc[] = [];
  docs.forEach((doc, i) => {
    const index = i + 1;
    const where = `${file}: document ${index}`;
    const err = doc.errors[0];
    if (err) {
      const line = err.linePos?.[0].line;
      const what = oneLine(err.message).replace(/ at line \d+, column \d+:?$/, '');
      throw new ManifestError(`${where}: not valid YAML (${line ? `line ${line}: ` : ''}${what})`);
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      throw new ManifestError(`${where}: not valid YAML (${oneLine((e as Error).message)})`);
    }
    if (value === null || value === undefined) return;
    if (isMap(value) && value.kind === 'List' && typeof value.apiVersion === 'string') {
      const items = value.items ?? [];
      if (!Array.isArray(items)) throw new ManifestError(`${where}: List items must be a list`);
      items.forEach((item, j) => out.push({ index, object: checkObject(item, `${where}: item ${j + 1}`) }));
      return;
    }
    out.push({ index, object: checkObject(value, where) });
  });
  return out;
}
