// The cluster writes kdeck makes (scale, rollout undo) and the reads they
// depend on, as raw requests carrying the same content types kubectl sends.
// Objects come back as the wire JSON. Every failure is one ActionError line.
import type { Deployment, ReplicaSet } from '../../model/types.js';
import type { ResolvedKubeconfig } from './kubeconfig.js';
import { CredentialError, describeRequestError, firstLine, KubeTransport } from './transport.js';

export class ActionError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'ActionError';
  }
}

export interface KubeActions {
  getDeployment(ns: string, name: string): Promise<Deployment>;
  listReplicaSets(ns: string): Promise<ReplicaSet[]>;
  /**
   * Merge patch on deployments/NAME/scale, as `kubectl scale` sends it. With a
   * resourceVersion the server applies it only if the deployment is still at
   * that version (409 otherwise), as `kubectl scale --resource-version`.
   */
  scale(ns: string, name: string, replicas: number, opts?: WriteOptions): Promise<{ replicas: number }>;
  /** JSON patch (RFC 6902) on the deployment, as `kubectl rollout undo` sends it; resourceVersion as for scale. */
  patchDeployment(ns: string, name: string, patch: { op: string; path: string; value?: unknown }[], opts?: WriteOptions): Promise<Deployment>;
  close(): void;
}

export interface WriteOptions {
  dryRun?: boolean;
  /** Precondition: the resourceVersion the change was decided on. */
  resourceVersion?: string;
}

const TIMEOUT_MS = 30_000;

/** Sends one request and returns the parsed JSON body of a 2xx answer, or throws ActionError. */
export async function callApi(
  t: KubeTransport,
  method: string,
  pathAndQuery: string,
  body?: { contentType: string; text: string },
): Promise<unknown> {
  let res;
  try {
    res = await t.request(pathAndQuery, {
      method,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      ...(body ? { body: body.text, headers: { 'Content-Type': body.contentType } } : {}),
    });
  } catch (err) {
    throw networkError(t, err);
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    throw networkError(t, err);
  }
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const status = json as { message?: unknown; reason?: unknown } | undefined;
    const message = typeof status?.message === 'string' && status.message ? firstLine(status.message) : firstLine(text) || res.statusText || `HTTP ${res.status}`;
    throw new ActionError(message, res.status, typeof status?.reason === 'string' ? status.reason : undefined);
  }
  if (json === undefined) throw new ActionError(`${method} ${pathAndQuery.split('?')[0]}: the server sent no JSON`, res.status);
  return json;
}

function networkError(t: KubeTransport, err: unknown): ActionError {
  if (err instanceof CredentialError) return new ActionError(err.message);
  const p = describeRequestError(err);
  if (p.kind === 'timeout' || p.kind === 'aborted') return new ActionError(`no answer from ${t.server} within ${TIMEOUT_MS / 1000}s`);
  return new ActionError(`cannot reach ${t.server}: ${p.detail}`);
}

const enc = encodeURIComponent;

function deploymentPath(ns: string, name: string): string {
  return `/apis/apps/v1/namespaces/${enc(ns)}/deployments/${enc(name)}`;
}

function dryRunQuery(opts?: { dryRun?: boolean }): string {
  return opts?.dryRun ? '?dryRun=All' : '';
}

export function createKubeActions(r: ResolvedKubeconfig): KubeActions {
  let t: KubeTransport;
  try {
    t = new KubeTransport(r);
  } catch (err) {
    throw new ActionError((err as Error).message);
  }
  return {
    async getDeployment(ns, name) {
      return (await callApi(t, 'GET', deploymentPath(ns, name))) as Deployment;
    },
    async listReplicaSets(ns) {
      const items: ReplicaSet[] = [];
      let cont: string | undefined;
      do {
        const q = new URLSearchParams({ limit: '500' });
        if (cont) q.set('continue', cont);
        const body = (await callApi(t, 'GET', `/apis/apps/v1/namespaces/${enc(ns)}/replicasets?${q}`)) as {
          items?: ReplicaSet[] | null;
          metadata?: { continue?: string };
        };
        for (const rs of body.items ?? []) items.push({ ...rs, apiVersion: rs.apiVersion ?? 'apps/v1', kind: rs.kind ?? 'ReplicaSet' });
        cont = body.metadata?.continue || undefined;
      } while (cont);
      return items;
    },
    async scale(ns, name, replicas, opts) {
      if (!Number.isInteger(replicas) || replicas < 0) {
        throw new ActionError(`replicas must be a whole number of 0 or more, not ${replicas}`, undefined, 'Invalid');
      }
      const patch = opts?.resourceVersion ? { metadata: { resourceVersion: opts.resourceVersion }, spec: { replicas } } : { spec: { replicas } };
      const body = { contentType: 'application/merge-patch+json', text: JSON.stringify(patch) };
      const scale = (await callApi(t, 'PATCH', `${deploymentPath(ns, name)}/scale${dryRunQuery(opts)}`, body)) as { spec?: { replicas?: number } };
      return { replicas: scale.spec?.replicas ?? replicas };
    },
    async patchDeployment(ns, name, patch, opts) {
      // The server takes a resourceVersion in the patched object as a precondition (409 when it moved on).
      const ops = opts?.resourceVersion ? [...patch, { op: 'replace', path: '/metadata/resourceVersion', value: opts.resourceVersion }] : patch;
      const body = { contentType: 'application/json-patch+json', text: JSON.stringify(ops) };
      return (await callApi(t, 'PATCH', `${deploymentPath(ns, name)}${dryRunQuery(opts)}`, body)) as Deployment;
    },
    close() {
      t.close();
    },
  };
}
