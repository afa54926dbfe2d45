// A fixed-capacity FIFO for log lines. A pane can tail a chatty deployment for
// hours, so memory must be bounded by the capacity (k9s's log view grew without
// limit), and pushes must stay O(1) at tens of thousands of lines per second:
// the backing array is allocated once and never shifted.

export class RingBuffer<T> {
  readonly capacity: number;
  private readonly items: (T | undefined)[];
  /** Slot of the oldest kept item. */
  private head = 0;
  private count = 0;
  private pushed = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`ring buffer capacity must be a whole number >= 1, got ${capacity}`);
    }
    this.capacity = capacity;
    this.items = new Array<T | undefined>(capacity).fill(undefined);
  }

  /** Items kept now. */
  get size(): number {
    return this.count;
  }

  /** Items ever pushed, including the ones overwritten or cleared since. */
  get total(): number {
    return this.pushed;
  }

  /** Items pushed but no longer kept. */
  get dropped(): number {
    return this.pushed - this.count;
  }

  push(v: T): void {
    this.pushed++;
    if (this.count < this.capacity) {
      let slot = this.head + this.count;
      if (slot >= this.capacity) slot -= this.capacity;
      this.items[slot] = v;
      this.count++;
      return;
    }
    this.items[this.head] = v;
    this.head++;
    if (this.head === this.capacity) this.head = 0;
  }

  pushAll(vs: readonly T[]): void {
    for (let i = 0; i < vs.length; i++) this.push(vs[i]!);
  }

  /** 0 is the oldest kept item; negative indexes count from the newest (-1), like Array.prototype.at. */
  at(i: number): T | undefined {
    let k = Math.trunc(i);
    if (k < 0) k += this.count;
    if (!(k >= 0 && k < this.count)) return undefined;
    let slot = this.head + k;
    if (slot >= this.capacity) slot -= this.capacity;
    return this.items[slot];
  }

  last(): T | undefined {
    return this.count === 0 ? undefined : this.at(this.count - 1);
  }

  /** Array.prototype.slice semantics over the kept items, oldest first. */
  slice(start = 0, end?: number): T[] {
    const n = this.count;
    const norm = (x: number) => {
      const k = Number.isNaN(x) ? 0 : Math.trunc(x);
      return k < 0 ? Math.max(0, n + k) : Math.min(k, n);
    };
    const from = norm(start);
    const to = end === undefined ? n : norm(end);
    const out: T[] = [];
    for (let k = from; k < to; k++) {
      let slot = this.head + k;
      if (slot >= this.capacity) slot -= this.capacity;
      out.push(this.items[slot] as T);
    }
    return out;
  }

  /** Forgets every kept item (and lets them be collected); `total` still counts them. */
  clear(): void {
    this.items.fill(undefined);
    this.head = 0;
    this.count = 0;
  }

  *[Symbol.iterator](): Iterator<T> {
    // Bounds are read once, so a loop body that pushes cannot iterate forever.
    const n = this.count;
    const head = this.head;
    for (let k = 0; k < n; k++) {
      let slot = head + k;
      if (slot >= this.capacity) slot -= this.capacity;
      yield this.items[slot] as T;
    }
  }
}
