/**
 * NodeResourcesBalancedAllocation: prefer nodes whose cpu and memory would be used in similar
 * fractions after placing the pod. score = (1 − std) × 100 where, for two resources,
 * std = |cpuFraction − memoryFraction| / 2 (fractions capped at 1). It counts real requests
 * (`useRequested`), not the 100m/200Mi scoring defaults.
 * K pkg/scheduler/framework/plugins/noderesources/balanced_allocation.go
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { MAX_NODE_SCORE, type CycleState, type NodeInfo } from '../interface.ts';
import { nodeAllocatable, nodeRequested, podRequests } from '../resources.ts';

export const name = 'NodeResourcesBalancedAllocation';

/** `balancedResourceScorer` over (requested, allocatable) pairs. */
export function balancedResourceScore(requested: number[], allocatable: number[]): number {
  const fractions: number[] = [];
  requested.forEach((r, i) => {
    const a = allocatable[i] ?? 0;
    if (a === 0) return;
    fractions.push(Math.min(1, r / a));
  });
  let std = 0;
  if (fractions.length === 2) std = Math.abs((fractions[0]! - fractions[1]!) / 2);
  else if (fractions.length > 2) {
    const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length;
    std = Math.sqrt(fractions.reduce((s, f) => s + (f - mean) ** 2, 0) / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

export function score(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
  const alloc = nodeAllocatable(nodeInfo.node);
  const used = nodeRequested(nodeInfo);
  const req = podRequests(pod);
  return balancedResourceScore([used.cpuMillis + req.cpuMillis, used.memoryBytes + req.memoryBytes], [alloc.cpuMillis, alloc.memoryBytes]);
}
