// What npm run build ships, run the way its users run it: the single-file
// bundle on the pinned Node from a folder holding nothing else; the standalone
// executable on a "jump host" whose PATH has no node at all; and the npm
// package installed globally from its tarball.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { startTmux, tmuxAvailable, type TmuxSession } from '../helpers/tmux.js';
import { filterToShopWeb, livePodTable } from '../helpers/console-steps.js';
import { BUNDLE, EXECUTABLE, packageVersion, PINNED_NODE, ROOT } from '../../scripts/build/paths.js';

const VERSION = `kdeck ${packageVersion()}`;
const skipTmux = tmuxAvailable() ? false : 'tmux is not installed';
const skipExecutable = process.platform === 'linux' ? false : 'the standalone executable is built on Linux only';

function newestUnder(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** npm test builds just before; run alone, this builds what is missing or older than the sources. */
function ensureBuilt(): void {
  const wanted = process.platform === 'linux' ? [BUNDLE, EXECUTABLE] : [BUNDLE];
  const sources = Math.max(newestUnder(join(ROOT, 'src')), newestUnder(join(ROOT, 'themes')), statSync(join(ROOT, 'package.json')).mtimeMs);
  if (wanted.every((f) => existsSync(f) && statSync(f).mtimeMs >= sources)) return;
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'build', 'build.ts')], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, `npm run build failed:\n${r.stdout}${r.stderr}`);
}

