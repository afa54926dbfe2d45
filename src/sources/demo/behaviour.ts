// How a simulated container behaves is decided by its image, so that a
// rollout to a fixed image really fixes a crash loop, and a typo in a tag
// really ends in ImagePullBackOff.

import type { ContainerSpec } from '../../model/types.js';
import { fnv32 } from './util.js';

export type Behaviour = 'ok' | 'crash' | 'imagepull';

const CRASHING_IMAGES = new Set(['shop/payments:2.3']);

export function containerBehaviour(image: string | undefined): Behaviour {
  if (!image) return 'imagepull';
  if (/-missing$|:does-not-exist$|:nonexistent$/.test(image)) return 'imagepull';
  if (CRASHING_IMAGES.has(image) || /(^|[/:-])crash(loop)?([-:.]|$)/.test(image)) return 'crash';
  return 'ok';
}

/**
 * Images whose containers log hostile bytes (escape sequences, control
 * characters), so the console's sanitizing can be seen and tested. Not in the
 * seed: a test or a curious user deploys one.
 */
const MISCHIEF_IMAGES = new Set(['demo/mischief:1']);

export function logsMischief(image: string | undefined): boolean {
  return image !== undefined && MISCHIEF_IMAGES.has(image);
}

const NODE_MEMORY_BYTES = 32 * 1024 ** 3;

function parseQuantity(q: unknown): number {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return 0;
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|K|M|G|T|k)?$/.exec(q);
  if (!m) return 0;
  const mult: Record<string, number> = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12 };
  return Number(m[1]) * (m[2] ? mult[m[2]]! : 1);
}

/** A pod asking for more memory than any node has can never be scheduled. */
export function fitsOnANode(containers: ContainerSpec[]): boolean {
  let total = 0;
  for (const c of containers) {
    const res = c['resources'] as { requests?: Record<string, unknown> } | undefined;
    total += parseQuantity(res?.requests?.['memory']);
  }
  return total <= NODE_MEMORY_BYTES;
}

export const NODES = ['node-1', 'node-2', 'node-3'];

export function hostIP(node: string): string {
  return `10.0.0.${10 + NODES.indexOf(node) + 1}`;
}

/** Image reference as containerd reports it in status (docker.io/library/ prefix, default tag). */
export function normalizeImage(image: string): string {
  let name = image;
  let suffix = '';
  const at = name.indexOf('@');
  if (at >= 0) {
    suffix = name.slice(at);
    name = name.slice(0, at);
  }
  const lastSlash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > lastSlash) {
    suffix = name.slice(colon) + suffix;
    name = name.slice(0, colon);
  } else if (!suffix) suffix = ':latest';
  const first = name.split('/')[0]!;
  const hasRegistry = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry) name = (name.includes('/') ? 'docker.io/' : 'docker.io/library/') + name;
  return name + suffix;
}

function digestOf(image: string): string {
  let out = '';
  for (let i = 0; out.length < 64; i++) out += fnv32(`${image}#${i}`).toString(16).padStart(8, '0');
  return out.slice(0, 64);
}

export function imageID(image: string): string {
  const norm = normalizeImage(image);
  const at = norm.indexOf('@');
  if (at >= 0) return norm;
  const repo = norm.slice(0, norm.lastIndexOf(':'));
  return `${repo}@sha256:${digestOf(image)}`;
}

export function containerID(seed: string): string {
  return `containerd://${digestOf(seed)}`;
}
