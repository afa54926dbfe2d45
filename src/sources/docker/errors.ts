// Turns whatever dockerode or the socket threw into the one line the Docker
// views show; the engine's own message is kept when there is one, because
// it names the container or image that is in the way.
import fs from 'node:fs';
import { socketPath, type DockerHost } from './host.js';

/** One user-facing line, no stack. */
export class DockerError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'DockerError';
  }
}

const UNREACHABLE = new Set(['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ENOTSOCK']);

function oneLine(s: string): string {
  const line = s.split('\n').find((l) => l.trim() !== '') ?? s;
  return line.length > 300 ? `${line.slice(0, 297)}...` : line.trim();
}

export function toDockerError(err: unknown, host: DockerHost): DockerError {
  if (err instanceof DockerError) return err;
  const e = err as { code?: unknown; statusCode?: unknown; json?: unknown; message?: unknown; name?: unknown; syscall?: unknown; reason?: unknown };
  if (typeof e?.statusCode === 'number') {
    const json = e.json as { message?: unknown } | undefined;
    const engine = json && typeof json === 'object' && typeof json.message === 'string' ? json.message : undefined;
    // dockerode wraps as "(HTTP code 409) conflict - <engine message> "; the engine's words are what users know.
    const fallback = String(e.message ?? '').replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, '');
    return new DockerError(oneLine(engine ?? (fallback || `HTTP ${e.statusCode}`)), e.statusCode);
  }
  if (e?.name === 'TimeoutError') return new DockerError(`no answer from the Docker engine at ${host.url} (timed out): is it reachable?`);
  const code = typeof e?.code === 'string' ? e.code : undefined;
  if (code === 'EACCES' || code === 'EPERM') {
    return new DockerError(`permission denied on ${host.url}: add yourself to the docker group`);
  }
  const sock = socketPath(host);
  if (sock && (code === 'ECONNREFUSED' || code === 'ENOTSOCK')) {
    // connect() on a regular file also says ECONNREFUSED; say what is really wrong.
    try {
      if (!fs.statSync(sock).isSocket()) return new DockerError(`${sock} is not a socket: check DOCKER_HOST or the docker context`);
    } catch {
      // gone meanwhile: the generic message below fits
    }
  }
  if (code && (UNREACHABLE.has(code) || String(e.syscall ?? '') === 'connect')) {
    return new DockerError(`no Docker engine at ${host.url} (connect ${code}): is dockerd running?`);
  }
  if (code?.startsWith('ERR_TLS') || code?.startsWith('ERR_SSL') || code?.includes('CERT')) {
    return new DockerError(`TLS to ${host.url} failed (${code}): check DOCKER_CERT_PATH or the context's certificates`);
  }
  const msg = oneLine(String(e?.message ?? err));
  return new DockerError(code && !msg.includes(code) ? `${msg} (${code})` : msg || 'unknown Docker error');
}
