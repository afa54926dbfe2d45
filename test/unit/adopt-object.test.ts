import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../src/model/types.js';
import { adoptObject } from '../../src/sources/kube/resources.js';
import { slimPod, StringPool } from '../../src/sources/kube/slim-pod.js';

// A pod as a real cluster sends it: most of it is spec and metadata no view reads.
const sent = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'api-7d4b9c-x2x9p',
    generateName: 'api-7d4b9c-',
    namespace: 'shop',
    uid: 'b1',
    resourceVersion: '42',
    creationTimestamp: '2026-11-24T10:00:00Z',
    labels: { app: 'api', 'pod-template-hash': '7d4b9c' },
    annotations: { 'prometheus.io/scrape': 'true', 'sidecar.istio.io/status': '{"initContainers":["istio-init"],"containers":["istio-proxy"]}' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'api-7d4b9c', uid: 'r1', controller: true, blockOwnerDeletion: true }],
    managedFields: [{ manager: 'kube-controller-manager', operation: 'Update', fieldsV1: { 'f:metadata': {} } }],
  },
  spec: {
    volumes: [{ name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }],
    containers: [
      {
        name: 'api',
        image: 'registry.example/api:1.4',
        env: [{ name: 'DB', value: 'postgres://db' }],
        resources: { limits: { memory: '256Mi' } },
        livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
      },
    ],
    tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    nodeName: 'node-1',
    restartPolicy: 'Always',
  },
  status: {
    phase: 'Running',
    hostIP: '10.0.0.1',
    podIP: '10.244.1.7',
    startTime: '2026-11-24T10:00:00Z',
    conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [api]', lastProbeTime: null, lastTransitionTime: '2026-11-24T10:05:00Z' }],
    containerStatuses: [
      {
        name: 'api',
        image: 'registry.example/api:1.4',
        imageID: 'registry.example/api@sha256:abc',
        containerID: 'containerd://123',
        ready: false,
        started: false,
        restartCount: 7,
        state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } },
        lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: '2026-11-24T10:04:00Z', finishedAt: '2026-11-24T10:05:00Z' } },
      },
    ],
  },
};

describe('slimPod', () => {
  it('keeps what the views read and drops the rest', () => {
    const p = slimPod(structuredClone(sent) as unknown as KubeObject);
    assert.equal(p.metadata.name, 'api-7d4b9c-x2x9p');
    assert.deepEqual(p.metadata.labels, { app: 'api', 'pod-template-hash': '7d4b9c' });
    assert.equal(p.metadata.ownerReferences?.[0]?.name, 'api-7d4b9c');
    assert.equal(p.metadata.ownerReferences?.[0]?.controller, true);
    assert.deepEqual(
      p.spec?.containers.map((c) => [c.name, c.image]),
      [['api', 'registry.example/api:1.4']],
    );
    assert.equal(p.spec?.nodeName, 'node-1');
    const cs = p.status?.containerStatuses?.[0];
    assert.equal(cs?.restartCount, 7);
    assert.equal(cs?.state?.waiting?.reason, 'CrashLoopBackOff');
    assert.equal(cs?.lastState?.terminated?.reason, 'OOMKilled');
    assert.equal(cs?.lastState?.terminated?.exitCode, 137);
    assert.equal(p.status?.conditions?.[0]?.message, 'containers with unready status: [api]');
    const json = JSON.stringify(p);
    for (const gone of ['annotations', 'managedFields', 'volumes', 'env', 'livenessProbe', 'tolerations', 'imageID', 'containerID', 'hostIP', 'generateName', 'blockOwnerDeletion', 'lastProbeTime']) {
      assert.ok(!json.includes(`"${gone}"`), `${gone} kept`);
    }
  });

  it('takes partial objects as the API may send them (a DELETED event, a pod not yet scheduled)', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(slimPod({ metadata: { name: 'x', namespace: 'ns' } } as KubeObject))), { metadata: { name: 'x', namespace: 'ns' } });
    const unscheduled = slimPod({ metadata: { name: 'y' }, spec: { containers: [{ name: 'c' }] }, status: { phase: 'Pending' } } as unknown as KubeObject);
    assert.equal(unscheduled.status?.phase, 'Pending');
    assert.equal(unscheduled.status?.containerStatuses, undefined);
    assert.equal(unscheduled.spec?.nodeName, undefined);
    // Malformed parts (a server or proxy gone wrong) give empty fields, not a crash of the watch.
    const odd = slimPod({ metadata: { name: 'z', ownerReferences: [null], labels: 'x' }, spec: { containers: [null] }, status: { conditions: 'x', containerStatuses: [7] } } as unknown as KubeObject);
    assert.equal(odd.metadata.ownerReferences?.[0]?.name, '');
    assert.equal(odd.spec?.containers[0]?.name, '');
    assert.equal(odd.status?.conditions, undefined);
    assert.equal(odd.status?.containerStatuses?.[0]?.restartCount, 0);
  });
});

describe('StringPool', () => {
  it('hands back the first copy of an equal string, and starts over past its limit', () => {
    const pool = new StringPool(2);
    assert.equal(pool.get('a'), 'a');
    pool.get('a');
    assert.equal(pool.size, 1);
    pool.get('b');
    assert.equal(pool.size, 2);
    pool.get('c');
    assert.equal(pool.size, 1);
    assert.equal(pool.get(undefined), undefined);
  });
});

describe('adoptObject', () => {
  it('names the kind of list items and drops managedFields and the last-applied copy from other kinds', () => {
    const d = adoptObject('deployments', {
      metadata: {
        name: 'web',
        namespace: 'shop',
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"big":true}', 'deployment.kubernetes.io/revision': '3' },
        managedFields: [{ manager: 'kubectl' }],
      },
    } as unknown as KubeObject);
    assert.equal(d.kind, 'Deployment');
    assert.equal(d.apiVersion, 'apps/v1');
    assert.deepEqual(d.metadata.annotations, { 'deployment.kubernetes.io/revision': '3' });
    assert.ok(!('managedFields' in d.metadata));
  });

  it('rebuilds pods trimmed', () => {
    const p = adoptObject('pods', structuredClone(sent) as unknown as KubeObject);
    assert.equal(p.kind, 'Pod');
    assert.equal(p.metadata.annotations, undefined);
    assert.ok(!JSON.stringify(p).includes('volumes'));
  });
});
