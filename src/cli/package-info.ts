import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { embeddedAssets } from './embedded-assets.js';

/** The folder holding kdeck's package.json, found from wherever this file runs (src/ under tsx, dist/ when built). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find kdeck package.json');
    dir = up;
  }
}

export function packageVersion(): string {
  if (embeddedAssets) return embeddedAssets.version;
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
