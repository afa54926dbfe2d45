// Paginated list of one kind: the RESET snapshot and the resourceVersion to watch from.
import type { KubeObject, ResourceKind } from '../../model/types.js';
import { adoptObject, collectionPath } from './resources.js';
import { httpErrorFrom, type KubeTransport } from './transport.js';

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
}

interface ListBody {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: KubeObject[] | null;
}

export async function listAll(
  t: KubeTransport,
  kind: ResourceKind,
  opts: { namespace?: string; fieldSelector?: string; pageSize: number; signal: AbortSignal },
): Promise<ListResult> {
  const items: KubeObject[] = [];
  let cont: string | undefined;
  let resourceVersion = '';
  do {
    const q = new URLSearchParams({ limit: String(opts.pageSize) });
    if (cont) q.set('continue', cont);
    if (opts.fieldSelector) q.set('fieldSelector', opts.fieldSelector);
    const res = await t.request(`${collectionPath(kind, opts.namespace)}?${q}`, { signal: opts.signal });
    if (!res.ok) throw await httpErrorFrom(res);
    const body = (await res.json()) as ListBody;
    for (const o of body.items ?? []) items.push(adoptObject(kind, o));
    resourceVersion = body.metadata?.resourceVersion ?? resourceVersion;
    cont = body.metadata?.continue || undefined;
  } while (cont);
  return { items, resourceVersion };
}
