/** A cursor inside [0, total-1], or 0 for an empty table. */
export function clampCursor(cursor: number, total: number): number {
  if (total <= 0 || !Number.isFinite(cursor)) return 0;
  return Math.min(Math.max(0, Math.trunc(cursor)), total - 1);
}

/**
 * The first visible row index: keeps the cursor on screen while scrolling as
 * little as possible, and never leaves blank lines at the bottom when rows
 * could fill them (e.g. after rows were deleted).
 */
export function scrollOffset(cursor: number, offset: number, height: number, total: number): number {
  if (height <= 0 || total <= 0) return 0;
  const c = clampCursor(cursor, total);
  let o = Number.isFinite(offset) ? Math.trunc(offset) : 0;
  if (c < o) o = c;
  else if (c >= o + height) o = c - height + 1;
  return Math.max(0, Math.min(o, Math.max(0, total - height)));
}
