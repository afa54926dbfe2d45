import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import stringWidth from 'string-width';
import { COLUMNS, displayWidth, fitCell, layoutColumns, type ColumnDef } from '../../src/model/columns.js';
import type { Row } from '../../src/model/row.js';

function rowWith(cells: Record<string, string>): Row {
  return { key: cells.name ?? 'x', cells, health: 'ok', sort: { name: 'x', age: 0, status: 0 }, ref: { kind: 'Pod', name: 'x' } };
}

const podRow = rowWith({
  namespace: 'production',
  name: 'checkout-service-7d9f8b6c5d-abcde',
  ready: '1/1',
  status: 'CrashLoopBackOff',
  restarts: '12 (3m12s ago)',
  node: 'ip-10-0-12-34.eu-west-1.compute.internal',
  images: 'registry.example.com:5000/shop/checkout:1.2.3,envoyproxy/envoy:v1.29',
  age: '3d4h',
  ip: '10.244.12.34',
});

const total = (cols: { width: number }[]) => cols.reduce((s, c) => s + c.width, 0) + Math.max(0, cols.length - 1);

describe('layoutColumns', () => {
  it('at 80 columns the pods view keeps namespace, name, ready, status, restarts and age', () => {
    const cols = layoutColumns(COLUMNS.pods, [podRow], 80);
    const ids = cols.map((c) => c.id);
    for (const id of ['namespace', 'name', 'ready', 'status', 'restarts', 'age']) assert.ok(ids.includes(id), `${id} in ${ids}`);
    assert.ok(!ids.includes('ip'), 'ip is dropped first');
    assert.ok(total(cols) <= 80, `fits: ${total(cols)}`);
    assert.equal(cols.find((c) => c.id === 'status')!.width, 16, 'status is not truncated');
  });

  it('keeps definition order for the columns shown', () => {
    const cols = layoutColumns(COLUMNS.pods, [podRow], 80);
    const order = COLUMNS.pods.map((d) => d.id).filter((id) => cols.some((c) => c.id === id));
    assert.deepEqual(cols.map((c) => c.id), order);
  });

  it('shows everything at natural width on a wide terminal and gives leftover to grow columns', () => {
    const cols = layoutColumns(COLUMNS.pods, [podRow], 300);
    assert.equal(cols.length, COLUMNS.pods.length);
    const byId = Object.fromEntries(cols.map((c) => [c.id, c]));
    assert.equal(byId.status!.width, 16);
    assert.equal(byId.ready!.width, 5, 'title width wins over "1/1"');
    assert.equal(byId.ip!.width, 12);
    assert.ok(byId.name!.width >= 33);
    assert.ok(total(cols) <= 300);
    assert.equal(byId.restarts!.align, 'left');
  });

  it('widths never exceed max, even when growing', () => {
    const cols = layoutColumns(COLUMNS.pods, [podRow], 1000);
    for (const c of cols) {
      const def = COLUMNS.pods.find((d) => d.id === c.id)!;
      if (def.max !== undefined) assert.ok(c.width <= def.max, `${c.id} ${c.width} <= ${def.max}`);
    }
  });

  it('fits every width from 20 to 200 exactly or under', () => {
    for (let w = 20; w <= 200; w++) {
      for (const view of ['pods', 'deployments', 'namespaces', 'images'] as const) {
        const cols = layoutColumns(COLUMNS[view], [podRow], w);
        assert.ok(total(cols) <= w, `${view} at ${w}: ${total(cols)}`);
        assert.ok(cols.every((c) => c.width >= 1));
      }
    }
  });

  it('squeezes must-show columns below their min on a tiny terminal instead of dropping them', () => {
    const cols = layoutColumns(COLUMNS.pods, [podRow], 40);
    assert.deepEqual(cols.map((c) => c.id), ['namespace', 'name', 'ready', 'status', 'restarts', 'age']);
    assert.ok(total(cols) <= 40);
  });

  it('drops the highest priority number first, rightmost first on ties', () => {
    const defs: ColumnDef[] = [
      { id: 'a', title: 'A', min: 10, priority: 0 },
      { id: 'b', title: 'B', min: 10, priority: 1 },
      { id: 'c', title: 'C', min: 10, priority: 2 },
      { id: 'd', title: 'D', min: 10, priority: 2 },
    ];
    const r = rowWith({ a: 'x'.repeat(10), b: 'x'.repeat(10), c: 'x'.repeat(10), d: 'x'.repeat(10) });
    assert.deepEqual(layoutColumns(defs, [r], 43).map((c) => c.id), ['a', 'b', 'c', 'd']);
    assert.deepEqual(layoutColumns(defs, [r], 42).map((c) => c.id), ['a', 'b', 'c']);
    assert.deepEqual(layoutColumns(defs, [r], 31).map((c) => c.id), ['a', 'b']);
    assert.deepEqual(layoutColumns(defs, [r], 21).map((c) => c.id), ['a', 'b']);
    assert.deepEqual(layoutColumns(defs, [r], 20).map((c) => c.id), ['a']);
  });

  it('measures display width: CJK counts double', () => {
    const defs: ColumnDef[] = [{ id: 'name', title: 'NAME', min: 4, priority: 0 }];
    assert.equal(layoutColumns(defs, [rowWith({ name: '日本語' })], 80)[0]!.width, 6);
  });

  it('an empty table still gets header-width columns', () => {
    const cols = layoutColumns(COLUMNS.namespaces, [], 80);
    assert.equal(cols.find((c) => c.id === 'unhealthy')!.width, 9);
  });
});

describe('fitCell', () => {
  const cases: [string, number, 'left' | 'right', string][] = [
    ['abc', 5, 'left', 'abc  '],
    ['abc', 5, 'right', '  abc'],
    ['abc', 3, 'left', 'abc'],
    ['abcdef', 4, 'left', 'abc…'],
    ['abcdef', 4, 'right', 'abc…'],
    ['abcdef', 1, 'left', '…'],
    ['abcdef', 0, 'left', ''],
    ['', 3, 'left', '   '],
    ['日本語', 6, 'left', '日本語'],
    ['日本語', 8, 'right', '  日本語'],
    ['日本語', 5, 'left', '日本…'],
    ['日本語', 4, 'left', '日… '], // the second wide char does not fit in 3 columns before '…'
    ['a😀b', 3, 'left', 'a… '],
    ['👩‍👩‍👧‍👦 family', 4, 'left', '👩‍👩‍👧‍👦 …'],
    ['café', 3, 'left', 'ca…'],
  ];
  for (const [text, width, align, want] of cases) {
    it(`${JSON.stringify(text)} in ${width} (${align})`, () => {
      const out = fitCell(text, width, align);
      assert.equal(out, want);
      assert.equal(stringWidth(out), width, 'exactly the requested display width');
    });
  }
  it('displayWidth agrees with string-width', () => {
    for (const s of ['abc', '日本', '😀', 'é', '']) assert.equal(displayWidth(s), stringWidth(s));
  });
});
