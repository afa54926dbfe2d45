// The standalone executable's entry (a Node single-executable application).
// Node 24 starts such an application from one CommonJS script, but kdeck's
// bundle must be an ES module: Ink and yoga-layout use top-level await, which
// CommonJS cannot hold. So the bundle rides in the executable as an asset and
// this script hands it to the ES module loader under a file: URL of its own,
// which keeps import.meta.url, require and __dirname inside the bundle working.
// scripts/build/sea.ts compiles this file to CommonJS; tsc's copy is unused.
import { registerHooks } from 'node:module';
import { dirname, join } from 'node:path';
import { getRawAsset } from 'node:sea';
import { pathToFileURL } from 'node:url';

// The asset key scripts/build/sea.ts stores the bundle under.
const BUNDLE_ASSET = 'kdeck.mjs';

const bundleUrl = pathToFileURL(join(dirname(process.execPath), BUNDLE_ASSET)).href;

registerHooks({
  resolve: (specifier, context, next) => (specifier === bundleUrl ? { url: bundleUrl, format: 'module', shortCircuit: true } : next(specifier, context)),
  // The raw asset is the executable's own mapped memory: decoding it straight
  // to a string skips the copy getAsset() would make of 4–5 MB.
  load: (url, context, next) => (url === bundleUrl ? { format: 'module', source: new TextDecoder().decode(getRawAsset(BUNDLE_ASSET)), shortCircuit: true } : next(url, context)),
});

// The bundle runs kdeck as it loads and handles its own errors; this catches
// only a bundle that cannot load at all (a packaging bug).
import(bundleUrl).catch((e: unknown) => {
  process.stderr.write(`kdeck: cannot start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(70);
});
