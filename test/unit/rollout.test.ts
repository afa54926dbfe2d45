import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CHANGE_CAUSE_ANNOTATION,
  REVISION_ANNOTATION,
  ownedReplicaSets,
  planUndo,
  previousRevision,
  revisionDiff,
  revisionsOf,
  rolledBackMessage,
  templateForCompare,
  templateYaml,
  type Revision,
} from '../../src/model/rollout.js';
import type { Deployment, PodTemplateSpec, ReplicaSet } from '../../src/model/types.js';

const UID = 'd-uid-web';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function template(images: string[], labels: Record<string, string> = { app: 'web' }): PodTemplateSpec {
  return {
    metadata: { labels: { ...labels }, creationTimestamp: null as unknown as string },
    spec: { containers: images.map((image, i) => ({ name: i === 0 ? 'app' : `side${i}`, image })) },
  };
}

function deploy(o: { rev?: number; images?: string[]; paused?: boolean; annotations?: Record<string, string>; uid?: string } = {}): Deployment {
  return {
    metadata: {
      name: 'web',
      namespace: 'shop',
      uid: 'uid' in o ? o.uid : UID,
      annotations: { ...(o.rev !== undefined ? { [REVISION_ANNOTATION]: String(o.rev) } : {}), ...o.annotations },
    },
    spec: { replicas: 3, paused: o.paused, selector: { matchLabels: { app: 'web' } }, template: template(o.images ?? ['nginx:1.27']) },
  };
}

interface RsOpts {
  cause?: string;
  name?: string;
  ns?: string;
  created?: string;
  replicas?: number;
  ready?: number;
  annotations?: Record<string, string>;
  owner?: { kind?: string; name?: string; uid?: string; controller?: boolean } | null;
  labels?: Record<string, string>;
}

function rs(rev: number | string | undefined, images: string[], o: RsOpts = {}): ReplicaSet {
  const hash = `h${images.join('-').replace(/[^a-z0-9]/g, '')}`.slice(0, 10);
  const t = template(images, { app: 'web', 'pod-template-hash': hash });
  const owner = o.owner === null ? undefined : { kind: 'Deployment', name: 'web', uid: UID, controller: true, ...o.owner };
  return {
    metadata: {
      name: o.name ?? `web-${hash}`,
      namespace: o.ns ?? 'shop',
      creationTimestamp: o.created ?? `2025-01-0${typeof rev === 'number' ? Math.min(rev, 9) : 1}T00:00:00Z`,
      labels: o.labels ?? { app: 'web', 'pod-template-hash': hash },
      annotations: {
        ...(rev !== undefined ? { [REVISION_ANNOTATION]: String(rev) } : {}),
        'deployment.kubernetes.io/desired-replicas': '3',
        'deployment.kubernetes.io/max-replicas': '4',
        ...(o.cause ? { [CHANGE_CAUSE_ANNOTATION]: o.cause } : {}),
        ...o.annotations,
      },
      ownerReferences: owner ? [{ apiVersion: 'apps/v1', kind: owner.kind!, name: owner.name!, uid: owner.uid!, controller: owner.controller }] : undefined,
    },
    spec: { replicas: o.replicas ?? 0, selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } }, template: t },
    status: { replicas: o.replicas ?? 0, readyReplicas: o.ready ?? 0 },
  };
}

// shop/web at revision 3, as a user who ran `kubectl set image` twice would have it.
const rs1 = rs(1, ['nginx:1.25'], { cause: 'initial' });
const rs2 = rs(2, ['nginx:1.26'], { cause: 'kubectl set image deployment/web app=nginx:1.26' });
const rs3 = rs(3, ['nginx:1.27'], { replicas: 3, ready: 2 });
const web = deploy({ rev: 3 });

const pick = (revs: Revision[]) => revs.map((r) => ({ revision: r.revision, current: r.current }));

