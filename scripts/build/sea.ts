// The standalone executable, dist/kdeck-<platform>-<arch>: the pinned Node
// with kdeck injected as a single-executable application (SEA), so a host
// with no Node at all can run it. Node 24's flow: --experimental-sea-config
// writes a preparation blob, postject injects it into a copy of node.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BUNDLE, DIST, EXECUTABLE, packageVersion, PINNED_NODE, pinnedNodeVersion, ROOT } from './paths.js';

/** Node's SEA fuse; the blob is only looked for in a binary whose fuse has been flipped. */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
/** The asset key src/sea-main.ts reads the bundle from. */
const BUNDLE_ASSET = 'kdeck.mjs';

export interface SeaResult {
  path: string;
  bytes: number;
}

function run(command: string, args: string[], what: string): string {
  const r = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`${what} failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`}):\n${r.stdout ?? ''}${r.stderr ?? ''}`.trimEnd());
  }
  return r.stdout;
}

/** The pinned node, checked: the executable must be built on it and not on the machine's own. */
function baseNode(): Buffer {
  const want = `v${pinnedNodeVersion()}`;
  const got = run(PINNED_NODE, ['--version'], `${PINNED_NODE} --version`).trim();
  if (got !== want) throw new Error(`${PINNED_NODE} is ${got}, but package.json pins node ${want}; run npm ci`);
  const binary = readFileSync(PINNED_NODE);
  if (!binary.includes(`${SEA_FUSE}:0`)) throw new Error(`${PINNED_NODE} has no unused SEA fuse; it cannot become a single executable`);
  return binary;
}

export async function buildSea(): Promise<SeaResult> {
  if (process.platform !== 'linux') throw new Error(`the standalone executable is built on Linux only (this is ${process.platform})`);
  statSync(BUNDLE); // the bundle step must have run
  const work = join(DIST, 'sea');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });

  // SEA mains are CommonJS in Node 24.
  const main = join(work, 'main.cjs');
  await build({ entryPoints: [join(ROOT, 'src', 'sea-main.ts')], outfile: main, bundle: true, platform: 'node', format: 'cjs', target: 'node24', logLevel: 'warning' });

  const blob = join(work, 'kdeck.blob');
  const config = join(work, 'sea-config.json');
  writeFileSync(
    config,
    JSON.stringify(
      {
        main,
        output: blob,
        // The warning would print on every start, over the user's terminal.
        disableExperimentalSEAWarning: true,
        // The same young-generation cap bin/kdeck.js's #! line gives node (see there why).
        execArgv: ['--max-semi-space-size=4'],
        assets: { [BUNDLE_ASSET]: BUNDLE },
      },
      null,
      2,
    ),
  );
  const base = baseNode();
  run(PINNED_NODE, ['--experimental-sea-config', config], 'writing the SEA blob');

  // Built beside the target and renamed, so a failed build never leaves a half-injected executable.
  const tmp = `${EXECUTABLE}.partial`;
  writeFileSync(tmp, base);
  chmodSync(tmp, 0o755);
  const postject = join(ROOT, 'node_modules', 'postject', 'dist', 'cli.js');
  run(PINNED_NODE, [postject, tmp, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE], 'injecting the SEA blob (postject)');
  renameSync(tmp, EXECUTABLE);

  const version = run(EXECUTABLE, ['--version'], `${EXECUTABLE} --version`).trim();
  if (version !== `kdeck ${packageVersion()}`) throw new Error(`${EXECUTABLE} --version printed ${JSON.stringify(version)}`);
  return { path: EXECUTABLE, bytes: statSync(EXECUTABLE).size };
}
