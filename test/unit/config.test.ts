// config.json's readOnly switch: only a literal true turns it on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/cli/config.js';

function withConfig(text: string | undefined, check: (env: NodeJS.ProcessEnv) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'kdeck-config-'));
  try {
    if (text !== undefined) {
      mkdirSync(join(dir, 'kdeck'));
      writeFileSync(join(dir, 'kdeck', 'config.json'), text);
    }
    check({ XDG_CONFIG_HOME: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('readOnly: true in config.json makes the console read-only', () => {
  withConfig('{"readOnly": true, "theme": "light"}', (env) => assert.equal(loadConfig(env).readOnly, true));
});

test('absent, false, a string, or a broken file leave it off', () => {
  withConfig(undefined, (env) => assert.equal(loadConfig(env).readOnly, false));
  withConfig('{"readOnly": false}', (env) => assert.equal(loadConfig(env).readOnly, false));
  withConfig('{"readOnly": "yes"}', (env) => assert.equal(loadConfig(env).readOnly, false));
  withConfig('{not json', (env) => assert.equal(loadConfig(env).readOnly, false));
});

test('logLines is taken when it is a sane whole number', () => {
  withConfig('{"logLines": 50000}', (env) => assert.equal(loadConfig(env).logLines, 50000));
  withConfig('{"logLines": "lots"}', (env) => assert.equal(loadConfig(env).logLines, undefined));
  withConfig('{"logLines": 5}', (env) => assert.equal(loadConfig(env).logLines, undefined));
});
