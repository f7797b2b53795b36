/**
 * NodeUnschedulable: a cordoned node (`spec.unschedulable: true`) takes no new pods unless they
 * tolerate the `node.kubernetes.io/unschedulable:NoSchedule` taint.
 * K pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { newStatus, SUCCESS, type CycleState, type NodeInfo, type Status } from '../interface.ts';
import { tolerationsTolerateTaint } from '../../../api/tolerations.ts';

export const name = 'NodeUnschedulable';

export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';

export function filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
  if (!nodeInfo.node.spec?.unschedulable) return SUCCESS;
  const tolerated = tolerationsTolerateTaint(pod.spec?.tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });
  return tolerated ? SUCCESS : newStatus('UnschedulableAndUnresolvable', ERR_REASON_UNSCHEDULABLE);
}
