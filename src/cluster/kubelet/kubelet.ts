/**
 * The kubelet: registers its Node and keeps its Lease, watches the pods bound to it, and runs
 * each through containerd (the CRI) — sandbox, init containers one by one, app containers with
 * their hooks and probes, restarts with back-off, graceful termination — reporting what it sees
 * as the pod's status. Each container's lifecycle is the statechart in container.machine.ts.
 *
 * Sources: pkg/kubelet/kubelet.go (syncPod), kuberuntime/kuberuntime_manager.go
 * (computePodActions, doBackOff), kuberuntime_container.go (startContainer, killContainer,
 * executePreStopHook), prober/worker.go, status/status_manager.go, pleg/generic.go.
 */
import { configMapEnv, configMapVolumeFiles, envConfigMaps, mountConfigMapVolumes, volumeConfigMaps } from './configmaps.ts';
import { rfc3339Micro as microTime, rfc3339Seconds as rfc3339 } from '../../kernel/index.ts';
import { emitTrace, type EffectSink } from '../effects.ts';
import { KUBELET_API_PORT, type ApiRequest, type ApiResponse, type KubeObject } from '../apiserver/messages.ts';
import { addInformer, createClient, objectKey, onClientPacket, onClientTimer, request, startInformers, stopClient, type ClientNotification, type Delta, type KubeClient } from '../client/client.ts';
import { CLIENT_RATE_LIMITS } from '../client/ratelimit.ts';
import { createRecorder, onRecorderNotification, recordEvent, type EventRecorder } from '../client/events.ts';
import { memoryBytes as quantityBytes } from '../../api/quantity.ts';
import { qualifyImage } from '../../api/imageref.ts';
import { jsonEqual } from '../../api/json.ts';
import type { CriApi, CriNotification, ExecResult } from '../runtime/messages.ts';
import { BACKOFF_RESET_AFTER_MS, CONTAINER_DELAYED_SEND_IDS, initialContainerState, stepContainer, type ContainerEvent } from './container.machine.ts';
import { apiContainerStatus, podConditions, podPhase, podReadyStatus } from './status.ts';
import { nextPodPhase } from './pod.machine.ts';
import { nodeObject, type NodeSpecInput } from './node.ts';
import { armProbes, kubeletName, onProbeExecResult, onProbeTick, resolvePort, stopProbes } from './prober.ts';
import type { ContainerEntry, ContainerSpec, HandlerSpec, PendingExec, PodEntry } from './types.ts';
import { checkStaticPods, CONFIG_MIRROR, deleteMirrorPod, ensureMirrorPods, FILE_CHECK_FREQUENCY_MS, isMirrorPod, kubeletLog, staticPodAdded } from './static.ts';

export type { NodeSpecInput } from './node.ts';

/** kubelet defaults (reference §3, §8): lease every 10 s, status every 5 min unchanged, PLEG relist every 1 s. */
export const NODE_LEASE_RENEW_MS = 10_000;
export const NODE_LEASE_DURATION_SECONDS = 40;
export const NODE_STATUS_REPORT_MS = 5 * 60_000;
export const PLEG_RELIST_MS = 1000;
/** kuberuntime_container.go minimumGracePeriodInSeconds. */
export const MINIMUM_GRACE_PERIOD_SECONDS = 2;
/** The pod worker retries a failed sync (ErrImagePull → ImagePullBackOff) about a second later. */
const SYNC_RETRY_MS = 1000;

export interface Kubelet {
  host: string;
  status: 'running' | 'stopped';
  epoch: number;
  node: NodeSpecInput;
  client: KubeClient;
  recorder: EventRecorder;
  registered: boolean;
  lease: KubeObject | null;
  lastStatusAtMs: number;
  /** The pod workers by pod uid, in the order they were added (a Map: the PLEG walks it every second). */
  pods: Map<string, PodEntry>;
  /** API key (ns/name) → pod uid. */
  byKey: Record<string, string>;
  pullQueue: string[];
  pulling: string | null;
  execs: Record<string, PendingExec>;
  /** The Node's uid once registered (mirror pods are owned by the Node). */
  nodeUid: string;
  /** The kubelet's journal (klog lines), for journalctl. */
  log: { atMs: number; level: 'I' | 'W' | 'E'; text: string }[];
  /**
   * ConfigMaps its pods reference, by `ns/name`: the data (null: not found), when it was read, and
   * the pods waiting for a read in flight. The real ConfigMap manager watches each referenced
   * object, so what it hands out is current: here every mount or container start reads again.
   */
  configMaps: Record<string, { data: Record<string, string> | null | undefined; atMs: number; waiting: string[] }>;
  /** Per pod: when it last asked for its ConfigMaps (answers older than that are not used). */
  configReadAt: Record<string, number>;
  /** Per pod: the volume manager's back-off after a failed mount (ms). */
  mountBackoffMs: Record<string, number>;
  /**
   * The runtime's NetworkReady condition as the kubelet last saw it (runtimeState, updated by
   * updateRuntimeUp), and what the Node's Ready condition last said about it. null: not asked yet.
   */
  network: NetworkStatus | null;
  postedNetworkReady: boolean | null;
  /**
   * Bumped whenever something the PLEG relist reads on the kubelet's side changes: a container's
   * state machine moved, or a pod worker was added. With the runtime's `generation`, it tells a
   * relist that would find nothing from one that must look (see relist).
   */
  plegGeneration: number;
  /** The (runtime, kubelet) generations the last relist that found nothing saw; null: look. */
  relistQuiet: { runtime: number; kubelet: number } | null;
}

export type NetworkStatus = { ready: true } | { ready: false; reason: string; message: string };

/**
 * kubelet.go fastStatusUpdateOnce: right after start, the kubelet checks every 100 ms whether
 * the node could turn Ready and posts the status the moment it can, instead of waiting for the
 * next nodeStatusUpdateFrequency (10 s) tick.
 */
export const FAST_STATUS_UPDATE_MS = 100;
/** pod_workers.go workerBackOffPeriod: a pod sync that failed (no network, sandbox not created) is retried after 10 s (jitter not modelled). */
export const WORKER_BACKOFF_MS = 10_000;

/** kubelet runtimeState.networkErrors: the text the Node's Ready condition and the NetworkNotReady event carry. */
export function networkNotReadyMessage(n: Extract<NetworkStatus, { ready: false }>): string {
  return `container runtime network not ready: NetworkReady=false reason:${n.reason} message:${n.message}`;
}

/** The volume manager's exponential back-off for a failed mount: 500 ms doubling to 2 min 2 s (nestedpendingoperations). */
const MOUNT_BACKOFF_INITIAL_MS = 500;
const MOUNT_BACKOFF_MAX_MS = 122_000;

/**
 * The kubelet's clientsets: its main one (pod status, node status, mirror pods, reads) limited by
 * kubeAPIQPS=50 and kubeAPIBurst=100, its Events' one by eventRecordQPS=50 and eventBurst=100,
 * and the node lease's heartbeat client, which has no limit (QPS -1), so that a kubelet
 * reporting hundreds of pods never renews its lease late.
 */
const KUBELET_CLIENTSET = 'kubelet';
const KUBELET_EVENTS_CLIENTSET = 'kubelet-events';

/** A request on the kubelet's main clientset, which waits for its rate limiter's token. */
export function apiRequest(k: Kubelet, req: ApiRequest, tag: string, sink: EffectSink, timeoutMs?: number): string {
  return request(k.client, req, tag, sink, timeoutMs, KUBELET_CLIENTSET);
}

function kubeletClient(host: string, server: string, epoch: number): KubeClient {
  return createClient('kubelet', host, server, epoch, { [KUBELET_CLIENTSET]: CLIENT_RATE_LIMITS.kubelet, [KUBELET_EVENTS_CLIENTSET]: CLIENT_RATE_LIMITS.kubeletEvents });
}

export function createKubelet(host: string, server: string, node: NodeSpecInput): Kubelet {
  return { host, status: 'stopped', epoch: 0, node, client: kubeletClient(host, server, 0), recorder: createRecorder('kubelet', host, KUBELET_EVENTS_CLIENTSET), registered: false, lease: null, lastStatusAtMs: 0, pods: new Map(), byKey: {}, pullQueue: [], pulling: null, execs: {}, nodeUid: '', log: [], configMaps: {}, configReadAt: {}, mountBackoffMs: {}, network: null, postedNetworkReady: null, plegGeneration: 0, relistQuiet: null };
}

/** `<host>/kubelet`, one string per host (in every timer key and target the kubelet sets). */
const proc = (k: Kubelet): string => kubeletName(k.host);

function timer(k: Kubelet, sink: EffectSink, name: string, delayMs: number, payload: { type: string; [x: string]: unknown }): void {
  sink.effects.push({ type: 'timer.set', key: `${proc(k)}/${name}`, delayMs, target: proc(k), payload });
}

function cancel(k: Kubelet, sink: EffectSink, name: string): void {
  sink.effects.push({ type: 'timer.cancel', key: `${proc(k)}/${name}` });
}

function event(k: Kubelet, pod: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, sink: EffectSink): void {
  recordEvent(k.client, k.recorder, pod, type, reason, message, sink, rfc3339);
}

// ---------------------------------------------------------------------------------------------
// Process.

export function startKubelet(k: Kubelet, sink: EffectSink, cri?: Pick<CriApi, 'networkStatus'>): void {
  if (k.status === 'running') return;
  k.network = cri ? cri.networkStatus() : { ready: true };
  k.postedNetworkReady = null;
  k.status = 'running';
  k.epoch++;
  k.client = kubeletClient(k.host, k.client.server, k.epoch);
  // A new process: its event broadcaster's queue and correlator caches start empty.
  k.recorder = createRecorder('kubelet', k.host, KUBELET_EVENTS_CLIENTSET);
  k.registered = false;
  k.lease = null;
  k.pods = new Map();
  k.relistQuiet = null;
  k.byKey = {};
  k.pullQueue = [];
  k.pulling = null;
  k.execs = {};
  k.nodeUid = '';
  addInformer(k.client, 'pods', 'pods', { fieldSelector: `spec.nodeName=${k.node.name}` });
  // The service lister (kubelet.go NewMainKubelet): every Service, for the containers' service environment variables.
  addInformer(k.client, 'services', 'services');
  emitTrace(sink, { source: proc(k), kind: 'kubelet.start', summary: `kubelet started on ${k.host}` });
  register(k, sink);
  timer(k, sink, 'heartbeat', NODE_LEASE_RENEW_MS, { type: 'kubelet.heartbeat' });
  timer(k, sink, 'pleg', PLEG_RELIST_MS, { type: 'kubelet.pleg' });
  // The file source reads the static pod directory at once, then every fileCheckFrequency.
  timer(k, sink, 'file-check', 0, { type: 'kubelet.file-check' });
  if (!k.network.ready) timer(k, sink, 'fast-status', FAST_STATUS_UPDATE_MS, { type: 'kubelet.fast-status' });
}

