import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clampCursor, scrollOffset } from '../../src/model/viewport.js';

describe('clampCursor', () => {
  const cases: [number, number, number][] = [
    [0, 0, 0],
    [5, 0, 0],
    [-1, 10, 0],
    [3, 10, 3],
    [10, 10, 9],
    [999, 10, 9],
    [NaN, 10, 0],
    [2.7, 10, 2],
  ];
  for (const [cursor, total, want] of cases) it(`clampCursor(${cursor}, ${total}) = ${want}`, () => assert.equal(clampCursor(cursor, total), want));
});

describe('scrollOffset', () => {
  // cursor, offset, height, total, want
  const cases: [string, number, number, number, number, number][] = [
    ['everything fits', 5, 3, 20, 10, 0],
    ['cursor inside window: no scroll', 12, 10, 5, 100, 10],
    ['cursor at window bottom: no scroll', 14, 10, 5, 100, 10],
    ['one below the window scrolls by one', 15, 10, 5, 100, 11],
    ['far below jumps so the cursor is the last line', 50, 10, 5, 100, 46],
    ['above the window scrolls up to the cursor', 7, 10, 5, 100, 7],
    ['cursor beyond total is clamped', 500, 0, 5, 100, 95],
    ['offset beyond the end is pulled back (rows were deleted)', 20, 90, 10, 25, 15],
    ['negative offset is clamped', 0, -4, 5, 100, 0],
    ['zero height', 3, 2, 0, 10, 0],
    ['empty table', 0, 5, 10, 0, 0],
  ];
  for (const [name, cursor, offset, height, total, want] of cases) {
    it(name, () => {
      const o = scrollOffset(cursor, offset, height, total);
      assert.equal(o, want);
      if (height > 0 && total > 0) {
        const c = clampCursor(cursor, total);
        assert.ok(c >= o && c < o + height, 'cursor stays visible');
      }
    });
  }
});
