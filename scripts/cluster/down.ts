// npm run cluster:down — stops every component of the local control plane.
import { downCluster } from './cluster.js';

try {
  await downCluster();
} catch (err) {
  process.stderr.write(`cluster:down: ${(err as Error).message}\n`);
  process.exitCode = 1;
}
