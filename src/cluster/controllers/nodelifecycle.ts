/**
 * The node lifecycle controller and taint-based eviction (K pkg/controller/nodelifecycle
 * node_lifecycle_controller.go, pkg/controller/tainteviction), with v1.32 defaults (reference §3):
 * every --node-monitor-period (5 s) it checks each node's heartbeat — the node Lease's renewTime
 * or the Ready condition's lastHeartbeatTime, timed on its own clock as `probeTimestamp` — and
 * after --node-monitor-grace-period (50 s) of silence sets every condition Unknown
 * (`NodeStatusUnknown`, "Kubelet stopped posting node status."), marks the node's pods not
 * ready, and taints the node `node.kubernetes.io/unreachable` (NoSchedule and NoExecute).
 * Pods that tolerate NoExecute for tolerationSeconds (300 s by the DefaultTolerationSeconds
 * admission) are deleted when that time has passed since the taint was added.
 *
 * Simplified: no eviction rate limiting by zone (--node-eviction-rate 0.1/s), no
 * node-startup-grace-period; checks run on the 5 s tick, so evictions happen up to 5 s late.
 */
import type { KubeObject } from '../apiserver/messages.ts';
import type { ControllerAction, ControllerContext } from './types.ts';

export const NODE_MONITOR_PERIOD_MS = 5_000;
export const NODE_MONITOR_GRACE_PERIOD_MS = 50_000;

export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';

export interface NodeHealth {
  probeTimestampMs: number;
  /** The heartbeat last seen: lease renewTime and Ready lastHeartbeatTime. */
  heartbeat: string;
  /** Pods already evicted (deleted) by the taint manager, by uid. */
  evicted: Record<string, true>;
}

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
}

interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

function conditionsOf(node: KubeObject): Condition[] {
  return (((node['status'] ?? {}) as { conditions?: Condition[] }).conditions ?? []);
}

function taintsOf(node: KubeObject): Taint[] {
  return (((node['spec'] ?? {}) as { taints?: Taint[] }).taints ?? []);
}

/** One monitor pass over every node; `health` is the controller's own memory between passes. */
export function monitorNodeHealth(ctx: ControllerContext, health: Record<string, NodeHealth>, timestamp: (ms: number) => string, parseTime: (s: string) => number): ControllerAction[] {
  const actions: ControllerAction[] = [];
  const nodes = ctx.list('nodes');
  const names = new Set(nodes.map((n) => n.metadata!.name!));
  for (const name of Object.keys(health)) if (!names.has(name)) delete health[name];
  for (const node of nodes) {
    const name = node.metadata!.name!;
    const lease = ctx.get('leases', 'kube-node-lease', name);
    const ready = conditionsOf(node).find((c) => c.type === 'Ready');
    const heartbeat = `${(lease?.['spec'] as { renewTime?: string } | undefined)?.renewTime ?? ''}|${ready?.lastHeartbeatTime ?? ''}`;
    let h = health[name];
    if (!h) h = health[name] = { probeTimestampMs: ctx.nowMs, heartbeat, evicted: {} };
    if (h.heartbeat !== heartbeat) {
      h.heartbeat = heartbeat;
      h.probeTimestampMs = ctx.nowMs;
    }
    const silentMs = ctx.nowMs - h.probeTimestampMs;
    if (silentMs > NODE_MONITOR_GRACE_PERIOD_MS && ready?.status !== 'Unknown') {
      actions.push(...markNodeUnknown(ctx, node, timestamp));
      continue;
    }
    actions.push(...reconcileTaints(node, ready?.status ?? 'Unknown', timestamp(ctx.nowMs)));
    actions.push(...evictPods(ctx, node, h, parseTime));
  }
  return actions;
}

