// The Docker engine through dockerode, reduced to what kdeck shows and does.
// Every call has a deadline (a wedged engine must not freeze the views) except
// the long-lived streams, which are aborted by their owner instead.
import fs from 'node:fs';
import https from 'node:https';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { DockerContainer, DockerImage, DockerSnapshot, ImageLayer } from '../../model/docker-types.js';
import { LineSplitter } from '../kube/logs.js';
import { FrameDemuxer } from './demux.js';
import { DockerError, toDockerError } from './errors.js';
import { socketPath, type DockerHost } from './host.js';

export { DockerError } from './errors.js';

/** Oldest Engine API kdeck is written against (Docker 19.03). */
export const MIN_API_VERSION = '1.40';

export type DockerLogEnd = { reason: 'eof' | 'aborted' } | { reason: 'error'; message: string };

export interface DockerClient {
  host: DockerHost;
  ping(): Promise<{ apiVersion: string; version: string }>;
  snapshot(): Promise<DockerSnapshot>;
  inspectImage(id: string): Promise<Record<string, unknown>>;
  imageHistory(id: string): Promise<ImageLayer[]>;
  removeImage(id: string): Promise<string[]>;
  inspectContainer(id: string): Promise<{ tty: boolean; [k: string]: unknown }>;
  containerLogs(
    id: string,
    opts: { follow: boolean; tail: number; timestamps: boolean },
    onLines: (lines: string[]) => void,
  ): { done: Promise<DockerLogEnd>; abort(): void };
  /** onEnd is called once if the stream ends or fails by itself (not after abort), so the caller can resubscribe. */
  events(onEvent: () => void, onEnd?: (message?: string) => void): { abort(): void };
  close(): void;
}

export interface DockerClientOptions {
  /** Deadline for ordinary requests; default 20 s. */
  timeoutMs?: number;
  /** Deadline for ping; default 5 s, so a wrong host is reported quickly. */
  pingTimeoutMs?: number;
}

