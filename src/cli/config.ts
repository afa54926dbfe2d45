// $XDG_CONFIG_HOME/kdeck/config.json: settings a user wants every time.
// The theme key is read by the theme loader, which also reports a broken file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kdeckConfigDir } from './theme.js';

export interface KdeckConfig {
  readOnly: boolean;
}

export function configPath(env: NodeJS.ProcessEnv): string {
  return join(kdeckConfigDir(env), 'config.json');
}

/** A missing or unreadable file means defaults; being read-only by mistake is cheaper than the opposite, so only a literal true counts. */
export function loadConfig(env: NodeJS.ProcessEnv): KdeckConfig {
  try {
    const parsed = JSON.parse(readFileSync(configPath(env), 'utf8')) as unknown;
    const readOnly = typeof parsed === 'object' && parsed !== null && (parsed as Record<string, unknown>).readOnly === true;
    return { readOnly };
  } catch {
    return { readOnly: false };
  }
}
