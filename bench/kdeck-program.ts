// kdeck as a Program for the PTY benchmark: the built dist/ started through
// bin/kdeck.js with the node running the bench (node 24 under npm scripts).
import { fileURLToPath } from 'node:url';
import type { Program } from './program.js';

const bin = fileURLToPath(new URL('../bin/kdeck.js', import.meta.url));

function breadcrumb(screen: string): string {
  return screen.split('\n').find((l) => l.includes('pods(')) ?? '';
}

const nodeArgs = process.env.KDECK_BENCH_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];

export function kdeckProgram(kubeconfig: string, context?: string): Program {
  return {
    name: 'kdeck',
    // As an installed kdeck runs: bin/kdeck.js through its #! line (node flags included), with the node first on
    // PATH (node 24 under npm scripts). KDECK_BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/p" runs it through
    // this node with those flags instead, to profile the measured process (node refuses them in NODE_OPTIONS).
    command: nodeArgs.length ? process.execPath : bin,
    args: [...(nodeArgs.length ? [...nodeArgs, bin] : []), '--kubeconfig', kubeconfig, ...(context ? ['--context', context] : []), '-A'],
    // KDECK_FROM_SOURCE would make bin/ load the TypeScript sources through tsx: measure what users run.
    env: { KDECK_FROM_SOURCE: '' },
    fullTable: (screen, n) => breadcrumb(screen).includes(`pods(all) [${n}]`),
    filterKeys: (query) => ['/', ...query],
    // The breadcrumb echoes the query and shows "[shown/total]" once the filtered table is drawn.
    filtered: (screen, query) => {
      const b = breadcrumb(screen);
      return b.includes(`/${query}`) && /\[\d+\/\d+\]/.test(b);
    },
    quitKeys: ['\x1b', 'q'],
  };
}