/** The kubelet exits (systemctl stop, or the host crashed): its containers keep running in containerd. */
export function stopKubelet(k: Kubelet, reason: string, sink: EffectSink): void {
  if (k.status !== 'running') return;
  k.status = 'stopped';
  stopClient(k.client, sink);
  for (const name of ['heartbeat', 'pleg', 'file-check', 'fast-status']) cancel(k, sink, name);
  for (const e of podEntries(k)) cancelPodTimers(k, e, sink);
  emitTrace(sink, { source: proc(k), kind: 'kubelet.stop', summary: reason });
}

function cancelPodTimers(k: Kubelet, e: PodEntry, sink: EffectSink): void {
  cancel(k, sink, `sync/${e.uid}`);
  cancel(k, sink, `backoff-sync/${e.uid}`);
  for (const c of Object.values(e.containers)) {
    stopProbes(k, e, c, sink);
    for (const t of [...CONTAINER_DELAYED_SEND_IDS, 'prestop', 'hook-sleep']) cancel(k, sink, `c/${e.uid}/${c.name}/${t}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Node registration, status and lease.

/**
 * Registration is retried while no apiserver answers: each attempt waits 2 s for an answer, then
 * 0.5 s before the next (kubelet_node_status.go retries with a back-off of 100 ms up to 7 s).
 */
function register(k: Kubelet, sink: EffectSink): void {
  k.postedNetworkReady = k.network?.ready ?? true;
  apiRequest(k, { verb: 'create', resource: 'nodes', body: nodeObject(k.node, sink.now, rfc3339, readiness(k)) }, 'register', sink, REGISTER_TIMEOUT_MS);
}

/** The Ready condition's inputs: the runtime network (the only runtime error modelled here). */
function readiness(k: Kubelet): { ready: true } | { ready: false; message: string } {
  const n = k.network;
  return !n || n.ready ? { ready: true } : { ready: false, message: networkNotReadyMessage(n) };
}

/**
 * updateRuntimeUp + the node status loop: asks the runtime for its NetworkReady condition and,
 * if the Ready condition it implies differs from what the Node says, posts the status (and the
 * NodeReady / NodeNotReady event, as setters.go ReadyCondition records on a change).
 */
function checkRuntimeNetwork(k: Kubelet, cri: Pick<CriApi, 'networkStatus'>, sink: EffectSink): void {
  k.network = cri.networkStatus();
  if (!k.registered || k.postedNetworkReady === k.network.ready) return;
  k.postedNetworkReady = k.network.ready;
  postNodeStatus(k, sink);
  const nodeRef: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: k.node.name, uid: k.node.name } };
  const state = k.network.ready ? 'NodeReady' : 'NodeNotReady';
  recordEvent(k.client, k.recorder, nodeRef, 'Normal', state, `Node ${k.node.name} status is now: ${state}`, sink, rfc3339);
  // Pods that waited for the network start now. On a real node they would mostly still be
  // Pending (the node lifecycle controller taints a NotReady node not-ready:NoSchedule the moment
  // it registers) and be bound the moment it turns Ready: the same start time.
  if (k.network.ready) {
    for (const e of podEntries(k)) {
      if (e.sandboxId || e.terminating || e.finished) continue;
      delete e.syncFailedAtMs;
      requestSync(k, e, 0, sink);
    }
  }
  emitTrace(sink, { source: proc(k), kind: 'kubelet.node-ready', summary: k.network.ready ? `${k.node.name} Ready: the container runtime's network is ready` : `${k.node.name} NotReady: ${networkNotReadyMessage(k.network as Extract<NetworkStatus, { ready: false }>)}` });
}

const REGISTER_TIMEOUT_MS = 2000;

function renewLease(k: Kubelet, sink: EffectSink): void {
  const renewTime = microTime(sink.now);
  if (!k.lease) {
    const lease: KubeObject = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: k.node.name, namespace: 'kube-node-lease' }, spec: { holderIdentity: k.node.name, leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS, renewTime } };
    request(k.client, { verb: 'create', resource: 'leases', namespace: 'kube-node-lease', body: lease }, 'lease', sink, NODE_LEASE_RENEW_MS);
    return;
  }
  const next = { ...k.lease, spec: { ...(k.lease['spec'] as object), renewTime } };
  request(k.client, { verb: 'update', resource: 'leases', namespace: 'kube-node-lease', body: next }, 'lease', sink, NODE_LEASE_RENEW_MS);
}

function postNodeStatus(k: Kubelet, sink: EffectSink): void {
  const n = nodeObject(k.node, sink.now, rfc3339, readiness(k));
  apiRequest(k, { verb: 'patch', resource: 'nodes', name: k.node.name, patchType: 'merge', subresource: 'status', patch: { status: n['status'] } }, 'status', sink);
  k.lastStatusAtMs = sink.now;
}

function onRegistered(k: Kubelet, resp: ApiResponse | null, sink: EffectSink): void {
  if (!resp || (!resp.ok && resp.status.reason !== 'AlreadyExists')) {
    kubeletLog(k, 'E', `"Unable to register node with API server" err="${resp && !resp.ok ? resp.status.message : 'context deadline exceeded'}" node="${k.node.name}"`, sink);
    timer(k, sink, 'register', 500, { type: 'kubelet.register' });
    return;
  }
  if (resp.ok) k.nodeUid = ((resp.body as KubeObject).metadata?.uid as string) ?? '';
  else apiRequest(k, { verb: 'get', resource: 'nodes', name: k.node.name }, 'node-uid', sink);
  k.registered = true;
  kubeletLog(k, 'I', `"Successfully registered node" node="${k.node.name}"`, sink);
  emitTrace(sink, { source: proc(k), kind: 'kubelet.registered', summary: `Successfully registered node ${k.node.name}` });
  if (!resp.ok) postNodeStatus(k, sink);
  else k.lastStatusAtMs = sink.now;
  renewLease(k, sink);
  startInformers(k.client, sink);
  const nodeRef: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: k.node.name, uid: k.node.name } };
  recordEvent(k.client, k.recorder, nodeRef, 'Normal', 'Starting', 'Starting kubelet.', sink, rfc3339);
  // nodestatus/setters.go ReadyCondition records an event only when an existing Ready condition
  // changes: a node that registers NotReady gets its NodeReady event when it turns Ready.
  if (k.postedNetworkReady !== false) recordEvent(k.client, k.recorder, nodeRef, 'Normal', 'NodeReady', `Node ${k.node.name} status is now: NodeReady`, sink, rfc3339);
}

// ---------------------------------------------------------------------------------------------
// Inputs.

export function onKubeletPacket(k: Kubelet, port: string, from: { host: string; port: string }, kind: string, body: unknown, cri: CriApi, sink: EffectSink): void {
  if (k.status !== 'running') return;
  handle(k, onClientPacket(k.client, port, from, kind, body, sink), cri, sink);
}

/** The files of the static pod directory (/etc/kubernetes/manifests) on the kubelet's host: path → content. */
export type ManifestFiles = () => Record<string, string>;

export function onKubeletTimer(k: Kubelet, payload: { type: string; [x: string]: unknown }, cri: CriApi, sink: EffectSink, manifests: ManifestFiles = () => ({})): void {
  if (k.status !== 'running') return;
  const t = payload.type;
  if (t.startsWith('client.')) return handle(k, onClientTimer(k.client, payload, sink), cri, sink);
  if (t === 'kubelet.heartbeat') {
    timer(k, sink, 'heartbeat', NODE_LEASE_RENEW_MS, { type: 'kubelet.heartbeat' });
    if (!k.registered) return register(k, sink);
    renewLease(k, sink);
    checkRuntimeNetwork(k, cri, sink);
    if (sink.now - k.lastStatusAtMs >= NODE_STATUS_REPORT_MS) postNodeStatus(k, sink);
    return;
  }
  if (t === 'kubelet.mirror-delete') {
    // Housekeeping: delete again while the orphaned mirror pod (that uid) is still in the pods informer and no running static pod owns it.
    const uid = payload['uid'] as string;
    const stillThere = [...(k.client.informers['pods']?.items.values() ?? [])].some((p) => p.metadata?.uid === uid && !p.metadata?.deletionTimestamp);
    if (stillThere && !podEntries(k).some((e) => e.mirrorUid === uid)) deleteMirrorPod(k, payload['namespace'] as string, payload['name'] as string, uid, sink);
    return;
  }
  if (t === 'kubelet.fast-status') {
    checkRuntimeNetwork(k, cri, sink);
    // Until the node has been posted Ready once.
    if (!(k.network?.ready && k.registered && k.postedNetworkReady)) timer(k, sink, 'fast-status', FAST_STATUS_UPDATE_MS, { type: 'kubelet.fast-status' });
    return;
  }
  if (t === 'kubelet.register') {
    if (!k.registered) register(k, sink);
    return;
  }
  if (t === 'kubelet.file-check') {
    timer(k, sink, 'file-check', FILE_CHECK_FREQUENCY_MS, { type: 'kubelet.file-check' });
    checkStaticPods(k, manifests(), {
      admit: (pod, source) => {
        const e = admit(k, pod, source, cri, sink);
        kubeletLog(k, 'I', `"Static pod added" pod="${e.key}" source="${source}"`, sink);
        syncPod(k, e, cri, sink);
      },
      retire: (uid, why) => {
        const e = k.pods.get(uid);
        if (!e) return;
        kubeletLog(k, 'I', `"Static pod removed" pod="${e.key}" reason="${why}"`, sink);
        e.gone = true;
        beginTermination(k, e, specOf(e.pod).terminationGracePeriodSeconds ?? 30, why, cri, sink);
        syncPod(k, e, cri, sink);
      },
    }, sink);
    ensureMirrorPods(k, sink);
    return;
  }
  if (t === 'kubelet.pleg') {
    timer(k, sink, 'pleg', PLEG_RELIST_MS, { type: 'kubelet.pleg' });
    return relist(k, cri, sink);
  }
  if (t === 'kubelet.cri.pulled' || t === 'kubelet.cri.exec') return onCriNotification(k, payload as unknown as CriNotification, cri, sink);
  const e = typeof payload['uid'] === 'string' ? k.pods.get(payload['uid'] as string) : undefined;
  if (!e) return;
  if (t === 'kubelet.sync') return syncPod(k, e, cri, sink);
  if (t === 'kubelet.backoff-sync') return backoffSync(k, e, sink);
  if (t === 'kubelet.status-retry') return reportStatus(k, e, sink);
  const c = typeof payload['container'] === 'string' ? e.containers[payload['container']] : undefined;
  if (!c) return;
  if (t === 'kubelet.machine') {
    fire(k, e, c, payload['event'] as ContainerEvent, 'back-off expired', sink);
    return syncPod(k, e, cri, sink);
  }
  if (t === 'kubelet.probe') return onProbeTick(k, e, c, payload['probe'] as 'startup' | 'liveness' | 'readiness', payload['gen'] as number, cri, sink, probeOutcome);
  if (t === 'kubelet.prestop-deadline') return preStopDeadline(k, e, c, cri, sink);
  if (t === 'kubelet.hook-sleep') return hookDone(k, e, c, payload['hook'] as 'postStart' | 'preStop', { exitCode: 0, stdout: '', stderr: '', timedOut: false }, cri, sink);
}

