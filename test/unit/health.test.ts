import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { healthRank, worstHealth, type Health } from '../../src/model/health.js';

describe('health', () => {
  it('ranks bad > warn > done > ok', () => {
    const order: Health[] = ['ok', 'done', 'warn', 'bad'];
    for (let i = 1; i < order.length; i++) assert.ok(healthRank(order[i]!) > healthRank(order[i - 1]!), order[i]);
  });
  it('worstHealth picks the more severe', () => {
    assert.equal(worstHealth('ok', 'warn'), 'warn');
    assert.equal(worstHealth('bad', 'warn'), 'bad');
    assert.equal(worstHealth('done', 'ok'), 'done');
    assert.equal(worstHealth('ok', 'ok'), 'ok');
  });
});
