// The Docker side: keeping the host's images and containers in the store,
// and the image actions (users, inspect, history, remove, prune).
import type { Session } from './session.js';
import type { KdeckStore } from '../store/store.js';
import type { Row } from '../model/rows.js';
import { stringify } from 'yaml';
import { resolveDockerHost, DockerHostError } from '../sources/docker/host.js';
import { createDockerClient, type DockerClient } from '../sources/docker/client.js';
import { startDockerWatch } from '../sources/docker/watch.js';
import { imageCatalog, isUnused, type CatalogEntry } from '../model/image-catalog.js';
import { humanSize } from '../model/rows-catalog.js';
import { humanDuration } from '../model/age.js';
import { shortDigest } from '../model/images.js';
import { flash, pushView } from './navigation.js';
import { requestMutation } from './gate.js';
import { attachLogPane } from './log-pane.js';

export interface DockerConnection {
  client: DockerClient;
  stop(): void;
  refresh(): void;
}

/** Connects to the Docker host as the docker CLI would find it; failures only mark the Docker views. */
export function connectDocker(store: KdeckStore, opts: { flag?: string; env: NodeJS.ProcessEnv }): DockerConnection | undefined {
  let host;
  try {
    host = resolveDockerHost({ flag: opts.flag, env: opts.env });
  } catch (e) {
    const message = e instanceof DockerHostError ? e.message : String(e);
    store.setState({ docker: { ...store.getState().docker, state: 'error', message } });
    return undefined;
  }
  const client = createDockerClient(host);
  store.setState({ docker: { ...store.getState().docker, state: 'connecting', host: host.url, message: undefined } });
  const watch = startDockerWatch(client, {
    onSnapshot: (snapshot) => {
      const d = store.getState().docker;
      store.setState({ docker: { ...d, state: 'live', message: undefined, snapshot, version: d.version + 1 } });
    },
    onState: (state, message) => {
      const d = store.getState().docker;
      if (d.state === state && d.message === message) return;
      store.setState({ docker: { ...d, state, message } });
    },
  });
  return {
    client,
    refresh: () => watch.refresh(),
    stop() {
      watch.stop();
      client.close();
    },
  };
}

function entryFor(session: Session, row: Row | undefined): CatalogEntry | undefined {
  if (!row) return undefined;
  const s = session.store.getState();
  return imageCatalog(s.resources, s.docker.snapshot, {}).find((e) => e.key === row.key);
}

function openText(store: KdeckStore, title: string, lines: string[]): void {
  pushView(store, 'diff', {});
  const { stack } = store.getState();
  const result = { changed: true, lines: lines.map((text) => ({ kind: 'ctx' as const, text })), hunkStarts: [], text: lines.join('\n') };
  store.setState({ stack: [...stack.slice(0, -1), { ...stack[stack.length - 1]!, diff: { title, result, kind: 'text' } }] });
}

function needDocker(session: Session): DockerClient | undefined {
  const d = session.docker();
  if (!d) flash(session.store, `Docker is not connected: ${session.store.getState().docker.message ?? 'no host'}`, 'error');
  return d?.client;
}

/** Enter on an image: every workload, pod and host container that uses it. */
export function showImageUsers(session: Session, row: Row | undefined): void {
  const e = entryFor(session, row);
  if (!e) return;
  const s = session.store.getState();
  const lines: string[] = [];
  const pods = [...s.resources.pods.values()].filter((p) => [...(p.spec?.containers ?? []), ...(p.spec?.initContainers ?? [])].some((c) => c.image === e.ref));
  lines.push(`cluster: ${e.workloads.length} workload${e.workloads.length === 1 ? '' : 's'}, ${e.pods} pod${e.pods === 1 ? '' : 's'}`);
  for (const w of e.workloads) lines.push(`  workload   ${w}`);
  for (const p of pods) lines.push(`  pod        ${p.metadata.namespace}/${p.metadata.name}`);
  const ctrs = (s.docker.snapshot?.containers ?? []).filter((c) => e.local && c.imageId === e.local.id);
  lines.push(`host: ${ctrs.length} container${ctrs.length === 1 ? '' : 's'}${e.local ? '' : ' (the image is not on this Docker host)'}`);
  for (const c of ctrs) lines.push(`  container  ${c.name} (${c.state}, ${c.status})`);
  if (isUnused(e)) lines.push('', 'used nowhere: ctrl-d removes it, :prune removes every unused image');
  openText(session.store, `users of ${e.ref === '<none>' ? shortDigest(e.key) : e.ref}`, lines);
}

/** The host image under the cursor and a client to ask about it, or a message saying why there is none. */
function localImage(session: Session, row: Row | undefined): { e: CatalogEntry; id: string; client: DockerClient } | undefined {
  const e = entryFor(session, row);
  const client = needDocker(session);
  if (!e || !client) return undefined;
  if (!e.local) {
    flash(session.store, `${e.ref} is not on this Docker host; only the cluster runs it`, 'error');
    return undefined;
  }
  return { e, id: e.local.id, client };
}

