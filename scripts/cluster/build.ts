// Builds the control-plane binaries from source through the Go module proxy,
// once per version set; later runs find them in the cache and skip this.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN_DIR, CLUSTER_SRC, K8S_VERSION } from './config.js';

const K8S_BINARIES = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl', 'etcd'];
export const ALL_BINARIES = [...K8S_BINARIES, 'kwok'];

export function binariesPresent(): boolean {
  return ALL_BINARIES.every((b) => fs.existsSync(path.join(BIN_DIR, b)));
}

/** -X flags so `kubectl version` and /version report the release, not v0.0.0-master. */
function versionLdflags(): string {
  const m = /^v(\d+)\.(\d+)\./.exec(K8S_VERSION);
  if (!m) throw new Error(`bad K8S_VERSION ${K8S_VERSION}`);
  const vars: Record<string, string> = {
    gitVersion: K8S_VERSION,
    gitMajor: m[1]!,
    gitMinor: m[2]!,
    gitCommit: '0'.repeat(40),
    gitTreeState: 'clean',
    buildDate: '1970-01-01T00:00:00Z',
  };
  const flags: string[] = ['-s', '-w'];
  for (const pkg of ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']) {
    for (const [k, v] of Object.entries(vars)) flags.push(`-X ${pkg}.${k}=${v}`);
  }
  return flags.join(' ');
}

function fmt(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/**
 * One `go build` for several main packages shares the compilation of what
 * they have in common (most of k8s.io), which matters on two cores.
 * `-v` names each package as it is compiled; counting them is the progress.
 */
function goBuild(label: string, dir: string, pkgs: string[], outDir: string, ldflags: string, started: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = ['build', '-v', '-trimpath', `-ldflags=${ldflags}`, '-o', `${outDir}/`, ...pkgs];
    const env = { ...process.env, CGO_ENABLED: '0', GOFLAGS: `${process.env.GOFLAGS ?? ''} -mod=mod`.trim() };
    const child = spawn('go', args, { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let compiled = 0;
    let tail: string[] = [];
    child.stderr.setEncoding('utf8');
    let buf = '';
    child.stderr.on('data', (d: string) => {
      buf += d;
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const l of lines) {
        if (/^[\w.\-/]+$/.test(l)) compiled++;
        else tail = [...tail, l].slice(-30);
      }
    });
    const tick = setInterval(() => {
      process.stderr.write(`  building ${label}: ${compiled} packages compiled, ${fmt(Date.now() - started)} elapsed\n`);
    }, 30_000);
    child.on('error', (err) => {
      clearInterval(tick);
      reject(new Error(`cannot run go (${err.message}); a Go toolchain is needed to build the control plane`));
    });
    child.on('exit', (code) => {
      clearInterval(tick);
      if (code === 0) {
        process.stderr.write(`  built ${label} (${compiled} packages) at ${fmt(Date.now() - started)}\n`);
        resolve();
      } else reject(new Error(`go build of ${label} failed (exit ${code}):\n${tail.join('\n')}`));
    });
  });
}

export async function ensureBinaries(): Promise<{ built: boolean; ms: number }> {
  const started = Date.now();
  if (binariesPresent()) return { built: false, ms: 0 };
  const partial = `${BIN_DIR}.partial`;
  fs.mkdirSync(partial, { recursive: true });
  process.stderr.write(`building the control plane ${K8S_VERSION} into ${BIN_DIR} (first time only; about 6 minutes on 2 cores, more on a slow network)\n`);
  const k8sPkgs = K8S_BINARIES.map((b) => (b === 'etcd' ? './cmd/etcd' : `k8s.io/kubernetes/cmd/${b}`));
  if (!K8S_BINARIES.every((b) => fs.existsSync(path.join(partial, b)))) {
    await goBuild(K8S_BINARIES.join(', '), CLUSTER_SRC, k8sPkgs, partial, versionLdflags(), started);
  }
  if (!fs.existsSync(path.join(partial, 'kwok'))) {
    await goBuild('kwok', path.join(CLUSTER_SRC, 'kwok'), ['sigs.k8s.io/kwok/cmd/kwok'], partial, '-s -w', started);
  }
  // Renaming the whole folder at the end means an interrupted build never
  // looks like a finished one.
  fs.rmSync(BIN_DIR, { recursive: true, force: true });
  fs.renameSync(partial, BIN_DIR);
  const ms = Date.now() - started;
  process.stderr.write(`control plane built in ${fmt(ms)}\n`);
  return { built: true, ms };
}
