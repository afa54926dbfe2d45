import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sortRows } from '../../src/model/sort.js';
import { compareNameKeys, type Row } from '../../src/model/row.js';
import { healthRank, type Health } from '../../src/model/health.js';

function row(name: string, age: number, health: Health): Row {
  return { key: name, cells: { name }, health, sort: { name, age, status: healthRank(health) }, ref: { kind: 'Pod', name } };
}

const rows = [
  row('shop/web-2', 300, 'ok'),
  row('shop/api', 100, 'bad'),
  row('a-b/x', 200, 'warn'),
  row('a/z', 0, 'ok'),
  row('shop/web-1', 300, 'done'),
  row('ops/db', 50, 'bad'),
];
const names = (rs: Row[]) => rs.map((r) => r.sort.name);

describe('sortRows', () => {
  it('name ascending orders by namespace, then name ("a/…" before "a-b/…")', () => {
    assert.deepEqual(names(sortRows(rows, 'name', false)), ['a/z', 'a-b/x', 'ops/db', 'shop/api', 'shop/web-1', 'shop/web-2']);
  });
  it('name descending is the reverse', () => {
    assert.deepEqual(names(sortRows(rows, 'name', true)), ['shop/web-2', 'shop/web-1', 'shop/api', 'ops/db', 'a-b/x', 'a/z']);
  });
  it('age ascending is youngest first (largest creation time), unknown last, ties by name', () => {
    assert.deepEqual(names(sortRows(rows, 'age', false)), ['shop/web-1', 'shop/web-2', 'a-b/x', 'shop/api', 'ops/db', 'a/z']);
  });
  it('age descending is oldest first, unknown still last', () => {
    assert.deepEqual(names(sortRows(rows, 'age', true)), ['ops/db', 'shop/api', 'a-b/x', 'shop/web-1', 'shop/web-2', 'a/z']);
  });
  it('status ascending is worst first, ties by name', () => {
    assert.deepEqual(names(sortRows(rows, 'status', false)), ['ops/db', 'shop/api', 'a-b/x', 'shop/web-1', 'a/z', 'shop/web-2']);
  });
  it('status descending puts healthy rows first', () => {
    assert.deepEqual(names(sortRows(rows, 'status', true)), ['a/z', 'shop/web-2', 'shop/web-1', 'a-b/x', 'ops/db', 'shop/api']);
  });
  it('does not mutate its input and is stable for equal keys', () => {
    const before = names(rows);
    const dup = [row('x/a', 1, 'ok'), row('x/a', 1, 'ok')];
    dup[1]!.key = 'second';
    assert.deepEqual(sortRows(dup, 'name', false).map((r) => r.key), ['x/a', 'second']);
    assert.deepEqual(names(rows), before);
  });
});

describe('compareNameKeys', () => {
  it('orders like the (namespace, name) tuple', () => {
    const keys = ['shop/web', 'a-b/x', 'a/x', 'a/x-1', 'ab/c', 'a'];
    assert.deepEqual(keys.slice().sort(compareNameKeys), ['a', 'a/x', 'a/x-1', 'a-b/x', 'ab/c', 'shop/web']);
  });
});

describe('sortRows on rows already in name order', () => {
  it('gives the same order as the general sort for name and status, both directions', () => {
    const healths: Health[] = ['ok', 'bad', 'warn', 'done'];
    const many = Array.from({ length: 200 }, (_, i) => row(`ns-${i % 7}/pod-${(i * 37) % 200}`, i, healths[(i * 13) % 4]!));
    const ordered = sortRows(many, 'name', false);
    for (const by of ['name', 'status'] as const) {
      for (const desc of [false, true]) {
        assert.deepEqual(names(sortRows(ordered, by, desc, true)), names(sortRows(ordered, by, desc)), `${by} ${desc ? 'desc' : 'asc'}`);
      }
    }
  });
  it('still sorts by age (age order is not derived from name order)', () => {
    const ordered = sortRows(rows, 'name', false);
    assert.deepEqual(names(sortRows(ordered, 'age', false, true)), ['shop/web-1', 'shop/web-2', 'a-b/x', 'shop/api', 'ops/db', 'a/z']);
  });
});
