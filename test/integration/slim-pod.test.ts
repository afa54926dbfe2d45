// The store keeps pods trimmed to what kdeck reads (src/sources/kube/slim-pod.ts).
// If a view, triage or health rule ever reads a field the trim drops, the demo
// cluster's pods (running, crash-looping, pending, pulling, init containers,
// terminating, on a NotReady node) read differently trimmed than whole: these
// tests compare everything kdeck derives from a pod, both ways.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { containerRows } from '../../src/model/rows-containers.js';
import { createPodRowsCache, podRows } from '../../src/model/rows-pods.js';
import { triage } from '../../src/model/triage.js';
import type { Pod } from '../../src/model/types.js';
import { startDemoCluster, type DemoCluster } from '../../src/sources/demo/index.js';
import { adoptObject } from '../../src/sources/kube/resources.js';
import { slimPod } from '../../src/sources/kube/slim-pod.js';
import { api } from './demo-helpers.js';
import { maps } from '../unit/model-fixtures.js';

describe('pods trimmed on arrival read the same as whole pods', () => {
  let cluster: DemoCluster;
  let whole: Pod[];
  before(async () => {
    // speed 20: within a few seconds the seeded crash loops have restarted and the rollouts moved on.
    cluster = await startDemoCluster({ port: 0, speed: 20 });
    await new Promise((r) => setTimeout(r, 3000));
    const res = await api(cluster, 'GET', '/api/v1/pods');
    whole = res.json.items.map((p: Pod) => ({ ...p, kind: 'Pod', apiVersion: 'v1' }));
  });
  after(async () => {
    await cluster.close();
  });

  it('covers the states the rules distinguish', () => {
    const text = JSON.stringify(whole);
    for (const s of ['CrashLoopBackOff', 'Pending', 'ImagePullBackOff', 'lastState', '"terminated"', '"waiting"', 'ownerReferences']) {
      assert.ok(text.includes(s), `the demo pods have no ${s}`);
    }
  });

  it('gives the same pod rows, containers and triage findings', () => {
    const slim = whole.map((p) => adoptObject('pods', structuredClone(p)) as Pod);
    const now = Date.now();
    const strip = (v: unknown) => JSON.parse(JSON.stringify(v));
    assert.deepEqual(strip(podRows(maps({ pods: slim }), {}, now, createPodRowsCache())), strip(podRows(maps({ pods: whole }), {}, now, createPodRowsCache())));
    for (let i = 0; i < whole.length; i++) assert.deepEqual(strip(containerRows(slim[i]!)), strip(containerRows(whole[i]!)), whole[i]!.metadata.name);
    const findings = triage(maps({ pods: whole }), now);
    assert.ok(findings.length > 0, 'the demo pods give triage findings');
    assert.deepEqual(strip(triage(maps({ pods: slim }), now)), strip(findings));
  });

  it('keeps none of what no view reads', () => {
    const sent = JSON.stringify(whole);
    const kept = JSON.stringify(whole.map((p) => slimPod(p)));
    for (const field of ['imageID', 'containerID', 'hostIP', 'podIPs', 'qosClass', 'terminationMessagePath', 'dnsPolicy', 'generateName', 'lastProbeTime']) {
      assert.ok(sent.includes(`"${field}"`), `the demo pods have no ${field}`);
      assert.ok(!kept.includes(`"${field}"`), `${field} was kept`);
    }
    assert.ok(kept.length < sent.length * 0.7, `kept ${kept.length} of ${sent.length} bytes`);
  });
});
