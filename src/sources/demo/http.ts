// The HTTP face of the demo apiserver: routing, bearer-token authentication,
// namespace-scoped authorization for the limited user, list/watch/get and
// writes, with errors as metav1.Status objects and the real status codes.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deployment, KubeObject, Pod } from '../../model/types.js';
import { ApiError, badRequest, notFound } from './errors.js';
import { bufferStart, endIndex, formatLine, indexAtOrAfter, lineAt, resolveLogTarget, sameRun, type Run } from './logs.js';
import { applyPatch, PATCH_TYPES, PatchError } from './patch.js';
import { APPLY_PATCH, serverSideApply } from './apply.js';
import { createConfigObject, deleteConfigObject, isConfigKind, updateConfigObject } from './config-objects.js';
import { apiGroupList, apiVersionOf, apiVersions, appsResourceList, coreResourceList, resourceDef, VERSION_INFO, type ResourceDef } from './resources.js';
import { fieldMatcher, labelMatcher, SelectorError, selectorString, type Matcher } from './selectors.js';
import type { Change, Store } from './store.js';
import type { Timers } from './util.js';
import { followWhileOpen } from './follow.js';
import type { Writes } from './writes.js';

export interface User {
  name: string;
  /** Namespaces the user may touch; undefined = everything. */
  namespaces?: string[];
}

export interface ApiContext {
  store: Store;
  writes: Writes;
  timers: Timers;
  users: Map<string, User>;
  address: () => string;
  now: () => number;
  /** Open streaming responses (watches, log follows), ended by close(). */
  streams: Set<ServerResponse>;
}

const MAX_BODY = 3 * 1024 * 1024;

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
  res.end(text);
}

function sendError(res: ServerResponse, e: ApiError): void {
  send(res, e.code, e.toStatus());
}

function withKind(def: ResourceDef, o: KubeObject): KubeObject {
  const { apiVersion: _a, kind: _k, ...rest } = o;
  return { kind: def.kind, apiVersion: apiVersionOf(def), ...rest } as KubeObject;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const text = await readText(req);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(`json: ${(e as Error).message}`);
  }
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new ApiError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728');
    chunks.push(c as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) throw badRequest('the body of the request was empty');
  return text;
}

interface Route {
  def: ResourceDef;
  namespace?: string;
  name?: string;
  sub?: string;
}

function parseRoute(path: string): Route | undefined {
  let m = /^\/api\/v1\/(namespaces|pods|events|nodes)\/?$/.exec(path);
  if (m) return { def: resourceDef(m[1]!, '')! };
  m = /^\/api\/v1\/nodes\/([^/]+)$/.exec(path);
  if (m) return { def: resourceDef('nodes', '')!, name: decodeURIComponent(m[1]!) };
  m = /^\/api\/v1\/namespaces\/([^/]+)(?:\/(status))?$/.exec(path);
  if (m) return { def: resourceDef('namespaces', '')!, name: decodeURIComponent(m[1]!), ...(m[2] ? { sub: m[2] } : {}) };
  m = /^\/api\/v1\/namespaces\/([^/]+)\/(pods|events)(?:\/([^/]+)(?:\/(log|status))?)?\/?$/.exec(path);
  if (m) return { def: resourceDef(m[2]!, '')!, namespace: decodeURIComponent(m[1]!), ...(m[3] ? { name: decodeURIComponent(m[3]) } : {}), ...(m[4] ? { sub: m[4] } : {}) };
  m = /^\/api\/v1\/(secrets|configmaps)\/?$/.exec(path);
  if (m) return { def: resourceDef(m[1]!, '')! };
  m = /^\/api\/v1\/namespaces\/([^/]+)\/(secrets|configmaps)(?:\/([^/]+))?\/?$/.exec(path);
  if (m) return { def: resourceDef(m[2]!, '')!, namespace: decodeURIComponent(m[1]!), ...(m[3] ? { name: decodeURIComponent(m[3]) } : {}) };
  m = /^\/apis\/apps\/v1\/(deployments|replicasets)\/?$/.exec(path);
  if (m) return { def: resourceDef(m[1]!, 'apps')! };
  m = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/(deployments|replicasets)(?:\/([^/]+)(?:\/(scale|status))?)?\/?$/.exec(path);
  if (m) return { def: resourceDef(m[2]!, 'apps')!, namespace: decodeURIComponent(m[1]!), ...(m[3] ? { name: decodeURIComponent(m[3]) } : {}), ...(m[4] ? { sub: m[4] } : {}) };
  return undefined;
}

