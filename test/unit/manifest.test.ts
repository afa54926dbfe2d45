import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManifestError, parseManifest } from '../../src/model/manifest.js';

const deploy = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  replicas: 2\n`;

describe('parseManifest', () => {
  it('reads several documents, skipping empty ones, numbering them as they stand in the file', () => {
    const docs = parseManifest(`---\n${deploy('a')}---\n# only a comment\n---\n${deploy('b')}`, 'm.yaml');
    assert.deepEqual(
      docs.map((d) => [d.index, d.object.kind, d.object.metadata.name]),
      [
        [1, 'Deployment', 'a'],
        [3, 'Deployment', 'b'],
      ],
    );
    assert.equal(docs[0]!.object.metadata.namespace, 'shop');
    assert.equal((docs[0]!.object.spec as { replicas: number }).replicas, 2);
  });

  it('reads JSON', () => {
    const docs = parseManifest(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } }), 'c.json');
    assert.equal(docs.length, 1);
    assert.deepEqual(docs[0]!.object.data, { a: '1' });
  });

  it('expands a List into its items', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }] };
    const docs = parseManifest(`${deploy('a')}---\n${JSON.stringify(list)}`, 'l.yaml');
    assert.deepEqual(docs.map((d) => `${d.index}:${d.object.kind}/${d.object.metadata.name}`), ['1:Deployment/a', '2:Secret/s', '2:ConfigMap/c']);
  });

  it('an empty file is no objects', () => {
    assert.deepEqual(parseManifest('', 'e.yaml'), []);
    assert.deepEqual(parseManifest('---\n---\n', 'e.yaml'), []);
  });

  it('bad YAML names the file, the document and the line', () => {
    const text = `${deploy('a')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n   bad: indent\n`;
    assert.throws(() => parseManifest(text, 'manifest.yaml'), (e: unknown) => {
      assert.ok(e instanceof ManifestError);
      assert.match(e.message, /^manifest\.yaml: document 2: not valid YAML \(line 12: /);
      assert.ok(!e.message.includes('\n'));
      return true;
    });
  });

  it('missing kind, apiVersion or name are errors naming file and document', () => {
    assert.throws(() => parseManifest('apiVersion: v1\nmetadata:\n  name: x\n', 'manifest.yaml'), { message: 'manifest.yaml: document 1: missing kind' });
    assert.throws(() => parseManifest(`${deploy('a')}---\nkind: Secret\nmetadata:\n  name: x\n`, 'manifest.yaml'), { message: 'manifest.yaml: document 2: missing apiVersion' });
    assert.throws(() => parseManifest('apiVersion: v1\nkind: Secret\nmetadata: {}\n', 'm.yaml'), { message: 'm.yaml: document 1: Secret has no metadata.name' });
    assert.throws(() => parseManifest('- a\n- b\n', 'm.yaml'), { message: /^m\.yaml: document 1: not a Kubernetes object/ });
  });
});
