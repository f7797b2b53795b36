/**
 * One scheduling cycle of the v1.32 default profile, as pure functions:
 * PreFilter → Filter (each node, stopping at the first plugin that rejects it) → PostFilter
 * (DefaultPreemption, message only) → PreScore → Score → NormalizeScore → weights → selectHost.
 * K pkg/scheduler/schedule_one.go (`schedulePod`, `findNodesThatFitPod`,
 * `findNodesThatPassFilters`, `numFeasibleNodesToFind`, `prioritizeNodes`, `selectHost`) and
 * K pkg/scheduler/framework/runtime/framework.go (`RunFilterPlugins`, `RunScorePlugins`).
 *
 * Every decision comes with per-node verdicts (which filter rejected the node and why, each
 * plugin's normalized score and weight) so a learner can see why a pod landed where it did or
 * why it is Pending.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { isRejected, type CycleState, type NodeInfo, type NodeScore, type Plugin, type Status } from './interface.ts';
import * as ImageLocality from './plugins/imageLocality.ts';
import * as NodeAffinity from './plugins/nodeAffinity.ts';
import * as NodeName from './plugins/nodeName.ts';
import * as NodePorts from './plugins/nodePorts.ts';
import * as NodeResourcesBalancedAllocation from './plugins/nodeResourcesBalancedAllocation.ts';
import * as NodeResourcesFit from './plugins/nodeResourcesFit.ts';
import * as NodeUnschedulable from './plugins/nodeUnschedulable.ts';
import * as PodTopologySpread from './plugins/podTopologySpread.ts';
import * as TaintToleration from './plugins/taintToleration.ts';
import { withField } from '../../api/objects.ts';

export type { NodeInfo, Status, Plugin, CycleState, NodeScore } from './interface.ts';
export { podRequests, podNonZeroRequests } from './resources.ts';

export interface FilterVerdict {
  plugin: string;
  passed: boolean;
  reasons: string[];
}
/** A plugin's normalized score (0..100) before its weight is applied. */
export interface ScoreVerdict {
  plugin: string;
  score: number;
  weight: number;
}
export interface NodeVerdict {
  node: string;
  filters: FilterVerdict[];
  scores: ScoreVerdict[];
  /** Σ score × weight; null when the node was not scored (infeasible, or the only feasible node). */
  totalScore: number | null;
  feasible: boolean;
}
export type ScheduleResult =
  | { kind: 'scheduled'; node: string; verdicts: NodeVerdict[]; evaluatedNodes: number; feasibleNodes: number }
  | { kind: 'unschedulable'; message: string; verdicts: NodeVerdict[]; evaluatedNodes: number };

export interface ScheduleOptions {
  /** Where the previous cycle stopped searching (`sched.nextStartNodeIndex`). */
  nextStartNodeIndex: number;
  /** Uniform pick in [0, n) among the best-scoring nodes (a seeded PRNG). */
  pickIndex: (n: number) => number;
  /** 0 or unset: the adaptive default. */
  percentageOfNodesToScore?: number;
}

/** A plugin of the profile and its score weight (K pkg/scheduler/apis/config/v1/default_plugins.go). */
export interface ProfilePlugin {
  plugin: Plugin;
  weight: number;
}

/**
 * The v1.32 default profile in its MultiPoint order, restricted to the modelled plugins
 * (no volumes, InterPodAffinity, DRA; PrioritySort lives in queue.ts, DefaultPreemption in
 * `preemptionMessage`, DefaultBinder in the scheduler process).
 */
export const DEFAULT_PROFILE: readonly ProfilePlugin[] = [
  { plugin: NodeUnschedulable, weight: 0 },
  { plugin: NodeName, weight: 0 },
  { plugin: TaintToleration, weight: 3 },
  { plugin: NodeAffinity, weight: 2 },
  { plugin: NodePorts, weight: 0 },
  { plugin: NodeResourcesFit, weight: 1 },
  { plugin: PodTopologySpread, weight: 2 },
  { plugin: NodeResourcesBalancedAllocation, weight: 1 },
  { plugin: ImageLocality, weight: 1 },
];

