// Where the build reads and writes, shared by the build steps, the packaging
// test and the startup benchmark.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DIST = join(ROOT, 'dist');

/** The single-file bundle: what bin/kdeck.js runs, and what the executable carries. */
export const BUNDLE = join(DIST, 'kdeck.mjs');

/** The standalone executable for this machine's platform, e.g. dist/kdeck-linux-x64. */
export const EXECUTABLE = join(DIST, `kdeck-${process.platform}-${process.arch}`);

/** tsc's output: src/main.ts module by module, the unbundled build. */
export const UNBUNDLED_MAIN = join(DIST, 'main.js');

/**
 * The Node pinned as the devDependency `node`: it runs the build and is the
 * executable's base, never whatever `node` the machine has (Debian's is 20).
 */
export const PINNED_NODE = join(ROOT, 'node_modules', 'node', 'bin', 'node');

export function pinnedNodeVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'node', 'package.json'), 'utf8')) as { version: string }).version;
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
