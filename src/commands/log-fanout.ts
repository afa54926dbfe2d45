// The streams behind one log pane, stern-style: every container of every pod
// a target covers, with membership following the watched pods in the store.
// Streams that end because a container restarted reconnect from the last
// line's timestamp; containers that cannot serve logs yet are retried when
// their status changes (or on a slow backoff), never in a loop.
import type { Session } from './session.js';
import type { KdeckState } from '../store/state.js';
import type { Pod } from '../model/types.js';
import { matchesSelector, parseSelector, type Selector } from '../model/label-selector.js';
import { KubeTransport } from '../sources/kube/transport.js';
import { callApi } from '../sources/kube/actions.js';
import { streamLogs, type LogStream, type LogStreamEnd, type LogStreamOptions } from '../sources/kube/logs.js';

export type LogTarget =
  | { kind: 'pod'; namespace: string; pod: string; container?: string }
  | { kind: 'selector'; namespace?: string; selector: string; title: string; deployment?: { namespace: string; name: string } };

export interface FanoutSink {
  /** source = "pod/container"; raw lines keep their timestamp prefix. */
  lines(source: string, raw: string[]): void;
  marker(source: string, text: string): void;
}

export interface FanoutOptions {
  target: LogTarget;
  previous: boolean;
  tailLines: number;
  sinceSeconds?: number;
  sink: FanoutSink;
}

export interface Fanout {
  stop(): void;
  sources(): string[];
}

/** Pause before reconnecting a stream that was delivering lines when it ended. */
export const RECONNECT_MS = 1000;
const RECONNECT_MAX_MS = 30_000;
const WAITING_FIRST_MS = 5000;

interface Member {
  key: string;
  namespace: string;
  pod: string;
  uid: string | undefined;
  container: string;
  source: string;
  stream?: LogStream;
  timer?: NodeJS.Timeout;
  /** Timestamp of the last line delivered, and how many delivered lines carried exactly it. */
  lastTs?: string;
  lastTsCount: number;
  /** A stream has been opened successfully at least once (tailLines applies only before that). */
  opened: boolean;
  /** Container status when the retry was scheduled; a change retries at once. */
  statusSig?: string;
  backoffMs: number;
  /** The stream ended while delivering; say so when reconnecting. */
  pendingMarker?: boolean;
  /** When the container we last connected to started, to tell a restart from a dropped connection. */
  startedAt?: string;
  /** The last problem reported, so a retry that fails the same way stays quiet. */
  lastProblem?: string;
  done: boolean;
}

/** [seconds since epoch, nanoseconds] of an RFC 3339 timestamp, or undefined. */
function parseTs(ts: string): [number, number] | undefined {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(ts);
  if (!m) return undefined;
  const sec = Date.parse(m[1]! + m[3]!);
  if (Number.isNaN(sec)) return undefined;
  return [sec / 1000, m[2] ? Number(m[2].padEnd(9, '0')) : 0];
}

function compareTs(a: [number, number], b: [number, number]): number {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
}

function tsOf(line: string): string {
  const sp = line.indexOf(' ');
  return sp < 0 ? line : line.slice(0, sp);
}

function containerStatus(pod: Pod | undefined, container: string) {
  return pod?.status?.containerStatuses?.find((c) => c.name === container);
}

function statusSignature(pod: Pod | undefined, container: string): string {
  const cs = containerStatus(pod, container);
  if (!cs) return `none:${pod?.spec?.nodeName ?? ''}`;
  const st = cs.state ?? {};
  const what = st.running ? `running:${st.running.startedAt ?? ''}` : st.terminated ? `terminated:${st.terminated.finishedAt ?? ''}` : `waiting:${st.waiting?.reason ?? ''}`;
  return `${cs.restartCount}:${what}`;
}

function waitingReason(message: string): string {
  const i = message.indexOf('waiting to start: ');
  return i >= 0 ? message.slice(i + 'waiting to start: '.length) : message;
}

