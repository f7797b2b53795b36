/**
 * NodeResourcesFit. Filter: the node's allocatable must cover what its pods already request
 * plus this pod's requests, per resource, and the pod count must stay within `pods`
 * allocatable (kubelet maxPods, 110 by default). Every shortfall is a reason. Score: the
 * default LeastAllocated strategy, cpu and memory weight 1: the emptier the node, the higher
 * (counting missing requests as 100m/200Mi).
 * K pkg/scheduler/framework/plugins/noderesources/fit.go (`fitsRequest`) and least_allocated.go.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { MAX_NODE_SCORE, newStatus, SUCCESS, type CycleState, type NodeInfo, type Status } from '../interface.ts';
import { nodeAllocatable, nodeNonZeroRequested, nodeRequested, podNonZeroRequests, podRequests } from '../resources.ts';

export const name = 'NodeResourcesFit';

export interface InsufficientResource {
  resourceName: 'pods' | 'cpu' | 'memory';
  reason: string;
  requested: number;
  used: number;
  capacity: number;
}

/** `fitsRequest`: the shortfalls in the order fit.go checks them (pods, cpu, memory). */
export function insufficientResources(pod: Pod, nodeInfo: NodeInfo): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const alloc = nodeAllocatable(nodeInfo.node);
  if (nodeInfo.pods.length + 1 > alloc.pods) out.push({ resourceName: 'pods', reason: 'Too many pods', requested: 1, used: nodeInfo.pods.length, capacity: alloc.pods });
  const req = podRequests(pod);
  // A pod that requests nothing only needs a pod slot.
  if (req.cpuMillis === 0 && req.memoryBytes === 0) return out;
  const used = nodeRequested(nodeInfo);
  if (req.cpuMillis > 0 && req.cpuMillis > alloc.cpuMillis - used.cpuMillis) out.push({ resourceName: 'cpu', reason: 'Insufficient cpu', requested: req.cpuMillis, used: used.cpuMillis, capacity: alloc.cpuMillis });
  if (req.memoryBytes > 0 && req.memoryBytes > alloc.memoryBytes - used.memoryBytes) out.push({ resourceName: 'memory', reason: 'Insufficient memory', requested: req.memoryBytes, used: used.memoryBytes, capacity: alloc.memoryBytes });
  return out;
}

export function filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
  const short = insufficientResources(pod, nodeInfo);
  return short.length === 0 ? SUCCESS : newStatus('Unschedulable', ...short.map((s) => s.reason));
}

/** least_allocated.go `leastRequestedScore`: (capacity − requested) × 100 / capacity, integer. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** LeastAllocated over cpu and memory (weight 1 each); a resource with no allocatable is left out. */
export function score(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
  const alloc = nodeAllocatable(nodeInfo.node);
  const used = nodeNonZeroRequested(nodeInfo);
  const req = podNonZeroRequests(pod);
  // The mean over the resources the node has (no array: this runs for every node of every cycle).
  let sum = 0;
  let n = 0;
  if (alloc.cpuMillis !== 0) {
    sum += leastRequestedScore(used.cpuMillis + req.cpuMillis, alloc.cpuMillis);
    n++;
  }
  if (alloc.memoryBytes !== 0) {
    sum += leastRequestedScore(used.memoryBytes + req.memoryBytes, alloc.memoryBytes);
    n++;
  }
  return n === 0 ? 0 : Math.trunc(sum / n);
}
