// The follow loop both demo servers use for streamed logs: the response stays
// open, `tick` runs every `everyMs` until it says stop, the client leaves, or
// the server closes (which ends every response in `streams`).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Timers } from './util.js';

export function followWhileOpen(
  req: IncomingMessage,
  res: ServerResponse,
  opts: { streams: Set<ServerResponse>; timers: Timers; everyMs: number; tick: () => 'more' | 'stop' },
): void {
  opts.streams.add(res);
  let timer: NodeJS.Timeout | undefined;
  const stop = () => {
    opts.timers.cancel(timer);
    opts.streams.delete(res);
    if (!res.writableEnded) res.end();
  };
  req.on('close', stop);
  res.on('close', stop);
  const poll = () => {
    if (res.writableEnded) return;
    if (opts.tick() === 'stop') return stop();
    timer = opts.timers.afterWall(opts.everyMs, poll);
  };
  timer = opts.timers.afterWall(opts.everyMs, poll);
}
