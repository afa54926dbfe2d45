// Shared helpers for the demo cluster's integration tests.

import { KubeConfig, PatchStrategy, setHeaderOptions, Watch } from '@kubernetes/client-node';
import type { DemoCluster } from '../../src/sources/demo/index.js';

export function kubeConfig(c: DemoCluster, context = 'kdeck-demo'): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(c.kubeconfigYaml());
  kc.setCurrentContext(context);
  return kc;
}

export function adminToken(c: DemoCluster): string {
  return /name: kdeck-admin\n\s+user:\n\s+token: (\S+)/.exec(c.kubeconfigYaml())![1]!;
}

export function setMerge() {
  return setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, rej) => (t = setTimeout(() => rej(new Error(`timed out waiting for ${what}`)), ms)))]).finally(() => clearTimeout(t));
}

export async function collectWatch(kc: KubeConfig, path: string, params: Record<string, string | number | boolean | undefined>, enough: (evs: { type: string; object: unknown }[]) => boolean): Promise<{ type: string; object: unknown }[]> {
  const evs: { type: string; object: unknown }[] = [];
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const ctl = await new Watch(kc).watch(
    path,
    params,
    (type, object) => {
      evs.push({ type, object });
      if (enough(evs)) done();
    },
    () => done(),
  );
  await withTimeout(finished, 5000, `watch ${path}`);
  ctl.abort();
  return evs;
}

/** A raw request with the admin token, for what the typed client hides (status codes, headers, bodies). */
export async function api(c: DemoCluster, method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; json: any; text: string }> {
  const res = await fetch(c.url + path, {
    method,
    headers: { authorization: `Bearer ${adminToken(c)}`, ...(body !== undefined ? { 'content-type': contentType } : {}) },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

export async function eventually<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
