/**
 * The Node object the kubelet registers and the status it posts: capacity, allocatable,
 * conditions, addresses, daemon endpoints and node info, as a kubeadm node on Debian 12 with
 * containerd 1.7 reports them.
 */
import type { KubeObject } from '../apiserver/messages.ts';
import { memoryBytes } from '../../api/quantity.ts';

export interface NodeSpecInput {
  name: string;
  ip: string;
  podCIDR: string;
  controlPlane: boolean;
  cpu: string;
  memory: string;
  pods: number;
}

/** The Ready condition's input: ready, or why not (the kubelet's runtime errors, e.g. the CNI network). */
export type NodeReadiness = { ready: true } | { ready: false; message: string };

export function nodeObject(n: NodeSpecInput, nowMs: number, ts: (ms: number) => string, readiness: NodeReadiness = { ready: true }): KubeObject {
  const labels: Record<string, string> = { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': n.name, 'kubernetes.io/os': 'linux', 'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux' };
  if (n.controlPlane) {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  const capacity = { cpu: n.cpu, memory: n.memory, pods: String(n.pods), 'ephemeral-storage': '61202244Ki', 'hugepages-2Mi': '0' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: n.name, labels, annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' } },
    spec: { podCIDR: n.podCIDR, podCIDRs: [n.podCIDR], ...(n.controlPlane ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {}) },
    status: nodeStatus(n, nowMs, ts, capacity, readiness),
  };
}

function nodeStatus(n: NodeSpecInput, nowMs: number, ts: (ms: number) => string, capacity: Record<string, string>, readiness: NodeReadiness): Record<string, unknown> {
  const now = ts(nowMs);
  const cond = (type: string, status: string, reason: string, message: string) => ({ type, status, lastHeartbeatTime: now, lastTransitionTime: now, reason, message });
  return {
    capacity,
    allocatable: nodeAllocatable(capacity),
    conditions: [
      cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
      cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
      // nodestatus/setters.go ReadyCondition: False with reason KubeletNotReady and the runtime errors.
      readiness.ready ? cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status') : cond('Ready', 'False', 'KubeletNotReady', readiness.message),
    ],
    addresses: [
      { type: 'InternalIP', address: n.ip },
      { type: 'Hostname', address: n.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: { architecture: 'amd64', bootID: '', containerRuntimeVersion: 'containerd://1.7.24', kernelVersion: '6.1.0-28-amd64', kubeProxyVersion: 'v1.32.4', kubeletVersion: 'v1.32.4', machineID: '', operatingSystem: 'linux', osImage: 'Debian GNU/Linux 12 (bookworm)', systemUUID: '' },
  };
}

/**
 * Node allocatable (pkg/kubelet/cm/node_container_manager_linux.go GetNodeAllocatableReservation):
 * capacity less kube-reserved and system-reserved (kubeadm sets neither) and the hard eviction
 * thresholds: memory.available<100Mi, nodefs.available<10%. The percentage is a float32, so 10%
 * of 61202244Ki leaves 56403987978 bytes, the figure real nodes show.
 */
export function nodeAllocatable(capacity: Record<string, string>): Record<string, string> {
  const out = { ...capacity };
  const memKi = Math.floor(memoryBytes(capacity['memory'] ?? '0') / 1024) - 100 * 1024;
  out['memory'] = `${memKi}Ki`;
  const storage = memoryBytes(capacity['ephemeral-storage'] ?? '0');
  if (storage > 0) out['ephemeral-storage'] = String(storage - Math.trunc(storage * Math.fround(0.1)));
  return out;
}