function verbOf(method: string, route: Route, q: URLSearchParams): string {
  const watching = q.get('watch') === 'true' || q.get('watch') === '1';
  switch (method) {
    case 'GET':
    case 'HEAD':
      return route.name ? (watching ? 'watch' : 'get') : watching ? 'watch' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return route.name ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

function authorize(user: User, verb: string, route: Route): void {
  if (!user.namespaces) return;
  // RBAC treats a namespace object's own name as its namespace.
  const ns = route.namespace ?? (route.def.name === 'namespaces' ? route.name : undefined);
  if (ns && user.namespaces.includes(ns)) return;
  const res = route.sub ? `${route.def.name}/${route.sub}` : route.def.name;
  const subject = route.name ? `${route.def.name}${route.def.group ? '.' + route.def.group : ''} "${route.name}"` : `${route.def.name}${route.def.group ? '.' + route.def.group : ''}`;
  const scope = route.namespace ? `in the namespace "${route.namespace}"` : 'at the cluster scope';
  throw new ApiError(403, 'Forbidden', `${subject} is forbidden: User "${user.name}" cannot ${verb} resource "${res}" in API group "${route.def.group}" ${scope}`, {
    ...(route.name ? { name: route.name } : {}),
    ...(route.def.group ? { group: route.def.group } : {}),
    kind: route.def.name,
  });
}

export function createHandler(ctx: ApiContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(ctx, req, res).catch((e: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (e instanceof ApiError) sendError(res, e);
      else sendError(res, new ApiError(500, 'InternalError', `Internal error occurred: ${(e as Error)?.message ?? String(e)}`));
    });
  };
}

async function handle(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  let path = url.pathname;
  // kubectl (client-go) never sends a bearer token over plain http, so the
  // kubeconfig's server URL also carries the token as a path prefix /t/TOKEN.
  let pathToken: string | undefined;
  const prefixed = /^\/t\/([^/]+)(\/.*)?$/.exec(path);
  if (prefixed) {
    pathToken = decodeURIComponent(prefixed[1]!);
    path = prefixed[2] ?? '/';
  }
  const q = url.searchParams;
  const method = req.method ?? 'GET';

  if (path === '/healthz' || path === '/readyz' || path === '/livez') {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('ok');
    return;
  }
  if (path === '/version') return send(res, 200, VERSION_INFO);

  const auth = req.headers.authorization ?? '';
  const token = /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim() ?? pathToken;
  const user = token ? ctx.users.get(token) : undefined;
  if (!user) throw new ApiError(401, 'Unauthorized', 'Unauthorized');

  if (path === '/api' || path === '/api/') return send(res, 200, apiVersions(ctx.address()));
  if (path === '/api/v1' || path === '/api/v1/') return send(res, 200, coreResourceList());
  if (path === '/apis' || path === '/apis/') return send(res, 200, apiGroupList());
  if (path === '/apis/apps') return send(res, 200, { kind: 'APIGroup', apiVersion: 'v1', ...apiGroupList().groups[0] });
  if (path === '/apis/apps/v1' || path === '/apis/apps/v1/') return send(res, 200, appsResourceList());

  // Clients such as k9s ask "may I?" before listing. The demo answers yes and
  // lets RBAC speak on the real request (the body may be protobuf, which the
  // demo does not decode), so a limited user still meets its 403s there.
  if (method === 'POST' && path === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews') {
    req.resume();
    return send(res, 201, { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: {}, spec: {}, status: { allowed: true } });
  }

  const route = parseRoute(path);
  if (!route) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
  const verb = verbOf(method, route, q);
  authorize(user, verb, route);
  const dryRun = q.getAll('dryRun').includes('All');

  switch (verb) {
    case 'list':
      return list(ctx, res, route, q);
    case 'watch':
      return watch(ctx, req, res, route, q);
    case 'get':
      return get(ctx, req, res, route, q);
    case 'update':
    case 'patch':
      return write(ctx, req, res, route, verb, q, dryRun);
    case 'create':
      return create(ctx, req, res, route, dryRun);
    case 'delete':
      return remove(ctx, req, res, route, q, dryRun);
    default:
      throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
  }
}

function matchers(route: Route, q: URLSearchParams): Matcher {
  try {
    const lm = labelMatcher(q.get('labelSelector'));
    const fm = fieldMatcher(q.get('fieldSelector'), route.def.name);
    const ns = route.namespace;
    const name = route.name;
    return (o) => (!ns || o.metadata.namespace === ns) && (!name || o.metadata.name === name) && lm(o) && fm(o);
  } catch (e) {
    if (e instanceof SelectorError) throw badRequest(e.message);
    throw e;
  }
}

function list(ctx: ApiContext, res: ServerResponse, route: Route, q: URLSearchParams): void {
  const match = matchers(route, q);
  const keys: string[] = [];
  for (const [k, o] of ctx.store.map(route.def.name)) if (match(o)) keys.push(k);
  keys.sort();
  let start = 0;
  const cont = q.get('continue');
  if (cont) {
    let after: string;
    try {
      after = String(JSON.parse(Buffer.from(cont, 'base64').toString('utf8')).start);
    } catch {
      throw badRequest('continue key is not valid: illegal base64 data');
    }
    while (start < keys.length && keys[start]! <= after) start++;
  }
  const limit = Number(q.get('limit') ?? 0);
  const end = limit > 0 ? Math.min(keys.length, start + limit) : keys.length;
  const map = ctx.store.map(route.def.name);
  const items = keys.slice(start, end).map((k) => map.get(k)!);
  const rv = String(ctx.store.resourceVersion);
  const metadata: Record<string, unknown> = { resourceVersion: rv };
  if (end < keys.length) {
    metadata['continue'] = Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: Number(rv), start: keys[end - 1] })).toString('base64');
    metadata['remainingItemCount'] = keys.length - end;
  }
  send(res, 200, { kind: `${route.def.kind}List`, apiVersion: apiVersionOf(route.def), metadata, items });
}

