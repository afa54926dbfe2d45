import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { COMMAND_ALIASES, commandArgKind, completeCommand, parseCommand } from '../../src/model/commands.js';

describe('parseCommand', () => {
  const ok: [string, { name: string; arg?: string }][] = [
    ['ns', { name: 'namespaces' }],
    ['namespace', { name: 'namespaces' }],
    ['namespaces', { name: 'namespaces' }],
    ['po', { name: 'pods' }],
    ['pod', { name: 'pods' }],
    [':pods', { name: 'pods' }],
    ['  :  po   shop  ', { name: 'pods', arg: 'shop' }],
    ['PO Shop', { name: 'pods', arg: 'Shop' }],
    ['dp', { name: 'deployments' }],
    ['deploy kube-system', { name: 'deployments', arg: 'kube-system' }],
    ['deployment', { name: 'deployments' }],
    ['deployments', { name: 'deployments' }],
    ['img', { name: 'images' }],
    ['image', { name: 'images' }],
    ['images shop', { name: 'images', arg: 'shop' }],
    ['ctx', { name: 'contexts' }],
    ['ctx prod-eu', { name: 'contexts', arg: 'prod-eu' }],
    ['context', { name: 'contexts' }],
    ['contexts', { name: 'contexts' }],
    ['q', { name: 'quit' }],
    ['quit', { name: 'quit' }],
    ['q!', { name: 'quit' }],
    ['help', { name: 'help' }],
    ['?', { name: 'help' }],
  ];
  for (const [text, want] of ok) it(JSON.stringify(text), () => assert.deepEqual(parseCommand(text), want));

  const bad: [string, RegExp][] = [
    ['', /empty command/],
    [':', /empty command/],
    ['bogus', /unknown command ":bogus"/],
    ['q now', /takes no argument/],
    ['help me', /takes no argument/],
    ['po a b', /takes one argument/],
  ];
  for (const [text, re] of bad) {
    it(`error for ${JSON.stringify(text)}`, () => {
      const r = parseCommand(text);
      assert.ok('error' in r);
      assert.match(r.error, re);
    });
  }

  it('every alias in COMMAND_ALIASES parses to its command', () => {
    for (const [name, aliases] of Object.entries(COMMAND_ALIASES)) {
      for (const a of aliases) assert.deepEqual(parseCommand(a), { name });
    }
  });
});

describe('completeCommand', () => {
  it('offers every command for an empty line', () => {
    assert.deepEqual(completeCommand(''), ['namespaces', 'pods', 'deployments', 'images', 'containers', 'contexts', 'triage', 'quit', 'diff', 'logs', 'prune', 'help']);
  });
  it('completes a prefix to canonical names', () => {
    assert.deepEqual(completeCommand('d'), ['deployments', 'diff']);
    assert.deepEqual(completeCommand('di'), ['diff']);
    assert.deepEqual(completeCommand('lo'), ['logs']);
    assert.deepEqual(completeCommand('p'), ['pods', 'prune']);
    assert.deepEqual(completeCommand('pr'), ['prune']);
    assert.deepEqual(completeCommand('co'), ['containers', 'contexts']);
    assert.deepEqual(completeCommand('x'), []);
  });
  it(':logs takes a selector with flags', () => {
    assert.deepEqual(parseCommand(':logs -l app=web -n shop'), { name: 'logs', arg: '-l app=web -n shop' });
  });
  it(':diff takes a manifest file', () => {
    assert.deepEqual(parseCommand('diff web.yaml'), { name: 'diff', arg: 'web.yaml' });
    assert.deepEqual(parseCommand(':diff'), { name: 'diff' });
  });
  it('keeps a leading colon', () => {
    assert.deepEqual(completeCommand(':na'), [':namespaces']);
  });
  it('a complete alias that takes an argument gains a space', () => {
    assert.deepEqual(completeCommand('po'), ['po ']);
    assert.deepEqual(completeCommand('q'), []);
  });
  it('completes arguments from extra, keeping the alias typed', () => {
    const ns = ['shop', 'shipping', 'kube-system', 'shop'];
    assert.deepEqual(completeCommand('po sh', ns), ['po shop', 'po shipping']);
    assert.deepEqual(completeCommand('po ', ns), ['po shop', 'po shipping', 'po kube-system']);
    assert.deepEqual(completeCommand('ctx PR', ['prod', 'dev']), ['ctx prod']);
    assert.deepEqual(completeCommand('q sh', ns), []);
    assert.deepEqual(completeCommand('nope sh', ns), []);
  });
  it('commandArgKind tells which names to offer', () => {
    assert.equal(commandArgKind('pods'), 'namespace');
    assert.equal(commandArgKind('contexts'), 'context');
    assert.equal(commandArgKind('namespaces'), undefined);
  });
});
