// Raw HTTP to the API server with client-node's authentication. Raw requests
// (rather than client-node's typed APIs) keep objects as the wire JSON, with
// timestamps as strings, and let a watch stream be read chunk by chunk.
import { STATUS_CODES } from 'node:http';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Agent, fetch, request, type Dispatcher, type Response } from 'undici';
import type { ResolvedKubeconfig } from './kubeconfig.js';
import { applyCredentials, clientNodeConfig, type AuthOptions } from './credentials.js';

/** A non-2xx answer; message is the server's Status message (first line) or the status text. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Credentials could not be produced (exec plugin, OIDC refresh, unreadable cert file); message is one user-facing line. */
export class CredentialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialError';
  }
}

export interface RequestProblem {
  kind: 'unreachable' | 'timeout' | 'tls' | 'aborted';
  detail: string;
}

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH|ERR_OSSL)/;

/** Turns what fetch (or a body read) threw into one short line; no stacks. */
export function describeRequestError(err: unknown): RequestProblem {
  const e = err as { name?: string; message?: string; cause?: unknown };
  if (e?.name === 'TimeoutError') return { kind: 'timeout', detail: 'timed out' };
  if (e?.name === 'AbortError') return { kind: 'aborted', detail: 'aborted' };
  const cause = (e?.cause ?? e) as { code?: string; message?: string; name?: string };
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const msg = firstLine(cause?.message ?? String(err));
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT') return { kind: 'timeout', detail: msg };
  if (code && TLS_CODE.test(code)) return { kind: 'tls', detail: msg.includes(code) ? msg : `${msg} (${code})` };
  if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET') return { kind: 'unreachable', detail: `connection lost (${msg})` };
  if (code && !msg.includes(code)) return { kind: 'unreachable', detail: `${msg} (${code})` };
  return { kind: 'unreachable', detail: msg };
}

export function firstLine(s: string): string {
  const line = s.split('\n').find((l) => l.trim() !== '') ?? s;
  return line.length > 200 ? `${line.slice(0, 197)}...` : line.trim();
}

/** Reads a failed response's body for the Status message; always consumes the body. */
export async function httpErrorFrom(res: Pick<Response, 'status' | 'statusText' | 'text'>): Promise<HttpError> {
  let message = '';
  try {
    const text = await res.text();
    try {
      const status = JSON.parse(text) as { message?: unknown };
      if (typeof status.message === 'string') message = status.message;
    } catch {
      message = text;
    }
  } catch {
    // the body is only a nicer message; the status code is what matters
  }
  message = firstLine(message);
  return new HttpError(res.status, message || res.statusText || `HTTP ${res.status}`);
}

/** A response whose body is read as it arrives (KubeTransport.stream). */
export interface StreamResponse {
  status: number;
  ok: boolean;
  statusText: string;
  /** Node's stream of the body; destroy it to end the request early. */
  body: Readable;
  text(): Promise<string>;
}

function keyOf(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Buffer.isBuffer(v)) return v.toString('base64');
  return String(v);
}

export class KubeTransport {
  readonly server: string;
  private dispatcher: Dispatcher | undefined;
  private dispatcherKey: string | undefined;
  private closed = false;

  constructor(readonly r: ResolvedKubeconfig) {
    this.server = r.cluster.server;
  }