describe('revisionsOf', () => {
  it('lists revisions newest first with images, change-cause, counts and creation time', () => {
    const revs = revisionsOf(web, [rs2, rs1, rs3]);
    assert.deepEqual(
      revs.map(({ template: _t, ...r }) => r),
      [
        { revision: 3, rsName: rs3.metadata.name, images: ['nginx:1.27'], changeCause: '', created: '2025-01-03T00:00:00Z', replicas: 3, ready: 2, current: true },
        { revision: 2, rsName: rs2.metadata.name, images: ['nginx:1.26'], changeCause: 'kubectl set image deployment/web app=nginx:1.26', created: '2025-01-02T00:00:00Z', replicas: 0, ready: 0, current: false },
        { revision: 1, rsName: rs1.metadata.name, images: ['nginx:1.25'], changeCause: 'initial', created: '2025-01-01T00:00:00Z', replicas: 0, ready: 0, current: false },
      ],
    );
    // the stored template, hash label and all
    assert.equal(revs[0]!.template.metadata?.labels?.['pod-template-hash'], rs3.spec!.template!.metadata!.labels!['pod-template-hash']);
  });

  it('sorts numerically, not as strings', () => {
    const many = [2, 10, 9, 1].map((n) => rs(n, [`app:${n}`], { name: `web-${n}` }));
    assert.deepEqual(revisionsOf(deploy({ rev: 10, images: ['app:10'] }), many).map((r) => r.revision), [10, 9, 2, 1]);
  });

  it('images of a multi-container template, in spec order, each once', () => {
    const multi = rs(4, ['nginx:1.27', 'envoy:1.30', 'nginx:1.27'], { name: 'web-multi' });
    assert.deepEqual(revisionsOf(web, [multi])[0]!.images, ['nginx:1.27', 'envoy:1.30']);
  });

  const currentCases: [string, Deployment, number[]][] = [
    ['the revision named by the deployment annotation', deploy({ rev: 3 }), [3]],
    ['the annotation wins over a template match', deploy({ rev: 2, images: ['nginx:1.27'] }), [2]],
    ['falls back to the template match when the annotation names no ReplicaSet', deploy({ rev: 7, images: ['nginx:1.26'] }), [2]],
    ['falls back to the template match (hash label ignored) with no annotation', deploy({ images: ['nginx:1.25'] }), [1]],
    ['none when neither matches', deploy({ rev: 7, images: ['nginx:9'] }), []],
  ];
  for (const [name, d, want] of currentCases) {
    it(`current: ${name}`, () => {
      assert.deepEqual(revisionsOf(d, [rs1, rs2, rs3]).filter((r) => r.current).map((r) => r.revision), want);
    });
  }

  it('a ReplicaSet with an unparsable revision is left out; one without the annotation is revision 0', () => {
    const junk = rs('abc', ['nginx:0'], { name: 'web-junk' });
    const none = rs(undefined, ['nginx:00'], { name: 'web-none' });
    assert.deepEqual(pick(revisionsOf(web, [rs1, junk, none, rs3])).map((r) => r.revision), [3, 1, 0]);
  });
});

describe('ownedReplicaSets', () => {
  const cases: [string, ReplicaSet, boolean][] = [
    ['controlled by the deployment', rs(1, ['a']), true],
    ['another deployment with the same name (other uid)', rs(1, ['a'], { owner: { uid: 'other' } }), false],
    ['owner reference that is not the controller', rs(1, ['a'], { owner: { controller: false } }), false],
    ['no owner references at all', rs(1, ['a'], { owner: null }), false],
    ['another namespace', rs(1, ['a'], { ns: 'other' }), false],
    ['labels outside the deployment selector', rs(1, ['a'], { labels: { app: 'api' } }), false],
  ];
  for (const [name, r, want] of cases) {
    it(`${name}: ${want ? 'owned' : 'ignored'}`, () => {
      assert.equal(ownedReplicaSets(web, [r]).length, want ? 1 : 0);
      assert.equal(revisionsOf(web, [r]).length, want ? 1 : 0);
    });
  }

  it('without a uid, the controller reference is matched by kind and name', () => {
    const noUid = deploy({ rev: 1, uid: undefined });
    assert.equal(ownedReplicaSets(noUid, [rs(1, ['a'])]).length, 1);
    assert.equal(ownedReplicaSets(noUid, [rs(1, ['a'], { owner: { name: 'api' } })]).length, 0);
    assert.equal(ownedReplicaSets(noUid, [rs(1, ['a'], { owner: { kind: 'StatefulSet' } })]).length, 0);
  });

  it('an unowned ReplicaSet does not show up in history nor as an undo target', () => {
    const stranger = rs(5, ['evil:1'], { owner: { uid: 'someone-else' }, name: 'web-stranger' });
    assert.deepEqual(revisionsOf(web, [rs1, rs3, stranger]).map((r) => r.revision), [3, 1]);
    assert.deepEqual(planUndo(web, [rs1, rs3, stranger], 5), { kind: 'refused', message: 'unable to find specified revision 5 in history' });
  });
});

