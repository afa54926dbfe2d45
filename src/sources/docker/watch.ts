// Keeps the Docker views current: events from the engine trigger a (debounced)
// re-list, a slow poll covers events that were missed, and any failure is
// reported as one line and retried with backoff. Docker has no resourceVersion
// to resume from, so a full re-list is the only honest refresh.
import type { DockerSnapshot } from '../../model/docker-types.js';
import type { ConnectionState } from '../../model/types.js';
import { Backoff } from '../kube/backoff.js';
import type { DockerClient } from './client.js';
import { toDockerError } from './errors.js';

export interface DockerSink {
  onSnapshot(s: DockerSnapshot): void;
  onState(state: ConnectionState, message?: string): void;
}

export interface DockerWatchOptions {
  /** Safety poll while live; default 10 s. */
  pollMs?: number;
  /** Events arrive in bursts (a `docker rmi` sends several); default 200 ms. */
  debounceMs?: number;
  /** First retry delay after a failure; default 1 s, doubling up to maxBackoffMs. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

export function startDockerWatch(client: DockerClient, sink: DockerSink, opts: DockerWatchOptions = {}): { stop(): void; refresh(): void } {
  const pollMs = opts.pollMs ?? 10_000;
  const debounceMs = opts.debounceMs ?? 200;
  const backoff = new Backoff(opts.initialBackoffMs ?? 1_000, opts.maxBackoffMs ?? 30_000);
  // A separate backoff for the event stream: if /events keeps failing while lists work,
  // resubscribing on every successful list would be a hot loop.
  const eventsBackoff = new Backoff(opts.initialBackoffMs ?? 1_000, opts.maxBackoffMs ?? 30_000);

  let stopped = false;
  let healthy = false;
  let running = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let debounce: NodeJS.Timeout | undefined;
  let events: { abort(): void } | undefined;
  let eventsRetryAt = 0;

  const schedule = (ms: number) => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(() => void cycle(), ms);
  };

  const subscribe = () => {
    if (events || stopped || Date.now() < eventsRetryAt) return;
    events = client.events(
      () => {
        eventsBackoff.reset();
        refresh();
      },
      () => {
        events = undefined;
        eventsRetryAt = Date.now() + eventsBackoff.next();
        // The stream usually ends because the engine went away: look now rather than at the next poll.
        refresh();
      },
    );
  };

  async function cycle(): Promise<void> {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    clearTimeout(timer);
    try {
      if (!healthy) await client.ping();
      const snap = await client.snapshot();
      if (stopped) return;
      sink.onSnapshot(snap);
      if (!healthy) sink.onState('live');
      healthy = true;
      backoff.reset();
      subscribe();
      schedule(pollMs);
    } catch (err) {
      if (stopped) return;
      healthy = false;
      events?.abort();
      events = undefined;
      sink.onState('error', toDockerError(err, client.host).message);
      again = false;
      schedule(backoff.next());
    } finally {
      running = false;
      if (again && !stopped) {
        again = false;
        void cycle();
      }
    }
  }

  function refresh(): void {
    if (stopped) return;
    clearTimeout(debounce);
    debounce = setTimeout(() => void cycle(), debounceMs);
  }

  sink.onState('connecting');
  void cycle();

  return {
    refresh,
    stop() {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(debounce);
      events?.abort();
      events = undefined;
    },
  };
}
