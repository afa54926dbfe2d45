// A terminal for benchmarks: counts what kdeck writes, of a fixed size, and
// reports itself as a TTY so Ink renders incrementally as it would for a person.
import { EventEmitter } from 'node:events';

export class CountingTty extends EventEmitter {
  isTTY = true;
  bytes = 0;
  writes = 0;
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
    this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    this.writes++;
    const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    cb?.();
    return true;
  };
}

export class IdleStdin extends EventEmitter {
  isTTY = true;
  isRaw = false;
  setRawMode(v: boolean) {
    this.isRaw = v;
    return this;
  }
  setEncoding() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read() {
    return null;
  }
}
