/**
 * NodePorts: a pod asking for a `hostPort` does not fit a node where another pod already holds
 * the same protocol and port on an overlapping host IP (0.0.0.0, the default, overlaps every IP).
 * K pkg/scheduler/framework/plugins/nodeports/node_ports.go and
 * K pkg/scheduler/framework/types.go `HostPortInfo.CheckConflict`.
 */
import type { ContainerPort, Pod } from 'kubernetes-types/core/v1';
import { newStatus, SKIP, SUCCESS, type CycleState, type NodeInfo, type PreFilterResult, type Status } from '../interface.ts';

export const name = 'NodePorts';

export const ERR_REASON = "node(s) didn't have free ports for the requested pod ports";

const BIND_ALL_HOST_IP = '0.0.0.0';

export interface HostPort {
  hostIP: string;
  protocol: string;
  hostPort: number;
}

/** The host ports of a pod's containers and sidecars, with defaults filled in (`sanitize`). */
export function hostPorts(pod: Pod): HostPort[] {
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
  return containers
    .flatMap((c) => c.ports ?? [])
    .filter((p: ContainerPort) => (p.hostPort ?? 0) > 0)
    .map((p) => ({ hostIP: p.hostIP || BIND_ALL_HOST_IP, protocol: p.protocol || 'TCP', hostPort: p.hostPort! }));
}

export function portsConflict(want: HostPort, used: HostPort): boolean {
  if (want.protocol !== used.protocol || want.hostPort !== used.hostPort) return false;
  return want.hostIP === BIND_ALL_HOST_IP || used.hostIP === BIND_ALL_HOST_IP || want.hostIP === used.hostIP;
}

export function preFilter(_state: CycleState, pod: Pod): PreFilterResult {
  return { status: hostPorts(pod).length === 0 ? SKIP : SUCCESS };
}

export function filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
  const wanted = hostPorts(pod);
  if (wanted.length === 0) return SUCCESS;
  const used = nodeInfo.pods.flatMap(hostPorts);
  return wanted.some((w) => used.some((u) => portsConflict(w, u))) ? newStatus('Unschedulable', ERR_REASON) : SUCCESS;
}
