// The actions scenario a person runs at the keyboard — scale shop/web, roll it
// back to the revision that ran shop/web:1.0, diff a manifest, and be refused
// under --readonly — against whichever cluster the caller points it at.
// Every result is read back through `cluster` (client-node or kubectl), never
// from kdeck's own screen. It reads the starting state instead of assuming it,
// so it also runs on a cluster other tests have already changed.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTmux, type TmuxSession } from './tmux.js';
import { filterToShopWeb, livePodTable } from './console-steps.js';
import { BIN, REPO } from './kdeck-bin.js';

export interface WebState {
  replicas: number;
  readyReplicas: number;
  image: string;
  revision: string;
}

export interface ScenarioCluster {
  kubeconfig: string;
  /** shop/web as the API has it now. */
  web(): Promise<WebState>;
  /** web's ReplicaSets: revision number and image, as `kubectl rollout history` knows them. */
  revisions(): Promise<{ revision: number; image: string }[]>;
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 30000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs} ms; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function openWeb(cluster: ScenarioCluster, args: string[], size: { cols: number; rows: number }): Promise<TmuxSession> {
  const t = await startTmux({ command: [process.execPath, BIN, '--kubeconfig', cluster.kubeconfig, '-A', ...args], ...size, cwd: REPO });
  await t.waitFor(livePodTable, { timeoutMs: 20000 });
  await filterToShopWeb(t);
  return t;
}

export async function scaleScenario(cluster: ScenarioCluster, t: TmuxSession): Promise<number> {
  const before = await cluster.web();
  const to = before.replicas === 5 ? 4 : 5;
  await t.type('s');
  await t.waitFor(`scale deployment shop/web (now ${before.replicas}) to: ${before.replicas}`);
  for (let i = 0; i < String(before.replicas).length; i++) await t.sendKeys('BSpace');
  await t.type(String(to));
  await t.sendKeys('Enter');
  await t.waitFor(`replicas ${before.replicas} → ${to}`);
  await t.type('y');
  await t.waitFor(new RegExp(`scaled shop/web: ${before.replicas} → ${to}|${to}/${to} ready`));
  await until(cluster.web, (w) => w.replicas === to && w.readyReplicas === to, `shop/web at ${to} ready replicas`);
  await t.waitFor(new RegExp(`web\\s+${to}/${to}`), { timeoutMs: 20000 });
  return to;
}

export async function undoScenario(cluster: ScenarioCluster, t: TmuxSession): Promise<void> {
  const revs = (await cluster.revisions()).sort((a, b) => b.revision - a.revision);
  const target = revs.find((r) => r.image === 'shop/web:1.0');
  assert.ok(target, `a revision running shop/web:1.0 in ${JSON.stringify(revs)}`);
  const newest = revs[0]!.revision;
  await t.type('u');
  await t.waitFor(/history\(shop\/web\)/);
  // The cursor starts on the previous revision (index 1); walk to the target.
  const steps = revs.indexOf(target) - 1;
  for (let i = 0; i < Math.abs(steps); i++) await t.type(steps > 0 ? 'j' : 'k');
  const s = await t.waitFor(new RegExp(`→ ${target.revision}\\s+\\(Enter rolls back to ${target.revision}\\)`));
  assert.match(s, /^\+.*image: shop\/web:1\.0/m, 'the preview shows the image coming back');
  await t.sendKeys('Enter');
  await t.waitFor(`roll back deployment shop/web to revision ${target.revision}?`);
  await t.type('y');
  // The message may already have given way to the rollout's "rolled out"; the history showing 1.0 as current says the same.
  await t.waitFor(new RegExp(`rolled back shop/web to revision ${target.revision}|shop/web rolled out|\\*\\s+\\d+\\s+shop/web:1\\.0`), { timeoutMs: 15000 });
  const w = await until(cluster.web, (x) => x.image === 'shop/web:1.0' && Number(x.revision) === newest + 1, 'web on shop/web:1.0 as a new revision');
  assert.equal(w.image, 'shop/web:1.0');
  const after = await until(cluster.revisions, (r) => r.some((x) => x.revision === newest + 1), 'the new revision in the history');
  assert.ok(!after.some((x) => x.revision === target.revision), `revision ${target.revision} became revision ${newest + 1}, as kubectl rollout history shows`);
  await t.sendKeys('Escape');
  // As a person would, wait to see the pane close: keys typed right after Esc would read as Alt+key.
  await t.waitFor((x) => !x.includes('history(shop/web)'));
}

export async function diffScenario(cluster: ScenarioCluster, t: TmuxSession, dir: string): Promise<void> {
  const before = await cluster.web();
  const file = join(dir, 'web.yaml');
  writeFileSync(
    file,
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: ${before.replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: shop/web:2.0
`,
  );
  await t.type(`:diff ${file}`);
  await t.sendKeys('Enter');
  const s = await t.waitFor(/diff\(.*web\.yaml/, { timeoutMs: 20000 });
  assert.match(s, new RegExp(`^-\\s+.*image: ${before.image.replace(/[.]/g, '\\.')}`, 'm'));
  assert.match(s, /^\+\s+.*image: shop\/web:2\.0/m);
  assert.equal((await cluster.web()).image, before.image, 'a diff changes nothing');
  await t.sendKeys('Escape');
  await t.waitFor((x) => !/diff\(.*web\.yaml/.test(x));
}

export async function readonlyScenario(cluster: ScenarioCluster, size: { cols: number; rows: number }): Promise<void> {
  const before = await cluster.web();
  const t = await openWeb(cluster, ['--readonly'], size);
  try {
    await t.waitFor('[readonly]');
    await t.type('s');
    await t.sendKeys('BSpace');
    await t.type('1');
    await t.sendKeys('Enter');
    await t.waitFor('read-only: refusing to scale deployment shop/web');
    await t.type('u');
    await t.waitFor(/history\(shop\/web\)/);
    await t.sendKeys('Enter');
    await t.waitFor('read-only: refusing to roll back deployment shop/web');
    const after = await cluster.web();
    assert.equal(after.replicas, before.replicas);
    assert.equal(after.image, before.image);
  } finally {
    await t.kill();
  }
}

export { openWeb };
