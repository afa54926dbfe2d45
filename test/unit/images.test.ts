import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isFloatingImage, parseImageRef, shortDigest } from '../../src/model/images.js';

const D = 'sha256:' + 'ab'.repeat(32);

describe('parseImageRef', () => {
  const cases: [string, { registry?: string; repository: string; tag?: string; digest?: string; isLatest: boolean; isUntagged: boolean }][] = [
    ['nginx', { repository: 'nginx', isLatest: false, isUntagged: true }],
    ['nginx:1.25', { repository: 'nginx', tag: '1.25', isLatest: false, isUntagged: false }],
    ['nginx:latest', { repository: 'nginx', tag: 'latest', isLatest: true, isUntagged: false }],
    ['library/nginx:1', { repository: 'library/nginx', tag: '1', isLatest: false, isUntagged: false }],
    ['docker.io/library/nginx', { registry: 'docker.io', repository: 'library/nginx', isLatest: false, isUntagged: true }],
    ['ghcr.io/org/app:v2', { registry: 'ghcr.io', repository: 'org/app', tag: 'v2', isLatest: false, isUntagged: false }],
    ['localhost/app', { registry: 'localhost', repository: 'app', isLatest: false, isUntagged: true }],
    ['localhost:5000/app', { registry: 'localhost:5000', repository: 'app', isLatest: false, isUntagged: true }],
    ['registry.local:5000/team/app:1.2.3', { registry: 'registry.local:5000', repository: 'team/app', tag: '1.2.3', isLatest: false, isUntagged: false }],
    ['registry.local:5000/app', { registry: 'registry.local:5000', repository: 'app', isLatest: false, isUntagged: true }],
    [`nginx@${D}`, { repository: 'nginx', digest: D, isLatest: false, isUntagged: false }],
    [`nginx:1.25@${D}`, { repository: 'nginx', tag: '1.25', digest: D, isLatest: false, isUntagged: false }],
    [`reg.io:443/a/b:latest@${D}`, { registry: 'reg.io:443', repository: 'a/b', tag: 'latest', digest: D, isLatest: true, isUntagged: false }],
    ['Upper/app', { registry: 'Upper', repository: 'app', isLatest: false, isUntagged: true }],
    ['team/app', { repository: 'team/app', isLatest: false, isUntagged: true }],
    ['a/b/c:tag', { repository: 'a/b/c', tag: 'tag', isLatest: false, isUntagged: false }],
  ];
  for (const [ref, want] of cases) {
    it(ref, () => assert.deepEqual(parseImageRef(ref), { ref, registry: undefined, tag: undefined, digest: undefined, ...want }));
  }
});

describe('floating images and short digests', () => {
  it('untagged and explicit latest float; a digest pins', () => {
    assert.equal(isFloatingImage(parseImageRef('nginx')), true);
    assert.equal(isFloatingImage(parseImageRef('nginx:latest')), true);
    assert.equal(isFloatingImage(parseImageRef(`nginx:latest@${D}`)), false);
    assert.equal(isFloatingImage(parseImageRef(`nginx@${D}`)), false);
    assert.equal(isFloatingImage(parseImageRef('nginx:1.25')), false);
  });
  it('shortDigest keeps the algorithm and 12 hex digits', () => {
    assert.equal(shortDigest(D), 'sha256:abababababab');
    assert.equal(shortDigest('0123456789abcdef'), '0123456789ab');
  });
});
