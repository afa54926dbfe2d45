// The demo Docker host's images and containers, with the engine's lookup
// rules (reference, digest, full or short id, container name) and its image
// removal rules and conflict messages, so a client meets the same refusals
// it would meet against a real dockerd.

import { seedContainers, seedImages, type DemoContainer, type DemoImage } from './docker-seed.js';

export class DockerError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface EngineEvent {
  Type: 'image' | 'container';
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  scope: 'local';
  time: number;
  timeNano: number;
}

export type DeleteRecord = { Untagged: string } | { Deleted: string };

const short = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);

/** "docker.io/library/nginx" → "nginx", "x" → "x:latest"; digests kept. */
export function familiarRef(ref: string): string {
  let r = ref.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '').replace(/^library\//, '');
  if (r.includes('@')) return r;
  const colon = r.lastIndexOf(':');
  if (colon <= r.lastIndexOf('/')) r += ':latest';
  return r;
}

export class DockerState {
  images: DemoImage[];
  containers: DemoContainer[];
  private listeners = new Set<(e: EngineEvent) => void>();
  readonly events: EngineEvent[] = [];

  constructor(now: number) {
    this.images = seedImages(now);
    this.containers = seedContainers(this.images, now);
  }

  onEvent(fn: (e: EngineEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(type: EngineEvent['Type'], action: string, id: string, attrs: Record<string, string>, now: number): void {
    const e: EngineEvent = { Type: type, Action: action, Actor: { ID: id, Attributes: attrs }, scope: 'local', time: Math.floor(now / 1000), timeNano: now * 1_000_000 };
    this.events.push(e);
    if (this.events.length > 1000) this.events.shift();
    for (const l of this.listeners) l(e);
  }

  /** Resolves as the engine does; `byRef` is the familiar reference when one was named. */
  findImage(name: string): { image: DemoImage; byRef?: string } | undefined {
    const ref = familiarRef(name);
    for (const image of this.images) {
      if (image.tags.includes(ref) || image.digests.includes(ref)) return { image, byRef: ref };
    }
    const m = /^(?:sha256:)?([0-9a-f]{1,64})$/.exec(name);
    if (m) {
      const hits = this.images.filter((i) => i.id.slice(7).startsWith(m[1]!));
      if (hits.length === 1) return { image: hits[0]! };
    }
    return undefined;
  }

  findContainer(name: string): DemoContainer | undefined {
    const n = name.replace(/^\//, '');
    const exact = this.containers.find((c) => c.id === n || c.name === n);
    if (exact) return exact;
    const hits = /^[0-9a-f]+$/.test(n) ? this.containers.filter((c) => c.id.startsWith(n)) : [];
    return hits.length === 1 ? hits[0] : undefined;
  }

  /** What `docker ps` shows as the image: the reference while it still names the same image, else the id. */
  containerImage(c: DemoContainer): string {
    const found = this.findImage(c.image);
    return found?.image.id === c.imageId ? c.image : c.imageId;
  }

  removeImage(name: string, force: boolean, now: number): DeleteRecord[] {
    const found = this.findImage(name);
    if (!found) throw new DockerError(404, `No such image: ${name}`);
    const { image, byRef } = found;
    const using = this.containers.filter((c) => c.imageId === image.id);
    const running = using.find((c) => c.running);
    const refs = [...image.tags, ...image.digests];
    const records: DeleteRecord[] = [];
    const untag = (ref: string) => {
      image.tags = image.tags.filter((t) => t !== ref);
      image.digests = image.digests.filter((d) => d !== ref);
      records.push({ Untagged: ref });
      this.emit('image', 'untag', image.id, { name: image.id, ...(image.config.Labels ?? {}) }, now);
    };

    if (byRef) {
      const onlyTag = image.tags.length <= 1;
      if (!force && onlyTag && using[0]) {
        // Untagging would leave a dangling image under a container, which the engine refuses.
        throw new DockerError(409, `conflict: unable to remove repository reference "${name}" (must force) - container ${short(using[0].id)} is using its referenced image ${short(image.id)}`);
      }
      if (image.tags.includes(byRef) && image.tags.length > 1) {
        untag(byRef);
        return records;
      }
      if (running) throw new DockerError(409, `conflict: unable to delete ${short(image.id)} (cannot be forced) - image is being used by running container ${short(running.id)}`);
    } else {
      if (image.tags.length > 1 && !force) throw new DockerError(409, `conflict: unable to delete ${short(image.id)} (must be forced) - image is referenced in multiple repositories`);
      if (running) throw new DockerError(409, `conflict: unable to delete ${short(image.id)} (cannot be forced) - image is being used by running container ${short(running.id)}`);
      if (!force && using[0]) throw new DockerError(409, `conflict: unable to delete ${short(image.id)} (must be forced) - image is being used by stopped container ${short(using[0].id)}`);
    }
    if (byRef) untag(byRef);
    for (const r of refs) if (r !== byRef) untag(r);
    this.images = this.images.filter((i) => i !== image);
    records.push({ Deleted: image.id });
    // Layers still used by another image stay, as with the engine's reference counting.
    const kept = new Set(this.images.flatMap((i) => i.layers));
    for (const l of [...image.layers].reverse()) if (!kept.has(l)) records.push({ Deleted: l });
    this.emit('image', 'delete', image.id, { name: image.id }, now);
    return records;
  }
}
