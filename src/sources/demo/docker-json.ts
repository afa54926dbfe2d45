// The demo Docker host's objects in the engine's own JSON shapes (API 1.47):
// image summaries and inspects, history, container summaries and inspects,
// and the human "Up 3 days" / "Exited (0) 2 weeks ago" status texts.

import type { DemoContainer, DemoImage } from './docker-seed.js';
import type { DockerState } from './docker-state.js';

export const ENGINE_VERSION = '27.5.1';
export const API_VERSION = '1.47';
export const MIN_API_VERSION = '1.24';

const ZERO_TIME = '0001-01-01T00:00:00Z';

/** RFC 3339 with nanoseconds, as Go marshals time.Time. */
export function rfc3339Nano(ms: number): string {
  const d = new Date(Math.floor(ms));
  const frac = String(Math.floor((ms % 1000) * 1e6)).padStart(9, '0').replace(/0+$/, '');
  return d.toISOString().slice(0, 19) + (frac ? '.' + frac : '') + 'Z';
}

/** The docker/go-units wording users know from `docker ps`. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(ms / 3_600_000);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(ms / 3_600_000 / 24 / 365)} years`;
}

export function versionLess(a: string, b: string): boolean {
  const [a1, a2] = a.split('.').map(Number);
  const [b1, b2] = b.split('.').map(Number);
  return a1! < b1! || (a1 === b1 && a2! < b2!);
}

export function imageSummary(img: DemoImage, apiVersion: string): object {
  const untagged = img.tags.length === 0 && img.digests.length === 0;
  // Before API 1.43 the engine filled untagged images with placeholders.
  const old = versionLess(apiVersion, '1.43') && untagged;
  return {
    Containers: -1,
    Created: Math.floor(img.created / 1000),
    Id: img.id,
    Labels: img.config.Labels,
    ParentId: '',
    RepoDigests: old ? ['<none>@<none>'] : [...img.digests],
    RepoTags: old ? ['<none>:<none>'] : [...img.tags],
    SharedSize: -1,
    Size: img.size,
    ...(versionLess(apiVersion, '1.44') ? { VirtualSize: img.size } : {}),
  };
}

function containerConfigOf(img: DemoImage): object {
  const c = img.config;
  return {
    Hostname: '',
    Domainname: '',
    User: c.User ?? '',
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    ...(c.ExposedPorts ? { ExposedPorts: c.ExposedPorts } : {}),
    Tty: false,
    OpenStdin: false,
    StdinOnce: false,
    Env: c.Env,
    Cmd: c.Cmd,
    Image: '',
    Volumes: c.Volumes ?? null,
    WorkingDir: c.WorkingDir,
    Entrypoint: c.Entrypoint,
    OnBuild: null,
    Labels: c.Labels,
    ...(c.StopSignal ? { StopSignal: c.StopSignal } : {}),
  };
}

export function imageInspect(img: DemoImage): object {
  return {
    Id: img.id,
    RepoTags: [...img.tags],
    RepoDigests: [...img.digests],
    Parent: '',
    Comment: img.steps.some((s) => s.by.endsWith('# buildkit')) ? 'buildkit.dockerfile.v0' : '',
    Created: rfc3339Nano(img.created),
    DockerVersion: '',
    Author: '',
    Config: containerConfigOf(img),
    Architecture: 'amd64',
    Os: 'linux',
    Size: img.size,
    GraphDriver: {
      Data: { MergedDir: `/var/lib/docker/overlay2/${img.id.slice(7, 32)}/merged`, UpperDir: `/var/lib/docker/overlay2/${img.id.slice(7, 32)}/diff`, WorkDir: `/var/lib/docker/overlay2/${img.id.slice(7, 32)}/work` },
      Name: 'overlay2',
    },
    RootFS: { Type: 'layers', Layers: [...img.layers] },
    Metadata: { LastTagTime: ZERO_TIME },
  };
}

/** Newest step first; only the top step carries the id and tags, the rest are "<missing>" as for a pulled image. */
export function imageHistory(img: DemoImage): object[] {
  const n = img.steps.length;
  const out = img.steps.map((s, i) => ({
    Comment: s.by.endsWith('# buildkit') ? 'buildkit.dockerfile.v0' : '',
    // Steps of one build share a time; the base layers came earlier.
    Created: Math.floor((img.created - (i < 2 ? 9 * 86_400_000 : (n - 1 - i) * 1000)) / 1000),
    CreatedBy: s.by,
    Id: i === n - 1 ? img.id : '<missing>',
    Size: s.size,
    Tags: i === n - 1 && img.tags.length ? [...img.tags] : null,
  }));
  return out.reverse();
}

function statusText(c: DemoContainer, now: number): string {
  if (c.running) return `Up ${humanDuration(now - c.startedAt)}`;
  return `Exited (${c.exitCode}) ${humanDuration(now - (c.finishedAt ?? c.startedAt))} ago`;
}

