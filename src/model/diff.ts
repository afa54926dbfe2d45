// Unified diffs as `diff -u` prints them (the format `kubectl diff` shows),
// split into typed lines so the pane can colour them and jump between hunks.
import { structuredPatch } from 'diff';

export interface DiffLine {
  kind: 'header' | 'hunk' | 'add' | 'del' | 'ctx';
  /** The line exactly as it appears in `text`, prefix included ("+x", "-x", " x", "@@ ...", "--- a"). */
  text: string;
}

export interface DiffResult {
  changed: boolean;
  lines: DiffLine[];
  /** Indexes into `lines` of each "@@" line. */
  hunkStarts: number[];
  /** The whole unified diff, newline-terminated; '' when nothing changed. */
  text: string;
}

export const NO_DIFF: DiffResult = Object.freeze({ changed: false, lines: [], hunkStarts: [], text: '' }) as DiffResult;

// GNU diff leaves out a count of 1, and names the line before an empty range.
function range(start: number, count: number): string {
  if (count === 0) return `${start - 1},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
}

export function unifiedDiff(
  oldText: string,
  newText: string,
  opts: { oldName: string; newName: string; context?: number },
): DiffResult {
  if (oldText === newText) return NO_DIFF;
  const patch = structuredPatch(opts.oldName, opts.newName, oldText, newText, undefined, undefined, {
    context: opts.context ?? 3,
  });
  if (patch.hunks.length === 0) return NO_DIFF;
  const lines: DiffLine[] = [
    { kind: 'header', text: `--- ${opts.oldName}` },
    { kind: 'header', text: `+++ ${opts.newName}` },
  ];
  const hunkStarts: number[] = [];
  for (const h of patch.hunks) {
    hunkStarts.push(lines.length);
    lines.push({ kind: 'hunk', text: `@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@` });
    for (const l of h.lines) {
      const c = l[0];
      // "\ No newline at end of file" is neither side's content; shown as context.
      lines.push({ kind: c === '+' ? 'add' : c === '-' ? 'del' : 'ctx', text: l });
    }
  }
  return { changed: true, lines, hunkStarts, text: lines.map((l) => l.text).join('\n') + '\n' };
}

/** Several objects' diffs as one scrollable result, in the order given. */
export function concatDiffs(parts: DiffResult[]): DiffResult {
  const lines: DiffLine[] = [];
  const hunkStarts: number[] = [];
  let text = '';
  for (const p of parts) {
    if (!p.changed) continue;
    const offset = lines.length;
    for (const h of p.hunkStarts) hunkStarts.push(h + offset);
    lines.push(...p.lines);
    text += p.text;
  }
  if (lines.length === 0) return NO_DIFF;
  return { changed: true, lines, hunkStarts, text };
}

/** The hunk `n` (dir 1) or `N` (dir -1) lands on: strictly after or before `fromLine`. */
export function nextHunk(hunkStarts: number[], fromLine: number, dir: 1 | -1): number | undefined {
  if (dir === 1) {
    for (const h of hunkStarts) if (h > fromLine) return h;
    return undefined;
  }
  for (let i = hunkStarts.length - 1; i >= 0; i--) if (hunkStarts[i]! < fromLine) return hunkStarts[i];
  return undefined;
}
