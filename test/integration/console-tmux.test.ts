// The real console in a real terminal (tmux), at the smallest supported size
// and at a large one, driven with keys as a person would.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTmux, tmuxAvailable, type TmuxSession } from '../helpers/tmux.js';
import { BIN, REPO } from '../helpers/kdeck-bin.js';

const skip = tmuxAvailable() ? false : 'tmux is not installed';

/** Runs kdeck from a shell, then reports its exit code and the tty mode, so "the shell is usable after exit" can be checked. */
function consoleCommand(args: string[]): string[] {
  const kdeck = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
  return ['sh', '-c', `${kdeck}; echo "EXITED=$?"; stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo; sleep 30`];
}

for (const [cols, rows] of [
  [80, 24],
  [200, 50],
] as const) {
  describe(`kdeck --demo in a ${cols}x${rows} terminal`, { skip }, () => {
    let t: TmuxSession;
    after(async () => t?.kill());

    test('opens on the pods of every namespace in name order, trouble counted in the header; S puts the crash loop on top', async () => {
      const started = Date.now();
      t = await startTmux({ command: consoleCommand(['--demo']), cols, rows, cwd: REPO });
      let screen = await t.waitFor((s) => /pods\(all\) \[30\] sort:name/.test(s) && s.includes('hello-') && /crit:\d/.test(s), { timeoutMs: 15000 });
      console.log(`  full pods table after ${Date.now() - started} ms`);
      assert.match(screen, /kdeck ctx:kdeck-demo ns:all ● live crit:\d+ warn:\d+/);
      await t.sendKeys('S');
      screen = await t.waitFor((s) => /sort:status/.test(s) && s.includes('CrashLoopBackOff'));
      assert.match(screen, /ImagePullBackOff|ErrImagePull/);
      assert.match(screen, /Pending/);
      const lines = screen.split('\n');
      assert.ok(lines.length <= rows, 'nothing outside the screen');
      assert.ok(lines.every((l) => l.length <= cols), 'no line wider than the terminal');
      // The footer lists the keys of this view.
      assert.match(lines.filter((l) => l.trim()).at(-1)!, /<:>cmd.*<\/>filter/);
    });

    test(':dp switches to deployments, /web filters, Enter drills into its pods, Esc comes back', async () => {
      await t.type(':dp');
      await t.sendKeys('Enter');
      let s = await t.waitFor((x) => /deployments\(all\)/.test(x) && x.includes('payments'));
      assert.match(s, /web\s+3\/3/);
      await t.type('/web');
      s = await t.waitFor((x) => x.includes('/web') && !x.includes('payments'));
      assert.match(s, /shop\s+web/);
      await t.sendKeys('Enter'); // keep the filter
      await t.sendKeys('Enter'); // drill into the deployment
      s = await t.waitFor(/pods\(shop\/web\)/);
      const podLines = s.split('\n').filter((l) => /\bweb-[a-z0-9]+-[a-z0-9]{5}\b/.test(l));
      assert.equal(podLines.length, 3, `three web pods:\n${s}`);
      assert.ok(!s.includes('payments'));
      await t.sendKeys('Escape');
      s = await t.waitFor((x) => /deployments\(all\) \[\d+\/\d+\]/.test(x));
      await t.sendKeys('Escape'); // clears the filter
      await t.waitFor((x) => x.includes('payments') && /deployments\(all\) \[\d+\]/.test(x));
    });

    test('? shows the help built from the keymap; Esc closes it', async () => {
      await t.sendKeys('?');
      const s = await t.waitFor('Help');
      assert.match(s, /sort by name/);
      assert.match(s, /filter: fuzzy text/);
      await t.sendKeys('Escape');
      await t.waitFor((x) => !x.includes('Help —') && x.includes('payments'));
    });

    test(':ctx lists the contexts and marks the current one', async () => {
      await t.type(':ctx');
      await t.sendKeys('Enter');
      const s = await t.waitFor(/contexts/);
      assert.match(s, /\*\s+kdeck-demo\b/);
      assert.match(s, /kdeck-demo-limited/);
      await t.sendKeys('Escape');
    });

    test('q quits, the screen and the tty come back', async () => {
      await t.sendKeys('q');
      // The shell prints EXITED, then the tty modes: wait for both, not just the first.
      const s = await t.waitFor(/EXITED=\d+\n[^\n]*echo/, { timeoutMs: 10000 });
      assert.match(s, /EXITED=0/);
      assert.match(s, /(^| )icanon( |$)/m, 'canonical mode restored');
      assert.match(s, /(^| )echo( |$)/m, 'echo restored');
      assert.ok(!s.includes('hello-'), 'alternate screen left: the table is gone');
    });
  });
}
