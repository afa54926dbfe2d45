// The terminal after kdeck ends the hard way: SIGTERM, SIGHUP (kill -HUP, and
// the pane itself closing, as when an SSH session drops) and an uncaught
// exception. Each must leave the terminal as the shell had it: canonical mode
// and echo on (stty), the main screen back (tmux #{alternate_on} 0) and the
// cursor visible (#{cursor_flag} 1), with the exit status a shell expects.
import { describe, test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTmux, tmuxAvailable, type TmuxSession } from '../helpers/tmux.js';
import { BIN, REPO } from '../helpers/kdeck-bin.js';

const skip = tmuxAvailable() ? false : 'tmux is not installed';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Running {
  t: TmuxSession;
  pid: number;
  /** Asks tmux about the pane: '#{alternate_on}', '#{cursor_flag}', … */
  pane(format: string): Promise<string>;
}

let dir: string | undefined;
let current: TmuxSession | undefined;
afterEach(async () => {
  await current?.kill();
  current = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/**
 * kdeck --demo under a shell in tmux. The inner shell writes its pid and execs
 * kdeck, so the pid is kdeck's; the outer one then reports the exit status and
 * the tty modes on the same terminal, as a user would see them.
 */
async function startKdeck(env: Record<string, string> = {}): Promise<Running> {
  dir = mkdtempSync(join(tmpdir(), 'kdeck-sig-'));
  const pidFile = join(dir, 'pid');
  const inner = join(dir, 'kdeck.sh');
  writeFileSync(inner, `echo $$ > '${pidFile}'\nexec '${process.execPath}' '${BIN}' --demo\n`);
  const outer = `sh '${inner}'; echo "EXITED=$?"; stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo; sleep 60`;
  const t = await startTmux({ command: ['sh', '-c', outer], cols: 80, rows: 24, cwd: REPO, env: { KDECK_FROM_SOURCE: '1', ...env } });
  current = t;
  await t.waitFor((s) => /pods\(all\) \[30\]/.test(s) && s.includes('hello-'), { timeoutMs: 30_000 });
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  assert.ok(pid > 0, 'kdeck pid recorded');
  const pane = (format: string) =>
    new Promise<string>((resolve, reject) => {
      execFile('tmux', ['-S', t.name, 'display-message', '-p', '-t', 'kdeck:', format], (err, out) => (err ? reject(err) : resolve(out.trim())));
    });
  return { t, pid, pane };
}

/** After kdeck ended: the status line the outer shell printed, and the terminal's state. */
async function assertRestored(k: Running, expectedStatus: number): Promise<string> {
  const screen = await k.t.waitFor(/EXITED=\d+\n.*echo/, { timeoutMs: 15_000 });
  assert.match(screen, new RegExp(`EXITED=${expectedStatus}\\b`), screen);
  const modes = screen.split('\n').find((l) => /icanon|echo/.test(l) && !l.includes('EXITED'))!;
  assert.match(modes, /(^| )icanon( |$)/, `canonical mode back on: ${modes}`);
  assert.match(modes, /(^| )echo( |$)/, `echo back on: ${modes}`);
  assert.equal(await k.pane('#{alternate_on}'), '0', 'main screen back');
  assert.equal(await k.pane('#{cursor_flag}'), '1', 'cursor visible');
  assert.ok(!screen.includes('hello-'), 'the table is gone with the alternate screen');
  return screen;
}

describe('the terminal is restored however kdeck ends', { skip }, () => {
  test('SIGTERM: exit 143, terminal restored', async () => {
    const k = await startKdeck();
    assert.equal(await k.pane('#{alternate_on}'), '1', 'kdeck drew on the alternate screen');
    assert.equal(await k.pane('#{cursor_flag}'), '0', 'and hid the cursor');
    process.kill(k.pid, 'SIGTERM');
    await assertRestored(k, 143);
  });

  test('SIGHUP: exit 129, terminal restored', async () => {
    const k = await startKdeck();
    process.kill(k.pid, 'SIGHUP');
    await assertRestored(k, 129);
  });

  test('an uncaught exception: exit 1, one line on the screen, terminal restored', async () => {
    const k = await startKdeck({ KDECK_TEST_CRASH: '1' });
    const screen = await assertRestored(k, 1);
    const errors = screen.split('\n').filter((l) => l.startsWith('kdeck:'));
    assert.deepEqual(errors, ['kdeck: internal error: KDECK_TEST_CRASH: crashing on purpose']);
  });

  test('the pane closes under it (the SSH session drops): kdeck exits and leaves no process behind', async () => {
    const k = await startKdeck();
    await new Promise<void>((resolve, reject) => execFile('tmux', ['-S', k.t.name, 'kill-pane', '-t', 'kdeck:'], (err) => (err ? reject(err) : resolve())));
    let alive = true;
    for (let i = 0; i < 100 && alive; i++) {
      alive = isRunning(k.pid);
      if (alive) await sleep(100);
    }
    assert.equal(alive, false, `kdeck (pid ${k.pid}) still running 10 s after its terminal went away`);
  });
});

/** Alive and not a zombie waiting for a parent that is gone. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
