// Seeds the real cluster with the demo cluster's scenario. The deployments
// are generated from the demo's own seed table, so the two cannot drift:
// same namespaces, images, replicas and requests; the image decides the
// behaviour in both (here through a pod annotation the kwok stages read).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { containerBehaviour } from '../../src/sources/demo/behaviour.js';
import { SEED_DEPLOYMENTS, SEED_NAMESPACES } from '../../src/sources/demo/seed.js';
import { bin, paths } from './config.js';

export const BEHAVIOUR_ANNOTATION = 'kdeck.e2e/behaviour';
const CHANGE_CAUSE = 'kubernetes.io/change-cause';

export function kubectl(args: string[], opts: { kubeconfig?: string; input?: string; timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      bin('kubectl'),
      ['--kubeconfig', opts.kubeconfig ?? paths.componentKubeconfig, ...args],
      { timeout: opts.timeoutMs ?? 60_000, maxBuffer: 32 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`kubectl ${args.join(' ')}: ${stderr.trim() || err.message}`));
        else resolve(stdout);
      },
    );
    if (opts.input !== undefined) child.stdin!.end(opts.input);
  });
}

function deploymentManifest(s: (typeof SEED_DEPLOYMENTS)[number], image: string, cause: string | undefined): object {
  const containers = s.containers.map((c, i) => ({ ...c, ...(i === 0 ? { image } : {}) }));
  const behaviours = containers.map((c) => containerBehaviour(c.image));
  const behaviour = behaviours.includes('imagepull') ? 'imagepull' : behaviours.includes('crash') ? 'crash' : undefined;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: s.name, namespace: s.ns, labels: { app: s.name }, ...(cause ? { annotations: { [CHANGE_CAUSE]: cause } } : {}) },
    spec: {
      replicas: s.replicas,
      selector: { matchLabels: { app: s.name } },
      template: {
        metadata: { labels: { app: s.name }, ...(behaviour ? { annotations: { [BEHAVIOUR_ANNOTATION]: behaviour } } : {}) },
        spec: { containers, terminationGracePeriodSeconds: 5 },
      },
    },
  };
}

function list(items: object[]): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
}

/** The ClusterLogs config: every pod's logs come from its namespace's file, in CRI log format. */
export function clusterLogsConfig(): string {
  return SEED_NAMESPACES.map((ns) =>
    [
      'apiVersion: kwok.x-k8s.io/v1alpha1',
      'kind: ClusterLogs',
      'metadata:',
      `  name: logs-${ns}`,
      'spec:',
      '  selector:',
      `    matchNamespaces: [${ns}]`,
      '  logs:',
      `  - logsFile: ${JSON.stringify(path.join(paths.podLogs, `${ns}.log`))}`,
      '    follow: true',
    ].join('\n'),
  ).join('\n---\n') + '\n';
}

export const POD_LOG_FILES = () => SEED_NAMESPACES.map((ns) => path.join(paths.podLogs, `${ns}.log`));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function rolledOut(ns: string, name: string): Promise<void> {
  await kubectl(['rollout', 'status', `deployment/${name}`, '-n', ns, '--timeout=90s'], { timeoutMs: 100_000 });
}

export async function seedScenario(log: (msg: string) => void): Promise<void> {
  await kubectl(['apply', '-f', path.join(paths.seedDir, 'nodes.yaml')]);
  const namespaces = SEED_NAMESPACES.filter((n) => n !== 'default').map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
  await kubectl(['apply', '-f', '-'], { input: list(namespaces) });
  await kubectl(['apply', '-f', path.join(paths.seedDir, 'rbac.yaml')]);

  // The admission plugin refuses pods until a namespace's default service
  // account exists, and the controller manager makes those a moment later.
  for (const ns of SEED_NAMESPACES) {
    for (let i = 0; ; i++) {
      const out = await kubectl(['get', 'serviceaccount', 'default', '-n', ns, '--ignore-not-found', '-o', 'name']);
      if (out.trim()) break;
      if (i > 300) throw new Error(`the default service account in ${ns} never appeared (is kube-controller-manager running?)`);
      await sleep(100);
    }
  }

  const first = SEED_DEPLOYMENTS.map((s) => deploymentManifest(s, s.history?.[0]?.image ?? s.containers[0]!.image!, s.history?.[0]?.cause ?? s.cause));
  await kubectl(['apply', '-f', '-'], { input: list(first) });
  log(`created ${first.length} deployments in ${SEED_NAMESPACES.join(', ')}`);

  // Later revisions go through the deployment controller one at a time, so
  // each gets its own ReplicaSet and revision number, as a real rollout does.
  for (const s of SEED_DEPLOYMENTS.filter((d) => d.history && d.history.length > 1)) {
    await rolledOut(s.ns, s.name);
    for (const rev of s.history!.slice(1)) {
      const patch = {
        metadata: { annotations: { [CHANGE_CAUSE]: rev.cause } },
        spec: { template: { spec: { containers: [{ name: s.containers[0]!.name, image: rev.image }] } } },
      };
      await kubectl(['patch', 'deployment', s.name, '-n', s.ns, '--type=strategic', '-p', JSON.stringify(patch)]);
      await rolledOut(s.ns, s.name);
    }
    log(`rolled ${s.ns}/${s.name} through ${s.history!.length} revisions`);
  }
}

export interface PodRow {
  namespace: string;
  name: string;
  status: string;
}

/** `kubectl get pods -A` as rows: what the e2e tests compare kdeck against. */
export async function kubectlPods(kubeconfig?: string): Promise<PodRow[]> {
  const out = await kubectl(['get', 'pods', '-A', '--no-headers'], { kubeconfig });
  return out
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [namespace, name, , status] = l.trim().split(/\s+/);
      return { namespace: namespace!, name: name!, status: status! };
    });
}

/** Waits until the scenario has settled: every kind of trouble the demo shows is visible. */
export async function waitForScenario(timeoutMs = 120_000): Promise<PodRow[]> {
  const deadline = Date.now() + timeoutMs;
  let rows: PodRow[] = [];
  for (;;) {
    rows = await kubectlPods();
    const expected = SEED_DEPLOYMENTS.reduce((n, d) => n + d.replicas, 0);
    const settled =
      rows.length === expected &&
      rows.some((r) => r.status === 'CrashLoopBackOff') &&
      rows.some((r) => r.status === 'ImagePullBackOff') &&
      rows.some((r) => r.status === 'Pending') &&
      rows.every((r) => ['Running', 'CrashLoopBackOff', 'ImagePullBackOff', 'Pending'].includes(r.status));
    if (settled) return rows;
    if (Date.now() > deadline) {
      throw new Error(`the seeded scenario did not settle within ${timeoutMs / 1000}s:\n${rows.map((r) => `${r.namespace}/${r.name} ${r.status}`).join('\n')}`);
    }
    await sleep(500);
  }
}

export function ensurePodLogFiles(): void {
  fs.mkdirSync(paths.podLogs, { recursive: true });
  for (const f of POD_LOG_FILES()) if (!fs.existsSync(f)) fs.writeFileSync(f, '');
}