/** `y` on an image: the engine's inspect, as YAML. */
export async function inspectImage(session: Session, row: Row | undefined): Promise<void> {
  const it = localImage(session, row);
  if (!it) return;
  try {
    const doc = await it.client.inspectImage(it.id);
    openText(session.store, `inspect ${it.e.ref}`, stringify(doc, { lineWidth: 0 }).trimEnd().split('\n'));
  } catch (err) {
    flash(session.store, (err as Error).message, 'error');
  }
}

/** `h` on an image: its layers, newest first, with sizes and the commands that made them. */
export async function imageHistory(session: Session, row: Row | undefined): Promise<void> {
  const it = localImage(session, row);
  if (!it) return;
  try {
    const layers = await it.client.imageHistory(it.id);
    const now = Date.now();
    const lines = [`${'CREATED'.padEnd(10)} ${'SIZE'.padStart(8)}  CREATED BY`];
    for (const l of layers) lines.push(`${humanDuration(now - l.created * 1000).padEnd(10)} ${humanSize(l.size).padStart(8)}  ${l.createdBy.replace(/\s+/g, ' ')}`);
    openText(session.store, `history ${it.e.ref}`, lines);
  } catch (err) {
    flash(session.store, (err as Error).message, 'error');
  }
}

/** ctrl-d on an image: through the gate; refused while a host container uses it. */
export function removeImage(session: Session, row: Row | undefined): void {
  const e = entryFor(session, row);
  const client = needDocker(session);
  if (!e || !client) return;
  if (!e.local) {
    flash(session.store, `${e.ref} is not on this Docker host; there is nothing to remove here`, 'error');
    return;
  }
  if (e.containers.length > 0) {
    flash(session.store, `refusing to remove ${e.ref}: used by host container${e.containers.length > 1 ? 's' : ''} ${e.containers.join(', ')}`, 'error');
    return;
  }
  const ref = e.ref === '<none>' ? e.local.id : e.ref;
  const lines = [`${e.ref === '<none>' ? `dangling image ${shortDigest(e.local.id)}` : e.ref}, ${humanSize(e.local.size)}`];
  if (e.pods > 0) lines.push(`still used in the cluster by ${e.workloads.join(', ')}: nodes may pull it again`);
  requestMutation(session.store, {
    verb: 'remove',
    target: `image ${e.ref === '<none>' ? shortDigest(e.local.id) : e.ref} from the Docker host`,
    lines,
    run: async () => {
      await client.removeImage(ref);
      session.docker()?.refresh();
      return `removed ${e.ref === '<none>' ? shortDigest(e.local!.id) : e.ref}`;
    },
  });
}

/** `:prune`: every image used nowhere, listed, then one confirmation. */
export function pruneUnused(session: Session): void {
  const client = needDocker(session);
  if (!client) return;
  const s = session.store.getState();
  const unused = imageCatalog(s.resources, s.docker.snapshot, {}).filter((e) => e.local && isUnused(e));
  // Several tags of one image are one removal.
  const byId = new Map<string, CatalogEntry[]>();
  for (const e of unused) byId.set(e.local!.id, [...(byId.get(e.local!.id) ?? []), e]);
  const ids = [...byId.keys()].filter((id) => {
    const img = s.docker.snapshot!.images.find((i) => i.id === id)!;
    return byId.get(id)!.length === Math.max(1, img.repoTags.length);
  });
  if (ids.length === 0) {
    flash(session.store, 'no unused images: every image on the host is used by the cluster or a container');
    return;
  }
  const total = ids.reduce((n, id) => n + (s.docker.snapshot!.images.find((i) => i.id === id)?.size ?? 0), 0);
  const names = ids.map((id) => byId.get(id)!.map((e) => (e.ref === '<none>' ? `<none> ${shortDigest(id)}` : e.ref)).join(' '));
  const shown = names.slice(0, 12);
  if (names.length > shown.length) shown.push(`… and ${names.length - shown.length} more`);
  requestMutation(session.store, {
    verb: 'remove',
    target: `${ids.length} unused image${ids.length === 1 ? '' : 's'} (${humanSize(total)}) from the Docker host`,
    lines: shown,
    run: async () => {
      const failed: string[] = [];
      for (const id of ids) {
        try {
          await client.removeImage(id);
        } catch (err) {
          failed.push(`${shortDigest(id)}: ${(err as Error).message}`);
        }
      }
      session.docker()?.refresh();
      if (failed.length) throw new Error(`removed ${ids.length - failed.length} of ${ids.length}; ${failed[0]}`);
      return `removed ${ids.length} unused image${ids.length === 1 ? '' : 's'}, ${humanSize(total)}`;
    },
  });
}

/** `l` on a host container: the log pane, fed by the engine's log stream. */
export function openContainerLogs(session: Session, row: Row | undefined): void {
  const client = needDocker(session);
  if (!row || !client) return;
  const name = row.cells.name ?? row.key;
  const source = `ctr/${name}`;
  attachLogPane(session.store, { target: { kind: 'pod', namespace: 'docker', pod: name }, previous: false }, (ingest) => {
    const stream = client.containerLogs(row.key, { follow: true, tail: 200, timestamps: true }, (lines) => ingest.lines(source, lines));
    void stream.done.then((end) => {
      if (end.reason === 'eof') ingest.marker(source, 'stream ended (the container stopped)');
      else if (end.reason === 'error') ingest.marker(source, end.message);
    });
    return { stop: () => stream.abort(), sources: () => [source] };
  });
}
