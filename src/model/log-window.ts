// What a log pane draws, and how its keys move it. Everything here works from
// the ring buffer and the view state alone, so the same inputs always give the
// same screen. Costs are bounded by the screen height, not the buffer: lines
// are expanded (wrap, pretty JSON) only while filling the screen, and a seq is
// found by binary search (seqs only grow along the buffer).

import type { LogLine, LogViewState } from './log-types.js';
import type { RingBuffer } from './ring-buffer.js';
import { displayWidth } from './columns.js';
import { prettyJson, shortSource, sourceColorIndex, truncateText, wrapRanges } from './log-format.js';

export interface LogRow {
  /** The LogLine this screen row comes from; a wrapped or pretty-printed line gives several rows with the same seq. */
  seq: number;
  kind: 'line' | 'marker';
  /** "source | " on the first row of a line when the pane shows prefixes. */
  prefix?: string;
  colorIndex?: number;
  /** Only on the first row of a line, only when timestamps are shown, never on markers. */
  ts?: string;
  /** Already fitted to the width left after ts, prefix (and the marker's "── "). */
  text: string;
  /** [start, end) ranges of `text` matching the search, case-insensitively. */
  highlights: [number, number][];
}

export interface WindowOptions {
  width: number;
  height: number;
  prefix: boolean;
  palette: number;
}

export interface LogWindow {
  rows: LogRow[];
  topSeq: number;
  bottomSeq: number;
  /** The last row of the newest line in the buffer is on screen. */
  atEnd: boolean;
  /** While paused: lines that arrived after the pause (0 otherwise). */
  newSincePause: number;
}

export type LogMove = 'up' | 'down' | 'pageUp' | 'pageDown' | 'top' | 'bottom';

/** The UI draws markers as "── text". */
const MARKER_LEAD = 3;

// ---------------------------------------------------------------- search

let cachedQuery = '';
let cachedRe: RegExp | undefined;

function searchRe(query: string): RegExp | undefined {
  if (query === '') return undefined;
  if (query !== cachedQuery || !cachedRe) {
    cachedQuery = query;
    cachedRe = new RegExp(query.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), 'giu');
  }
  return cachedRe;
}

function matchRanges(text: string, re: RegExp | undefined): [number, number][] {
  if (!re) return [];
  const out: [number, number][] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push([m.index, m.index + m[0].length]);
  return out;
}

function contains(text: string, re: RegExp): boolean {
  re.lastIndex = 0;
  return re.test(text);
}

/** Ranges inside [from, to), shifted to start at `from`. */
function clip(ranges: [number, number][], from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  for (const [a, b] of ranges) {
    const s = Math.max(a, from);
    const e = Math.min(b, to);
    if (e > s) out.push([s - from, e - from]);
  }
  return out;
}

// ---------------------------------------------------------------- seq lookup

