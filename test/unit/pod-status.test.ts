import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { podStatus } from '../../src/model/pod-status.js';
import { MIN, NOW, ago, pod, running, terminated, waiting, type PodOpts } from './model-fixtures.js';

const READY_TRUE = [{ type: 'Ready', status: 'True' }];
const INITIALIZED = { type: 'Initialized', status: 'True' };

describe('podStatus: STATUS as kubectl prints it', () => {
  const cases: [string, PodOpts, string, string, string][] = [
    // name, pod, reason, ready, health
    ['running and ready', { conditions: READY_TRUE }, 'Running', '1/1', 'ok'],
    ['pending, nothing scheduled', { phase: 'Pending', statuses: [] }, 'Pending', '0/1', 'warn'],
    ['container creating', { phase: 'Pending', statuses: [waiting('app', 'ContainerCreating')] }, 'ContainerCreating', '0/1', 'warn'],
    ['crash loop', { statuses: [waiting('app', 'CrashLoopBackOff', { restartCount: 4 })] }, 'CrashLoopBackOff', '0/1', 'bad'],
    ['image pull backoff', { phase: 'Pending', statuses: [waiting('app', 'ImagePullBackOff')] }, 'ImagePullBackOff', '0/1', 'bad'],
    ['err image pull', { phase: 'Pending', statuses: [waiting('app', 'ErrImagePull')] }, 'ErrImagePull', '0/1', 'bad'],
    ['config error', { phase: 'Pending', statuses: [waiting('app', 'CreateContainerConfigError')] }, 'CreateContainerConfigError', '0/1', 'bad'],
    ['terminated OOMKilled', { statuses: [terminated('app', { reason: 'OOMKilled', exitCode: 137 })] }, 'OOMKilled', '0/1', 'bad'],
    ['terminated Error', { phase: 'Failed', statuses: [terminated('app', { reason: 'Error', exitCode: 1 })] }, 'Error', '0/1', 'bad'],
    ['terminated, no reason, signal', { statuses: [terminated('app', { exitCode: 0, signal: 9 })] }, 'Signal:9', '0/1', 'bad'],
    ['terminated, no reason, exit code', { statuses: [terminated('app', { exitCode: 3 })] }, 'ExitCode:3', '0/1', 'bad'],
    [
      'completed job pod',
      { phase: 'Succeeded', statuses: [terminated('app', { reason: 'Completed', exitCode: 0 })] },
      'Completed',
      '0/1',
      'done',
    ],
    ['succeeded with no statuses', { phase: 'Succeeded', statuses: [] }, 'Succeeded', '0/1', 'done'],
    ['evicted', { phase: 'Failed', reason: 'Evicted', statuses: [] }, 'Evicted', '0/1', 'bad'],
    ['failed phase with unknown reason', { phase: 'Failed', reason: 'OutOfcpu', statuses: [] }, 'OutOfcpu', '0/1', 'bad'],
    [
      'one of two ready',
      {
        containers: [{ name: 'a' }, { name: 'b' }],
        statuses: [running('a'), running('b', { ready: false })],
      },
      'Running',
      '1/2',
      'warn',
    ],
    [
      'first container state wins (kubectl walks backwards)',
      {
        containers: [{ name: 'a' }, { name: 'b' }],
        statuses: [waiting('a', 'CrashLoopBackOff'), waiting('b', 'ImagePullBackOff')],
      },
      'CrashLoopBackOff',
      '0/2',
      'bad',
    ],
    [
      'Completed container + running container, Ready true -> Running',
      {
        containers: [{ name: 'a' }, { name: 'b' }],
        statuses: [terminated('a', { reason: 'Completed', exitCode: 0 }), running('b')],
        conditions: READY_TRUE,
      },
      'Running',
      '1/2',
      'warn',
    ],
    [
      'Completed container + running container, Ready false -> NotReady',
      {
        containers: [{ name: 'a' }, { name: 'b' }],
        statuses: [terminated('a', { reason: 'Completed', exitCode: 0 }), running('b')],
        conditions: [{ type: 'Ready', status: 'False' }],
      },
      'NotReady',
      '1/2',
      'warn',
    ],
    [
      'init 0/2 running',
      {
        phase: 'Pending',
        init: [{ name: 'i1' }, { name: 'i2' }],
        initStatuses: [running('i1', { ready: false }), waiting('i2', 'PodInitializing')],
        statuses: [waiting('app', 'PodInitializing')],
      },
      'Init:0/2',
      '0/1',
      'warn',
    ],
    [
      'init 1/2 after first completed',
      {
        phase: 'Pending',
        init: [{ name: 'i1' }, { name: 'i2' }],
        initStatuses: [terminated('i1', { reason: 'Completed', exitCode: 0 }), running('i2', { ready: false })],
        statuses: [waiting('app', 'PodInitializing')],
      },
      'Init:1/2',
      '0/1',
      'warn',
    ],
    [
      'init crash loop',
      {
        phase: 'Pending',
        init: [{ name: 'i1' }],
        initStatuses: [waiting('i1', 'CrashLoopBackOff', { restartCount: 3 })],
        statuses: [waiting('app', 'PodInitializing')],
      },
      'Init:CrashLoopBackOff',
      '0/1',
      'bad',
    ],
    [
      'init error',
      {
        phase: 'Pending',
        init: [{ name: 'i1' }],
        initStatuses: [terminated('i1', { reason: 'Error', exitCode: 1 })],
      },
      'Init:Error',
      '0/1',
      'bad',
    ],
    [
      'init exit code without reason',
      { phase: 'Pending', init: [{ name: 'i1' }], initStatuses: [terminated('i1', { exitCode: 2 })] },
      'Init:ExitCode:2',
      '0/1',
      'bad',
    ],
    [
      'init signal without reason',
      { phase: 'Pending', init: [{ name: 'i1' }], initStatuses: [terminated('i1', { exitCode: 137, signal: 9 })] },
      'Init:Signal:9',
      '0/1',
      'bad',
    ],
    [
      'init done, main running',
      {
        init: [{ name: 'i1' }],
        initStatuses: [terminated('i1', { reason: 'Completed', exitCode: 0 })],
        conditions: READY_TRUE,
      },
      'Running',
      '1/1',
      'ok',
    ],
    [
      'sidecar init container counts as a container',
      {
        init: [{ name: 'proxy', restartPolicy: 'Always' }],
        initStatuses: [running('proxy')],
        conditions: [INITIALIZED, ...READY_TRUE],
      },
      'Running',
      '2/2',
      'ok',
    ],
    [
      'sidecar not started blocks init',
      {
        phase: 'Pending',
        init: [{ name: 'proxy', restartPolicy: 'Always' }],
        initStatuses: [running('proxy', { started: false, ready: false })],
        statuses: [waiting('app', 'PodInitializing')],
      },
      'Init:0/1',
      '0/2',
      'warn',
    ],
    ['terminating', { deleted: true, conditions: READY_TRUE }, 'Terminating', '1/1', 'warn'],
    [
      'terminated pods stay Completed even with deletionTimestamp',
      { deleted: true, phase: 'Succeeded', statuses: [terminated('app', { reason: 'Completed', exitCode: 0 })] },
      'Completed',
      '0/1',
      'done',
    ],
    ['node lost -> Unknown', { deleted: true, reason: 'NodeLost' }, 'Unknown', '1/1', 'bad'],
    [
      'scheduling gated',
      { phase: 'Pending', statuses: [], conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] },
      'SchedulingGated',
      '0/1',
      'warn',
    ],
    ['no status at all', { phase: '', statuses: [] }, '', '0/1', 'warn'],
  ];
  for (const [name, opts, reason, ready, health] of cases) {
    it(name, () => {
      const s = podStatus(pod(opts), NOW);
      assert.equal(s.reason, reason);
      assert.equal(s.ready, ready);
      assert.equal(s.health, health);
    });
  }
});

