// The least a renderer could send to turn one screen into the next: for the
// cells that differ, a cursor move to each run of them (the shortest of the
// absolute and relative forms), the colour changes they need from the colours
// left on, and their characters. P4's "changed-cell bytes" counts characters
// only, which no terminal program can approach for a change of a few cells
// far apart (a cursor move alone is 3–8 bytes); this is the floor to hold
// kdeck's bytes against. Screens are PtyRun.cells() snapshots.
import { PLAIN, sgrTransition, style, type Style } from '../src/ui/terminal/sgr.js';

/** xterm's colour modes (IBufferCell.getFgColorMode()). */
const CM_P16 = 0x1000000;
const CM_P256 = 0x2000000;
const CM_RGB = 0x3000000;

function colour(mode: number, value: number, base: number): string {
  if (mode === CM_P16) return String(value < 8 ? base + value : base + 60 + value - 8);
  if (mode === CM_P256) return `${base + 8};5;${value}`;
  if (mode === CM_RGB) return `${base + 8};2;${(value >> 16) & 255};${(value >> 8) & 255};${value & 255}`;
  return '';
}

/** A cell's style from PtyRun.cells()'s "chars|fgMode,fg,bgMode,bg,bold,dim,italic,underline,inverse". */
function cellStyle(cell: string): Style {
  const a = cell
    .slice(cell.lastIndexOf('|') + 1)
    .split(',')
    .map(Number);
  const flags = (a[4]! ? 1 : 0) | (a[5]! ? 2 : 0) | (a[6]! ? 4 : 0) | (a[7]! ? 8 : 0) | (a[8]! ? 16 : 0);
  return style(colour(a[0]!, a[1]!, 30), colour(a[2]!, a[3]!, 40), flags);
}

const chars = (cell: string) => cell.slice(0, cell.lastIndexOf('|'));
const digits = (n: number) => String(n).length;

/** Bytes of the shortest cursor move from (r0, c0) (undefined: unknown) to (r, c), all 0-based. */
function moveBytes(from: { r: number; c: number } | undefined, r: number, c: number): number {
  const absolute = c === 0 ? 3 + digits(r + 1) : 4 + digits(r + 1) + digits(c + 1);
  if (!from) return absolute;
  if (from.r === r && from.c === c) return 0;
  const vertical = from.r === r ? 0 : 3 + (Math.abs(from.r - r) === 1 ? 0 : digits(Math.abs(from.r - r)));
  const dc = Math.abs(from.c - c);
  const horizontal = dc === 0 ? 0 : c === 0 ? 1 /* CR */ : 3 + (dc === 1 ? 0 : digits(dc));
  return Math.min(absolute, vertical + horizontal);
}

export interface Floor {
  bytes: number;
  pen: Style;
  cursor: { r: number; c: number } | undefined;
}

/**
 * The floor for `before` → `after`, continuing from the colours and cursor a
 * previous step left (a renderer may keep both between updates).
 */
export function leastBytes(before: string[][], after: string[][], from: Omit<Floor, 'bytes'> = { pen: PLAIN, cursor: undefined }): Floor {
  let bytes = 0;
  let { pen, cursor } = from;
  for (let y = 0; y < after.length; y++) {
    const row = after[y]!;
    let x = 0;
    while (x < row.length) {
      if (before[y]?.[x] === row[x]) {
        x++;
        continue;
      }
      // Reaching this changed cell: by a cursor move, or by rewriting the unchanged cells since the last write on this row.
      const jump = moveBytes(cursor, y, x);
      let bridge = Infinity;
      if (cursor && cursor.r === y && cursor.c < x) {
        let b = 0;
        let p = pen;
        for (let i = cursor.c; i < x && b < jump; i++) {
          const s = cellStyle(row[i]!);
          b += sgrTransition(p, s).length + Math.max(1, Buffer.byteLength(chars(row[i]!)));
          p = s;
        }
        if (b < jump) {
          bridge = b;
          pen = p;
        }
      }
      bytes += Math.min(jump, bridge);
      const s = cellStyle(row[x]!);
      bytes += sgrTransition(pen, s).length + Math.max(1, Buffer.byteLength(chars(row[x]!)));
      pen = s;
      cursor = { r: y, c: x + 1 };
      x++;
    }
  }
  return { bytes, pen, cursor };
}
