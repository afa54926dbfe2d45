// Rows and columns of the Docker containers view (`:ctr`).
import type { Row } from './row.js';
import type { ColumnDef } from './columns.js';
import type { DockerContainer, DockerPort } from './docker-types.js';
import type { Health } from './health.js';
import { healthRank } from './health.js';
import { humanDuration } from './age.js';
import { sanitize } from './sanitize.js';

export const DOCKER_CONTAINER_COLUMNS: ColumnDef[] = [
  { id: 'name', title: 'NAME', min: 10, max: 40, priority: 0, grow: 1 },
  { id: 'image', title: 'IMAGE', min: 12, max: 50, priority: 0, grow: 1 },
  { id: 'state', title: 'STATE', min: 7, max: 10, priority: 0 },
  { id: 'status', title: 'STATUS', min: 10, max: 30, priority: 1 },
  { id: 'ports', title: 'PORTS', min: 8, max: 40, priority: 2 },
  { id: 'created', title: 'CREATED', min: 7, max: 8, priority: 1 },
];

/** Ports as `docker ps` prints them: 0.0.0.0:8080->80/tcp, or 80/tcp when not published. */
export function formatPorts(ports: DockerPort[]): string {
  return ports
    .map((p) => (p.publicPort ? `${p.ip ? `${p.ip}:` : ''}${p.publicPort}->${p.privatePort}/${p.type}` : `${p.privatePort}/${p.type}`))
    .join(', ');
}

export function dockerContainerRows(containers: DockerContainer[], now: number): Row[] {
  return containers
    .map((c): Row => {
      const health: Health = c.state === 'running' ? 'ok' : c.state === 'exited' && /\(0\)/.test(c.status) ? 'done' : c.state === 'exited' || c.state === 'dead' ? 'bad' : 'warn';
      return {
        key: c.id,
        cells: {
          name: sanitize(c.name),
          image: sanitize(c.image),
          state: sanitize(c.state),
          status: sanitize(c.status),
          ports: sanitize(formatPorts(c.ports)),
          created: humanDuration(now - c.created * 1000),
        },
        health,
        sort: { name: c.name, age: c.created * 1000, status: healthRank(health) },
        ref: { kind: 'Container', name: c.id },
      };
    })
    .sort((a, b) => (a.sort.name < b.sort.name ? -1 : a.sort.name > b.sort.name ? 1 : 0));
}
