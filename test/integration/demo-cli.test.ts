// `kdeck demo-server` as a process: bad flags exit 2 with one line on
// stderr; a normal run prints where it listens and exits 0 on SIGTERM.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ENTRY = `import { runDemoServer } from ${JSON.stringify(new URL('../../src/sources/demo/cli.ts', import.meta.url).pathname)}; process.exitCode = await runDemoServer(process.argv.slice(1));`;

function start(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', ENTRY, '--', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe('kdeck demo-server', () => {
  it('rejects an unknown flag with exit 2 and one line on stderr', async () => {
    const p = start(['--prot', '80']);
    assert.equal(await p.exited, 2);
    assert.equal(p.err().trim().split('\n').length, 1);
    assert.match(p.err(), /unknown flag "--prot"/);
  });

  it('rejects a non-numeric --pods with exit 2', async () => {
    const p = start(['--pods', 'many']);
    assert.equal(await p.exited, 2);
    assert.match(p.err(), /--pods needs a whole number/);
  });

  it('serves, writes the kubeconfig, and exits 0 on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kdeck-cli-'));
    const file = join(dir, 'kc.yaml');
    const p = start(['--port', '0', '--kubeconfig-out', file]);
    try {
      const deadline = Date.now() + 20_000;
      while (!p.out().includes('\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const m = /^demo cluster listening on (http:\/\/127\.0\.0\.1:\d+), kubeconfig: (.+)$/.exec(p.out().trim());
      assert.ok(m, `unexpected output: ${p.out()} ${p.err()}`);
      assert.equal(m[2], file);
      const kc = await readFile(file, 'utf8');
      assert.ok(kc.includes(`server: ${m[1]}/t/`), kc);
      const res = await fetch(`${m[1]}/healthz`);
      assert.equal(await res.text(), 'ok');
      p.child.kill('SIGTERM');
      assert.equal(await p.exited, 0);
    } finally {
      if (p.child.exitCode === null) p.child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });
});
