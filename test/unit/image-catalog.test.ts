// The images view's join of cluster references and Docker host images.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageCatalog, matchKey } from '../../src/model/image-catalog.js';
import { catalogRows, humanSize } from '../../src/model/rows-catalog.js';
import type { DockerSnapshot } from '../../src/model/docker-types.js';
import type { Pod, ResourceMaps } from '../../src/model/types.js';

const pod = (ns: string, name: string, image: string): Pod => ({
  metadata: { name, namespace: ns },
  spec: { containers: [{ name: 'c', image }] },
  status: { phase: 'Running' },
});

function res(pods: Pod[]): ResourceMaps {
  return { namespaces: new Map(), pods: new Map(pods.map((p) => [`${p.metadata.namespace}/${p.metadata.name}`, p])), deployments: new Map(), replicasets: new Map(), events: new Map(), nodes: new Map() };
}

const img = (id: string, tags: string[], size = 1e6, digests: string[] = []) => ({ id, repoTags: tags, repoDigests: digests, created: 1_700_000_000, size, containers: 0, dangling: tags.length === 0 });

const docker: DockerSnapshot = {
  images: [img('sha256:aaa', ['nginx:1.27']), img('sha256:bbb', ['tool:1', 'tool:latest'], 5e6), img('sha256:ccc', []), img('sha256:ddd', ['db:16'], 4e8)],
  containers: [{ id: 'c1', name: 'dev-db', image: 'db:16', imageId: 'sha256:ddd', state: 'running', status: 'Up', ports: [], created: 1_700_000_000 }],
};

test('references match as docker spells them: implicit latest, docker.io/library', () => {
  assert.equal(matchKey('nginx'), 'nginx:latest');
  assert.equal(matchKey('docker.io/library/nginx:1.27'), 'nginx:1.27');
  assert.equal(matchKey('registry.k8s.io/pause:3.9'), 'registry.k8s.io/pause:3.9');
  assert.equal(matchKey('repo@sha256:abc'), 'repo@sha256:abc');
});

test('shared, host-only, cluster-only and dangling entries, with their users and flags', () => {
  const entries = imageCatalog(res([pod('a', 'p1', 'docker.io/library/nginx:1.27'), pod('a', 'p2', 'api:2')]), docker, {});
  const rows = catalogRows(entries, 1_700_000_000_000 + 3_600_000);
  const by = (k: string) => rows.find((r) => r.key === k)!;
  assert.equal(by('nginx:1.27').cells.where, 'both');
  assert.equal(by('nginx:1.27').cells.pods, '1');
  assert.equal(by('api:2').cells.where, 'cluster');
  assert.equal(by('tool:1').cells.where, 'host');
  assert.equal(by('tool:1').cells.flags, 'unused');
  assert.equal(by('tool:latest').cells.flags, 'latest,unused');
  assert.equal(by('sha256:ccc').cells.flags, 'dangling,unused');
  assert.equal(by('db:16').cells.usedBy, 'ctr:dev-db');
  assert.equal(by('db:16').cells.flags, '', 'used by a host container is not unused');
  assert.equal(by('db:16').cells.size, '400MB');
  assert.equal(by('db:16').cells.created, '60m');
});

test('without Docker the cluster references still list; narrowed to a namespace only its images', () => {
  const r = res([pod('a', 'p1', 'nginx:1.27'), pod('b', 'p2', 'api:2')]);
  assert.deepEqual(imageCatalog(r, undefined, {}).map((e) => e.key).sort(), ['api:2', 'nginx:1.27']);
  assert.deepEqual(imageCatalog(r, docker, { namespace: 'a' }).map((e) => e.key), ['nginx:1.27']);
});

test('sizes as the docker CLI prints them', () => {
  assert.equal(humanSize(0), '0B');
  assert.equal(humanSize(4_260_000), '4.26MB');
  assert.equal(humanSize(149_000_000), '149MB');
  assert.equal(humanSize(1_210_000_000), '1.21GB');
  assert.equal(humanSize(96_800_000), '96.8MB');
});
