import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { age, humanDuration, humanDurationStableFor } from '../../src/model/age.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const Y = 365 * D;

describe('humanDuration (kubectl rules)', () => {
  const cases: [number, string][] = [
    [-2 * S, '<invalid>'],
    [-1999, '0s'], // Go truncates -1.999s to -1: inside the clock-skew tolerance
    [-1 * S, '0s'],
    [-500, '0s'],
    [0, '0s'],
    [999, '0s'],
    [1 * S, '1s'],
    [59 * S, '59s'],
    [60 * S, '60s'],
    [119 * S, '119s'],
    [2 * M, '2m'],
    [3 * M + 20 * S, '3m20s'],
    [9 * M + 59 * S, '9m59s'],
    [10 * M, '10m'],
    [10 * M + 30 * S, '10m'],
    [179 * M, '179m'],
    [3 * H, '3h'],
    [3 * H + 5 * M, '3h5m'],
    [7 * H + 59 * M, '7h59m'],
    [8 * H, '8h'],
    [8 * H + 30 * M, '8h'],
    [47 * H, '47h'],
    [48 * H, '2d'],
    [3 * D + 4 * H, '3d4h'],
    [7 * D + 23 * H, '7d23h'],
    [8 * D, '8d'],
    [8 * D + 5 * H, '8d'],
    [400 * D, '400d'],
    [2 * Y - 1 * H, '729d'],
    [2 * Y, '2y'],
    [3 * Y + 12 * D, '3y12d'],
    [8 * Y - 1 * D, '7y364d'],
    [8 * Y, '8y'],
    [20 * Y + 100 * D, '20y'],
  ];
  for (const [ms, want] of cases) {
    it(`${ms}ms -> ${want}`, () => assert.equal(humanDuration(ms), want));
  }
  it('NaN is invalid', () => assert.equal(humanDuration(NaN), '<invalid>'));
});

describe('age', () => {
  const now = Date.parse('2025-01-10T12:00:00Z');
  it('is <unknown> without a timestamp', () => {
    assert.equal(age(undefined, now), '<unknown>');
    assert.equal(age('', now), '<unknown>');
    assert.equal(age('not a date', now), '<unknown>');
  });
  it('measures from the RFC 3339 timestamp to now', () => {
    assert.equal(age('2025-01-10T11:56:40Z', now), '3m20s');
    assert.equal(age('2025-01-07T08:00:00Z', now), '3d4h');
    assert.equal(age('2025-01-10T12:00:01Z', now), '0s');
    assert.equal(age('2025-01-10T12:00:05Z', now), '<invalid>');
  });
});

describe('humanDurationStableFor', () => {
  it('says how long the text stays the same: unchanged one ms before, and the step is the unit the text shows', () => {
    const S = 1000;
    const samples = [0, 1, 999, 59 * S, 119 * S + 500, 9 * 60 * S + 59 * S, 10 * 60 * S, 179 * 60 * S + 1, 7.9 * 3600 * S, 47 * 3600 * S, 7.5 * 86400 * S, 400 * 86400 * S, 3 * 365 * 86400 * S + 5, 9 * 365 * 86400 * S];
    for (let k = 0; k < 300; k++) samples.push(Math.floor(Math.abs(Math.sin(k + 1)) * 10 ** (2 + (k % 10))));
    for (const ms of samples) {
      const stable = humanDurationStableFor(ms);
      assert.ok(stable > 0, `${ms}: ${stable}`);
      assert.equal(humanDuration(ms + stable - 1), humanDuration(ms), `${ms} stays ${humanDuration(ms)} for ${stable} ms`);
    }
    // Seconds are shown below 10 minutes, minutes below 8 hours.
    assert.equal(humanDurationStableFor(5 * 60 * S + 300), 700);
    assert.equal(humanDurationStableFor(3 * 3600 * S + 60 * S + 1), 60 * S - 1);
  });
});
