#!/usr/bin/env node
// Starts kdeck: the compiled dist/ when present, else the TypeScript sources
// through tsx (a development checkout).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(`kdeck: needs Node.js 22 or newer (this is ${process.version}); run it through npm (npm start) or install a newer Node\n`);
  process.exit(1);
}

// React and Ink run their development builds unless told otherwise; those
// record every render for devtools and cost more CPU than kdeck's own work.
process.env.NODE_ENV ??= 'production';

const dist = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (existsSync(dist) && !process.env.KDECK_FROM_SOURCE) {
  const { run } = await import(pathToFileURL(dist).href);
  await run();
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { run } = await import(new URL('../src/cli.ts', import.meta.url).href);
  await run();
}
