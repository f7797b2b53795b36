/**
 * The kube-scheduler process: leader election on the `kube-system/kube-scheduler` Lease, pod and
 * node informers, the scheduling queue, one scheduling cycle per pod (framework.ts runs the
 * Filter and Score plugins), the assume-then-bind step, and the `Scheduled` /
 * `FailedScheduling` events. The per-node verdicts of recent decisions are kept so the app can
 * explain why a pod is Pending.
 */
import { deriveStream, nextU32, rfc3339Micro, rfc3339Seconds, uuidV4, type PrngState } from '../../kernel/index.ts';
import { emitTrace, type EffectSink } from '../effects.ts';
import type { KubeObject } from '../apiserver/messages.ts';
import { addInformer, createClient, objectKey, onClientPacket, onClientTimer, request, startInformers, stopClient, type ClientNotification, type Delta, type KubeClient } from '../client/client.ts';
import { CLIENT_RATE_LIMITS } from '../client/ratelimit.ts';
import { createLeaderElection, onElectionResponse, RETRY_PERIOD_MS, tryAcquireOrRenew, type LeaderElection } from '../client/leaderelection.ts';
import { createRecorder, onRecorderNotification, recordEvent, type EventRecorder } from '../client/events.ts';
import { schedulePod, type NodeInfo, type NodeVerdict } from './framework.ts';
import { addPodToNodeInfo, emptyNodeInfo, removePodFromNodeInfo } from './nodeinfo.ts';
import { addPod, createQueue, deletePod, flush, markUnschedulable, moveAllToActive, nextWakeMs, popNext, type SchedulingQueue } from './queue.ts';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { withField } from '../../api/objects.ts';

/** Decisions kept for the app's "why is this pod Pending" view. */
const KEEP_DECISIONS = 200;

export interface SchedulingDecision {
  pod: string;
  atMs: number;
  outcome: 'scheduled' | 'unschedulable';
  node?: string;
  message?: string;
  verdicts: NodeVerdict[];
}

export interface KubeScheduler {
  host: string;
  status: 'running' | 'stopped';
  epoch: number;
  client: KubeClient;
  le: LeaderElection;
  recorder: EventRecorder;
  prng: PrngState | null;
  queue: SchedulingQueue;
  /** node name → the pods on it (bound or assumed), as the scheduler's cache keeps them. */
  nodeInfos: Record<string, NodeInfo>;
  /**
   * node name → pod key → the pod object in that node's `pods`, so an update finds the copy it
   * replaces without computing every pod's key (upstream's cache keeps `podStates` by key too).
   */
  podsOnNode: Record<string, Map<string, Pod>>;
  /** `nodeInfos` sorted by node name, the list every cycle searches; null after a node came or went. */
  nodeList: NodeInfo[] | null;
  /** pod key → node for pods assumed but not yet seen bound. */
  assumed: Record<string, string>;
  nextStartNodeIndex: number;
  decisions: SchedulingDecision[];
}

export function createKubeScheduler(host: string, server: string): KubeScheduler {
  return { host, status: 'stopped', epoch: 0, client: schedulerClient(host, server, 0), le: createLeaderElection('kube-scheduler', ''), recorder: createRecorder('default-scheduler', host, SCHEDULER_EVENTS_CLIENTSET), prng: null, queue: createQueue(), nodeInfos: {}, podsOnNode: {}, nodeList: null, assumed: {}, nextStartNodeIndex: 0, decisions: [] };
}

/**
 * kube-scheduler's clientsets (cmd/kube-scheduler/app/options createClients): one for binding
 * and status, one for Events, each with clientConnection qps=50 and burst=100. Leader election
 * and the informers are not limited here: they never come near the limit.
 */
const SCHEDULER_CLIENTSET = 'kube-scheduler';
const SCHEDULER_EVENTS_CLIENTSET = 'kube-scheduler-events';

