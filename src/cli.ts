// Entry point: flags, kubeconfig, theme, which sources to start, then the UI.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCli, USAGE, UsageError, type CliOptions } from './cli/args.js';
import { packageVersion } from './cli/package-info.js';
import { markFullscreen, restoreTerminal } from './cli/terminal.js';
import { loadTheme, ThemeError } from './cli/theme.js';
import { loadConfig } from './cli/config.js';
import { KubeconfigError, resolveKubeconfig, type ResolvedKubeconfig } from './sources/kube/kubeconfig.js';
import { probeCluster } from './sources/kube/probe.js';
import { createKdeckStore, type KdeckStore } from './store/store.js';
import { createSession, summarize } from './commands/session.js';
import { startClock } from './commands/clock.js';
import { flash } from './commands/navigation.js';
import { mountApp } from './ui/mount.js';

/**
 * A change after a quiet spell shows within 100 ms; while the cluster keeps
 * changing, the tables take its changes once a second, on the clock's tick
 * with the ages, so churn costs one frame a second (k9s redraws every 2 s).
 * Keys redraw at once either way. Each batch re-derives and redraws the table:
 * at 30 batches a second that cost more CPU than everything else together, and
 * at 2 a second kdeck still used more CPU than k9s at 1k pods. The busy spacing
 * is a little over a second so the tick, not the coalescer's own timer, flushes.
 */
const WATCH_FRAME_MS = 100;
const WATCH_BUSY_FRAME_MS = 1200;

interface Cleanup {
  (): Promise<void> | void;
}

function fail(message: string, code = 1): number {
  process.stderr.write(`kdeck: ${message}\n`);
  return code;
}

