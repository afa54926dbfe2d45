// The demo cluster: an in-process simulated Kubernetes API on 127.0.0.1 that
// the real client code (and kubectl) can talk to. See design.md, "The demo cluster".

import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KubeObject } from '../../model/types.js';
import { Controllers } from './controllers.js';
import { EventRecorder } from './events.js';
import { startDemoDocker, type DemoDocker } from './docker-server.js';
import { createHandler, type User } from './http.js';
import { ADMIN_USER, kubeconfigYaml, LIMITED_NAMESPACE, LIMITED_USER } from './kubeconfig.js';
import { PodLifecycle } from './pods.js';
import { seedCluster } from './seed.js';
import { keyOf, Store, type Kind } from './store.js';
import { clone, Timers } from './util.js';
import { Writes } from './writes.js';

export interface DemoClusterOptions {
  /** 0 (default) = an ephemeral port. */
  port?: number;
  /** Extra Running pods in namespace "bench", 100 per deployment load-0..load-K. */
  extraPods?: number;
  /** Time multiplier for the simulated controllers and kubelet (default 1; tests use e.g. 10). */
  speed?: number;
  /** Changes kept per kind for watch resume (default 5000). */
  watchHistory?: number;
  /** Also serve the demo Docker host on a unix socket of its own (see docker-server.ts). */
  docker?: boolean;
}

export interface DemoCluster {
  url: string;
  port: number;
  /** "unix://…/docker.sock" of the demo Docker host, when started with `docker: true`. */
  dockerHost?: string;
  /** Contexts "kdeck-demo" (admin, current, namespace default) and "kdeck-demo-limited" (namespace shop only). */
  kubeconfigYaml(): string;
  writeKubeconfig(path: string): Promise<void>;
  /** Ends all open watches and log streams, stops every timer, closes the server. */
  close(): Promise<void>;
  /** As if `kubectl set image deployment/DEPLOY CONTAINER=IMAGE -n NS`. */
  setImage(ns: string, deploy: string, container: string, image: string): void;
  /** Forgets watch history, so watches from any older resourceVersion get 410 Gone. */
  compactHistory(): void;
  /** Removes an object at once (pods and deployments: with their dependents' normal reaction; namespaces: with everything in them). */
  deleteObject(kind: 'pods' | 'deployments' | 'namespaces', ns: string | undefined, name: string): void;
  /**
   * Every token stops working and open watches end, as when credentials are
   * revoked or rotated under a running client (which must then meet 401s).
   */
  revokeCredentials(): void;
  /** Stores an arbitrary object as given (created or replaced), e.g. for sanitizer tests. */
  upsertRaw(kind: 'pods' | 'deployments' | 'replicasets' | 'namespaces' | 'events' | 'nodes', obj: object): void;
}

export async function startDemoCluster(opts: DemoClusterOptions = {}): Promise<DemoCluster> {
  const speed = opts.speed && opts.speed > 0 ? opts.speed : 1;
  const now = () => Date.now();
  const store = new Store(opts.watchHistory ?? 5000);
  const timers = new Timers(speed);
  const events = new EventRecorder(store, now);
  const pods = new PodLifecycle(store, timers, events, now);
  const controllers = new Controllers(store, timers, events, pods, now);
  const writes = new Writes(store, controllers, pods);
  seedCluster({ store, events, pods, controllers, now: now(), speed }, Math.max(0, Math.floor(opts.extraPods ?? 0)));

  const adminToken = `kdeck-admin-${randomBytes(16).toString('hex')}`;
  const limitedToken = `kdeck-limited-${randomBytes(16).toString('hex')}`;
  const users = new Map<string, User>([
    [adminToken, { name: ADMIN_USER }],
    [limitedToken, { name: LIMITED_USER, namespaces: [LIMITED_NAMESPACE] }],
  ]);
  const streams = new Set<ServerResponse>();
  let address = '127.0.0.1:0';
  const server = createServer({ keepAlive: true }, createHandler({ store, writes, timers, users, address: () => address, now, streams }));
  server.on('clientError', (_e, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  let docker: DemoDocker | undefined;
  if (opts.docker) {
    try {
      docker = await startDemoDocker({ speed });
    } catch (e) {
      timers.closeAll();
      controllers.stop();
      server.close();
      throw e;
    }
  }
  const port = (server.address() as AddressInfo).port;
  address = `127.0.0.1:${port}`;
  const url = `http://127.0.0.1:${port}`;
  let closed: Promise<void> | undefined;

  return {
    url,
    port,
    ...(docker ? { dockerHost: docker.host } : {}),
    kubeconfigYaml: () => kubeconfigYaml(url, adminToken, limitedToken),
    writeKubeconfig: async (path) => {
      await writeFile(path, kubeconfigYaml(url, adminToken, limitedToken), { mode: 0o600 });
    },
    close: () => {
      closed ??= Promise.all([
        new Promise<void>((resolve) => {
          timers.closeAll();
          controllers.stop();
          for (const res of streams) res.end();
          streams.clear();
          server.close(() => resolve());
          server.closeAllConnections();
        }),
        docker?.close(),
      ]).then(() => undefined);
      return closed;
    },
    setImage: (ns, deploy, container, image) => writes.setImage(ns, deploy, container, image),
    compactHistory: () => store.compact(),
    revokeCredentials: () => {
      users.clear();
      for (const res of streams) res.end();
      streams.clear();
    },
    deleteObject: (kind, ns, name) => {
      if (kind === 'namespaces') return writes.deleteNamespaceNow(name);
      if (kind === 'deployments') {
        writes.deleteDeployment(ns!, name, false);
        return;
      }
      pods.forget(keyOf(ns, name));
      store.remove('pods', ns, name);
    },
    upsertRaw: (kind, obj) => {
      const o = clone(obj) as KubeObject;
      if (!o.metadata?.name) throw new Error('upsertRaw: metadata.name is required');
      const k: Kind = kind;
      if (store.get(k, o.metadata.namespace, o.metadata.name)) store.update(k, o);
      else store.create(k, o);
    },
  };
}