function schedulerClient(host: string, server: string, epoch: number): KubeClient {
  return createClient('kube-scheduler', host, server, epoch, { [SCHEDULER_CLIENTSET]: CLIENT_RATE_LIMITS.scheduler, [SCHEDULER_EVENTS_CLIENTSET]: CLIENT_RATE_LIMITS.scheduler });
}

const proc = (s: KubeScheduler) => `${s.host}/kube-scheduler`;

export function startKubeScheduler(s: KubeScheduler, seed: number, sink: EffectSink): void {
  if (s.status === 'running') return;
  s.status = 'running';
  s.epoch++;
  s.client = schedulerClient(s.host, s.client.server, s.epoch);
  // A new process: its event broadcaster's queue and correlator caches start empty.
  s.recorder = createRecorder('default-scheduler', s.host, SCHEDULER_EVENTS_CLIENTSET);
  s.prng = deriveStream(seed, `kube-scheduler/${s.host}/${s.epoch}`);
  s.le = createLeaderElection('kube-scheduler', `${s.host}_${uuidV4(s.prng)}`);
  s.queue = createQueue();
  s.nodeInfos = {};
  s.podsOnNode = {};
  s.nodeList = null;
  s.assumed = {};
  // The real scheduler's pod informer skips finished pods with this field selector.
  addInformer(s.client, 'pods', 'pods', { fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed' });
  addInformer(s.client, 'nodes', 'nodes');
  startInformers(s.client, sink);
  emitTrace(sink, { source: proc(s), kind: 'scheduler.start', summary: `kube-scheduler started; attempting to acquire leader lease kube-system/kube-scheduler...` });
  electionTick(s, sink);
}

export function stopKubeScheduler(s: KubeScheduler, reason: string, sink: EffectSink): void {
  if (s.status !== 'running') return;
  s.status = 'stopped';
  s.le.isLeader = false;
  stopClient(s.client, sink);
  sink.effects.push({ type: 'timer.cancel', key: `${proc(s)}/election` });
  sink.effects.push({ type: 'timer.cancel', key: `${proc(s)}/wake` });
  emitTrace(sink, { source: proc(s), kind: 'scheduler.stop', summary: reason });
}

function electionTick(s: KubeScheduler, sink: EffectSink): void {
  sink.effects.push({ type: 'timer.set', key: `${proc(s)}/election`, delayMs: RETRY_PERIOD_MS, target: proc(s), payload: { type: 'scheduler.election' } });
  const out = tryAcquireOrRenew(s.client, s.le, sink, rfc3339Micro);
  if (out.changed === 'lost') return leadershipLost(s, sink);
}

/**
 * The scheduler's OnStoppedLeading (cmd/kube-scheduler/app/server.go): `klog.ErrorS(nil,
 * "Leaderelection lost")` then `klog.FlushAndExit(klog.ExitFlushTimeout, 1)`. The process exits
 * with code 1; its static pod's container ends and the kubelet starts it again.
 */
function leadershipLost(s: KubeScheduler, sink: EffectSink): void {
  emitTrace(sink, { source: proc(s), kind: 'scheduler.leader', summary: 'leaderelection lost; kube-scheduler exits and is restarted' });
  stopKubeScheduler(s, 'leaderelection lost', sink);
  sink.effects.push({ type: 'process.exit', host: s.host, process: 'kube-scheduler', reason: 'leaderelection lost' });
}

export function onKubeSchedulerTimer(s: KubeScheduler, payload: { type: string; [k: string]: unknown }, sink: EffectSink): void {
  if (s.status !== 'running') return;
  if (payload.type.startsWith('client.')) return handle(s, onClientTimer(s.client, payload, sink), sink);
  if (payload.type === 'scheduler.election') return electionTick(s, sink);
  if (payload.type === 'scheduler.wake') return runCycles(s, sink);
}

export function onKubeSchedulerPacket(s: KubeScheduler, port: string, from: { host: string; port: string }, kind: string, body: unknown, sink: EffectSink): void {
  if (s.status !== 'running') return;
  handle(s, onClientPacket(s.client, port, from, kind, body, sink), sink);
}

function handle(s: KubeScheduler, n: ClientNotification, sink: EffectSink): void {
  if (n.kind === 'deltas') {
    for (const d of n.deltas) onDelta(s, d, sink);
    return runCycles(s, sink);
  }
  if (onRecorderNotification(s.client, s.recorder, n, sink)) return;
  if (n.kind !== 'response') return;
  if (n.tag.startsWith('le:')) {
    const out = onElectionResponse(s.client, s.le, n.tag, n.resp, sink, rfc3339Micro);
    if (out.changed === 'acquired') {
      emitTrace(sink, { source: proc(s), kind: 'scheduler.leader', summary: `successfully acquired lease kube-system/kube-scheduler as ${s.le.identity}` });
      runCycles(s, sink);
    }
    if (out.changed === 'lost') leadershipLost(s, sink);
    return;
  }
  if (n.tag.startsWith('bind:')) return onBound(s, n.tag.slice(5), n.resp, sink);
}

// ---------------------------------------------------------------------------------------------
// The scheduler's cache of nodes and pods.

function onDelta(s: KubeScheduler, d: Delta, sink: EffectSink): void {
  if (d.informer === 'nodes') {
    const name = d.object.metadata!.name!;
    const info = s.nodeInfos[name];
    if (d.type === 'deleted') {
      delete s.nodeInfos[name];
      delete s.podsOnNode[name];
      s.nodeList = null;
    } else if (info) info.node = d.object as Node;
    else {
      s.nodeInfos[name] = emptyNodeInfo(d.object as Node);
      s.podsOnNode[name] = new Map();
      s.nodeList = null;
    }
    // A node that appeared or changed may fit pods that did not fit before.
    moveAllToActive(s.queue, sink.now);
    return;
  }
  const pod = d.object as Pod;
  const key = objectKey(d.object);
  const oldNode = (d.old as Pod | undefined)?.spec?.nodeName ?? s.assumed[key];
  if (oldNode) removeFromNode(s, oldNode, key);
  if (d.type === 'deleted') {
    deletePod(s.queue, key);
    delete s.assumed[key];
    moveAllToActive(s.queue, sink.now);
    return;
  }
  const nodeName = pod.spec?.nodeName;
  if (nodeName) {
    delete s.assumed[key];
    deletePod(s.queue, key);
    addToNode(s, nodeName, key, pod);
    return;
  }
  if (s.assumed[key]) {
    addToNode(s, s.assumed[key], key, pod);
    return;
  }
  if (pod.metadata?.deletionTimestamp || (pod.spec?.schedulerName ?? 'default-scheduler') !== 'default-scheduler') return;
  addPod(s.queue, key, sink.now, pod.spec?.priority ?? 0);
}

/** The pod (whose key is `key`) is on `node` now: it replaces any older copy and goes last. */
function addToNode(s: KubeScheduler, node: string, key: string, pod: Pod): void {
  const info = s.nodeInfos[node];
  if (!info) return;
  removeFromNode(s, node, key);
  addPodToNodeInfo(info, pod);
  s.podsOnNode[node]!.set(key, pod);
}

function removeFromNode(s: KubeScheduler, node: string, key: string): void {
  const pods = s.podsOnNode[node];
  const old = pods?.get(key);
  if (!old) return;
  pods!.delete(key);
  removePodFromNodeInfo(s.nodeInfos[node]!, old);
}

/** The cache's nodes sorted by name, re-sorted only after a node came or went. */
function nodeList(s: KubeScheduler): NodeInfo[] {
  return (s.nodeList ??= Object.keys(s.nodeInfos).sort().map((n) => s.nodeInfos[n]!));
}

// ---------------------------------------------------------------------------------------------
// Scheduling cycles.

function runCycles(s: KubeScheduler, sink: EffectSink): void {
  if (!s.le.isLeader || !s.client.informers['pods']?.synced || !s.client.informers['nodes']?.synced) return;
  flush(s.queue, sink.now);
  for (let key = popNext(s.queue, sink.now); key !== undefined; key = popNext(s.queue, sink.now)) scheduleOne(s, key, sink);
  const wake = nextWakeMs(s.queue);
  if (wake !== undefined) sink.effects.push({ type: 'timer.set', key: `${proc(s)}/wake`, delayMs: Math.max(0, wake - sink.now), target: proc(s), payload: { type: 'scheduler.wake' } });
}

function scheduleOne(s: KubeScheduler, key: string, sink: EffectSink): void {
  const podObj = s.client.informers['pods']?.items.get(key);
  const pod = podObj as Pod | undefined;
  if (!pod || pod.spec?.nodeName || pod.metadata?.deletionTimestamp || s.assumed[key]) return;
  const result = schedulePod(pod, nodeList(s), { nextStartNodeIndex: s.nextStartNodeIndex, pickIndex: pickIndexWith(s.prng!) });
  s.nextStartNodeIndex = result.nextStartNodeIndex;
  const decision: SchedulingDecision = { pod: key, atMs: sink.now, outcome: result.kind, verdicts: result.verdicts, ...(result.kind === 'scheduled' ? { node: result.node } : { message: result.message }) };
  s.decisions.push(decision);
  if (s.decisions.length > KEEP_DECISIONS) s.decisions.splice(0, s.decisions.length - KEEP_DECISIONS);
  if (result.kind === 'unschedulable') {
    markUnschedulable(s.queue, key, sink.now);
    emitTrace(sink, { source: proc(s), kind: 'scheduler.unschedulable', summary: `${key}: ${result.message}`, data: { pod: key } });
    recordEvent(s.client, s.recorder, podObj!, 'Warning', 'FailedScheduling', result.message, sink, rfc3339Seconds);
    const conditions = [{ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: rfc3339Seconds(sink.now), reason: 'Unschedulable', message: result.message }];
    request(s.client, { verb: 'patch', resource: 'pods', namespace: pod.metadata!.namespace!, name: pod.metadata!.name!, patchType: 'strategic', subresource: 'status', patch: { status: { conditions } } }, 'status', sink, undefined, SCHEDULER_CLIENTSET);
    return;
  }
  // Assume: the pod counts against the node at once, before the bind is confirmed.
  s.assumed[key] = result.node;
  addToNode(s, result.node, key, { ...pod, spec: withField(pod.spec!, 'nodeName', result.node) });
  emitTrace(sink, { source: proc(s), kind: 'scheduler.scheduled', summary: `${key} → ${result.node} (${result.feasibleNodes}/${result.evaluatedNodes} nodes feasible)`, data: { pod: key, node: result.node } });
  request(s.client, { verb: 'bind', namespace: pod.metadata!.namespace!, name: pod.metadata!.name!, nodeName: result.node, ...(pod.metadata?.uid ? { uid: pod.metadata.uid } : {}) }, `bind:${key}`, sink, undefined, SCHEDULER_CLIENTSET);
}

/**
 * selectHost's tie-break: a uniform pick from the scheduler's PRNG. Made here rather than as an
 * arrow in the options literal, which the dev build (esbuild keepNames) would rename per cycle.
 */
function pickIndexWith(prng: PrngState): (n: number) => number {
  return (n) => nextU32(prng) % n;
}

function onBound(s: KubeScheduler, key: string, resp: { ok: boolean } | null, sink: EffectSink): void {
  const node = s.assumed[key];
  const podObj = s.client.informers['pods']?.items.get(key);
  if (resp?.ok && node && podObj) {
    recordEvent(s.client, s.recorder, podObj, 'Normal', 'Scheduled', `Successfully assigned ${key} to ${node}`, sink, rfc3339Seconds);
    return;
  }
  // The bind failed: forget the assumption and try again after a back-off.
  if (node) removeFromNode(s, node, key);
  delete s.assumed[key];
  if (podObj && !(podObj['spec'] as { nodeName?: string } | undefined)?.nodeName) {
    markUnschedulable(s.queue, key, sink.now);
    runCycles(s, sink);
  }
}
