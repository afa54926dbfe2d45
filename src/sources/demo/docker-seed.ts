// The demo Docker host's fixed starting state, so docs and tests can name it:
// images shared with the demo cluster, local-only ones (some used by host
// containers, some used nowhere), one dangling image, and four containers
// (running, exited, and one with a TTY). Ids are sha256 of the reference, so
// they are the same on every start; times are relative to the start, so ages
// ("11 days ago") are stable too and line up with the demo cluster's rollouts.

import { createHash } from 'node:crypto';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

export function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

export interface ImageConfig {
  Env: string[];
  Cmd: string[] | null;
  Entrypoint: string[] | null;
  WorkingDir: string;
  Labels: Record<string, string> | null;
  ExposedPorts?: Record<string, object>;
  User?: string;
  StopSignal?: string;
  Volumes?: Record<string, object>;
}

/** One Dockerfile step; size 0 = a metadata-only step (no layer). */
export interface HistoryStep {
  by: string;
  size: number;
}

export interface DemoImage {
  id: string;
  /** Familiar references ("nginx:1.27"); empty for a dangling image. */
  tags: string[];
  /** "repo@sha256:…" for images pulled from a registry; empty for local builds. */
  digests: string[];
  /** Unix ms. */
  created: number;
  size: number;
  config: ImageConfig;
  /** Oldest first. */
  steps: HistoryStep[];
  /** One per non-empty step, oldest first. */
  layers: string[];
}

export type LogKind = 'web' | 'nginx' | 'postgres' | 'shell';

export interface DemoContainer {
  id: string;
  name: string;
  /** The reference the container was created from. */
  image: string;
  imageId: string;
  /** Unix ms. */
  created: number;
  startedAt: number;
  finishedAt?: number;
  exitCode: number;
  running: boolean;
  tty: boolean;
  path: string;
  args: string[];
  env: string[];
  ports: { PrivatePort: number; PublicPort?: number; Type: 'tcp' | 'udp'; IP?: string }[];
  labels: Record<string, string>;
  ip: string;
  logKind: LogKind;
}

interface ImageSpec {
  ref?: string;
  /** Stable key for the id when there is no ref. */
  key?: string;
  /** Days before the demo starts, so image ages line up with the demo cluster's rollouts. */
  ageDays: number;
  digest: boolean;
  config: ImageConfig;
  steps: HistoryStep[];
}