function handle(k: Kubelet, n: ClientNotification, cri: CriApi, sink: EffectSink): void {
  if (n.kind === 'deltas') {
    for (const d of n.deltas) {
      // Services are read when a container is created (the lister), nothing to do as they change.
      if (d.informer !== 'pods') continue;
      if (isMirrorPod(d.object)) onMirrorDelta(k, d, sink);
      else onPodDelta(k, d, cri, sink);
    }
    if (n.synced) ensureMirrorPods(k, sink);
    return;
  }
  if (onRecorderNotification(k.client, k.recorder, n, sink)) return;
  if (n.kind !== 'response') return;
  const resp = n.resp;
  if (n.tag === 'register') return onRegistered(k, resp, sink);
  if (n.tag === 'node-uid') {
    if (resp?.ok) k.nodeUid = ((resp.body as KubeObject).metadata?.uid as string) ?? '';
    return ensureMirrorPods(k, sink);
  }
  if (n.tag.startsWith('pod-status/')) return onStatusResponse(k, n.tag.slice('pod-status/'.length), resp, sink);
  if (n.tag.startsWith('configmap/')) return onConfigMapResponse(k, n.tag.slice('configmap/'.length), resp, sink);
  if (n.tag.startsWith('mirror-delete/')) return;
  if (n.tag.startsWith('mirror/')) {
    const e = k.pods.get(n.tag.slice('mirror/'.length));
    if (!e) return;
    e.mirrorPending = false;
    if (resp?.ok) {
      e.mirrorUid = ((resp.body as KubeObject).metadata?.uid as string) ?? null;
      e.lastStatusSent = null;
      reportStatus(k, e, sink);
    }
    return;
  }
  if (n.tag === 'lease') {
    if (resp?.ok) k.lease = resp.body as KubeObject;
    else if (resp && !resp.ok && (resp.status.reason === 'Conflict' || resp.status.reason === 'AlreadyExists')) {
      k.lease = null;
      request(k.client, { verb: 'get', resource: 'leases', namespace: 'kube-node-lease', name: k.node.name }, 'lease', sink, NODE_LEASE_RENEW_MS);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Pods from the API.

function specOf(pod: KubeObject): { containers?: ContainerSpec[]; initContainers?: ContainerSpec[]; restartPolicy?: string; terminationGracePeriodSeconds?: number; volumes?: { name: string; hostPath?: { path: string } }[]; hostname?: string; subdomain?: string; hostNetwork?: boolean } {
  return (pod['spec'] ?? {}) as ReturnType<typeof specOf>;
}

export function containerSpec(pod: KubeObject, name: string): ContainerSpec | undefined {
  const s = specOf(pod);
  return s.initContainers?.find((c) => c.name === name) ?? s.containers?.find((c) => c.name === name);
}

function onPodDelta(k: Kubelet, d: Delta, cri: CriApi, sink: EffectSink): void {
  const pod = d.object;
  const key = objectKey(pod);
  const uid = pod.metadata?.uid ?? '';
  if (d.type === 'deleted') {
    const e = k.pods.get(uid);
    if (!e) return;
    e.gone = true;
    delete k.byKey[key];
    // Force deletion or a finished teardown: stop whatever still runs with the shortest grace.
    if (!e.terminating) beginTermination(k, e, MINIMUM_GRACE_PERIOD_SECONDS, 'deleted', cri, sink);
    return syncPod(k, e, cri, sink);
  }
  const prior = k.byKey[key];
  const priorEntry = prior && prior !== uid ? k.pods.get(prior) : undefined;
  // Same name, new pod (a StatefulSet-style replacement): the old one is finished with.
  if (priorEntry) priorEntry.gone = true;
  let e = k.pods.get(uid);
  if (!e) {
    const phase = ((pod['status'] ?? {}) as { phase?: string }).phase;
    if (phase === 'Succeeded' || phase === 'Failed') {
      if (pod.metadata?.deletionTimestamp) apiRequest(k, { verb: 'delete', resource: 'pods', namespace: pod.metadata.namespace!, name: pod.metadata.name!, gracePeriodSeconds: 0, preconditionUid: uid }, 'pod-delete', sink);
      return;
    }
    e = admit(k, pod, null, cri, sink);
  } else {
    const changed = podsDifferSemantically(e.pod, pod);
    e.pod = pod;
    // config.go checkAndUpdatePod: a change to the status alone (most often the kubelet's own
    // report coming back) is a RECONCILE, not an update. HandlePodReconcile syncs the pod only when
    // another writer changed its Ready condition (NeedToReconcilePodReadiness).
    if (!changed) {
      if (readyDrifted(pod, e)) {
        e.lastStatusSent = null;
        reportStatus(k, e, sink);
      }
      return;
    }
  }
  k.byKey[key] = uid;
  if (pod.metadata?.deletionTimestamp && !e.terminating) {
    const grace = pod.metadata.deletionGracePeriodSeconds ?? specOf(pod).terminationGracePeriodSeconds ?? 30;
    beginTermination(k, e, grace, 'deleted', cri, sink);
  }
  syncPod(k, e, cri, sink);
  // The status manager reconciles: another writer (the node lifecycle controller) changed what we reported.
  if (readyDrifted(pod, e)) e.lastStatusSent = null;
  reportStatus(k, e, sink);
}

/**
 * A mirror pod changed on the API. The static pod is the truth: a deleted (or deleting) mirror
 * is replaced, a mirror of a pod the kubelet no longer runs is deleted (kubelet.go syncPod,
 * mirror pod handling).
 */
function onMirrorDelta(k: Kubelet, d: Delta, sink: EffectSink): void {
  const pod = d.object;
  const meta = pod.metadata ?? {};
  const key = objectKey(pod);
  const e = podEntries(k).find((x) => x.staticSource && x.key === key && !x.gone);
  if (d.type === 'deleted') {
    if (e && e.mirrorUid === meta.uid) {
      e.mirrorUid = null;
      ensureMirrorPods(k, sink);
    }
    return;
  }
  if (!e || e.uid !== meta.annotations?.[CONFIG_MIRROR] || meta.deletionTimestamp) {
    if (e && e.mirrorUid === meta.uid) e.mirrorUid = null;
    return deleteMirrorPod(k, meta.namespace ?? 'default', meta.name ?? '', meta.uid ?? '', sink);
  }
  if (e.mirrorUid !== meta.uid) {
    e.mirrorUid = meta.uid ?? null;
    e.lastStatusSent = null;
  }
  e.mirrorPending = false;
  if (readyDrifted(pod, e)) e.lastStatusSent = null;
  reportStatus(k, e, sink);
}

/**
 * config.go podsDifferSemantically: whether an update from the API changes what the kubelet runs
 * (spec, labels, annotations, the deletion) rather than only the pod's status. Unchanged parts
 * are most often the same objects (the apiserver's decoder reuses what did not change), so the
 * identity check settles most of them.
 */
export function podsDifferSemantically(existing: KubeObject, ref: KubeObject): boolean {
  const a = existing.metadata ?? {};
  const b = ref.metadata ?? {};
  const same = (x: unknown, y: unknown) => x === y || jsonEqual(x, y);
  return !(
    same(existing['spec'], ref['spec']) &&
    same(a.labels, b.labels) &&
    a.deletionTimestamp === b.deletionTimestamp &&
    a.deletionGracePeriodSeconds === b.deletionGracePeriodSeconds &&
    same(a.annotations ?? {}, b.annotations ?? {})
  );
}

/** Whether the API's Ready condition disagrees with what the kubelet last computed. */
export function readyDrifted(pod: KubeObject, e: PodEntry): boolean {
  if (!e.lastStatusSent) return false;
  const conditions = ((pod['status'] ?? {}) as { conditions?: { type: string; status: string }[] }).conditions ?? [];
  const apiReady = conditions.find((c) => c.type === 'Ready')?.status;
  const ours = podReadyStatus(e, e.phase);
  return apiReady !== undefined && apiReady !== ours;
}

function newContainerEntry(spec: ContainerSpec, kind: ContainerEntry['kind']): ContainerEntry {
  return { name: spec.name, kind, machine: initialContainerState(), containerId: null, startedAtMs: 0, restartCount: 0, lastRestartAtMs: null, ready: false, waitingForImage: null, pullRequestedAtMs: 0, everCreated: false, imagePullFailed: false, imageRef: '', waitingReason: '', waitingMessage: '', last: null, current: null, probes: {}, hookExecId: null, stopStartedAtMs: null, stopGraceSeconds: 0, transitions: [] };
}

/**
 * A pod the kubelet starts managing. Containers already running in containerd for this pod (the
 * kubelet restarted) are adopted as they are; a pod that ran before a reboot keeps its restart counts.
 */
function admit(k: Kubelet, pod: KubeObject, staticSource: string | null, cri: CriApi, sink: EffectSink): PodEntry {
  const uid = pod.metadata?.uid ?? '';
  const s = specOf(pod);
  const e: PodEntry = { uid, key: objectKey(pod), pod, staticSource, sandboxId: null, ip: '', startTimeMs: sink.now, containers: {}, order: [], terminating: null, finished: false, conditionTimes: {}, lastStatusSent: null, phase: 'Pending', statusInFlight: false, statusDirty: false, gone: false, mirrorUid: null, mirrorPending: false };
  for (const c of s.initContainers ?? []) {
    e.containers[c.name] = newContainerEntry(c, c.restartPolicy === 'Always' ? 'sidecar' : 'init');
    e.order.push(c.name);
  }
  for (const c of s.containers ?? []) {
    e.containers[c.name] = newContainerEntry(c, 'app');
    e.order.push(c.name);
  }
  k.pods.set(uid, e);
  k.plegGeneration++;
  if (staticSource !== null) staticPodAdded(k.pods);
  const status = (pod['status'] ?? {}) as { startTime?: string; containerStatuses?: { name: string; restartCount?: number; containerID?: string }[]; initContainerStatuses?: { name: string; restartCount?: number; containerID?: string }[] };
  for (const cs of [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])]) {
    const c = e.containers[cs.name];
    if (!c) continue;
    c.restartCount = cs.restartCount ?? 0;
    c.everCreated = Boolean(cs.containerID);
    if (cs.containerID) c.containerId = cs.containerID.replace(/^containerd:\/\//, '');
  }
  adoptFromRuntime(k, e, cri, sink);
  return e;
}

function adoptFromRuntime(k: Kubelet, e: PodEntry, cri: CriApi, sink: EffectSink): void {
  const sandbox = cri.listSandboxes({ podUid: e.uid }).find((s) => s.state === 'SANDBOX_READY');
  if (!sandbox) {
    // The pod ran here before (its status names containers) but containerd has no sandbox for it:
    // the node rebooted. kuberuntime_manager.go computePodActions: a new sandbox, every container again.
    if (Object.values(e.containers).some((c) => c.everCreated)) {
      sandboxChanged(k, e, sink);
      // kubelet_pods.go convertToAPIContainerStatuses: a container the runtime no longer knows.
      for (const c of Object.values(e.containers)) {
        if (c.everCreated && !c.last) c.last = { exitCode: 255, reason: 'Unknown', message: 'The container could not be located when the pod was terminated', startedAtMs: 0, finishedAtMs: sink.now, containerId: c.containerId ?? '' };
        c.containerId = null;
      }
    }
    return;
  }
  e.sandboxId = sandbox.id;
  e.ip = sandbox.ip;
  e.startTimeMs = sandbox.createdAtMs;
  const runtime = cri.listContainers({ sandboxId: sandbox.id });
  for (const c of Object.values(e.containers)) {
    const mine = runtime.filter((r) => r.name === c.name).sort((a, b) => b.attempt - a.attempt);
    const latest = mine[0];
    if (!latest) continue;
    c.containerId = latest.id;
    c.restartCount = latest.attempt;
    c.everCreated = true;
    c.imageRef = latest.imageRef;
    c.startedAtMs = latest.startedAtMs;
    if (latest.state === 'CONTAINER_RUNNING') {
      c.machine = { value: 'Running', context: c.machine.context };
      c.ready = false;
      armProbes(k, e, c, sink, true);
    } else if (latest.state === 'CONTAINER_EXITED') {
      c.machine = { value: 'Terminated', context: c.machine.context };
      c.current = { exitCode: latest.exitCode, reason: latest.reason, startedAtMs: latest.startedAtMs, finishedAtMs: latest.finishedAtMs, containerId: latest.id };
    }
    c.transitions.push({ atMs: sink.now, from: 'PodInitializing', to: c.machine.value, event: 'adopted', cause: 'the kubelet restarted and found this container in containerd' });
  }
}

// ---------------------------------------------------------------------------------------------
// The statechart.

export function fire(k: Kubelet, e: PodEntry, c: ContainerEntry, ev: ContainerEvent | { type: string }, cause: string, sink: EffectSink): boolean {
  const step = stepContainer(c.machine, ev);
  for (const id of step.cancel) cancel(k, sink, `c/${e.uid}/${c.name}/${id}`);
  for (const s of step.schedule) timer(k, sink, `c/${e.uid}/${c.name}/${s.id}`, s.delayMs, { type: 'kubelet.machine', uid: e.uid, container: c.name, event: s.event });
  if (!step.changed) return false;
  k.plegGeneration++;
  if (step.state.value !== c.machine.value) {
    c.transitions.push({ atMs: sink.now, from: c.machine.value, to: step.state.value, event: ev.type, cause });
    if (c.transitions.length > 20) c.transitions.shift();
    emitTrace(sink, { source: proc(k), kind: 'kubelet.container', summary: `${e.key} ${c.name}: ${c.machine.value} → ${step.state.value} (${cause})` });
  }
  c.machine = step.state;
  return true;
}

// ---------------------------------------------------------------------------------------------
// syncPod: what should run, and making it so.

function requestSync(k: Kubelet, e: PodEntry, delayMs: number, sink: EffectSink): void {
  timer(k, sink, `sync/${e.uid}`, delayMs, { type: 'kubelet.sync', uid: e.uid });
}

export function syncPod(k: Kubelet, e: PodEntry, cri: CriApi, sink: EffectSink): void {
  if (e.finished) return finishIfGone(k, e, cri, sink);
  if (e.terminating) return syncTerminating(k, e, cri, sink);
  const s = specOf(e.pod);
  const restartPolicy = s.restartPolicy ?? 'Always';
  if (!e.sandboxId) {
    if (!podVolumesMounted(k, e, sink)) return;
    const volumeFiles = configMapVolumeFiles(s.volumes as Parameters<typeof configMapVolumeFiles>[0], configMapLookup(k, e));
    // The pod worker is backing off after a failed sync: status echoes do not try again sooner.
    if (e.syncFailedAtMs !== undefined && sink.now - e.syncFailedAtMs < WORKER_BACKOFF_MS) return requestSync(k, e, e.syncFailedAtMs + WORKER_BACKOFF_MS - sink.now, sink);
    if (!s.hostNetwork && k.network && !k.network.ready) {
      e.syncFailedAtMs = sink.now;
      // kubelet.go SyncPod: a pod on the pod network waits for the runtime's network
      // (NetworkNotReadyErrorMsg); hostNetwork pods, like flannel's own, go ahead.
      event(k, e.pod, 'Warning', 'NetworkNotReady', `network is not ready: ${networkNotReadyMessage(k.network)}`, sink);
      reportStatus(k, e, sink);
      return requestSync(k, e, WORKER_BACKOFF_MS, sink);
    }
    const sb = cri.runPodSandbox({ volumeFiles, podUid: e.uid, name: e.pod.metadata?.name ?? '', namespace: e.pod.metadata?.namespace ?? 'default', hostname: s.hostNetwork ? k.node.name : s.hostname ?? e.pod.metadata?.name ?? '', attempt: 0, volumes: (s.volumes ?? []).map((v) => v.name), ...(s.hostNetwork ? { hostNetwork: true } : {}) });
    if ('error' in sb) {
      // kuberuntime_manager.go SyncPod: createPodSandbox failed; the event, then the pod worker's back-off.
      e.syncFailedAtMs = sink.now;
      event(k, e.pod, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${sb.error}`, sink);
      kubeletLog(k, 'E', `"CreatePodSandbox for pod failed" err="${sb.error.replace(/"/g, '\\"')}" pod="${e.key}"`, sink);
      reportStatus(k, e, sink);
      return requestSync(k, e, WORKER_BACKOFF_MS, sink);
    }
    e.sandboxId = sb.id;
    e.ip = sb.ip;
    e.startTimeMs = sink.now;
  }
  // Init containers, one at a time (kuberuntime_container.go findNextInitContainerToRun).
  for (const name of e.order) {
    const c = e.containers[name]!;
    if (c.kind === 'app') break;
    if (c.kind === 'sidecar') {
      if (c.machine.value === 'Running') continue;
      if (c.machine.value === 'Terminated') restartOrFinish(k, e, c, 'Always', cri, sink);
      else progress(k, e, c, cri, sink);
      reportStatus(k, e, sink);
      return;
    }
    if (c.machine.value === 'Terminated') {
      if (c.current?.exitCode === 0) continue;
      if (restartPolicy === 'Never') {
        e.finished = true;
        killAll(k, e, 'init container failed', 0, cri, sink);
        reportStatus(k, e, sink);
        return;
      }
      restartOrFinish(k, e, c, 'Always', cri, sink);
    } else progress(k, e, c, cri, sink);
    reportStatus(k, e, sink);
    return;
  }
  for (const name of e.order) {
    const c = e.containers[name]!;
    if (c.kind !== 'app') continue;
    if (c.machine.value === 'Terminated') restartOrFinish(k, e, c, restartPolicy, cri, sink);
    else progress(k, e, c, cri, sink);
  }
  const apps = e.order.map((n) => e.containers[n]!).filter((c) => c.kind === 'app');
  if (restartPolicy !== 'Always' && apps.every((c) => c.machine.value === 'Terminated' && !wouldRestart(c, restartPolicy))) {
    // Every app container is done for good: stop the sidecars (reverse order), then the sandbox.
    e.finished = true;
    killAll(k, e, 'pod completed', 0, cri, sink);
  }
  reportStatus(k, e, sink);
}

function wouldRestart(c: ContainerEntry, policy: string): boolean {
  if (policy === 'Always') return true;
  if (policy === 'OnFailure') return (c.current?.exitCode ?? 0) !== 0;
  return false;
}

/** A terminated container: restart per the policy, after the crash back-off (kuberuntime_manager.go doBackOff). */
function restartOrFinish(k: Kubelet, e: PodEntry, c: ContainerEntry, policy: string, cri: CriApi, sink: EffectSink): void {
  if (!wouldRestart(c, policy)) return;
  const expired = c.lastRestartAtMs !== null && sink.now - c.lastRestartAtMs > BACKOFF_RESET_AFTER_MS;
  if (expired) {
    fire(k, e, c, { type: 'BACKOFF_RESET' }, 'ran 10 min without trouble: back-off reset', sink);
    c.lastRestartAtMs = null;
  }
  const backoff = c.lastRestartAtMs !== null;
  c.last = c.current;
  c.current = null;
  c.lastRestartAtMs = sink.now;
  fire(k, e, c, { type: 'RESTART', backoff }, backoff ? `restart policy ${policy}: back-off ${c.machine.context.backoffMs / 1000}s` : `restart policy ${policy}: first restart is immediate`, sink);
  if (backoff) {
    crashBackOffEvent(k, e, c, sink);
    armBackoffSync(k, e, sink);
    return;
  }
  progress(k, e, c, cri, sink);
}

function crashBackOffEvent(k: Kubelet, e: PodEntry, c: ContainerEntry, sink: EffectSink): void {
  const meta = e.pod.metadata ?? {};
  event(k, e.pod, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${meta.name}_${meta.namespace}(${meta.uid})`, sink);
}

function imageBackOffEvents(k: Kubelet, e: PodEntry, image: string, sink: EffectSink): void {
  event(k, e.pod, 'Normal', 'BackOff', `Back-off pulling image "${image}"`, sink);
  event(k, e.pod, 'Warning', 'Failed', 'Error: ImagePullBackOff', sink);
}

/**
 * A sync that stops at a back-off fails (ErrCrashLoopBackOff, ErrImagePullBackOff), and the pod
 * worker syncs the pod again after its back-off period (pod_workers.go completeWork:
 * `Enqueue(podUID, wait.Jitter(p.backOffPeriod, 0.5))`, 10 s; jitter not modelled, as for
 * WORKER_BACKOFF_MS). Each of those syncs finds the container still backing off and says so again
 * (kuberuntime_manager.go doBackOff; image_manager.go EnsureImageExists), so the Events of a
 * crash-looping pod count up, `BackOff (x12 over 3m)`, as on a real node. The restart itself is the
 * container machine's delayed transition, at the end of the back-off.
 */
function armBackoffSync(k: Kubelet, e: PodEntry, sink: EffectSink): void {
  timer(k, sink, `backoff-sync/${e.uid}`, WORKER_BACKOFF_MS, { type: 'kubelet.backoff-sync', uid: e.uid });
}

function backoffSync(k: Kubelet, e: PodEntry, sink: EffectSink): void {
  if (e.gone || e.terminating || e.finished) return;
  let backingOff = false;
  for (const name of e.order) {
    const c = e.containers[name]!;
    if (c.machine.value === 'CrashLoopBackOff') crashBackOffEvent(k, e, c, sink);
    else if (c.machine.value === 'ImagePullBackOff') imageBackOffEvents(k, e, containerSpec(e.pod, c.name)?.image ?? '', sink);
    else continue;
    backingOff = true;
  }
  if (backingOff) armBackoffSync(k, e, sink);
}

/** Moves one container forward from a waiting state: pull, create, start. */
function progress(k: Kubelet, e: PodEntry, c: ContainerEntry, cri: CriApi, sink: EffectSink): void {
  const spec = containerSpec(e.pod, c.name);
  if (!spec) return;
  switch (c.machine.value) {
    case 'CreateContainerError':
      // A config error is tried again on the pod worker's next sync, not on every status echo.
      if (c.waitingReason === 'CreateContainerConfigError' && sink.now - (c.createFailedAtMs ?? -Infinity) < SYNC_RETRY_MS * 10) return;
      fire(k, e, c, { type: 'START' }, 'its turn to start', sink);
      return progress(k, e, c, cri, sink);
    case 'PodInitializing':
      fire(k, e, c, { type: 'START' }, 'its turn to start', sink);
      return progress(k, e, c, cri, sink);
    case 'ErrImagePull':
      // The next sync backs off (the image manager's backOff.IsInBackOffSince).
      if (sink.now - c.pullRequestedAtMs < SYNC_RETRY_MS) return requestSync(k, e, SYNC_RETRY_MS, sink);
      fire(k, e, c, { type: 'PULL_BACKOFF' }, 'image pull back-off', sink);
      imageBackOffEvents(k, e, spec.image ?? '', sink);
      armBackoffSync(k, e, sink);
      return;
    case 'ContainerCreating': {
      // The ConfigMap manager answers from its watch at once; here its reads finish before the image step.
      const volumes = specOf(e.pod).volumes as Parameters<typeof volumeConfigMaps>[0];
      if (!configMapsRead(k, e, [...new Set([...envConfigMaps(spec), ...volumeConfigMaps(volumes)])], sink)) return;
      return ensureImageThenStart(k, e, c, spec, cri, sink);
    }
  }
}

/** imagePullPolicy: Always if the tag is :latest or absent, else IfNotPresent (KW images.md). */
export function pullPolicyOf(spec: ContainerSpec): string {
  if (spec.imagePullPolicy) return spec.imagePullPolicy;
  const image = spec.image ?? '';
  const tag = /:([^/:@]+)$/.exec(image.replace(/@.*$/, ''));
  return image.includes('@') ? 'IfNotPresent' : !tag || tag[1] === 'latest' ? 'Always' : 'IfNotPresent';
}

function ensureImageThenStart(k: Kubelet, e: PodEntry, c: ContainerEntry, spec: ContainerSpec, cri: CriApi, sink: EffectSink): void {
  if (c.waitingForImage) return;
  const image = spec.image ?? '';
  // image_manager.go EnsureImageExists: an unparsable reference never reaches the runtime.
  const ref = qualifyImage(image);
  if ('error' in ref) {
    c.waitingReason = 'InvalidImageName';
    c.waitingMessage = ref.error;
    fire(k, e, c, { type: 'CREATE_FAILED', reason: 'InvalidImageName' }, 'invalid image name', sink);
    event(k, e.pod, 'Warning', 'InspectFailed', ref.error, sink);
    event(k, e.pod, 'Warning', 'Failed', 'Error: InvalidImageName', sink);
    return requestSync(k, e, SYNC_RETRY_MS * 10, sink);
  }
  const policy = pullPolicyOf(spec);
  const present = cri.imageStatus(image);
  if (policy === 'Never' && !present) {
    c.waitingReason = 'ErrImageNeverPull';
    c.waitingMessage = `Container image "${image}" is not present with pull policy of Never`;
    fire(k, e, c, { type: 'CREATE_FAILED', reason: 'ErrImageNeverPull' }, 'image not present, pull policy Never', sink);
    event(k, e.pod, 'Warning', 'ErrImageNeverPull', c.waitingMessage, sink);
    event(k, e.pod, 'Warning', 'Failed', 'Error: ErrImageNeverPull', sink);
    return requestSync(k, e, SYNC_RETRY_MS * 10, sink);
  }
  if (present && policy !== 'Always') {
    event(k, e.pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, sink);
    return createAndStart(k, e, c, spec, cri, sink);
  }
  c.waitingForImage = image;
  c.pullRequestedAtMs = sink.now;
  event(k, e.pod, 'Normal', 'Pulling', `Pulling image "${image}"`, sink);
  if (k.pulling !== image && !k.pullQueue.includes(image)) k.pullQueue.push(image);
  pumpPulls(k, cri);
}

/** serializeImagePulls: true — one pull at a time per node (kubelet config default). */
function pumpPulls(k: Kubelet, cri: CriApi): void {
  if (k.pulling || k.pullQueue.length === 0) return;
  k.pulling = k.pullQueue.shift()!;
  cri.pullImage(k.pulling);
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, '')}s`;
}

function onCriNotification(k: Kubelet, n: CriNotification, cri: CriApi, sink: EffectSink): void {
  if (n.type === 'kubelet.cri.exec') return onExecDone(k, n.execId, n.result, cri, sink);
  if (k.pulling === n.image) k.pulling = null;
  pumpPulls(k, cri);
  for (const e of podEntries(k)) {
    let touched = false;
    for (const c of Object.values(e.containers)) {
      if (c.waitingForImage !== n.image) continue;
      c.waitingForImage = null;
      touched = true;
      if (n.ok) {
        c.imagePullFailed = false;
        const waited = sink.now - c.pullRequestedAtMs;
        event(k, e.pod, 'Normal', 'Pulled', `Successfully pulled image "${n.image}" in ${seconds(n.pullMs)} (${seconds(waited)} including waiting). Image size: ${n.sizeBytes} bytes.`, sink);
        const spec = containerSpec(e.pod, c.name);
        if (spec && c.machine.value === 'ContainerCreating' && !e.terminating) createAndStart(k, e, c, spec, cri, sink);
      } else {
        c.waitingMessage = n.error;
        c.pullRequestedAtMs = sink.now;
        event(k, e.pod, 'Warning', 'Failed', `Failed to pull image "${n.image}": ${n.error}`, sink);
        event(k, e.pod, 'Warning', 'Failed', 'Error: ErrImagePull', sink);
        c.imagePullFailed = true;
        fire(k, e, c, { type: 'PULL_FAILED', error: n.error }, 'image pull failed', sink);
        requestSync(k, e, SYNC_RETRY_MS, sink);
      }
    }
    if (touched) {
      syncPod(k, e, cri, sink);
    }
  }
}

/**
 * The container's environment (kubelet_pods.go makeEnvironmentVariables): its own env in order,
 * `$(VAR)` expanded against what came before and the service variables, then the service
 * variables it did not set itself.
 */
function envOf(k: Kubelet, e: PodEntry, spec: ContainerSpec): Record<string, string> {
  const services = serviceEnv([...(k.client.informers['services']?.items.values() ?? [])], e.pod.metadata?.namespace ?? 'default', (e.pod['spec'] as { enableServiceLinks?: boolean }).enableServiceLinks !== false);
  const env: Record<string, string> = {};
  for (const v of spec.env ?? []) {
    if (v.value !== undefined) env[v.name] = v.value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, n: string) => env[n] ?? services[n] ?? m);
    else if (v.valueFrom) {
      const ref = v.valueFrom as { fieldRef?: { fieldPath?: string } };
      const path = ref.fieldRef?.fieldPath;
      const meta = e.pod.metadata ?? {};
      const byPath: Record<string, string | undefined> = { 'metadata.name': meta.name, 'metadata.namespace': meta.namespace, 'metadata.uid': meta.uid, 'status.podIP': e.ip, 'spec.nodeName': (e.pod['spec'] as { nodeName?: string }).nodeName };
      if (path && byPath[path] !== undefined) env[v.name] = byPath[path]!;
    }
  }
  for (const [name, value] of Object.entries(services)) if (env[name] === undefined) env[name] = value;
  return env;
}