  /** Authenticated GET (or other method) of a path with query, relative to the server URL. */
  async request(pathAndQuery: string, init: { signal?: AbortSignal; method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Response> {
    const { headers, dispatcher } = await this.prepare();
    return fetch(this.server + pathAndQuery, {
      method: init.method ?? 'GET',
      headers: { ...headers, ...init.headers },
      body: init.body,
      signal: init.signal,
      dispatcher,
    });
  }

  /**
   * Authenticated GET whose body is a Node stream. A watch gets one network
   * chunk per event, and fetch's web stream (a reader, promises and a decoder
   * per chunk) cost more CPU on a busy cluster than parsing the events did.
   */
  async stream(pathAndQuery: string, init: { signal?: AbortSignal } = {}): Promise<StreamResponse> {
    const { headers, dispatcher } = await this.prepare();
    const res = await request(this.server + pathAndQuery, {
      method: 'GET',
      headers,
      signal: init.signal,
      ...(dispatcher ? { dispatcher } : {}),
    });
    const ok = res.statusCode >= 200 && res.statusCode < 300;
    return { status: res.statusCode, ok, statusText: STATUS_CODES[res.statusCode] ?? '', body: res.body, text: () => res.body.text() };
  }

  close(): void {
    this.closed = true;
    const d = this.dispatcher;
    this.dispatcher = undefined;
    if (d) d.destroy().catch(() => undefined);
  }

  private async prepare(): Promise<{ headers: Record<string, string>; dispatcher: Dispatcher | undefined }> {
    if (this.closed) throw Object.assign(new Error('transport closed'), { name: 'AbortError' });
    const opts: AuthOptions = { headers: {} };
    try {
      // Runs the exec/OIDC authenticators (which cache their tokens) and fills
      // in TLS material. It then refuses plain http servers unless
      // insecure-skip-tls-verify is set; kubectl allows http, so that refusal
      // is ignored: by then everything needed has been filled in.
      await applyCredentials(this.r, opts);
    } catch (err) {
      if (!(err instanceof Error && err.message.startsWith('HTTP protocol is not allowed'))) {
        throw new CredentialError(this.credentialFailure(err));
      }
    }
    // Every request's headers: what kdeck is and accepts, then the credentials'.
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'kdeck' };
    for (const [k, v] of Object.entries(opts.headers ?? {})) if (v !== undefined) headers[k] = String(v);
    if (typeof opts.auth === 'string' && !headers.Authorization) {
      headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    }
    return { headers, dispatcher: await this.dispatcherFor(opts) };
  }

  private async dispatcherFor(opts: AuthOptions): Promise<Dispatcher | undefined> {
    const tls = { ca: opts.ca, cert: opts.cert, key: opts.key, rejectUnauthorized: opts.rejectUnauthorized, servername: opts.servername };
    // An exec plugin may hand out a new client certificate; then the pooled
    // connections carry the old identity and must be replaced.
    const key = [tls.ca, tls.cert, tls.key, tls.rejectUnauthorized, tls.servername].map(keyOf).join('|');
    if (this.dispatcher && key === this.dispatcherKey) return this.dispatcher;
    this.dispatcher?.destroy().catch(() => undefined);
    this.dispatcherKey = key;
    if (this.r.cluster.proxyUrl) {
      // client-node knows http and socks proxies; let it build that dispatcher.
      const { HttpMethod, RequestContext } = await import('./client-node-parts.js');
      const ctx = new RequestContext(this.server, HttpMethod.GET);
      await (await clientNodeConfig(this.r)).applySecurityAuthentication(ctx);
      this.dispatcher = ctx.getDispatcher() as Dispatcher | undefined;
    } else {
      const connect: Record<string, unknown> = { keepAlive: true, keepAliveInitialDelay: 30_000 };
      for (const [k, v] of Object.entries(tls)) if (v !== undefined && v !== null) connect[k] = v;
      this.dispatcher = new Agent({ connect });
    }
    return this.dispatcher;
  }

  private credentialFailure(err: unknown): string {
    const ctx = `context "${this.r.context.name}"`;
    const e = err as NodeJS.ErrnoException;
    const { user } = this.r;
    if (e?.syscall?.startsWith('spawn') || (user?.exec && e?.syscall !== 'open')) {
      const cmd = typeof user?.exec?.command === 'string' ? path.basename(user.exec.command) : 'exec';
      const why = e?.code === 'ENOENT' && e.syscall?.startsWith('spawn') ? `command not found: ${user?.exec?.command ?? cmd}` : firstLine(e?.message || 'exited with an error and no message');
      return `exec plugin "${cmd}" failed for ${ctx}: ${why}`;
    }
    if (e?.syscall === 'open' && e.path) return `cannot read ${e.path} for ${ctx}: ${e.code === 'ENOENT' ? 'no such file' : e.code}`;
    if (user?.authProvider) {
      const name = typeof user.authProvider.name === 'string' ? user.authProvider.name : 'auth provider';
      return `${name} authentication failed for ${ctx}: ${firstLine(e?.message ?? String(err))}`;
    }
    return `cannot prepare credentials for ${ctx}: ${firstLine(e?.message ?? String(err))}`;
  }
}
