// One watch request, read as it arrives. client-node's Watch calls back once
// per line and gives up after 30 s without data (a quiet namespace is silent
// for longer than that between bookmarks), so the stream is read here and
// handed on one network chunk at a time.
import type { Readable } from 'node:stream';
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

/**
 * Hands on each network chunk's complete lines as one batch, until the
 * stream ends or an ERROR event (or a line that is not JSON) stops it.
 */
function readEvents(body: Readable, onBatch: (events: RawWatchEvent[]) => void): Promise<WatchOutcome> {
  return new Promise((resolve, reject) => {
    let pending = '';
    body.setEncoding('utf8');
    body.on('data', (chunk: string) => {
      pending += chunk;
      const nl = pending.lastIndexOf('\n');
      if (nl < 0) return;
      const complete = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      try {
        const { batch, stop } = parseLines(complete);
        if (batch.length) onBatch(batch);
        if (stop) {
          resolve(stop);
          // Ends the request; the stream closes without an error.
          body.destroy();
        }
      } catch (err) {
        // Whatever the batch's consumer threw ends this watch as a failure, not the process.
        reject(err);
        body.destroy();
      }
    });
    body.once('end', () => resolve({ type: 'ended' }));
    body.once('error', reject);
  });
}

function parseLines(text: string): { batch: RawWatchEvent[]; stop?: WatchOutcome } {
  const batch: RawWatchEvent[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let ev: { type?: string; object?: unknown };
    try {
      ev = JSON.parse(line) as typeof ev;
    } catch {
      return { batch, stop: { type: 'network', message: 'malformed watch event from server' } };
    }
    if (ev.type === 'ERROR') {
      const st = (ev.object ?? {}) as StatusObject;
      return { batch, stop: st.code === 410 ? { type: 'gone' } : { type: 'error-event', code: st.code, message: st.message ?? st.reason ?? 'watch error' } };
    }
    if (ev.type === 'ADDED' || ev.type === 'MODIFIED' || ev.type === 'DELETED' || ev.type === 'BOOKMARK') {
      if (ev.object && typeof ev.object === 'object') batch.push({ type: ev.type, object: ev.object as KubeObject });
    }
  }
  return { batch };
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
    const res = await t.stream(`${req.path}?${req.query}`, { signal });
    if (!res.ok) {
      const err = await httpErrorFrom(res);
      if (err.status === 410) return { type: 'gone' };
      return { type: 'http', status: err.status, message: err.message };
    }
    req.onOpen();
    return await readEvents(res.body, req.onBatch);
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