describe('previousRevision', () => {
  const mk = (revs: number[], current: number) => revisionsOf(
    deploy({ rev: current, images: [`app:${current}`] }),
    revs.map((n) => rs(n, [`app:${n}`], { name: `web-${n}` })),
  );
  const cases: [string, number[], number, number | undefined][] = [
    ['current is the highest', [1, 2, 3], 3, 2],
    ['gaps in history (1,3,4)', [1, 3, 4], 4, 3],
    ['only a far older revision left', [1, 4], 4, 1],
    ['a single revision has no previous', [1], 1, undefined],
    ['no history', [], 1, undefined],
  ];
  for (const [name, revs, current, want] of cases) {
    it(`${name} → ${want}`, () => assert.equal(previousRevision(mk(revs, current))?.revision, want));
  }
});

describe('planUndo', () => {
  const all = [rs1, rs2, rs3];

  it('0 targets the previous revision, as kubectl rollout undo without --to-revision', () => {
    const plan = planUndo(web, all, 0);
    assert.equal(plan.kind, 'patch');
    assert.equal(plan.kind === 'patch' && plan.toRevision, 2);
  });

  it('0 with gaps (1,3,4) targets 3', () => {
    const d = deploy({ rev: 4, images: ['app:4'] });
    const plan = planUndo(d, [1, 3, 4].map((n) => rs(n, [`app:${n}`], { name: `web-${n}` })), 0);
    assert.equal(plan.kind === 'patch' && plan.toRevision, 3);
  });

  it('writes the ReplicaSet template without pod-template-hash, and merges annotations as kubectl does', () => {
    const d = deploy({
      rev: 3,
      annotations: {
        [LAST_APPLIED]: '{"kind":"Deployment"}',
        'deployment.kubernetes.io/revision-history': '1,2',
        [CHANGE_CAUSE_ANNOTATION]: 'kubectl set image deployment/web app=nginx:1.27',
        'team.example.com/owner': 'payments',
      },
    });
    const r1 = rs(1, ['nginx:1.25'], {
      cause: 'initial',
      annotations: { 'note.example.com/ticket': 'OPS-1', [LAST_APPLIED]: '{"old":true}', 'deprecated.deployment.rollback.to': '9' },
    });
    const plan = planUndo(d, [r1, rs2, rs3], 1);
    assert.deepEqual(plan, {
      kind: 'patch',
      toRevision: 1,
      patch: [
        {
          op: 'replace',
          path: '/spec/template',
          value: { metadata: { labels: { app: 'web' }, creationTimestamp: null }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } },
        },
        {
          op: 'replace',
          path: '/metadata/annotations',
          value: {
            // kept from the deployment
            [LAST_APPLIED]: '{"kind":"Deployment"}',
            [REVISION_ANNOTATION]: '3',
            'deployment.kubernetes.io/revision-history': '1,2',
            // taken from the ReplicaSet: the change-cause follows the revision
            [CHANGE_CAUSE_ANNOTATION]: 'initial',
            'note.example.com/ticket': 'OPS-1',
            // team.example.com/owner is not on the ReplicaSet, so kubectl drops it
          },
        },
      ],
    });
    // the ReplicaSet itself is untouched
    assert.ok(r1.spec!.template!.metadata!.labels!['pod-template-hash']);
  });

  it('refuses a paused deployment with kubectl\'s reason', () => {
    assert.deepEqual(planUndo(deploy({ rev: 3, paused: true }), all, 1), {
      kind: 'refused',
      message: "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/web' and try again",
    });
  });

  it('looks the revision up before checking for a pause, as kubectl does', () => {
    assert.deepEqual(planUndo(deploy({ rev: 3, paused: true }), all, 9), { kind: 'refused', message: 'unable to find specified revision 9 in history' });
  });

  const refusals: [string, Deployment, ReplicaSet[], number, string][] = [
    ['revision not in history', web, all, 9, 'unable to find specified revision 9 in history'],
    ['negative revision', web, all, -1, 'unable to find specified revision -1 in history'],
    ['no previous revision', web, [rs3], 0, 'no rollout history found for deployment "web"'],
    ['no ReplicaSets at all', web, [], 0, 'no rollout history found for deployment "web"'],
    ['no ReplicaSets, explicit revision', web, [], 2, 'unable to find specified revision 2 in history'],
  ];
  for (const [name, d, rss, to, message] of refusals) {
    it(`refused: ${name}`, () => assert.deepEqual(planUndo(d, rss, to), { kind: 'refused', message }));
  }

  it('skips when the current template already matches the revision (hash label ignored)', () => {
    assert.deepEqual(planUndo(web, all, 3), {
      kind: 'skipped',
      toRevision: 3,
      message: 'skipped rollback (current template already matches revision 3)',
    });
    // the deployment was edited back to revision 1's template but the controller has not caught up
    assert.equal(planUndo(deploy({ rev: 3, images: ['nginx:1.25'] }), all, 1).kind, 'skipped');
  });

  it('an emptied label map and a missing one are the same template', () => {
    const d: Deployment = { ...web, spec: { ...web.spec, template: { spec: { containers: [{ name: 'app', image: 'x:1' }] } } } };
    const r: ReplicaSet = {
      ...rs(1, ['x:1'], { labels: {} }),
    };
    r.spec!.template = { metadata: { labels: { 'pod-template-hash': 'abc' } }, spec: { containers: [{ name: 'app', image: 'x:1' }], volumes: [] } };
    const dd: Deployment = { ...d, spec: { ...d.spec, selector: { matchLabels: {} } } };
    assert.equal(planUndo(dd, [r, rs(2, ['y:2'], { name: 'web-y', labels: {} })], 1).kind, 'skipped');
  });

  it('a real difference is not skipped', () => {
    const d = deploy({ rev: 3 });
    (d.spec!.template!.spec!.containers[0] as Record<string, unknown>)['args'] = ['--verbose'];
    assert.equal(planUndo(d, all, 3).kind, 'patch');
  });

  it('success text is kubectl\'s', () => assert.equal(rolledBackMessage('web'), 'deployment.apps/web rolled back'));
});

