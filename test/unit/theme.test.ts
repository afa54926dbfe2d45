import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { bundledThemesDir, listThemes, loadTheme, ThemeError } from '../../src/cli/theme.js';
import { THEME_ROLES } from '../../src/ui/theme-types.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const themesDir = join(repoRoot, 'themes');
const BUNDLED = ['default', 'high-contrast', 'light', 'monochrome'];
const NAMED_16 = new Set([
  'black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white', 'gray', 'grey',
  'blackBright', 'redBright', 'greenBright', 'yellowBright', 'blueBright', 'magentaBright', 'cyanBright', 'whiteBright',
]);

let scratch: string;
let caseNo = 0;

/** A fresh HOME and XDG_CONFIG_HOME per test, so the developer's own config never leaks in. */
function sandbox(): { env: NodeJS.ProcessEnv; xdg: string; home: string; dir: string } {
  const dir = join(scratch, `case-${++caseNo}`);
  const home = join(dir, 'home');
  const xdg = join(dir, 'xdg');
  mkdirSync(home, { recursive: true });
  mkdirSync(join(xdg, 'kdeck', 'themes'), { recursive: true });
  return { env: { HOME: home, XDG_CONFIG_HOME: xdg }, xdg, home, dir };
}

function userTheme(xdg: string, name: string, body: unknown): string {
  const path = join(xdg, 'kdeck', 'themes', `${name}.json`);
  writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
  return path;
}