/** makeEnvVariableName: `my-nginx` → `MY_NGINX`. */
function envVariableName(name: string): string {
  return name.toUpperCase().replace(/-/g, '_');
}

type ServiceForEnv = { metadata?: { name?: string; namespace?: string }; spec?: { clusterIP?: string; ports?: { name?: string; port: number; protocol?: string }[] } };

/**
 * The Docker-links variables for the Services a pod sees (kubelet_pods.go getServiceEnvVarMap,
 * pkg/kubelet/envvars FromServices): the `kubernetes` Service of `default` always, the pod's own
 * namespace's Services when enableServiceLinks (the default); only Services with a ClusterIP.
 * Per Service: NAME_SERVICE_HOST, NAME_SERVICE_PORT (first port), NAME_SERVICE_PORT_<PORTNAME>
 * for named ports, NAME_PORT (first port's URL) and NAME_PORT_<port>_<PROTO>{,_PROTO,_PORT,_ADDR}.
 * The kubelet builds them from a Go map, so their real order varies; here they go by Service name.
 */
export function serviceEnv(services: readonly KubeObject[], namespace: string, enableServiceLinks: boolean): Record<string, string> {
  const chosen = new Map<string, ServiceForEnv>();
  for (const o of services as ServiceForEnv[]) {
    const ip = o.spec?.clusterIP;
    if (!ip || ip === 'None' || !o.spec?.ports?.length) continue;
    const name = o.metadata?.name ?? '';
    if (o.metadata?.namespace === 'default' && name === 'kubernetes') {
      if (!chosen.has(name)) chosen.set(name, o);
    } else if (o.metadata?.namespace === namespace && enableServiceLinks) chosen.set(name, o);
  }
  const out: Record<string, string> = {};
  for (const name of [...chosen.keys()].sort()) {
    const svc = chosen.get(name)!;
    const ip = svc.spec!.clusterIP!;
    const ports = svc.spec!.ports!;
    const prefix = envVariableName(name);
    out[`${prefix}_SERVICE_HOST`] = ip;
    out[`${prefix}_SERVICE_PORT`] = String(ports[0]!.port);
    for (const p of ports) if (p.name) out[`${prefix}_SERVICE_PORT_${envVariableName(p.name)}`] = String(p.port);
    ports.forEach((p, i) => {
      const proto = (p.protocol ?? 'TCP').toLowerCase();
      const url = `${proto}://${ip}:${p.port}`;
      if (i === 0) out[`${prefix}_PORT`] = url;
      const portPrefix = `${prefix}_PORT_${p.port}_${proto.toUpperCase()}`;
      out[portPrefix] = url;
      out[`${portPrefix}_PROTO`] = proto;
      out[`${portPrefix}_PORT`] = String(p.port);
      out[`${portPrefix}_ADDR`] = ip;
    });
  }
  return out;
}

