// The single-file bundle, dist/kdeck.mjs: kdeck and every dependency in one
// ES module that needs nothing beside it, neither node_modules nor themes/.
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { BUNDLE, packageVersion, ROOT } from './paths.js';

/** Replaces src/cli/embedded-assets.ts with the themes folder and the version inline. */
function embedAssets(): Plugin {
  return {
    name: 'kdeck-embed-assets',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]cli[\\/]embedded-assets\.ts$/ }, (args) => {
        const themesDir = join(ROOT, 'themes');
        const themes: Record<string, string> = {};
        for (const file of readdirSync(themesDir).sort()) {
          if (file.endsWith('.json')) themes[file] = readFileSync(join(themesDir, file), 'utf8');
        }
        if (!themes['default.json'] || !themes['schema.json']) throw new Error('themes/ lacks default.json or schema.json');
        // The real module's other exports stay as they are; only the data changes.
        const source = readFileSync(args.path, 'utf8').replace(
          /export const embeddedAssets: EmbeddedAssets \| undefined = undefined;/,
          () => `export const embeddedAssets: EmbeddedAssets | undefined = ${JSON.stringify({ version: packageVersion(), themes })};`,
        );
        if (!source.includes('themes')) throw new Error('embedded-assets.ts changed shape; update scripts/build/bundle.ts');
        return { contents: source, loader: 'ts', watchFiles: [themesDir, ...Object.keys(themes).map((f) => join(themesDir, f))] };
      });
    },
  };
}

/**
 * Native addons cannot live in a single file. The only ones in reach are
 * ssh2's optional crypto binding and cpu-features (for ssh:// Docker hosts);
 * both are loaded in a try/catch with a pure-JavaScript fallback, so each
 * becomes a module that throws as a missing addon would.
 */
function noNativeAddons(): Plugin {
  return {
    name: 'kdeck-no-native-addons',
    setup(b) {
      b.onResolve({ filter: /\.node$/ }, (args) => ({ path: args.path, namespace: 'native-addon' }));
      b.onLoad({ filter: /.*/, namespace: 'native-addon' }, (args) => ({
        contents: `throw Object.assign(new Error(${JSON.stringify(`native addon ${args.path} is not in the kdeck bundle`)}), { code: 'MODULE_NOT_FOUND' });`,
        loader: 'js',
      }));
    },
  };
}

/**
 * Ink connects to React DevTools when DEV=true and react-devtools-core is
 * installed; it never is beside the bundle, and bundling Ink's devtools module
 * would hoist an import of that missing package to the top of the bundle.
 */
function noInkDevtools(): Plugin {
  return {
    name: 'kdeck-no-ink-devtools',
    setup(b) {
      b.onResolve({ filter: /^\.\/devtools\.js$/ }, (args) => (/[\\/]ink[\\/]build$/.test(args.resolveDir) ? { path: 'ink-devtools', namespace: 'empty' } : undefined));
      b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'empty' }));
      b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export default undefined;', loader: 'js' }));
    },
  };
}

export interface BundleResult {
  bytes: number;
}

export async function bundle(): Promise<BundleResult> {
  const result = await build({
    entryPoints: [join(ROOT, 'src', 'main.ts')],
    outfile: BUNDLE,
    // Written below in one step: kdeck processes may be starting from this file as it is rebuilt.
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    // package.json's engines; Node 24 runs the build and the executable.
    target: 'node22',
    // React and friends pick their production builds; without this they run the slower development checks.
    define: { 'process.env.NODE_ENV': '"production"' },
    // CommonJS dependencies require() Node's built-ins and name __dirname (ssh2,
    // for a Windows helper); an ES module has none of the three of its own.
    banner: {
      js: [
        "import { createRequire as __kdeckCreateRequire } from 'node:module';",
        'const require = __kdeckCreateRequire(import.meta.url);',
        'const __filename = import.meta.filename;',
        'const __dirname = import.meta.dirname;',
      ].join('\n'),
    },
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'eof',
    logLevel: 'warning',
    plugins: [embedAssets(), noNativeAddons(), noInkDevtools()],
  });
  const [out] = result.outputFiles;
  if (!out || result.outputFiles.length !== 1) throw new Error(`esbuild made ${result.outputFiles.length} files; expected one`);
  writeFileSync(`${BUNDLE}.partial`, out.contents);
  renameSync(`${BUNDLE}.partial`, BUNDLE);
  return { bytes: out.contents.byteLength };
}