/** K pkg/scheduler/schedule_one.go */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** K schedule_one.go `ErrNoNodesAvailable`. */
export const ERR_NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

/**
 * How many feasible nodes to find before the search stops. Under 100 nodes: all of them.
 * Otherwise `percentageOfNodesToScore`, or adaptively 50% − 1% per 125 nodes (at least 5%),
 * and never fewer than 100 nodes.
 */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number | undefined, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore ?? 0;
  if (percentage === 0) percentage = Math.max(50 - Math.trunc(numAllNodes / 125), MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND);
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return Math.max(numNodes, MIN_FEASIBLE_NODES_TO_FIND);
}

/**
 * K pkg/scheduler/framework/types.go `FitError.Error`:
 * "0/N nodes are available: <count> <reason>, ...." with the histogram of reasons over nodes
 * sorted as strings; then the PostFilter (preemption) message, itself a FitError over the
 * preemption verdict of each node.
 */
export function fitErrorMessage(numAllNodes: number, reasonsByNode: Map<string, string[]>, preemption?: Map<string, string>): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  const histogram = new Map<string, number>();
  for (const reasons of reasonsByNode.values()) for (const r of reasons) histogram.set(r, (histogram.get(r) ?? 0) + 1);
  const sorted = [...histogram].map(([reason, count]) => `${count} ${reason}`).sort(compareGoStrings);
  if (sorted.length > 0) msg += ` ${sorted.join(', ')}.`;
  if (preemption) msg += ` preemption: ${fitErrorMessage(numAllNodes, new Map([...preemption].map(([n, r]) => [n, [r]])))}`;
  return msg;
}

/** Go's sort.Strings compares bytes; for these ASCII texts that is UTF-16 code-unit order. */
function compareGoStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** K pkg/scheduler/framework/preemption/preemption.go, plugins/defaultpreemption/default_preemption.go */
export const PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_PREEMPTION_VICTIMS = 'No preemption victims found for incoming pod';
export const PREEMPTION_POLICY_NEVER = 'not eligible due to preemptionPolicy=Never.';

/**
 * DefaultPreemption's verdict per node (`nodesWherePreemptionMightHelp`, `SelectVictimsOnNode`):
 * removing pods cannot fix an UnschedulableAndUnresolvable node; on the others it could only help
 * by evicting lower-priority pods, and the model treats every pod as priority 0, so there are
 * never victims and never a preemption.
 */
export function preemptionVerdicts(statusByNode: Map<string, Status>): Map<string, string> {
  return new Map([...statusByNode].map(([node, s]) => [node, s.code === 'UnschedulableAndUnresolvable' ? PREEMPTION_NOT_HELPFUL : NO_PREEMPTION_VICTIMS]));
}

/** The whole FailedScheduling message: filter reasons, then what preemption said. */
export function unschedulableMessage(pod: Pod, numAllNodes: number, statusByNode: Map<string, Status>): string {
  const reasons = new Map([...statusByNode].map(([n, s]) => [n, s.reasons]));
  if (pod.spec?.preemptionPolicy === 'Never') return `${fitErrorMessage(numAllNodes, reasons)} preemption: ${PREEMPTION_POLICY_NEVER}`;
  return fitErrorMessage(numAllNodes, reasons, preemptionVerdicts(statusByNode));
}

const nodeName = (ni: NodeInfo) => ni.node.metadata?.name ?? '';

/** framework.go `RunFilterPlugins`: run filters in order, stop at the first that does not succeed. */
export function runFilterPlugins(profile: readonly ProfilePlugin[], skipped: Set<string>, state: CycleState, pod: Pod, nodeInfo: NodeInfo): { status: Status; filters: FilterVerdict[] } {
  const filters: FilterVerdict[] = [];
  for (const { plugin } of profile) {
    if (!plugin.filter || skipped.has(plugin.name)) continue;
    const s = plugin.filter(state, pod, nodeInfo);
    const passed = s.code === 'Success';
    // Every node of every cycle passes most filters: their verdicts share one empty, frozen list.
    filters.push({ plugin: plugin.name, passed, reasons: s.reasons.length === 0 ? NO_REASONS : [...s.reasons] });
    if (!passed) return { status: withField(s, 'plugin', plugin.name), filters };
  }
  return { status: FEASIBLE, filters };
}
const NO_REASONS: string[] = Object.freeze([]) as unknown as string[];
const FEASIBLE: Status = Object.freeze({ code: 'Success', reasons: NO_REASONS }) as Status;

