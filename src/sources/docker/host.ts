// Finds the Docker engine the way the docker CLI does, so kdeck talks to the
// same engine as `docker ps` in the same shell. dockerode only knows
// DOCKER_HOST; contexts (what `docker context use` sets) are read here.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface DockerHost {
  url: string /* unix:///path, tcp://h:p, ssh://user@h */;
  from: 'flag' | 'DOCKER_HOST' | 'context' | 'default';
  context?: string;
  tls?: { verify: boolean; ca?: string; cert?: string; key?: string };
}

/** The host cannot be worked out (bad URL, unknown context, unreadable config); message is one user-facing line. */
export class DockerHostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DockerHostError';
  }
}

export const DEFAULT_DOCKER_URL = 'unix:///var/run/docker.sock';

/** The socket file of a unix:// host (what dockerode connects to), or undefined for tcp:// and ssh://. */
export function socketPath(host: DockerHost): string | undefined {
  const url = new URL(host.url);
  return url.protocol === 'unix:' ? decodeURIComponent(url.pathname) : undefined;
}

const SCHEMES = ['unix:', 'tcp:', 'ssh:'];

export function resolveDockerHost(opts: { flag?: string; env: NodeJS.ProcessEnv; homeDir?: string }): DockerHost {
  const env = opts.env;
  const configDir = env.DOCKER_CONFIG || path.join(opts.homeDir ?? os.homedir(), '.docker');

  if (opts.flag) return { url: checkUrl(opts.flag, '--docker-host'), from: 'flag', ...tlsFromEnv(opts.flag, env, configDir) };
  if (env.DOCKER_HOST) return { url: checkUrl(env.DOCKER_HOST, 'DOCKER_HOST'), from: 'DOCKER_HOST', ...tlsFromEnv(env.DOCKER_HOST, env, configDir) };

  const name = env.DOCKER_CONTEXT || currentContext(configDir);
  if (!name) return { url: DEFAULT_DOCKER_URL, from: 'default' };
  if (name === 'default') return { url: DEFAULT_DOCKER_URL, from: 'context', context: 'default' };
  return fromContext(name, configDir);
}

function checkUrl(url: string, where: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DockerHostError(`${where} "${url}" is not a URL (expected unix:///path, tcp://host:port or ssh://user@host)`);
  }
  if (!SCHEMES.includes(parsed.protocol)) {
    throw new DockerHostError(`${where} "${url}" uses ${parsed.protocol}//, kdeck knows unix://, tcp:// and ssh://`);
  }
  if (parsed.protocol === 'unix:' && !parsed.pathname) throw new DockerHostError(`${where} "${url}" names no socket path`);
  if (parsed.protocol !== 'unix:' && !parsed.hostname) throw new DockerHostError(`${where} "${url}" names no host`);
  return url;
}

// The CLI reads DOCKER_TLS_VERIFY/DOCKER_CERT_PATH for -H as well as for DOCKER_HOST.
function tlsFromEnv(url: string, env: NodeJS.ProcessEnv, configDir: string): Pick<DockerHost, 'tls'> {
  if (!url.startsWith('tcp:')) return {};
  const verify = !!env.DOCKER_TLS_VERIFY;
  if (!verify && !env.DOCKER_TLS) return {};
  const dir = env.DOCKER_CERT_PATH || configDir;
  return { tls: { verify, ...tlsFiles(dir) } };
}

function tlsFiles(dir: string): { ca?: string; cert?: string; key?: string } {
  const out: { ca?: string; cert?: string; key?: string } = {};
  for (const k of ['ca', 'cert', 'key'] as const) {
    const p = path.join(dir, `${k}.pem`);
    if (fs.existsSync(p)) out[k] = p;
  }
  return out;
}

function readJson(file: string, what: string): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DockerHostError(`cannot read ${what} ${file}: ${(err as Error).message}`);
  }
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch (err) {
    throw new DockerHostError(`${what} ${file} is not valid JSON: ${(err as Error).message}`);
  }
}

function currentContext(configDir: string): string | undefined {
  const config = readJson(path.join(configDir, 'config.json'), 'docker config');
  const name = config?.currentContext;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

// The CLI stores each context under the sha256 of its name, so names need no escaping.
function fromContext(name: string, configDir: string): DockerHost {
  const hash = createHash('sha256').update(name).digest('hex');
  const metaFile = path.join(configDir, 'contexts', 'meta', hash, 'meta.json');
  const meta = readJson(metaFile, `docker context "${name}"`);
  if (!meta) throw new DockerHostError(`docker context "${name}" not found (no ${metaFile}); see \`docker context ls\``);
  const endpoints = meta.Endpoints as Record<string, { Host?: unknown; SkipTLSVerify?: unknown }> | undefined;
  const ep = endpoints?.docker;
  const host = typeof ep?.Host === 'string' && ep.Host !== '' ? ep.Host : undefined;
  if (!host) throw new DockerHostError(`docker context "${name}" has no Docker endpoint host in ${metaFile}`);
  const url = checkUrl(host, `docker context "${name}" host`);
  const skip = ep?.SkipTLSVerify === true;
  const files = tlsFiles(path.join(configDir, 'contexts', 'tls', hash, 'docker'));
  const hasFiles = Object.keys(files).length > 0;
  const result: DockerHost = { url, from: 'context', context: name };
  if (url.startsWith('tcp:') && (hasFiles || skip)) result.tls = { verify: !skip, ...files };
  return result;
}
