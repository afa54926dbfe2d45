// Starting, finding and stopping the control-plane processes. Each one is
// detached (it must outlive `npm run cluster:up`), logs to its own file, and
// leaves a pid file plus its exact command line, so that tests can stop and
// restart one component (the apiserver) as an operator would.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { COMPONENTS, paths, type Component } from './config.js';

interface Launch {
  command: string;
  args: string[];
}

const pidFile = (c: Component) => path.join(paths.run, `${c}.pid`);
const launchFile = (c: Component) => path.join(paths.run, `${c}.json`);
export const logFile = (c: Component) => path.join(paths.logs, `${c}.log`);

function readPid(c: Component): number | undefined {
  try {
    const pid = Number(fs.readFileSync(pidFile(c), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Alive and still the program we started (a recycled pid must not count, nor be killed). */
function isOurs(pid: number, command: string): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const argv0 = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (/\) Z /.test(stat)) return false;
    return argv0 === command;
  } catch {
    return false;
  }
}

export function runningPid(c: Component): number | undefined {
  const pid = readPid(c);
  if (pid === undefined) return undefined;
  let launch: Launch;
  try {
    launch = JSON.parse(fs.readFileSync(launchFile(c), 'utf8')) as Launch;
  } catch {
    return undefined;
  }
  return isOurs(pid, launch.command) ? pid : undefined;
}

export function runningComponents(): { component: Component; pid: number }[] {
  const out: { component: Component; pid: number }[] = [];
  for (const c of COMPONENTS) {
    const pid = runningPid(c);
    if (pid !== undefined) out.push({ component: c, pid });
  }
  return out;
}

export function startComponent(c: Component, command: string, args: string[]): number {
  fs.mkdirSync(paths.run, { recursive: true });
  fs.mkdirSync(paths.logs, { recursive: true });
  const out = fs.openSync(logFile(c), 'a');
  const child = spawn(command, args, { detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  if (child.pid === undefined) throw new Error(`could not start ${c} (${command})`);
  child.unref();
  fs.writeFileSync(pidFile(c), `${child.pid}\n`);
  fs.writeFileSync(launchFile(c), JSON.stringify({ command, args } satisfies Launch));
  return child.pid;
}

/** Starts a component again with the command line it was last started with. */
export function restartComponent(c: Component): number {
  const launch = JSON.parse(fs.readFileSync(launchFile(c), 'utf8')) as Launch;
  return startComponent(c, launch.command, launch.args);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function stopComponent(c: Component, graceMs = 10_000): Promise<void> {
  const pid = runningPid(c);
  if (pid !== undefined) {
    const launch = JSON.parse(fs.readFileSync(launchFile(c), 'utf8')) as Launch;
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
    const deadline = Date.now() + graceMs;
    while (isOurs(pid, launch.command) && Date.now() < deadline) await sleep(100);
    if (isOurs(pid, launch.command)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone between the check and the kill
      }
      while (isOurs(pid, launch.command)) await sleep(50);
    }
    // The process was orphaned when cluster:up exited, so whoever adopted it
    // (init, or a container's pid 1) reaps it; until then it is a zombie that
    // `pgrep kube-apiserver` still lists. Give the reaper a moment.
    const reapDeadline = Date.now() + 5000;
    while (fs.existsSync(`/proc/${pid}`) && Date.now() < reapDeadline) await sleep(50);
  }
  fs.rmSync(pidFile(c), { force: true });
}

/** Polls check() until it resolves true; on timeout says which component and where its log is. */
export async function waitUntil(c: Component, what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (runningPid(c) === undefined) {
      throw new Error(`${c} exited while waiting for ${what}; last lines of ${logFile(c)}:\n${tailLog(c)}`);
    }
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${c}: ${what} not reached within ${timeoutMs / 1000}s; see ${logFile(c)}:\n${tailLog(c)}`);
    await sleep(200);
  }
}

export function tailLog(c: Component, lines = 15): string {
  try {
    return fs.readFileSync(logFile(c), 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
