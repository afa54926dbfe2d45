// The demo's nodes: three Ready workers that run every pod, and one that has
// gone NotReady (its kubelet reports the network plugin down), tainted so the
// scheduler keeps away from it, as the node lifecycle controller would. The
// e2e cluster has the same four (cluster/seed/nodes.yaml, kwok stages).

import type { KubeNode } from '../../model/types.js';
import { NODES } from './behaviour.js';
import type { EventRecorder } from './events.js';
import type { Store } from './store.js';
import { isoSeconds } from './util.js';

export const NOT_READY_NODE = 'node-4';
/** How long before the seed's "now" node-4 stopped being Ready. */
export const NOT_READY_FOR_MS = 3 * 3_600_000;
export const NOT_READY_MESSAGE = 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized';

const DAY = 86_400_000;

function makeNode(name: string, index: number, created: number, ready: { ok: boolean; since: number }, now: number): KubeNode {
  const zone = `zone-${'abcd'[index]}`;
  const cond = (type: string, status: string, reason: string, message: string, since: number) => ({
    type,
    status,
    reason,
    message,
    lastHeartbeatTime: isoSeconds(now),
    lastTransitionTime: isoSeconds(since),
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      creationTimestamp: isoSeconds(created),
      labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'topology.kubernetes.io/zone': zone },
    },
    spec: ready.ok ? {} : { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] },
    status: {
      conditions: [
        cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', created),
        cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', created),
        cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', created),
        ready.ok
          ? cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', ready.since)
          : cond('Ready', 'False', 'KubeletNotReady', NOT_READY_MESSAGE, ready.since),
      ],
      addresses: [
        { type: 'InternalIP', address: `10.0.0.${11 + index}` },
        { type: 'Hostname', address: name },
      ],
      capacity: { cpu: '8', memory: '32Gi', pods: '110' },
      allocatable: { cpu: '8', memory: '32Gi', pods: '110' },
      nodeInfo: { kubeletVersion: 'v1.31.0', containerRuntimeVersion: 'containerd://1.7.20', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0-23-amd64', architecture: 'amd64', operatingSystem: 'linux' },
    },
  };
}

export function seedNodes(store: Store, events: EventRecorder, now: number): void {
  const created = now - 45 * DAY;
  NODES.forEach((name, i) => store.create('nodes', makeNode(name, i, created, { ok: true, since: created }, now), true));
  const since = now - NOT_READY_FOR_MS;
  const down = makeNode(NOT_READY_NODE, NODES.length, created, { ok: false, since }, now);
  store.create('nodes', down, true);
  events.seed({ kind: 'Node', apiVersion: 'v1', object: down }, 'Normal', 'NodeNotReady', `Node ${NOT_READY_NODE} status is now: NodeNotReady`, 'node-controller', since, since, 1);
}
