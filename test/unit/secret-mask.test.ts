import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskSecrets } from '../../src/model/secret-mask.js';

const secret = (data?: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'Opaque', ...(data ? { data } : {}) });

describe('maskSecrets (as kubectl diff masks)', () => {
  it('unchanged values become *** on both sides', () => {
    const r = maskSecrets(secret({ a: 'MQ==' }), secret({ a: 'MQ==' }));
    assert.deepEqual((r.live as { data: unknown }).data, { a: '***' });
    assert.deepEqual((r.merged as { data: unknown }).data, { a: '***' });
  });

  it('a changed value shows *** (before) / *** (after); added and removed keys are ***', () => {
    const r = maskSecrets(secret({ same: 'eA==', changed: 'MQ==', gone: 'Zw==' }), secret({ same: 'eA==', changed: 'Mg==', added: 'bg==' }));
    assert.deepEqual((r.live as { data: unknown }).data, { same: '***', changed: '*** (before)', gone: '***' });
    assert.deepEqual((r.merged as { data: unknown }).data, { same: '***', changed: '*** (after)', added: '***' });
  });

  it('a new secret (no live object) is masked; the live side stays absent', () => {
    const r = maskSecrets(undefined, secret({ password: 'aHVudGVyMg==' }));
    assert.equal(r.live, undefined);
    assert.deepEqual((r.merged as { data: unknown }).data, { password: '***' });
  });

  it('stringData is masked by the same rule', () => {
    const r = maskSecrets(undefined, { ...secret(), stringData: { token: 'plain text' } });
    assert.deepEqual((r.merged as { stringData: unknown }).stringData, { token: '***' });
  });

  it('a secret without data gains no data field', () => {
    const r = maskSecrets(secret(), secret());
    assert.equal('data' in (r.live as object), false);
    assert.equal('data' in (r.merged as object), false);
  });

  it('leaves other kinds alone and never changes its inputs', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'visible' } };
    assert.deepEqual(maskSecrets(cm, cm).merged, cm);
    const live = secret({ a: 'MQ==' });
    maskSecrets(live, secret({ a: 'Mg==' }));
    assert.deepEqual(live.data, { a: 'MQ==' });
  });
});