function watch(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, route: Route, q: URLSearchParams): void {
  const match = matchers(route, q);
  const def = route.def;
  const rvParam = q.get('resourceVersion') ?? '';
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  ctx.streams.add(res);
  const write = (type: string, object: unknown) => res.write(JSON.stringify({ type, object }) + '\n');

  let stopped = false;
  let unsubscribe = () => {};
  const timeouts: (NodeJS.Timeout | undefined)[] = [];
  const stop = () => {
    if (stopped) return;
    stopped = true;
    unsubscribe();
    for (const t of timeouts) ctx.timers.cancel(t);
    ctx.streams.delete(res);
    if (!res.writableEnded) res.end();
  };
  req.on('close', stop);
  res.on('close', stop);

  const deliver = (c: Change) => {
    if (c.kind !== def.name) return;
    const now = match(c.object);
    const before = c.previous ? match(c.previous) : false;
    if (c.type === 'ADDED' && now) write('ADDED', withKind(def, c.object));
    else if (c.type === 'DELETED' && now) write('DELETED', withKind(def, c.object));
    else if (c.type === 'MODIFIED') {
      if (now && before) write('MODIFIED', withKind(def, c.object));
      else if (now) write('ADDED', withKind(def, c.object));
      else if (before) write('DELETED', withKind(def, c.object));
    }
  };

  if (rvParam === '' || rvParam === '0') {
    const objs = [...ctx.store.map(def.name).entries()].filter(([, o]) => match(o)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [, o] of objs) write('ADDED', withKind(def, o));
  } else {
    const n = Number(rvParam);
    if (!Number.isInteger(n) || n < 0) {
      write('ERROR', new ApiError(400, 'BadRequest', `invalid resource version: ${rvParam}`).toStatus());
      return stop();
    }
    const replay = ctx.store.since(def.name, n);
    if (!replay) {
      // What the real apiserver sends when the watch cache no longer has that version.
      write('ERROR', new ApiError(410, 'Expired', `too old resource version: ${n} (${ctx.store.floorOf(def.name) + 1})`).toStatus());
      return stop();
    }
    for (const c of replay) deliver(c);
  }
  unsubscribe = ctx.store.subscribe(deliver);

  if (q.get('allowWatchBookmarks') === 'true' || q.get('allowWatchBookmarks') === '1') {
    const every = Math.max(200, ctx.timers.scale(10_000));
    const tick = () => {
      if (stopped) return;
      write('BOOKMARK', { kind: def.kind, apiVersion: apiVersionOf(def), metadata: { resourceVersion: String(ctx.store.resourceVersion) } });
      timeouts.push(ctx.timers.afterWall(every, tick));
    };
    timeouts.push(ctx.timers.afterWall(every, tick));
  }
  const ts = Number(q.get('timeoutSeconds'));
  const timeoutMs = ts > 0 ? ts * 1000 : (240 + Math.random() * 120) * 1000;
  timeouts.push(ctx.timers.afterWall(timeoutMs, stop));
}

