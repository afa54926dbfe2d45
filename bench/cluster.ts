// The cluster a benchmark runs against: the demo cluster in this process with
// N extra pods, or any cluster from a kubeconfig. Either way it can count pods
// and change one pod so that the pod table has something to redraw.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoCluster, type DemoCluster } from '../src/sources/demo/index.js';
import { resolveKubeconfig } from '../src/sources/kube/kubeconfig.js';
import { KubeTransport, httpErrorFrom } from '../src/sources/kube/transport.js';

interface PodJson {
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  status?: { conditions?: { type: string; status: string }[]; containerStatuses?: { ready?: boolean; started?: boolean }[] };
}

export interface BenchCluster {
  /** "demo, 1,000 extra pods" or "context C of FILE". */
  label: string;
  kubeconfig: string;
  context?: string;
  /** Pods across all namespaces right now, as the API lists them. */
  countPods(): Promise<number>;
  /** Names of pods `change` may touch, or undefined with the reason when changes are not possible here. */
  changeablePods(): Promise<{ names: string[] } | { reason: string }>;
  /**
   * Changes pod `name` in a way that alters what the pod table shows where possible
   * (demo: the container's readiness, so READY flips 1/1 ↔ 0/1; real clusters: an annotation, which may change nothing on screen).
   * `on` false restores it.
   */
  change(name: string, on: boolean): Promise<void>;
  /** What `change` does, for the notes. */
  changeKind: string;
  close(): Promise<void>;
}

export async function demoBenchCluster(extraPods: number): Promise<BenchCluster> {
  const demo: DemoCluster = await startDemoCluster({ port: 0, extraPods });
  const dir = mkdtempSync(join(tmpdir(), 'kdeck-bench-'));
  const kubeconfig = join(dir, 'kubeconfig');
  await demo.writeKubeconfig(kubeconfig);
  const api = new KubeTransport(resolveKubeconfig({ kubeconfig, env: {} }));
  const pods = new Map<string, PodJson>();
  const load = async () => {
    if (pods.size) return;
    const res = await api.request('/api/v1/namespaces/bench/pods');
    if (!res.ok) throw await httpErrorFrom(res);
    for (const p of ((await res.json()) as { items: PodJson[] }).items) pods.set(p.metadata.name, p);
  };
  return {
    label: `demo cluster, ${extraPods.toLocaleString('en')} extra pods`,
    kubeconfig,
    countPods: () => countPods(api),
    async changeablePods() {
      await load();
      return { names: [...pods.keys()] };
    },
    changeKind: "a container's readiness (READY 1/1 ↔ 0/1, the Ready condition with it), stored straight into the demo cluster",
    async change(name, on) {
      await load();
      const base = pods.get(name);
      if (!base) throw new Error(`no bench pod ${name}`);
      const p = structuredClone(base);
      for (const c of p.status?.containerStatuses ?? []) c.ready = !on;
      for (const c of p.status?.conditions ?? []) if (c.type === 'Ready' || c.type === 'ContainersReady') c.status = on ? 'False' : 'True';
      demo.upsertRaw('pods', p);
    },
    async close() {
      await demo.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function externalBenchCluster(kubeconfig: string, context: string | undefined, benchNamespace: string | undefined): BenchCluster {
  const resolved = resolveKubeconfig({ kubeconfig, context, env: process.env });
  const api = new KubeTransport(resolved);
  return {
    label: `context ${resolved.context.name} of ${kubeconfig}`,
    kubeconfig,
    context,
    countPods: () => countPods(api),
    async changeablePods() {
      if (!benchNamespace) return { reason: 'P4/P5 change pods, which needs --bench-namespace NS on a real cluster (pods there get an annotation patched)' };
      const res = await api.request(`/api/v1/namespaces/${encodeURIComponent(benchNamespace)}/pods`);
      if (!res.ok) throw await httpErrorFrom(res);
      const names = ((await res.json()) as { items: PodJson[] }).items.map((p) => p.metadata.name);
      return names.length ? { names } : { reason: `namespace ${benchNamespace} has no pods to change` };
    },
    changeKind: 'a merge patch of the annotation kdeck.dev/bench on a pod of --bench-namespace (a watch event; the table may not change)',
    async change(name, on) {
      const body = JSON.stringify({ metadata: { annotations: { 'kdeck.dev/bench': on ? String(Date.now()) : null } } });
      const res = await api.request(`/api/v1/namespaces/${encodeURIComponent(benchNamespace!)}/pods/${encodeURIComponent(name)}`, {
        method: 'PATCH',
        body,
        headers: { 'Content-Type': 'application/merge-patch+json' },
      });
      if (!res.ok) throw await httpErrorFrom(res);
      await res.arrayBuffer();
    },
    async close() {},
  };
}

async function countPods(api: KubeTransport): Promise<number> {
  // Paged like a client would, so a large real cluster does not need one giant response.
  let n = 0;
  let cont = '';
  do {
    const res = await api.request(`/api/v1/pods?limit=5000${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
    if (!res.ok) throw await httpErrorFrom(res);
    const body = (await res.json()) as { items: unknown[]; metadata?: { continue?: string } };
    n += body.items.length;
    cont = body.metadata?.continue ?? '';
  } while (cont);
  return n;
}