function run(command: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): SpawnSyncReturns<string> {
  return spawnSync(command, args, { ...opts, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A user theme that does not validate: loading it needs the schema and the default theme, both embedded in the bundle. */
function badThemeHome(dir: string): string {
  const xdg = join(dir, 'xdg');
  mkdirSync(join(xdg, 'kdeck', 'themes'), { recursive: true });
  writeFileSync(join(xdg, 'kdeck', 'themes', 'bad.json'), JSON.stringify({ name: 'bad', colors: { bad: 'notacolour' } }));
  return xdg;
}

/**
 * Runs kdeck --demo in tmux through `sh`, which then reports kdeck's exit code
 * and the tty mode, so "the terminal is usable after kdeck" can be checked.
 */
function consoleCommand(kdeck: string[]): string[] {
  const line = kdeck.map((a) => `'${a}'`).join(' ');
  return ['sh', '-c', `${line}; echo "EXITED=$?"; stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo; sleep 30`];
}

/** The demo opens; :dp; shop/web is scaled through the confirmation; q quits and the terminal comes back. */
async function demoScaleAndQuit(t: TmuxSession): Promise<void> {
  await t.waitFor(livePodTable, { timeoutMs: 20_000 });
  await t.type(':dp');
  await t.sendKeys('Enter');
  let s = await t.waitFor((x) => /deployments\(all\)/.test(x) && /web\s+3\/3/.test(x));
  await t.type('/web');
  await t.sendKeys('Enter');
  await t.waitFor(/deployments\(all\) \[1\/\d+\] \/web/);
  await t.type('s');
  await t.waitFor('scale deployment shop/web (now 3) to: 3');
  await t.sendKeys('BSpace');
  await t.type('5');
  await t.sendKeys('Enter');
  await t.waitFor('replicas 3 → 5');
  await t.type('y');
  s = await t.waitFor(/web\s+5\/5/, { timeoutMs: 20_000 });
  assert.match(s, /shop\s+web\s+5\/5\s+5\s+5/);
  await t.sendKeys('Escape');
  // Wait for the filter to go: a key typed right after Esc would read as Alt+key.
  await t.waitFor(/deployments\(all\) \[\d+\] sort/);
  await t.sendKeys('q');
  // The shell prints EXITED, then the tty modes: wait for both, not just the first.
  s = await t.waitFor(/EXITED=\d+\n[^\n]*echo/, { timeoutMs: 10_000 });
  assert.match(s, /EXITED=0/);
  assert.match(s, /(^| )icanon( |$)/m, 'canonical mode restored');
  assert.match(s, /(^| )echo( |$)/m, 'echo restored');
  assert.ok(!s.includes('deployments('), 'alternate screen left: the table is gone');
}

let scratch: string;
before(() => {
  ensureBuilt();
  scratch = mkdtempSync(join(tmpdir(), 'kdeck-packaging-'));
});
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('the single-file bundle, alone in a folder, on the pinned Node', () => {
  let dir: string;
  let bundle: string;
  before(() => {
    dir = join(scratch, 'bundle');
    mkdirSync(dir);
    bundle = join(dir, 'kdeck.mjs');
    copyFileSync(BUNDLE, bundle);
  });

  test('--version prints the package version', () => {
    const r = run(PINNED_NODE, [bundle, '--version'], { cwd: dir, env: { ...process.env, HOME: dir } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), VERSION);
  });

  test('the bundled themes and their schema travel inside it', () => {
    const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: badThemeHome(dir) };
    let r = run(PINNED_NODE, [bundle, '--theme', 'nope'], { cwd: dir, env });
    assert.equal(r.status, 2);
    assert.equal(r.stderr.trim(), 'kdeck: unknown theme "nope" (available: bad, default, high-contrast, light, monochrome)');
    r = run(PINNED_NODE, [bundle, '--theme', 'bad', '--kubeconfig', join(dir, 'missing')], { cwd: dir, env });
    assert.match(r.stderr, /^kdeck: theme .*bad\.json: colors\.bad must be a colour name .*; using default$/m);
    assert.match(r.stderr, /^kdeck: kubeconfig .*missing: no such file$/m);
    assert.equal(r.status, 1);
  });

  test('--demo runs the console: scale through the confirmation, quit, terminal restored', { skip: skipTmux }, async () => {
    const t = await startTmux({ command: consoleCommand([PINNED_NODE, bundle, '--demo']), cols: 80, rows: 24, cwd: dir, env: { HOME: dir } });
    try {
      await demoScaleAndQuit(t);
    } finally {
      await t.kill();
    }
  });

  test('an ssh:// Docker host goes through ssh2, which the bundle loads only then', { skip: skipTmux }, async () => {
    // Nothing listens on port 1: ssh2's connect fails as it would for a host that is down.
    const t = await startTmux({ command: consoleCommand([PINNED_NODE, bundle, '--demo', '--docker-host', 'ssh://kdeck@127.0.0.1:1']), cols: 120, rows: 24, cwd: dir, env: { HOME: dir } });
    try {
      await t.waitFor(/pods\(all\) \[\d+\]/, { timeoutMs: 20_000 });
      await t.type(':img');
      await t.sendKeys('Enter');
      await t.waitFor(/images\(all\).*docker: no Docker engine at ssh:\/\/kdeck@127\.0\.0\.1:1 \(connect ECONNREFUSED\)/, { timeoutMs: 15_000 });
      await t.type('q');
      assert.match(await t.waitFor(/EXITED=\d+/, { timeoutMs: 10_000 }), /EXITED=0/);
    } finally {
      await t.kill();
    }
  });
});

describe('the standalone executable on a host with no node', { skip: skipExecutable }, () => {
  let dir: string;
  let exe: string;
  let path: string;
  /** kdeck's whole environment: nothing inherited, a PATH without node. */
  let env: Record<string, string>;
  before(() => {
    dir = join(scratch, 'jump-host');
    const bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    // Only a shell: whatever kdeck needs must be inside the executable.
    symlinkSync('/bin/sh', join(bin, 'sh'));
    path = bin;
    exe = join(dir, 'kdeck');
    copyFileSync(EXECUTABLE, exe);
    env = { PATH: path, HOME: dir, TERM: 'xterm-256color' };
  });

  test('the PATH it runs with has no node', () => {
    const r = spawnSync('/bin/sh', ['-c', 'command -v node'], { env: { PATH: path } });
    assert.notEqual(r.status, 0, `node found on ${path}: ${r.stdout}`);
    assert.ok(!path.split(delimiter).some((d) => existsSync(join(d, 'node'))));
  });

  test('--version prints the package version', () => {
    const r = run(exe, ['--version'], { cwd: dir, env });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), VERSION);
  });

  test('an unknown flag is one line and exit 2, as from the package', () => {
    const r = run(exe, ['--no-such-flag'], { cwd: dir, env });
    assert.equal(r.status, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^kdeck: .*--no-such-flag/);
  });

  test('the themes travel inside it', () => {
    const r = run(exe, ['--theme', 'nope'], { cwd: dir, env: { ...env, XDG_CONFIG_HOME: badThemeHome(dir) } });
    assert.equal(r.status, 2);
    assert.equal(r.stderr.trim(), 'kdeck: unknown theme "nope" (available: bad, default, high-contrast, light, monochrome)');
  });

  const demoCommand = () => consoleCommand(['/usr/bin/env', '-i', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), exe, '--demo']);

  test('--demo in tmux: :dp, scale through the confirmation, quit, terminal restored', { skip: skipTmux }, async () => {
    const t = await startTmux({ command: demoCommand(), cols: 80, rows: 24, cwd: dir });
    try {
      await demoScaleAndQuit(t);
    } finally {
      await t.kill();
    }
  });

  test('--demo in tmux: the other views and actions work from the executable too', { skip: skipTmux }, async () => {
    const t = await startTmux({ command: demoCommand(), cols: 100, rows: 30, cwd: dir });
    // Esc, then wait for what it closes to go, so the next key is not read as Alt+key.
    const escapeUntil = async (gone: (s: string) => boolean) => {
      await t.sendKeys('Escape');
      await t.waitFor(gone);
    };
    try {
      await t.waitFor(livePodTable, { timeoutMs: 20_000 });
      // Images: the cluster's and the Docker host's (the demo's Engine API on a unix socket).
      await t.type(':img');
      await t.sendKeys('Enter');
      let s = await t.waitFor((x) => /images\(all\)/.test(x) && /busybox\s+1\.36\s+host\s+unused/.test(x));
      assert.match(s, /envoyproxy\/envoy\s+v1\.30\.1\s+cluster\s+2/);
      await t.type(':ctr');
      await t.sendKeys('Enter');
      await t.waitFor((x) => /containers\(docker\)/.test(x) && /dev-db\s+postgres:16\s+running/.test(x));
      // Logs, following.
      await t.type(':po');
      await t.sendKeys('Enter');
      await t.waitFor(/pods\(all\)/);
      await t.type('/hello');
      await t.sendKeys('Enter');
      await t.waitFor(/pods\(all\) \[\d+\/\d+\] \/hello/);
      await t.type('l');
      s = await t.waitFor((x) => /logs\(default\/hello-[a-z0-9-]+\/hello\) \[\d+ lines · 1 stream · following\]/.test(x) && /GET \/|request completed/.test(x));
      await escapeUntil((x) => !x.includes('logs('));
      await escapeUntil((x) => /pods\(all\) \[\d+\]/.test(x));
      // Rollout history with its diff, and an undo through the confirmation.
      await filterToShopWeb(t);
      await t.type('u');
      s = await t.waitFor(/history\(shop\/web\)[\s\S]*Enter rolls back to 2/);
      assert.match(s, /^\+\s+- image: shop\/web:1\.1$/m);
      await t.type('j');
      await t.waitFor(/→ 1\s+\(Enter rolls back to 1\)/);
      await t.sendKeys('Enter');
      await t.waitFor('roll back deployment shop/web to revision 1?');
      await t.type('y');
      await t.waitFor(/rolled back shop\/web to revision 1|shop\/web rolled out|\*\s+\d+\s+shop\/web:1\.0/, { timeoutMs: 15_000 });
      await escapeUntil((x) => !x.includes('history(shop/web)'));
      s = await t.waitFor(/shop\s+web\s+3\/3\s+3\s+3\s+4\s+shop\/web:1\.0/, { timeoutMs: 15_000 });
      // Help, from the same keymap as everywhere.
      await t.type('?');
      await t.waitFor('Help —');
      await escapeUntil((x) => !x.includes('Help —'));
      await escapeUntil((x) => /deployments\(shop\) \[\d+\]/.test(x));
      await t.type('q');
      s = await t.waitFor(/EXITED=\d+/, { timeoutMs: 10_000 });
      assert.match(s, /EXITED=0/);
    } finally {
      await t.kill();
    }
  });
});

