// Rows and columns of the images view: cluster references and host images in one table.
import type { Row } from './row.js';
import type { ColumnDef } from './columns.js';
import type { Health } from './health.js';
import { healthRank } from './health.js';
import { isUnused, type CatalogEntry } from './image-catalog.js';
import { shortDigest } from './images.js';
import { humanDuration } from './age.js';
import { sanitize } from './sanitize.js';

export const CATALOG_COLUMNS: ColumnDef[] = [
  { id: 'image', title: 'REPOSITORY', min: 16, max: 60, priority: 0, grow: 2 },
  { id: 'tag', title: 'TAG', min: 6, max: 20, priority: 0 },
  { id: 'where', title: 'WHERE', min: 7, max: 7, priority: 0 },
  { id: 'pods', title: 'PODS', min: 4, max: 5, priority: 1, align: 'right' },
  { id: 'usedBy', title: 'USED BY', min: 12, max: 60, priority: 1, grow: 1 },
  { id: 'flags', title: 'FLAGS', min: 8, max: 20, priority: 0 },
  { id: 'size', title: 'SIZE', min: 7, max: 8, priority: 2, align: 'right' },
  { id: 'id', title: 'ID', min: 12, max: 19, priority: 3 },
  { id: 'created', title: 'CREATED', min: 7, max: 8, priority: 3 },
];

/** Sizes as the docker CLI prints them: decimal units, three significant figures. */
export function humanSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v >= 100 || u === 0 ? Math.round(v) : v.toFixed(v >= 10 ? 1 : 2).replace(/\.?0+$/, '')}${units[u]}`;
}

export function entryFlags(e: CatalogEntry): string[] {
  const flags: string[] = [];
  if (e.dangling) flags.push('dangling');
  if (e.latest) flags.push('latest');
  if (e.untagged) flags.push('untagged');
  if (isUnused(e)) flags.push('unused');
  return flags;
}

export function catalogRows(entries: CatalogEntry[], now: number): Row[] {
  return entries
    .map((e): Row => {
      const flags = entryFlags(e);
      const inCluster = e.pods > 0;
      const where = e.local && inCluster ? 'both' : e.local ? 'host' : 'cluster';
      const usedBy = [...e.workloads, ...e.containers.map((c) => `ctr:${c}`)].join(', ');
      const health: Health = e.latest || e.untagged ? 'warn' : isUnused(e) || e.dangling ? 'done' : 'ok';
      return {
        key: e.key,
        cells: {
          image: sanitize(e.repository),
          tag: sanitize(e.tag ?? (e.digest ? shortDigest(e.digest) : '<none>')),
          where,
          pods: e.pods ? String(e.pods) : '',
          usedBy: sanitize(usedBy),
          flags: flags.join(','),
          size: e.local ? humanSize(e.local.size) : '',
          id: e.local ? shortDigest(e.local.id) : e.digest ? shortDigest(e.digest) : '',
          created: e.local ? humanDuration(now - e.local.created * 1000) : '',
        },
        health,
        sort: { name: e.ref === '<none>' ? `~${e.key}` : e.ref, age: e.local ? e.local.created * 1000 : 0, status: healthRank(health) },
        ref: { kind: 'Image', name: e.key },
      };
    })
    .sort((a, b) => (a.sort.name < b.sort.name ? -1 : a.sort.name > b.sort.name ? 1 : 0));
}
