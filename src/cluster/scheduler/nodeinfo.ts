/**
 * The scheduler cache's bookkeeping of one NodeInfo (K pkg/scheduler/framework/types.go
 * `NodeInfo.AddPod`, `RemovePod`): the pod list and the running totals of its requests.
 *
 * The list keeps the order the cache always had — a pod that is updated leaves its place and
 * goes to the end — and is changed in place rather than copied per event.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { NodeInfo } from './interface.ts';
import { podNonZeroRequests, podRequests, type Resources } from './resources.ts';

const ZERO: Resources = Object.freeze({ cpuMillis: 0, memoryBytes: 0 });

/** A NodeInfo with no pods yet, its totals at zero. */
export function emptyNodeInfo(node: Node): NodeInfo {
  return { node, pods: [], requested: ZERO, nonZeroRequested: ZERO };
}

export function addPodToNodeInfo(ni: NodeInfo, pod: Pod): void {
  if (ni.pods.length === 0) resetTotals(ni);
  ni.pods.push(pod);
  updateTotals(ni, pod, 1);
}

/** Takes out `pod`, the very object that was added. */
export function removePodFromNodeInfo(ni: NodeInfo, pod: Pod): void {
  const i = ni.pods.indexOf(pod);
  if (i < 0) return;
  ni.pods.splice(i, 1);
  if (ni.pods.length === 0) resetTotals(ni);
  else updateTotals(ni, pod, -1);
}

/** With no pods left the totals are exactly zero again, even if they had been dropped. */
function resetTotals(ni: NodeInfo): void {
  ni.requested = ZERO;
  ni.nonZeroRequested = ZERO;
}

/**
 * The totals are kept only while they are exact: whole, non-negative amounts below 2^53, whose
 * sum does not depend on the order pods came and went, so it equals the in-order sum over `pods`
 * that `nodeRequested` computes without them. Anything else (an absurd 8 PiB request) drops them
 * and that node is summed per cycle, as before, until it is empty again.
 */
function updateTotals(ni: NodeInfo, pod: Pod, sign: 1 | -1): void {
  if (!ni.requested || !ni.nonZeroRequested) return;
  const requested = addExact(ni.requested, podRequests(pod), sign);
  const nonZero = addExact(ni.nonZeroRequested, podNonZeroRequests(pod), sign);
  if (requested && nonZero) {
    ni.requested = requested;
    ni.nonZeroRequested = nonZero;
  } else {
    delete ni.requested;
    delete ni.nonZeroRequested;
  }
}

const exact = (n: number) => Number.isSafeInteger(n) && n >= 0;

function addExact(total: Resources, r: Resources, sign: 1 | -1): Resources | undefined {
  if (!exact(r.cpuMillis) || !exact(r.memoryBytes)) return undefined;
  const sum = { cpuMillis: total.cpuMillis + sign * r.cpuMillis, memoryBytes: total.memoryBytes + sign * r.memoryBytes };
  return exact(sum.cpuMillis) && exact(sum.memoryBytes) ? sum : undefined;
}
