// $XDG_CONFIG_HOME/kdeck/config.json: settings a user wants every time.
// The theme key is read by the theme loader, which also reports a broken file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kdeckConfigDir } from './theme.js';

export interface KdeckConfig {
  readOnly: boolean;
  /** Lines each log pane keeps, when set to a sane whole number. */
  logLines?: number;
}

export function configPath(env: NodeJS.ProcessEnv): string {
  return join(kdeckConfigDir(env), 'config.json');
}

/** A missing or unreadable file means defaults; being read-only by mistake is cheaper than the opposite, so only a literal true counts. */
export function loadConfig(env: NodeJS.ProcessEnv): KdeckConfig {
  try {
    const parsed = JSON.parse(readFileSync(configPath(env), 'utf8')) as unknown;
    const o = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    const n = o.logLines;
    const logLines = typeof n === 'number' && Number.isInteger(n) && n >= 100 && n <= 10_000_000 ? n : undefined;
    return { readOnly: o.readOnly === true, logLines };
  } catch {
    return { readOnly: false };
  }
}
