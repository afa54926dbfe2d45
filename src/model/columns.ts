// Column sets per view and how they share a terminal's width. Small and slow
// terminals are the norm for on-call, so at 80 columns the columns that tell
// you what is broken (name, ready, status, restarts, age) always survive.

import stringWidth from 'string-width';
import type { Row, ViewKind } from './row.js';

export interface ColumnDef {
  id: string;
  title: string;
  /** Narrowest useful width; a column is dropped rather than squeezed below it (unless priority 0). */
  min: number;
  max?: number;
  /** 0 = always shown; higher numbers are dropped first when narrow. */
  priority: number;
  align?: 'left' | 'right';
  /** Share of leftover width this column takes. */
  grow?: number;
}

export interface ColumnLayout {
  id: string;
  title: string;
  width: number;
  align: 'left' | 'right';
}

export const COLUMNS: Record<ViewKind, ColumnDef[]> = {
  namespaces: [
    { id: 'name', title: 'NAME', min: 12, max: 63, priority: 0, grow: 1 },
    { id: 'status', title: 'STATUS', min: 6, max: 12, priority: 0 },
    { id: 'pods', title: 'PODS', min: 4, max: 7, priority: 0, align: 'right' },
    { id: 'unhealthy', title: 'UNHEALTHY', min: 9, max: 9, priority: 0, align: 'right' },
    { id: 'age', title: 'AGE', min: 3, max: 8, priority: 0 },
  ],
  pods: [
    { id: 'namespace', title: 'NAMESPACE', min: 8, max: 24, priority: 0 },
    { id: 'name', title: 'NAME', min: 16, max: 63, priority: 0, grow: 2 },
    { id: 'ready', title: 'READY', min: 5, max: 7, priority: 0 },
    { id: 'status', title: 'STATUS', min: 8, max: 26, priority: 0 },
    { id: 'restarts', title: 'RESTARTS', min: 8, max: 16, priority: 0 },
    { id: 'node', title: 'NODE', min: 10, max: 30, priority: 2 },
    { id: 'images', title: 'IMAGES', min: 16, max: 60, priority: 3, grow: 1 },
    { id: 'age', title: 'AGE', min: 3, max: 8, priority: 0 },
    { id: 'ip', title: 'IP', min: 7, max: 39, priority: 4 },
  ],
  deployments: [
    { id: 'namespace', title: 'NAMESPACE', min: 8, max: 24, priority: 0 },
    { id: 'name', title: 'NAME', min: 16, max: 63, priority: 0, grow: 2 },
    { id: 'ready', title: 'READY', min: 5, max: 11, priority: 0 },
    { id: 'uptodate', title: 'UP-TO-DATE', min: 10, max: 10, priority: 1, align: 'right' },
    { id: 'available', title: 'AVAILABLE', min: 9, max: 9, priority: 1, align: 'right' },
    { id: 'revision', title: 'REVISION', min: 8, max: 8, priority: 3, align: 'right' },
    { id: 'images', title: 'IMAGES', min: 16, max: 80, priority: 2, grow: 1 },
    { id: 'age', title: 'AGE', min: 3, max: 8, priority: 0 },
  ],
  images: [
    { id: 'image', title: 'IMAGE', min: 20, max: 100, priority: 0, grow: 2 },
    { id: 'tag', title: 'TAG', min: 8, max: 24, priority: 1 },
    { id: 'workloads', title: 'WORKLOADS', min: 12, max: 80, priority: 2, grow: 1 },
    { id: 'pods', title: 'PODS', min: 4, max: 6, priority: 0, align: 'right' },
    { id: 'flags', title: 'FLAGS', min: 8, max: 8, priority: 1 },
  ],
};

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Terminal columns a string occupies (CJK and emoji are 2). */
export function displayWidth(s: string): number {
  return PRINTABLE_ASCII.test(s) ? s.length : stringWidth(s);
}

/**
 * Widths for the columns that fit in `width`, measured on the rows given
 * (pass the visible ones). Optional columns are dropped by priority (highest
 * first, rightmost first on ties) until the must-show columns fit at natural
 * width next to the optional ones' minimums; then slack is trimmed, optional
 * and grow columns first; leftover space goes to grow columns up to their max.
 */
