// How one log line is turned into text: the kubelet's timestamp prefix, JSON
// pretty-printing, the per-source colour, wrapping and cutting by terminal
// columns, and the plain-text form written when the buffer is saved.

import type { LogLine } from './log-types.js';
import { displayWidth } from './columns.js';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

// RFC 3339 as the kubelet writes it with timestamps=true (RFC3339Nano, so the
// fraction has 0-9 digits), then exactly one space before the line.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})(?= |$)/;

/** Splits the `timestamps=true` prefix off a raw line; a line without one comes back whole. */
export function splitTimestamp(raw: string): { ts?: string; text: string } {
  // Cheap shape check first: this runs on every line at full ingest rate.
  if (raw.length < 20 || raw.charCodeAt(4) !== 0x2d /* - */ || raw.charCodeAt(13) !== 0x3a /* : */) return { text: raw };
  const m = TIMESTAMP.exec(raw);
  if (!m) return { text: raw };
  const ts = m[0];
  return { ts, text: raw.slice(ts.length + 1) };
}

// JSON.parse turns these escapes back into the raw characters and
// JSON.stringify leaves them raw: C1 controls (0x9b is an 8-bit CSI), bidi
// overrides and line separators would reach the terminal although the line
// was sanitized. Re-escaping them keeps the output valid JSON and inert.
const UNSAFE_AFTER_PARSE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

type RawJson = (text: string) => unknown;
const rawJSON = (JSON as unknown as { rawJSON?: RawJson }).rawJSON;

/**
 * A line holding a JSON object or array, indented by 2 spaces, one output line
 * per element; undefined for anything else (including JSON scalars, which gain
 * nothing from it). Numbers keep their exact text where the runtime allows
 * (a 19-digit trace id must not come back rounded).
 */
export function prettyJson(text: string): string[] | undefined {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i++;
  const open = text.charCodeAt(i);
  if (open !== 0x7b /* { */ && open !== 0x5b /* [ */) return undefined;
  let j = text.length - 1;
  while (j > i && (text.charCodeAt(j) === 0x20 || text.charCodeAt(j) === 0x09)) j--;
  const close = text.charCodeAt(j);
  if (!((open === 0x7b && close === 0x7d) || (open === 0x5b && close === 0x5d))) return undefined;
  let value: unknown;
  try {
    value = rawJSON
      ? JSON.parse(text, (_key, v, context?: { source?: string }) =>
          typeof v === 'number' && context?.source !== undefined ? rawJSON(context.source) : v,
        )
      : JSON.parse(text);
  } catch {
    return undefined;
  }
  const out = JSON.stringify(value, null, 2);
  if (out === undefined) return undefined;
  return out.replace(UNSAFE_AFTER_PARSE, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')).split('\n');
}

/** A stable colour slot for a source (FNV-1a), so a pod keeps its colour for the life of the pane and across panes. */
export function sourceColorIndex(source: string, paletteSize: number): number {
  if (!(paletteSize >= 1)) return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < source.length; i++) {
    h ^= source.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % Math.floor(paletteSize);
}

let segmenter: Intl.Segmenter | undefined;

function graphemes(text: string): Iterable<Intl.SegmentData> {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return segmenter.segment(text);
}

/**
 * Where each screen row of `text` starts and ends ([start, end) in UTF-16
 * units) when the first row has `firstWidth` columns and the others
 * `restWidth`. Rows are exact substrings, so search highlights map onto them;
 * a wide character that does not fit moves to the next row, and one wider
 * than a whole row still gets a row of its own rather than looping.
 */
export function wrapRanges(text: string, firstWidth: number, restWidth: number): [number, number][] {
  const first = Math.max(1, Math.floor(firstWidth));
  const rest = Math.max(1, Math.floor(restWidth));
  if (text.length === 0) return [[0, 0]];
  const out: [number, number][] = [];
  if (PRINTABLE_ASCII.test(text)) {
    let at = 0;
    let w = first;
    while (at < text.length) {
      const end = Math.min(text.length, at + w);
      out.push([at, end]);
      at = end;
      w = rest;
    }
    return out;
  }
  let start = 0;
  let used = 0;
  let limit = first;
  for (const { segment, index } of graphemes(text)) {
    const sw = displayWidth(segment);
    if (used > 0 && used + sw > limit) {
      out.push([start, index]);
      start = index;
      used = 0;
      limit = rest;
    }
    used += sw;
  }
  out.push([start, text.length]);
  return out;
}

/** `text` as screen rows of at most `width` columns; '' is one empty row. */
export function wrapText(text: string, width: number): string[] {
  return wrapRanges(text, width, width).map(([a, b]) => text.slice(a, b));
}

/**
 * `text` cut to at most `width` columns with '…' when it does not fit, never
 * inside a grapheme. `kept` is how many UTF-16 units of the original survive
 * (before the '…'), for clipping highlight ranges.
 */
export function truncateText(text: string, width: number): { text: string; kept: number } {
  const w = Math.max(0, Math.floor(width));
  if (w === 0) return { text: '', kept: 0 };
  if (PRINTABLE_ASCII.test(text)) {
    if (text.length <= w) return { text, kept: text.length };
    return { text: text.slice(0, w - 1) + '…', kept: w - 1 };
  }
  if (displayWidth(text) <= w) return { text, kept: text.length };
  let used = 0;
  let kept = 0;
  for (const { segment, index } of graphemes(text)) {
    const sw = displayWidth(segment);
    if (used + sw > w - 1) break;
    used += sw;
    kept = index + segment.length;
  }
  return { text: text.slice(0, kept) + '…', kept };
}

const SOURCE_MAX = 40;

/** The prefix label for a source: as is, or cut to 40 columns with '…'. */
export function shortSource(source: string): string {
  return truncateText(source, SOURCE_MAX).text;
}

/** One line as written to a saved file: "[ts ]source | text", markers as "-- text --". */
export function lineToText(l: LogLine, opts: { timestamps: boolean; prefix: boolean }): string {
  const ts = opts.timestamps && l.ts ? l.ts + ' ' : '';
  const prefix = opts.prefix ? l.source + ' | ' : '';
  const body = l.kind === 'marker' ? `-- ${l.text} --` : l.text;
  return ts + prefix + body;
}