function lookup(ctx: ApiContext, route: Route): KubeObject {
  const o = ctx.store.get(route.def.name, route.namespace, route.name!);
  if (!o) throw notFound(route.def.name, route.def.group, route.name!);
  return o;
}

function scaleOf(d: Deployment): unknown {
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: d.metadata.name, namespace: d.metadata.namespace, uid: d.metadata.uid, resourceVersion: d.metadata.resourceVersion, creationTimestamp: d.metadata.creationTimestamp },
    spec: { replicas: d.spec?.replicas ?? 1 },
    status: { replicas: d.status?.replicas ?? 0, selector: selectorString(d.spec?.selector) },
  };
}

function get(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, route: Route, q: URLSearchParams): void {
  const o = lookup(ctx, route);
  if (route.sub === 'log') return logs(ctx, req, res, o as Pod, q);
  if (route.sub === 'scale') {
    if (route.def.name !== 'deployments') throw new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
    return send(res, 200, scaleOf(o as Deployment));
  }
  send(res, 200, withKind(route.def, o));
}

function parseBool(v: string | null): boolean {
  return v === 'true' || v === '1';
}

function logs(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, pod: Pod, q: URLSearchParams): void {
  const container = q.get('container') ?? undefined;
  const previous = parseBool(q.get('previous'));
  const follow = parseBool(q.get('follow'));
  const timestamps = parseBool(q.get('timestamps'));
  const tail = q.has('tailLines') ? Number(q.get('tailLines')) : undefined;
  const since = q.has('sinceSeconds') ? Number(q.get('sinceSeconds')) : undefined;
  const sinceTime = q.get('sinceTime');
  const limitBytes = q.has('limitBytes') ? Number(q.get('limitBytes')) : undefined;
  if (tail !== undefined && !Number.isInteger(tail)) throw badRequest(`tailLines: Invalid value: ${q.get('tailLines')}`);
  if (since !== undefined && !(since > 0)) throw new ApiError(422, 'Invalid', `PodLogOptions "${pod.metadata.name}" is invalid: sinceSeconds: Invalid value: ${q.get('sinceSeconds')}: must be greater than 0`);
  const speed = ctx.timers.speed;
  const target = resolveLogTarget(pod, container, previous, speed);
  if (!target.ok) throw badRequest(target.message);
  let run: Run = target.run;
  const cname = target.container;
  const now = ctx.now();

  let from = bufferStart(run, now);
  if (since !== undefined) from = Math.max(from, indexAtOrAfter(run, now - since * 1000, now));
  if (sinceTime) from = Math.max(from, indexAtOrAfter(run, Date.parse(sinceTime), now));
  const end = endIndex(run, now);
  if (tail !== undefined && tail >= 0) from = Math.max(from, end - tail);

  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', ...(follow ? { 'Transfer-Encoding': 'chunked' } : {}) });
  let sent = 0;
  let next = from;
  const emit = (upto: number): boolean => {
    let chunk = '';
    for (; next < upto; next++) chunk += formatLine(lineAt(run, next, cname), timestamps);
    if (!chunk) return true;
    if (limitBytes !== undefined && sent + Buffer.byteLength(chunk) > limitBytes) {
      res.write(Buffer.from(chunk).subarray(0, Math.max(0, limitBytes - sent)));
      return false;
    }
    sent += Buffer.byteLength(chunk);
    res.write(chunk);
    return true;
  };
  if (!emit(end) || !follow || previous) {
    res.end();
    return;
  }
  const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
  followWhileOpen(req, res, {
    streams: ctx.streams,
    timers: ctx.timers,
    everyMs: Math.max(30, Math.min(250, run.period / 2)),
    tick: () => {
      const p = ctx.store.map('pods').get(key) as Pod | undefined;
      if (!p) return 'stop';
      // The run we stream may have ended since (crash, restart): find it among
      // the current and previous runs of the container to learn its end.
      const cur = resolveLogTarget(p, cname, false, speed);
      const prev = resolveLogTarget(p, cname, true, speed);
      const same = cur.ok && sameRun(run, cur.run) ? cur.run : prev.ok && sameRun(run, prev.run) ? prev.run : undefined;
      if (!same) return 'stop';
      run = same;
      const t = ctx.now();
      if (!emit(endIndex(run, t))) return 'stop';
      if (run.end !== undefined && t >= run.end) return 'stop';
      return 'more';
    },
  });
}

