// One watch request, read as it arrives. client-node's Watch calls back once
// per line and gives up after 30 s without data (a quiet namespace is silent
// for longer than that between bookmarks), so the stream is read here and
// handed on one network chunk at a time.
import type { KubeObject } from '../../model/types.js';
import { describeRequestError, httpErrorFrom, type KubeTransport } from './transport.js';

export interface RawWatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  object: KubeObject;
}

export type WatchOutcome =
  | { type: 'ended' } // the server closed the stream normally (its timeoutSeconds)
  | { type: 'gone' } // 410: the resourceVersion is too old; relist
  | { type: 'http'; status: number; message: string }
  | { type: 'error-event'; code?: number; message: string }
  | { type: 'network'; message: string }
  | { type: 'aborted' };

export interface WatchRequest {
  path: string;
  query: URLSearchParams;
  signal: AbortSignal;
  /** Client-side limit on one request, in case the server never ends it (a dead TCP connection). */
  hardTimeoutMs: number;
  onOpen(): void;
  onBatch(events: RawWatchEvent[]): void;
}

interface StatusObject {
  code?: number;
  message?: string;
  reason?: string;
}

export async function watchOnce(t: KubeTransport, req: WatchRequest): Promise<WatchOutcome> {
  const local = new AbortController();
  let hardTimeout = false;
  const timer = setTimeout(() => {
    hardTimeout = true;
    local.abort();
  }, req.hardTimeoutMs);
  timer.unref();
  const signal = AbortSignal.any([req.signal, local.signal]);
  try {
    const res = await t.request(`${req.path}?${req.query}`, { signal });
    if (!res.ok) {
      const err = await httpErrorFrom(res);
      if (err.status === 410) return { type: 'gone' };
      return { type: 'http', status: err.status, message: err.message };
    }
    req.onOpen();
    if (!res.body) return { type: 'ended' };
    const decoder = new TextDecoder();
    let pending = '';
    let outcome: WatchOutcome = { type: 'ended' };
    reading: for await (const chunk of res.body) {
      pending += decoder.decode(chunk as Uint8Array, { stream: true });
      const nl = pending.lastIndexOf('\n');
      if (nl < 0) continue;
      const complete = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      const batch: RawWatchEvent[] = [];
      let stop: WatchOutcome | undefined;
      for (const line of complete.split('\n')) {
        if (line.trim() === '') continue;
        let ev: { type?: string; object?: unknown };
        try {
          ev = JSON.parse(line) as typeof ev;
        } catch {
          stop = { type: 'network', message: 'malformed watch event from server' };
          break;
        }
        if (ev.type === 'ERROR') {
          const st = (ev.object ?? {}) as StatusObject;
          stop = st.code === 410 ? { type: 'gone' } : { type: 'error-event', code: st.code, message: st.message ?? st.reason ?? 'watch error' };
          break;
        }
        if (ev.type === 'ADDED' || ev.type === 'MODIFIED' || ev.type === 'DELETED' || ev.type === 'BOOKMARK') {
          if (ev.object && typeof ev.object === 'object') batch.push({ type: ev.type, object: ev.object as KubeObject });
        }
      }
      if (batch.length) req.onBatch(batch);
      if (stop) {
        // Leaving the loop cancels the body; aborting here instead would make
        // that cancellation itself throw.
        outcome = stop;
        break reading;
      }
    }
    return outcome;
  } catch (err) {
    if (req.signal.aborted) return { type: 'aborted' };
    if (hardTimeout) return { type: 'ended' };
    if ((err as Error)?.name === 'CredentialError') throw err;
    return { type: 'network', message: describeRequestError(err).detail };
  } finally {
    clearTimeout(timer);
    local.abort();
  }
}