async function startDemo(cleanups: Cleanup[]): Promise<{ kubeconfig: string; dockerHost?: string }> {
  const { startDemoCluster } = await import('./sources/demo/index.js');
  const cluster = await startDemoCluster({ port: 0, docker: true });
  cleanups.push(() => cluster.close());
  const dir = mkdtempSync(join(tmpdir(), 'kdeck-demo-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'kubeconfig');
  writeFileSync(file, cluster.kubeconfigYaml(), { mode: 0o600 });
  return { kubeconfig: file, dockerHost: cluster.dockerHost };
}

function watchedNamespace(opts: CliOptions, resolved: ResolvedKubeconfig): string | undefined {
  if (opts.allNamespaces) return undefined;
  if (opts.namespace) return opts.namespace;
  // The demo opens across all namespaces so a newcomer sees everything at once.
  if (opts.demo) return undefined;
  return resolved.namespace;
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'demo-server') {
    const { runDemoServer } = await import('./sources/demo/cli.js');
    return runDemoServer(argv.slice(1));
  }
  if (argv[0] === 'diff') {
    const { runDiffCommand } = await import('./cli/diff-command.js');
    return runDiffCommand(argv.slice(1));
  }
  let opts: CliOptions;
  try {
    opts = parseCli(argv);
  } catch (e) {
    if (e instanceof UsageError) return fail(e.message, 2);
    throw e;
  }
  if (opts.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (opts.version) {
    process.stdout.write(`kdeck ${packageVersion()}\n`);
    return 0;
  }

  let theme;
  try {
    theme = loadTheme(opts.theme, { env: process.env });
  } catch (e) {
    if (e instanceof ThemeError) return fail(e.message, 2);
    throw e;
  }
  if (theme.warning) process.stderr.write(`kdeck: ${theme.warning}\n`);

  const cleanups: Cleanup[] = [];
  const runCleanups = async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  };
  try {
    const demo = opts.demo ? await startDemo(cleanups) : undefined;
    const kubeconfig = demo ? demo.kubeconfig : opts.kubeconfig;
    // The demo's Docker host stands in for the local one, unless one is named explicitly.
    if (demo?.dockerHost && !opts.dockerHost) opts = { ...opts, dockerHost: demo.dockerHost };
    let resolved: ResolvedKubeconfig;
    try {
      resolved = resolveKubeconfig({ kubeconfig, context: opts.context, namespace: opts.namespace, env: process.env });
      await probeCluster(resolved, 4000);
    } catch (e) {
      if (e instanceof KubeconfigError) return fail(e.message);
      throw e;
    }
    if (!process.stdout.isTTY || !process.stdin.isTTY) return fail('kdeck is interactive and needs a terminal on stdin and stdout', 2);
    return await runConsole(opts, resolved, theme.theme, theme.warning, cleanups);
  } finally {
    await runCleanups();
  }
}

async function runConsole(
  opts: CliOptions,
  resolved: ResolvedKubeconfig,
  theme: Parameters<typeof mountApp>[0]['theme'],
  themeWarning: string | undefined,
  cleanups: Cleanup[],
): Promise<number> {
  const namespace = watchedNamespace(opts, resolved);
  const { context, contexts } = summarize(resolved);
  const config = loadConfig(process.env);
  const readonly = opts.readonly || config.readOnly;
  const logLimit = opts.logLines ?? config.logLines ?? 10_000;
  const store = createKdeckStore({ context, contexts, namespace, readonly, initialView: opts.triage ? 'triage' : 'pods', now: Date.now(), logLimit });
  let instance: ReturnType<typeof mountApp> | undefined;
  const session = createSession({ store, resolved, namespace, frameMs: WATCH_FRAME_MS, busyFrameMs: WATCH_BUSY_FRAME_MS, onQuit: () => instance?.unmount(), docker: { flag: opts.dockerHost, env: process.env } });
  session.start();
  cleanups.push(() => session.close());
  cleanups.push(startClock(store, Date.now, () => session.tick()));
  if (themeWarning) flash(store, themeWarning, 'error');

  let exitCode = 0;
  const onSignal = (signal: NodeJS.Signals, code: number) => () => {
    exitCode = code;
    session.quit();
  };
  const handlers: [NodeJS.Signals, () => void][] = [
    ['SIGTERM', onSignal('SIGTERM', 143)],
    ['SIGHUP', onSignal('SIGHUP', 129)],
    ['SIGINT', onSignal('SIGINT', 130)],
  ];
  for (const [sig, h] of handlers) process.on(sig, h);
  cleanups.push(() => {
    for (const [sig, h] of handlers) process.off(sig, h);
  });

  markFullscreen(true);
  instance = mountApp({ session, theme });
  const ui = instance;
  markFullscreen(true, () => ui.unmount());
  if (process.env.KDECK_TEST_CRASH) crashOnceDrawn(store);
  await instance.waitUntilExit();
  markFullscreen(false);
  return exitCode;
}

/**
 * Test hook: KDECK_TEST_CRASH=1 throws an uncaught exception once the pods are
 * on screen. Nothing in kdeck throws on purpose, so this is the only way to
 * prove (test/integration/hardening-signals.test.ts) that a crash restores the terminal.
 */
function crashOnceDrawn(store: KdeckStore): void {
  const off = store.subscribe((s) => {
    if (!s.synced.pods) return;
    off();
    // Outside any promise chain, so it is a real uncaughtException; the delay lets the frame reach the terminal.
    setTimeout(() => {
      throw new Error('KDECK_TEST_CRASH: crashing on purpose');
    }, 300);
  });
}

// Crashes must not leave the terminal in raw mode on the alternate screen.
// Exit 1, as node itself would for an uncaught exception.
function crash(e: unknown): never {
  restoreTerminal();
  process.stderr.write(`kdeck: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  if (process.env.KDECK_DEBUG) process.stderr.write(`${e instanceof Error ? e.stack : ''}\n`);
  process.exit(1);
}

export async function run(): Promise<void> {
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  try {
    process.exit(await main(process.argv.slice(2)));
  } catch (e) {
    crash(e);
  }
}
