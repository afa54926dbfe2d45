import type { ConnectionState } from '../model/types.js';
import type { SourceStatus } from '../store/state.js';
import { sanitize } from '../model/sanitize.js';

const RANK: Record<ConnectionState, number> = { live: 0, connecting: 1, reconnecting: 2, forbidden: 3, error: 4 };

/** Folds per-source states into the header's one status: the worst state wins, naming the sources in it. */
export function summarizeSources(sources: Record<string, SourceStatus>): { state: ConnectionState; text: string } {
  // Many users may not list nodes; that only narrows triage (which says so), it is no connection problem.
  const entries = Object.entries(sources).filter(([name, s]) => !(name === 'nodes' && s.state === 'forbidden'));
  if (entries.length === 0) return { state: 'connecting', text: '● connecting' };
  let worst: ConnectionState = 'live';
  for (const [, s] of entries) if (RANK[s.state] > RANK[worst]) worst = s.state;
  if (worst === 'live') return { state: 'live', text: '● live' };
  const names = entries.filter(([, s]) => s.state === worst).map(([n]) => n);
  const msg = entries.find(([, s]) => s.state === worst)?.[1].message;
  // Every watch failing the same way (the server is down, the credentials
  // were rejected) is one cause: name it, not six watches, so it fits 80 columns.
  if (worst !== 'forbidden' && msg && entries.every(([, s]) => s.state === worst && s.message === msg)) {
    return { state: worst, text: `● ${worst}: ${sanitize(msg)}` };
  }
  const detail = worst === 'forbidden' ? names.join(',') : `${names.join(',')}${msg ? `: ${sanitize(msg)}` : ''}`;
  return { state: worst, text: `● ${worst} (${detail})` };
}
