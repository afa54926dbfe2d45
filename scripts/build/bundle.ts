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

/**
 * docker-modem requires ssh2 when it loads, for ssh:// Docker hosts only, and
 * ssh2 sets up its crypto (a 16 MB Emscripten heap among it) as it loads. In
 * the bundle, ssh2 is required when the first ssh:// connection is made.
 */
function lazySsh2(): Plugin {
  return {
    name: 'kdeck-lazy-ssh2',
    setup(b) {
      b.onLoad({ filter: /[\\/]docker-modem[\\/]lib[\\/]ssh\.js$/ }, (args) => {
        const eager = "var Client = require('ssh2').Client,";
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes(eager)) throw new Error('docker-modem/lib/ssh.js changed shape; update lazySsh2 in scripts/build/bundle.ts');
        // `new Client()` is its only use; a constructor that returns an object makes `new` yield that object.
        return { contents: source.replace(eager, "var Client = function () { return new (require('ssh2').Client)(); },"), loader: 'js' };
      });
    },
  };
}

/**
 * Ink turns every string it draws into styled-character objects, through an
 * ANSI tokenizer and a Unicode test per character, and caches the result for
 * one frame only. A table redrawn under a busy cluster draws almost the same
 * strings every frame, so the bundle keeps Ink's caches across frames (the
 * objects are never mutated: Ink places them in its grid by reference),
 * starting them afresh once they hold ~50,000 characters.
 */
function inkCachesAcrossFrames(): Plugin {
  return {
    name: 'kdeck-ink-caches-across-frames',
    setup(b) {
      b.onLoad({ filter: /[\\/]ink[\\/]build[\\/]output\.js$/ }, (args) => {
        const perFrame = 'caches = new OutputCaches();';
        // Each write also splits its text into lines and turns them back into strings, every frame.
        const splitEachFrame = 'let lines = characterLines.map(line => styledCharsToString(line));';
        const source = readFileSync(args.path, 'utf8');
        // The split, from its first statement to `lines`, is done once per text (below).
        const from = source.indexOf('const characterLines = [[]];');
        const to = source.indexOf(splitEachFrame);
        if (!source.includes(perFrame) || from < 0 || to < from || !source.includes('cached = styledCharsFromTokens(tokenize(line))')) {
          throw new Error('ink/build/output.js changed shape; update inkCachesAcrossFrames in scripts/build/bundle.ts');
        }
        const shared = `
let kdeckSharedCaches;
let kdeckCachedChars = 0;
function kdeckOutputCaches() {
  if (!kdeckSharedCaches || kdeckCachedChars > 50000) {
    kdeckSharedCaches = new OutputCaches();
    kdeckSharedCaches.kdeckLines = new Map();
    kdeckCachedChars = 0;
    const getStyledChars = kdeckSharedCaches.getStyledChars.bind(kdeckSharedCaches);
    kdeckSharedCaches.getStyledChars = (line) => {
      if (!kdeckSharedCaches.styledChars.has(line)) kdeckCachedChars += line.length;
      return getStyledChars(line);
    };
  }
  return kdeckSharedCaches;
}
`;
        // From splitting the text into lines of styled characters to joining each back into a string: once per text.
        // `lines` is only ever replaced (map, slice), never changed in place, so one array per text can be shared.
        const split = source.slice(from, to) + 'return characterLines.map(line => styledCharsToString(line));';
        const patched =
          source.slice(0, from) +
          'let lines = this.caches.kdeckLines.get(text); if (lines === undefined) { lines = kdeckSplit.call(this, text); this.caches.kdeckLines.set(text, lines); }' +
          source.slice(to + splitEachFrame.length);
        return {
          contents: patched.replace(perFrame, 'caches = kdeckOutputCaches();') + shared + `\nfunction kdeckSplit(text) {\n${split}\n}\n`,
          loader: 'js',
        };
      });
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
    plugins: [embedAssets(), noNativeAddons(), noInkDevtools(), lazySsh2(), inkCachesAcrossFrames()],
  });
  const [out] = result.outputFiles;
  if (!out || result.outputFiles.length !== 1) throw new Error(`esbuild made ${result.outputFiles.length} files; expected one`);
  const contents = asciiOnly(out.text);
  writeFileSync(`${BUNDLE}.partial`, contents);
  renameSync(`${BUNDLE}.partial`, BUNDLE);
  return { bytes: Buffer.byteLength(contents) };
}

const LICENSES = '/*! Bundled license information:';

/**
 * V8 keeps a script's source in memory for as long as it runs, one byte a
 * character when all of it is Latin-1 and two bytes otherwise: one "ä" in a
 * license comment doubled the 4.7 MB bundle's share of kdeck's memory. esbuild
 * escapes non-ASCII in code (charset ascii) but not in comments, so the license
 * section at the end is spelled with \u escapes, which read as well there.
 */
function asciiOnly(text: string): string {
  const licenses = text.lastIndexOf(LICENSES);
  const firstWide = text.search(/[^\x00-\x7f]/);
  if (firstWide < 0) return text;
  if (licenses < 0 || firstWide < licenses) throw new Error(`non-ASCII text in the bundle's code at offset ${firstWide}; esbuild's charset should have escaped it`);
  return text.slice(0, licenses) + text.slice(licenses).replace(/[^\x00-\x7f]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}