async function write(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, route: Route, verb: 'update' | 'patch', q: URLSearchParams, dryRun: boolean): Promise<void> {
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
  if (verb === 'patch' && contentType === APPLY_PATCH && route.name && !route.sub) {
    const r = serverSideApply(ctx, route.def, route.namespace, route.name, await readText(req), q, dryRun);
    return send(res, r.created ? 201 : 200, withKind(route.def, r.object));
  }
  const kind = route.def.name;
  if (route.name && !route.sub && isConfigKind(kind)) {
    if (verb === 'patch' && !(contentType in PATCH_TYPES)) {
      await readBody(req).catch(() => undefined);
      throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`);
    }
    const body = await readBody(req);
    let next = body;
    if (verb === 'patch') {
      try {
        next = applyPatch(contentType, withKind(route.def, lookup(ctx, route)), body);
      } catch (e) {
        if (e instanceof PatchError) throw new ApiError(e.code, e.code === 400 ? 'BadRequest' : 'Invalid', e.message);
        throw e;
      }
    }
    return send(res, 200, withKind(route.def, updateConfigObject(ctx.store, { ...route.def, name: kind }, route.namespace, route.name, next, dryRun)));
  }
  if (!route.name || route.def.name !== 'deployments' || (route.sub && route.sub !== 'scale')) {
    throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
  }
  const ns = route.namespace!;
  const name = route.name;
  if (verb === 'patch' && !(contentType in PATCH_TYPES)) {
    await readBody(req).catch(() => undefined);
    throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`);
  }
  const body = await readBody(req);
  const current = lookup(ctx, route) as Deployment;
  let result: unknown;
  const doPatch = (doc: unknown) => {
    try {
      return applyPatch(contentType, doc, body);
    } catch (e) {
      if (e instanceof PatchError) throw new ApiError(e.code, e.code === 400 ? 'BadRequest' : 'Invalid', e.message);
      throw e;
    }
  };
  if (route.sub === 'scale') {
    const scale = scaleOf(current) as { metadata: { resourceVersion?: string }; spec: { replicas: unknown } };
    const next = (verb === 'patch' ? doPatch(scale) : body) as typeof scale;
    if (!next || typeof next !== 'object') throw badRequest('invalid Scale body');
    const d = ctx.writes.setReplicas(ns, name, next.spec?.replicas, next.metadata?.resourceVersion, dryRun);
    result = scaleOf(d);
  } else {
    const next = (verb === 'patch' ? doPatch(withKind(route.def, current)) : body) as Deployment;
    if (!next || typeof next !== 'object' || Array.isArray(next)) throw badRequest('invalid Deployment body');
    if (verb === 'update') {
      if (next.metadata?.name && next.metadata.name !== name) throw badRequest(`the name of the object (${next.metadata.name}) does not match the name on the URL (${name})`);
      if (!next.metadata?.resourceVersion) {
        throw new ApiError(422, 'Invalid', `Deployment.apps "${name}" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update`);
      }
    }
    result = withKind(route.def, ctx.writes.updateDeployment(ns, name, next, dryRun));
  }
  send(res, 200, result);
}

