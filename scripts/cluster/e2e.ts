// npm run test:e2e — runs test/e2e against the local control plane, starting
// it first when none is running and stopping it afterwards only in that case.
import { spawnSync } from 'node:child_process';
import { clusterRunning, downCluster, upCluster } from './cluster.js';
import { BIN_DIR, paths, REPO } from './config.js';

let startedHere = false;
let code = 1;
try {
  if (!clusterRunning()) {
    const r = await upCluster();
    startedHere = true;
    process.stderr.write(`e2e: cluster started in ${(r.startMs / 1000).toFixed(1)}s\n`);
  } else {
    process.stderr.write(`e2e: using the running cluster (${paths.kubeconfig})\n`);
  }
  const files = process.argv.slice(2);
  const res = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...(files.length ? files : ['test/e2e/**/*.test.ts'])],
    { cwd: REPO, stdio: 'inherit', env: { ...process.env, KDECK_E2E_KUBECONFIG: paths.kubeconfig } },
  );
  code = res.status ?? 1;
} catch (err) {
  process.stderr.write(`test:e2e: ${(err as Error).message}\n`);
} finally {
  if (startedHere) {
    await downCluster();
    // cluster:down must leave nothing behind; this run is the place to prove it.
    const left = spawnSync('pgrep', ['-a', '-f', `${BIN_DIR}|kdeck-pod-log-writer`], { encoding: 'utf8' }).stdout.trim();
    if (left) {
      process.stderr.write(`test:e2e: processes left after cluster:down:\n${left}\n`);
      code = 1;
    } else process.stderr.write('e2e: cluster:down left no control-plane process behind\n');
  }
}
process.exitCode = code;