function command(c: DemoContainer): string {
  const args = c.args.map((a) => (/\s/.test(a) ? `'${a}'` : a)).join(' ');
  return [c.path, args].filter(Boolean).join(' ');
}

function networks(c: DemoContainer): object {
  return {
    bridge: {
      IPAMConfig: null,
      Links: null,
      Aliases: null,
      MacAddress: c.ip ? `02:42:ac:11:00:0${c.ip.split('.').pop()}` : '',
      NetworkID: '6f0d39bd8a1c0e6a6a3c4f4d1a1f2f4bbd10c4a9fd9a7b1b2fd4d4e0b6c9f1e2',
      EndpointID: c.ip ? c.id.slice(0, 64) : '',
      Gateway: c.ip ? '172.17.0.1' : '',
      IPAddress: c.ip,
      IPPrefixLen: c.ip ? 16 : 0,
      IPv6Gateway: '',
      GlobalIPv6Address: '',
      GlobalIPv6PrefixLen: 0,
      DriverOpts: null,
      DNSNames: null,
    },
  };
}

export function containerSummary(state: DockerState, c: DemoContainer, now: number): object {
  return {
    Id: c.id,
    Names: [`/${c.name}`],
    Image: state.containerImage(c),
    ImageID: c.imageId,
    Command: command(c),
    Created: Math.floor(c.created / 1000),
    Ports: c.running ? c.ports.map((p) => ({ ...p })) : [],
    Labels: c.labels,
    State: c.running ? 'running' : 'exited',
    Status: statusText(c, now),
    HostConfig: { NetworkMode: 'bridge' },
    NetworkSettings: { Networks: networks(c) },
    Mounts: [],
  };
}

export function containerInspect(state: DockerState, c: DemoContainer): object {
  const img = state.images.find((i) => i.id === c.imageId);
  const portMap: Record<string, { HostIp: string; HostPort: string }[] | null> = {};
  for (const p of c.ports) {
    const key = `${p.PrivatePort}/${p.Type}`;
    if (p.PublicPort !== undefined && c.running) (portMap[key] ??= []).push({ HostIp: p.IP ?? '', HostPort: String(p.PublicPort) });
    else portMap[key] ??= null;
  }
  return {
    Id: c.id,
    Created: rfc3339Nano(c.created),
    Path: c.path,
    Args: c.args,
    State: {
      Status: c.running ? 'running' : 'exited',
      Running: c.running,
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: c.running ? 1000 + (parseInt(c.id.slice(0, 4), 16) % 30000) : 0,
      ExitCode: c.exitCode,
      Error: '',
      StartedAt: rfc3339Nano(c.startedAt),
      FinishedAt: c.finishedAt !== undefined ? rfc3339Nano(c.finishedAt) : ZERO_TIME,
    },
    Image: c.imageId,
    ResolvConfPath: `/var/lib/docker/containers/${c.id}/resolv.conf`,
    HostnamePath: `/var/lib/docker/containers/${c.id}/hostname`,
    HostsPath: `/var/lib/docker/containers/${c.id}/hosts`,
    LogPath: `/var/lib/docker/containers/${c.id}/${c.id}-json.log`,
    Name: `/${c.name}`,
    RestartCount: 0,
    Driver: 'overlay2',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    ExecIDs: null,
    HostConfig: {
      NetworkMode: 'bridge',
      LogConfig: { Type: 'json-file', Config: {} },
      PortBindings: Object.fromEntries(c.ports.filter((p) => p.PublicPort !== undefined && p.IP !== '::').map((p) => [`${p.PrivatePort}/${p.Type}`, [{ HostIp: '', HostPort: String(p.PublicPort) }]])),
      RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
      AutoRemove: false,
    },
    Mounts: [],
    Config: {
      Hostname: c.id.slice(0, 12),
      Domainname: '',
      User: img?.config.User ?? '',
      AttachStdin: c.tty,
      AttachStdout: true,
      AttachStderr: true,
      ...(img?.config.ExposedPorts ? { ExposedPorts: img.config.ExposedPorts } : {}),
      Tty: c.tty,
      OpenStdin: c.tty,
      StdinOnce: false,
      Env: c.env,
      Cmd: img?.config.Entrypoint ? c.args : [c.path, ...c.args],
      Image: c.image,
      Volumes: img?.config.Volumes ?? null,
      WorkingDir: img?.config.WorkingDir ?? '',
      Entrypoint: img?.config.Entrypoint ? [c.path] : null,
      OnBuild: null,
      Labels: c.labels,
    },
    NetworkSettings: {
      Bridge: '',
      SandboxID: c.running ? c.id.split('').reverse().join('') : '',
      SandboxKey: c.running ? `/var/run/docker/netns/${c.id.slice(0, 12)}` : '',
      Ports: c.running ? portMap : {},
      Networks: networks(c),
    },
  };
}
