// Kind → resource, as kubectl's RESTMapper finds it: one discovery document
// per group/version, fetched once per run.
import { ActionError, callApi } from './actions.js';
import type { KubeTransport } from './transport.js';

export interface ResourceMapping {
  group: string;
  version: string;
  kind: string;
  /** The plural resource name used in URLs, e.g. "deployments". */
  resource: string;
  namespaced: boolean;
}

interface ResourceList {
  resources?: { name: string; kind: string; namespaced: boolean }[];
}

export class Discovery {
  private readonly lists = new Map<string, Promise<ResourceList | undefined>>();

  constructor(private readonly t: KubeTransport) {}

  /** undefined when the server does not serve that kind in that apiVersion. */
  async lookup(apiVersion: string, kind: string): Promise<ResourceMapping | undefined> {
    const list = await this.resourceList(apiVersion);
    const hit = list?.resources?.find((r) => r.kind === kind && !r.name.includes('/'));
    if (!hit) return undefined;
    const slash = apiVersion.indexOf('/');
    return {
      group: slash < 0 ? '' : apiVersion.slice(0, slash),
      version: slash < 0 ? apiVersion : apiVersion.slice(slash + 1),
      kind,
      resource: hit.name,
      namespaced: hit.namespaced,
    };
  }

  private resourceList(apiVersion: string): Promise<ResourceList | undefined> {
    let p = this.lists.get(apiVersion);
    if (!p) {
      const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      p = (callApi(this.t, 'GET', path) as Promise<ResourceList>).catch((e: unknown) => {
        // A group/version the server does not have is an unknown kind, not a failure.
        if (e instanceof ActionError && e.status === 404) return undefined;
        throw e;
      });
      this.lists.set(apiVersion, p);
    }
    return p;
  }
}

/** URL of an object (or, without name, its collection). */
export function resourcePath(m: ResourceMapping, namespace: string | undefined, name?: string): string {
  const base = m.group ? `/apis/${m.group}/${m.version}` : `/api/${m.version}`;
  const scope = m.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${scope}/${m.resource}${name !== undefined ? `/${encodeURIComponent(name)}` : ''}`;
}
