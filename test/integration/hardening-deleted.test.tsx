// A deployment deleted (by someone else) while kdeck shows or acts on it: its
// history pane, its revision diff and its log pane say so and close with Esc;
// a scale prompt or a confirmation about it is withdrawn with one line. Each
// test runs its own demo cluster, since each deletes a seeded deployment.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoApp, type DemoApp } from '../helpers/demo-app.js';
import { logPane } from '../../src/commands/log-pane.js';
import { topFrame } from '../../src/store/selectors.js';

let app: DemoApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const footer = (f: string) => f.split('\n').filter((l) => l.trim()).at(-1)!;
const NOTICE = (name: string) => `deployment shop/${name} was deleted — Esc closes this pane`;

/** The console on deployments(shop), filtered down to `name` under the cursor. */
async function onDeployment(name: string): Promise<DemoApp> {
  app = await startDemoApp({ columns: 120, rows: 30 });
  await app.ui.waitFor(/pods\(all\) \[\d+\]/, 15000);
  await app.ui.type(':dp shop');
  await app.ui.press('enter');
  await app.ui.waitFor((f) => /deployments\(shop\)/.test(f) && new RegExp(`\\b${name}\\s+\\d+/\\d+`).test(f));
  await app.ui.type(`/${name}`);
  await app.ui.press('enter');
  await app.ui.waitFor(new RegExp(`deployments\\(shop\\) \\[1/\\d+\\] /${name}`));
  return app;
}

/** Esc leaves the pane for the deployments list, where the deployment is gone too. */
async function escBackToList(a: DemoApp, name: string): Promise<void> {
  await a.ui.press('esc');
  const f = await a.ui.waitFor(/^deployments\(shop\) \[0\/\d+\]/m);
  assert.ok(!f.includes('was deleted — Esc'), 'the notice left with the pane');
  assert.ok(!new RegExp(`^shop\\s+${name}\\b`, 'm').test(f), `${name} is no longer listed`);
}

test('history pane: says the deployment was deleted; Esc closes it', async () => {
  const a = await onDeployment('web');
  await a.ui.type('u');
  await a.ui.waitFor((f) => /history\(shop\/web\)/.test(f) && /Enter rolls back/.test(f));
  a.cluster.deleteObject('deployments', 'shop', 'web');
  const f = await a.ui.waitFor(NOTICE('web'), 10000);
  assert.equal(f.split('\n')[2], NOTICE('web'), 'the notice sits right under the breadcrumb');
  // Enter (undo) on a deleted deployment does nothing, and nothing breaks.
  await a.ui.press('enter');
  assert.ok(!a.ui.lastFrame().includes('roll back deployment'), 'no confirmation for a deleted deployment');
  await escBackToList(a, 'web');
});

test('diff pane: keeps the diff, says the deployment was deleted; Esc closes it', async () => {
  const a = await onDeployment('web');
  await a.ui.type('d');
  await a.ui.waitFor(/diff\(shop\/web: revision/);
  a.cluster.deleteObject('deployments', 'shop', 'web');
  const f = await a.ui.waitFor(NOTICE('web'), 10000);
  assert.match(f, /image: shop\/web:1\.2/, 'what was shown stays readable');
  await escBackToList(a, 'web');
});

test('log pane of a deployment: says the deployment was deleted; Esc closes it and its streams', async () => {
  const a = await onDeployment('web');
  await a.ui.type('l');
  await a.ui.waitFor((f) => /logs\(deployment shop\/web\)/.test(f) && /[1-9]\d* lines/.test(f), 10000);
  const id = topFrame(a.store.getState()).logId;
  assert.ok(logPane(id), 'the pane is registered while open');
  a.cluster.deleteObject('deployments', 'shop', 'web');
  await a.ui.waitFor(NOTICE('web'), 10000);
  await escBackToList(a, 'web');
  assert.equal(logPane(id), undefined, 'its streams were stopped with it');
});

test('scale prompt: withdrawn with one line when the deployment is deleted; nothing is sent', async () => {
  const a = await onDeployment('web');
  await a.ui.type('s');
  await a.ui.waitFor('scale deployment shop/web (now 3) to: 3');
  a.cluster.deleteObject('deployments', 'shop', 'web');
  const f = await a.ui.waitFor('deployment shop/web was deleted; nothing was changed', 10000);
  assert.equal(footer(f), 'deployment shop/web was deleted; nothing was changed');
  assert.ok(!f.includes('scale deployment shop/web'), 'the prompt is gone');
  // Keys act on the list again, not on a prompt that is no longer there.
  await a.ui.type('5');
  await a.ui.press('enter');
  assert.ok(!a.ui.lastFrame().includes('replicas 3 → '), 'no confirmation appears');
});

test('scale and undo confirmations: withdrawn with one line when the deployment is deleted', async () => {
  const a = await onDeployment('web');
  await a.ui.type('s');
  await a.ui.waitFor('scale deployment shop/web (now 3) to: 3');
  await a.ui.press('backspace');
  await a.ui.type('5');
  await a.ui.press('enter');
  await a.ui.waitFor('replicas 3 → 5');
  await a.ui.press('esc');
  await a.ui.waitFor('cancelled: nothing was changed');
  await a.ui.type('u');
  await a.ui.waitFor(/history\(shop\/web\)/);
  await a.ui.press('enter');
  await a.ui.waitFor(/roll back deployment shop\/web to revision \d+\?/);
  a.cluster.deleteObject('deployments', 'shop', 'web');
  const f = await a.ui.waitFor('deployment shop/web was deleted; nothing was changed', 10000);
  assert.ok(!f.includes('roll back deployment'), 'the confirmation is gone');
  await a.ui.type('y');
  await a.ui.waitFor(NOTICE('web'));
  assert.ok(!a.ui.lastFrame().includes('rolled back'), 'y after the withdrawal changes nothing');
  await escBackToList(a, 'web');
});
