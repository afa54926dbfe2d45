// Kubeconfig resolution as kubectl does it. client-node's loadFromDefault and
// mergeConfig disagree with kubectl (they throw on duplicate names and let the
// last file's current-context win), so the files are merged here and handed to
// client-node already resolved.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Cluster, Context, User } from '@kubernetes/client-node';
import { parse as parseYaml, YAMLParseError } from 'yaml';

export interface ContextInfo {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
  server?: string;
}

export interface ResolvedKubeconfig {
  /** The chosen context's cluster, user and context, in client-node's shapes (credentials.ts hands them to it when needed). */
  cluster: Cluster;
  user: User;
  kubeContext: Context;
  context: ContextInfo;
  contexts: ContextInfo[];
  namespace: string;
  files: string[];
  authMethod: string;
}

export class KubeconfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeconfigError';
  }
}

type RawMap = Record<string, unknown>;

interface MergedConfig {
  clusters: Map<string, RawMap>;
  users: Map<string, RawMap>;
  contexts: Map<string, RawMap>;
  currentContext?: string;
  files: string[];
}

// withContext needs the merged raw config again; keeping it off the public
// shape lets callers treat ResolvedKubeconfig as plain data.
const mergedByResolved = new WeakMap<ResolvedKubeconfig, MergedConfig>();

