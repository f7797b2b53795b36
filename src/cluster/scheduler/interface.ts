/**
 * The scheduling framework's vocabulary, after K staging/src/k8s.io/kube-scheduler/framework/interface.go
 * (Status codes, extension points) and K pkg/scheduler/framework/types.go (NodeInfo).
 *
 * A plugin is a module that exports `name` and some of the extension points below; the framework
 * (framework.ts) calls them in the default profile's order. Plugins never import framework.ts.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { Resources } from './resources.ts';

/** The pods bound (or assumed) to a node that have not terminated, with the node itself. */
export interface NodeInfo {
  node: Node;
  pods: Pod[];
  /**
   * K types.go `NodeInfo.Requested` and `NonZeroRequested`: the sums of `pods`' requests, kept as
   * running totals by the scheduler's cache (nodeinfo.ts) so the resource plugins do not
   * re-add every pod per node per cycle. Absent (a NodeInfo built by hand): summed from `pods`.
   */
  requested?: Resources;
  nonZeroRequested?: Resources;
}

/** K interface.go `Code`. `Wait` and `Pending` belong to Permit and DRA, which are not modelled. */
export type StatusCode = 'Success' | 'Error' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Skip';

/** K interface.go `Status`: a code, the reasons shown in FailedScheduling, and who said so. */
export interface Status {
  code: StatusCode;
  reasons: string[];
  plugin?: string;
}

export const SUCCESS: Status = Object.freeze({ code: 'Success', reasons: [] }) as Status;
export const SKIP: Status = Object.freeze({ code: 'Skip', reasons: [] }) as Status;

export function newStatus(code: StatusCode, ...reasons: string[]): Status {
  return { code, reasons };
}

/** K interface.go `IsRejected`: Unschedulable or UnschedulableAndUnresolvable. */
export function isRejected(s: Status): boolean {
  return s.code === 'Unschedulable' || s.code === 'UnschedulableAndUnresolvable';
}

/** K interface.go: scores run from MinNodeScore to MaxNodeScore after normalization. */
export const MIN_NODE_SCORE = 0;
export const MAX_NODE_SCORE = 100;

export interface NodeScore {
  name: string;
  score: number;
}

/**
 * K interface.go `CycleState`: what one scheduling cycle shares between extension points.
 * `allNodes` is the snapshot (every node, in the order the scheduler lists them); `data` holds
 * what PreFilter/PreScore computed, keyed by plugin name.
 */
export interface CycleState {
  allNodes: NodeInfo[];
  data: Record<string, unknown>;
}

/**
 * K interface.go `PreFilterResult`: a PreFilter may reject the pod outright, skip its Filter, or
 * narrow the search to named nodes (NodeAffinity does for `matchFields: metadata.name`).
 */
export interface PreFilterResult {
  status: Status;
  nodeNames?: string[];
}

/**
 * The extension points a plugin may export (K interface.go PreFilterPlugin, FilterPlugin,
 * PreScorePlugin, ScorePlugin with ScoreExtensions.NormalizeScore). A PreFilter or PreScore that
 * returns Skip switches its Filter or Score off for this pod, as the framework does.
 */
export interface Plugin {
  name: string;
  preFilter?: (state: CycleState, pod: Pod) => PreFilterResult;
  filter?: (state: CycleState, pod: Pod, nodeInfo: NodeInfo) => Status;
  preScore?: (state: CycleState, pod: Pod, feasibleNodes: NodeInfo[]) => Status;
  score?: (state: CycleState, pod: Pod, nodeInfo: NodeInfo) => number;
  normalizeScore?: (state: CycleState, pod: Pod, scores: NodeScore[]) => NodeScore[];
}
