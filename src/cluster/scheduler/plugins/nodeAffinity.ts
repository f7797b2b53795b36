/**
 * NodeAffinity. Filter: the node must carry every `spec.nodeSelector` label AND match one of the
 * required `nodeSelectorTerms` (terms ORed, expressions inside a term ANDed). Score: the sum of
 * the weights of the matching preferred terms, normalized so the best node scores 100.
 * PreFilter narrows the search to the nodes named by `matchFields: metadata.name In [...]`
 * (how DaemonSet pods are pinned); the other nodes are reported as not satisfying the plugin.
 * K pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go
 * (https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity)
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { MAX_NODE_SCORE, newStatus, SKIP, SUCCESS, type CycleState, type NodeInfo, type NodeScore, type PreFilterResult, type Status } from '../interface.ts';
import { nodeSelectorTermMatches, nodeSelectorTermsMatch } from '../labels.ts';
import { defaultNormalizeScore } from './helper.ts';

export const name = 'NodeAffinity';

export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
export const ERR_REASON_CONFLICT = 'pod affinity terms conflict';

const requiredTerms = (pod: Pod) => pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;

/** `GetRequiredNodeAffinity(pod).Match(node)`: nodeSelector AND required terms. */
export function podMatchesNodeSelectorAndAffinityTerms(pod: Pod, node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms = requiredTerms(pod);
  // A required affinity with no terms places no constraint (the field is validated non-empty).
  if (terms === undefined || terms.length === 0) return true;
  return nodeSelectorTermsMatch(terms, node);
}

export function preFilter(_state: CycleState, pod: Pod): PreFilterResult {
  const terms = requiredTerms(pod);
  if (terms === undefined && pod.spec?.nodeSelector === undefined) return { status: SKIP };
  if (!terms || terms.length === 0) return { status: SUCCESS };
  let nodeNames: Set<string> | undefined;
  for (const t of terms) {
    let termNames: Set<string> | undefined;
    for (const r of t.matchFields ?? []) {
      if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
      const s = new Set(r.values ?? []);
      // Requirements in one term are ANDed: intersect.
      termNames = termNames === undefined ? s : new Set([...termNames].filter((n) => s.has(n)));
    }
    // A term without a node-name requirement could match any node.
    if (termNames === undefined) return { status: SUCCESS };
    nodeNames = new Set([...(nodeNames ?? []), ...termNames]);
  }
  if (nodeNames !== undefined && nodeNames.size === 0) return { status: newStatus('UnschedulableAndUnresolvable', ERR_REASON_CONFLICT) };
  return { status: SUCCESS, ...(nodeNames ? { nodeNames: [...nodeNames].sort() } : {}) };
}

export function filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
  return podMatchesNodeSelectorAndAffinityTerms(pod, nodeInfo.node) ? SUCCESS : newStatus('UnschedulableAndUnresolvable', ERR_REASON_POD);
}

const preferredTerms = (pod: Pod) => pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];

/** Nothing to score without preferred terms. */
export function preScore(_state: CycleState, pod: Pod): Status {
  return preferredTerms(pod).length === 0 ? SKIP : SUCCESS;
}

export function score(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
  return preferredTerms(pod).reduce((sum, t) => (t.weight !== 0 && nodeSelectorTermMatches(t.preference, nodeInfo.node) ? sum + t.weight : sum), 0);
}

export function normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): NodeScore[] {
  return defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
}