function dockerodeOptions(host: DockerHost): Docker.DockerOptions {
  const sock = socketPath(host);
  if (sock !== undefined) return { socketPath: sock };
  const url = new URL(host.url);
  if (url.protocol === 'ssh:') {
    return {
      protocol: 'ssh',
      host: url.hostname,
      port: url.port ? Number(url.port) : 22,
      username: url.username || undefined,
      sshOptions: { agent: process.env.SSH_AUTH_SOCK },
    } as Docker.DockerOptions;
  }
  const port = url.port ? Number(url.port) : host.tls ? 2376 : 2375;
  if (!host.tls) return { protocol: 'http', host: url.hostname, port };
  const read = (p?: string) => {
    if (!p) return undefined;
    try {
      return fs.readFileSync(p);
    } catch (err) {
      throw new DockerError(`cannot read TLS file ${p}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  };
  const ca = read(host.tls.ca);
  const cert = read(host.tls.cert);
  const key = read(host.tls.key);
  // docker-modem has no switch for skipping verification, so an agent carries it.
  const agent = new https.Agent({ ca, cert, key, rejectUnauthorized: host.tls.verify });
  return { protocol: 'https', host: url.hostname, port, ca, cert, key, agent } as Docker.DockerOptions;
}

function apiAtLeast(v: string, min: string): boolean {
  const [a = 0, b = 0] = v.split('.').map(Number);
  const [c = 0, d = 0] = min.split('.').map(Number);
  return a > c || (a === c && b >= d);
}

const NONE_TAG = '<none>:<none>';
const NONE_DIGEST = '<none>@<none>';

function toImage(i: Docker.ImageInfo, used: Map<string, number>): DockerImage {
  const repoTags = (i.RepoTags ?? []).filter((t) => t !== NONE_TAG);
  const repoDigests = (i.RepoDigests ?? []).filter((d) => d !== NONE_DIGEST);
  // Engines report -1 unless asked for shared sizes (slow); the container list answers it cheaply.
  const containers = typeof i.Containers === 'number' && i.Containers >= 0 ? i.Containers : (used.get(i.Id) ?? 0);
  return { id: i.Id, repoTags, repoDigests, created: i.Created, size: i.Size, containers, dangling: repoTags.length === 0 };
}

function toContainer(c: Docker.ContainerInfo): DockerContainer {
  const name = (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, '');
  return {
    id: c.Id,
    name,
    image: c.Image,
    imageId: c.ImageID,
    state: c.State,
    status: c.Status,
    created: c.Created,
    ports: (c.Ports ?? []).map((p) => ({
      privatePort: p.PrivatePort,
      ...(p.PublicPort ? { publicPort: p.PublicPort } : {}),
      type: p.Type,
      ...(p.IP ? { ip: p.IP } : {}),
    })),
  };
}

/** For a unix socket host whose socket file is not there: the error connecting to it would give. */
async function missingSocket(host: DockerHost): Promise<NodeJS.ErrnoException | undefined> {
  const path = socketPath(host);
  if (path === undefined) return undefined;
  try {
    await fs.promises.stat(path);
    // There is a file: whatever it is, connecting (through dockerode) reports on it.
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return Object.assign(new Error(`connect ENOENT ${path}`), { code: 'ENOENT', syscall: 'connect' });
    // Anything else (a directory kdeck may not search, say) is for the connect itself to report.
    return undefined;
  }
}

export function createDockerClient(host: DockerHost, options: DockerClientOptions = {}): DockerClient {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const pingTimeoutMs = options.pingTimeoutMs ?? 5_000;
  let engineOptions: Docker.DockerOptions | undefined;
  let setupError: DockerError | undefined;
  try {
    engineOptions = dockerodeOptions(host);
  } catch (err) {
    setupError = toDockerError(err, host);
  }
  // dockerode (with docker-modem and ssh2) is loaded on first use: most
  // sessions never talk to a Docker host, and loading it costs memory and start-up.
  let docker: Promise<Docker> | undefined;
  const live = new Set<AbortController>();
  let closed = false;

  const engine = async (): Promise<Docker> => {
    if (setupError) throw setupError;
    if (closed) throw new DockerError('Docker client closed');
    if (!docker) {
      // Most jump hosts have no Docker at all: when the socket is not there,
      // say so as a failed connect would, without loading dockerode to find out.
      const missing = await missingSocket(host);
      if (missing) throw toDockerError(missing, host);
    }
    docker ??= import('dockerode').then(({ default: Dockerode }) => new Dockerode(engineOptions));
    return docker;
  };

  // Races the call against its deadline: not every dockerode method forwards the signal.
  async function call<T>(ms: number, fn: (d: Docker, signal: AbortSignal) => Promise<T>): Promise<T> {
    const d = await engine();
    const ctl = new AbortController();
    live.add(ctl);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const e = new Error('timed out');
        e.name = 'TimeoutError';
        ctl.abort(e);
        reject(e);
      }, ms);
    });
    try {
      return await Promise.race([fn(d, ctl.signal), deadline]);
    } catch (err) {
      if (closed) throw new DockerError('Docker client closed');
      throw toDockerError(err, host);
    } finally {
      clearTimeout(timer);
      live.delete(ctl);
    }
  }

  // A raw streaming GET: dockerode's logs() buffers unless following, and kdeck wants chunks either way.
  function openStream(d: Docker, path: string, query: Record<string, unknown>, signal: AbortSignal): Promise<Readable> {
    return new Promise((resolve, reject) => {
      d.modem.dial(
        { path: `${path}?`, method: 'GET', options: query, isStream: true, abortSignal: signal, statusCodes: { 200: true, 404: 'not found', 500: 'server error' } },
        (err, stream) => (err ? reject(err) : resolve(stream as Readable)),
      );
    });
  }

  const client: DockerClient = {
    host,

    async ping() {
      const v = await call(pingTimeoutMs, (d, abortSignal) => (d as unknown as { version(o: object): Promise<Docker.DockerVersion> }).version({ abortSignal }));
      const apiVersion = String(v.ApiVersion ?? '');
      if (!apiAtLeast(apiVersion, MIN_API_VERSION)) {
        throw new DockerError(`Docker API ${apiVersion || 'of unknown version'} at ${host.url} is too old (kdeck needs ${MIN_API_VERSION}+)`);
      }
      return { apiVersion, version: String(v.Version ?? '') };
    },

    async snapshot() {
      const [images, containers] = await Promise.all([
        call(timeoutMs, (d, abortSignal) => d.listImages({ abortSignal } as Docker.ListImagesOptions)),
        call(timeoutMs, (d, abortSignal) => d.listContainers({ all: true, abortSignal } as Docker.ContainerListOptions)),
      ]);
      const used = new Map<string, number>();
      for (const c of containers) used.set(c.ImageID, (used.get(c.ImageID) ?? 0) + 1);
      return { images: images.map((i) => toImage(i, used)), containers: containers.map(toContainer) };
    },

    inspectImage(id) {
      return call(timeoutMs, (d) => d.getImage(id).inspect() as unknown as Promise<Record<string, unknown>>);
    },

    async imageHistory(id) {
      const layers = (await call(timeoutMs, (d) => d.getImage(id).history())) as Array<Record<string, unknown>>;
      return layers.map((l) => ({
        id: String(l.Id ?? ''),
        created: Number(l.Created ?? 0),
        createdBy: String(l.CreatedBy ?? ''),
        size: Number(l.Size ?? 0),
        comment: String(l.Comment ?? ''),
        tags: Array.isArray(l.Tags) ? (l.Tags as unknown[]).map(String) : [],
      }));
    },

    async removeImage(id) {
      // Never force: the engine's refusal (a container uses it) is exactly what the user must see.
      const res = (await call(timeoutMs, (d) => d.getImage(id).remove({ force: false, noprune: false }))) as unknown;
      const out: string[] = [];
      for (const r of Array.isArray(res) ? (res as Array<Record<string, unknown>>) : []) {
        if (typeof r.Untagged === 'string') out.push(`Untagged: ${r.Untagged}`);
        if (typeof r.Deleted === 'string') out.push(`Deleted: ${r.Deleted}`);
      }
      return out;
    },

    async inspectContainer(id) {
      const c = (await call(timeoutMs, (d) => d.getContainer(id).inspect())) as unknown as Record<string, unknown>;
      const config = c.Config as { Tty?: unknown } | undefined;
      return { ...c, tty: config?.Tty === true };
    },

    containerLogs(id, opts, onLines) {
      const ctl = new AbortController();
      live.add(ctl);
      const run = async (): Promise<DockerLogEnd> => {
        try {
          const { tty } = await client.inspectContainer(id);
          if (ctl.signal.aborted) return { reason: 'aborted' };
          const query = { stdout: true, stderr: true, follow: opts.follow, tail: opts.tail < 0 ? 'all' : opts.tail, timestamps: opts.timestamps };
          const stream = await openStream(await engine(), `/containers/${encodeURIComponent(id)}/logs`, query, ctl.signal);
          const split = tty ? new LineSplitter() : new FrameDemuxer();
          for await (const chunk of stream) {
            const lines = split.push(chunk as Uint8Array);
            if (lines.length) onLines(lines);
          }
          const rest = split.end();
          if (rest.length) onLines(rest);
          return { reason: ctl.signal.aborted ? 'aborted' : 'eof' };
        } catch (err) {
          if (ctl.signal.aborted) return { reason: 'aborted' };
          return { reason: 'error', message: toDockerError(err, host).message };
        } finally {
          live.delete(ctl);
        }
      };
      return { done: run(), abort: () => ctl.abort() };
    },

    events(onEvent, onEnd) {
      const ctl = new AbortController();
      live.add(ctl);
      let ended = false;
      const end = (message?: string) => {
        live.delete(ctl);
        if (ended || ctl.signal.aborted) return;
        ended = true;
        onEnd?.(message);
      };
      (async () => {
        try {
          const filters = JSON.stringify({ type: ['image', 'container'] });
          const stream = await openStream(await engine(), '/events', { filters }, ctl.signal);
          const split = new LineSplitter();
          for await (const chunk of stream) {
            // Any complete event line is a reason to look again; the filter already limits the kinds.
            if (split.push(chunk as Uint8Array).some((l) => l.trim() !== '')) onEvent();
          }
          end('Docker event stream ended');
        } catch (err) {
          end(toDockerError(err, host).message);
        }
      })();
      return {
        abort: () => {
          ctl.abort();
          live.delete(ctl);
        },
      };
    },

    close() {
      closed = true;
      for (const ctl of live) ctl.abort();
      live.clear();
    },
  };
  return client;
}