/**
 * framework.go `RunScorePlugins`: for each plugin whose PreScore did not skip, score every
 * feasible node, normalize, and multiply by the weight.
 */
export function runScorePlugins(profile: readonly ProfilePlugin[], state: CycleState, pod: Pod, feasible: NodeInfo[]): Map<string, ScoreVerdict[]> {
  const out = new Map<string, ScoreVerdict[]>(feasible.map((ni) => [nodeName(ni), []]));
  for (const { plugin, weight } of profile) {
    if (!plugin.score || weight === 0) continue;
    if (plugin.preScore && plugin.preScore(state, pod, feasible).code === 'Skip') continue;
    let scores: NodeScore[] = feasible.map((ni) => ({ name: nodeName(ni), score: plugin.score!(state, pod, ni) }));
    if (plugin.normalizeScore) scores = plugin.normalizeScore(state, pod, scores);
    for (const s of scores) out.get(s.name)?.push({ plugin: plugin.name, score: s.score, weight });
  }
  return out;
}

/** `selectHost`: the highest total; a tie is broken uniformly by the caller's PRNG. */
export function selectHost(totals: { node: string; total: number }[], pickIndex: (n: number) => number): string {
  let best = -Infinity;
  for (const t of totals) if (t.total > best) best = t.total;
  const tied = totals.filter((t) => t.total === best);
  const chosen = tied.length === 1 ? tied[0] : tied[pickIndex(tied.length)];
  if (!chosen) throw new Error(`selectHost: pickIndex returned an index outside [0, ${tied.length})`);
  return chosen.node;
}

/**
 * Schedule one pod onto one of `nodes` (the scheduler's snapshot; never a pod with
 * `spec.nodeName` set). Returns the decision with per-node verdicts and where the next
 * cycle should start searching.
 */
