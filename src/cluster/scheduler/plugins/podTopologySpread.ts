/**
 * PodTopologySpread: keep matching pods evenly spread over topology domains (zones, nodes...).
 *
 * Filter (constraints with `whenUnsatisfiable: DoNotSchedule`): for the node's domain,
 * `matching pods there + 1 if the pod matches itself − the fewest matching pods in any eligible
 * domain` must not exceed `maxSkew`. A node without the topology label cannot take part at all
 * ("missing required label"). With fewer eligible domains than `minDomains`, the minimum counts
 * as 0. Eligible domains come from nodes that carry every constraint's key and pass the
 * node-inclusion policies (`nodeAffinityPolicy: Honor`, `nodeTaintsPolicy: Ignore` by default).
 *
 * Score (constraints with `whenUnsatisfiable: ScheduleAnyway`): fewer matching pods in the
 * node's domains scores higher; each domain count is weighted by log(number of domains + 2).
 *
 * Not modelled: the cluster-level default constraints (`defaultConstraints`, system defaulting
 * for pods owned by Services/ReplicaSets); only the pod's own constraints count.
 * K pkg/scheduler/framework/plugins/podtopologyspread/{common,filtering,scoring}.go
 * (https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/)
 */
import type { Node, Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { MAX_NODE_SCORE, newStatus, SKIP, SUCCESS, type CycleState, type NodeInfo, type NodeScore, type PreFilterResult, type Status } from '../interface.ts';
import { labelSelectorMatches } from '../labels.ts';
import { findMatchingUntoleratedTaint } from '../../../api/tolerations.ts';
import { podMatchesNodeSelectorAndAffinityTerms } from './nodeAffinity.ts';

export const name = 'PodTopologySpread';

export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

const LABEL_HOSTNAME = 'kubernetes.io/hostname';

/** A constraint with its selector resolved (common.go `topologySpreadConstraint`). */
export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  selector: LabelSelector | undefined;
  minDomains: number;
  nodeAffinityPolicy: 'Honor' | 'Ignore';
  nodeTaintsPolicy: 'Honor' | 'Ignore';
}

/**
 * common.go `filterTopologySpreadConstraints`: the pod's constraints for one
 * `whenUnsatisfiable`, with `matchLabelKeys` folded into the selector as `key In [pod's value]`.
 */
export function spreadConstraints(pod: Pod, whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway'): SpreadConstraint[] {
  return (pod.spec?.topologySpreadConstraints ?? [])
    .filter((c: TopologySpreadConstraint) => c.whenUnsatisfiable === whenUnsatisfiable)
    .map((c) => {
      let selector = c.labelSelector;
      const podLabels = pod.metadata?.labels ?? {};
      const extra = (c.matchLabelKeys ?? []).filter((k) => Object.hasOwn(podLabels, k)).map((k) => ({ key: k, operator: 'In', values: [podLabels[k]!] }));
      if (selector && extra.length > 0) selector = { ...selector, matchExpressions: [...(selector.matchExpressions ?? []), ...extra] };
      return {
        maxSkew: c.maxSkew,
        topologyKey: c.topologyKey,
        selector,
        minDomains: c.minDomains ?? 1,
        nodeAffinityPolicy: c.nodeAffinityPolicy === 'Ignore' ? 'Ignore' : 'Honor',
        nodeTaintsPolicy: c.nodeTaintsPolicy === 'Honor' ? 'Honor' : 'Ignore',
      };
    });
}

/** common.go `countPodsMatchSelector`: same namespace, not terminating, labels match. */
export function countPodsMatchSelector(pods: Pod[], selector: LabelSelector | undefined, namespace: string | undefined): number {
  return pods.filter((p) => !p.metadata?.deletionTimestamp && p.metadata?.namespace === namespace && labelSelectorMatches(selector, p.metadata?.labels)).length;
}

/** common.go `nodeLabelsMatchSpreadConstraints`: the node has every constraint's key. */
function nodeHasAllTopologyKeys(node: Node, constraints: SpreadConstraint[]): boolean {
  const labels = node.metadata?.labels ?? {};
  return constraints.every((c) => Object.hasOwn(labels, c.topologyKey));
}