before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'kdeck-theme-test-'));
});
after(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('bundled themes', () => {
  test('every bundled theme file validates against the schema and defines every role', () => {
    const schema = JSON.parse(readFileSync(join(themesDir, 'schema.json'), 'utf8'));
    const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
    const files = readdirSync(themesDir).filter((f) => f.endsWith('.json') && f !== 'schema.json');
    assert.deepEqual(files.map((f) => f.replace(/\.json$/, '')).sort(), BUNDLED);
    for (const file of files) {
      const data = JSON.parse(readFileSync(join(themesDir, file), 'utf8')) as { name: string; colors: Record<string, unknown> };
      assert.ok(validate(data), `${file}: ${JSON.stringify(validate.errors)}`);
      assert.deepEqual(Object.keys(data.colors).sort(), [...THEME_ROLES].sort(), `${file} defines every role`);
      assert.equal(data.name, file.replace(/\.json$/, ''), `${file} name matches its file name`);
    }
  });

  test('the schema rejects typos and non-colours', () => {
    const schema = JSON.parse(readFileSync(join(themesDir, 'schema.json'), 'utf8'));
    const validate = new Ajv2020({ strict: true }).compile(schema);
    assert.equal(validate({ name: 'x', colors: { ok: 'green' } }), true);
    assert.equal(validate({ name: 'x', colors: { ok: '#00ff00' } }), true);
    assert.equal(validate({ name: 'x', colors: { ok: null } }), true);
    assert.equal(validate({ name: 'x', colors: { okk: 'green' } }), false);
    assert.equal(validate({ name: 'x', colour: {}, colors: {} }), false);
    assert.equal(validate({ name: 'x', colors: { ok: 'purple' } }), false);
    assert.equal(validate({ name: 'x', colors: { ok: '#00ff0' } }), false);
    assert.equal(validate({ name: 'x', colors: { ok: 3 } }), false);
    assert.equal(validate({ name: 'x', monochrome: 'yes', colors: {} }), false);
    assert.equal(validate({ colors: {} }), false);
  });

  test('each bundled theme loads by name with every role present', () => {
    const { env } = sandbox();
    for (const name of BUNDLED) {
      const { theme, warning } = loadTheme(name, { env });
      assert.equal(warning, undefined);
      assert.equal(theme.name, name);
      assert.deepEqual(Object.keys(theme.colors).sort(), [...THEME_ROLES].sort());
    }
  });

  test('the default theme uses only the 16 named colours so it survives a 16-colour terminal', () => {
    const { theme } = loadTheme('default', { env: sandbox().env });
    assert.equal(theme.monochrome, false);
    for (const [role, colour] of Object.entries(theme.colors)) {
      if (colour !== undefined) assert.ok(NAMED_16.has(colour), `${role}=${colour}`);
    }
    assert.notEqual(theme.colors.ok, theme.colors.bad, 'healthy and failing look different');
    assert.notEqual(theme.colors.selectedBackground, undefined, 'the selected row is visible');
  });

  test('monochrome has no colours and asks for inverse/bold', () => {
    const { theme } = loadTheme('monochrome', { env: sandbox().env });
    assert.equal(theme.monochrome, true);
    for (const role of THEME_ROLES) assert.equal(theme.colors[role], undefined, role);
  });

  test('the themes folder is found from this checkout', () => {
    assert.equal(bundledThemesDir(), themesDir);
  });

  test('the themes folder is found when the code sits at another depth, as dist/cli/theme.js does', async () => {
    const pkg = join(scratch, 'pkg');
    mkdirSync(join(pkg, 'dist', 'cli'), { recursive: true });
    mkdirSync(join(pkg, 'dist', 'ui'), { recursive: true });
    writeFileSync(join(pkg, 'package.json'), '{"name":"kdeck","type":"module"}');
    cpSync(themesDir, join(pkg, 'themes'), { recursive: true });
    cpSync(join(repoRoot, 'src', 'cli', 'theme.ts'), join(pkg, 'dist', 'cli', 'theme.ts'));
    cpSync(join(repoRoot, 'src', 'cli', 'embedded-assets.ts'), join(pkg, 'dist', 'cli', 'embedded-assets.ts'));
    cpSync(join(repoRoot, 'src', 'ui', 'theme-types.ts'), join(pkg, 'dist', 'ui', 'theme-types.ts'));
    symlinkSync(join(repoRoot, 'node_modules'), join(pkg, 'node_modules'));
    const mod = (await import(pathToFileURL(join(pkg, 'dist', 'cli', 'theme.ts')).href)) as typeof import('../../src/cli/theme.js');
    assert.equal(mod.bundledThemesDir(), join(pkg, 'themes'));
    assert.equal(mod.loadTheme('light', { env: sandbox().env }).theme.name, 'light');
  });
});

describe('NO_COLOR', () => {
  test('a non-empty NO_COLOR makes the UI monochrome', () => {
    const { env } = sandbox();
    const { theme, warning } = loadTheme(undefined, { env: { ...env, NO_COLOR: '1' } });
    assert.equal(theme.monochrome, true);
    assert.equal(theme.colors.bad, undefined);
    assert.equal(warning, undefined);
  });

  test('NO_COLOR wins even over an explicit --theme, and says so', () => {
    const { env } = sandbox();
    const { theme, warning } = loadTheme('light', { env: { ...env, NO_COLOR: 'yes' } });
    assert.equal(theme.monochrome, true);
    assert.match(warning ?? '', /NO_COLOR is set; ignoring theme "light"/);
  });

  test('NO_COLOR wins over the config file too', () => {
    const { env, xdg } = sandbox();
    writeFileSync(join(xdg, 'kdeck', 'config.json'), '{"theme":"light"}');
    assert.equal(loadTheme(undefined, { env: { ...env, NO_COLOR: '1' } }).theme.monochrome, true);
  });

  test('an empty NO_COLOR is ignored, as no-color.org says', () => {
    const { env } = sandbox();
    const { theme } = loadTheme(undefined, { env: { ...env, NO_COLOR: '' } });
    assert.equal(theme.name, 'default');
    assert.equal(theme.monochrome, false);
  });
});

describe('choosing a theme', () => {
  test('no flag and no config gives the default theme', () => {
    const { theme, warning } = loadTheme(undefined, { env: sandbox().env });
    assert.equal(theme.name, 'default');
    assert.equal(warning, undefined);
  });

  test('no flag reads "theme" from $XDG_CONFIG_HOME/kdeck/config.json', () => {
    const { env, xdg } = sandbox();
    writeFileSync(join(xdg, 'kdeck', 'config.json'), JSON.stringify({ theme: 'high-contrast', other: 1 }));
    assert.equal(loadTheme(undefined, { env }).theme.name, 'high-contrast');
  });

  test('config without a theme key gives the default theme', () => {
    const { env, xdg } = sandbox();
    writeFileSync(join(xdg, 'kdeck', 'config.json'), JSON.stringify({ readonly: true }));
    assert.equal(loadTheme(undefined, { env }).theme.name, 'default');
  });

  test('XDG_CONFIG_HOME unset means ~/.config', () => {
    const { home } = sandbox();
    mkdirSync(join(home, '.config', 'kdeck'), { recursive: true });
    writeFileSync(join(home, '.config', 'kdeck', 'config.json'), '{"theme":"light"}');
    assert.equal(loadTheme(undefined, { env: { HOME: home } }).theme.name, 'light');
  });

  test('an explicit flag wins over the config file', () => {
    const { env, xdg } = sandbox();
    writeFileSync(join(xdg, 'kdeck', 'config.json'), '{"theme":"light"}');
    assert.equal(loadTheme('monochrome', { env }).theme.name, 'monochrome');
  });

  test('a config file that is not JSON falls back to default with a one-line warning', () => {
    const { env, xdg } = sandbox();
    const path = join(xdg, 'kdeck', 'config.json');
    writeFileSync(path, '{ theme: light,\n}');
    const { theme, warning } = loadTheme(undefined, { env });
    assert.equal(theme.name, 'default');
    assert.ok(warning?.startsWith(`config ${path}: not valid JSON`), warning);
    assert.doesNotMatch(warning ?? '', /\n/);
  });

  test('an unknown theme named in the config says where it came from', () => {
    const { env, xdg } = sandbox();
    const path = join(xdg, 'kdeck', 'config.json');
    writeFileSync(path, '{"theme":"solarised"}');
    assert.throws(() => loadTheme(undefined, { env }), (err: Error) => {
      assert.ok(err instanceof ThemeError);
      assert.match(err.message, /unknown theme "solarised" set in .*config\.json \(available: default, high-contrast, light, monochrome\)/);
      return true;
    });
  });

  test('a user theme by name is found in $XDG_CONFIG_HOME/kdeck/themes and listed', () => {
    const { env, xdg } = sandbox();
    userTheme(xdg, 'mine', { name: 'mine', colors: { ok: 'blueBright', bad: '#ff0000' } });
    const { theme, warning } = loadTheme('mine', { env });
    assert.equal(warning, undefined);
    assert.equal(theme.name, 'mine');
    assert.equal(theme.colors.ok, 'blueBright');
    assert.equal(theme.colors.bad, '#ff0000');
    // roles it leaves out follow the default theme
    const def = loadTheme('default', { env }).theme;
    assert.equal(theme.colors.warn, def.colors.warn);
    assert.deepEqual(listThemes({ env }), ['default', 'high-contrast', 'light', 'mine', 'monochrome']);
  });

  test('a user theme with null roles uses the terminal default for them', () => {
    const { env, xdg } = sandbox();
    userTheme(xdg, 'plain', { name: 'plain', colors: { border: null } });
    assert.equal(loadTheme('plain', { env }).theme.colors.border, undefined);
  });

  test('a user theme shadows a bundled theme of the same name', () => {
    const { env, xdg } = sandbox();
    userTheme(xdg, 'light', { name: 'my light', colors: { ok: 'cyan' } });
    const { theme } = loadTheme('light', { env });
    assert.equal(theme.name, 'my light');
    assert.equal(theme.colors.ok, 'cyan');
  });

  test('a path (with a slash or ending in .json) is read as a file, relative to cwd', () => {
    const { env, dir } = sandbox();
    writeFileSync(join(dir, 'ops.json'), JSON.stringify({ name: 'ops', colors: { ok: 'white' } }));
    assert.equal(loadTheme(join(dir, 'ops.json'), { env }).theme.name, 'ops');
    assert.equal(loadTheme('ops.json', { env, cwd: dir }).theme.name, 'ops');
    assert.equal(loadTheme('./ops.json', { env, cwd: dir }).theme.colors.ok, 'white');
  });

  test('a leading ~/ in a path means $HOME', () => {
    const { env, home } = sandbox();
    writeFileSync(join(home, 't.json'), JSON.stringify({ name: 'tilde', colors: {} }));
    assert.equal(loadTheme('~/t.json', { env }).theme.name, 'tilde');
  });

  test('an unknown name throws a one-line ThemeError listing what exists', () => {
    const { env, xdg } = sandbox();
    userTheme(xdg, 'mine', { name: 'mine', colors: {} });
    assert.throws(() => loadTheme('dracula', { env }), (err: Error) => {
      assert.ok(err instanceof ThemeError);
      assert.equal(err.message, 'unknown theme "dracula" (available: default, high-contrast, light, mine, monochrome)');
      return true;
    });
  });

  test('"schema" is not a theme', () => {
    assert.throws(() => loadTheme('schema', { env: sandbox().env }), ThemeError);
  });

  test('a path that does not exist throws', () => {
    const { env, dir } = sandbox();
    assert.throws(() => loadTheme('./nope.json', { env, cwd: dir }), {
      name: 'ThemeError',
      message: `theme file not found: ${join(dir, 'nope.json')}`,
    });
  });
});

describe('broken theme files fall back to default with one line that says what is wrong', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['not JSON', '{"name": "x", colors: {}}', /not valid JSON/],
    ['wrong type for a role', { name: 'x', colors: { bad: 5 } }, /: colors\.bad must be string or null; using default$/],
    ['a misspelt role', { name: 'x', colors: { bda: 'red' } }, /: colors: unknown role "bda"; using default$/],
    ['an unknown top-level key', { name: 'x', colours: {}, colors: {} }, /: unknown key "colours"; using default$/],
    ['not a colour', { name: 'x', colors: { ok: 'purple' } }, /: colors\.ok must be a colour name .*#rrggbb or null; using default$/],
    ['no name', { colors: {} }, /: missing "name"; using default$/],
    ['monochrome not a boolean', { name: 'x', monochrome: 'yes', colors: {} }, /: monochrome must be boolean; using default$/],
    ['not an object', '[1, 2]', /: theme must be object; using default$/],
  ];
  for (const [what, body, expected] of cases) {
    test(what, () => {
      const { env, xdg } = sandbox();
      const path = userTheme(xdg, 'broken', body);
      const { theme, warning } = loadTheme('broken', { env });
      assert.equal(theme.name, 'default');
      assert.deepEqual(theme, loadTheme('default', { env }).theme);
      assert.ok(warning?.startsWith(`theme ${path}: `), warning);
      assert.match(warning ?? '', expected);
      assert.doesNotMatch(warning ?? '', /\n/);
    });
  }

  test('a directory where a theme file should be', () => {
    const { env, dir } = sandbox();
    mkdirSync(join(dir, 'dir.json'));
    const { theme, warning } = loadTheme(join(dir, 'dir.json'), { env });
    assert.equal(theme.name, 'default');
    assert.match(warning ?? '', /dir\.json: is a directory; using default$/);
  });

  test('an unreadable file', { skip: process.getuid?.() === 0 ? 'root can read anything' : false }, async () => {
    const { chmodSync } = await import('node:fs');
    const { env, xdg } = sandbox();
    const path = userTheme(xdg, 'locked', { name: 'locked', colors: {} });
    chmodSync(path, 0o000);
    const { theme, warning } = loadTheme('locked', { env });
    assert.equal(theme.name, 'default');
    assert.equal(warning, `theme ${path}: cannot read (EACCES); using default`);
  });
});
