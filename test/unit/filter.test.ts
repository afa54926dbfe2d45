import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFilter, createFilterIndex, parseFilter } from '../../src/model/filter.js';
import type { Row } from '../../src/model/row.js';

function row(ns: string, name: string, status: string, labels?: Record<string, string>, image = 'nginx:1.25'): Row {
  return {
    key: `${ns}/${name}`,
    cells: { namespace: ns, name, status, images: image },
    health: 'ok',
    sort: { name: `${ns}/${name}`, age: 0, status: 0 },
    labels,
    ref: { kind: 'Pod', namespace: ns, name },
  };
}

const ROWS = [
  row('shop', 'web-7d9f-abcde', 'Running', { app: 'web', tier: 'frontend' }),
  row('shop', 'api-5c4b-xyz12', 'CrashLoopBackOff', { app: 'api', tier: 'backend' }),
  row('web', 'proxy-1', 'Running', { app: 'proxy' }),
  row('db', 'redis-0', 'Running', { app: 'redis' }, 'redis:7'),
  row('monitoring', 'prometheus-0', 'Pending', undefined, 'prom/prometheus'),
  row('shop', 'checkout-99', 'Running', { app: 'checkout', tier: 'backend' }),
];
const keys = (rs: Row[]) => rs.map((r) => r.key);

describe('parseFilter', () => {
  const cases: [string, object][] = [
    ['', { mode: 'fuzzy', invert: false, text: '' }],
    ['  web ', { mode: 'fuzzy', invert: false, text: 'web' }],
    ['!web', { mode: 'fuzzy', invert: true, text: 'web' }],
    ['-l app=web', { mode: 'label', invert: false, text: 'app=web' }],
    ['-lapp=web', { mode: 'label', invert: false, text: 'app=web' }],
    ['!-l app=web', { mode: 'label', invert: true, text: 'app=web' }],
    ['-l !app', { mode: 'label', invert: false, text: '!app' }],
    ['-label', { mode: 'label', invert: false, text: 'abel' }],
  ];
  for (const [input, want] of cases) {
    it(JSON.stringify(input), () => {
      const f = parseFilter(input);
      const { selector: _s, error: _e, ...rest } = f;
      assert.deepEqual(rest, want);
    });
  }
  it('a bad selector sets error and keeps the text', () => {
    const f = parseFilter('-l app in (web');
    assert.equal(f.mode, 'label');
    assert.match(f.error!, /expected/);
    assert.equal(f.selector, undefined);
  });
});

describe('applyFilter', () => {
  const cases: [string, string[]][] = [
    ['', keys(ROWS)],
    ['web', ['shop/web-7d9f-abcde', 'web/proxy-1']],
    ['WEB', ['shop/web-7d9f-abcde', 'web/proxy-1']],
    ['shop/web', ['shop/web-7d9f-abcde']],
    ['shop web', ['shop/web-7d9f-abcde']],
    ['crash', ['shop/api-5c4b-xyz12']],
    ['redis:7', ['db/redis-0']],
    ['!web', ['shop/api-5c4b-xyz12', 'db/redis-0', 'monitoring/prometheus-0', 'shop/checkout-99']],
    ['chekcout', ['shop/checkout-99']], // typo: fuzzy fallback on ns/name
    ['prometeus', ['monitoring/prometheus-0']],
    ['zzzz', []],
    ['-l app=web', ['shop/web-7d9f-abcde']],
    ['-l tier=backend', ['shop/api-5c4b-xyz12', 'shop/checkout-99']],
    ['-l tier', ['shop/web-7d9f-abcde', 'shop/api-5c4b-xyz12', 'shop/checkout-99']],
    ['-l !tier', ['web/proxy-1', 'db/redis-0', 'monitoring/prometheus-0']],
    ['!-l tier', ['web/proxy-1', 'db/redis-0', 'monitoring/prometheus-0']],
    ['-l app in (web,redis)', ['shop/web-7d9f-abcde', 'db/redis-0']],
    ['-l app in (web', keys(ROWS)], // bad selector: error shown, nothing hidden
    ['-l', keys(ROWS)],
  ];
  for (const [input, want] of cases) {
    it(JSON.stringify(input), () => assert.deepEqual(keys(applyFilter(ROWS, parseFilter(input))), want));
  }

  it('fuzzy fallback tolerates a typo but does not match unrelated rows', () => {
    assert.deepEqual(keys(applyFilter(ROWS, parseFilter('webz'))), ['shop/web-7d9f-abcde', 'web/proxy-1']);
    assert.deepEqual(keys(applyFilter(ROWS, parseFilter('redsi'))), ['db/redis-0']);
    assert.deepEqual(keys(applyFilter(ROWS, parseFilter('wbe'))), [], 'too short for fuzzy');
  });

  it('keeps the input order rather than ranking by score', () => {
    const reversed = ROWS.slice().reverse();
    assert.deepEqual(keys(applyFilter(reversed, parseFilter('web'))), ['web/proxy-1', 'shop/web-7d9f-abcde']);
  });

  it('inverse and direct results partition the rows', () => {
    for (const text of ['web', 'run', '-l tier', 'chekcout']) {
      const a = applyFilter(ROWS, parseFilter(text));
      const b = applyFilter(ROWS, parseFilter('!' + text));
      assert.equal(a.length + b.length, ROWS.length, text);
      assert.ok(a.every((r) => !b.includes(r)), text);
    }
  });

  it('reuses an explicit index', () => {
    const index = createFilterIndex(ROWS);
    assert.deepEqual(keys(applyFilter(ROWS, parseFilter('api'), index)), ['shop/api-5c4b-xyz12']);
  });
});

describe('filter speed at 10,000 rows', () => {
  it('prints per-keystroke timings (not asserted)', () => {
    const words = ['web', 'api', 'redis', 'worker', 'cart', 'checkout', 'payments', 'search', 'auth', 'gateway'];
    const rows: Row[] = [];
    for (let i = 0; i < 10_000; i++) {
      rows.push(row(`ns-${i % 40}`, `${words[i % 10]}-${words[(i * 7) % 10]}-${i.toString(36)}`, i % 13 ? 'Running' : 'CrashLoopBackOff', { app: words[i % 10]! }));
    }
    createFilterIndex(rows);
    const typed = ['w', 'we', 'web', 'web-', 'web-a', 'web-ap', 'web-api', 'chekout', 'gatewya-auth', 'zzzzzz', '-l app=web', '!web'];
    const times: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (const t of typed) {
        const s = performance.now();
        applyFilter(rows, parseFilter(t));
        times.push(performance.now() - s);
      }
    }
    times.sort((a, b) => a - b);
    const p95 = times[Math.floor(times.length * 0.95)]!;
    console.log(`  filter 10k rows: median ${times[times.length >> 1]!.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, max ${times[times.length - 1]!.toFixed(2)} ms`);
    assert.ok(applyFilter(rows, parseFilter('web-api')).length > 0);
  });
});
