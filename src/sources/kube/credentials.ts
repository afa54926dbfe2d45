// What a request to the API server carries to prove who it is. Tokens, client
// certificates, basic auth and the cluster's CA are read straight from the
// resolved kubeconfig, as client-node would. Exec plugins, auth providers
// (OIDC, …) and proxies go through client-node, which is then loaded: it is
// the largest library kdeck carries (~11 MB of memory at start), and most
// kubeconfigs on a jump host do not need it.
import fs from 'node:fs';
import type https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ResolvedKubeconfig } from './kubeconfig.js';

export type AuthOptions = https.RequestOptions & { headers?: Record<string, string> };

export function needsClientNode(r: ResolvedKubeconfig): boolean {
  return Boolean(r.user.exec || r.user.authProvider || r.cluster.proxyUrl);
}

const configs = new WeakMap<ResolvedKubeconfig, Promise<KubeConfig>>();

/** client-node's view of the chosen context: only its cluster and user, so a broken entry elsewhere cannot matter. */
export function clientNodeConfig(r: ResolvedKubeconfig): Promise<KubeConfig> {
  let kc = configs.get(r);
  if (!kc) {
    kc = import('./client-node-parts.js').then(({ KubeConfig }) => {
      const config = new KubeConfig();
      config.loadFromOptions({ clusters: [r.cluster], users: [r.user], contexts: [r.kubeContext], currentContext: r.kubeContext.name });
      return config;
    });
    configs.set(r, kc);
  }
  return kc;
}

function fileOrData(file: string | undefined, data: string | undefined): Buffer | undefined {
  if (file) return fs.readFileSync(file);
  if (data) return Buffer.from(data, 'base64');
  return undefined;
}

/**
 * Fills TLS material and headers into `opts`. Throws what reading a file
 * throws (ENOENT with its path) or what an exec plugin or auth provider failed
 * with; client-node's refusal of plain-http servers is left to the caller.
 */
export async function applyCredentials(r: ResolvedKubeconfig, opts: AuthOptions): Promise<void> {
  if (needsClientNode(r)) {
    await (await clientNodeConfig(r)).applyToHTTPSOptions(opts);
    return;
  }
  const { cluster, user } = r;
  if (cluster.skipTLSVerify) opts.rejectUnauthorized = false;
  if (cluster.tlsServerName) opts.servername = cluster.tlsServerName;
  const ca = fileOrData(cluster.caFile, cluster.caData);
  if (ca) opts.ca = ca;
  const cert = fileOrData(user.certFile, user.certData);
  if (cert) opts.cert = cert;
  const key = fileOrData(user.keyFile, user.keyData);
  if (key) opts.key = key;
  opts.headers ??= {};
  if (user.impersonateUser != null) opts.headers['Impersonate-User'] = user.impersonateUser;
  if (user.token) opts.headers.Authorization = `Bearer ${user.token}`;
  if (user.username) opts.auth = `${user.username}:${user.password ?? ''}`;
}