describe('podStatus: RESTARTS', () => {
  it('is a bare count without a last termination time', () => {
    const s = podStatus(pod({ statuses: [running('app', { restartCount: 5 })] }), NOW);
    assert.equal(s.restarts, 5);
    assert.equal(s.restartsText, '5');
  });
  it('says how long ago the last restart was', () => {
    const p = pod({
      containers: [{ name: 'a' }, { name: 'b' }],
      statuses: [
        running('a', { restartCount: 2, lastState: { terminated: { exitCode: 1, finishedAt: ago(30 * MIN) } } }),
        running('b', { restartCount: 3, lastState: { terminated: { exitCode: 1, finishedAt: ago(2 * MIN) } } }),
      ],
      conditions: READY_TRUE,
    });
    const s = podStatus(p, NOW);
    assert.equal(s.restarts, 5);
    assert.equal(s.restartsText, '5 (2m ago)');
    assert.equal(s.health, 'warn', 'a restart 2 minutes ago keeps a ready pod yellow');
  });
  it('old restarts do not keep a ready pod yellow', () => {
    const p = pod({
      statuses: [running('app', { restartCount: 1, lastState: { terminated: { exitCode: 1, finishedAt: ago(3 * 60 * MIN) } } })],
      conditions: READY_TRUE,
    });
    const s = podStatus(p, NOW);
    assert.equal(s.restartsText, '1 (3h ago)');
    assert.equal(s.health, 'ok');
  });
  it('counts init container restarts while initializing', () => {
    const p = pod({
      phase: 'Pending',
      init: [{ name: 'i1' }],
      initStatuses: [waiting('i1', 'CrashLoopBackOff', { restartCount: 7 })],
      statuses: [waiting('app', 'PodInitializing', { restartCount: 0 })],
    });
    assert.equal(podStatus(p, NOW).restarts, 7);
  });
  it('after init, counts only main and sidecar restarts', () => {
    const p = pod({
      init: [{ name: 'i1' }, { name: 'proxy', restartPolicy: 'Always' }],
      initStatuses: [
        terminated('i1', { reason: 'Completed', exitCode: 0 }, { restartCount: 4 }),
        running('proxy', { restartCount: 2 }),
      ],
      statuses: [running('app', { restartCount: 1 })],
      conditions: [INITIALIZED, ...READY_TRUE],
    });
    const s = podStatus(p, NOW);
    assert.equal(s.restarts, 3);
    assert.equal(s.ready, '2/2');
  });
});
