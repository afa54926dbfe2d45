// Brings the local control plane up and down: etcd, kube-apiserver,
// kube-controller-manager, kube-scheduler and kwok, all on 127.0.0.1.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { bin, COMPONENTS, HOST, paths, POD_CIDR, PORTS, SERVICE_CIDR, STATE_DIR, type Component } from './config.js';
import { ensureBinaries } from './build.js';
import { writeKubeconfig } from './kubeconfig.js';
import { makePki, pkiFiles, type Pki } from './pki.js';
import { runningComponents, runningPid, startComponent, stopComponent, waitUntil } from './processes.js';
import { clusterLogsConfig, ensurePodLogFiles, POD_LOG_FILES, seedScenario, waitForScenario } from './seed.js';

export class AlreadyRunning extends Error {}

function get(url: string, tls?: { pki: Pki; insecure?: boolean }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const opts: https.RequestOptions = { timeout: 2000 };
    if (tls) {
      if (tls.insecure) opts.rejectUnauthorized = false;
      else {
        opts.ca = fs.readFileSync(tls.pki.caCert);
        opts.cert = fs.readFileSync(tls.pki.adminCert);
        opts.key = fs.readFileSync(tls.pki.adminKey);
      }
    }
    const req = (url.startsWith('https:') ? https : http).get(url, opts, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

const ok = (p: Promise<{ status: number; body: string }>) => p.then((r) => r.status === 200);

export const etcdUrl = `http://${HOST}:${PORTS.etcdClient}`;
export const apiserverUrl = `https://${HOST}:${PORTS.apiserver}`;

export function apiserverArgs(pki: Pki): string[] {
  return [
    `--etcd-servers=${etcdUrl}`,
    `--bind-address=${HOST}`,
    `--advertise-address=${HOST}`,
    `--secure-port=${PORTS.apiserver}`,
    `--tls-cert-file=${pki.serverCert}`,
    `--tls-private-key-file=${pki.serverKey}`,
    `--client-ca-file=${pki.caCert}`,
    `--service-cluster-ip-range=${SERVICE_CIDR}`,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${pki.saPub}`,
    `--service-account-signing-key-file=${pki.saKey}`,
    '--authorization-mode=RBAC',
    // kwok plays the kubelet for logs; it serves on 127.0.0.1 with our cert.
    `--kubelet-client-certificate=${pki.adminCert}`,
    `--kubelet-client-key=${pki.adminKey}`,
    '--kubelet-preferred-address-types=InternalIP',
    '--allow-privileged=true',
    '--profiling=false',
  ];
}

export async function waitApiserverReady(pki: Pki, timeoutMs = 90_000): Promise<void> {
  await waitUntil('kube-apiserver', 'readiness (/readyz)', () => ok(get(`${apiserverUrl}/readyz`, { pki })), timeoutMs);
}

function logWriterScript(): string {
  // Appends one CRI-format line a second to every namespace's log file, so
  // `kubectl logs -f` has something to stream.
  return [
    'n=0',
    'while :; do',
    '  n=$((n+1)); ts=$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)',
    '  for f in "$@"; do printf \'%s stdout F level=info msg="handled request" path=/api/items status=200 seq=%d\\n\' "$ts" "$n" >> "$f"; done',
    '  sleep 1',
    'done',
  ].join('\n');
}

function elapsed(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}

export async function upCluster(log: (msg: string) => void = (m) => process.stderr.write(`${m}\n`)): Promise<{ kubeconfig: string; startMs: number; build: { built: boolean; ms: number } }> {
  const running = runningComponents();
  if (running.length > 0) {
    throw new AlreadyRunning(
      `a kdeck e2e cluster is already running (${running.map((r) => `${r.component} pid ${r.pid}`).join(', ')}); kubeconfig: ${paths.kubeconfig}; stop it with npm run cluster:down`,
    );
  }
  const build = await ensureBinaries();
  const started = Date.now();
  try {
    // A fresh cluster every time: old etcd data would carry a half-seeded or
    // mutated scenario into the next test run.
    for (const d of [paths.etcdData, paths.run, paths.podLogs, paths.logs]) fs.rmSync(d, { recursive: true, force: true });
    fs.mkdirSync(STATE_DIR, { recursive: true });
    const pki = makePki();
    writeKubeconfig(paths.componentKubeconfig, pki, false);
    writeKubeconfig(paths.kubeconfig, pki, true);
    ensurePodLogFiles();
    fs.writeFileSync(paths.kwokConfig, clusterLogsConfig());
    log(`certificates ready (${elapsed(started)})`);

    startComponent('etcd', bin('etcd'), [
      '--name=kdeck',
      `--data-dir=${paths.etcdData}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=http://${HOST}:${PORTS.etcdPeer}`,
      `--initial-advertise-peer-urls=http://${HOST}:${PORTS.etcdPeer}`,
      `--initial-cluster=kdeck=http://${HOST}:${PORTS.etcdPeer}`,
      // Throwaway data: durability buys nothing and fsync costs seconds on CI disks.
      '--unsafe-no-fsync=true',
      '--log-level=warn',
    ]);
    await waitUntil('etcd', 'health', () => get(`${etcdUrl}/health`).then((r) => r.status === 200 && r.body.includes('true')), 30_000);
    log(`etcd up (${elapsed(started)})`);

    startComponent('kube-apiserver', bin('kube-apiserver'), apiserverArgs(pki));
    await waitApiserverReady(pki);
    log(`kube-apiserver up on ${apiserverUrl} (${elapsed(started)})`);

    const delegated = [
      `--kubeconfig=${paths.componentKubeconfig}`,
      `--authentication-kubeconfig=${paths.componentKubeconfig}`,
      `--authorization-kubeconfig=${paths.componentKubeconfig}`,
      `--bind-address=${HOST}`,
      '--leader-elect=false',
    ];
    startComponent('kube-controller-manager', bin('kube-controller-manager'), [
      ...delegated,
      `--secure-port=${PORTS.controllerManager}`,
      `--service-account-private-key-file=${pki.saKey}`,
      `--root-ca-file=${pki.caCert}`,
      `--cluster-cidr=${POD_CIDR}`,
      `--service-cluster-ip-range=${SERVICE_CIDR}`,
      '--use-service-account-credentials=false',
      '--profiling=false',
      // The e2e tests stop and restart the apiserver; kwok's node leases cannot be renewed meanwhile, and with
      // the default 50 s grace the node lifecycle controller may mark every node NotReady (and every pod not
      // ready) once it is back, leaving a broken cluster for the tests after. Five minutes outlasts a restart.
      '--node-monitor-grace-period=5m',
    ]);
    startComponent('kube-scheduler', bin('kube-scheduler'), [...delegated, `--secure-port=${PORTS.scheduler}`, '--profiling=false']);
    startComponent('kwok', bin('kwok'), [
      `--kubeconfig=${paths.componentKubeconfig}`,
      `--config=${paths.stages}`,
      `--config=${paths.kwokConfig}`,
      '--manage-all-nodes=true',
      `--node-ip=${HOST}`,
      `--node-port=${PORTS.kwok}`,
      `--server-address=${HOST}:${PORTS.kwok}`,
      `--tls-cert-file=${pki.serverCert}`,
      `--tls-private-key-file=${pki.serverKey}`,
      `--cidr=${POD_CIDR}`,
      '--node-lease-duration-seconds=40',
    ]);
    startComponent('pod-log-writer', '/bin/bash', ['-c', logWriterScript(), 'kdeck-pod-log-writer', ...POD_LOG_FILES()]);
    await waitUntil('kube-controller-manager', 'health', () => ok(get(`https://${HOST}:${PORTS.controllerManager}/healthz`, { pki, insecure: true })), 60_000);
    await waitUntil('kube-scheduler', 'health', () => ok(get(`https://${HOST}:${PORTS.scheduler}/healthz`, { pki, insecure: true })), 60_000);
    await waitUntil('kwok', 'health', () => ok(get(`https://${HOST}:${PORTS.kwok}/healthz`, { pki, insecure: true })), 60_000);
    log(`controller-manager, scheduler and kwok up (${elapsed(started)})`);

    await seedScenario(log);
    const rows = await waitForScenario();
    log(`scenario seeded: ${rows.length} pods (${elapsed(started)})`);
    return { kubeconfig: paths.kubeconfig, startMs: Date.now() - started, build };
  } catch (err) {
    await downCluster(() => undefined);
    throw err;
  }
}

export async function downCluster(log: (msg: string) => void = (m) => process.stderr.write(`${m}\n`)): Promise<Component[]> {
  const stopped: Component[] = [];
  // Reverse start order: clients before the apiserver, the apiserver before etcd.
  for (const c of [...COMPONENTS].reverse()) {
    if (runningPid(c) === undefined) continue;
    await stopComponent(c);
    stopped.push(c);
  }
  log(stopped.length ? `stopped ${stopped.join(', ')}` : 'no kdeck e2e cluster was running');
  return stopped;
}

export function clusterRunning(): boolean {
  return runningPid('kube-apiserver') !== undefined;
}

export { pkiFiles };
