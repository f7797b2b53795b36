/**
 * Small builders for nodes and pods in the scheduler's tests, in the spirit of
 * K pkg/scheduler/testing/wrappers.go (`st.MakeNode()`, `st.MakePod()`).
 */
import type { Container, Node, Pod, Taint, Toleration, TopologySpreadConstraint, Affinity } from 'kubernetes-types/core/v1';
import type { CycleState, NodeInfo } from './interface.ts';

export interface NodeSpec {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  images?: { names: string[]; sizeBytes: number }[];
}

export function makeNode(name: string, s: NodeSpec = {}): Node {
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...s.labels } },
    spec: { ...(s.taints ? { taints: s.taints } : {}), ...(s.unschedulable ? { unschedulable: true } : {}) },
    status: { allocatable: { cpu: s.cpu ?? '4', memory: s.memory ?? '8Gi', pods: s.pods ?? '110' }, ...(s.images ? { images: s.images } : {}) },
  };
}

export interface PodSpec {
  namespace?: string;
  labels?: Record<string, string>;
  cpu?: string;
  memory?: string;
  image?: string;
  containers?: Container[];
  initContainers?: Container[];
  tolerations?: Toleration[];
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  hostPort?: number;
  topologySpreadConstraints?: TopologySpreadConstraint[];
  preemptionPolicy?: string;
  deleting?: boolean;
}

export function makePod(name: string, s: PodSpec = {}): Pod {
  const requests: Record<string, string> = {};
  if (s.cpu) requests['cpu'] = s.cpu;
  if (s.memory) requests['memory'] = s.memory;
  const container: Container = {
    name: 'app',
    image: s.image ?? 'nginx',
    ...(Object.keys(requests).length ? { resources: { requests } } : {}),
    ...(s.hostPort ? { ports: [{ containerPort: 80, hostPort: s.hostPort }] } : {}),
  };
  return {
    metadata: { name, namespace: s.namespace ?? 'default', ...(s.labels ? { labels: s.labels } : {}), ...(s.deleting ? { deletionTimestamp: '2026-11-22T00:00:00Z' } : {}) },
    spec: {
      containers: s.containers ?? [container],
      ...(s.initContainers ? { initContainers: s.initContainers } : {}),
      ...(s.tolerations ? { tolerations: s.tolerations } : {}),
      ...(s.nodeSelector ? { nodeSelector: s.nodeSelector } : {}),
      ...(s.affinity ? { affinity: s.affinity } : {}),
      ...(s.topologySpreadConstraints ? { topologySpreadConstraints: s.topologySpreadConstraints } : {}),
      ...(s.preemptionPolicy ? { preemptionPolicy: s.preemptionPolicy } : {}),
    },
  };
}

export function nodeInfo(node: Node, pods: Pod[] = []): NodeInfo {
  return { node, pods };
}

export function cycleState(allNodes: NodeInfo[] = []): CycleState {
  return { allNodes, data: {} };
}

/** `kubectl apply -f -` of a Pod `name` requesting `cpu` CPUs: the tests' pod that fits nowhere. */
export function applyPodRequestingCpu(name: string, cpu: string): string {
  return `kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: c
    image: nginx
    resources:
      requests:
        cpu: "${cpu}"
EOF`;
}