describe('templates and revision diffs', () => {
  it('templateForCompare drops only the hash label and copies deeply', () => {
    const t = rs1.spec!.template!;
    const c = templateForCompare(t);
    assert.deepEqual(c.metadata?.labels, { app: 'web' });
    assert.ok(t.metadata!.labels!['pod-template-hash']);
    c.spec!.containers[0]!.image = 'changed';
    assert.equal(t.spec!.containers[0]!.image, 'nginx:1.25');
    assert.deepEqual(templateForCompare(undefined), {});
  });

  it('templateYaml: sorted keys, no hash label, no nulls', () => {
    assert.equal(
      templateYaml(rs1.spec!.template),
      ['metadata:', '  labels:', '    app: web', 'spec:', '  containers:', '    - image: nginx:1.25', '      name: app', ''].join('\n'),
    );
  });

  it('revisionDiff shows the image change between the current revision and the target', () => {
    const d = revisionDiff({ label: 'revision 3 (current)', template: rs3.spec!.template }, { label: 'revision 1', template: rs1.spec!.template });
    assert.equal(d.changed, true);
    assert.deepEqual(d.lines.slice(0, 2).map((l) => l.text), ['--- revision 3 (current)', '+++ revision 1']);
    assert.deepEqual(d.lines.filter((l) => l.kind === 'del' || l.kind === 'add').map((l) => l.text), ['-    - image: nginx:1.27', '+    - image: nginx:1.25']);
    assert.ok(!d.text.includes('pod-template-hash'));
  });

  it('revisionDiff of the deployment template against its own ReplicaSet is empty', () => {
    assert.equal(revisionDiff({ label: 'deployment', template: web.spec!.template }, { label: 'revision 3', template: rs3.spec!.template }).changed, false);
  });
});
