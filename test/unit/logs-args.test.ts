// `:logs` arguments: selector, namespace, tail and since, or a pod path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLogsArgs, parseSince } from '../../src/commands/logs.js';

test('a selector with a namespace, tail and since, in any order', () => {
  assert.deepEqual(parseLogsArgs('--since 10m -l app=web -n shop --tail 50', undefined), {
    target: { kind: 'selector', namespace: 'shop', selector: 'app=web', title: '-l app=web -n shop' },
    tailLines: 50,
    sinceSeconds: 600,
  });
});

test('the watched namespace is the default; -A widens to all', () => {
  const a = parseLogsArgs('-l app=web', 'shop');
  assert.ok(!('error' in a) && a.target.kind === 'selector' && a.target.namespace === 'shop');
  const b = parseLogsArgs('-l app=web -A', 'shop');
  assert.ok(!('error' in b) && b.target.kind === 'selector' && b.target.namespace === undefined);
});

test('a pod path, with or without a container', () => {
  assert.deepEqual(parseLogsArgs('shop/web-1/web --tail 5', undefined), { target: { kind: 'pod', namespace: 'shop', pod: 'web-1', container: 'web' }, tailLines: 5, sinceSeconds: undefined });
});

test('bad input is one line saying what to type', () => {
  for (const [arg, re] of [
    ['', /needs a label selector or a pod/],
    ['-l app in (', /:logs: /],
    ['-l app=web --tail many', /--tail takes a whole number/],
    ['-l app=web --since yesterday', /--since takes a duration/],
    ['-l app=web --frob', /unexpected "--frob"/],
  ] as const) {
    const r = parseLogsArgs(arg, undefined);
    assert.ok('error' in r, arg);
    assert.match(r.error, re);
    assert.ok(!r.error.includes('\n'));
  }
});

test('durations as kubectl --since takes them', () => {
  assert.equal(parseSince('30s'), 30);
  assert.equal(parseSince('5m'), 300);
  assert.equal(parseSince('2h'), 7200);
  assert.equal(parseSince('1d'), 86400);
  assert.equal(parseSince('45'), 45);
  assert.equal(parseSince('0m'), undefined);
  assert.equal(parseSince('5 minutes'), undefined);
});
