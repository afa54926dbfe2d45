// A private Docker engine for tests: its own socket, data and exec roots under
// a temp dir, vfs storage (works on any filesystem, no overlay mounts) and no
// networking setup (no iptables, no bridge), so it never touches the host's
// own dockerd. Images come from `docker import` since nothing can be pulled.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PrivateDockerd {
  socket: string;
  host: string /* unix://… */;
  /** The docker CLI against this daemon; resolves stdout (trimmed), rejects with stderr. */
  run(args: string[]): Promise<string>;
  stop(): Promise<void>;
}

function onPath(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).concat(['/usr/sbin', '/sbin'])) {
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // next
    }
  }
  return undefined;
}

// Debian's CLI matches Debian's engine; a newer CLI elsewhere on PATH also works, it negotiates down.
function dockerCli(): string | undefined {
  return fs.existsSync('/usr/bin/docker') ? '/usr/bin/docker' : onPath('docker');
}

// Containers get only the busybox binary, so it must not need a dynamic loader.
function staticBusybox(): string | undefined {
  for (const p of ['/bin/busybox', '/usr/bin/busybox']) {
    try {
      const head = fs.readFileSync(p).subarray(0, 4096);
      if (head.includes('ld-linux') || head.includes('ld-musl')) continue;
      return p;
    } catch {
      // next
    }
  }
  return undefined;
}

/** undefined when a private dockerd can run here; otherwise why not (for test skips). */
export function dockerAvailable(): string | undefined {
  if (process.platform !== 'linux') return 'a private dockerd needs Linux';
  if (process.getuid?.() !== 0) return 'a private dockerd needs root';
  if (!onPath('dockerd')) return 'dockerd not installed (apt-get install docker.io, or run .ci/docker.sh)';
  if (!onPath('containerd')) return 'containerd not installed (apt-get install docker.io)';
  if (!dockerCli()) return 'docker CLI not installed (apt-get install docker.io)';
  if (!staticBusybox()) return 'no static busybox for the test image (apt-get install busybox-static)';
  return undefined;
}

async function pingOk(socket: string): Promise<boolean> {
  const http = await import('node:http');
  return new Promise((resolve) => {
    const req = http.request({ socketPath: socket, path: '/_ping', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startDockerd(): Promise<PrivateDockerd> {
  const why = dockerAvailable();
  if (why) throw new Error(why);
  // Short path: unix socket paths are limited to 108 bytes.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kdeck-dockerd-'));
  const socket = path.join(dir, 'docker.sock');
  const logFile = path.join(dir, 'dockerd.log');
  const log = fs.openSync(logFile, 'a');
  const child = spawn(
    'dockerd',
    [
      '--storage-driver=vfs',
      '--iptables=false',
      '--ip6tables=false',
      '--bridge=none',
      // sh as PID 1 ignores SIGTERM; without this, shutdown waits 10 s per container.
      '--shutdown-timeout=1',
      `--host=unix://${socket}`,
      `--data-root=${path.join(dir, 'data')}`,
      `--exec-root=${path.join(dir, 'exec')}`,
      `--pidfile=${path.join(dir, 'dockerd.pid')}`,
    ],
    { stdio: ['ignore', log, log] },
  );
  fs.closeSync(log);
  // A test run that dies without its after() hook must not leave a daemon behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  // The CLI must see this daemon only, whatever the developer's own docker setup says.
  const cliEnv: NodeJS.ProcessEnv = { ...process.env, DOCKER_CONFIG: path.join(dir, 'cli-config'), DOCKER_HOST: `unix://${socket}` };
  for (const k of ['DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_TLS']) delete cliEnv[k];

  const cli = dockerCli()!;
  async function cliRun(args: string[]): Promise<string> {
    try {
      const { stdout } = await run(cli, args, { env: cliEnv, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
      return stdout.trim();
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new Error(`docker ${args.join(' ')}: ${(e.stderr || e.message).trim()}`);
    }
  }

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      // Shutting down with containers still running costs ~10 s even with --shutdown-timeout=1;
      // killing them first makes it ~1 s.
      try {
        const ids = (await cliRun(['ps', '-aq'])).split('\n').filter(Boolean);
        if (ids.length) await cliRun(['rm', '-f', ...ids]);
      } catch {
        // the daemon may already be unhealthy; SIGTERM below still applies
      }
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited(child);
      clearTimeout(killer);
    }
    process.removeListener('exit', killOnExit);
    // vfs copies every layer in full: the data root can be large.
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };

  const deadline = Date.now() + 30_000;
  while (!(await pingOk(socket))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
      await stop();
      throw new Error(`dockerd did not come up:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    socket,
    host: `unix://${socket}`,
    run: cliRun,
    stop,
  };
}

/** Imports a ~2 MB busybox rootfs as `ref`; returns the image id (sha256:…). */
export async function importTestImage(d: PrivateDockerd, ref: string): Promise<string> {
  const busybox = staticBusybox();
  if (!busybox) throw new Error('no static busybox');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kdeck-rootfs-'));
  try {
    const root = path.join(dir, 'root');
    fs.mkdirSync(path.join(root, 'bin'), { recursive: true });
    fs.mkdirSync(path.join(root, 'tmp'));
    fs.copyFileSync(busybox, path.join(root, 'bin', 'busybox'));
    fs.chmodSync(path.join(root, 'bin', 'busybox'), 0o755);
    for (const app of ['sh', 'echo', 'sleep', 'cat', 'ls', 'printf', 'true']) fs.symlinkSync('busybox', path.join(root, 'bin', app));
    const tar = path.join(dir, 'rootfs.tar');
    await run('tar', ['-C', root, '-cf', tar, '.']);
    const id = await d.run(['import', '--change', 'CMD ["/bin/sh"]', '--change', 'ENV PATH=/bin', tar, ref]);
    return id.trim();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
