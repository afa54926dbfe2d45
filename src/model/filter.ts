// The `/` filter. Plain text matches rows whose cells contain every word
// (case-insensitive); when nothing contains it, fuse.js tries a fuzzy match on
// "ns/name" so a typo still finds the pod. `-l sel` filters by labels instead;
// a leading `!` inverts either. Matching keeps the table's order: rows must
// not jump around while the user types.
//
// Fuzzy-searching every cell of 10,000 rows with fuse.js takes 50-80 ms, too
// slow for a keystroke; the substring pass takes about a millisecond, and the
// fuzzy fallback only looks at names, so the common case stays cheap.

import Fuse from 'fuse.js';
import { matchesSelector, parseSelector, type Selector } from './label-selector.js';
import type { Row } from './row.js';

export interface Filter {
  mode: 'fuzzy' | 'label';
  invert: boolean;
  /** The text after `!` and `-l`, trimmed. */
  text: string;
  selector?: Selector;
  /** Set when a label selector does not parse; such a filter matches everything. */
  error?: string;
}

export function parseFilter(input: string): Filter {
  let t = input.trim();
  let invert = false;
  if (t.startsWith('!')) {
    invert = true;
    t = t.slice(1).trimStart();
  }
  const label = /^-l(?:\s+|$)/.exec(t) ?? /^-l(?=\S)/.exec(t);
  if (label) {
    const text = t.slice(label[0].length).trim();
    try {
      return { mode: 'label', invert, text, selector: parseSelector(text) };
    } catch (e) {
      return { mode: 'label', invert, text, error: (e as Error).message };
    }
  }
  return { mode: 'fuzzy', invert, text: t };
}

/** Work that depends only on the rows, shared by every keystroke on the same row set. */
export interface FilterIndex {
  rows: Row[];
  /** "ns/name" then the cells, lowercased, one per line so a match never spans two cells. */
  haystack: string[];
  /** Lowercased "ns/name", what the fuzzy fallback looks at. */
  names: string[];
}

const indexes = new WeakMap<Row[], FilterIndex>();
/** Row builders keep a row's identity while it is unchanged, so its lowercased text is worth keeping too. */
const rowText = new WeakMap<Row, { name: string; haystack: string }>();

function textOf(r: Row): { name: string; haystack: string } {
  let t = rowText.get(r);
  if (!t) {
    const name = r.sort.name.toLowerCase();
    t = { name, haystack: name + '\n' + Object.values(r.cells).join('\n').toLowerCase() };
    rowText.set(r, t);
  }
  return t;
}

export function createFilterIndex(rows: Row[]): FilterIndex {
  const haystack = new Array<string>(rows.length);
  const names = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const t = textOf(rows[i]!);
    names[i] = t.name;
    haystack[i] = t.haystack;
  }
  const index: FilterIndex = { rows, haystack, names };
  indexes.set(rows, index);
  return index;
}

function indexFor(rows: Row[]): FilterIndex {
  return indexes.get(rows) ?? createFilterIndex(rows);
}

/** Threshold 0.3 with ignoreLocation: a 4-letter word tolerates one typo, a 7-letter one two. */
export const FUZZY_THRESHOLD = 0.3;
const MIN_FUZZY_LENGTH = 4;

/**
 * Fuse's score here is errors / pattern length, so a match needs at least
 * length - floor(0.3 * length) of the pattern's characters in the name.
 * Checking that first is cheap and leaves fuse.js a handful of candidates
 * instead of every row (fuzzy over 10,000 names took 10-30 ms; this keeps it
 * around a millisecond or two).
 */
function fuzzyMatches(index: FilterIndex, query: string): Uint8Array {
  const hit = new Uint8Array(index.rows.length);
  const q = query.replace(/\s+/g, '');
  if (q.length < MIN_FUZZY_LENGTH) return hit;
  const chars = [...q];
  const need = chars.length - Math.floor(FUZZY_THRESHOLD * chars.length);
  const candidates: number[] = [];
  for (let i = 0; i < index.names.length; i++) {
    const name = index.names[i]!;
    let present = 0;
    for (const c of chars) if (name.includes(c)) present++;
    if (present >= need) candidates.push(i);
  }
  if (candidates.length === 0) return hit;
  const fuse = new Fuse(
    candidates.map((i) => index.names[i]!),
    { threshold: FUZZY_THRESHOLD, ignoreLocation: true, isCaseSensitive: false, shouldSort: false },
  );
  for (const r of fuse.search(q)) hit[candidates[r.refIndex]!] = 1;
  return hit;
}

/** Marks the rows a non-empty, valid filter matches (before inversion). */
function matchMask(index: FilterIndex, f: Filter): Uint8Array {
  const { rows, haystack } = index;
  const hit = new Uint8Array(rows.length);
  if (f.mode === 'label') {
    for (let i = 0; i < rows.length; i++) if (matchesSelector(rows[i]!.labels, f.selector!)) hit[i] = 1;
    return hit;
  }
  const words = f.text.toLowerCase().split(/\s+/).filter(Boolean);
  let any = false;
  outer: for (let i = 0; i < rows.length; i++) {
    const h = haystack[i]!;
    for (const w of words) if (!h.includes(w)) continue outer;
    hit[i] = 1;
    any = true;
  }
  return any ? hit : fuzzyMatches(index, f.text.toLowerCase());
}

/**
 * The rows the filter keeps, in their original order. An empty filter, or a
 * label filter with a syntax error, keeps everything.
 */
export function applyFilter(rows: Row[], f: Filter, index?: FilterIndex): Row[] {
  if (f.error || (f.mode === 'fuzzy' && f.text === '') || (f.mode === 'label' && !f.selector)) return rows;
  const idx = index && index.rows === rows ? index : indexFor(rows);
  const hit = matchMask(idx, f);
  const want = f.invert ? 0 : 1;
  const out: Row[] = [];
  for (let i = 0; i < rows.length; i++) if (hit[i] === want) out.push(rows[i]!);
  return out;
}