export function startFanout(session: Session, opts: FanoutOptions): Fanout {
  const { target, sink, previous } = opts;
  const store = session.store;
  const members = new Map<string, Member>();
  const selector: Selector | undefined = target.kind === 'selector' ? parseSelector(target.selector) : undefined;
  const ownSource = target.kind === 'pod' ? target.pod : target.title;
  let stopped = false;
  let initial = true;
  let lastVersion = -1;
  /** A pod outside the watched namespaces, read once: its containers never change. */
  let fetched: Pod | undefined;
  let fetching = false;
  let told = '';

  let transport: KubeTransport | undefined;
  try {
    transport = new KubeTransport(session.kubeconfig());
  } catch (err) {
    sink.marker(ownSource, `cannot stream logs: ${(err as Error).message}`);
  }

  const podOf = (m: { namespace: string; pod: string }): Pod | undefined =>
    store.getState().resources.pods.get(`${m.namespace}/${m.pod}`) ?? (fetched?.metadata.name === m.pod ? fetched : undefined);

  const tell = (m: Member, text: string) => {
    if (!stopped) sink.marker(m.source, text);
  };

  const schedule = (m: Member, ms: number) => {
    clearTimeout(m.timer);
    m.statusSig = statusSignature(podOf(m), m.container);
    m.timer = setTimeout(() => {
      m.timer = undefined;
      connect(m);
    }, ms);
  };

  const connect = (m: Member) => {
    if (stopped || m.done || !transport) return;
    clearTimeout(m.timer);
    m.timer = undefined;
    // Said here rather than when the stream ended: by now the store has caught
    // up, and a pod deleted meanwhile leaves without a misleading line.
    const cs = containerStatus(podOf(m), m.container);
    const startedAt = cs?.state?.running?.startedAt;
    const restarted = m.opened && startedAt !== undefined && startedAt !== m.startedAt;
    if (m.pendingMarker || restarted) {
      const waiting = cs?.state?.waiting?.reason;
      if (restarted) tell(m, 'container restarted, reconnecting');
      else if (waiting) tell(m, `container exited (${waiting}); will reconnect when it restarts`);
      else tell(m, 'stream ended, reconnecting');
      m.pendingMarker = false;
    }
    if (startedAt) m.startedAt = startedAt;
    if (restarted) m.lastProblem = undefined;
    const openedAt = Date.now();
    const o: LogStreamOptions = { namespace: m.namespace, pod: m.pod, container: m.container, follow: !previous, previous, timestamps: true };
    if (m.lastTs && !previous) o.sinceTime = m.lastTs;
    else if (!m.opened) {
      o.tailLines = opts.tailLines;
      if (opts.sinceSeconds !== undefined) o.sinceSeconds = opts.sinceSeconds;
    }
    // sinceTime is inclusive and may be rounded down to the second, so the
    // first lines of a reconnect can repeat what was already delivered.
    const after = m.lastTs && !previous ? parseTs(m.lastTs) : undefined;
    let skipping = after !== undefined;
    let sameSeen = 0;
    let delivered = 0;
    const stream = streamLogs(transport, o, (lines) => {
      if (m.stream !== stream || stopped) return;
      let batch = lines;
      if (skipping) {
        let i = 0;
        for (; i < lines.length; i++) {
          const ts = parseTs(tsOf(lines[i]!));
          const c = ts ? compareTs(ts, after!) : 1;
          if (c < 0) continue;
          if (c === 0 && sameSeen < m.lastTsCount) {
            sameSeen++;
            continue;
          }
          skipping = false;
          break;
        }
        batch = i === 0 ? lines : lines.slice(i);
        if (batch.length === 0) return;
      }
      const last = tsOf(batch[batch.length - 1]!);
      let same = 0;
      for (let i = batch.length - 1; i >= 0 && tsOf(batch[i]!) === last; i--) same++;
      m.lastTsCount = same === batch.length && last === m.lastTs ? m.lastTsCount + same : same;
      m.lastTs = last;
      delivered += batch.length;
      if (m.lastProblem !== 'eof') m.lastProblem = undefined;
      sink.lines(m.source, batch);
    });
    m.stream = stream;
    void stream.done.then((end) => {
      if (m.stream !== stream) return;
      m.stream = undefined;
      ended(m, end, delivered, Date.now() - openedAt);
    });
  };

  const ended = (m: Member, end: LogStreamEnd, delivered: number, lastedMs: number) => {
    if (stopped || m.done || end.reason === 'aborted') return;
    const problem = end.reason === 'waiting' ? `waiting to start: ${waitingReason(end.message)}` : end.reason === 'error' ? end.message : undefined;
    if (end.reason === 'eof') m.opened = true;
    if (previous) {
      m.done = true;
      if (end.reason === 'eof') return;
      if (/previous terminated container .* not found/.test(end.message)) tell(m, 'no previous container');
      else tell(m, problem!);
      return;
    }
    const pod = podOf(m);
    if (end.reason === 'eof') {
      const phase = pod?.status?.phase;
      const cs = containerStatus(pod, m.container);
      const policy = pod?.spec?.restartPolicy;
      const final = cs?.state?.terminated && (policy === 'Never' || (policy === 'OnFailure' && cs.state.terminated.exitCode === 0));
      if (phase === 'Succeeded' || phase === 'Failed' || final) {
        m.done = true;
        tell(m, 'stream ended');
        return;
      }
      // A stream that ends soon after opening, again, is not news: it is the
      // same dead container (or a server repeating itself); back off quietly.
      if (delivered > 0 && (lastedMs >= 2000 || m.lastProblem !== 'eof')) {
        m.backoffMs = RECONNECT_MS;
        m.pendingMarker = true;
      } else {
        m.backoffMs = Math.min(m.backoffMs * 2, RECONNECT_MAX_MS);
      }
      m.lastProblem = 'eof';
      schedule(m, m.backoffMs);
      return;
    }
    if (m.lastProblem !== problem) {
      tell(m, end.reason === 'waiting' ? `${problem} — will retry` : problem!);
      m.backoffMs = WAITING_FIRST_MS;
    } else {
      m.backoffMs = Math.min(Math.max(m.backoffMs * 2, WAITING_FIRST_MS), RECONNECT_MAX_MS);
    }
    m.lastProblem = problem;
    schedule(m, m.backoffMs);
  };

  const leave = (m: Member, why: string) => {
    members.delete(m.key);
    m.done = true;
    clearTimeout(m.timer);
    m.timer = undefined;
    const s = m.stream;
    m.stream = undefined;
    s?.abort();
    tell(m, `left (${why})`);
  };

  const join = (pod: Pod, container: string, announce: boolean) => {
    const ns = pod.metadata.namespace ?? '';
    const m: Member = {
      key: `${ns}/${pod.metadata.name}/${container}`,
      namespace: ns,
      pod: pod.metadata.name,
      uid: pod.metadata.uid,
      container,
      source: `${pod.metadata.name}/${container}`,
      lastTsCount: 0,
      opened: false,
      backoffMs: RECONNECT_MS,
      done: false,
    };
    members.set(m.key, m);
    if (announce) tell(m, 'joined');
    connect(m);
  };

  const watched = (s: KdeckState, ns: string | undefined) => s.namespace === undefined || ns === undefined || s.namespace === ns;

  const fetchPod = (ns: string, name: string) => {
    if (fetching || !transport) return;
    fetching = true;
    callApi(transport, 'GET', `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(name)}`)
      .then((p) => {
        if (stopped) return;
        fetched = p as Pod;
        evaluate(true);
      })
      .catch((err: Error) => {
        if (!stopped) sink.marker(ownSource, `cannot read pod ${ns}/${name}: ${err.message}`);
      });
  };

  /** The pods (with the containers to stream) the target covers now. */
  const wanted = (s: KdeckState): Map<string, { pod: Pod; container: string }> => {
    const out = new Map<string, { pod: Pod; container: string }>();
    const add = (pod: Pod) => {
      const names = target.kind === 'pod' && target.container ? [target.container] : (pod.spec?.containers ?? []).map((c) => c.name);
      for (const c of names) out.set(`${pod.metadata.namespace ?? ''}/${pod.metadata.name}/${c}`, { pod, container: c });
    };
    if (target.kind === 'pod') {
      const pod = s.resources.pods.get(`${target.namespace}/${target.pod}`) ?? fetched;
      if (pod) add(pod);
      return out;
    }
    for (const pod of s.resources.pods.values()) {
      if (target.namespace !== undefined && pod.metadata.namespace !== target.namespace) continue;
      if (matchesSelector(pod.metadata.labels, selector!)) add(pod);
    }
    return out;
  };

  const evaluate = (force = false) => {
    if (stopped) return;
    const s = store.getState();
    if (!force && s.versions.pods === lastVersion) return;
    lastVersion = s.versions.pods;
    const ns = target.namespace;
    if (!watched(s, ns)) {
      if (target.kind === 'pod') fetchPod(target.namespace, target.pod);
      else if (told !== 'unwatched') {
        told = 'unwatched';
        sink.marker(ownSource, `namespace ${ns} is not being watched; switch to it (or all namespaces) to follow its pods`);
      }
    }
    const want = wanted(s);
    const announce = !initial;
    if (s.synced.pods || want.size > 0 || fetched) initial = false;
    for (const m of [...members.values()]) {
      const w = want.get(m.key);
      if (!w) {
        const stillThere = podOf(m);
        leave(m, stillThere ? 'no longer matches' : 'pod deleted');
      } else if (w.pod.metadata.uid !== m.uid) {
        leave(m, 'pod replaced');
      }
    }
    for (const [key, w] of want) if (!members.has(key)) join(w.pod, w.container, announce);
    // A container that could not serve logs is retried as soon as its status moves.
    for (const m of members.values()) {
      if (!m.timer || m.done) continue;
      if (statusSignature(podOf(m), m.container) !== m.statusSig) connect(m);
    }
    if (target.kind === 'pod' && s.synced.pods && want.size === 0 && watched(s, ns) && told !== 'missing') {
      told = 'missing';
      sink.marker(ownSource, `pod ${target.namespace}/${target.pod} not found; waiting for it to appear`);
    }
  };

  const unsubscribe = store.subscribe(() => evaluate());
  evaluate(true);

  return {
    stop() {
      if (stopped) return;
      stopped = true;
      unsubscribe();
      for (const m of members.values()) {
        m.done = true;
        clearTimeout(m.timer);
        m.timer = undefined;
        m.stream?.abort();
        m.stream = undefined;
      }
      members.clear();
      transport?.close();
    },
    sources: () => [...members.values()].map((m) => m.source).sort(),
  };
}
