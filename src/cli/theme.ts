import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { embeddedAssets, EMBEDDED_THEMES_DIR } from './embedded-assets.js';
import { THEME_ROLES, type Theme, type ThemeRole } from '../ui/theme-types.js';

export interface ThemeLoadResult {
  theme: Theme;
  /** One line for the user: the theme they asked for could not be used as is. */
  warning?: string;
}

/** The user asked for a theme that does not exist; the message is one line. */
export class ThemeError extends Error {
  override name = 'ThemeError';
}

export interface ThemeOptions {
  env: NodeJS.ProcessEnv;
  /** Folder holding the bundled themes and schema.json; defaults to <package root>/themes. */
  themesDir?: string;
  /** Base for relative theme paths; defaults to process.cwd(). */
  cwd?: string;
}

interface ThemeFile {
  name: string;
  description?: string;
  monochrome?: boolean;
  colors: Partial<Record<ThemeRole, string | null>>;
}

const DEFAULT_NAME = 'default';
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * The bundled themes live beside package.json, not beside this file, and this
 * file runs both as src/cli/theme.ts (tsx) and dist/cli/theme.js (compiled),
 * so walk up instead of using a fixed relative path. The single-file bundle
 * carries them inside itself instead (see embedded-assets.ts).
 */
export function bundledThemesDir(): string {
  if (embeddedAssets) return EMBEDDED_THEMES_DIR;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'themes');
    const parent = dirname(dir);
    if (parent === dir) throw new ThemeError('cannot find the kdeck package folder holding themes/');
    dir = parent;
  }
}

/** $XDG_CONFIG_HOME/kdeck; the spec says a relative XDG_CONFIG_HOME is invalid and must be ignored. */
export function kdeckConfigDir(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.config');
  return join(base, 'kdeck');
}

export function listThemes(opts: ThemeOptions): string[] {
  const names = new Set<string>();
  for (const dir of [join(kdeckConfigDir(opts.env), 'themes'), opts.themesDir ?? bundledThemesDir()]) {
    let entries: string[];
    try {
      entries = listDir(dir);
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (!entry.endsWith('.json') || entry === 'schema.json') continue;
      const name = entry.slice(0, -'.json'.length);
      if (SAFE_NAME.test(name)) names.add(name);
    }
  }
  return [...names].sort();
}

export function loadTheme(spec: string | undefined, opts: ThemeOptions): ThemeLoadResult {
  const themesDir = opts.themesDir ?? bundledThemesDir();

  // NO_COLOR wins over every theme, even one named on the command line: the
  // user (or their jump host's profile) has said colour must not be emitted,
  // and a flag typed in a hurry should not silently override that.
  if (noColor(opts.env)) {
    const theme: Theme = { name: 'monochrome', monochrome: true, colors: emptyColors() };
    return spec === undefined ? { theme } : { theme, warning: `NO_COLOR is set; ignoring theme ${JSON.stringify(spec)}` };
  }

  let source = '';
  if (spec === undefined) {
    const fromConfig = themeFromConfig(opts.env);
    if ('warning' in fromConfig) return { theme: bundledDefault(themesDir), warning: fromConfig.warning };
    spec = fromConfig.spec ?? DEFAULT_NAME;
    if (fromConfig.spec !== undefined) source = ` set in ${fromConfig.path}`;
  }

  const file = resolveSpec(spec, source, opts, themesDir);
  return loadFile(file, themesDir);
}

function noColor(env: NodeJS.ProcessEnv): boolean {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== '';
}

function emptyColors(): Record<ThemeRole, string | undefined> {
  return Object.fromEntries(THEME_ROLES.map((role) => [role, undefined])) as Record<ThemeRole, string | undefined>;
}

function themeFromConfig(env: NodeJS.ProcessEnv): { spec?: string; path: string } | { warning: string } {
  const path = join(kdeckConfigDir(env), 'config.json');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (errCode(err) === 'ENOENT') return { path };
    return { warning: `config ${path}: cannot read (${errCode(err) ?? 'error'}); using default theme` };
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (err) {
    return { warning: `config ${path}: not valid JSON (${oneLine((err as Error).message)}); using default theme` };
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    return { warning: `config ${path}: must be a JSON object; using default theme` };
  }
  const theme = (config as Record<string, unknown>).theme;
  if (theme === undefined) return { path };
  if (typeof theme !== 'string' || theme === '') {
    return { warning: `config ${path}: "theme" must be a theme name or path; using default theme` };
  }
  return { spec: theme, path };
}

/** Turns a name or path into the file to read; throws only for themes that do not exist at all. */
function resolveSpec(spec: string, source: string, opts: ThemeOptions, themesDir: string): string {
  if (spec.includes('/') || spec.endsWith('.json')) {
    // `--theme=~/x.json` reaches us unexpanded because the shell does not expand `~` after `=`.
    const home = opts.env.HOME || homedir();
    const expanded = spec === '~' || spec.startsWith('~/') ? join(home, spec.slice(1)) : spec;
    const path = resolve(opts.cwd ?? process.cwd(), expanded);
    if (!existsSync(path)) throw new ThemeError(`theme file not found: ${path}${source}`);
    return path;
  }
  if (SAFE_NAME.test(spec)) {
    for (const dir of [join(kdeckConfigDir(opts.env), 'themes'), themesDir]) {
      const path = join(dir, `${spec}.json`);
      if (spec !== 'schema' && exists(path)) return path;
    }
  }
  const available = listThemes({ ...opts, themesDir }).join(', ');
  throw new ThemeError(`unknown theme ${JSON.stringify(spec)}${source} (available: ${available})`);
}

