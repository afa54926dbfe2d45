// `kdeck demo-server`: runs the demo cluster on its own so kubectl (or another
// kdeck) can be pointed at it.

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoCluster } from './index.js';

const USAGE = 'usage: kdeck demo-server [--port N] [--pods N] [--kubeconfig-out FILE]';

interface Flags {
  port: number;
  pods: number;
  out?: string;
}

function parseFlags(argv: string[]): Flags | string {
  const flags: Flags = { port: 0, pods: 0 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const takeValue = (): string | undefined => (eq > 0 ? arg.slice(eq + 1) : argv[++i]);
    if (name === '--port' || name === '--pods') {
      const v = takeValue();
      const n = Number(v);
      if (v === undefined || v === '' || !Number.isInteger(n) || n < 0 || (name === '--port' && n > 65535)) return `${name} needs a whole number, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`;
      if (name === '--port') flags.port = n;
      else flags.pods = n;
    } else if (name === '--kubeconfig-out') {
      const v = takeValue();
      if (!v) return '--kubeconfig-out needs a file path';
      flags.out = v;
    } else if (name === '-h' || name === '--help') {
      return 'help';
    } else {
      return `unknown flag ${JSON.stringify(arg)}`;
    }
  }
  return flags;
}

export async function runDemoServer(argv: string[]): Promise<number> {
  const flags = parseFlags(argv);
  if (flags === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (typeof flags === 'string') {
    process.stderr.write(`kdeck demo-server: ${flags} (${USAGE})\n`);
    return 2;
  }
  let cluster;
  try {
    cluster = await startDemoCluster({ port: flags.port, extraPods: flags.pods });
  } catch (e) {
    process.stderr.write(`kdeck demo-server: cannot listen on 127.0.0.1:${flags.port}: ${(e as Error).message}\n`);
    return 1;
  }
  const file = flags.out ?? join(await mkdtemp(join(tmpdir(), 'kdeck-demo-')), 'kubeconfig');
  await cluster.writeKubeconfig(file);
  process.stdout.write(`demo cluster listening on ${cluster.url}, kubeconfig: ${file}\n`);
  await new Promise<void>((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
  await cluster.close();
  return 0;
}
