// Demo host containers' logs, generated like the demo cluster's (line i of a
// run has a fixed time and text) and framed as the Docker engine sends them:
// an 8-byte header per frame for containers without a TTY, raw bytes with
// CRLF line ends for a TTY container.

import type { DemoContainer, LogKind } from './docker-seed.js';
import { bufferStart, endIndex, indexAtOrAfter, lineAt, type Run } from './logs.js';
import { fnv32, isoNano, makeRng } from './util.js';

export const STDOUT = 1;
export const STDERR = 2;

export interface DockerLogLine {
  t: number;
  text: string;
  stream: typeof STDOUT | typeof STDERR;
}

/** Wall-clock ms between lines at speed 1, by what the container runs. */
const PERIOD: Record<LogKind, number> = { web: 700, nginx: 900, postgres: 2500, shell: 2000 };

export function containerRun(c: DemoContainer, speed: number): Run {
  return { seed: `docker/${c.name}/${c.startedAt}`, start: c.startedAt, ...(c.finishedAt !== undefined ? { end: c.finishedAt } : {}), crash: false, period: PERIOD[c.logKind] / speed };
}

function pgTime(t: number): string {
  const d = new Date(t);
  return d.toISOString().replace('T', ' ').replace('Z', ' UTC');
}

const PG_STARTUP = [
  'LOG:  starting PostgreSQL 16.5 (Debian 16.5-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit',
  'LOG:  listening on IPv4 address "0.0.0.0", port 5432',
  'LOG:  listening on IPv6 address "::", port 5432',
  'LOG:  listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"',
  'LOG:  database system was shut down at 2025-01-31 09:12:44 UTC',
  'LOG:  database system is ready to accept connections',
];

function postgresLine(run: Run, i: number, t: number): string {
  // The checkpointer is one long-lived process; backends come and go.
  const pid = i < PG_STARTUP.length ? 1 : (i - PG_STARTUP.length) % 4 < 2 ? 27 : 40 + (i % 50);
  if (i < PG_STARTUP.length) return `${pgTime(t)} [${pid}] ${PG_STARTUP[i]!}`;
  const r = makeRng(fnv32(`${run.seed}/${i}`));
  // A checkpoint logs a start and a completion; other lines come between.
  const step = (i - PG_STARTUP.length) % 4;
  if (step === 0) return `${pgTime(t)} [${pid}] LOG:  checkpoint starting: time`;
  if (step === 1) {
    const bufs = 10 + Math.floor(r() * 400);
    const write = r() * 30;
    return `${pgTime(t)} [${pid}] LOG:  checkpoint complete: wrote ${bufs} buffers (${(bufs / 163.84).toFixed(1)}%); 0 WAL file(s) added, 0 removed, 0 recycled; write=${write.toFixed(3)} s, sync=0.00${Math.floor(r() * 9)} s, total=${(write + 0.01 + r() * 0.05).toFixed(3)} s`;
  }
  const roll = r();
  if (roll < 0.6) return `${pgTime(t)} [${pid}] LOG:  automatic vacuum of table "shop.public.${roll < 0.3 ? 'orders' : 'carts'}": index scans: 1`;
  if (roll < 0.85) return `${pgTime(t)} [${pid}] ERROR:  duplicate key value violates unique constraint "orders_pkey"`;
  return `${pgTime(t)} [${pid}] FATAL:  password authentication failed for user "shop"`;
}

const ENDPOINTS = ['api.shop.svc', 'payments.shop.svc', 'redis.default.svc', 'grafana.monitoring.svc'];

function shellLine(run: Run, i: number, t: number): string {
  if (i === 0) return '\x1b[1mcheck-endpoints\x1b[0m: watching 4 endpoints every 2s';
  const r = makeRng(fnv32(`${run.seed}/${i}`));
  const host = ENDPOINTS[Math.floor(r() * ENDPOINTS.length)]!;
  const clock = new Date(t).toISOString().slice(11, 19);
  const ok = r() < 0.9;
  return ok ? `[${clock}] ${host}: \x1b[32mok\x1b[0m ${1 + Math.floor(r() * 40)}ms` : `[${clock}] ${host}: \x1b[31mtimeout\x1b[0m after 2000ms`;
}

export function containerLine(c: DemoContainer, run: Run, i: number): DockerLogLine {
  const base = lineAt(run, i, c.name);
  switch (c.logKind) {
    // The official postgres image logs everything to stderr.
    case 'postgres':
      return { t: base.t, text: postgresLine(run, i, base.t), stream: STDERR };
    case 'shell':
      return { t: base.t, text: shellLine(run, i, base.t), stream: STDOUT };
    default: {
      const bad = /"level":"(error|warn)"/.test(base.text);
      return { t: base.t, text: base.text, stream: bad ? STDERR : STDOUT };
    }
  }
}

export interface LogQuery {
  stdout: boolean;
  stderr: boolean;
  timestamps: boolean;
  /** undefined = all. */
  tail?: number;
  /** Unix ms. */
  since?: number;
  until?: number;
}

/** [from, end) line indexes a non-follow read returns at `now`. */
export function logRange(run: Run, q: LogQuery, now: number): { from: number; end: number } {
  const at = q.until !== undefined ? Math.min(now, q.until) : now;
  let from = bufferStart(run, now);
  if (q.since !== undefined) from = Math.max(from, indexAtOrAfter(run, q.since, now));
  let end = endIndex(run, now);
  if (q.until !== undefined) end = Math.min(end, indexAtOrAfter(run, at + 1, now));
  if (q.tail !== undefined) from = Math.max(from, end - q.tail);
  return { from, end: Math.max(from, end) };
}

/** The bytes for one line: a multiplexed frame, or raw TTY output. */
export function encodeLine(l: DockerLogLine, tty: boolean, q: LogQuery): Buffer | undefined {
  if (!tty && ((l.stream === STDOUT && !q.stdout) || (l.stream === STDERR && !q.stderr))) return undefined;
  if (tty && !q.stdout) return undefined;
  const text = `${q.timestamps ? isoNano(l.t) + ' ' : ''}${l.text}${tty ? '\r\n' : '\n'}`;
  const payload = Buffer.from(text, 'utf8');
  if (tty) return payload;
  const header = Buffer.alloc(8);
  header[0] = l.stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}