/** The kubelet's --cluster-dns and --cluster-domain (kubeadm's defaults: the 10th service IP, cluster.local). */
export const CLUSTER_DNS = '10.96.0.10';
export const CLUSTER_DOMAIN = 'cluster.local';
/** What the node's own /etc/resolv.conf says (the LAN's resolver), for pods that use the node's DNS. */
const NODE_RESOLV_CONF = 'nameserver 10.0.0.1\n';

/**
 * The pod's /etc/resolv.conf (pkg/kubelet/network/dns/dns.go GetPodDNS, written by containerd:
 * search first): ClusterFirst points at the cluster DNS with the namespace's search path and
 * ndots:5; Default, and ClusterFirst with hostNetwork, get the node's file.
 */
export function podResolvConf(namespace: string, spec: { hostNetwork?: boolean; dnsPolicy?: string }): string {
  const policy = spec.dnsPolicy ?? 'ClusterFirst';
  const cluster = policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !spec.hostNetwork);
  if (!cluster) return NODE_RESOLV_CONF;
  return `search ${namespace}.svc.${CLUSTER_DOMAIN} svc.${CLUSTER_DOMAIN} ${CLUSTER_DOMAIN}\nnameserver ${CLUSTER_DNS}\noptions ndots:5\n`;
}

