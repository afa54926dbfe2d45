// Turns one full frame into the fewest bytes that change the previous frame
// into it: only the cells that differ are written, each run after one cursor
// move, with only the colour changes it needs. Ink's own incremental mode
// rewrites a changed line from its first difference to the end, which is most
// of a table row when a status in the middle changes; over SSH those bytes are
// what a slow link waits for.
import stringWidth from 'string-width';
import { applySgr, PLAIN, sgrTransition, type Style } from './sgr.js';

interface Cell {
  ch: string;
  style: Style;
}

/** A frame line as cells, or `undefined` when it holds characters that are not one column wide (then it is rewritten whole). */
export type Line = Cell[] | undefined;

const BLANK: Cell = { ch: ' ', style: PLAIN };

export function parseLine(text: string): Line {
  const cells: Cell[] = [];
  let current = PLAIN;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 0x1b && text[i + 1] === '[') {
      const end = text.indexOf('m', i + 2);
      if (end < 0) return undefined;
      current = applySgr(current, text.slice(i + 2, end));
      i = end + 1;
      continue;
    }
    if (code >= 0x20 && code < 0x7f) {
      cells.push({ ch: text[i]!, style: current });
      i++;
      continue;
    }
    // Box drawing and other one-column symbols are fine; wide or zero-width
    // characters make cell positions ambiguous, so such lines are not diffed.
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    if (code < 0x20 || stringWidth(ch) !== 1) return undefined;
    cells.push({ ch, style: current });
    i += ch.length;
  }
  return cells;
}

/** Cursor to row, col (both 0-based) in the shortest form. */
function moveTo(row: number, col: number): string {
  return col === 0 ? `\x1b[${row + 1}H` : `\x1b[${row + 1};${col + 1}H`;
}

/** Two runs closer than this are written as one: re-sending a few unchanged cells is cheaper than another cursor move. */
const MERGE_GAP = 4;

interface Writer {
  out: string;
  style: Style;
}

function setStyle(w: Writer, style: Style): void {
  w.out += sgrTransition(w.style, style);
  w.style = style;
}

function sameCell(a: Cell, b: Cell): boolean {
  return a.ch === b.ch && a.style === b.style;
}

/** Appends to `w` what turns row `row` from `prev` into `next`. */
function diffLine(w: Writer, row: number, nextText: string, prev: Line, next: Line): void {
  if (prev === undefined || next === undefined) {
    setStyle(w, PLAIN);
    w.out += moveTo(row, 0) + nextText + '\x1b[0m\x1b[K';
    return;
  }
  const n = Math.max(prev.length, next.length);
  let i = 0;
  while (i < n) {
    if (sameCell(prev[i] ?? BLANK, next[i] ?? BLANK)) {
      i++;
      continue;
    }
    // A run of changes, extended over gaps too small to be worth a cursor move.
    let end = i + 1;
    let gap = 0;
    for (let j = end; j < n; j++) {
      if (sameCell(prev[j] ?? BLANK, next[j] ?? BLANK)) {
        if (++gap > MERGE_GAP) break;
      } else {
        gap = 0;
        end = j + 1;
      }
    }
    w.out += moveTo(row, i);
    if (end > next.length) {
      // The line got shorter: write what it still has, then erase the rest in the default colours.
      for (let j = i; j < next.length; j++) {
        setStyle(w, next[j]!.style);
        w.out += next[j]!.ch;
      }
      setStyle(w, PLAIN);
      w.out += '\x1b[K';
    } else {
      for (let j = i; j < end; j++) {
        setStyle(w, next[j]!.style);
        w.out += next[j]!.ch;
      }
    }
    i = end;
  }
}

/** A frame as Ink renders it: lines of text with SGR colour codes. */
export interface Frame {
  texts: string[];
  lines: Line[];
}

/** `text` as a frame; lines that read the same as in `prev` reuse its cells instead of being parsed again. */
export function parseFrame(text: string, prev?: Frame): Frame {
  const texts = text.split('\n');
  if (texts.length > 1 && texts[texts.length - 1] === '') texts.pop();
  return { texts, lines: texts.map((t, r) => (prev && prev.texts[r] === t ? prev.lines[r] : parseLine(t))) };
}

/**
 * Everything needed to paint `next` on a cleared screen, from any colours:
 * terminals clear in the current background colour, so it is reset first.
 */
export function paintFrame(next: Frame): string {
  return '\x1b[0m\x1b[H\x1b[2J' + next.texts.join('\r\n') + '\x1b[0m';
}

/** What a diff sends, and the colours the terminal is left drawing in. */
export interface FrameDiff {
  out: string;
  pen: Style;
}

/**
 * The bytes that turn `prev` (what the terminal shows) into `next`, when the
 * terminal draws in `pen`. Lines that did not change cost nothing; the cursor
 * is left wherever the last write put it, and so are the colours: a one-cell
 * change needs no reset after it, and the next change none before it when it
 * draws in the same colours (whoever clears the screen resets them first).
 */
export function diffFrames(prev: Frame, next: Frame, pen: Style = PLAIN): FrameDiff {
  const w: Writer = { out: '', style: pen };
  const rows = Math.max(prev.texts.length, next.texts.length);
  for (let r = 0; r < rows; r++) {
    const a = prev.texts[r];
    const b = next.texts[r] ?? '';
    if (a === b || (a === undefined && b === '')) continue;
    // A row past either frame's end is an empty line; a row inside it may be `undefined` (not diffable, written whole).
    diffLine(w, r, b, r < prev.texts.length ? prev.lines[r] : [], r < next.texts.length ? next.lines[r] : []);
  }
  return { out: w.out, pen: w.style };
}
