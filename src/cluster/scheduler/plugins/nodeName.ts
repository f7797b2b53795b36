/**
 * NodeName: a pod that names a node fits only that node. (The scheduler never sees pods whose
 * `spec.nodeName` is already set, so in practice this filter always passes; it is here because
 * the default profile has it.) K pkg/scheduler/framework/plugins/nodename/node_name.go
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { newStatus, SUCCESS, type CycleState, type NodeInfo, type Status } from '../interface.ts';

export const name = 'NodeName';

export const ERR_REASON = "node(s) didn't match the requested node name";

export function filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
  const wanted = pod.spec?.nodeName;
  if (!wanted || wanted === nodeInfo.node.metadata?.name) return SUCCESS;
  return newStatus('UnschedulableAndUnresolvable', ERR_REASON);
}