/** Asks the apiserver for a ConfigMap (the ConfigMap manager's GET); the pods waiting for it sync when the answer comes. */
function readConfigMap(k: Kubelet, key: string, podUid: string, sink: EffectSink): void {
  const entry = (k.configMaps[key] ??= { data: undefined, atMs: -Infinity, waiting: [] });
  if (!entry.waiting.includes(podUid)) entry.waiting.push(podUid);
  if (entry.waiting.length > 1) return;
  const [namespace, name] = key.split('/') as [string, string];
  apiRequest(k, { verb: 'get', resource: 'configmaps', namespace, name }, `configmap/${key}`, sink);
}

function onConfigMapResponse(k: Kubelet, key: string, resp: ApiResponse | null, sink: EffectSink): void {
  const entry = k.configMaps[key];
  if (!entry) return;
  if (resp?.ok) entry.data = (((resp.body as KubeObject)['data'] as Record<string, string> | undefined) ?? {});
  else if (resp && !resp.ok && resp.status.reason === 'NotFound') entry.data = null;
  entry.atMs = resp ? sink.now : -Infinity;
  for (const uid of entry.waiting.splice(0)) {
    const e = k.pods.get(uid);
    if (e) requestSync(k, e, 0, sink);
  }
}

/**
 * The ConfigMaps `names` as of now: true when each has been read since this pod asked; otherwise
 * the reads go out (the answers sync the pod again) and false.
 */
function configMapsRead(k: Kubelet, e: PodEntry, names: string[], sink: EffectSink): boolean {
  if (names.length === 0) return true;
  const ns = e.pod.metadata?.namespace ?? 'default';
  const since = k.configReadAt[e.uid];
  const stale = names.filter((n) => {
    const entry = k.configMaps[`${ns}/${n}`];
    return since === undefined || !entry || entry.data === undefined || entry.atMs < since;
  });
  if (stale.length === 0) return true;
  if (since === undefined) k.configReadAt[e.uid] = sink.now;
  for (const n of stale) readConfigMap(k, `${ns}/${n}`, e.uid, sink);
  return false;
}

function configMapLookup(k: Kubelet, e: PodEntry): (name: string) => Record<string, string> | null | undefined {
  const ns = e.pod.metadata?.namespace ?? 'default';
  return (name) => k.configMaps[`${ns}/${name}`]?.data;
}

/** WaitForAttachAndMount: the pod's configMap volumes before its sandbox; a failure is retried with the volume manager's back-off. */
function podVolumesMounted(k: Kubelet, e: PodEntry, sink: EffectSink): boolean {
  const volumes = specOf(e.pod).volumes as Parameters<typeof volumeConfigMaps>[0];
  if (!configMapsRead(k, e, volumeConfigMaps(volumes), sink)) return false;
  delete k.configReadAt[e.uid];
  const failed = mountConfigMapVolumes(volumes, configMapLookup(k, e));
  if (!failed) {
    delete k.mountBackoffMs[e.uid];
    return true;
  }
  const backoff = k.mountBackoffMs[e.uid] ?? MOUNT_BACKOFF_INITIAL_MS;
  k.mountBackoffMs[e.uid] = Math.min(MOUNT_BACKOFF_MAX_MS, backoff * 2);
  event(k, e.pod, 'Warning', 'FailedMount', failed, sink);
  requestSync(k, e, backoff, sink);
  return false;
}

/** A container's env from ConfigMaps and its configMap files; null (and CreateContainerConfigError) when an env reference cannot be met. */
function configMapSources(k: Kubelet, e: PodEntry, c: ContainerEntry, spec: ContainerSpec, sink: EffectSink): { env: Record<string, string>; files: Record<string, string> } | null {
  const volumes = specOf(e.pod).volumes as Parameters<typeof volumeConfigMaps>[0];
  const names = [...new Set([...envConfigMaps(spec), ...volumeConfigMaps(volumes)])];
  if (names.length === 0) return { env: {}, files: {} };
  if (!configMapsRead(k, e, names, sink)) return null;
  delete k.configReadAt[e.uid];
  const ns = e.pod.metadata?.namespace ?? 'default';
  const lookup = configMapLookup(k, e);
  const env = configMapEnv(ns, spec, lookup);
  if ('configError' in env) {
    c.waitingReason = 'CreateContainerConfigError';
    c.waitingMessage = env.configError;
    c.createFailedAtMs = sink.now;
    fire(k, e, c, { type: 'CREATE_FAILED', reason: 'CreateContainerConfigError' }, env.configError, sink);
    event(k, e.pod, 'Warning', 'Failed', `Error: ${env.configError}`, sink);
    requestSync(k, e, SYNC_RETRY_MS * 10, sink);
    return null;
  }
  if (env.invalidNames.length > 0) event(k, e.pod, 'Warning', 'InvalidEnvironmentVariableNames', `Keys [${env.invalidNames.join(', ')}] from the EnvFrom configMap were skipped since they are considered invalid environment variable names.`, sink);
  return { env: env.env, files: {} };
}

function createAndStart(k: Kubelet, e: PodEntry, c: ContainerEntry, spec: ContainerSpec, cri: CriApi, sink: EffectSink): void {
  if (!e.sandboxId) return;
  const fromConfigMaps = configMapSources(k, e, c, spec, sink);
  if (!fromConfigMaps) return;
  const attempt = c.everCreated ? c.restartCount + 1 : 0;
  const limit = spec.resources?.limits?.['memory'];
  const meta = e.pod.metadata ?? {};
  const created = cri.createContainer(e.sandboxId, {
    name: c.name,
    attempt,
    image: spec.image ?? '',
    ...(spec.command ? { command: spec.command } : {}),
    ...(spec.args ? { args: spec.args } : {}),
    // envFrom and configMapKeyRef values first; explicit values and field references win.
    env: Object.assign({}, fromConfigMaps.env, envOf(k, e, spec)),
    mounts: (spec.volumeMounts ?? []).map((m) => {
      const hostPath = specOf(e.pod).volumes?.find((v) => v.name === m.name)?.hostPath?.path;
      return { name: m.name, mountPath: m.mountPath, ...(m.readOnly ? { readOnly: true } : {}), ...(hostPath ? { hostPath } : {}) };
    }),
    memoryLimitBytes: limit ? quantityBytes(limit) : 0,
    files: {
      '/var/run/secrets/kubernetes.io/serviceaccount/namespace': meta.namespace ?? 'default',
      ...fromConfigMaps.files,
      '/etc/resolv.conf': podResolvConf(meta.namespace ?? 'default', specOf(e.pod) as { hostNetwork?: boolean; dnsPolicy?: string }),
      '/etc/hostname': `${meta.name}\n`,
      '/etc/hosts': `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n${e.ip}\t${meta.name}\n`,
    },
  });
  if ('error' in created) {
    c.waitingReason = 'CreateContainerError';
    c.waitingMessage = created.error;
    fire(k, e, c, { type: 'CREATE_FAILED', reason: 'CreateContainerError' }, created.error, sink);
    event(k, e.pod, 'Warning', 'Failed', `Error: ${created.error}`, sink);
    return requestSync(k, e, SYNC_RETRY_MS * 10, sink);
  }
  c.containerId = created.id;
  c.restartCount = attempt;
  removeDeadContainers(e, c, cri);
  c.everCreated = true;
  c.ready = false;
  event(k, e.pod, 'Normal', 'Created', `Created container: ${c.name}`, sink);
  const started = cri.startContainer(created.id);
  if ('error' in started) {
    event(k, e.pod, 'Warning', 'Failed', `Error: ${started.error}`, sink);
    c.startedAtMs = 0;
    c.current = { exitCode: 128, reason: 'StartError', message: started.error, startedAtMs: 0, finishedAtMs: sink.now, containerId: created.id };
    fire(k, e, c, { type: 'EXITED', code: 128, reason: 'StartError' }, 'runc could not start the process', sink);
    return requestSync(k, e, 0, sink);
  }
  const status = cri.containerStatus(created.id);
  c.startedAtMs = status?.startedAtMs || sink.now;
  c.imageRef = status?.imageRef ?? '';
  event(k, e.pod, 'Normal', 'Started', `Started container ${c.name}`, sink);
  const postStart = spec.lifecycle?.postStart;
  fire(k, e, c, { type: 'STARTED', hasPostStart: Boolean(postStart), hasStartupProbe: Boolean(spec.startupProbe) }, 'StartContainer returned', sink);
  if (status?.state === 'CONTAINER_EXITED') {
    // It exited before we looked (echo and done): PLEG will tell; nothing to arm.
  }
  if (postStart) return runHook(k, e, c, 'postStart', postStart, cri, sink);
  armProbes(k, e, c, sink, false);
  if (!spec.readinessProbe) c.ready = true;
}

