// The demo Docker host: a Docker Engine API subset served on a unix socket of
// its own, so kdeck's real Docker client (and the docker CLI) can talk to it.
// Paths are accepted with or without the /vX.Y prefix; errors are
// {"message": …} with the engine's status codes and texts.

import { lstat, mkdtemp, rm, unlink } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containerLine, containerRun, encodeLine, logRange, type LogQuery } from './docker-logs.js';
import { API_VERSION, containerInspect, containerSummary, ENGINE_VERSION, imageHistory, imageInspect, imageSummary, MIN_API_VERSION, versionLess } from './docker-json.js';
import { DockerError, DockerState, type EngineEvent } from './docker-state.js';
import { endIndex } from './logs.js';
import { Timers } from './util.js';
import { followWhileOpen } from './follow.js';

export interface DemoDocker {
  socketPath: string;
  /** "unix://" + socketPath, as DOCKER_HOST takes it. */
  host: string;
  /** Ends open log follows and event streams, closes the server, removes the socket. */
  close(): Promise<void>;
}

export interface DemoDockerOptions {
  /** Default: docker.sock in a fresh temporary directory. */
  socketPath?: string;
  /** Time multiplier for log output (default 1). */
  speed?: number;
}

const COMMON_HEADERS = { 'Api-Version': API_VERSION, 'Docker-Experimental': 'false', Ostype: 'linux', Server: `Docker/${ENGINE_VERSION} (linux)` };

interface Ctx {
  state: DockerState;
  timers: Timers;
  streams: Set<ServerResponse>;
  now: () => number;
}

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body) + '\n';
  res.writeHead(code, { ...COMMON_HEADERS, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function flag(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  return v !== null && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/** Docker filters: {"key":["v"]} or the older {"key":{"v":true}}. */
function parseFilters(q: URLSearchParams): Record<string, string[]> {
  const raw = q.get('filters');
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new DockerError(400, 'invalid filter');
  }
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
    out[k] = Array.isArray(v) ? v.map(String) : Object.keys(v as object);
  }
  return out;
}

/** Docker timestamps: unix seconds with an optional fraction. */
function parseTime(v: string | null): number | undefined {
  if (!v) return undefined;
  const n = Number(v);
  if (Number.isFinite(n)) return n === 0 ? undefined : n * 1000;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new DockerError(400, `failed to parse value as time or duration: "${v}"`);
  return t;
}

function ping(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, {
    ...COMMON_HEADERS,
    'Builder-Version': '2',
    'Cache-Control': 'no-cache, no-store, must-revalidate',
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': req.method === 'HEAD' ? '0' : '2',
    Pragma: 'no-cache',
    Swarm: 'inactive',
  });
  res.end(req.method === 'HEAD' ? undefined : 'OK');
}

function version(): object {
  const base = { Version: ENGINE_VERSION, ApiVersion: API_VERSION, MinAPIVersion: MIN_API_VERSION, GitCommit: '4c9b3b0', GoVersion: 'go1.22.11', Os: 'linux', Arch: 'amd64', KernelVersion: '6.1.0-kdeck-demo', BuildTime: '2025-01-21T00:00:00.000000000+00:00' };
  return {
    Platform: { Name: 'Docker Engine - Community' },
    Components: [{ Name: 'Engine', Version: ENGINE_VERSION, Details: { ApiVersion: API_VERSION, Arch: 'amd64', BuildTime: base.BuildTime, Experimental: 'false', GitCommit: base.GitCommit, GoVersion: base.GoVersion, KernelVersion: base.KernelVersion, MinAPIVersion: MIN_API_VERSION, Os: 'linux' } }],
    ...base,
  };
}

function info(ctx: Ctx): object {
  const cs = ctx.state.containers;
  const running = cs.filter((c) => c.running).length;
  return {
    ID: 'b1d0b6f2-6c2e-4f0e-9e43-6bd1f0c2d7a1',
    Containers: cs.length,
    ContainersRunning: running,
    ContainersPaused: 0,
    ContainersStopped: cs.length - running,
    Images: ctx.state.images.length,
    Driver: 'overlay2',
    DockerRootDir: '/var/lib/docker',
    LoggingDriver: 'json-file',
    CgroupDriver: 'systemd',
    CgroupVersion: '2',
    KernelVersion: '6.1.0-kdeck-demo',
    OperatingSystem: 'kdeck demo Docker host',
    OSType: 'linux',
    Architecture: 'x86_64',
    NCPU: 8,
    MemTotal: 33_554_432_000,
    Name: 'kdeck-demo',
    ServerVersion: ENGINE_VERSION,
    Swarm: { LocalNodeState: 'inactive' },
    Warnings: null,
  };
}