const debianBase = (file: string, size: number): HistoryStep[] => [
  { by: `/bin/sh -c #(nop) ADD file:${sha256Hex(file)} in / `, size },
  { by: '/bin/sh -c #(nop)  CMD ["bash"]', size: 0 },
];
const alpineBase = (file: string, size: number): HistoryStep[] => [
  { by: `ADD alpine-minirootfs-${file}-x86_64.tar.gz / # buildkit`, size },
  { by: 'CMD ["/bin/sh"]', size: 0 },
];
const bk = (s: string) => `${s} # buildkit`;
const path = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const IMAGE_SPECS: ImageSpec[] = [
  {
    ref: 'postgres:16',
    ageDays: 60.4,
    digest: true,
    config: {
      Env: [path.replace('PATH=', 'PATH=/usr/lib/postgresql/16/bin:'), 'GOSU_VERSION=1.17', 'LANG=en_US.utf8', 'PG_MAJOR=16', 'PG_VERSION=16.5-1.pgdg120+1', 'PGDATA=/var/lib/postgresql/data'],
      Cmd: ['postgres'],
      Entrypoint: ['docker-entrypoint.sh'],
      WorkingDir: '',
      Labels: null,
      ExposedPorts: { '5432/tcp': {} },
      StopSignal: 'SIGINT',
      Volumes: { '/var/lib/postgresql/data': {} },
    },
    steps: [
      ...debianBase('postgres-bookworm', 74_783_386),
      { by: bk('RUN /bin/sh -c set -eux; groupadd -r postgres --gid=999; useradd -r -g postgres --uid=999 --home-dir=/var/lib/postgresql --shell=/bin/bash postgres'), size: 330_412 },
      { by: bk('ENV GOSU_VERSION=1.17'), size: 0 },
      { by: bk('RUN /bin/sh -c set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates wget gnupg; wget -O /usr/local/bin/gosu "https://github.com/tianon/gosu/releases/download/$GOSU_VERSION/gosu-amd64"'), size: 4_512_338 },
      { by: bk('RUN /bin/sh -c set -eux; apt-get update; apt-get install -y --no-install-recommends locales; localedef -i en_US -c -f UTF-8 -A /usr/share/locale/locale.alias en_US.UTF-8'), size: 24_115_907 },
      { by: bk('ENV LANG=en_US.utf8'), size: 0 },
      { by: bk('ENV PG_MAJOR=16'), size: 0 },
      { by: bk('ENV PATH=/usr/lib/postgresql/16/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'), size: 0 },
      { by: bk('ENV PG_VERSION=16.5-1.pgdg120+1'), size: 0 },
      { by: bk('RUN /bin/sh -c set -ex; apt-get update; apt-get install -y --no-install-recommends "postgresql-$PG_MAJOR=$PG_VERSION"; rm -rf /var/lib/apt/lists/*'), size: 318_722_545 },
      { by: bk('RUN /bin/sh -c mkdir -p /var/run/postgresql && chown -R postgres:postgres /var/run/postgresql && chmod 3777 /var/run/postgresql'), size: 0 },
      { by: bk('ENV PGDATA=/var/lib/postgresql/data'), size: 0 },
      { by: bk('VOLUME [/var/lib/postgresql/data]'), size: 0 },
      { by: bk('COPY docker-entrypoint.sh docker-ensure-initdb.sh /usr/local/bin/'), size: 12_838 },
      { by: bk('ENTRYPOINT ["docker-entrypoint.sh"]'), size: 0 },
      { by: bk('STOPSIGNAL SIGINT'), size: 0 },
      { by: bk('EXPOSE map[5432/tcp:{}]'), size: 0 },
      { by: bk('CMD ["postgres"]'), size: 0 },
    ],
  },
  {
    ref: 'nginx:1.27',
    ageDays: 44.7,
    digest: true,
    config: {
      Env: [path, 'NGINX_VERSION=1.27.3', 'NJS_VERSION=0.8.7', 'NJS_RELEASE=1~bookworm', 'PKG_RELEASE=1~bookworm', 'DYNPKG_RELEASE=1~bookworm'],
      Cmd: ['nginx', '-g', 'daemon off;'],
      Entrypoint: ['/docker-entrypoint.sh'],
      WorkingDir: '',
      Labels: { maintainer: 'NGINX Docker Maintainers <docker-maint@nginx.com>' },
      ExposedPorts: { '80/tcp': {} },
      StopSignal: 'SIGQUIT',
    },
    steps: [
      ...debianBase('nginx-bookworm', 74_783_386),
      { by: bk('LABEL maintainer=NGINX Docker Maintainers <docker-maint@nginx.com>'), size: 0 },
      { by: bk('ENV NGINX_VERSION=1.27.3'), size: 0 },
      { by: bk('RUN /bin/sh -c set -x && groupadd --system --gid 101 nginx && useradd --system --gid nginx --no-create-home --home /nonexistent --shell /bin/false --uid 101 nginx && apt-get update && apt-get install --no-install-recommends --no-install-suggests -y nginx=${NGINX_VERSION}-${PKG_RELEASE}'), size: 117_442_105 },
      { by: bk('COPY docker-entrypoint.sh / '), size: 1_620 },
      { by: bk('COPY 10-listen-on-ipv6-by-default.sh /docker-entrypoint.d'), size: 2_125 },
      { by: bk('COPY 20-envsubst-on-templates.sh /docker-entrypoint.d'), size: 3_018 },
      { by: bk('ENTRYPOINT ["/docker-entrypoint.sh"]'), size: 0 },
      { by: bk('EXPOSE map[80/tcp:{}]'), size: 0 },
      { by: bk('STOPSIGNAL SIGQUIT'), size: 0 },
      { by: bk('CMD ["nginx" "-g" "daemon off;"]'), size: 0 },
    ],
  },
  {
    ref: 'redis:7.2-alpine',
    ageDays: 91.2,
    digest: true,
    config: {
      Env: [path, 'REDIS_VERSION=7.2.6'],
      Cmd: ['redis-server'],
      Entrypoint: ['docker-entrypoint.sh'],
      WorkingDir: '/data',
      Labels: null,
      ExposedPorts: { '6379/tcp': {} },
      Volumes: { '/data': {} },
    },
    steps: [
      ...alpineBase('3.20.3', 7_797_760),
      { by: bk('RUN /bin/sh -c set -eux; addgroup -S -g 1000 redis; adduser -S -G redis -u 999 redis'), size: 4_687 },
      { by: bk('RUN /bin/sh -c apk add --no-cache su-exec tzdata'), size: 1_498_244 },
      { by: bk('ENV REDIS_VERSION=7.2.6'), size: 0 },
      { by: bk('RUN /bin/sh -c set -eux; apk add --no-cache --virtual .build-deps gcc make musl-dev openssl-dev; make -C /usr/src/redis -j "$(nproc)" all; make -C /usr/src/redis install; apk del --no-network .build-deps'), size: 31_287_133 },
      { by: bk('RUN /bin/sh -c mkdir /data && chown redis:redis /data'), size: 0 },
      { by: bk('VOLUME [/data]'), size: 0 },
      { by: bk('WORKDIR /data'), size: 0 },
      { by: bk('COPY docker-entrypoint.sh /usr/local/bin/'), size: 1_523 },
      { by: bk('ENTRYPOINT ["docker-entrypoint.sh"]'), size: 0 },
      { by: bk('EXPOSE map[6379/tcp:{}]'), size: 0 },
      { by: bk('CMD ["redis-server"]'), size: 0 },
    ],
  },
  {
    ref: 'shop/web:1.2',
    ageDays: 11.3,
    digest: true,
    config: {
      Env: [path, 'NODE_VERSION=20.18.1', 'YARN_VERSION=1.22.22', 'NODE_ENV=production', 'PORT=8080'],
      Cmd: ['node', 'server.js'],
      Entrypoint: ['docker-entrypoint.sh'],
      WorkingDir: '/app',
      Labels: { 'org.opencontainers.image.source': 'https://git.example.com/shop/web', 'org.opencontainers.image.version': '1.2.0' },
      ExposedPorts: { '8080/tcp': {} },
      User: 'node',
    },
    steps: [
      ...alpineBase('3.20.3', 7_797_760),
      { by: bk('ENV NODE_VERSION=20.18.1'), size: 0 },
      { by: bk('RUN /bin/sh -c addgroup -g 1000 node && adduser -u 1000 -G node -s /bin/sh -D node && apk add --no-cache libstdc++ && curl -fsSLO "https://unofficial-builds.nodejs.org/download/release/v$NODE_VERSION/node-v$NODE_VERSION-linux-x64-musl.tar.xz"'), size: 126_431_902 },
      { by: bk('WORKDIR /app'), size: 0 },
      { by: bk('COPY package.json package-lock.json ./'), size: 214_605 },
      { by: bk('RUN /bin/sh -c npm ci --omit=dev'), size: 12_874_110 },
      { by: bk('COPY dist/ ./'), size: 1_342_208 },
      { by: bk('ENV NODE_ENV=production PORT=8080'), size: 0 },
      { by: bk('EXPOSE map[8080/tcp:{}]'), size: 0 },
      { by: bk('USER node'), size: 0 },
      { by: bk('CMD ["node" "server.js"]'), size: 0 },
    ],
  },
  {
    ref: 'shop/cart:latest',
    ageDays: 9.6,
    digest: true,
    config: {
      Env: [path, 'SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt'],
      Cmd: null,
      Entrypoint: ['/usr/local/bin/cart'],
      WorkingDir: '/',
      Labels: { 'org.opencontainers.image.source': 'https://git.example.com/shop/cart' },
      User: '65532:65532',
    },
    steps: [
      { by: bk('COPY /etc/ssl/certs /etc/ssl/certs'), size: 2_146_814 },
      { by: 'bazel build @distroless//base-debian12', size: 20_391_402 },
      { by: bk('COPY /out/cart /usr/local/bin/cart'), size: 74_218_540 },
      { by: bk('USER 65532:65532'), size: 0 },
      { by: bk('ENTRYPOINT ["/usr/local/bin/cart"]'), size: 0 },
    ],
  },
  {
    ref: 'alpine:3.20',
    ageDays: 118.9,
    digest: true,
    config: { Env: [path], Cmd: ['/bin/sh'], Entrypoint: null, WorkingDir: '/', Labels: null },
    steps: alpineBase('3.20.3', 7_797_760),
  },
  {
    ref: 'busybox:1.36',
    ageDays: 152.5,
    digest: true,
    config: { Env: [path], Cmd: ['sh'], Entrypoint: null, WorkingDir: '', Labels: null },
    steps: [
      { by: `/bin/sh -c #(nop) ADD file:${sha256Hex('busybox-1.36')} in / `, size: 4_261_550 },
      { by: '/bin/sh -c #(nop)  CMD ["sh"]', size: 0 },
    ],
  },
  {
    ref: 'golang:1.22',
    ageDays: 30.8,
    digest: true,
    config: {
      Env: ['PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'GOLANG_VERSION=1.22.10', 'GOTOOLCHAIN=local', 'GOPATH=/go'],
      Cmd: ['bash'],
      Entrypoint: null,
      WorkingDir: '/go',
      Labels: null,
    },
    steps: [
      ...debianBase('golang-bookworm', 116_535_338),
      { by: bk('RUN /bin/sh -c set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates curl gnupg netbase sq wget'), size: 24_058_621 },
      { by: bk('RUN /bin/sh -c set -eux; apt-get update; apt-get install -y --no-install-recommends git mercurial openssh-client subversion procps'), size: 181_296_710 },
      { by: bk('RUN /bin/sh -c set -eux; apt-get update; apt-get install -y --no-install-recommends g++ gcc libc6-dev make pkg-config'), size: 226_487_320 },
      { by: bk('ENV GOLANG_VERSION=1.22.10'), size: 0 },
      { by: bk('ENV GOTOOLCHAIN=local'), size: 0 },
      { by: bk('ENV GOPATH=/go'), size: 0 },
      { by: bk('ENV PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'), size: 0 },
      { by: bk('COPY /target/ / '), size: 289_903_411 },
      { by: bk('RUN /bin/sh -c mkdir -p "$GOPATH/src" "$GOPATH/bin" && chmod -R 1777 "$GOPATH"'), size: 0 },
      { by: bk('WORKDIR /go'), size: 0 },
    ],
  },
  {
    ref: 'kdeck/build-cache:latest',
    ageDays: 1.9,
    digest: false,
    config: {
      Env: ['PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'GOPATH=/go', 'GOCACHE=/cache/go-build', 'npm_config_cache=/cache/npm'],
      Cmd: ['bash'],
      Entrypoint: null,
      WorkingDir: '/src',
      Labels: { 'com.example.purpose': 'ci build cache', 'com.example.owner': 'platform-team' },
    },
    steps: [
      ...debianBase('build-cache-bookworm', 116_535_338),
      { by: bk('RUN /bin/sh -c apt-get update && apt-get install -y --no-install-recommends build-essential git nodejs npm'), size: 412_090_664 },
      { by: bk('ENV GOCACHE=/cache/go-build npm_config_cache=/cache/npm'), size: 0 },
      { by: bk('WORKDIR /src'), size: 0 },
      { by: bk('COPY go.mod go.sum package.json package-lock.json ./'), size: 388_123 },
      { by: bk('RUN /bin/sh -c go mod download && npm ci'), size: 521_774_902 },
      { by: bk('RUN /bin/sh -c go build ./... && npm run build'), size: 163_405_177 },
    ],
  },
  {
    // An earlier build of shop/web whose tag moved on to a newer build.
    key: 'dangling:shop/web:1.2-rc1',
    ageDays: 12.1,
    digest: false,
    config: {
      Env: [path, 'NODE_VERSION=20.18.1', 'NODE_ENV=production', 'PORT=8080'],
      Cmd: ['node', 'server.js'],
      Entrypoint: ['docker-entrypoint.sh'],
      WorkingDir: '/app',
      Labels: { 'org.opencontainers.image.source': 'https://git.example.com/shop/web', 'org.opencontainers.image.version': '1.2.0-rc1' },
      ExposedPorts: { '8080/tcp': {} },
      User: 'node',
    },
    steps: [
      ...alpineBase('3.20.3', 7_797_760),
      { by: bk('RUN /bin/sh -c addgroup -g 1000 node && adduser -u 1000 -G node -s /bin/sh -D node && apk add --no-cache libstdc++'), size: 126_431_902 },
      { by: bk('WORKDIR /app'), size: 0 },
      { by: bk('COPY package.json package-lock.json ./'), size: 213_877 },
      { by: bk('RUN /bin/sh -c npm ci --omit=dev'), size: 12_861_004 },
      { by: bk('COPY dist/ ./'), size: 1_329_771 },
      { by: bk('EXPOSE map[8080/tcp:{}]'), size: 0 },
      { by: bk('USER node'), size: 0 },
      { by: bk('CMD ["node" "server.js"]'), size: 0 },
    ],
  },
];

function repoOf(ref: string): string {
  const colon = ref.lastIndexOf(':');
  return colon > ref.lastIndexOf('/') ? ref.slice(0, colon) : ref;
}

function buildImage(s: ImageSpec, now: number): DemoImage {
  const key = s.ref ?? s.key!;
  const id = `sha256:${sha256Hex(`image:${key}`)}`;
  // A layer's digest is its content's, so the same base layer is shared across images.
  const layers = s.steps.filter((st) => st.size > 0).map((st) => `sha256:${sha256Hex(`layer:${st.by}:${st.size}`)}`);
  return {
    id,
    tags: s.ref ? [s.ref] : [],
    digests: s.ref && s.digest ? [`${repoOf(s.ref)}@sha256:${sha256Hex(`manifest:${s.ref}`)}`] : [],
    created: Math.floor((now - s.ageDays * DAY) / 1000) * 1000,
    size: s.steps.reduce((a, st) => a + st.size, 0),
    config: s.config,
    steps: s.steps,
    layers,
  };
}

export function seedImages(now: number): DemoImage[] {
  return IMAGE_SPECS.map((s) => buildImage(s, now));
}

interface ContainerSpec {
  name: string;
  image: string;
  createdAgo: number;
  startedAgo: number;
  finishedAgo?: number;
  exitCode?: number;
  tty: boolean;
  path: string;
  args: string[];
  env?: string[];
  ports: DemoContainer['ports'];
  labels?: Record<string, string>;
  logKind: LogKind;
}

const published = (priv: number, pub: number): DemoContainer['ports'] => [
  { IP: '0.0.0.0', PrivatePort: priv, PublicPort: pub, Type: 'tcp' },
  { IP: '::', PrivatePort: priv, PublicPort: pub, Type: 'tcp' },
];

const CONTAINER_SPECS: ContainerSpec[] = [
  {
    name: 'dev-db',
    image: 'postgres:16',
    createdAgo: 3 * DAY + 2 * HOUR,
    startedAgo: 3 * DAY + 2 * HOUR - 2000,
    tty: false,
    path: 'docker-entrypoint.sh',
    args: ['postgres'],
    env: ['POSTGRES_PASSWORD=devpassword', 'POSTGRES_DB=shop'],
    ports: published(5432, 5432),
    labels: { 'com.docker.compose.project': 'dev', 'com.docker.compose.service': 'db' },
    logKind: 'postgres',
  },
  {
    name: 'web-preview',
    image: 'shop/web:1.2',
    createdAgo: 2 * HOUR + 14 * MINUTE,
    startedAgo: 2 * HOUR + 14 * MINUTE - 1500,
    tty: false,
    path: 'docker-entrypoint.sh',
    args: ['node', 'server.js'],
    env: ['DATABASE_URL=postgres://shop@172.17.0.2:5432/shop'],
    ports: published(8080, 8081),
    logKind: 'web',
  },
  {
    name: 'old-proxy',
    image: 'nginx:1.27',
    createdAgo: 20 * DAY,
    startedAgo: 20 * DAY - 3000,
    finishedAgo: 12 * DAY,
    exitCode: 0,
    tty: false,
    path: '/docker-entrypoint.sh',
    args: ['nginx', '-g', 'daemon off;'],
    ports: [],
    logKind: 'nginx',
  },
  {
    name: 'toolbox',
    image: 'alpine:3.20',
    createdAgo: 47 * MINUTE,
    startedAgo: 47 * MINUTE - 800,
    tty: true,
    path: '/bin/sh',
    args: ['-c', 'while true; do check-endpoints; sleep 2; done'],
    ports: [],
    logKind: 'shell',
  },
];

export function seedContainers(images: DemoImage[], now: number): DemoContainer[] {
  return CONTAINER_SPECS.map((c, i) => {
    const img = images.find((im) => im.tags.includes(c.image));
    if (!img) throw new Error(`demo docker seed: no image ${c.image}`);
    return {
      id: sha256Hex(`container:${c.name}`),
      name: c.name,
      image: c.image,
      imageId: img.id,
      created: now - c.createdAgo,
      startedAt: now - c.startedAgo,
      ...(c.finishedAgo !== undefined ? { finishedAt: now - c.finishedAgo } : {}),
      exitCode: c.exitCode ?? 0,
      running: c.finishedAgo === undefined,
      tty: c.tty,
      path: c.path,
      args: c.args,
      env: [...(c.env ?? []), ...img.config.Env],
      ports: c.ports,
      labels: { ...(img.config.Labels ?? {}), ...(c.labels ?? {}) },
      ip: c.finishedAgo === undefined ? `172.17.0.${2 + i}` : '',
      logKind: c.logKind,
    };
  });
}