function markNodeUnknown(ctx: ControllerContext, node: KubeObject, timestamp: (ms: number) => string): ControllerAction[] {
  const now = timestamp(ctx.nowMs);
  const name = node.metadata!.name!;
  const conditions = conditionsOf(node).map((c) => ({ ...c, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: now }));
  const actions: ControllerAction[] = [
    { type: 'updateStatus', resource: 'nodes', namespace: '', object: { ...node, status: { ...((node['status'] as object) ?? {}), conditions } } },
    { type: 'event', object: node, eventType: 'Normal', reason: 'NodeNotReady', message: `Node ${name} status is now: NodeNotReady` },
  ];
  // MarkPodsNotReady: the pods on the node stop being Ready, so endpoints drop them.
  for (const pod of ctx.list('pods')) {
    if ((pod['spec'] as { nodeName?: string } | undefined)?.nodeName !== name) continue;
    const status = (pod['status'] ?? {}) as { conditions?: Condition[] };
    const podReady = status.conditions?.find((c) => c.type === 'Ready');
    if (!podReady || podReady.status === 'False') continue;
    const podConditions = (status.conditions ?? []).map((c) => (c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: now } : c));
    actions.push({ type: 'updateStatus', resource: 'pods', namespace: pod.metadata!.namespace!, object: { ...pod, status: { ...status, conditions: podConditions } } });
    actions.push({ type: 'event', object: pod, eventType: 'Warning', reason: 'NodeNotReady', message: 'Node is not ready' });
  }
  return actions;
}

/** doNoScheduleTaintingPass + doNoExecuteTaintingPass: the taints follow the Ready condition. */
function reconcileTaints(node: KubeObject, readyStatus: string, now: string): ControllerAction[] {
  const want: Taint[] = readyStatus === 'Unknown' ? [{ key: TAINT_UNREACHABLE, effect: 'NoSchedule' }, { key: TAINT_UNREACHABLE, effect: 'NoExecute', timeAdded: now }] : readyStatus === 'False' ? [{ key: TAINT_NOT_READY, effect: 'NoSchedule' }, { key: TAINT_NOT_READY, effect: 'NoExecute', timeAdded: now }] : [];
  const current = taintsOf(node);
  const ours = (t: Taint) => t.key === TAINT_UNREACHABLE || t.key === TAINT_NOT_READY;
  const kept = current.filter((t) => !ours(t) || want.some((w) => w.key === t.key && w.effect === t.effect));
  const added = want.filter((w) => !current.some((t) => t.key === w.key && t.effect === w.effect)).map((w) => (w.effect === 'NoSchedule' ? { key: w.key, effect: w.effect, timeAdded: now } : w));
  if (added.length === 0 && kept.length === current.length) return [];
  const taints = [...kept, ...added];
  const spec = { ...((node['spec'] as object) ?? {}) } as Record<string, unknown>;
  if (taints.length > 0) spec['taints'] = taints;
  else delete spec['taints'];
  return [{ type: 'update', resource: 'nodes', namespace: '', object: { ...node, spec } }];
}

/** Whether a toleration tolerates a taint (k/api core/v1 toleration.go ToleratesTaint). */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

/**
 * The taint manager: a pod that does not tolerate a NoExecute taint is deleted at once; one that
 * tolerates it for tolerationSeconds is deleted that long after the taint was added.
 */
function evictPods(ctx: ControllerContext, node: KubeObject, h: NodeHealth, parseTime: (s: string) => number): ControllerAction[] {
  const noExecute = taintsOf(node).filter((t) => t.effect === 'NoExecute');
  if (noExecute.length === 0) {
    h.evicted = {};
    return [];
  }
  const actions: ControllerAction[] = [];
  for (const pod of ctx.list('pods')) {
    const spec = (pod['spec'] ?? {}) as { nodeName?: string; tolerations?: Toleration[] };
    if (spec.nodeName !== node.metadata!.name || pod.metadata?.deletionTimestamp) continue;
    const uid = pod.metadata!.uid!;
    if (h.evicted[uid]) continue;
    let deadlineMs = Infinity;
    let untolerated = false;
    for (const taint of noExecute) {
      const matching = (spec.tolerations ?? []).filter((t) => tolerates(t, taint));
      if (matching.length === 0) {
        untolerated = true;
        break;
      }
      const seconds = Math.min(...matching.map((t) => t.tolerationSeconds ?? Infinity));
      if (Number.isFinite(seconds)) deadlineMs = Math.min(deadlineMs, (taint.timeAdded ? parseTime(taint.timeAdded) : ctx.nowMs) + Math.max(0, seconds) * 1000);
    }
    if (!untolerated && ctx.nowMs < deadlineMs) continue;
    h.evicted[uid] = true;
    actions.push({ type: 'event', object: pod, eventType: 'Normal', reason: 'TaintManagerEviction', message: `Marking for deletion Pod ${pod.metadata!.namespace}/${pod.metadata!.name}` });
    actions.push({ type: 'delete', resource: 'pods', namespace: pod.metadata!.namespace!, name: pod.metadata!.name!, uid });
  }
  return actions;
}
