// One catalogue of images across the cluster and the Docker host: which
// references the cluster runs, which images the host holds, and who uses each.
import type { DockerContainer, DockerImage, DockerSnapshot } from './docker-types.js';
import type { ResourceMaps } from './types.js';
import type { Scope } from './row.js';
import { parseImageRef } from './images.js';
import { podInfo } from './pod-info.js';
import { podWorkload } from './rows-images.js';
import { podsInScope } from './scope.js';

/**
 * The key a reference is matched by: docker's short form, with an implicit
 * `:latest` and the docker.io/library prefixes a pod spec may spell out.
 */
export function matchKey(ref: string): string {
  let r = ref.trim();
  r = r.replace(/^docker\.io\/library\//, '').replace(/^index\.docker\.io\/library\//, '').replace(/^docker\.io\//, '');
  const p = parseImageRef(r);
  if (p.digest) return `${p.registry ? p.registry + '/' : ''}${p.repository}@${p.digest}`;
  return `${p.registry ? p.registry + '/' : ''}${p.repository}:${p.tag ?? 'latest'}`;
}

export interface CatalogEntry {
  /** Row identity: the reference for tagged entries, the image id for dangling ones. */
  key: string;
  /** What is shown: the reference as the cluster or the host names it. */
  ref: string;
  repository: string;
  tag?: string;
  digest?: string;
  /** The host's image, when it has one. */
  local?: DockerImage;
  /** Cluster use: workloads ("ns/name") and pod count. */
  workloads: string[];
  pods: number;
  /** Host containers using it (names). */
  containers: string[];
  latest: boolean;
  untagged: boolean;
  dangling: boolean;
}

export function isUnused(e: CatalogEntry): boolean {
  return e.pods === 0 && e.containers.length === 0;
}

function containersByImage(containers: DockerContainer[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const c of containers) {
    const list = m.get(c.imageId) ?? [];
    list.push(c.name);
    m.set(c.imageId, list);
  }
  return m;
}

/**
 * Every image reference the pods in scope run, joined with every image on
 * the host. A host image with several tags gives one entry per tag, as
 * `docker images` lists them; a dangling image gives one entry.
 */
export function imageCatalog(res: ResourceMaps, docker: DockerSnapshot | undefined, scope: Scope): CatalogEntry[] {
  const cluster = new Map<string, { ref: string; pods: number; workloads: Set<string> }>();
  for (const pod of podsInScope(res, scope)) {
    const workload = podWorkload(pod, res);
    for (const image of podInfo(pod).images) {
      const k = matchKey(image);
      let e = cluster.get(k);
      if (!e) cluster.set(k, (e = { ref: image, pods: 0, workloads: new Set() }));
      e.pods++;
      e.workloads.add(workload);
    }
  }
  const entries: CatalogEntry[] = [];
  const seen = new Set<string>();
  const users = containersByImage(docker?.containers ?? []);
  const scoped = scope.namespace !== undefined || scope.deployment !== undefined;
  for (const img of docker?.images ?? []) {
    const refs = img.repoTags.length > 0 ? img.repoTags : [];
    const keys = [...refs.map(matchKey), ...img.repoDigests.map(matchKey)];
    const used = keys.map((k) => cluster.get(k)).filter((x) => x !== undefined);
    // Narrowed to a namespace or deployment, only images the scope runs belong here.
    if (scoped && used.length === 0) continue;
    const containers = users.get(img.id) ?? [];
    if (refs.length === 0) {
      const digestUse = img.repoDigests.map((d) => cluster.get(matchKey(d))).find((x) => x);
      for (const d of img.repoDigests) seen.add(matchKey(d));
      entries.push({
        key: img.id,
        ref: '<none>',
        repository: '<none>',
        local: img,
        workloads: digestUse ? [...digestUse.workloads].sort() : [],
        pods: digestUse?.pods ?? 0,
        containers,
        latest: false,
        untagged: false,
        dangling: true,
      });
      continue;
    }
    for (const ref of refs) {
      const k = matchKey(ref);
      const use = cluster.get(k) ?? img.repoDigests.map((d) => cluster.get(matchKey(d))).find((x) => x);
      seen.add(k);
      for (const d of img.repoDigests) seen.add(matchKey(d));
      const p = parseImageRef(ref);
      entries.push({
        key: ref,
        ref,
        repository: p.registry ? `${p.registry}/${p.repository}` : p.repository,
        tag: p.tag,
        local: img,
        workloads: use ? [...use.workloads].sort() : [],
        pods: use?.pods ?? 0,
        containers,
        latest: p.tag === 'latest',
        untagged: false,
        dangling: false,
      });
    }
  }
  for (const [k, e] of cluster) {
    if (seen.has(k)) continue;
    const p = parseImageRef(e.ref);
    entries.push({
      key: e.ref,
      ref: e.ref,
      repository: p.registry ? `${p.registry}/${p.repository}` : p.repository,
      tag: p.tag,
      digest: p.digest,
      workloads: [...e.workloads].sort(),
      pods: e.pods,
      containers: [],
      latest: p.isLatest,
      untagged: p.isUntagged,
      dangling: false,
    });
  }
  if (scope.image !== undefined) return entries.filter((e) => e.key === scope.image || e.ref === scope.image);
  return entries;
}
