import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatSelector, fromLabelSelector, matchesSelector, parseSelector } from '../../src/model/label-selector.js';

const WEB = { app: 'web', tier: 'frontend', env: 'prod', replicas: '3' };
const DB = { app: 'db', tier: 'backend' };
const NONE = {};

describe('parseSelector + matchesSelector', () => {
  // selector, matches WEB, matches DB, matches {} , formatted
  const cases: [string, boolean, boolean, boolean, string][] = [
    ['', true, true, true, ''],
    ['app=web', true, false, false, 'app=web'],
    ['app==web', true, false, false, 'app=web'],
    ['app = web', true, false, false, 'app=web'],
    ['app!=web', false, true, true, 'app!=web'],
    ['app in (web,db)', true, true, false, 'app in (db,web)'],
    ['app in (web, api)', true, false, false, 'app in (api,web)'],
    ['app notin (web)', false, true, true, 'app notin (web)'],
    ['env', true, false, false, 'env'],
    ['!env', false, true, true, '!env'],
    ['app=web,tier=frontend', true, false, false, 'app=web,tier=frontend'],
    ['tier,app!=db', true, false, false, 'app!=db,tier'],
    ['app=web,!env', false, false, false, 'app=web,!env'],
    ['replicas>2', true, false, false, 'replicas>2'],
    ['replicas<2', false, false, false, 'replicas<2'],
    ['env=', false, false, false, 'env='],
    ['example.com/team=a', false, false, false, 'example.com/team=a'],
    ['app in (in,notin)', false, false, false, 'app in (in,notin)'],
  ];
  for (const [text, web, db, none, formatted] of cases) {
    it(JSON.stringify(text), () => {
      const sel = parseSelector(text);
      assert.equal(matchesSelector(WEB, sel), web, 'web');
      assert.equal(matchesSelector(DB, sel), db, 'db');
      assert.equal(matchesSelector(NONE, sel), none, '{}');
      assert.equal(matchesSelector(undefined, sel), none, 'undefined labels');
      assert.equal(formatSelector(sel), formatted);
    });
  }

  it('empty value matches an empty label value', () => {
    assert.equal(matchesSelector({ env: '' }, parseSelector('env=')), true);
    assert.equal(matchesSelector({ env: '' }, parseSelector('env in ()')), true);
  });

  const errors: [string, RegExp][] = [
    ['app=web,', /expected a label key/],
    [',app=web', /expected a label key/],
    ['app=web tier=x', /expected "," or end of input/],
    ['app in web', /expected "\("/],
    ['app in (web', /expected "," or "\)"/],
    ['app ~ web', /invalid label key|expected/],
    ['!app=web', /after "!key"/],
    ['=web', /expected a label key/],
    ['app=we b', /expected "," or end of input/],
    ['-bad=x', /invalid label key "-bad"/],
    ['app=-x', /invalid value "-x"/],
    ['a/b/c=x', /invalid label key/],
    ['Example.com/x=1', /prefix must be a DNS subdomain/],
    [`app=${'v'.repeat(64)}`, /invalid value/],
    [`${'k'.repeat(64)}=v`, /invalid label key/],
    ['replicas>x', /needs an integer/],
    ['app==', /.*/], // empty value after == is allowed by apimachinery
  ];
  for (const [text, re] of errors) {
    if (text === 'app==') {
      it('"app==" is an empty-value equality, not an error', () => assert.equal(formatSelector(parseSelector(text)), 'app='));
      continue;
    }
    it(`rejects ${JSON.stringify(text)}`, () => {
      assert.throws(() => parseSelector(text), (e: Error) => {
        assert.match(e.message, re);
        assert.doesNotMatch(e.message, /\n/, 'one-line message');
        return true;
      });
    });
  }
});

describe('fromLabelSelector', () => {
  it('a missing selector matches nothing', () => {
    const sel = fromLabelSelector(undefined);
    assert.equal(matchesSelector(WEB, sel), false);
    assert.equal(matchesSelector({}, sel), false);
    assert.equal(formatSelector(sel), '<none>');
  });
  it('an empty selector matches everything', () => {
    const sel = fromLabelSelector({});
    assert.equal(matchesSelector(WEB, sel), true);
    assert.equal(matchesSelector(undefined, sel), true);
  });
  it('combines matchLabels and matchExpressions', () => {
    const sel = fromLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['frontend', 'edge'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'env', operator: 'Exists' },
        { key: 'zone', operator: 'NotIn', values: ['b'] },
      ],
    });
    assert.equal(matchesSelector(WEB, sel), true);
    assert.equal(matchesSelector({ ...WEB, canary: 'yes' }, sel), false);
    assert.equal(matchesSelector({ ...WEB, zone: 'b' }, sel), false);
    assert.equal(matchesSelector({ ...WEB, tier: 'backend' }, sel), false);
    assert.equal(formatSelector(sel), 'app=web,!canary,env,tier in (edge,frontend),zone notin (b)');
  });
  it('an invalid expression matches nothing rather than everything', () => {
    assert.equal(matchesSelector(WEB, fromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] })), false);
    assert.equal(matchesSelector(WEB, fromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] })), false);
  });
  it('round-trips through formatSelector and parseSelector', () => {
    const sel = fromLabelSelector({ matchLabels: { app: 'web', tier: 'frontend' }, matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] });
    assert.deepEqual(parseSelector(formatSelector(sel)), sel);
  });
});
