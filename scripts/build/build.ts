// npm run build: every artifact, with no type-check (npm run typecheck does that).
//   dist/*.js               tsc's output: the unbundled build (the startup benchmark's baseline, and bin/'s fallback)
//   dist/kdeck.mjs          the single-file bundle bin/kdeck.js runs; needs Node 22 or newer and nothing else
//   dist/kdeck-linux-x64    the standalone executable: needs no Node at all
//
//   tsx scripts/build/build.ts [--no-executable]
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bundle } from './bundle.js';
import { ROOT } from './paths.js';
import { buildSea } from './sea.js';

const { values: flags } = parseArgs({ options: { 'no-executable': { type: 'boolean', default: false } } });

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

async function step(what: string, fn: () => Promise<string | void> | string | void): Promise<void> {
  const started = performance.now();
  const note = await fn();
  console.log(`build: ${what}${note ? ` ${note}` : ''} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

try {
  await step('dist/ (tsc)', () => {
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    // Type errors are npm run typecheck's to report; the build only emits.
    const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--noCheck'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('tsc failed; see above');
  });
  await step('dist/kdeck.mjs', async () => mb((await bundle()).bytes));
  if (flags['no-executable']) console.log('build: standalone executable skipped (--no-executable)');
  else if (process.platform !== 'linux') console.log(`build: standalone executable skipped: built on Linux only (this is ${process.platform})`);
  else await step(`dist/kdeck-${process.platform}-${process.arch}`, async () => mb((await buildSea()).bytes));
} catch (e) {
  console.error(`build: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