async function create(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, route: Route, dryRun: boolean): Promise<void> {
  const kind = route.def.name;
  if (!route.name && !route.sub && isConfigKind(kind) && (route.namespace || !route.def.namespaced)) {
    const body = await readBody(req);
    return send(res, 201, withKind(route.def, createConfigObject(ctx.store, { ...route.def, name: kind }, route.namespace, body, dryRun)));
  }
  if (route.name || route.def.name !== 'deployments' || !route.namespace) {
    throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
  }
  const body = (await readBody(req)) as Deployment;
  if (!body || typeof body !== 'object') throw badRequest('invalid Deployment body');
  if (body.metadata?.namespace && body.metadata.namespace !== route.namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  send(res, 201, withKind(route.def, ctx.writes.createDeployment(route.namespace, body, dryRun)));
}

async function remove(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, route: Route, q: URLSearchParams, dryRun: boolean): Promise<void> {
  let grace: number | undefined = q.has('gracePeriodSeconds') ? Number(q.get('gracePeriodSeconds')) : undefined;
  if ((req.headers['content-length'] && req.headers['content-length'] !== '0') || req.headers['transfer-encoding']) {
    const opts = (await readBody(req).catch(() => ({}))) as { gracePeriodSeconds?: number; dryRun?: string[] };
    if (typeof opts?.gracePeriodSeconds === 'number') grace = opts.gracePeriodSeconds;
    if (opts?.dryRun?.includes('All')) dryRun = true;
  }
  if (route.sub) throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
  if (route.def.name === 'pods') {
    const p = ctx.writes.deletePod(route.namespace!, route.name!, grace, dryRun);
    return send(res, 200, withKind(route.def, p));
  }
  const kind = route.def.name;
  if (isConfigKind(kind) && route.name) {
    const o = deleteConfigObject(ctx.store, { ...route.def, name: kind }, route.namespace, route.name, dryRun);
    return send(res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: o.metadata.name, kind, uid: o.metadata.uid } });
  }
  if (route.def.name === 'deployments') {
    const d = ctx.writes.deleteDeployment(route.namespace!, route.name!, dryRun);
    return send(res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: d.metadata.name, group: 'apps', kind: 'deployments', uid: d.metadata.uid } });
  }
  throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
}
