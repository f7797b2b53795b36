/**
 * TaintToleration. Filter: the pod must tolerate every `NoSchedule` and `NoExecute` taint; the
 * first one it does not is named in the reason. Score: count the `PreferNoSchedule` taints the
 * pod does not tolerate (only its tolerations with effect PreferNoSchedule or no effect count),
 * then normalize in reverse so the node with the fewest scores 100.
 * K pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { MAX_NODE_SCORE, newStatus, SUCCESS, type CycleState, type NodeInfo, type NodeScore, type Status } from '../interface.ts';
import { findMatchingUntoleratedTaint, tolerationsTolerateTaint } from '../../../api/tolerations.ts';
import { defaultNormalizeScore } from './helper.ts';

export const name = 'TaintToleration';

export function filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
  const taint = findMatchingUntoleratedTaint(nodeInfo.node.spec?.taints, pod.spec?.tolerations, schedulingEffect);
  if (!taint) return SUCCESS;
  return newStatus('UnschedulableAndUnresolvable', `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
}

/** The taints the filter considers: those that keep pods off (or evict them from) the node. */
const schedulingEffect = (t: { effect?: string }) => t.effect === 'NoSchedule' || t.effect === 'NoExecute';

export function score(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
  // A node with no taints scores 0 for every pod: nothing to count, nothing to build.
  if (!nodeInfo.node.spec?.taints?.length) return 0;
  const preferNoScheduleTolerations = (pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
  return (nodeInfo.node.spec?.taints ?? []).filter((t) => t.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(preferNoScheduleTolerations, t)).length;
}

export function normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): NodeScore[] {
  return defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
}
