// npm run cluster:up — progress on stderr; the kubeconfig path is the last line on stdout.
import { AlreadyRunning, upCluster } from './cluster.js';

try {
  const r = await upCluster();
  process.stderr.write(`cluster ready in ${(r.startMs / 1000).toFixed(1)}s${r.build.built ? ` (after a ${Math.round(r.build.ms / 1000)}s build)` : ''}; contexts kdeck-e2e (admin) and kdeck-e2e-limited (namespace shop)\n`);
  process.stdout.write(`${r.kubeconfig}\n`);
} catch (err) {
  process.stderr.write(`cluster:up: ${(err as Error).message}\n`);
  process.exitCode = 1;
  if (!(err instanceof AlreadyRunning)) process.stderr.write('everything it had started has been stopped again\n');
}
