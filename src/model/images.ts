// Image references split the way docker/distribution does, without
// normalising ("nginx" stays "nginx", not docker.io/library/nginx), because
// kdeck shows the reference exactly as the pod spec wrote it.

export interface ImageRef {
  ref: string;
  registry?: string;
  repository: string;
  tag?: string;
  digest?: string;
  /** The tag is explicitly "latest". */
  isLatest: boolean;
  /** Neither tag nor digest: the runtime will pull "latest" implicitly. */
  isUntagged: boolean;
}

export function parseImageRef(ref: string): ImageRef {
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1) || undefined;
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  // A colon before the last slash belongs to a registry port, not a tag.
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1) || undefined;
    rest = rest.slice(0, colon);
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first) {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  return {
    ref,
    registry,
    repository: rest,
    tag,
    digest,
    isLatest: tag === 'latest',
    isUntagged: tag === undefined && digest === undefined,
  };
}

/** "sha256:0123456789ab": algorithm plus the first 12 hex digits, as docker prints image ids. */
export function shortDigest(digest: string): string {
  const colon = digest.indexOf(':');
  if (colon < 0) return digest.slice(0, 12);
  return digest.slice(0, colon + 1) + digest.slice(colon + 1, colon + 13);
}

/**
 * A reference that may change under a running workload: explicit :latest, or
 * no tag at all. A digest pins the content, so latest@sha256:... is fine.
 */
export function isFloatingImage(img: ImageRef): boolean {
  return img.isUntagged || (img.isLatest && img.digest === undefined);
}
