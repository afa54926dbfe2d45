// Shared by the e2e tests: where the local control plane is, and the kubectl
// built with it. Start it with `npm run cluster:up`, or run `npm run test:e2e`.
import { execFile } from 'node:child_process';
import { clusterRunning } from '../../scripts/cluster/cluster.js';
import { bin, paths } from '../../scripts/cluster/config.js';

export const KUBECONFIG = process.env.KDECK_E2E_KUBECONFIG ?? paths.kubeconfig;
export const KUBECTL = bin('kubectl');

export function requireCluster(): void {
  if (!clusterRunning()) {
    throw new Error(`no kdeck e2e cluster is running; start one with npm run cluster:up (or run npm run test:e2e, which does)`);
  }
}

export function kubectl(args: string[], opts: { context?: string; input?: string; timeoutMs?: number } = {}): Promise<string> {
  const ctx = opts.context ? ['--context', opts.context] : [];
  return new Promise((resolve, reject) => {
    const child = execFile(KUBECTL, ['--kubeconfig', KUBECONFIG, ...ctx, ...args], { timeout: opts.timeoutMs ?? 60_000, maxBuffer: 32 << 20 }, (err, stdout, stderr) => {
      if (err) reject(Object.assign(new Error(`kubectl ${args.join(' ')}: ${stderr.trim() || err.message}`), { stderr }));
      else resolve(stdout);
    });
    if (opts.input !== undefined) child.stdin!.end(opts.input);
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function eventually<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 30_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000}s${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await sleep(everyMs);
  }
}
