// `kdeck --demo --triage` in a real 80x24 terminal: the incident on top, its
// crashed container's log one key away, its deployment's history one more.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTmux, tmuxAvailable, type TmuxSession } from '../helpers/tmux.js';
import { BIN, REPO } from '../helpers/kdeck-bin.js';

const skip = tmuxAvailable() ? false : 'tmux is not installed';

describe('kdeck --demo --triage in an 80x24 terminal', { skip }, () => {
  let t: TmuxSession;
  after(async () => t?.kill());

  test('opens on triage with the crash loop at the top, counts in the header', async () => {
    t = await startTmux({ command: [process.execPath, BIN, '--demo', '--triage'], cols: 80, rows: 24, cwd: REPO });
    const s = await t.waitFor((x) => /^triage\(all\)/m.test(x) && x.includes('node-4'), { timeoutMs: 15000 });
    const lines = s.split('\n');
    assert.ok(lines.length <= 24 && lines.every((l) => l.length <= 80), `fits 80x24:\n${s}`);
    assert.match(lines[0]!, /^kdeck ctx:kdeck-demo ns:all ● live crit:\d+ warn:\d+/);
    assert.match(lines[2]!, /^SEV\s+KIND\s+NAMESPACE\/NAME\s+REASON\s+SINCE\s+MESSAGE/);
    // Between back-offs the container is briefly up (Restarting); it is the same crash loop.
    assert.match(lines[3]!, /^CRIT pod\s+shop\/payments-\S+\s+(CrashLoopBackOff|Restarting)/, s);
    assert.match(lines.filter((l) => l.trim()).at(-1)!, /<enter>open <l>logs <u>undo/);
  });

  test("l shows the crashed (previous) container's log, Esc comes back", async () => {
    await t.sendKeys('l');
    const s = await t.waitFor((x) => /logs\(shop\/payments-\S+\/payments \(previous\)\)/.test(x) && x.includes('panic:'), { timeoutMs: 10000 });
    assert.match(s, /starting payments/);
    await t.sendKeys('Escape');
    await t.waitFor((x) => /^triage\(all\)/m.test(x));
  });

  test("u opens the rollout history of the pod's deployment; Esc comes back", async () => {
    await t.sendKeys('u');
    const s = await t.waitFor(/history\(shop\/payments\)/);
    assert.match(s, /\*\s*1\b/, `the current revision is marked:\n${s}`);
    await t.sendKeys('Escape');
    await t.waitFor((x) => /^triage\(all\)/m.test(x));
    await t.sendKeys('q');
  });
});
