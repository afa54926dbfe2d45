#!/usr/bin/env -S MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 MALLOC_TRIM_THRESHOLD_=131072 node --max-semi-space-size=4
// Memory, set here because neither can be changed once node runs:
// --max-semi-space-size: V8 grows its young generation to ~130 MB while a big
// cluster's pods are listed and never gives it back; capped at 4 MB semi-spaces,
// a 10,000-pod console settles ~90 MB smaller and starts a little faster, for
// more (short) collections: 2 MB cost measurable CPU under churn; 8 MB saves
// about a point of CPU under churn for ~12 MB more at 10,000 pods. The
// executable sets the same in its SEA config (the glibc settings below are
// environment variables glibc reads at exec, which an executable cannot set).
// MALLOC_ARENA_MAX=2: glibc gives each thread that allocates (V8's GC helpers,
// libuv's pool) its own malloc arena; two are plenty for kdeck, ~12 MB less.
// MALLOC_MMAP_THRESHOLD_/MALLOC_TRIM_THRESHOLD_ (128 KiB, glibc's defaults,
// fixed): otherwise glibc raises the first to the size of the biggest block
// freed (a page of listed pods), keeps later big buffers in its heap and holds
// on to that memory once they are freed; fixed, a 10,000-pod console is ~10 MB smaller.
// Starts kdeck: the single-file bundle dist/kdeck.mjs when present (an npm
// install, or a checkout after npm run build; it starts fastest), else tsc's
// dist/, else the TypeScript sources through tsx (a development checkout).
// KDECK_FROM_SOURCE=1 always runs the sources.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

// package.json's engines; the bundled HTTP client (undici) needs 22.19.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  process.stderr.write(`kdeck: needs Node.js 22.19 or newer (this is ${process.version}); run it through npm (npm start), install a newer Node, or use the standalone executable\n`);
  process.exit(1);
}

// React and Ink run their development builds unless told otherwise; those
// record every render for devtools and cost more CPU than kdeck's own work.
process.env.NODE_ENV ??= 'production';

const fromSource = Boolean(process.env.KDECK_FROM_SOURCE);
const bundle = fileURLToPath(new URL('../dist/kdeck.mjs', import.meta.url));
const dist = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (existsSync(bundle) && !fromSource) {
  // The bundle runs kdeck as it loads.
  await import(pathToFileURL(bundle).href);
} else if (existsSync(dist) && !fromSource) {
  const { run } = await import(pathToFileURL(dist).href);
  await run();
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { run } = await import(new URL('../src/cli.ts', import.meta.url).href);
  await run();
}
