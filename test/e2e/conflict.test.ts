// The precondition scale and undo carry (the resourceVersion the user decided
// on) as the real apiserver takes it: a stale one is 409 and changes nothing,
// the current one applies. What the deployment is afterwards is read with kubectl.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTEXT_ADMIN } from '../../scripts/cluster/config.js';
import { resolveKubeconfig } from '../../src/sources/kube/kubeconfig.js';
import { ActionError, createKubeActions, type KubeActions } from '../../src/sources/kube/actions.js';
import { KUBECONFIG, kubectl, requireCluster } from './cluster-env.js';

const replicas = async () => Number((await kubectl(['get', 'deployment', 'cart', '-n', 'shop', '-o', 'jsonpath={.spec.replicas}'])).trim());
const annotation = async () => (await kubectl(['get', 'deployment', 'cart', '-n', 'shop', '-o', 'jsonpath={.metadata.annotations.kdeck-e2e/conflict}'])).trim();

describe('resourceVersion preconditions against the real apiserver', () => {
  let api: KubeActions;
  let start = 2;
  before(async () => {
    requireCluster();
    api = createKubeActions(resolveKubeconfig({ kubeconfig: KUBECONFIG, context: CONTEXT_ADMIN }));
    start = await replicas();
  });
  after(async () => {
    await kubectl(['scale', 'deployment/cart', '-n', 'shop', `--replicas=${start}`]).catch(() => undefined);
    api?.close();
  });

  test('scale with a stale resourceVersion is 409 and changes nothing; with the current one it applies', async () => {
    const seen = await api.getDeployment('shop', 'cart');
    await kubectl(['annotate', 'deployment/cart', '-n', 'shop', '--overwrite', `kdeck-e2e/conflict=${Date.now()}`]);
    await assert.rejects(api.scale('shop', 'cart', start + 1, { resourceVersion: seen.metadata.resourceVersion }), (e: unknown) => e instanceof ActionError && e.status === 409);
    assert.equal(await replicas(), start, 'nothing applied');
    const fresh = await api.getDeployment('shop', 'cart');
    await api.scale('shop', 'cart', start + 1, { resourceVersion: fresh.metadata.resourceVersion });
    assert.equal(await replicas(), start + 1);
  });

  test('a JSON patch (as undo sends it) with a stale resourceVersion is 409 and changes nothing', async () => {
    const seen = await api.getDeployment('shop', 'cart');
    await kubectl(['annotate', 'deployment/cart', '-n', 'shop', '--overwrite', 'kdeck-e2e/conflict=other-writer']);
    const patch = [{ op: 'replace', path: '/metadata/annotations', value: { ...(seen.metadata.annotations ?? {}), 'kdeck-e2e/conflict': 'kdeck' } }];
    await assert.rejects(api.patchDeployment('shop', 'cart', patch, { resourceVersion: seen.metadata.resourceVersion }), (e: unknown) => e instanceof ActionError && e.status === 409);
    assert.equal(await annotation(), 'other-writer', 'nothing applied');
    const fresh = await api.getDeployment('shop', 'cart');
    await api.patchDeployment('shop', 'cart', patch, { resourceVersion: fresh.metadata.resourceVersion });
    assert.equal(await annotation(), 'kdeck');
  });
});