export function schedulePod(pod: Pod, nodes: NodeInfo[], opts: ScheduleOptions, profile: readonly ProfilePlugin[] = DEFAULT_PROFILE): ScheduleResult & { nextStartNodeIndex: number } {
  const next = opts.nextStartNodeIndex;
  if (nodes.length === 0) return { kind: 'unschedulable', message: ERR_NO_NODES_AVAILABLE, verdicts: [], evaluatedNodes: 0, nextStartNodeIndex: next };
  const state: CycleState = { allNodes: nodes, data: {} };

  // PreFilter: a plugin may reject the pod for every node, switch its own Filter off, or
  // narrow the candidates to named nodes (results intersect).
  const skipped = new Set<string>();
  let narrowedTo: Set<string> | undefined;
  const pluginsWithNodes: string[] = [];
  for (const { plugin } of profile) {
    if (!plugin.preFilter) continue;
    const r = plugin.preFilter(state, pod);
    if (r.status.code === 'Skip') {
      skipped.add(plugin.name);
      continue;
    }
    if (isRejected(r.status)) return preFilterRejection(pod, nodes, plugin.name, r.status, next);
    if (r.nodeNames) {
      pluginsWithNodes.push(plugin.name);
      const names = new Set(r.nodeNames);
      narrowedTo = narrowedTo ? new Set([...narrowedTo].filter((n) => names.has(n))) : names;
      if (narrowedTo.size === 0) {
        const msg = pluginsWithNodes.length === 1 ? `node(s) didn't satisfy plugin ${pluginsWithNodes[0]}` : `node(s) didn't satisfy plugin(s) [${[...pluginsWithNodes].sort().join(' ')}] simultaneously`;
        return preFilterRejection(pod, nodes, pluginsWithNodes.join(','), { code: 'UnschedulableAndUnresolvable', reasons: [msg] }, next);
      }
    }
  }

  // Nodes a PreFilter left out count as UnschedulableAndUnresolvable but were not evaluated.
  const statusByNode = new Map<string, Status>();
  const verdicts: NodeVerdict[] = [];
  let candidates = nodes;
  if (narrowedTo) {
    const keep = narrowedTo;
    candidates = nodes.filter((ni) => keep.has(nodeName(ni)));
    const absent: Status = { code: 'UnschedulableAndUnresolvable', reasons: [`node(s) didn't satisfy plugin(s) [${[...pluginsWithNodes].sort().join(' ')}]`] };
    for (const ni of nodes) {
      if (keep.has(nodeName(ni))) continue;
      statusByNode.set(nodeName(ni), absent);
      verdicts.push({ node: nodeName(ni), filters: [{ plugin: pluginsWithNodes.join(','), passed: false, reasons: absent.reasons }], scores: [], totalScore: null, feasible: false });
    }
  }

  // Filter, starting where the last cycle stopped, until enough feasible nodes are found.
  const numNodesToFind = numFeasibleNodesToFind(opts.percentageOfNodesToScore, candidates.length);
  const feasible: NodeInfo[] = [];
  const evaluated: { ni: NodeInfo; filters: FilterVerdict[] }[] = [];
  let failed = 0;
  for (let i = 0; i < candidates.length && feasible.length < numNodesToFind; i++) {
    const ni = candidates[(next + i) % candidates.length]!;
    const { status, filters } = runFilterPlugins(profile, skipped, state, pod, ni);
    evaluated.push({ ni, filters });
    if (status.code === 'Success') feasible.push(ni);
    else {
      statusByNode.set(nodeName(ni), status);
      failed++;
    }
  }
  const nextStartNodeIndex = (next + feasible.length + failed) % nodes.length;
  const evaluatedNodes = feasible.length + failed;

  if (feasible.length === 0) {
    for (const e of evaluated) verdicts.push({ node: nodeName(e.ni), filters: e.filters, scores: [], totalScore: null, feasible: false });
    return { kind: 'unschedulable', message: unschedulableMessage(pod, nodes.length, statusByNode), verdicts, evaluatedNodes, nextStartNodeIndex };
  }

  // One feasible node: no need to score it.
  const scores = feasible.length === 1 ? new Map<string, ScoreVerdict[]>() : runScorePlugins(profile, state, pod, feasible);
  const totals: { node: string; total: number }[] = [];
  for (const e of evaluated) {
    const name = nodeName(e.ni);
    const s = scores.get(name);
    const isFeasible = !statusByNode.has(name);
    let totalScore: number | null = null;
    if (s) {
      totalScore = 0;
      for (const v of s) totalScore += v.score * v.weight;
    }
    verdicts.push({ node: name, filters: e.filters, scores: s ?? [], totalScore, feasible: isFeasible });
    if (isFeasible) totals.push({ node: name, total: totalScore ?? 0 });
  }
  const node = feasible.length === 1 ? nodeName(feasible[0]!) : selectHost(totals, opts.pickIndex);
  return { kind: 'scheduled', node, verdicts, evaluatedNodes, feasibleNodes: feasible.length, nextStartNodeIndex };
}

/**
 * A PreFilter rejected the pod: every node gets the same status, and the message carries the
 * PreFilter's text once instead of a histogram (`FitError.Error` with `PreFilterMsg`).
 */
function preFilterRejection(pod: Pod, nodes: NodeInfo[], plugin: string, status: Status, next: number): ScheduleResult & { nextStartNodeIndex: number } {
  const statusByNode = new Map(nodes.map((ni) => [nodeName(ni), status]));
  const preemption = pod.spec?.preemptionPolicy === 'Never' ? PREEMPTION_POLICY_NEVER : fitErrorMessage(nodes.length, new Map([...preemptionVerdicts(statusByNode)].map(([n, r]) => [n, [r]])));
  const message = `0/${nodes.length} nodes are available: ${status.reasons.join(', ')}. preemption: ${preemption}`;
  const verdicts = nodes.map((ni) => ({ node: nodeName(ni), filters: [{ plugin, passed: false, reasons: [...status.reasons] }], scores: [], totalScore: null, feasible: false }));
  return { kind: 'unschedulable', message, verdicts, evaluatedNodes: 0, nextStartNodeIndex: next };
}
