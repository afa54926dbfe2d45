// Container logs, generated on demand instead of stored: line i of a
// container run has a fixed time and text derived from the run's seed, so a
// run that started days ago costs nothing until someone reads it, and the
// same request always returns the same lines. Only the last BUFFER_LINES of a
// run are kept, like a rotated log file.

import type { Pod } from '../../model/types.js';
import { containerBehaviour, logsMischief } from './behaviour.js';
import { fnv32, isoNano, makeRng } from './util.js';

export const BUFFER_LINES = 2000;
const CRASH_STARTUP_LINES = 4;

export interface Run {
  seed: string;
  start: number;
  end?: number;
  crash: boolean;
  /** Wall-clock ms between lines for this run. */
  period: number;
  /** Lines carry escape sequences and control characters. */
  mischief?: boolean;
}

export interface LogLine {
  t: number;
  text: string;
}

export function makeRun(pod: Pod, container: string, attempt: number, start: number, end: number | undefined, speed: number): Run {
  const image = pod.spec?.containers.find((c) => c.name === container)?.image;
  const seed = `${pod.metadata.namespace}/${pod.metadata.name}/${container}/${attempt}`;
  const period = (400 + (fnv32(seed) % 500)) / speed;
  return { seed, start, end, crash: containerBehaviour(image) === 'crash', period, ...(logsMischief(image) ? { mischief: true } : {}) };
}

function timeOf(run: Run, i: number): number {
  if (run.crash) {
    if (i < CRASH_STARTUP_LINES) return run.start + i * (run.period / 2);
    // The end comes from a status time kept to the second; the panic still
    // follows the startup lines, as a kubelet's timestamps would.
    return run.end === undefined ? Infinity : Math.max(run.end, run.start + (CRASH_STARTUP_LINES - 1) * (run.period / 2));
  }
  const jitter = makeRng(fnv32(run.seed) ^ Math.imul(i, 2654435761))();
  return run.start + i * run.period + jitter * run.period * 0.9;
}

/** Index one past the last line that exists at `now`. */
export function endIndex(run: Run, now: number): number {
  const limit = run.end !== undefined ? Math.min(now, run.end) : now;
  if (run.crash) {
    let n = 0;
    while (n < CRASH_STARTUP_LINES && timeOf(run, n) <= limit) n++;
    if (run.end !== undefined && now >= run.end) n = CRASH_STARTUP_LINES + PANIC.length;
    return n;
  }
  if (limit < run.start) return 0;
  let n = Math.floor((limit - run.start) / run.period) + 1;
  while (n > 0 && timeOf(run, n - 1) > limit) n--;
  return n;
}

/** First index still in the bounded buffer. */
export function bufferStart(run: Run, now: number): number {
  return Math.max(0, endIndex(run, now) - BUFFER_LINES);
}