/** First index whose seq is > `seq` (size when none). */
function indexAfter(buf: RingBuffer<LogLine>, seq: number): number {
  let lo = 0;
  let hi = buf.size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (buf.at(mid)!.seq > seq) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** First index whose seq is >= `seq` (size when none). */
function indexAtOrAfter(buf: RingBuffer<LogLine>, seq: number): number {
  let lo = 0;
  let hi = buf.size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (buf.at(mid)!.seq >= seq) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

// ---------------------------------------------------------------- expansion

interface Expand {
  view: LogViewState;
  width: number;
  prefix: boolean;
  palette: number;
  re: RegExp | undefined;
}

/** The screen rows of one line under the current toggles. */
function expandLine(l: LogLine, x: Expand): LogRow[] {
  const marker = l.kind === 'marker';
  const prefix = x.prefix ? shortSource(l.source) + ' | ' : undefined;
  const colorIndex = x.palette >= 1 ? sourceColorIndex(l.source, x.palette) : undefined;
  const ts = !marker && x.view.timestamps && l.ts ? l.ts : undefined;
  const lead = (prefix ? displayWidth(prefix) : 0) + (ts ? displayWidth(ts) + 1 : 0) + (marker ? MARKER_LEAD : 0);
  const firstWidth = Math.max(1, x.width - lead);
  const logical = (!marker && x.view.pretty && prettyJson(l.text)) || [l.text];
  const rows: LogRow[] = [];
  const add = (text: string, highlights: [number, number][]) => {
    const row: LogRow = { seq: l.seq, kind: l.kind, text, highlights };
    if (colorIndex !== undefined) row.colorIndex = colorIndex;
    if (rows.length === 0) {
      if (prefix !== undefined) row.prefix = prefix;
      if (ts !== undefined) row.ts = ts;
    }
    rows.push(row);
  };
  for (let k = 0; k < logical.length; k++) {
    const t = logical[k]!;
    // Continuation rows carry no prefix or timestamp, so they get the full width.
    const avail = k === 0 ? firstWidth : x.width;
    const hl = matchRanges(t, x.re);
    if (x.view.wrap) {
      for (const [a, b] of wrapRanges(t, avail, x.width)) add(t.slice(a, b), clip(hl, a, b));
    } else {
      const cut = truncateText(t, avail);
      add(cut.text, clip(hl, 0, cut.kept));
    }
  }
  return rows;
}

// ---------------------------------------------------------------- windowing

interface Computed {
  win: LogWindow;
  /** Last index the window may show: the pause point while paused, else the newest line; -1 when none. */
  endIdx: number;
  /** Index of the line at the top of the screen, and whether rows of it are hidden above. */
  topIdx: number;
  topPartial: boolean;
  bottomIdx: number;
  bottomComplete: boolean;
  x: Expand;
}

function expandOf(view: LogViewState, opts: WindowOptions): Expand {
  return {
    view,
    width: Math.max(1, Math.floor(opts.width)),
    prefix: opts.prefix,
    palette: opts.palette,
    re: searchRe(view.search),
  };
}

function lastIndex(buf: RingBuffer<LogLine>, view: LogViewState): number {
  if (!view.paused) return buf.size - 1;
  const e = indexAfter(buf, view.pausedAtSeq) - 1;
  // Every line up to the pause point has been overwritten: what was frozen is
  // gone, so show what is left rather than an empty pane.
  if (e < 0 && view.pausedAtSeq > 0) return buf.size - 1;
  return e;
}

function newSincePause(buf: RingBuffer<LogLine>, view: LogViewState): number {
  if (!view.paused || buf.size === 0) return 0;
  const after = buf.size - indexAfter(buf, view.pausedAtSeq);
  // Lines that arrived after the pause and were already overwritten still count (seqs have no gaps).
  const oldest = buf.at(0)!.seq;
  const lost = Math.max(0, oldest - view.pausedAtSeq - 1);
  return after + lost;
}

function compute(buf: RingBuffer<LogLine>, view: LogViewState, opts: WindowOptions): Computed {
  const x = expandOf(view, opts);
  const height = Math.max(0, Math.floor(opts.height));
  const endIdx = lastIndex(buf, view);
  const pending = newSincePause(buf, view);
  const empty: Computed = {
    win: { rows: [], topSeq: 0, bottomSeq: 0, atEnd: true, newSincePause: pending },
    endIdx,
    topIdx: 0,
    topPartial: false,
    bottomIdx: -1,
    bottomComplete: true,
    x,
  };
  if (endIdx < 0 || height === 0) return empty;

  let start = view.follow ? endIdx + 1 : indexAtOrAfter(buf, view.topSeq);
  if (start <= endIdx) {
    // Anchored at the top: fill downwards from `start`.
    const rows: LogRow[] = [];
    let i = start;
    let bottomComplete = true;
    for (; i <= endIdx && rows.length < height; i++) {
      const r = expandLine(buf.at(i)!, x);
      const room = height - rows.length;
      if (r.length > room) {
        bottomComplete = false;
        for (let k = 0; k < room; k++) rows.push(r[k]!);
      } else {
        for (const row of r) rows.push(row);
      }
    }
    const bottomIdx = i - 1;
    return {
      win: {
        rows,
        topSeq: rows[0]!.seq,
        bottomSeq: rows[rows.length - 1]!.seq,
        atEnd: bottomIdx === buf.size - 1 && bottomComplete,
        newSincePause: pending,
      },
      endIdx,
      topIdx: start,
      topPartial: false,
      bottomIdx,
      bottomComplete,
      x,
    };
  }

  // Anchored at the bottom (following, or the top line is past the end): walk back from the end.
  const chunks: LogRow[][] = [];
  let count = 0;
  let i = endIdx;
  for (; i >= 0 && count < height; i--) {
    const r = expandLine(buf.at(i)!, x);
    chunks.push(r);
    count += r.length;
  }
  start = i + 1;
  const rows: LogRow[] = [];
  const skip = Math.max(0, count - height);
  let seen = 0;
  for (let c = chunks.length - 1; c >= 0; c--) {
    for (const row of chunks[c]!) {
      if (seen++ >= skip) rows.push(row);
    }
  }
  return {
    win: {
      rows,
      topSeq: rows[0]!.seq,
      bottomSeq: rows[rows.length - 1]!.seq,
      atEnd: endIdx === buf.size - 1,
      newSincePause: pending,
    },
    endIdx,
    topIdx: start,
    topPartial: skip > 0,
    bottomIdx: endIdx,
    bottomComplete: true,
    x,
  };
}

/**
 * The rows on screen. Following: the newest `height` rows. Paused: the screen
 * holds still (nothing after the pause point is shown). Scrolled: rows from
 * the line `topSeq`, or from the oldest kept line once that one was dropped.
 */
export function logWindow(buf: RingBuffer<LogLine>, view: LogViewState, opts: WindowOptions): LogWindow {
  return compute(buf, view, opts).win;
}

function reachesEnd(c: Computed): boolean {
  return c.bottomIdx === c.endIdx && c.bottomComplete;
}

/** A view anchored at line index `idx`; following turns back on when that shows the end. */
function anchoredAt(buf: RingBuffer<LogLine>, view: LogViewState, opts: WindowOptions, idx: number): LogViewState {
  const next: LogViewState = { ...view, follow: false, topSeq: buf.at(idx)!.seq };
  return reachesEnd(compute(buf, next, opts)) ? { ...next, follow: true } : next;
}

/**
 * One key's worth of scrolling, by whole lines. Moving up leaves follow mode
 * with the screen moved by exactly that step; reaching the end (or G) turns
 * following back on. While paused, "the end" is the pause point.
 */
export function scrollLog(buf: RingBuffer<LogLine>, view: LogViewState, opts: WindowOptions, move: LogMove): LogViewState {
  if (move === 'bottom') return view.follow ? view : { ...view, follow: true };
  const c = compute(buf, view, opts);
  if (c.win.rows.length === 0) return view;
  const height = Math.max(1, Math.floor(opts.height));
  switch (move) {
    case 'top':
      return { ...view, follow: false, topSeq: buf.at(0)!.seq };
    case 'up': {
      const target = c.topPartial ? c.topIdx : c.topIdx - 1;
      if (target < 0) return view;
      return { ...view, follow: false, topSeq: buf.at(target)!.seq };
    }
    case 'pageUp': {
      // The page that ends just above the current top line (all of it, when only its tail shows).
      let i = c.topPartial ? c.topIdx : c.topIdx - 1;
      if (i < 0) return view;
      let rows = 0;
      let target = i;
      for (; i >= 0; i--) {
        rows += expandLine(buf.at(i)!, c.x).length;
        if (rows > height) break;
        target = i;
      }
      return { ...view, follow: false, topSeq: buf.at(target)!.seq };
    }
    case 'down': {
      if (reachesEnd(c)) return view.follow ? view : { ...view, follow: true };
      return anchoredAt(buf, view, opts, c.topIdx + 1);
    }
    case 'pageDown': {
      if (reachesEnd(c)) return view.follow ? view : { ...view, follow: true };
      let target = c.bottomComplete ? c.bottomIdx + 1 : c.bottomIdx;
      if (target <= c.topIdx) target = c.topIdx + 1;
      if (target > c.endIdx) return { ...view, follow: true };
      return anchoredAt(buf, view, opts, target);
    }
  }
}

/** seq of the nearest line strictly after (1) or before (-1) `fromSeq` whose text contains `query`, ignoring case. */
export function findMatch(buf: RingBuffer<LogLine>, fromSeq: number, query: string, dir: 1 | -1): number | undefined {
  const re = searchRe(query);
  if (!re) return undefined;
  if (dir === 1) {
    for (let i = indexAfter(buf, fromSeq); i < buf.size; i++) {
      const l = buf.at(i)!;
      if (contains(l.text, re)) return l.seq;
    }
  } else {
    for (let i = indexAtOrAfter(buf, fromSeq) - 1; i >= 0; i--) {
      const l = buf.at(i)!;
      if (contains(l.text, re)) return l.seq;
    }
  }
  return undefined;
}

/**
 * n/N: the next match below (1) or above (-1) the line at the top of the
 * screen, put at the top with following off. While paused, matches after the
 * pause point are out of reach, like the lines themselves.
 */
export function jumpToMatch(
  buf: RingBuffer<LogLine>,
  view: LogViewState,
  opts: WindowOptions,
  dir: 1 | -1,
): { view: LogViewState; found: boolean } {
  if (view.search === '' || buf.size === 0) return { view, found: false };
  const c = compute(buf, view, opts);
  let from: number;
  if (c.win.rows.length > 0) from = c.win.topSeq;
  else from = dir === 1 ? buf.at(0)!.seq - 1 : buf.last()!.seq + 1;
  const seq = findMatch(buf, from, view.search, dir);
  if (seq === undefined) return { view, found: false };
  if (view.paused && c.endIdx >= 0 && seq > buf.at(c.endIdx)!.seq) return { view, found: false };
  return { view: { ...view, follow: false, topSeq: seq }, found: true };
}

/** Space: pausing remembers the newest seq; resuming forgets it and keeps follow as it was. */
export function togglePause(buf: RingBuffer<LogLine>, view: LogViewState): LogViewState {
  if (view.paused) return { ...view, paused: false, pausedAtSeq: 0 };
  return { ...view, paused: true, pausedAtSeq: buf.last()?.seq ?? 0 };
}
