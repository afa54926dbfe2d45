// `kdeck demo-server` as a separate process, so a console under test and the
// checks made on the cluster's state go through different clients.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppsV1Api, KubeConfig } from '@kubernetes/client-node';
import { BIN } from './kdeck-bin.js';

export interface DemoServerProcess {
  kubeconfig: string;
  apps: AppsV1Api;
  stop(): Promise<void>;
}

export async function startDemoServerProcess(): Promise<DemoServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'kdeck-demo-srv-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const child: ChildProcess = spawn(process.execPath, [BIN, 'demo-server', '--port', '0', '--kubeconfig-out', kubeconfig], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo-server did not start: ${out}`)), 20000);
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`demo-server exited ${code}: ${out}`)));
  });
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  return {
    kubeconfig,
    apps: kc.makeApiClient(AppsV1Api),
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
