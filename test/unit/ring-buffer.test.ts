import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RingBuffer } from '../../src/model/ring-buffer.js';

function filled(capacity: number, n: number): RingBuffer<number> {
  const b = new RingBuffer<number>(capacity);
  for (let i = 1; i <= n; i++) b.push(i);
  return b;
}

describe('RingBuffer', () => {
  it('rejects a capacity that could not hold a line', () => {
    assert.throws(() => new RingBuffer(0), RangeError);
    assert.throws(() => new RingBuffer(-5), RangeError);
    assert.throws(() => new RingBuffer(2.5), RangeError);
    assert.throws(() => new RingBuffer(Number.NaN), RangeError);
  });

  it('keeps everything while under capacity', () => {
    const b = filled(5, 3);
    assert.equal(b.capacity, 5);
    assert.equal(b.size, 3);
    assert.equal(b.total, 3);
    assert.equal(b.dropped, 0);
    assert.deepEqual(b.slice(), [1, 2, 3]);
    assert.equal(b.at(0), 1);
    assert.equal(b.last(), 3);
    assert.equal(b.at(3), undefined);
  });

  it('overwrites the oldest on wraparound and counts what it dropped', () => {
    const b = filled(3, 5);
    assert.equal(b.size, 3);
    assert.equal(b.total, 5);
    assert.equal(b.dropped, 2);
    assert.deepEqual(b.slice(), [3, 4, 5]);
    assert.deepEqual([...b], [3, 4, 5]);
    assert.equal(b.at(0), 3);
    assert.equal(b.at(2), 5);
    assert.equal(b.at(-1), 5);
    assert.equal(b.at(-3), 3);
    assert.equal(b.at(-4), undefined);
    assert.equal(b.at(3), undefined);
    assert.equal(b.last(), 5);
  });

  it('stays in order over many laps of the ring', () => {
    const b = filled(7, 1000);
    assert.deepEqual(b.slice(), [994, 995, 996, 997, 998, 999, 1000]);
  });

  it('slices like Array.prototype.slice, negative indexes included, at every head position', () => {
    for (let pushed = 0; pushed <= 12; pushed++) {
      const b = filled(5, pushed);
      const arr = [...b];
      assert.deepEqual(b.slice(), arr.slice());
      for (let s = -7; s <= 7; s++) {
        assert.deepEqual(b.slice(s), arr.slice(s), `pushed=${pushed} slice(${s})`);
        for (let e = -7; e <= 7; e++) {
          assert.deepEqual(b.slice(s, e), arr.slice(s, e), `pushed=${pushed} slice(${s}, ${e})`);
        }
      }
    }
  });

  it('a capacity of 1 keeps only the newest', () => {
    const b = filled(1, 4);
    assert.deepEqual(b.slice(), [4]);
    assert.equal(b.dropped, 3);
  });

  it('pushAll is the same as pushing one by one', () => {
    const a = new RingBuffer<string>(4);
    a.pushAll(['a', 'b', 'c', 'd', 'e', 'f']);
    assert.deepEqual(a.slice(), ['c', 'd', 'e', 'f']);
    assert.equal(a.total, 6);
  });

  it('clear forgets the lines but not how many were ever pushed', () => {
    const b = filled(3, 5);
    b.clear();
    assert.equal(b.size, 0);
    assert.equal(b.last(), undefined);
    assert.equal(b.at(0), undefined);
    assert.deepEqual(b.slice(), []);
    assert.deepEqual([...b], []);
    assert.equal(b.total, 5);
    assert.equal(b.dropped, 5);
    b.push(9);
    b.push(10);
    assert.deepEqual(b.slice(), [9, 10]);
  });

  it('iterating while pushing does not loop forever', () => {
    const b = filled(3, 3);
    let steps = 0;
    for (const _ of b) {
      b.push(0);
      if (++steps > 10) break;
    }
    assert.equal(steps, 3);
  });

  it('1,000,000 pushes keep memory bounded to the capacity', () => {
    const b = new RingBuffer<{ seq: number; text: string }>(10_000);
    const t0 = performance.now();
    for (let i = 1; i <= 1_000_000; i++) b.push({ seq: i, text: 'x' });
    const ms = performance.now() - t0;
    console.log(`# ring buffer: 1,000,000 pushes in ${ms.toFixed(1)} ms (${Math.round(1_000_000 / (ms / 1000)).toLocaleString('en')} pushes/s)`);
    assert.equal(b.size, 10_000);
    assert.equal(b.total, 1_000_000);
    assert.equal(b.dropped, 990_000);
    assert.equal(b.at(0)!.seq, 990_001);
    assert.equal(b.last()!.seq, 1_000_000);
  });
});