/**
 * Container garbage collection (kuberuntime_gc.go, MaxPerPodContainer = 1): of a container's dead
 * attempts only the latest stays, for `kubectl logs --previous` and `crictl ps -a`. Without it the
 * runtime would keep every attempt of a crash-looping container, and scan them all on each probe.
 */
function removeDeadContainers(e: PodEntry, c: ContainerEntry, cri: CriApi): void {
  if (!e.sandboxId) return;
  for (const rc of cri.listContainers({ sandboxId: e.sandboxId })) {
    if (rc.name !== c.name || rc.state !== 'CONTAINER_EXITED') continue;
    if (rc.id !== c.last?.containerId) cri.removeContainer(rc.id);
  }
}

// ---------------------------------------------------------------------------------------------
// Hooks.

function runHook(k: Kubelet, e: PodEntry, c: ContainerEntry, hook: 'postStart' | 'preStop', h: HandlerSpec, cri: CriApi, sink: EffectSink): void {
  if (h.exec?.command) {
    const r = cri.exec(c.containerId!, h.exec.command, Infinity);
    if ('done' in r) return hookDone(k, e, c, hook, r.done, cri, sink);
    c.hookExecId = r.pending;
    k.execs[r.pending] = { podUid: e.uid, container: c.name, purpose: hook };
    return;
  }
  if (h.httpGet) {
    const port = resolvePort(containerSpec(e.pod, c.name), h.httpGet.port);
    const r = cri.httpGet(e.sandboxId!, port, h.httpGet.path ?? '/', {});
    const ok = !('error' in r) && r.status >= 200 && r.status < 400;
    return hookDone(k, e, c, hook, ok ? { exitCode: 0, stdout: '', stderr: '', timedOut: false } : { error: 'error' in r ? r.error : `HTTP ${r.status}` }, cri, sink);
  }
  if (h.sleep) {
    timer(k, sink, `c/${e.uid}/${c.name}/hook-sleep`, h.sleep.seconds * 1000, { type: 'kubelet.hook-sleep', uid: e.uid, container: c.name, hook });
    return;
  }
  // tcpSocket handlers are deprecated and fail at runtime.
  hookDone(k, e, c, hook, { error: 'tcpSocket is not supported as a lifecycle handler' }, cri, sink);
}


function onExecDone(k: Kubelet, execId: string, result: ExecResult, cri: CriApi, sink: EffectSink): void {
  const pending = k.execs[execId];
  if (!pending) return;
  delete k.execs[execId];
  if (pending.purpose === 'api') {
    // kubectl exec: the answer goes back on the apiserver's connection to port 10250.
    const r = pending.reply!;
    sink.effects.push({ type: 'net.send', from: { host: k.host, port: KUBELET_API_PORT }, to: { host: r.host, port: r.port }, kind: 'kubelet.api.response', body: { id: r.id, result }, summary: 'exec result' });
    return;
  }
  const e = k.pods.get(pending.podUid);
  const c = e?.containers[pending.container];
  if (!e || !c) return;
  if (pending.purpose === 'postStart' || pending.purpose === 'preStop') {
    if (c.hookExecId !== execId) return;
    c.hookExecId = null;
    return hookDone(k, e, c, pending.purpose, result, cri, sink);
  }
  onProbeExecResult(k, e, c, pending.purpose, result, cri, sink, probeOutcome);
}

function hookDone(k: Kubelet, e: PodEntry, c: ContainerEntry, hook: 'postStart' | 'preStop', result: ExecResult, cri: CriApi, sink: EffectSink): void {
  const failed = 'error' in result || result.exitCode !== 0;
  if (hook === 'postStart') {
    if (c.machine.value !== 'PostStartHook') return;
    const spec = containerSpec(e.pod, c.name);
    if (!failed) {
      fire(k, e, c, { type: 'POSTSTART_DONE', hasStartupProbe: Boolean(spec?.startupProbe) }, 'postStart hook returned', sink);
      armProbes(k, e, c, sink, false);
      if (!spec?.readinessProbe) c.ready = true;
      return syncPod(k, e, cri, sink);
    }
    // The real message is withheld from the event "so that secrets won't leak".
    event(k, e.pod, 'Warning', 'FailedPostStartHook', 'PostStartHook failed', sink);
    event(k, e.pod, 'Normal', 'Killing', 'FailedPostStartHook', sink);
    fire(k, e, c, { type: 'POSTSTART_FAILED' }, 'postStart hook failed', sink);
    c.stopStartedAtMs = sink.now;
    c.stopGraceSeconds = graceOf(e);
    cri.stopContainer(c.containerId!, c.stopGraceSeconds);
    return;
  }
  if (c.machine.value !== 'PreStopHook') return;
  if (failed) event(k, e.pod, 'Warning', 'FailedPreStopHook', 'PreStopHook failed', sink);
  stopAfterPreStop(k, e, c, cri, sink);
}

function graceOf(e: PodEntry): number {
  return e.pod.metadata?.deletionGracePeriodSeconds ?? specOf(e.pod).terminationGracePeriodSeconds ?? 30;
}

/** StopContainer with what is left of the grace period, at least 2 s (killContainer). */
function stopAfterPreStop(k: Kubelet, e: PodEntry, c: ContainerEntry, cri: CriApi, sink: EffectSink): void {
  cancel(k, sink, `c/${e.uid}/${c.name}/prestop`);
  const elapsedSeconds = Math.floor((sink.now - (c.stopStartedAtMs ?? sink.now)) / 1000);
  const remaining = Math.max(MINIMUM_GRACE_PERIOD_SECONDS, c.stopGraceSeconds - elapsedSeconds);
  fire(k, e, c, { type: 'PRESTOP_DONE' }, 'preStop hook finished', sink);
  if (c.containerId) cri.stopContainer(c.containerId, remaining);
}

/** The grace period ran out with preStop still running: the hook gets no more, the container 2 s. */
function preStopDeadline(k: Kubelet, e: PodEntry, c: ContainerEntry, cri: CriApi, sink: EffectSink): void {
  if (c.machine.value !== 'PreStopHook') return;
  if (c.hookExecId) delete k.execs[c.hookExecId];
  c.hookExecId = null;
  stopAfterPreStop(k, e, c, cri, sink);
}

// ---------------------------------------------------------------------------------------------
// Killing containers and terminating pods.

/** killContainer: preStop (if any) then the stop signal; the grace period counts from now. */
export function killContainer(k: Kubelet, e: PodEntry, c: ContainerEntry, cause: string, graceSeconds: number, cri: CriApi, sink: EffectSink): void {
  const spec = containerSpec(e.pod, c.name);
  const running = c.machine.value === 'Running' || c.machine.value === 'Starting' || c.machine.value === 'PostStartHook';
  stopProbes(k, e, c, sink);
  // The container keeps its last readiness until it exits: `kubectl get` shows `1/1 Terminating`
  // while preStop and the grace period run (the EndpointSlice marks the endpoint terminating).
  if (!running) {
    if (c.machine.value !== 'Terminated' && c.machine.value !== 'PreStopHook' && c.machine.value !== 'Stopping') fire(k, e, c, { type: 'KILL', cause, hasPreStop: false }, cause, sink);
    return;
  }
  const preStop = spec?.lifecycle?.preStop;
  c.stopStartedAtMs = sink.now;
  c.stopGraceSeconds = graceSeconds;
  const wasPostStart = c.machine.value === 'PostStartHook';
  fire(k, e, c, { type: 'KILL', cause, hasPreStop: Boolean(preStop) && !wasPostStart }, cause, sink);
  if (c.machine.value === 'PreStopHook' && preStop) {
    timer(k, sink, `c/${e.uid}/${c.name}/prestop`, graceSeconds * 1000, { type: 'kubelet.prestop-deadline', uid: e.uid, container: c.name });
    return runHook(k, e, c, 'preStop', preStop, cri, sink);
  }
  if (c.containerId) cri.stopContainer(c.containerId, Math.max(MINIMUM_GRACE_PERIOD_SECONDS, graceSeconds));
}

function beginTermination(k: Kubelet, e: PodEntry, graceSeconds: number, reason: string, cri: CriApi, sink: EffectSink): void {
  e.terminating = { startedAtMs: sink.now, graceSeconds, reason };
  emitTrace(sink, { source: proc(k), kind: 'kubelet.kill-pod', summary: `${e.key}: killing pod (${reason}), grace ${graceSeconds}s` });
  void cri;
}

/** Kill every container: app containers first, sidecars after they exit, in reverse order. */
function killAll(k: Kubelet, e: PodEntry, cause: string, graceSeconds: number, cri: CriApi, sink: EffectSink): void {
  const list = e.order.map((n) => e.containers[n]!);
  const apps = list.filter((c) => c.kind !== 'sidecar');
  for (const c of apps) killContainer(k, e, c, cause, graceSeconds, cri, sink);
  if (apps.every((c) => isDown(c))) {
    for (const c of list.filter((x) => x.kind === 'sidecar').reverse()) killContainer(k, e, c, cause, graceSeconds, cri, sink);
  }
}

function isDown(c: ContainerEntry): boolean {
  return !(c.machine.value === 'Running' || c.machine.value === 'Starting' || c.machine.value === 'PostStartHook' || c.machine.value === 'PreStopHook' || c.machine.value === 'Stopping');
}

function syncTerminating(k: Kubelet, e: PodEntry, cri: CriApi, sink: EffectSink): void {
  const t = e.terminating!;
  const list = e.order.map((n) => e.containers[n]!);
  for (const c of list) {
    if (c.kind === 'sidecar') continue;
    if (c.machine.value === 'Running' || c.machine.value === 'Starting' || c.machine.value === 'PostStartHook') {
      event(k, e.pod, 'Normal', 'Killing', `Stopping container ${c.name}`, sink);
      killContainer(k, e, c, 'pod deleted', t.graceSeconds, cri, sink);
    } else if (!isDown(c)) continue;
    else if (c.machine.value !== 'Terminated') killContainer(k, e, c, 'pod deleted', t.graceSeconds, cri, sink);
  }
  if (list.filter((c) => c.kind !== 'sidecar').every(isDown)) {
    for (const c of list.filter((x) => x.kind === 'sidecar').reverse()) {
      if (c.machine.value === 'Running' || c.machine.value === 'Starting') {
        event(k, e.pod, 'Normal', 'Killing', `Stopping container ${c.name}`, sink);
        const left = Math.max(MINIMUM_GRACE_PERIOD_SECONDS, t.graceSeconds - Math.floor((sink.now - t.startedAtMs) / 1000));
        killContainer(k, e, c, 'pod deleted', left, cri, sink);
      } else if (isDown(c) && c.machine.value !== 'Terminated') killContainer(k, e, c, 'pod deleted', 0, cri, sink);
    }
  }
  if (!list.every(isDown)) return reportStatus(k, e, sink);
  // Everything stopped: tear down the sandbox, report the terminal phase, then let the API object go.
  if (e.sandboxId) cri.stopPodSandbox(e.sandboxId);
  e.finished = true;
  reportStatus(k, e, sink);
  finishIfGone(k, e, cri, sink);
}

