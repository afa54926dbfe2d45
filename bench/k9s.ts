// k9s as the yardstick for `npm run bench -- --vs-k9s`: builds a pinned k9s
// once from the Go module proxy into a cache outside the repo, and describes
// how to start it so it lands straight on all pods in all namespaces, and how
// to recognise the frames the measures wait for.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Program } from './program.js';

// The newest tag on proxy.golang.org at the time of writing; its go.mod asks
// for go 1.24.4, so the machine's toolchain builds it without a download.
export const K9S_VERSION = 'v0.50.16';
const MODULE = 'github.com/derailed/k9s';

function binDir(): string {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'kdeck', 'k9s', K9S_VERSION, 'bin');
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function ensureK9s(log: (line: string) => void = (l) => process.stderr.write(l + '\n')): Promise<string> {
  const dir = binDir();
  const binary = join(dir, 'k9s');
  if (isExecutable(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  log(`k9s ${K9S_VERSION}: building with \`go install ${MODULE}@${K9S_VERSION}\` into ${dir} (several minutes the first time)`);
  const started = performance.now();
  const { code, lastLines, spawnError } = await new Promise<{ code: number | null; lastLines: string[]; spawnError?: Error }>((resolve) => {
    const lastLines: string[] = [];
    // GOFLAGS is cleared so a user's -mod=vendor or similar cannot break a module-mode install.
    const child = spawn('go', ['install', `${MODULE}@${K9S_VERSION}`], {
      env: { ...process.env, GOBIN: dir, GOFLAGS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let pending = '';
    const onChunk = (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        lastLines.push(line);
        if (lastLines.length > 20) lastLines.shift();
        log(`  ${line}`);
      }
    };
    child.stdout.on('data', onChunk);
    child.stderr.on('data', onChunk);
    // Compiling prints nothing for minutes; say it is still alive.
    const ticker = setInterval(() => log(`  … still building k9s (${Math.round((performance.now() - started) / 1000)} s)`), 30_000);
    child.on('error', (e) => {
      clearInterval(ticker);
      resolve({ code: null, lastLines, spawnError: e });
    });
    child.on('close', (c) => {
      clearInterval(ticker);
      if (pending.trim()) lastLines.push(pending);
      resolve({ code: c, lastLines });
    });
  });
  if (spawnError) {
    const why = (spawnError as NodeJS.ErrnoException).code === 'ENOENT' ? '`go` is not on PATH (Go 1.24.4 or newer is needed)' : spawnError.message;
    throw new Error(`cannot build k9s ${K9S_VERSION}: ${why}`);
  }
  if (code !== 0) {
    // Go's own last error line is the most specific reason (proxy unreachable, toolchain too old, compile error).
    const reason = [...lastLines].reverse().find((l) => !l.startsWith('go: downloading')) ?? `exit code ${code}`;
    throw new Error(`cannot build k9s ${K9S_VERSION}: go install failed: ${reason.trim()}`);
  }
  if (!isExecutable(binary)) throw new Error(`cannot build k9s ${K9S_VERSION}: go install succeeded but ${binary} is missing`);
  log(`k9s ${K9S_VERSION}: built in ${Math.round((performance.now() - started) / 1000)} s → ${binary}`);
  return binary;
}

// Settings that keep a run quiet and comparable: no GitHub release check (no
// network here, and it would race the first frame), no splash, no mouse
// capture, read-only so no key can mutate the cluster, and k9s's default 2 s
// refresh written out so a user config never changes it.
const CONFIG_YAML = `k9s:
  refreshRate: 2
  readOnly: true
  skipLatestRevCheck: true
  noExitOnCtrlC: false
  ui:
    enableMouse: false
    splashless: true
    reactive: false
`;

/** The pod count in k9s's table title, e.g. " pods(all)[1,030] " (thousands separated by commas). */
function titleCount(screen: string): number | undefined {
  const m = /pods\(all\)\[([\d,]+)\]/i.exec(screen);
  return m ? Number(m[1]!.replace(/,/g, '')) : undefined;
}

/**
 * k9s echoes the query into the title ("pods(all)[1,030] </load-1>") the
 * moment a key lands, but in our runs the rows (and the count) changed only
 * about 1-2 s later (k9s's own timing, seen in tmux too); the title alone would report a
 * frame the user cannot use yet. So the filtered table counts as drawn once
 * the title carries the query and either its count differs from the full
 * table's, or every visible row matches (k9s filters with a case-insensitive
 * regex over the row's columns, some of them off screen, hence the count).
 */
function filteredTable(screen: string, query: string, fullCount: number | undefined): boolean {
  const lines = screen.split('\n');
  const top = lines.findIndex((l) => /pods\(all\)\[[\d,]+\]/i.test(l));
  if (top < 0 || !lines[top]!.includes(`</${query}>`)) return false;
  const count = titleCount(lines[top]!);
  if (fullCount !== undefined && count !== fullCount) return true;
  let rx: RegExp;
  try {
    rx = new RegExp(query, 'i');
  } catch {
    return false;
  }
  // Rows sit between the title border and the bottom border; the first is the column header.
  const rows: string[] = [];
  for (let i = top + 2; i < lines.length && lines[i]!.startsWith('│'); i++) {
    const row = lines[i]!.slice(1, -1).trim();
    if (row) rows.push(row);
  }
  return rows.length > 0 && rows.every((r) => rx.test(r));
}

export function k9sProgram(binary: string, kubeconfig: string, opts: { context?: string; configHome: string }): Program {
  const home = opts.configHome;
  // K9S_CONFIG_DIR moves config, skins, clusters, screen dumps and benchmarks;
  // the rest (logs, kube discovery cache, anything xdg) is pointed here too so
  // nothing lands in the user's home.
  const env: Record<string, string> = {
    K9S_CONFIG_DIR: join(home, 'config'),
    K9S_LOGS_DIR: join(home, 'logs'),
    KUBECACHEDIR: join(home, 'kube-cache'),
    XDG_CONFIG_HOME: join(home, 'xdg-config'),
    XDG_DATA_HOME: join(home, 'xdg-data'),
    XDG_STATE_HOME: join(home, 'xdg-state'),
    XDG_CACHE_HOME: join(home, 'xdg-cache'),
    KUBECONFIG: kubeconfig,
  };
  for (const d of Object.values(env)) if (d !== kubeconfig) mkdirSync(d, { recursive: true });
  writeFileSync(join(env.K9S_CONFIG_DIR!, 'config.yaml'), CONFIG_YAML);

  const args = [
    '--kubeconfig', kubeconfig,
    ...(opts.context ? ['--context', opts.context] : []),
    '--all-namespaces',
    '--command', 'pods',
    '--splashless',
    '--readonly',
    '--refresh', '2',
    '--logLevel', 'error',
  ];

  let fullCount: number | undefined;
  return {
    name: 'k9s',
    command: binary,
    args,
    env,
    // k9s lists everything before drawing rows, so the title count jumps
    // straight to the total; ">=" keeps this true when the caller counts only
    // the extra pods and the cluster holds a few more. The count seen is kept
    // to tell a filtered table from a merely re-titled one.
    fullTable: (screen, n) => {
      const count = titleCount(screen);
      if (count === undefined || count < n) return false;
      fullCount = count;
      return true;
    },
    // "/" opens the filter prompt and every typed key re-filters the table
    // live, so no Enter is needed (Enter would only close the prompt).
    filterKeys: (query) => ['/', ...query],
    filtered: (screen, query) => filteredTable(screen, query, fullCount),
    // ctrl-c quits at once, even with the filter prompt open (noExitOnCtrlC is
    // off). Escape first would be risky: tcell reads ESC followed by a byte as alt+key.
    quitKeys: ['\x03'],
  };
}
