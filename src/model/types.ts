// Wire-shaped Kubernetes objects as kdeck keeps them: plain JSON as the API
// sends it (timestamps are RFC 3339 strings), trimmed to the fields kdeck reads.
// The model layer works on these shapes only, so it never depends on a client.

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
  generation?: number;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
}

export interface ContainerSpec {
  name: string;
  image?: string;
  ports?: { containerPort: number; name?: string; protocol?: string }[];
  [k: string]: unknown;
}

export interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: { reason?: string; message?: string; exitCode: number; signal?: number; startedAt?: string; finishedAt?: string };
}

export interface ContainerStatus {
  name: string;
  image?: string;
  imageID?: string;
  ready: boolean;
  started?: boolean;
  restartCount: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

export interface PodTemplateSpec {
  metadata?: Partial<ObjectMeta>;
  spec?: { containers: ContainerSpec[]; initContainers?: ContainerSpec[]; [k: string]: unknown };
}

export interface Pod extends KubeObject {
  spec?: {
    nodeName?: string;
    containers: ContainerSpec[];
    initContainers?: ContainerSpec[];
    restartPolicy?: string;
    [k: string]: unknown;
  };
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    startTime?: string;
    podIP?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
  };
}

export interface Deployment extends KubeObject {
  spec?: {
    replicas?: number;
    paused?: boolean;
    selector?: { matchLabels?: Record<string, string>; matchExpressions?: LabelSelectorRequirement[] };
    template?: PodTemplateSpec;
    [k: string]: unknown;
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    unavailableReplicas?: number;
    conditions?: { type: string; status: string; reason?: string; message?: string; lastUpdateTime?: string; lastTransitionTime?: string }[];
  };
}

export interface ReplicaSet extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string>; matchExpressions?: LabelSelectorRequirement[] };
    template?: PodTemplateSpec;
  };
  status?: { replicas?: number; readyReplicas?: number; availableReplicas?: number };
}

export interface Namespace extends KubeObject {
  status?: { phase?: string };
}

/** A cluster node (named KubeNode: `Node` is the DOM's). */
export interface KubeNode extends KubeObject {
  spec?: { unschedulable?: boolean; taints?: { key: string; value?: string; effect: string }[]; [k: string]: unknown };
  status?: {
    conditions?: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string; lastHeartbeatTime?: string }[];
    [k: string]: unknown;
  };
}

export interface KubeEvent extends KubeObject {
  involvedObject?: { kind?: string; namespace?: string; name?: string; uid?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/** The resource kinds kdeck lists and watches. */
export type ResourceKind = 'namespaces' | 'pods' | 'deployments' | 'replicasets' | 'events' | 'nodes';

export interface ResourceMaps {
  namespaces: Map<string, Namespace>;
  pods: Map<string, Pod>;
  deployments: Map<string, Deployment>;
  replicasets: Map<string, ReplicaSet>;
  events: Map<string, KubeEvent>;
  /** Cluster-scoped; stays empty (and unsynced) for a user who may not list nodes. */
  nodes: Map<string, KubeNode>;
}

/** Store key of an object: "namespace/name", or "name" for cluster-scoped objects. */
export function objectKey(o: KubeObject): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
}

/** One watch event as the sources deliver it. */
export type WatchEvent =
  | { kind: ResourceKind; type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: KubeObject }
  | { kind: ResourceKind; type: 'RESET'; objects: KubeObject[]; namespace?: string };

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'forbidden' | 'error';