function finishIfGone(k: Kubelet, e: PodEntry, cri: CriApi, sink: EffectSink): void {
  const list = Object.values(e.containers);
  if (e.terminating && !list.every(isDown)) return;
  if (e.staticSource && e.gone) {
    if (e.mirrorUid) deleteMirrorPod(k, e.pod.metadata!.namespace!, e.pod.metadata!.name!, e.mirrorUid, sink);
    e.mirrorUid = null;
    return forgetPod(k, e, cri, sink);
  }
  if (e.terminating || e.gone) {
    if (!e.gone && !e.staticSource) {
      const meta = e.pod.metadata!;
      apiRequest(k, { verb: 'delete', resource: 'pods', namespace: meta.namespace!, name: meta.name!, gracePeriodSeconds: 0, preconditionUid: e.uid }, 'pod-delete', sink);
    }
    if (e.gone) forgetPod(k, e, cri, sink);
    return;
  }
  // A completed pod (Job): stop the sandbox once nothing runs.
  if (list.every(isDown) && e.sandboxId) {
    if (cri.sandboxStatus(e.sandboxId)?.state === 'SANDBOX_READY') cri.stopPodSandbox(e.sandboxId);
  }
}

/** The pod is gone for good: its sandbox is removed and the kubelet forgets it. */
function forgetPod(k: Kubelet, e: PodEntry, cri: CriApi, sink: EffectSink): void {
  if (e.sandboxId) {
    cri.stopPodSandbox(e.sandboxId);
    cri.removePodSandbox(e.sandboxId);
  }
  cancelPodTimers(k, e, sink);
  k.pods.delete(e.uid);
}

// ---------------------------------------------------------------------------------------------
// PLEG: what containerd says happened.

/** kuberuntime_manager.go: `Pod sandbox changed, it will be killed and re-created.` */
function sandboxChanged(k: Kubelet, e: PodEntry, sink: EffectSink): void {
  event(k, e.pod, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.', sink);
  e.sandboxId = null;
  e.ip = '';
}

function relist(k: Kubelet, cri: CriApi, sink: EffectSink): void {
  // A relist compares containerd's states with the kubelet's. When neither side changed since a
  // relist that found nothing, this one finds nothing too: skip the walk (it runs every second on
  // every node). Everything the walk reads bumps one of the two generations when it changes.
  const runtime = cri.generation();
  const quiet = k.relistQuiet;
  if (quiet !== null && quiet.runtime === runtime && quiet.kubelet === k.plegGeneration) return;
  const kubelet = k.plegGeneration;
  let found = false;
  // Plain key loops, no arrays built per relist.
  for (const e of k.pods.values()) {
    let changed = false;
    for (const name in e.containers) {
      const c = e.containers[name]!;
      if (!c.containerId || c.machine.value === 'Terminated') continue;
      if (isDown(c) && c.machine.value !== 'ContainerCreating') continue;
      const st = cri.containerStatus(c.containerId);
      if (!st) continue;
      if (st.state !== 'CONTAINER_EXITED') continue;
      c.current = { exitCode: st.exitCode, reason: st.reason, ...(st.message ? { message: st.message } : {}), startedAtMs: st.startedAtMs, finishedAtMs: st.finishedAtMs, containerId: st.id };
      c.ready = false;
      stopProbes(k, e, c, sink);
      cancel(k, sink, `c/${e.uid}/${c.name}/prestop`);
      if (c.hookExecId) delete k.execs[c.hookExecId];
      c.hookExecId = null;
      fire(k, e, c, { type: 'EXITED', code: st.exitCode, reason: st.reason }, `exited with code ${st.exitCode} (${st.reason})`, sink);
      changed = true;
    }
    // The sandbox went away under the kubelet (crictl stopp/rmp): make a new one.
    if (e.sandboxId && !e.terminating && !e.finished && !e.gone && cri.sandboxStatus(e.sandboxId)?.state !== 'SANDBOX_READY') {
      sandboxChanged(k, e, sink);
      changed = true;
    }
    if (changed) {
      found = true;
      syncPod(k, e, cri, sink);
    }
  }
  // The generations from before the walk: whatever it changed makes the next relist look again.
  k.relistQuiet = found ? null : { runtime, kubelet };
}

// ---------------------------------------------------------------------------------------------
// Status manager.

function reportStatus(k: Kubelet, e: PodEntry, sink: EffectSink): void {
  if (e.gone) return;
  const s = specOf(e.pod);
  const phase = nextPodPhase(e.phase, podPhase(e, s.restartPolicy ?? 'Always'));
  if (phase !== e.phase) emitTrace(sink, { source: proc(k), kind: 'kubelet.phase', summary: `${e.key}: ${e.phase} → ${phase}` });
  e.phase = phase;
  const conditions = podConditions(e, phase);
  // One pass over the containers (reportStatus runs on every sync): the statuses in order, split
  // into init (and sidecar) containers and app containers.
  const initStatuses: ReturnType<typeof apiContainerStatus>[] = [];
  const appStatuses: ReturnType<typeof apiContainerStatus>[] = [];
  for (const n of e.order) {
    const c = e.containers[n]!;
    const status = apiContainerStatus(c, containerSpec(e.pod, n)?.image ?? '', c.imageRef, e.pod, rfc3339);
    if (c.kind !== 'app') initStatuses.push(status);
    else appStatuses.push(status);
  }
  // Compared as their JSON texts would be, without building them: most calls change nothing.
  const sent = [phase, conditions, initStatuses, appStatuses, e.ip];
  if (e.lastStatusSent && jsonEqual(sent, e.lastStatusSent)) return;
  if (e.staticSource && !e.mirrorUid) return;
  if (e.statusInFlight) {
    e.statusDirty = true;
    return;
  }
  e.lastStatusSent = sent;
  const withTimes = conditions.map((c) => {
    const prior = e.conditionTimes[c.type];
    if (!prior || prior.status !== c.status) e.conditionTimes[c.type] = { status: c.status, atMs: sink.now };
    return timedCondition(c, rfc3339(e.conditionTimes[c.type]!.atMs));
  });
  const scheduled = (((e.pod['status'] ?? {}) as { conditions?: { type: string; lastTransitionTime?: string }[] }).conditions ?? []).find((c) => c.type === 'PodScheduled');
  if (scheduled) withTimes[withTimes.length - 1] = { ...withTimes[withTimes.length - 1]!, lastTransitionTime: scheduled.lastTransitionTime ?? withTimes[withTimes.length - 1]!.lastTransitionTime };
  const status: Record<string, unknown> = {
    phase,
    hostIP: k.node.ip,
    hostIPs: [{ ip: k.node.ip }],
    ...(e.ip ? { podIP: e.ip, podIPs: [{ ip: e.ip }] } : {}),
    startTime: rfc3339(e.startTimeMs),
    qosClass: ((e.pod['status'] ?? {}) as { qosClass?: string }).qosClass ?? 'BestEffort',
    conditions: withTimes,
    ...(initStatuses.length > 0 ? { initContainerStatuses: initStatuses } : {}),
    containerStatuses: appStatuses,
  };
  const meta = e.pod.metadata!;
  e.statusInFlight = true;
  apiRequest(k, { verb: 'patch', resource: 'pods', namespace: meta.namespace!, name: meta.name!, patchType: 'merge', subresource: 'status', patch: { status } }, `pod-status/${e.uid}`, sink, STATUS_UPDATE_TIMEOUT_MS);
}

/**
 * A condition as the status carries it: `{ ...c, lastProbeTime: null, lastTransitionTime }`, the
 * same keys in the same order, built as a literal (a spread of these small objects took V8's slow
 * path, and reportStatus builds five on every report).
 */
function timedCondition(c: ReturnType<typeof podConditions>[number], lastTransitionTime: string) {
  const { type, status, reason, message } = c;
  if (message !== undefined) return { type, status, reason, message, lastProbeTime: null, lastTransitionTime };
  if (reason !== undefined) return { type, status, reason, lastProbeTime: null, lastTransitionTime };
  return { type, status, lastProbeTime: null, lastTransitionTime };
}

/** The status manager retries a failed update (status_manager.go syncBatch runs every 10 s). */
const STATUS_UPDATE_TIMEOUT_MS = 10_000;
const STATUS_RETRY_MS = 10_000;

function onStatusResponse(k: Kubelet, uid: string, resp: ApiResponse | null, sink: EffectSink): void {
  const e = k.pods.get(uid);
  if (!e) return;
  e.statusInFlight = false;
  if (!resp?.ok && !(resp && !resp.ok && resp.status.reason === 'NotFound')) {
    e.lastStatusSent = null;
    timer(k, sink, `status-retry/${uid}`, STATUS_RETRY_MS, { type: 'kubelet.status-retry', uid });
    return;
  }
  if (e.statusDirty) {
    e.statusDirty = false;
    reportStatus(k, e, sink);
  }
}


// ---------------------------------------------------------------------------------------------
// What a probe's result means for the container (prober_manager → kubelet).

function probeOutcome(k: Kubelet, e: PodEntry, c: ContainerEntry, probe: 'startup' | 'liveness' | 'readiness', result: 'success' | 'failure', cri: CriApi, sink: EffectSink): void {
  const spec = containerSpec(e.pod, c.name);
  if (probe === 'readiness') {
    c.ready = result === 'success';
    return reportStatus(k, e, sink);
  }
  if (probe === 'startup' && result === 'success') {
    fire(k, e, c, { type: 'STARTUP_SUCCEEDED' }, 'startup probe succeeded', sink);
    armProbes(k, e, c, sink, false);
    if (!spec?.readinessProbe) c.ready = true;
    return reportStatus(k, e, sink);
  }
  if (result !== 'failure') return;
  // Liveness or startup failed failureThreshold times: kill, and the restart policy decides.
  const p = probe === 'liveness' ? spec?.livenessProbe : spec?.startupProbe;
  const grace = p?.terminationGracePeriodSeconds ?? specOf(e.pod).terminationGracePeriodSeconds ?? 30;
  event(k, e.pod, 'Normal', 'Killing', `Container ${c.name} failed ${probe} probe, will be restarted`, sink);
  killContainer(k, e, c, `failed ${probe} probe`, grace, cri, sink);
  reportStatus(k, e, sink);
}

export function podEntries(k: Kubelet): PodEntry[] {
  return [...k.pods.values()];
}

export function pendingExecFor(k: Kubelet, execId: string, p: PendingExec): void {
  k.execs[execId] = p;
}