describe('npm pack, then npm install -g from the tarball', () => {
  let tarball: string;
  let prefix: string;
  /** The pinned node first on PATH, as a user with Node 22.19+ has it. */
  let env: NodeJS.ProcessEnv;
  let packedFiles: string[] = [];
  before(() => {
    const packDir = join(scratch, 'pack');
    mkdirSync(packDir);
    const r = run('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: ROOT, env: process.env });
    assert.equal(r.status, 0, r.stderr);
    const [info] = JSON.parse(r.stdout) as { filename: string; files: { path: string }[] }[];
    tarball = join(packDir, info!.filename);
    packedFiles = info!.files.map((f) => f.path).sort();
    prefix = join(scratch, 'global');
    env = { ...process.env, PATH: [dirname(PINNED_NODE), '/usr/bin', '/bin'].join(delimiter), npm_config_update_notifier: 'false' };
  });

  test('the package holds the bundle and its launcher, not the executable or tsc output', () => {
    assert.ok(packedFiles.includes('dist/kdeck.mjs'), packedFiles.join(' '));
    assert.ok(packedFiles.includes('bin/kdeck.js'));
    assert.ok(packedFiles.includes('package.json'));
    assert.deepEqual(packedFiles.filter((f) => f.startsWith('dist/')), ['dist/kdeck.mjs']);
  });

  test('installs globally with no registry (no dependencies) and runs as kdeck', () => {
    const r = run('npm', ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], { cwd: scratch, env });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!existsSync(join(prefix, 'lib', 'node_modules', 'kdeck', 'node_modules')), 'nothing installed beside the bundle');
    const v = run(join(prefix, 'bin', 'kdeck'), ['--version'], { cwd: scratch, env });
    assert.equal(v.status, 0, v.stderr);
    assert.equal(v.stdout.trim(), VERSION);
    const t = run(join(prefix, 'bin', 'kdeck'), ['--theme', 'nope'], { cwd: scratch, env: { ...env, XDG_CONFIG_HOME: join(scratch, 'no-config') } });
    assert.equal(t.stderr.trim(), 'kdeck: unknown theme "nope" (available: default, high-contrast, light, monochrome)');
  });

  test('on a Node older than its engines it says so in one line', { skip: oldNode() ? false : 'no Node older than 22.19 on this machine' }, () => {
    const node = oldNode()!;
    const r = run(join(prefix, 'bin', 'kdeck'), ['--version'], { cwd: scratch, env: { ...env, PATH: [dirname(node), '/bin'].join(delimiter) } });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^kdeck: needs Node\.js 22\.19 or newer \(this is v\d+\.\d+\.\d+\);[^\n]*\n$/);
  });
});

/** The machine's own node when it is too old for the package (Debian's is 20). */
function oldNode(): string | undefined {
  const node = '/usr/bin/node';
  const r = spawnSync(node, ['--version'], { encoding: 'utf8' });
  const m = /^v(\d+)\.(\d+)/.exec(r.stdout ?? '');
  return m && (Number(m[1]) < 22 || (Number(m[1]) === 22 && Number(m[2]) < 19)) ? node : undefined;
}