function loadFile(path: string, themesDir: string): ThemeLoadResult {
  const parsed = readThemeFile(path, themesDir);
  if (typeof parsed === 'string') {
    return { theme: bundledDefault(themesDir), warning: `theme ${path}: ${parsed}; using default` };
  }
  // Roles a user theme leaves out follow the default theme, so themes written
  // before a role was added keep working; a monochrome theme has no colours.
  const base = parsed.monochrome ? emptyColors() : bundledDefault(themesDir).colors;
  const colors = { ...base };
  for (const role of THEME_ROLES) {
    const value = parsed.colors[role];
    if (value !== undefined) colors[role] = value ?? undefined;
  }
  return { theme: { name: parsed.name, monochrome: parsed.monochrome ?? false, colors } };
}

const defaults = new Map<string, Theme>();

function bundledDefault(themesDir: string): Theme {
  const cached = defaults.get(themesDir);
  if (cached) return cached;
  const path = join(themesDir, `${DEFAULT_NAME}.json`);
  const parsed = readThemeFile(path, themesDir);
  // The bundled default is the fallback for every other failure, so a broken
  // one is a packaging bug with nothing left to fall back to.
  if (typeof parsed === 'string') throw new ThemeError(`bundled theme ${path}: ${parsed}`);
  const colors = emptyColors();
  for (const role of THEME_ROLES) colors[role] = parsed.colors[role] ?? undefined;
  const theme: Theme = { name: parsed.name, monochrome: parsed.monochrome ?? false, colors };
  defaults.set(themesDir, theme);
  return theme;
}

/** The validated file, or a one-line reason it cannot be used. */
function readThemeFile(path: string, themesDir: string): ThemeFile | string {
  let text: string;
  try {
    if (isDirectory(path)) return 'is a directory';
    text = readText(path);
  } catch (err) {
    return `cannot read (${errCode(err) ?? oneLine((err as Error).message)})`;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return `not valid JSON (${oneLine((err as Error).message)})`;
  }
  // The bundled themes are checked against the schema by the unit tests;
  // compiling the schema costs ~100 ms of start-up, so only user files pay it.
  if (dirname(path) === themesDir) return data as ThemeFile;
  const validate = validator(themesDir);
  if (!validate(data)) return describeError(validate.errors?.[0]);
  return data as ThemeFile;
}

const validators = new Map<string, ValidateFunction>();

function validator(themesDir: string): ValidateFunction {
  let validate = validators.get(themesDir);
  if (!validate) {
    const schemaPath = join(themesDir, 'schema.json');
    let schema: object;
    try {
      schema = JSON.parse(readText(schemaPath)) as object;
    } catch (err) {
      throw new ThemeError(`bundled theme schema ${schemaPath}: ${oneLine((err as Error).message)}`);
    }
    validate = new Ajv2020({ allErrors: false, strict: true }).compile(schema);
    validators.set(themesDir, validate);
  }
  return validate;
}

/** Ajv's messages name JSON pointers and schema keywords; say it the way a theme author thinks. */
export function describeError(error: ErrorObject | undefined): string {
  if (!error) return 'does not match the theme schema';
  const where = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
  const subject = where || 'theme';
  const params = error.params as Record<string, unknown>;
  // A string that is not a colour fails every branch of the colour anyOf; the
  // first branch's complaint ("must be null") would mislead, so name them all.
  if (error.schemaPath.startsWith('#/$defs/color/anyOf') || (error.keyword === 'anyOf' && error.schemaPath.startsWith('#/$defs/color'))) {
    return `${subject} must be a colour name (like red, greenBright, gray), #rrggbb or null`;
  }
  switch (error.keyword) {
    case 'type': {
      const types = Array.isArray(params.type) ? params.type : String(params.type).split(',');
      return `${subject} must be ${types.join(' or ')}`;
    }
    case 'additionalProperties': {
      const what = where === 'colors' ? 'unknown role' : 'unknown key';
      return `${where ? `${where}: ` : ''}${what} ${JSON.stringify(params.additionalProperty)}`;
    }
    case 'required':
      return `${where ? `${where}: ` : ''}missing ${JSON.stringify(params.missingProperty)}`;
    case 'minLength':
      return `${subject} must not be empty`;
    default:
      return `${subject} ${error.message ?? 'is invalid'}`;
  }
}

// The theme folder's files, from the package folder or from the bundle. A
// user's theme is always a real file; only the bundled folder can be embedded.
function embeddedTheme(path: string): string | undefined {
  if (!embeddedAssets || dirname(path) !== EMBEDDED_THEMES_DIR) return undefined;
  return embeddedAssets.themes[basename(path)];
}

function readText(path: string): string {
  return embeddedTheme(path) ?? readFileSync(path, 'utf8');
}

function listDir(dir: string): string[] {
  if (embeddedAssets && dir === EMBEDDED_THEMES_DIR) return Object.keys(embeddedAssets.themes);
  return readdirSync(dir);
}

function exists(path: string): boolean {
  return embeddedTheme(path) !== undefined || existsSync(path);
}

function isDirectory(path: string): boolean {
  return embeddedTheme(path) === undefined && statSync(path).isDirectory();
}

function errCode(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