/** First index whose time is at or after `t`. */
export function indexAtOrAfter(run: Run, t: number, now: number): number {
  const end = endIndex(run, now);
  let lo = bufferStart(run, now);
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (timeOf(run, mid) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function lineAt(run: Run, i: number, container: string): LogLine {
  const t = timeOf(run, i);
  if (run.crash) {
    if (i < CRASH_STARTUP_LINES) return { t, text: crashStartup(container, i, t) };
    return { t, text: PANIC[i - CRASH_STARTUP_LINES]! };
  }
  if (run.mischief) return { t, text: mischiefLine(run, i, t, container) };
  return { t, text: normalLine(run, i, t, container) };
}

/**
 * What a hostile or careless program writes: a title change, a screen clear,
 * colours, a bare carriage return that would overwrite the line, an 8-bit CSI.
 * Every other line is ordinary, so the damage shows between normal lines.
 */
export const MISCHIEF = [
  '\x1b]0;pwned\x07title changed?',
  '\x1b[2Jscreen cleared?',
  'status: \x1b[31mred\x1b[0m alert',
  'progress 10%\rprogress 100% (carriage return)',
  '\x9b2J 8-bit CSI clear',
  'bell\x07 and backspace\x08 and nul\x00 bytes',
];

function mischiefLine(run: Run, i: number, t: number, container: string): string {
  if (i % 2 === 0) return normalLine(run, i, t, container);
  return `mischief ${i}: ${MISCHIEF[((i - 1) / 2) % MISCHIEF.length]!}`;
}

export function formatLine(l: LogLine, timestamps: boolean): string {
  return timestamps ? `${isoNano(l.t)} ${l.text}\n` : `${l.text}\n`;
}

const PATHS = ['/', '/api/v1/items', '/api/v1/cart', '/api/v1/checkout', '/healthz', '/metrics', '/static/app.js', '/api/v1/search?q=shoes', '/login', '/api/v1/orders/1042'];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'GET', 'PUT', 'GET', 'DELETE'];
const AGENTS = ['Mozilla/5.0 (X11; Linux x86_64)', 'curl/8.5.0', 'kube-probe/1.30', 'Go-http-client/1.1', 'python-requests/2.32.3'];
const MSGS = ['request completed', 'cache miss', 'connected to upstream', 'retrying request', 'slow query', 'token refreshed', 'flushed metrics', 'queue drained'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function clf(t: number): string {
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

function normalLine(run: Run, i: number, t: number, container: string): string {
  const r = makeRng(fnv32(run.seed) ^ Math.imul(i + 7, 0x85ebca6b));
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)]!;
  const roll = r();
  const status = roll < 0.9 ? 200 : roll < 0.95 ? 404 : roll < 0.98 ? 500 : 302;
  if (r() < 0.65) {
    const ip = `10.244.${1 + Math.floor(r() * 3)}.${2 + Math.floor(r() * 250)}`;
    return `${ip} - - [${clf(t)}] "${pick(METHODS)} ${pick(PATHS)} HTTP/1.1" ${status} ${Math.floor(r() * 20000)} "-" "${pick(AGENTS)}" ${(r() * 0.3).toFixed(3)}`;
  }
  const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
  return JSON.stringify({
    time: new Date(t).toISOString(),
    level,
    logger: container,
    msg: level === 'error' ? 'upstream returned an error' : pick(MSGS),
    path: pick(PATHS),
    status,
    duration_ms: Math.floor(r() * 400),
    trace_id: Math.floor(r() * 0xffffffff).toString(16).padStart(8, '0'),
  });
}

function crashStartup(container: string, i: number, t: number): string {
  const lines = [
    `{"time":"${new Date(t).toISOString()}","level":"info","msg":"starting ${container}","version":"2.3.0"}`,
    `{"time":"${new Date(t).toISOString()}","level":"info","msg":"loading config","path":"/etc/${container}/config.yaml"}`,
    `{"time":"${new Date(t).toISOString()}","level":"info","msg":"connecting to database","host":"postgres.shop.svc.cluster.local:5432"}`,
    `{"time":"${new Date(t).toISOString()}","level":"warn","msg":"merchant key not set, falling back to default provider"}`,
  ];
  return lines[i]!;
}

const PANIC = [
  'panic: runtime error: invalid memory address or nil pointer dereference',
  '[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x6b2f1d]',
  '',
  'goroutine 1 [running]:',
  'main.(*Processor).Charge(0x0, {0xc0001a2000, 0x24})',
  '\t/src/cmd/payments/processor.go:88 +0x1d',
  'main.(*Server).warmup(0xc000132000)',
  '\t/src/cmd/payments/server.go:41 +0x8e',
  'main.main()',
  '\t/src/cmd/payments/main.go:27 +0x1a5',
];

export type LogTarget = { ok: true; container: string; run: Run } | { ok: false; message: string };

function ms(s: string | undefined): number | undefined {
  return s ? Date.parse(s) : undefined;
}

/** Chooses the container and run a log request refers to, with the apiserver's error texts. */
export function resolveLogTarget(pod: Pod, container: string | undefined, previous: boolean, speed: number): LogTarget {
  const name = pod.metadata.name;
  const containers = pod.spec?.containers ?? [];
  if (!container) {
    const def = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
    if (def && containers.some((c) => c.name === def)) container = def;
    else if (containers.length === 1) container = containers[0]!.name;
    else {
      const init = pod.spec?.initContainers?.map((c) => c.name) ?? [];
      return {
        ok: false,
        message: `a container name must be specified for pod ${name}, choose one of: [${containers.map((c) => c.name).join(' ')}]${init.length ? ` or one of the init containers: [${init.join(' ')}]` : ''}`,
      };
    }
  }
  if (!containers.some((c) => c.name === container) && !pod.spec?.initContainers?.some((c) => c.name === container)) {
    return { ok: false, message: `container ${container} is not valid for pod ${name}` };
  }
  if (!pod.spec?.nodeName) return { ok: false, message: `pod ${name} does not have a host assigned` };
  const cs = pod.status?.containerStatuses?.find((s) => s.name === container);
  const last = cs?.lastState?.terminated;
  if (previous) {
    if (!cs || !last) return { ok: false, message: `previous terminated container "${container}" in pod "${name}" not found` };
    return { ok: true, container, run: makeRun(pod, container, cs.restartCount - 1, ms(last.startedAt)!, ms(last.finishedAt)!, speed) };
  }
  if (cs?.state?.running) {
    return { ok: true, container, run: makeRun(pod, container, cs.restartCount, ms(cs.state.running.startedAt)!, undefined, speed) };
  }
  if (cs?.state?.terminated) {
    const st = cs.state.terminated;
    return { ok: true, container, run: makeRun(pod, container, cs.restartCount, ms(st.startedAt)!, ms(st.finishedAt)!, speed) };
  }
  // Kubelet serves the last dead container's logs while a crash-looping one waits to restart.
  if (cs?.state?.waiting && last && cs.restartCount > 0) {
    return { ok: true, container, run: makeRun(pod, container, cs.restartCount - 1, ms(last.startedAt)!, ms(last.finishedAt)!, speed) };
  }
  const reason = cs?.state?.waiting?.reason ?? 'ContainerCreating';
  const why = reason === 'ImagePullBackOff' || reason === 'ErrImagePull' ? 'trying and failing to pull image' : reason;
  return { ok: false, message: `container "${container}" in pod "${name}" is waiting to start: ${why}` };
}

/** Same run still current for this container? (A restart or deletion ends a follow.) */
export function sameRun(a: Run, b: Run | undefined): boolean {
  return !!b && a.seed === b.seed && a.start === b.start;
}
