import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_REPLICAS, parseReplicas } from '../../src/model/replicas.js';

describe('parseReplicas', () => {
  const ok: [string, number][] = [
    ['5', 5],
    ['0', 0],
    ['  3 ', 3],
    ['007', 7],
    ['+2', 2],
    ['4.0', 4],
    ['-0', 0],
    [String(MAX_REPLICAS), 2147483647],
  ];
  for (const [input, value] of ok) {
    it(`${JSON.stringify(input)} → ${value}`, () => {
      const r = parseReplicas(input);
      assert.deepEqual(r, { ok: true, value });
      if (r.ok) assert.ok(Object.is(r.value, value));
    });
  }

  const bad: [string, string][] = [
    ['', 'enter a number of replicas'],
    ['   ', 'enter a number of replicas'],
    ['abc', '"abc" is not a number'],
    [' abc ', '"abc" is not a number'],
    ['3x', '"3x" is not a number'],
    ['1,000', '"1,000" is not a number'],
    ['1e3', '"1e3" is not a number'],
    ['0x10', '"0x10" is not a number'],
    ['-1', 'replicas cannot be negative'],
    ['-2.5', 'replicas cannot be negative'],
    ['2.5', '"2.5" is not a whole number'],
    ['.5', '".5" is not a whole number'],
    ['2147483648', 'replicas cannot exceed 2147483647'],
    ['\x1b[31mred', '"\\u001b[31mred" is not a number'],
    ['x'.repeat(100), `"${'x'.repeat(23)}…" is not a number`],
  ];
  for (const [input, error] of bad) {
    it(`${JSON.stringify(input).slice(0, 30)} → ${error}`, () => {
      const r = parseReplicas(input);
      assert.deepEqual(r, { ok: false, error });
      if (!r.ok) assert.ok(!r.error.includes('\n') && !r.error.includes('\x1b'));
    });
  }
});
