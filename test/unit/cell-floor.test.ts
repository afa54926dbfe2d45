import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { leastBytes } from '../../bench/cell-floor.js';

// Cells as bench/pty.ts snapshots them: "chars|fgMode,fg,bgMode,bg,bold,dim,italic,underline,inverse".
const PLAIN = '0,0,0,0,0,0,0,0,0';
const YELLOW = `${0x1000000},3,0,0,0,0,0,0,0`;
const screen = (rows: string[], attrs: string[][] = []) => rows.map((r, y) => [...r].map((ch, x) => `${ch}|${attrs[y]?.[x] ?? PLAIN}`));

describe('the P4 floor', () => {
  it('is nothing for the same screen', () => {
    const s = screen(['abc', 'def']);
    assert.equal(leastBytes(s, s).bytes, 0);
  });

  it('is a cursor move and the character for each lone change, with the colour it needs', () => {
    const before = screen(['crit:7 warn:1', 'web 1/1 Running'], [[...Array(12).fill(PLAIN), YELLOW]]);
    const after = screen(['crit:7 warn:2', 'web 0/1 Running'], [[...Array(12).fill(PLAIN), YELLOW]]);
    // \x1b[1;13H (7) + \x1b[33m (5) + "2", then \x1b[2;5H (6) + \x1b[0m (4) + "0" (or a relative move of the same length).
    assert.equal(leastBytes(before, after).bytes, 7 + 5 + 1 + 6 + 4 + 1);
  });

  it('rewrites a short gap instead of moving over it', () => {
    const before = screen(['Running 1']);
    const after = screen(['Pending 1']);
    // Running → Pending changes columns 1, 2 and 4: \x1b[1H, "Pe", the unchanged "n" again (cheaper than a move), "d".
    assert.equal(leastBytes(before, after).bytes, 4 + 4);
  });
});
