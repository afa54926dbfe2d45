// kdeck as a Program for the PTY benchmark: the built dist/ started through
// bin/kdeck.js with the node running the bench (node 24 under npm scripts).
import { fileURLToPath } from 'node:url';
import type { Program } from './program.js';

const bin = fileURLToPath(new URL('../bin/kdeck.js', import.meta.url));

function breadcrumb(screen: string): string {
  return screen.split('\n').find((l) => l.includes('pods(')) ?? '';
}

export function kdeckProgram(kubeconfig: string, context?: string): Program {
  return {
    name: 'kdeck',
    command: process.execPath,
    // KDECK_BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/p" profiles the measured process (node refuses those flags in NODE_OPTIONS).
    args: [...(process.env.KDECK_BENCH_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? []), bin, '--kubeconfig', kubeconfig, ...(context ? ['--context', context] : []), '-A'],
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