function listImages(ctx: Ctx, q: URLSearchParams, apiVersion: string): object[] {
  const f = parseFilters(q);
  let imgs = ctx.state.images;
  if (f['dangling']?.length) {
    const want = f['dangling'].includes('true') || f['dangling'].includes('1');
    imgs = imgs.filter((i) => (i.tags.length === 0) === want);
  }
  if (f['reference']?.length) {
    const pats = f['reference'].map((p) => new RegExp('^' + p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '.') + '$'));
    imgs = imgs.filter((i) => i.tags.some((t) => pats.some((p) => p.test(t) || p.test(t.slice(0, t.lastIndexOf(':'))))));
  }
  return [...imgs].sort((a, b) => b.created - a.created).map((i) => imageSummary(i, apiVersion));
}

function listContainers(ctx: Ctx, q: URLSearchParams): object[] {
  const f = parseFilters(q);
  let cs = flag(q, 'all') ? ctx.state.containers : ctx.state.containers.filter((c) => c.running);
  if (f['status']?.length) cs = cs.filter((c) => f['status']!.includes(c.running ? 'running' : 'exited'));
  if (f['name']?.length) cs = cs.filter((c) => f['name']!.some((n) => c.name.includes(n.replace(/^\//, ''))));
  const now = ctx.now();
  return [...cs].sort((a, b) => b.created - a.created).map((c) => containerSummary(ctx.state, c, now));
}

function logs(ctx: Ctx, req: IncomingMessage, res: ServerResponse, name: string, q: URLSearchParams): void {
  const c = ctx.state.findContainer(name);
  if (!c) throw new DockerError(404, `No such container: ${name}`);
  const query: LogQuery = { stdout: flag(q, 'stdout'), stderr: flag(q, 'stderr'), timestamps: flag(q, 'timestamps') };
  if (!query.stdout && !query.stderr) throw new DockerError(400, 'Bad parameters: you must choose at least one stream');
  const tail = q.get('tail');
  if (tail && tail !== 'all') {
    const n = Number(tail);
    if (!Number.isInteger(n)) throw new DockerError(400, `invalid value for "tail": "${tail}"`);
    if (n >= 0) query.tail = n;
  }
  const since = parseTime(q.get('since'));
  const until = parseTime(q.get('until'));
  if (since !== undefined) query.since = since;
  if (until !== undefined) query.until = until;
  const follow = flag(q, 'follow') && until === undefined;

  const run = containerRun(c, ctx.timers.speed);
  const now = ctx.now();
  const { from, end } = logRange(run, query, now);
  res.writeHead(200, {
    ...COMMON_HEADERS,
    'Content-Type': c.tty ? 'application/vnd.docker.raw-stream' : 'application/vnd.docker.multiplexed-stream',
  });
  let next = from;
  const emit = (upto: number) => {
    const chunks: Buffer[] = [];
    for (; next < upto; next++) {
      const b = encodeLine(containerLine(c, run, next), c.tty, query);
      if (b) chunks.push(b);
    }
    if (chunks.length) res.write(Buffer.concat(chunks));
  };
  emit(end);
  if (!follow || !c.running) {
    res.end();
    return;
  }
  res.flushHeaders();
  followWhileOpen(req, res, {
    streams: ctx.streams,
    timers: ctx.timers,
    everyMs: Math.max(30, Math.min(250, run.period / 2)),
    tick: () => {
      emit(endIndex(run, ctx.now()));
      return 'more';
    },
  });
}

function eventMatches(e: EngineEvent, f: Record<string, string[]>): boolean {
  if (f['type']?.length && !f['type'].includes(e.Type)) return false;
  if (f['event']?.length && !f['event'].includes(e.Action)) return false;
  if (f['image']?.length && e.Type === 'image' && !f['image'].some((i) => e.Actor.ID.includes(i) || e.Actor.Attributes['name'] === i)) return false;
  return true;
}

/** The engine's event JSON, with the long-deprecated fields it still sends before API 1.52. */
function eventJson(e: EngineEvent): string {
  return JSON.stringify({ status: e.Action, id: e.Actor.ID, ...e }) + '\n';
}

function events(ctx: Ctx, req: IncomingMessage, res: ServerResponse, q: URLSearchParams): void {
  const f = parseFilters(q);
  const since = parseTime(q.get('since'));
  const until = parseTime(q.get('until'));
  res.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': 'application/json' });
  res.flushHeaders();
  const inWindow = (e: EngineEvent) => (since === undefined || e.time * 1000 >= Math.floor(since / 1000) * 1000) && (until === undefined || e.time * 1000 <= until);
  if (since !== undefined) for (const e of ctx.state.events) if (inWindow(e) && eventMatches(e, f)) res.write(eventJson(e));
  if (until !== undefined && until <= ctx.now()) {
    res.end();
    return;
  }
  ctx.streams.add(res);
  let untilTimer: NodeJS.Timeout | undefined;
  const off = ctx.state.onEvent((e) => {
    if (eventMatches(e, f) && !res.writableEnded) res.write(eventJson(e));
  });
  const stop = () => {
    off();
    ctx.timers.cancel(untilTimer);
    ctx.streams.delete(res);
    if (!res.writableEnded) res.end();
  };
  if (until !== undefined) untilTimer = ctx.timers.afterWall(until - ctx.now(), stop);
  req.on('close', stop);
  res.on('close', stop);
}

async function handle(ctx: Ctx, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://docker');
  let path = url.pathname;
  let apiVersion = API_VERSION;
  const vm = /^\/v(\d+\.\d+)(\/.*)$/.exec(path);
  if (vm) {
    apiVersion = vm[1]!;
    path = vm[2]!;
    if (versionLess(API_VERSION, apiVersion)) throw new DockerError(400, `client version ${apiVersion} is too new. Maximum supported API version is ${API_VERSION}`);
    if (versionLess(apiVersion, MIN_API_VERSION)) throw new DockerError(400, `client version ${apiVersion} is too old. Minimum supported API version is ${MIN_API_VERSION}, please upgrade your client to a newer version`);
  }
  const q = url.searchParams;
  const method = req.method ?? 'GET';
  const get = method === 'GET' || method === 'HEAD';
  let m: RegExpExecArray | null;

  if (path === '/_ping' && get) return ping(req, res);
  if (path === '/version' && get) return send(res, 200, version());
  if (path === '/info' && get) return send(res, 200, info(ctx));
  if (path === '/events' && get) return events(ctx, req, res, q);
  if (path === '/images/json' && get) return send(res, 200, listImages(ctx, q, apiVersion));
  if ((m = /^\/images\/(.+)\/(json|history)$/.exec(path)) && get) {
    const name = decodeURIComponent(m[1]!);
    const found = ctx.state.findImage(name);
    if (!found) throw new DockerError(404, `No such image: ${name}`);
    return send(res, 200, m[2] === 'json' ? imageInspect(found.image) : imageHistory(found.image));
  }
  if ((m = /^\/images\/(.+)$/.exec(path)) && method === 'DELETE') {
    return send(res, 200, ctx.state.removeImage(decodeURIComponent(m[1]!), flag(q, 'force'), ctx.now()));
  }
  if (path === '/containers/json' && get) return send(res, 200, listContainers(ctx, q));
  if ((m = /^\/containers\/([^/]+)\/(json|logs)$/.exec(path)) && get) {
    const name = decodeURIComponent(m[1]!);
    if (m[2] === 'logs') return logs(ctx, req, res, name, q);
    const c = ctx.state.findContainer(name);
    if (!c) throw new DockerError(404, `No such container: ${name}`);
    return send(res, 200, containerInspect(ctx.state, c));
  }
  throw new DockerError(404, 'page not found');
}

/** Removes a leftover socket from an earlier run, as dockerd does; refuses to touch anything else. */
async function clearStaleSocket(path: string): Promise<void> {
  try {
    const st = await lstat(path);
    if (!st.isSocket()) throw new Error(`demo docker: ${path} exists and is not a socket`);
    await unlink(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

export async function startDemoDocker(opts: DemoDockerOptions = {}): Promise<DemoDocker> {
  const speed = opts.speed && opts.speed > 0 ? opts.speed : 1;
  const tempDir = opts.socketPath ? undefined : await mkdtemp(join(tmpdir(), 'kdeck-docker-'));
  const socketPath = opts.socketPath ?? join(tempDir!, 'docker.sock');
  if (opts.socketPath) await clearStaleSocket(socketPath);

  const ctx: Ctx = { state: new DockerState(Date.now()), timers: new Timers(speed), streams: new Set(), now: () => Date.now() };
  const server = createServer({ keepAlive: true }, (req, res) => {
    handle(ctx, req, res).catch((e: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (e instanceof DockerError) send(res, e.status, { message: e.message });
      else send(res, 500, { message: (e as Error).message ?? String(e) });
    });
  });
  server.on('clientError', (_e, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });

  let closed: Promise<void> | undefined;
  return {
    socketPath,
    host: `unix://${socketPath}`,
    close: () => {
      closed ??= (async () => {
        ctx.timers.closeAll();
        for (const res of ctx.streams) res.end();
        ctx.streams.clear();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await rm(socketPath, { force: true });
        if (tempDir) await rm(tempDir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}