function isMap(v: unknown): v is RawMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readConfigFile(file: string): RawMap | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EISDIR') throw new KubeconfigError(`kubeconfig ${file}: is a directory, not a file`);
    throw new KubeconfigError(`kubeconfig ${file}: cannot read (${code ?? (err as Error).message})`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    if (err instanceof YAMLParseError) {
      const line = err.linePos?.[0].line;
      const what = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      throw new KubeconfigError(`kubeconfig ${file}: not valid YAML (${line ? `line ${line}: ` : ''}${what})`);
    }
    throw new KubeconfigError(`kubeconfig ${file}: not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  // An empty file is an empty config to kubectl, not an error.
  if (doc === null || doc === undefined) return {};
  if (!isMap(doc)) throw new KubeconfigError(`kubeconfig ${file}: not a kubeconfig (expected a YAML mapping at the top)`);
  return doc;
}

function resolvePath(dir: string, p: unknown): unknown {
  if (typeof p !== 'string' || p === '' || path.isAbsolute(p)) return p;
  if (p.startsWith('~/')) return path.join(os.homedir(), p.slice(2));
  return path.join(dir, p);
}

// Relative paths inside a kubeconfig are relative to the file that holds them,
// which only matters once several files from different folders are merged.
function absolutize(section: 'cluster' | 'user', entry: RawMap, dir: string): RawMap {
  const body = entry[section];
  if (!isMap(body)) return entry;
  const out: RawMap = { ...body };
  const keys = section === 'cluster' ? ['certificate-authority'] : ['client-certificate', 'client-key', 'tokenFile', 'token-file'];
  for (const k of keys) if (k in out) out[k] = resolvePath(dir, out[k]);
  if (section === 'user' && isMap(out.exec)) {
    const cmd = out.exec.command;
    // kubectl: a bare command name is looked up on PATH; one with a slash is a path.
    if (typeof cmd === 'string' && cmd.includes('/') && !path.isAbsolute(cmd)) {
      out.exec = { ...out.exec, command: path.join(dir, cmd) };
    }
  }
  return { ...entry, [section]: out };
}

function mergeFiles(files: string[], mustExist: boolean): MergedConfig {
  const merged: MergedConfig = { clusters: new Map(), users: new Map(), contexts: new Map(), files: [] };
  for (const file of files) {
    const doc = readConfigFile(file);
    if (doc === undefined) {
      if (mustExist) throw new KubeconfigError(`kubeconfig ${file}: no such file`);
      continue;
    }
    merged.files.push(file);
    const dir = path.dirname(file);
    for (const [listKey, section, target] of [
      ['clusters', 'cluster', merged.clusters],
      ['users', 'user', merged.users],
      ['contexts', 'context', merged.contexts],
    ] as const) {
      const list = doc[listKey];
      if (list === undefined || list === null) continue;
      if (!Array.isArray(list)) throw new KubeconfigError(`kubeconfig ${file}: "${listKey}" must be a list`);
      for (const entry of list) {
        if (!isMap(entry) || typeof entry.name !== 'string' || entry.name === '') {
          throw new KubeconfigError(`kubeconfig ${file}: an entry in "${listKey}" has no name`);
        }
        // First file wins for a name, as in kubectl.
        if (target.has(entry.name)) continue;
        target.set(entry.name, section === 'context' ? entry : absolutize(section, entry, dir));
      }
    }
    const cur = doc['current-context'];
    if (merged.currentContext === undefined && typeof cur === 'string' && cur !== '') merged.currentContext = cur;
  }
  return merged;
}

function contextList(m: MergedConfig): ContextInfo[] {
  const out: ContextInfo[] = [];
  for (const [name, entry] of m.contexts) {
    const c = isMap(entry.context) ? entry.context : {};
    const cluster = typeof c.cluster === 'string' ? c.cluster : '';
    const clusterBody = m.clusters.get(cluster)?.cluster;
    const server = isMap(clusterBody) && typeof clusterBody.server === 'string' ? clusterBody.server : undefined;
    const info: ContextInfo = { name, cluster, user: typeof c.user === 'string' ? c.user : '' };
    if (typeof c.namespace === 'string' && c.namespace !== '') info.namespace = c.namespace;
    if (server !== undefined) info.server = server;
    out.push(info);
  }
  return out;
}

function namesHint(contexts: ContextInfo[]): string {
  return contexts.length ? `contexts: ${contexts.map((c) => c.name).join(', ')}` : 'it defines no contexts';
}

function toCluster(name: string, raw: RawMap, where: string): Cluster {
  const c = isMap(raw.cluster) ? raw.cluster : {};
  if (typeof c.server !== 'string' || c.server === '') {
    throw new KubeconfigError(`cluster "${name}" in ${where} has no server`);
  }
  return {
    name,
    server: c.server.replace(/\/$/, ''),
    caData: str(c['certificate-authority-data']),
    caFile: str(c['certificate-authority']),
    skipTLSVerify: c['insecure-skip-tls-verify'] === true,
    tlsServerName: str(c['tls-server-name']),
    proxyUrl: str(c['proxy-url']),
  };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function execEnv(exec: RawMap): RawMap {
  // kubectl tells plugins how they are run; plugins like kubelogin read it to
  // decide whether they may prompt. kdeck owns the terminal, so never.
  const env = Array.isArray(exec.env) ? [...exec.env] : [];
  if (!env.some((e) => isMap(e) && e.name === 'KUBERNETES_EXEC_INFO')) {
    env.push({
      name: 'KUBERNETES_EXEC_INFO',
      value: JSON.stringify({
        apiVersion: typeof exec.apiVersion === 'string' ? exec.apiVersion : 'client.authentication.k8s.io/v1',
        kind: 'ExecCredential',
        spec: { interactive: false },
      }),
    });
  }
  return { ...exec, env };
}

function toUser(name: string, raw: RawMap | undefined, where: string): User {
  const u = raw && isMap(raw.user) ? raw.user : {};
  let token = str(u.token);
  const tokenFile = str(u.tokenFile) ?? str(u['token-file']);
  if (!token && tokenFile) {
    try {
      token = fs.readFileSync(tokenFile, 'utf8').trim();
    } catch (err) {
      throw new KubeconfigError(`user "${name}" in ${where}: cannot read tokenFile ${tokenFile} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  return {
    name,
    certData: str(u['client-certificate-data']),
    certFile: str(u['client-certificate']),
    keyData: str(u['client-key-data']),
    keyFile: str(u['client-key']),
    token,
    username: str(u.username),
    password: str(u.password),
    impersonateUser: str(u.as),
    exec: isMap(u.exec) ? execEnv(u.exec) : undefined,
    authProvider: isMap(u['auth-provider']) ? u['auth-provider'] : undefined,
  };
}

function describeAuth(user: User): string {
  if (user.exec) {
    const cmd = typeof user.exec.command === 'string' ? path.basename(user.exec.command) : '?';
    return `exec plugin (${cmd})`;
  }
  if (user.authProvider) {
    const n = typeof user.authProvider.name === 'string' ? user.authProvider.name : '?';
    return n === 'oidc' ? 'oidc' : `auth provider (${n})`;
  }
  if (user.token) return 'token';
  if (user.certData || user.certFile) return 'client certificate';
  if (user.username) return 'basic';
  return 'none';
}

function build(m: MergedConfig, contextName: string | undefined, nsOverride: string | undefined, explicitContext: boolean): ResolvedKubeconfig {
  const where = m.files.length === 1 ? `kubeconfig ${m.files[0]}` : `kubeconfig (${m.files.join(', ')})`;
  const contexts = contextList(m);
  if (contexts.length === 0) throw new KubeconfigError(`${where} defines no contexts`);
  if (!contextName) {
    throw new KubeconfigError(`kubeconfig has no current context; pass --context (${namesHint(contexts)})`);
  }
  const info = contexts.find((c) => c.name === contextName);
  if (!info) {
    const why = explicitContext ? '' : ' (it is the current-context)';
    throw new KubeconfigError(`context "${contextName}"${why} not found in kubeconfig (${namesHint(contexts)})`);
  }
  const clusterRaw = m.clusters.get(info.cluster);
  if (!clusterRaw) {
    throw new KubeconfigError(`context "${info.name}" refers to cluster "${info.cluster}", which is not in ${where}`);
  }
  const userRaw = info.user ? m.users.get(info.user) : undefined;
  if (info.user && !userRaw) {
    throw new KubeconfigError(`context "${info.name}" refers to user "${info.user}", which is not in ${where}`);
  }
  const cluster = toCluster(info.cluster, clusterRaw, where);
  const user = toUser(info.user || 'anonymous', userRaw, where);
  const context: Context = { name: info.name, cluster: cluster.name, user: user.name, namespace: info.namespace };

  // Only the chosen context's cluster and user are converted: a broken entry
  // for some other context must not stop this one from working, as in kubectl.
  const r: ResolvedKubeconfig = {
    cluster,
    user,
    kubeContext: context,
    context: info,
    contexts,
    namespace: nsOverride || info.namespace || 'default',
    files: [...m.files],
    authMethod: describeAuth(user),
  };
  mergedByResolved.set(r, m);
  return r;
}

export function resolveKubeconfig(opts: {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
}): ResolvedKubeconfig {
  const env = opts.env ?? process.env;
  let merged: MergedConfig;
  if (opts.kubeconfig) {
    merged = mergeFiles([path.resolve(opts.kubeconfig)], true);
  } else if (env.KUBECONFIG) {
    const files = env.KUBECONFIG.split(path.delimiter).filter((f) => f !== '').map((f) => path.resolve(f));
    const unique = [...new Set(files)];
    merged = mergeFiles(unique, false);
    if (merged.files.length === 0) {
      throw new KubeconfigError(`none of the KUBECONFIG files exist: ${unique.join(', ')}`);
    }
  } else {
    const home = opts.homeDir ?? env.HOME ?? os.homedir();
    const file = path.join(home, '.kube', 'config');
    if (!fs.existsSync(file)) {
      throw new KubeconfigError(`no kubeconfig: ${file} does not exist; set KUBECONFIG or pass --kubeconfig`);
    }
    merged = mergeFiles([file], true);
  }
  return build(merged, opts.context || merged.currentContext, opts.namespace, Boolean(opts.context));
}

/** Switches to another context of the same kubeconfig files; the namespace is that context's own. */
export function withContext(r: ResolvedKubeconfig, contextName: string): ResolvedKubeconfig {
  const m = mergedByResolved.get(r);
  if (!m) throw new KubeconfigError('cannot switch context: this kubeconfig was not loaded by kdeck');
  return build(m, contextName, undefined, true);
}
