import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { concatDiffs, nextHunk, unifiedDiff } from '../../src/model/diff.js';

const lines = (n: number, f: (i: number) => string = (i) => `line ${i}`) =>
  Array.from({ length: n }, (_, i) => f(i + 1) + '\n').join('');

describe('unifiedDiff', () => {
  it('identical texts: unchanged, no lines, empty text', () => {
    const d = unifiedDiff('a\nb\n', 'a\nb\n', { oldName: 'live', newName: 'merged' });
    assert.deepEqual(d, { changed: false, lines: [], hunkStarts: [], text: '' });
  });

  it('prints what diff -u prints: headers, one hunk, counts of 1 left out', () => {
    const d = unifiedDiff('image: nginx:1.25\n', 'image: nginx:1.27\n', { oldName: 'revision 3 (current)', newName: 'revision 1' });
    assert.equal(d.changed, true);
    assert.equal(d.text, '--- revision 3 (current)\n+++ revision 1\n@@ -1 +1 @@\n-image: nginx:1.25\n+image: nginx:1.27\n');
    assert.deepEqual(
      d.lines.map((l) => l.kind),
      ['header', 'header', 'hunk', 'del', 'add'],
    );
    assert.deepEqual(d.hunkStarts, [2]);
  });

  it('changes far apart make separate hunks with 3 lines of context by default', () => {
    const a = lines(20);
    const b = lines(20, (i) => (i === 2 || i === 18 ? `changed ${i}` : `line ${i}`));
    const d = unifiedDiff(a, b, { oldName: 'a', newName: 'b' });
    const hunks = d.lines.filter((l) => l.kind === 'hunk').map((l) => l.text);
    assert.deepEqual(hunks, ['@@ -1,5 +1,5 @@', '@@ -15,6 +15,6 @@']);
    assert.deepEqual(d.hunkStarts.map((i) => d.lines[i]!.text), hunks);
    assert.equal(d.lines.filter((l) => l.kind === 'ctx').length, 4 + 5);
    // the typed lines are the text, line for line
    assert.equal(d.lines.map((l) => l.text).join('\n') + '\n', d.text);
  });

  it('context option widens or narrows hunks', () => {
    const a = lines(20);
    const b = lines(20, (i) => (i === 2 || i === 18 ? `changed ${i}` : `line ${i}`));
    assert.equal(unifiedDiff(a, b, { oldName: 'a', newName: 'b', context: 10 }).hunkStarts.length, 1);
    const tight = unifiedDiff(a, b, { oldName: 'a', newName: 'b', context: 0 });
    assert.deepEqual(tight.lines.filter((l) => l.kind === 'hunk').map((l) => l.text), ['@@ -2 +2 @@', '@@ -18 +18 @@']);
  });

  it('a new object diffs against nothing as -0,0, a deleted one as +0,0', () => {
    assert.match(unifiedDiff('', 'a\nb\n', { oldName: 'a', newName: 'b' }).text, /^@@ -0,0 \+1,2 @@$/m);
    assert.match(unifiedDiff('a\nb\n', '', { oldName: 'a', newName: 'b' }).text, /^@@ -1,2 \+0,0 @@$/m);
  });
});

describe('concatDiffs', () => {
  const one = unifiedDiff('a\n', 'b\n', { oldName: 'x/one', newName: 'y/one' });
  const two = unifiedDiff(lines(20), lines(20, (i) => (i === 2 || i === 18 ? `c${i}` : `line ${i}`)), { oldName: 'x/two', newName: 'y/two' });
  const same = unifiedDiff('z\n', 'z\n', { oldName: 'x/same', newName: 'y/same' });

  it('re-indexes hunk starts after the earlier parts and skips unchanged parts', () => {
    const all = concatDiffs([one, same, two]);
    assert.equal(all.changed, true);
    assert.equal(all.lines.length, one.lines.length + two.lines.length);
    assert.deepEqual(all.hunkStarts, [...one.hunkStarts, ...two.hunkStarts.map((h) => h + one.lines.length)]);
    for (const h of all.hunkStarts) assert.equal(all.lines[h]!.kind, 'hunk');
    assert.equal(all.text, one.text + two.text);
    assert.equal(all.lines.filter((l) => l.kind === 'header').length, 4);
  });

  it('nothing changed anywhere gives an unchanged result', () => {
    assert.deepEqual(concatDiffs([same, same]), { changed: false, lines: [], hunkStarts: [], text: '' });
    assert.equal(concatDiffs([]).changed, false);
  });
});

describe('nextHunk', () => {
  const starts = [2, 10, 25];
  const cases: [number, 1 | -1, number | undefined][] = [
    [0, 1, 2],
    [2, 1, 10], // strictly after: from a hunk start, n moves to the next one
    [9, 1, 10],
    [24, 1, 25],
    [25, 1, undefined],
    [100, 1, undefined],
    [30, -1, 25],
    [25, -1, 10], // strictly before
    [11, -1, 10],
    [3, -1, 2],
    [2, -1, undefined],
    [0, -1, undefined],
  ];
  for (const [from, dir, want] of cases) {
    it(`from line ${from} ${dir === 1 ? 'n' : 'N'} → ${want}`, () => assert.equal(nextHunk(starts, from, dir), want));
  }
  it('no hunks: nowhere to go', () => {
    assert.equal(nextHunk([], 0, 1), undefined);
    assert.equal(nextHunk([], 5, -1), undefined);
  });
});
