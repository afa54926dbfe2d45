// Small deterministic helpers shared by the demo cluster: seeded randomness,
// Kubernetes-style generated names and hashes, and a speed-scaled timer set.

export type Rng = () => number;

/** mulberry32: tiny, fast and good enough to make the seed repeatable. */
export function makeRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function fnv32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// The alphabet the real apiserver uses for generated suffixes (no vowels, no
// look-alike characters), so names look like the ones users know.
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * A pod-template-hash the way users see them (e.g. "7d4b9c8f6d"): the decimal
 * digits of a 32-bit hash mapped onto the safe alphabet.
 */
export function templateHashString(n: number): string {
  return String(n >>> 0)
    .split('')
    .map((c) => SAFE[c.charCodeAt(0) % SAFE.length])
    .join('');
}

export function randomSuffix(rng: Rng, len = 5): string {
  let out = '';
  for (let i = 0; i < len; i++) out += SAFE[Math.floor(rng() * SAFE.length)];
  return out;
}

export function uuid(rng: Rng): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rng() * 16).toString(16)).join('');
  const variant = (8 + Math.floor(rng() * 4)).toString(16);
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}

export function hex(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rng() * 16).toString(16);
  return s;
}

/** RFC 3339 with second precision, as the API serialises metav1.Time. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** RFC 3339 with nanoseconds, as kubelet prefixes log lines with timestamps=true. */
export function isoNano(ms: number): string {
  const d = new Date(Math.floor(ms));
  const frac = String(Math.floor((ms % 1000) * 1e6)).padStart(9, '0');
  return d.toISOString().slice(0, 19) + '.' + frac + 'Z';
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => deepEqual(ao[k], bo[k]));
}

export function clone<T>(v: T): T {
  return structuredClone(v);
}

/**
 * Timers scaled by the cluster's speed, all tracked so close() can cancel
 * every pending one and leave no handle keeping the process alive.
 */
export class Timers {
  private handles = new Set<NodeJS.Timeout>();
  private closed = false;
  constructor(readonly speed: number) {}

  /** Simulated milliseconds → wall-clock milliseconds. */
  scale(ms: number): number {
    return ms / this.speed;
  }

  after(simMs: number, fn: () => void): NodeJS.Timeout | undefined {
    return this.afterWall(this.scale(simMs), fn);
  }

  afterWall(wallMs: number, fn: () => void): NodeJS.Timeout | undefined {
    if (this.closed) return undefined;
    const h = setTimeout(() => {
      this.handles.delete(h);
      if (!this.closed) fn();
    }, Math.max(0, wallMs));
    this.handles.add(h);
    return h;
  }

  every(wallMs: number, fn: () => void): NodeJS.Timeout | undefined {
    if (this.closed) return undefined;
    const h = setInterval(() => {
      if (!this.closed) fn();
    }, Math.max(1, wallMs));
    this.handles.add(h);
    return h;
  }

  cancel(h: NodeJS.Timeout | undefined): void {
    if (!h) return;
    clearTimeout(h);
    this.handles.delete(h);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  closeAll(): void {
    this.closed = true;
    for (const h of this.handles) clearTimeout(h);
    this.handles.clear();
  }
}
