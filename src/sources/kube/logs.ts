// One container's log as a stream of line batches. A busy pod writes tens of
// thousands of lines a second, so lines are handed on once per network chunk,
// never once per line, and nothing is sanitized here: the pane does that once,
// on the lines it keeps.
import { describeRequestError, httpErrorFrom, type KubeTransport } from './transport.js';

export interface LogStreamOptions {
  namespace: string;
  pod: string;
  container: string;
  follow: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  /** RFC 3339; lines at or after it (the apiserver may round it down to the second). */
  sinceTime?: string;
  previous?: boolean;
  timestamps: boolean;
  limitBytes?: number;
}

export type LogStreamEnd =
  | { reason: 'eof' }
  | { reason: 'aborted' }
  | { reason: 'waiting'; message: string }
  | { reason: 'error'; message: string; status?: number };

export interface LogStream {
  done: Promise<LogStreamEnd>;
  abort(): void;
}

/**
 * The kubelet answers 400 while a container cannot serve logs yet; those are
 * worth retrying later, unlike a 400 for a container name that does not exist.
 */
const NOT_STARTED = /is waiting to start|does not have a host assigned|PodInitializing|ContainerCreating/;

export function logPath(opts: LogStreamOptions): string {
  const q = new URLSearchParams({ container: opts.container });
  if (opts.follow) q.set('follow', 'true');
  if (opts.timestamps) q.set('timestamps', 'true');
  if (opts.previous) q.set('previous', 'true');
  if (opts.tailLines !== undefined) q.set('tailLines', String(opts.tailLines));
  if (opts.sinceSeconds !== undefined) q.set('sinceSeconds', String(opts.sinceSeconds));
  if (opts.sinceTime !== undefined) q.set('sinceTime', opts.sinceTime);
  if (opts.limitBytes !== undefined) q.set('limitBytes', String(opts.limitBytes));
  return `/api/v1/namespaces/${encodeURIComponent(opts.namespace)}/pods/${encodeURIComponent(opts.pod)}/log?${q}`;
}

/** Splits a byte stream into lines across chunk boundaries; one array per chunk. */
export class LineSplitter {
  private decoder = new TextDecoder();
  private pending = '';

  push(chunk: Uint8Array): string[] {
    const text = this.pending + this.decoder.decode(chunk, { stream: true });
    const nl = text.lastIndexOf('\n');
    if (nl < 0) {
      this.pending = text;
      return [];
    }
    this.pending = text.slice(nl + 1);
    const lines = text.slice(0, nl).split('\n');
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.endsWith('\r')) lines[i] = l.slice(0, -1);
    }
    return lines;
  }

  /** What is left at the end of the stream: a last line without its newline. */
  end(): string[] {
    const rest = this.pending + this.decoder.decode();
    this.pending = '';
    if (rest === '') return [];
    return [rest.endsWith('\r') ? rest.slice(0, -1) : rest];
  }
}

export function streamLogs(transport: KubeTransport, opts: LogStreamOptions, onLines: (lines: string[]) => void): LogStream {
  const ctl = new AbortController();
  const run = async (): Promise<LogStreamEnd> => {
    try {
      const res = await transport.request(logPath(opts), { signal: ctl.signal, headers: { Accept: '*/*' } });
      if (!res.ok) {
        const err = await httpErrorFrom(res);
        if (err.status === 400 && NOT_STARTED.test(err.message)) return { reason: 'waiting', message: err.message };
        return { reason: 'error', message: err.message, status: err.status };
      }
      if (!res.body) return { reason: 'eof' };
      const split = new LineSplitter();
      for await (const chunk of res.body) {
        const lines = split.push(chunk as Uint8Array);
        if (lines.length) onLines(lines);
      }
      const rest = split.end();
      if (rest.length) onLines(rest);
      return { reason: 'eof' };
    } catch (err) {
      if (ctl.signal.aborted) return { reason: 'aborted' };
      const e = err as Error;
      if (e?.name === 'CredentialError') return { reason: 'error', message: e.message };
      return { reason: 'error', message: describeRequestError(err).detail };
    }
  };
  const done = run();
  return {
    done,
    abort: () => ctl.abort(),
  };
}
