import { test, describe, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTmux, tmuxAvailable, type TmuxSession } from '../helpers/tmux.js';

const skip = tmuxAvailable() ? false : 'tmux is not installed';

describe('tmux harness', { skip }, () => {
  let session: TmuxSession | undefined;
  afterEach(async () => {
    await session?.kill();
    session = undefined;
  });

  test('types into a program and reads what it prints', async () => {
    session = await startTmux({
      command: ['sh', '-c', 'printf "hello\\n"; read x; echo "got $x"; sleep 30'],
      cols: 80,
      rows: 24,
    });
    await session.waitFor('hello');
    await session.type('it works');
    await session.sendKeys('Enter');
    const screen = await session.waitFor(/got it works/);
    assert.equal(screen.split('\n')[0], 'hello');
    assert.equal(screen.split('\n')[1], 'it works');
    assert.equal(screen.split('\n')[2], 'got it works');
    assert.equal(await session.exited(), false);
  });

  test('the screen is exactly the requested size, with no status line', async () => {
    session = await startTmux({ command: ['sh', '-c', 'stty size; sleep 30'], cols: 80, rows: 24 });
    const screen = await session.waitFor('24 80');
    assert.equal(screen.split('\n').length, 24);
  });

  test('resize reaches the program as a new terminal size', async () => {
    session = await startTmux({
      command: ['sh', '-c', 'trap "stty size" WINCH; stty size; while :; do sleep 0.05; done'],
      cols: 80,
      rows: 24,
    });
    await session.waitFor('24 80');
    await session.resize(100, 30);
    await session.waitFor('30 100');
    assert.equal((await session.capture()).split('\n').length, 30);
  });

  test('reports the exit status and keeps the last screen', async () => {
    session = await startTmux({ command: ['sh', '-c', 'echo bye; exit 3'], cols: 40, rows: 10 });
    await session.waitFor('bye');
    for (let i = 0; i < 100 && !(await session.exited()); i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(await session.paneDead(), { dead: true, status: 3 });
    const screen = (await session.capture()).split('\n');
    assert.equal(screen[0], 'bye', 'the last screen is left as the program drew it');
    assert.deepEqual(screen.slice(1), Array(9).fill(''));
  });

  test('C-c interrupts the program, and its status is the signal status', async () => {
    session = await startTmux({ command: ['sh', '-c', 'echo waiting; sleep 30'], cols: 40, rows: 5 });
    await session.waitFor('waiting');
    await session.sendKeys('C-c');
    for (let i = 0; i < 100 && !(await session.exited()); i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(await session.paneDead(), { dead: true, status: 130 });
  });

  test('a clean exit is status 0', async () => {
    session = await startTmux({ command: ['true'], cols: 40, rows: 10 });
    for (let i = 0; i < 100 && !(await session.exited()); i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(await session.paneDead(), { dead: true, status: 0 });
  });

  test('key names are pressed, everything else is typed literally', async () => {
    // od shows the raw bytes the program received.
    session = await startTmux({ command: ['sh', '-c', 'stty raw -echo; head -c 12 | od -An -c; sleep 30'], cols: 80, rows: 24 });
    await new Promise((r) => setTimeout(r, 200));
    await session.sendKeys('Escape', 'C-c', 'Enter', '-x', ';', 'Tab', 'a;b', 'q;');
    const screen = await session.waitFor(/033/);
    assert.match(screen, /033\s+003\s+\\r\s+-\s+x\s+;\s+\\t\s+a\s+;\s+b\s+q\s+;/);
  });

  test('special characters and quotes in arguments, environment and cwd survive', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), "kdeck tmux 'dir'-")));
    try {
      session = await startTmux({
        command: ['sh', '-c', 'echo "arg=[$1] var=[$GREETING] term=[$TERM] pwd=[$(pwd)]"; sleep 30', 'sh', `it's "$HOME" & ;`],
        cols: 120,
        rows: 10,
        env: { GREETING: `a 'b' "c" $d` },
        cwd: dir,
      });
      const screen = await session.waitFor('arg=');
      assert.match(screen, /arg=\[it's "\$HOME" & ;\]/);
      assert.match(screen, /var=\[a 'b' "c" \$d\]/);
      assert.match(screen, /term=\[xterm-256color\]/);
      assert.ok(screen.includes(`pwd=[${dir}]`), screen);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the pinned node from node_modules/.bin is first on PATH', async () => {
    session = await startTmux({
      command: ['sh', '-c', 'echo "which=$(command -v node)"; echo "version=$(node --version)"; sleep 30'],
      cols: 200,
      rows: 5,
      env: { PATH: '/usr/bin:/bin' },
    });
    const screen = await session.waitFor(/version=v\d+/);
    assert.match(screen, /which=\/.*\/node_modules\/\.bin\/node$/m);
    assert.ok(Number(/version=v(\d+)/.exec(screen)?.[1]) >= 22, screen);
  });

  test('waitFor times out with the last screen in the error', async () => {
    session = await startTmux({ command: ['sh', '-c', 'echo visible text; sleep 30'], cols: 40, rows: 5 });
    await session.waitFor('visible');
    await assert.rejects(session.waitFor('never shown', { timeoutMs: 300 }), (err: Error) => {
      assert.match(err.message, /timed out after 300 ms waiting for "never shown"/);
      assert.match(err.message, /\|visible text\s*\|/);
      return true;
    });
  });

  test('waitFor fails fast when the program has exited', async () => {
    session = await startTmux({ command: ['sh', '-c', 'echo crashed; exit 2'], cols: 40, rows: 5 });
    const started = Date.now();
    await assert.rejects(session.waitFor('never shown', { timeoutMs: 4000 }), /exited \(status 2\).*\n[\s\S]*crashed/);
    assert.ok(Date.now() - started < 3000);
  });

  test('kill ends the program and the private server', async () => {
    session = await startTmux({ command: ['sleep', '30'], cols: 40, rows: 5 });
    assert.equal(await session.exited(), false);
    await session.kill();
    assert.equal(await session.exited(), true);
    await session.kill();
  });

  test('sessions are isolated from each other', async () => {
    const a = await startTmux({ command: ['sh', '-c', 'echo AAA; sleep 30'], cols: 40, rows: 5 });
    const b = await startTmux({ command: ['sh', '-c', 'echo BBB; sleep 30'], cols: 40, rows: 5 });
    try {
      assert.notEqual(a.name, b.name);
      await a.waitFor('AAA');
      await b.waitFor('BBB');
      assert.doesNotMatch(await a.capture(), /BBB/);
    } finally {
      await a.kill();
      await b.kill();
    }
  });
});
