// Where the local control plane keeps its binaries and state, and which
// loopback ports it listens on. Fixed ports make "is one already running?"
// a simple question and let a developer reach it by hand.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const K8S_VERSION = 'v1.34.4';
export const ETCD_VERSION = 'v3.6.4';
export const KWOK_VERSION = 'v0.8.0';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const CLUSTER_SRC = path.join(REPO, 'cluster');

function xdg(envName: string, fallback: string): string {
  const v = process.env[envName];
  return v && path.isAbsolute(v) ? v : path.join(os.homedir(), fallback);
}

/** Binaries are keyed by every version that goes into them, so a bump rebuilds. */
export const BIN_DIR = path.join(
  xdg('XDG_CACHE_HOME', '.cache'),
  'kdeck',
  'cluster',
  `${K8S_VERSION}-etcd${ETCD_VERSION}-kwok${KWOK_VERSION}`,
  'bin',
);
export const STATE_DIR = process.env.KDECK_CLUSTER_STATE ?? path.join(xdg('XDG_STATE_HOME', path.join('.local', 'state')), 'kdeck', 'cluster');

export const HOST = '127.0.0.1';
export const PORTS = {
  etcdClient: 23790,
  etcdPeer: 23800,
  apiserver: 26443,
  controllerManager: 20257,
  scheduler: 20259,
  kwok: 20250,
} as const;

export const SERVICE_CIDR = '10.96.0.0/16';
export const POD_CIDR = '10.244.0.0/16';

export const CONTEXT_ADMIN = 'kdeck-e2e';
export const CONTEXT_LIMITED = 'kdeck-e2e-limited';
/** The one namespace the limited user may use. */
export const LIMITED_NAMESPACE = 'shop';

export const paths = {
  pki: path.join(STATE_DIR, 'pki'),
  etcdData: path.join(STATE_DIR, 'etcd'),
  logs: path.join(STATE_DIR, 'logs'),
  run: path.join(STATE_DIR, 'run'),
  podLogs: path.join(STATE_DIR, 'pod-logs'),
  /** What users and tests point at (both contexts). */
  kubeconfig: path.join(STATE_DIR, 'kubeconfig'),
  /** What the components themselves use (admin, no limited user). */
  componentKubeconfig: path.join(STATE_DIR, 'component.kubeconfig'),
  kwokConfig: path.join(STATE_DIR, 'kwok.yaml'),
  stages: path.join(CLUSTER_SRC, 'kwok', 'stages.yaml'),
  seedDir: path.join(CLUSTER_SRC, 'seed'),
};

export const COMPONENTS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok', 'pod-log-writer'] as const;
export type Component = (typeof COMPONENTS)[number];

export function bin(name: string): string {
  return path.join(BIN_DIR, name);
}
