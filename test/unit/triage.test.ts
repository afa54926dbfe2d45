import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { triage, countBySeverity, podDeployment, type TriageItem } from '../../src/model/triage.js';
import { triageRows } from '../../src/model/rows-triage.js';
import { sortRows } from '../../src/model/sort.js';
import type { Deployment, KubeEvent, KubeNode, Pod } from '../../src/model/types.js';
import { MIN, NOW, ago, deployment, maps, pod, replicaset, running, terminated, waiting } from './model-fixtures.js';

const HOUR = 60 * MIN;

/** A pod of deployment `dep` through its ReplicaSet `dep-abc12`, as the controllers make them. */
function owned(p: Pod, dep: string): Pod {
  p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${dep}-abc12`, uid: 'rs', controller: true }];
  p.metadata.labels = { ...p.metadata.labels, 'pod-template-hash': 'abc12' };
  return p;
}

function withConditions(p: Pod, conds: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[]): Pod {
  p.status!.conditions = conds;
  return p;
}

function warning(kind: string, ns: string, name: string, reason: string, message: string, o: { first?: number; last?: number; count?: number; uid?: string; type?: string } = {}): KubeEvent {
  return {
    metadata: { name: `${name}.${reason}.${o.first ?? 0}`, namespace: ns || 'default' },
    involvedObject: { kind, namespace: ns || undefined, name, ...(o.uid ? { uid: o.uid } : {}) },
    reason,
    message,
    type: o.type ?? 'Warning',
    count: o.count ?? 1,
    firstTimestamp: ago(o.first ?? MIN),
    lastTimestamp: ago(o.last ?? 0),
  };
}

function node(name: string, ready: 'True' | 'False' | 'Unknown', extra: { type: string; status: string; message?: string; lastTransitionTime?: string }[] = [], since = 2 * HOUR): KubeNode {
  return {
    metadata: { name },
    status: { conditions: [{ type: 'Ready', status: ready, reason: ready === 'True' ? 'KubeletReady' : 'NodeStatusUnknown', message: ready === 'True' ? 'kubelet is posting ready status' : 'Kubelet stopped posting node status.', lastTransitionTime: ago(since) }, ...extra] },
  };
}

function depWith(name: string, o: { replicas: number; available: number; conditions?: NonNullable<Deployment['status']>['conditions'] }): Deployment {
  const d = deployment({ name, replicas: o.replicas, ready: o.available, available: o.available });
  d.status!.conditions = o.conditions;
  return d;
}

const crashLoop = (restarts = 5, finishedAgo = 20_000, reason = 'Error', exitCode = 1) =>
  waiting('app', 'CrashLoopBackOff', {
    restartCount: restarts,
    lastState: { terminated: { reason, exitCode, finishedAt: ago(finishedAgo), startedAt: ago(finishedAgo + 2000) } },
  });

const find = (items: TriageItem[], key: string) => items.find((i) => i.key === key);

describe('triage: pods', () => {
  it('a crash loop is critical, reads the previous container, and knows its deployment through the ReplicaSet', () => {
    const res = maps({
      pods: [owned(pod({ name: 'pay-abc12-x', statuses: [crashLoop()] }), 'pay')],
      replicasets: [replicaset('shop', 'pay-abc12', 'pay')],
      deployments: [deployment({ name: 'pay' })],
    });
    const [item] = triage(res, NOW);
    assert.deepEqual(
      { ...item, message: undefined },
      {
        key: 'Pod/shop/pay-abc12-x',
        severity: 'critical',
        kind: 'Pod',
        namespace: 'shop',
        name: 'pay-abc12-x',
        reason: 'CrashLoopBackOff',
        since: NOW - 20_000,
        message: undefined,
        deployment: { namespace: 'shop', name: 'pay' },
        container: 'app',
        previousLogs: true,
      },
    );
    assert.equal(item!.message, 'last exit: Error (exit 1)');
  });

  it('a crash loop killed for memory says OOMKilled', () => {
    const [item] = triage(maps({ pods: [pod({ statuses: [crashLoop(4, 5000, 'OOMKilled', 137)] })] }), NOW);
    assert.equal(item!.reason, 'OOMKilled');
    assert.equal(item!.severity, 'critical');
  });

  it('image pull and container start errors are critical, and need no previous logs', () => {
    const res = maps({
      pods: [
        pod({ name: 'a', phase: 'Pending', statuses: [waiting('app', 'ImagePullBackOff')] }),
        pod({ name: 'b', phase: 'Pending', statuses: [waiting('app', 'ErrImagePull')] }),
        pod({ name: 'c', phase: 'Pending', statuses: [waiting('app', 'CreateContainerConfigError')] }),
        pod({ name: 'd', phase: 'Pending', init: [{ name: 'init' }], initStatuses: [waiting('init', 'InvalidImageName')], statuses: [waiting('app', 'PodInitializing')] }),
      ],
    });
    const items = triage(res, NOW);
    assert.deepEqual(
      items.map((i) => [i.name, i.severity, i.reason, i.previousLogs, i.container]).sort(),
      [
        ['a', 'critical', 'ImagePullBackOff', false, 'app'],
        ['b', 'critical', 'ErrImagePull', false, 'app'],
        ['c', 'critical', 'CreateContainerConfigError', false, 'app'],
        ['d', 'critical', 'InvalidImageName', false, 'init'],
      ],
    );
  });

  it('a container that exited with an error and will not restart is critical; a clean exit is not', () => {
    const failed = pod({ name: 'job-1', phase: 'Failed', statuses: [terminated('app', { reason: 'Error', exitCode: 2 })] });
    failed.spec!.restartPolicy = 'Never';
    const done = pod({ name: 'job-2', phase: 'Succeeded', statuses: [terminated('app', { reason: 'Completed', exitCode: 0 })] });
    const oom = pod({ name: 'oom', phase: 'Running', statuses: [terminated('app', { reason: 'OOMKilled', exitCode: 137 })] });
    const items = triage(maps({ pods: [failed, done, oom] }), NOW);
    assert.deepEqual(items.map((i) => [i.name, i.severity, i.reason]).sort(), [
      ['job-1', 'critical', 'Error'],
      ['oom', 'critical', 'OOMKilled'],
    ]);
  });

  it('an evicted pod is a warning with the eviction message (its replacement is already running)', () => {
    const p = pod({ name: 'ev', phase: 'Failed', reason: 'Evicted', statuses: [] });
    p.status!.message = 'The node was low on resource: memory.';
    const [item] = triage(maps({ pods: [p] }), NOW);
    assert.deepEqual([item!.severity, item!.reason, item!.message], ['warning', 'Evicted', 'The node was low on resource: memory.']);
  });

  it('Pending counts after a minute, with the scheduler message', () => {
    const unsched = (name: string, createdAgo: number) =>
      withConditions(pod({ name, phase: 'Pending', created: ago(createdAgo), statuses: [] }), [
        { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient memory.' },
      ]);
    const items = triage(maps({ pods: [unsched('young', 30_000), unsched('old', 5 * MIN)] }), NOW);
    assert.equal(items.length, 1);
    assert.deepEqual([items[0]!.name, items[0]!.severity, items[0]!.reason, items[0]!.since, items[0]!.message], ['old', 'warning', 'Unschedulable', NOW - 5 * MIN, '0/3 nodes are available: 3 Insufficient memory.']);
  });

  it('not ready counts after a minute, from the Ready condition', () => {
    const notReady = (name: string, sinceAgo: number) =>
      withConditions(pod({ name, statuses: [running('app', { ready: false })] }), [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]', lastTransitionTime: ago(sinceAgo) }]);
    const items = triage(maps({ pods: [notReady('fresh', 20_000), notReady('stale', 3 * MIN)] }), NOW);
    assert.deepEqual(
      items.map((i) => [i.name, i.severity, i.reason, i.since]),
      [['stale', 'warning', 'NotReady', NOW - 3 * MIN]],
    );
  });

  it('restarting often: critical while the restarts are minutes old, a warning within the hour, then forgotten', () => {
    const restarted = (name: string, count: number, lastAgo: number, reason = 'Error') =>
      pod({ name, statuses: [running('app', { restartCount: count, lastState: { terminated: { reason, exitCode: 1, finishedAt: ago(lastAgo) } } })] });
    const items = triage(
      maps({ pods: [restarted('now', 5, 2 * MIN), restarted('earlier', 3, 30 * MIN, 'OOMKilled'), restarted('yesterday', 40, 20 * HOUR), restarted('twice', 2, MIN)] }),
      NOW,
    );
    assert.deepEqual(
      items.map((i) => [i.name, i.severity, i.reason, i.previousLogs]),
      [
        ['now', 'critical', 'Restarting', true],
        ['earlier', 'warning', 'OOMKilled', true],
      ],
    );
  });

  it('a crash-looping container that is up between back-offs stays a critical crash loop, not "not ready"', () => {
    const p = withConditions(
      pod({ name: 'flap', statuses: [running('app', { ready: false, restartCount: 6, lastState: { terminated: { reason: 'Error', exitCode: 1, finishedAt: ago(5000) } } })] }),
      [{ type: 'Ready', status: 'False', lastTransitionTime: ago(5000) }],
    );
    const [item] = triage(maps({ pods: [p] }), NOW);
    assert.deepEqual([item!.severity, item!.reason, item!.previousLogs], ['critical', 'Restarting', true]);
  });

  it('healthy, completed and terminating pods are not findings', () => {
    const terminating = pod({ name: 'bye', deleted: true, statuses: [waiting('app', 'CrashLoopBackOff')] });
    const items = triage(maps({ pods: [pod({ name: 'ok' }), pod({ name: 'done', phase: 'Succeeded', statuses: [terminated('app', { reason: 'Completed', exitCode: 0 })] }), terminating] }), NOW);
    assert.deepEqual(items, []);
  });

  it('finds the deployment from the pod-template-hash when the ReplicaSet is not known', () => {
    const p = owned(pod({ name: 'pay-abc12-x' }), 'pay');
    assert.deepEqual(podDeployment(p, maps({ deployments: [deployment({ name: 'pay' })] })), { namespace: 'shop', name: 'pay' });
    assert.equal(podDeployment(p, maps({})), undefined, 'no such deployment: no guess');
  });
});

describe('triage: deployments and nodes', () => {
  it('no available replica is critical; some is a warning once unavailable; a stuck rollout is critical', () => {
    const res = maps({
      deployments: [
        depWith('down', { replicas: 2, available: 0, conditions: [{ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.', lastTransitionTime: ago(7 * MIN) }] }),
        depWith('half', { replicas: 3, available: 1, conditions: [{ type: 'Available', status: 'False', lastTransitionTime: ago(4 * MIN) }] }),
        depWith('stuck', {
          replicas: 1,
          available: 1,
          conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "stuck-1" has timed out progressing.', lastTransitionTime: ago(20 * MIN) }],
        }),
        depWith('fine', { replicas: 2, available: 2 }),
        depWith('zero', { replicas: 0, available: 0 }),
      ],
    });
    const items = triage(res, NOW);
    assert.deepEqual(
      items.map((i) => [i.name, i.severity, i.reason, i.since, i.message]),
      [
        ['down', 'critical', 'Unavailable', NOW - 7 * MIN, '0/2 available; Deployment does not have minimum availability.'],
        ['stuck', 'critical', 'ProgressDeadlineExceeded', NOW - 20 * MIN, '1/1 available; ReplicaSet "stuck-1" has timed out progressing.'],
        ['half', 'warning', 'Unavailable', NOW - 4 * MIN, '1/3 available'],
      ],
    );
    assert.deepEqual(items[0]!.deployment, { namespace: 'shop', name: 'down' }, 'u works on the deployment row itself');
  });

  it('short but still available (a rollout under way) counts only once its pods have findings; then it dates from them', () => {
    const rolling = depWith('web', { replicas: 3, available: 2, conditions: [{ type: 'Available', status: 'True' }] });
    assert.deepEqual(triage(maps({ deployments: [rolling] }), NOW), []);
    const broken = owned(pod({ name: 'web-abc12-x', statuses: [crashLoop(5, 30_000)] }), 'web');
    const items = triage(maps({ deployments: [rolling], pods: [broken], replicasets: [replicaset('shop', 'web-abc12', 'web')], events: [warning('Pod', 'shop', 'web-abc12-x', 'BackOff', 'Back-off restarting failed container', { first: 9 * MIN })] }), NOW);
    const dep = find(items, 'Deployment/shop/web')!;
    assert.equal(dep.severity, 'warning');
    assert.equal(dep.since, NOW - 9 * MIN);
  });

  it('a node that is not Ready is critical; pressure is a warning; a Ready node is nothing', () => {
    const items = triage(
      maps({ nodes: [node('n1', 'True'), node('n2', 'Unknown', [], 3 * HOUR), node('n3', 'True', [{ type: 'DiskPressure', status: 'True', message: 'disk full', lastTransitionTime: ago(10 * MIN) }])] }),
      NOW,
    );
    assert.deepEqual(
      items.map((i) => [i.kind, i.name, i.namespace, i.severity, i.reason, i.since, i.message]),
      [
        ['Node', 'n2', undefined, 'critical', 'NotReady', NOW - 3 * HOUR, 'NodeStatusUnknown: Kubelet stopped posting node status.'],
        ['Node', 'n3', undefined, 'warning', 'DiskPressure', NOW - 10 * MIN, 'disk full'],
      ],
    );
  });
});

describe('triage: events', () => {
  const crashing = () => owned(pod({ name: 'pay-abc12-x', statuses: [crashLoop(5, 10_000)] }), 'pay');

  it("fold into their object's row: the latest message, the onset from the first one, no row of their own", () => {
    const res = maps({
      pods: [crashing()],
      events: [
        warning('Pod', 'shop', 'pay-abc12-x', 'BackOff', 'Back-off restarting failed container app', { first: 12 * MIN, last: 5000, count: 30 }),
        warning('Pod', 'shop', 'pay-abc12-x', 'Unhealthy', 'Liveness probe failed', { first: 13 * MIN, last: 60_000 }),
        warning('Pod', 'shop', 'pay-abc12-x', 'Pulled', 'pulled', { type: 'Normal', first: 14 * MIN }),
      ],
    });
    const items = triage(res, NOW);
    assert.equal(items.length, 1);
    assert.equal(items[0]!.since, NOW - 13 * MIN);
    assert.equal(items[0]!.message, 'Back-off restarting failed container app (x31)');
  });

  it("a ReplicaSet's events fold into its deployment's row", () => {
    const res = maps({
      deployments: [depWith('api', { replicas: 2, available: 0, conditions: [{ type: 'Available', status: 'False', lastTransitionTime: ago(3 * MIN) }] })],
      replicasets: [replicaset('shop', 'api-abc12', 'api')],
      events: [warning('ReplicaSet', 'shop', 'api-abc12', 'FailedCreate', 'pods "api-abc12-" is forbidden: exceeded quota', { first: 4 * MIN })],
    });
    const items = triage(res, NOW);
    assert.deepEqual(
      items.map((i) => [i.key, i.since, i.message]),
      [['Deployment/shop/api', NOW - 4 * MIN, '0/2 available; pods "api-abc12-" is forbidden: exceeded quota']],
    );
  });

  it('get rows of their own for objects without one; not for gone pods, old events or an earlier object of the same name', () => {
    const healthy = pod({ name: 'web-1' });
    healthy.metadata.uid = 'new-uid';
    const res = maps({
      pods: [healthy],
      events: [
        warning('Pod', 'shop', 'web-1', 'Unhealthy', 'Readiness probe failed: 503', { first: 6 * MIN, last: 2 * MIN }),
        warning('Pod', 'shop', 'gone-1', 'BackOff', 'Back-off restarting', { first: 5 * MIN }),
        warning('Service', 'shop', 'web', 'FailedToUpdateEndpoint', 'Failed to update endpoint shop/web', { first: 8 * MIN, last: 7 * MIN }),
        warning('PersistentVolumeClaim', 'shop', 'data', 'ProvisioningFailed', 'storageclass "fast" not found', { first: 3 * HOUR, last: 2 * HOUR }),
      ],
    });
    const items = triage(res, NOW);
    assert.deepEqual(
      items.map((i) => [i.key, i.severity, i.reason, i.since]),
      [
        ['Pod/shop/web-1', 'warning', 'Unhealthy', NOW - 6 * MIN],
        ['Service/shop/web', 'warning', 'FailedToUpdateEndpoint', NOW - 8 * MIN],
      ],
    );
    const stale = maps({ pods: [healthy], events: [warning('Pod', 'shop', 'web-1', 'Unhealthy', 'old incarnation', { uid: 'old-uid' })] });
    assert.deepEqual(triage(stale, NOW), []);
  });

  it('about a node fold into its row, and are dropped for a node that is gone (when nodes are known)', () => {
    const ev = [warning('Node', '', 'n2', 'NodeNotReady', 'Node n2 status is now: NodeNotReady', { first: 2 * HOUR - 1000 }), warning('Node', '', 'n9', 'Rebooted', 'rebooted')];
    const items = triage(maps({ nodes: [node('n1', 'True'), node('n2', 'False')], events: ev }), NOW);
    assert.deepEqual(items.map((i) => i.key), ['Node//n2']);
    assert.match(items[0]!.message, /Kubelet stopped posting node status\.; Node n2 status is now: NodeNotReady/);
    // A user who may not list nodes still sees what the events say about them.
    const blind = triage(maps({ events: ev }), NOW, { nodesKnown: false });
    assert.deepEqual(blind.map((i) => i.key).sort(), ['Node//n2', 'Node//n9']);
  });
});

describe('triage: order, counts and scale', () => {
  it('sorts by severity, then newest first, a pod above its deployment on a tie, unknown times last', () => {
    const res = maps({
      pods: [
        owned(pod({ name: 'pay-abc12-x', statuses: [crashLoop(5, 20_000)] }), 'pay'),
        pod({ name: 'old-crash', statuses: [crashLoop(5, HOUR)] }),
        withConditions(pod({ name: 'pending', phase: 'Pending', created: ago(2 * MIN), statuses: [] }), []),
      ],
      replicasets: [replicaset('shop', 'pay-abc12', 'pay')],
      deployments: [depWith('pay', { replicas: 1, available: 0, conditions: [{ type: 'Available', status: 'False', lastTransitionTime: ago(5000) }] })],
      nodes: [node('n1', 'False', [], 5 * HOUR)],
      events: [warning('Service', 'shop', 'web', 'Failed', 'x', { first: 30_000 })],
    });
    const items = triage(res, NOW);
    assert.deepEqual(items.map((i) => i.key), ['Pod/shop/pay-abc12-x', 'Deployment/shop/pay', 'Pod/shop/old-crash', 'Node//n1', 'Service/shop/web', 'Pod/shop/pending']);
    assert.deepEqual(countBySeverity(items), { critical: 4, warning: 2 });
    // The table keeps this order through the generic "age" sort (newest first).
    const rows = triageRows(items, NOW);
    assert.deepEqual(sortRows(rows.slice().reverse(), 'age', false).map((r) => r.key), items.map((i) => i.key));
  });

  it('finds exactly the broken pods among 10,000', () => {
    const pods: Pod[] = [];
    for (let i = 0; i < 10_000; i++) {
      const p = pod({ ns: `ns-${i % 50}`, name: `p-${i}`, conditions: [{ type: 'Ready', status: 'True' }] });
      if (i % 1000 === 7) p.status!.containerStatuses = [crashLoop(4, i * 10)];
      pods.push(p);
    }
    const items = triage(maps({ pods }), NOW);
    assert.equal(items.length, 10);
    assert.ok(items.every((i) => i.severity === 'critical' && i.reason === 'CrashLoopBackOff'));
    assert.deepEqual(items.map((i) => i.name), ['p-7', 'p-1007', 'p-2007', 'p-3007', 'p-4007', 'p-5007', 'p-6007', 'p-7007', 'p-8007', 'p-9007']);
    // The clock moving on changes only what depends on it: the same pods, still found.
    assert.equal(triage(maps({ pods }), NOW + 1000).length, 10);
  });
});

describe('triageRows', () => {
  it('marks severity in text, ages the onset, and makes cluster strings inert and single-line', () => {
    const p = pod({ name: 'evil\x1b[2J', statuses: [crashLoop()] });
    const res = maps({ pods: [p], events: [warning('Pod', 'shop', 'evil\x1b[2J', 'BackOff', 'line one\nline two \x1b]0;pwned\x07', { first: 3 * MIN })] });
    const [row] = triageRows(triage(res, NOW), NOW);
    assert.deepEqual(row!.cells, { severity: 'CRIT', kind: 'pod', object: 'shop/evil', reason: 'CrashLoopBackOff', since: '3m', message: 'line one line two' });
    assert.equal(row!.health, 'bad');
    assert.deepEqual(row!.ref, { kind: 'Pod', namespace: 'shop', name: 'evil\x1b[2J' });
    assert.deepEqual(row!.triage, { kind: 'Pod', container: 'app', previousLogs: true });
  });
});
