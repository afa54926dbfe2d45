// Runs kdeck. The entry of the single-file bundle (dist/kdeck.mjs, which the
// executable carries too) and, as tsc's dist/main.js, of the unbundled build.
import { run } from './cli.js';

await run();
