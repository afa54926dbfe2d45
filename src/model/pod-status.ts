// The STATUS/READY/RESTARTS columns of `kubectl get pods`, derived the way
// kubectl's printPod does so on-call engineers see the words they know.

import { humanDuration, parseTimestamp } from './age.js';
import type { Health } from './health.js';
import type { ContainerSpec, ContainerStatus, Pod } from './types.js';

export type { Health } from './health.js';

export interface PodStatusInfo {
  /** What `kubectl get pods` prints in STATUS. */
  reason: string;
  /** "ready/total", e.g. "1/2". */
  ready: string;
  readyCount: number;
  total: number;
  restarts: number;
  /** "5 (2m ago)" like kubectl, or just "0". */
  restartsText: string;
  health: Health;
}

/** The part of a pod's status that does not depend on the clock (cacheable per pod object). */
export interface PodStatusCore {
  reason: string;
  readyCount: number;
  total: number;
  restarts: number;
  /** ms since epoch of the most recent restart counted in `restarts`, 0 when unknown. */
  lastRestart: number;
}

// Node controller's reason for pods on a node that stopped reporting.
const NODE_UNREACHABLE_REASON = 'NodeLost';

/** Sidecar containers: init containers with restartPolicy Always keep running and count as containers. */
function isRestartableInit(spec: ContainerSpec | undefined): boolean {
  return spec?.restartPolicy === 'Always';
}

function finishedAt(cs: ContainerStatus): number {
  return parseTimestamp(cs.lastState?.terminated?.finishedAt);
}

function conditionTrue(pod: Pod, type: string): boolean {
  return !!pod.status?.conditions?.some((c) => c.type === type && c.status === 'True');
}

export function podStatusCore(pod: Pod): PodStatusCore {
  const status = pod.status ?? {};
  const spec = pod.spec;
  const phase = status.phase ?? '';
  let reason = status.reason || phase;
  if (status.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) {
    reason = 'SchedulingGated';
  }

  let total = spec?.containers?.length ?? 0;
  let readyCount = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart = 0;
  let lastSidecarRestart = 0;

  const initSpecs = new Map<string, ContainerSpec>();
  for (const c of spec?.initContainers ?? []) {
    initSpecs.set(c.name, c);
    if (isRestartableInit(c)) total++;
  }
  const initCount = spec?.initContainers?.length ?? 0;

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i]!;
    const sidecar = isRestartableInit(initSpecs.get(cs.name));
    restarts += cs.restartCount ?? 0;
    const fin = finishedAt(cs);
    if (fin > lastRestart) lastRestart = fin;
    if (sidecar) {
      sidecarRestarts += cs.restartCount ?? 0;
      if (fin > lastSidecarRestart) lastSidecarRestart = fin;
    }
    const term = cs.state?.terminated;
    const waiting = cs.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (sidecar && cs.started) {
      if (cs.ready) readyCount++;
      continue;
    }
    if (term) {
      if (term.reason) reason = 'Init:' + term.reason;
      else if (term.signal) reason = `Init:Signal:${term.signal}`;
      else reason = `Init:ExitCode:${term.exitCode}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = 'Init:' + waiting.reason;
    } else {
      reason = `Init:${i}/${initCount}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(pod, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    // Walk backwards so the first container's state wins, as kubectl does.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i]!;
      restarts += cs.restartCount ?? 0;
      const fin = finishedAt(cs);
      if (fin > lastRestart) lastRestart = fin;
      const waiting = cs.state?.waiting;
      const term = cs.state?.terminated;
      if (waiting?.reason) {
        reason = waiting.reason;
      } else if (term?.reason) {
        reason = term.reason;
      } else if (term) {
        reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
      } else if (cs.ready && cs.state?.running) {
        hasRunning = true;
        readyCount++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = conditionTrue(pod, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata.deletionTimestamp && status.reason === NODE_UNREACHABLE_REASON) {
    reason = 'Unknown';
  } else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') {
    reason = 'Terminating';
  }

  return { reason, readyCount, total, restarts, lastRestart };
}

/** Waiting reasons of a container whose image cannot be pulled. */
export const PULL_REASONS: ReadonlySet<string> = new Set(['ImagePullBackOff', 'ErrImagePull', 'ErrImageNeverPull', 'InvalidImageName']);

/** Waiting reasons of a container that cannot be created or started. */
export const START_REASONS: ReadonlySet<string> = new Set([
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
  'StartError',
  'ContainerCannotRun',
  'PreStartHookError',
  'PostStartHookError',
]);

const BAD_REASONS = new Set([
  'CrashLoopBackOff',
  ...PULL_REASONS,
  'Error',
  'OOMKilled',
  'Evicted',
  'Failed',
  ...START_REASONS,
  'DeadlineExceeded',
  'Unknown',
  'NodeLost',
  'NodeAffinity',
  'UnexpectedAdmissionError',
]);

const WARN_REASONS = new Set([
  'Pending',
  'ContainerCreating',
  'PodInitializing',
  'NotReady',
  'Terminating',
  'SchedulingGated',
  'ContainerStatusUnknown',
]);

/** A restart this recent keeps an otherwise healthy pod yellow: it may be flapping. */
export const RECENT_RESTART_MS = 10 * 60 * 1000;

/** Health of a pod from its status; `now` only matters for the recent-restart rule. */
export function podHealth(core: PodStatusCore, phase: string | undefined, now: number): Health {
  const r = core.reason;
  if (r === 'Completed' || r === 'Succeeded') return 'done';
  if (BAD_REASONS.has(r)) return 'bad';
  if (r.startsWith('Init:')) {
    return /^Init:\d+\/\d+$/.test(r) ? 'warn' : 'bad';
  }
  if (r.startsWith('ExitCode:') || r.startsWith('Signal:')) return 'bad';
  if (WARN_REASONS.has(r)) return 'warn';
  if (r === 'Running') {
    if (core.readyCount < core.total) return 'warn';
    if (core.restarts > 0 && core.lastRestart > 0 && now - core.lastRestart < RECENT_RESTART_MS) return 'warn';
    return 'ok';
  }
  if (phase === 'Failed') return 'bad';
  if (phase === 'Succeeded') return 'done';
  return 'warn';
}

/** "5 (2m ago)" when the last restart time is known, else just the count. */
export function restartsText(restarts: number, lastRestart: number, now: number): string {
  if (restarts !== 0 && lastRestart > 0) return `${restarts} (${humanDuration(now - lastRestart)} ago)`;
  return String(restarts);
}

export function podStatus(pod: Pod, now: number): PodStatusInfo {
  const core = podStatusCore(pod);
  return {
    reason: core.reason,
    ready: `${core.readyCount}/${core.total}`,
    readyCount: core.readyCount,
    total: core.total,
    restarts: core.restarts,
    restartsText: restartsText(core.restarts, core.lastRestart, now),
    health: podHealth(core, pod.status?.phase, now),
  };
}