/** common.go `matchNodeInclusionPolicies`. */
function matchNodeInclusionPolicies(c: SpreadConstraint, pod: Pod, node: Node): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !podMatchesNodeSelectorAndAffinityTerms(pod, node)) return false;
  if (c.nodeTaintsPolicy === 'Honor' && findMatchingUntoleratedTaint(node.spec?.taints, pod.spec?.tolerations, (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')) return false;
  return true;
}

const pairKey = (key: string, value: string) => `${key}\u0000${value}`;

interface PreFilterState {
  constraints: SpreadConstraint[];
  /** topology pair → matching pods in that domain, for every eligible domain (0 included). */
  tpPairToMatchNum: Map<string, number>;
}

/** filtering.go `calPreFilterState`. */
export function calPreFilterState(pod: Pod, allNodes: NodeInfo[]): PreFilterState {
  const constraints = spreadConstraints(pod, 'DoNotSchedule');
  const tpPairToMatchNum = new Map<string, number>();
  // Without constraints there is nothing to count: skip the pass over every node.
  if (constraints.length === 0) return { constraints, tpPairToMatchNum };
  for (const ni of allNodes) {
    if (!nodeHasAllTopologyKeys(ni.node, constraints)) continue;
    const labels = ni.node.metadata?.labels ?? {};
    for (const c of constraints) {
      if (!matchNodeInclusionPolicies(c, pod, ni.node)) continue;
      const k = pairKey(c.topologyKey, labels[c.topologyKey]!);
      tpPairToMatchNum.set(k, (tpPairToMatchNum.get(k) ?? 0) + countPodsMatchSelector(ni.pods, c.selector, pod.metadata?.namespace));
    }
  }
  return { constraints, tpPairToMatchNum };
}

/** filtering.go `minMatchNum`: the fewest matching pods in any domain of the key (0 below minDomains). */
function minMatchNum(state: PreFilterState, c: SpreadConstraint): number {
  const prefix = pairKey(c.topologyKey, '');
  let min = Number.MAX_SAFE_INTEGER;
  let domains = 0;
  for (const [k, n] of state.tpPairToMatchNum) {
    if (!k.startsWith(prefix)) continue;
    domains++;
    min = Math.min(min, n);
  }
  return domains < c.minDomains ? 0 : min;
}

const PRE_FILTER_KEY = 'PreFilterPodTopologySpread';
const PRE_SCORE_KEY = 'PreScorePodTopologySpread';

export function preFilter(state: CycleState, pod: Pod): PreFilterResult {
  const s = calPreFilterState(pod, state.allNodes);
  if (s.constraints.length === 0) return { status: SKIP };
  state.data[PRE_FILTER_KEY] = s;
  return { status: SUCCESS };
}

export function filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
  const s = (state.data[PRE_FILTER_KEY] as PreFilterState | undefined) ?? calPreFilterState(pod, state.allNodes);
  const labels = nodeInfo.node.metadata?.labels ?? {};
  for (const c of s.constraints) {
    if (!Object.hasOwn(labels, c.topologyKey)) return newStatus('UnschedulableAndUnresolvable', ERR_REASON_NODE_LABEL_NOT_MATCH);
    const selfMatchNum = labelSelectorMatches(c.selector, pod.metadata?.labels) ? 1 : 0;
    const matchNum = s.tpPairToMatchNum.get(pairKey(c.topologyKey, labels[c.topologyKey]!)) ?? 0;
    const skew = matchNum + selfMatchNum - minMatchNum(s, c);
    if (skew > c.maxSkew) return newStatus('Unschedulable', ERR_REASON_CONSTRAINTS_NOT_MATCH);
  }
  return SUCCESS;
}

interface PreScoreState {
  constraints: SpreadConstraint[];
  ignoredNodes: Set<string>;
  topologyPairToPodCounts: Map<string, number>;
  topologyNormalizingWeight: number[];
}

/** scoring.go `topologyNormalizingWeight`: log(size + 2), so one big domain does not dominate. */
export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

/** scoring.go `scoreForCount`. */
export function scoreForCount(count: number, maxSkew: number, tpWeight: number): number {
  return count * tpWeight + (maxSkew - 1);
}

/** scoring.go `PreScore` + `initPreScoreState`. */
export function preScore(state: CycleState, pod: Pod, feasibleNodes: NodeInfo[]): Status {
  const constraints = spreadConstraints(pod, 'ScheduleAnyway');
  if (constraints.length === 0) return SKIP;
  const ignoredNodes = new Set<string>();
  const counts = new Map<string, number>();
  const topoSize = constraints.map(() => 0);
  for (const ni of feasibleNodes) {
    // Nodes missing a topology key are scored 0 and left out of normalization.
    if (!nodeHasAllTopologyKeys(ni.node, constraints)) {
      ignoredNodes.add(ni.node.metadata?.name ?? '');
      continue;
    }
    constraints.forEach((c, i) => {
      if (c.topologyKey === LABEL_HOSTNAME) return; // counted per node in score
      const k = pairKey(c.topologyKey, ni.node.metadata!.labels![c.topologyKey]!);
      if (!counts.has(k)) {
        counts.set(k, 0);
        topoSize[i]!++;
      }
    });
  }
  const topologyNormalizingWeights = constraints.map((c, i) => topologyNormalizingWeight(c.topologyKey === LABEL_HOSTNAME ? feasibleNodes.length - ignoredNodes.size : topoSize[i]!));
  // Count matching pods on every node (feasible or not) that lies in a candidate domain.
  for (const ni of state.allNodes) {
    if (!nodeHasAllTopologyKeys(ni.node, constraints)) continue;
    for (const c of constraints) {
      if (!matchNodeInclusionPolicies(c, pod, ni.node)) continue;
      const k = pairKey(c.topologyKey, ni.node.metadata!.labels![c.topologyKey]!);
      const prev = counts.get(k);
      if (prev === undefined) continue;
      counts.set(k, prev + countPodsMatchSelector(ni.pods, c.selector, pod.metadata?.namespace));
    }
  }
  state.data[PRE_SCORE_KEY] = { constraints, ignoredNodes, topologyPairToPodCounts: counts, topologyNormalizingWeight: topologyNormalizingWeights } satisfies PreScoreState;
  return SUCCESS;
}

export function score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
  const s = state.data[PRE_SCORE_KEY] as PreScoreState | undefined;
  const node = nodeInfo.node;
  if (!s || s.ignoredNodes.has(node.metadata?.name ?? '')) return 0;
  const labels = node.metadata?.labels ?? {};
  let total = 0;
  s.constraints.forEach((c, i) => {
    const value = labels[c.topologyKey];
    if (value === undefined) return;
    const count = c.topologyKey === LABEL_HOSTNAME ? countPodsMatchSelector(nodeInfo.pods, c.selector, pod.metadata?.namespace) : (s.topologyPairToPodCounts.get(pairKey(c.topologyKey, value)) ?? 0);
    total += scoreForCount(count, c.maxSkew, s.topologyNormalizingWeight[i]!);
  });
  return Math.round(total);
}

/**
 * scoring.go `NormalizeScore`: fewer matching pods is better, so
 * score = 100 × (max + min − raw) / max; ignored nodes get 0; if every raw score is 0 all get 100.
 */
export function normalizeScore(state: CycleState, _pod: Pod, scores: NodeScore[]): NodeScore[] {
  const ignored = (state.data[PRE_SCORE_KEY] as PreScoreState | undefined)?.ignoredNodes ?? new Set<string>();
  const counted = scores.filter((s) => !ignored.has(s.name));
  const minScore = Math.min(...counted.map((s) => s.score));
  const maxScore = Math.max(0, ...counted.map((s) => s.score));
  return scores.map((s) => {
    if (ignored.has(s.name)) return { name: s.name, score: 0 };
    if (maxScore === 0) return { name: s.name, score: MAX_NODE_SCORE };
    return { name: s.name, score: Math.trunc((MAX_NODE_SCORE * (maxScore + minScore - s.score)) / maxScore) };
  });
}