export function layoutColumns(defs: ColumnDef[], rows: Row[], width: number): ColumnLayout[] {
  const cols = defs.map((def, index) => {
    let natural = displayWidth(def.title);
    for (const r of rows) {
      const text = r.cells[def.id];
      if (text) {
        const w = displayWidth(text);
        if (w > natural) natural = w;
      }
    }
    if (def.max !== undefined) natural = Math.min(natural, def.max);
    return { def, index, natural, floor: Math.min(def.min, natural), width: natural };
  });

  const total = (list: typeof cols, pick: (c: (typeof cols)[number]) => number) =>
    list.reduce((s, c) => s + pick(c), 0) + Math.max(0, list.length - 1);

  // Optional columns stay only while the must-show ones can keep their
  // natural width and every optional one its minimum.
  let shown = cols.slice();
  const needed = (list: typeof cols) => total(list, (c) => (c.def.priority === 0 ? c.width : c.floor));
  while (needed(shown) > width) {
    let victim = -1;
    for (let i = 0; i < shown.length; i++) {
      const p = shown[i]!.def.priority;
      if (p > 0 && (victim < 0 || p >= shown[victim]!.def.priority)) victim = i;
    }
    if (victim < 0) break;
    shown.splice(victim, 1);
  }

  let excess = total(shown, (c) => c.width) - width;
  // Trim one cell at a time from the column with the most room above its
  // floor: optional columns first, then grow columns (made to flex), then any.
  const trim = (eligible: (c: (typeof cols)[number]) => boolean, floor: (c: (typeof cols)[number]) => number) => {
    while (excess > 0) {
      let best: (typeof cols)[number] | undefined;
      for (const c of shown) {
        if (!eligible(c) || c.width <= floor(c)) continue;
        if (!best || c.width - floor(c) > best.width - floor(best)) best = c;
      }
      if (!best) return;
      best.width--;
      excess--;
    }
  };
  trim((c) => c.def.priority > 0, (c) => c.floor);
  trim((c) => (c.def.grow ?? 0) > 0, (c) => c.floor);
  trim(() => true, (c) => c.floor);
  // Only must-show columns remain and they are still too wide: squeeze below the floors.
  trim(() => true, () => 1);

  let leftover = -excess;
  if (leftover > 0) {
    for (;;) {
      const growing = shown.filter((c) => (c.def.grow ?? 0) > 0 && (c.def.max === undefined || c.width < c.def.max));
      if (growing.length === 0 || leftover <= 0) break;
      const weight = growing.reduce((s, c) => s + c.def.grow!, 0);
      let given = 0;
      for (const c of growing) {
        const room = c.def.max === undefined ? Infinity : c.def.max - c.width;
        const share = Math.min(room, Math.max(1, Math.floor((leftover * c.def.grow!) / weight)), leftover - given);
        if (share <= 0) continue;
        c.width += share;
        given += share;
      }
      if (given === 0) break;
      leftover -= given;
    }
  }

  shown = shown.sort((a, b) => a.index - b.index);
  return shown.map((c) => ({ id: c.def.id, title: c.def.title, width: c.width, align: c.def.align ?? 'left' }));
}

let segmenter: Intl.Segmenter | undefined;

/** Exactly `width` terminal columns: padded, or cut with '…' on a grapheme boundary (wide characters never split). */
export function fitCell(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  const w = displayWidth(text);
  if (w <= width) {
    const pad = ' '.repeat(width - w);
    return align === 'right' ? pad + text : text + pad;
  }
  if (width === 1) return '…';
  let cut: string;
  let used: number;
  if (PRINTABLE_ASCII.test(text)) {
    cut = text.slice(0, width - 1);
    used = width - 1;
  } else {
    segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    cut = '';
    used = 0;
    for (const { segment } of segmenter.segment(text)) {
      const sw = stringWidth(segment);
      if (used + sw > width - 1) break;
      cut += segment;
      used += sw;
    }
  }
  // A wide character that did not fit leaves a gap; keep the cell exactly `width`.
  const fill = ' '.repeat(width - 1 - used);
  return align === 'right' ? fill + cut + '…' : cut + '…' + fill;
}
