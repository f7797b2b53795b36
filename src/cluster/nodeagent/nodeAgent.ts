/**
 * The minimal node agent: a stand-in for the kubelet until the kubelet issue lands (issue 3,
 * item 6). It does the kubelet's API work with its real periods — registers the Node, renews the
 * node Lease every 10 s, watches the pods bound to its node, reports them ContainerCreating and
 * then Running with a pod IP, runs simple programs to completion (`sleep N`, `exit K`, the perl
 * pi Job), restarts per restartPolicy, and finishes graceful deletions — but it has no
 * containers, probes or hooks: those come with the kubelet.
 *
 * Simplified (and said in the UI): containers start 1 s after the pod is seen, and every
 * container is ready as soon as it runs.
 */
import { fnv1a32, deriveStream, rfc3339Micro as microTime, rfc3339Seconds as rfc3339, type PrngState } from '../../kernel/index.ts';
import { emitTrace, type EffectSink } from '../effects.ts';
import type { ApiResponse, KubeObject } from '../apiserver/messages.ts';
import { addInformer, createClient, objectKey, onClientPacket, onClientTimer, request, startInformers, stopClient, type ClientNotification, type Delta, type KubeClient } from '../client/client.ts';
import { createRecorder, recordEvent, type EventRecorder } from '../client/events.ts';
import { memoryBytes } from '../../api/quantity.ts';

/** kubelet defaults (reference §3): lease renewed every 10 s, status reported every 5 min when unchanged. */
export const NODE_LEASE_RENEW_MS = 10_000;
export const NODE_LEASE_DURATION_SECONDS = 40;
export const NODE_STATUS_REPORT_MS = 5 * 60_000;
/** How long the stand-in takes from seeing a pod to its containers running. */
const CONTAINER_START_MS = 1000;
/** Restart back-off: 10 s doubling to 5 min (reference §1.7). */
const BACKOFF_INITIAL_MS = 10_000;
const BACKOFF_MAX_MS = 300_000;

export interface NodeSpecInput {
  name: string;
  ip: string;
  podCIDR: string;
  controlPlane: boolean;
  cpu: string;
  memory: string;
  pods: number;
}

interface PodRun {
  key: string;
  uid: string;
  ip: string;
  startedAtMs: number;
  phase: 'creating' | 'running' | 'waiting' | 'done' | 'terminating';
  restartCount: number;
  backoffMs: number;
  lastExit: { exitCode: number; finishedAt: string; startedAt: string } | null;
}

export interface NodeAgent {
  host: string;
  status: 'running' | 'stopped';
  epoch: number;
  node: NodeSpecInput;
  client: KubeClient;
  recorder: EventRecorder;
  prng: PrngState | null;
  registered: boolean;
  lease: KubeObject | null;
  lastStatusAtMs: number;
  runs: Record<string, PodRun>;
  nextIp: number;
}

export function createNodeAgent(host: string, server: string, node: NodeSpecInput): NodeAgent {
  return { host, status: 'stopped', epoch: 0, node, client: createClient('kubelet', host, server, 0), recorder: createRecorder('kubelet', host), prng: null, registered: false, lease: null, lastStatusAtMs: 0, runs: {}, nextIp: 2 };
}

const proc = (a: NodeAgent) => `${a.host}/kubelet`;

function timer(a: NodeAgent, sink: EffectSink, name: string, delayMs: number, payload: { type: string; [k: string]: unknown }): void {
  sink.effects.push({ type: 'timer.set', key: `${proc(a)}/${name}`, delayMs, target: proc(a), payload });
}

export function startNodeAgent(a: NodeAgent, seed: number, sink: EffectSink): void {
  if (a.status === 'running') return;
  a.status = 'running';
  a.epoch++;
  a.client = createClient('kubelet', a.host, a.client.server, a.epoch);
  a.prng = deriveStream(seed, `kubelet/${a.host}/${a.epoch}`);
  a.registered = false;
  a.lease = null;
  a.runs = {};
  addInformer(a.client, 'pods', 'pods', { fieldSelector: `spec.nodeName=${a.node.name}` });
  emitTrace(sink, { source: proc(a), kind: 'kubelet.start', summary: `node agent started on ${a.host} (stand-in for the kubelet)` });
  register(a, sink);
  timer(a, sink, 'heartbeat', NODE_LEASE_RENEW_MS, { type: 'kubelet.heartbeat' });
}

export function stopNodeAgent(a: NodeAgent, reason: string, sink: EffectSink): void {
  if (a.status !== 'running') return;
  a.status = 'stopped';
  stopClient(a.client, sink);
  sink.effects.push({ type: 'timer.cancel', key: `${proc(a)}/heartbeat` });
  for (const key of Object.keys(a.runs)) sink.effects.push({ type: 'timer.cancel', key: `${proc(a)}/pod/${key}` });
  emitTrace(sink, { source: proc(a), kind: 'kubelet.stop', summary: reason });
}

// ---------------------------------------------------------------------------------------------
// Node registration, status and lease.

function nodeObject(a: NodeAgent, nowMs: number, ts: (ms: number) => string): KubeObject {
  const n = a.node;
  const labels: Record<string, string> = { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': n.name, 'kubernetes.io/os': 'linux', 'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux' };
  if (n.controlPlane) {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  const capacity = { cpu: n.cpu, memory: n.memory, pods: String(n.pods), 'ephemeral-storage': '61202244Ki', 'hugepages-2Mi': '0' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: n.name, labels, annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' } },
    spec: { podCIDR: n.podCIDR, podCIDRs: [n.podCIDR], ...(n.controlPlane ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {}) },
    status: nodeStatus(a, nowMs, ts, capacity),
  };
}

function nodeStatus(a: NodeAgent, nowMs: number, ts: (ms: number) => string, capacity: Record<string, string>): Record<string, unknown> {
  const now = ts(nowMs);
  const cond = (type: string, status: string, reason: string, message: string) => ({ type, status, lastHeartbeatTime: now, lastTransitionTime: now, reason, message });
  return {
    capacity,
    allocatable: nodeAllocatable(capacity),
    conditions: [
      cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
      cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
      cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
    ],
    addresses: [
      { type: 'InternalIP', address: a.node.ip },
      { type: 'Hostname', address: a.node.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: { architecture: 'amd64', bootID: '', containerRuntimeVersion: 'containerd://1.7.24', kernelVersion: '6.1.0-28-amd64', kubeProxyVersion: 'v1.32.4', kubeletVersion: 'v1.32.4', machineID: '', operatingSystem: 'linux', osImage: 'Debian GNU/Linux 12 (bookworm)', systemUUID: '' },
  };
}

function register(a: NodeAgent, sink: EffectSink): void {
  request(a.client, { verb: 'create', resource: 'nodes', body: nodeObject(a, sink.now, rfc3339) }, 'register', sink);
}

function renewLease(a: NodeAgent, sink: EffectSink): void {
  const renewTime = microTime(sink.now);
  if (!a.lease) {
    const lease: KubeObject = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: a.node.name, namespace: 'kube-node-lease' }, spec: { holderIdentity: a.node.name, leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS, renewTime } };
    request(a.client, { verb: 'create', resource: 'leases', namespace: 'kube-node-lease', body: lease }, 'lease', sink, NODE_LEASE_RENEW_MS);
    return;
  }
  const next = { ...a.lease, spec: { ...(a.lease['spec'] as object), renewTime } };
  request(a.client, { verb: 'update', resource: 'leases', namespace: 'kube-node-lease', body: next }, 'lease', sink, NODE_LEASE_RENEW_MS);
}

function postNodeStatus(a: NodeAgent, sink: EffectSink): void {
  const n = nodeObject(a, sink.now, rfc3339);
  request(a.client, { verb: 'patch', resource: 'nodes', name: a.node.name, patchType: 'merge', subresource: 'status', patch: { status: n['status'] } }, 'status', sink);
  a.lastStatusAtMs = sink.now;
}

// ---------------------------------------------------------------------------------------------
// Inputs.

export function onNodeAgentPacket(a: NodeAgent, port: string, from: { host: string; port: string }, kind: string, body: unknown, sink: EffectSink): void {
  if (a.status !== 'running') return;
  handle(a, onClientPacket(a.client, port, from, kind, body, sink), sink);
}

export function onNodeAgentTimer(a: NodeAgent, payload: { type: string; [k: string]: unknown }, sink: EffectSink): void {
  if (a.status !== 'running') return;
  if (payload.type.startsWith('client.')) return handle(a, onClientTimer(a.client, payload, sink), sink);
  if (payload.type === 'kubelet.heartbeat') {
    timer(a, sink, 'heartbeat', NODE_LEASE_RENEW_MS, { type: 'kubelet.heartbeat' });
    if (!a.registered) return register(a, sink);
    renewLease(a, sink);
    if (sink.now - a.lastStatusAtMs >= NODE_STATUS_REPORT_MS) postNodeStatus(a, sink);
    return;
  }
  if (payload.type === 'kubelet.pod') return podTimer(a, payload['key'] as string, payload['uid'] as string, sink);
}

function handle(a: NodeAgent, n: ClientNotification, sink: EffectSink): void {
  if (n.kind === 'deltas') {
    for (const d of n.deltas) onPodDelta(a, d, sink);
    return;
  }
  if (n.kind !== 'response') return;
  const resp = n.resp;
  switch (n.tag) {
    case 'register':
      return onRegistered(a, resp, sink);
    case 'lease':
      if (resp?.ok) a.lease = resp.body as KubeObject;
      else if (resp && !resp.ok && (resp.status.reason === 'Conflict' || resp.status.reason === 'AlreadyExists')) {
        a.lease = null;
        request(a.client, { verb: 'get', resource: 'leases', namespace: 'kube-node-lease', name: a.node.name }, 'lease', sink, NODE_LEASE_RENEW_MS);
      }
      return;
  }
}

function onRegistered(a: NodeAgent, resp: ApiResponse | null, sink: EffectSink): void {
  if (!resp) return;
  if (!resp.ok && resp.status.reason !== 'AlreadyExists') return;
  a.registered = true;
  emitTrace(sink, { source: proc(a), kind: 'kubelet.registered', summary: `Successfully registered node ${a.node.name}` });
  if (!resp.ok) postNodeStatus(a, sink);
  else a.lastStatusAtMs = sink.now;
  renewLease(a, sink);
  startInformers(a.client, sink);
  // The kubelet's node reference: cluster-scoped (no namespace; the event itself goes to "default") and the node's name as uid.
  const nodeRef: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: a.node.name, uid: a.node.name } };
  recordEvent(a.client, a.recorder, nodeRef, 'Normal', 'Starting', 'Starting kubelet.', sink, rfc3339);
  recordEvent(a.client, a.recorder, nodeRef, 'Normal', 'NodeReady', `Node ${a.node.name} status is now: NodeReady`, sink, rfc3339);
}

// ---------------------------------------------------------------------------------------------
// Pods.

function onPodDelta(a: NodeAgent, d: Delta, sink: EffectSink): void {
  const pod = d.object;
  const key = objectKey(pod);
  if (d.type === 'deleted') {
    delete a.runs[key];
    sink.effects.push({ type: 'timer.cancel', key: `${proc(a)}/pod/${key}` });
    return;
  }
  let run = a.runs[key];
  const uid = pod.metadata?.uid ?? '';
  if (run && run.uid !== uid) {
    delete a.runs[key];
    run = undefined;
  }
  if (pod.metadata?.deletionTimestamp) return beginTermination(a, pod, run, sink);
  if (run) {
    // The status manager reconciles: someone else (the node lifecycle controller marking pods
    // not ready while this node was unreachable) changed what the kubelet reported.
    if (readyDrifted(pod, run)) patchPodStatus(a, pod, run, sink);
    return;
  }
  const phase = ((pod['status'] ?? {}) as { phase?: string }).phase;
  if (phase === 'Succeeded' || phase === 'Failed') return;
  run = { key, uid, ip: allocateIp(a), startedAtMs: sink.now, phase: 'creating', restartCount: 0, backoffMs: BACKOFF_INITIAL_MS, lastExit: null };
  a.runs[key] = run;
  recordEvent(a.client, a.recorder, pod, 'Normal', 'Pulled', `Container image "${firstImage(pod)}" already present on machine`, sink, rfc3339);
  patchPodStatus(a, pod, run, sink);
  timer(a, sink, `pod/${key}`, CONTAINER_START_MS, { type: 'kubelet.pod', key, uid });
}

/** Whether the API's Ready condition disagrees with the container the agent runs. */
export function readyDrifted(pod: KubeObject, run: Pick<PodRun, 'phase'>): boolean {
  if (run.phase === 'creating' || run.phase === 'terminating') return false;
  const conditions = ((pod['status'] ?? {}) as { conditions?: { type: string; status: string }[] }).conditions ?? [];
  const apiReady = conditions.find((c) => c.type === 'Ready')?.status;
  return apiReady !== undefined && apiReady !== (run.phase === 'running' ? 'True' : 'False');
}

function allocateIp(a: NodeAgent): string {
  const base = a.node.podCIDR.replace(/\.0\/24$/, '');
  const ip = `${base}.${a.nextIp}`;
  a.nextIp = a.nextIp >= 254 ? 2 : a.nextIp + 1;
  return ip;
}

function firstImage(pod: KubeObject): string {
  return containersOf(pod)[0]?.image ?? '';
}

interface ContainerLike {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
}

function containersOf(pod: KubeObject): ContainerLike[] {
  return (((pod['spec'] ?? {}) as { containers?: ContainerLike[] }).containers ?? []);
}

/**
 * What the stand-in believes a container's program does: how long it runs and how it exits.
 * `sleep N` runs N seconds, `exit K` exits with K, the docs' perl pi Job computes for 10 s, and
 * a busybox-like image without a command exits at once; anything else serves forever.
 */
export function programOutcome(c: ContainerLike): { runsForMs: number; exitCode: number } {
  const script = [...(c.command ?? []), ...(c.args ?? [])].join(' ');
  const image = c.image ?? '';
  if (/sleep\s+(infinity|inf)\b|while\s+true|tail\s+-f/.test(script)) return { runsForMs: Infinity, exitCode: 0 };
  const exit = /exit\s+(\d+)/.exec(script);
  const sleeps = [...script.matchAll(/sleep\s+(\d+(?:\.\d+)?)/g)].reduce((t, m) => t + Number(m[1]) * 1000, 0);
  if (/perl/.test(script) && /bpi/.test(script)) return { runsForMs: 10_000, exitCode: 0 };
  if (exit) return { runsForMs: Math.max(100, sleeps), exitCode: Number(exit[1]) };
  if (sleeps > 0) return { runsForMs: sleeps, exitCode: 0 };
  if (script === '' && /^(docker\.io\/library\/)?(busybox|alpine)(:|$)/.test(image)) return { runsForMs: 100, exitCode: 0 };
  if (/^(echo|true|date)\b/.test(script) || /sh -c (echo|true|date)[^;|&]*$/.test(script)) return { runsForMs: 100, exitCode: 0 };
  return { runsForMs: Infinity, exitCode: 0 };
}

/** A shell as PID 1 ignores SIGTERM, so such pods take their whole grace period to stop. */
function ignoresSigterm(pod: KubeObject): boolean {
  return containersOf(pod).some((c) => /(^|\/)(sh|bash)$/.test(c.command?.[0] ?? '') || (c.command?.[0] === 'sleep'));
}

function podTimer(a: NodeAgent, key: string, uid: string, sink: EffectSink): void {
  const run = a.runs[key];
  const pod = a.client.informers['pods']?.items.get(key);
  if (!run || run.uid !== uid || !pod) return;
  if (run.phase === 'terminating') {
    delete a.runs[key];
    request(a.client, { verb: 'delete', resource: 'pods', namespace: pod.metadata!.namespace!, name: pod.metadata!.name!, gracePeriodSeconds: 0, preconditionUid: uid }, 'pod-delete', sink);
    return;
  }
  if (run.phase === 'creating' || run.phase === 'waiting') {
    run.phase = 'running';
    run.startedAtMs = sink.now;
    recordEvent(a.client, a.recorder, pod, 'Normal', 'Created', `Created container ${containersOf(pod)[0]?.name ?? ''}`, sink, rfc3339);
    recordEvent(a.client, a.recorder, pod, 'Normal', 'Started', `Started container ${containersOf(pod)[0]?.name ?? ''}`, sink, rfc3339);
    patchPodStatus(a, pod, run, sink);
    const runsFor = Math.max(...containersOf(pod).map((c) => programOutcome(c).runsForMs));
    if (Number.isFinite(runsFor)) timer(a, sink, `pod/${key}`, runsFor, { type: 'kubelet.pod', key, uid });
    return;
  }
  if (run.phase === 'running') {
    const exitCode = Math.max(...containersOf(pod).map((c) => programOutcome(c).exitCode));
    run.lastExit = { exitCode, startedAt: rfc3339(run.startedAtMs), finishedAt: rfc3339(sink.now) };
    const policy = ((pod['spec'] ?? {}) as { restartPolicy?: string }).restartPolicy ?? 'Always';
    const restart = policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
    if (!restart) {
      run.phase = 'done';
      patchPodStatus(a, pod, run, sink);
      return;
    }
    run.phase = 'waiting';
    run.restartCount++;
    patchPodStatus(a, pod, run, sink);
    recordEvent(a.client, a.recorder, pod, 'Warning', 'BackOff', `Back-off restarting failed container ${containersOf(pod)[0]?.name ?? ''} in pod ${pod.metadata?.name}_${pod.metadata?.namespace}(${uid})`, sink, rfc3339);
    timer(a, sink, `pod/${key}`, run.backoffMs, { type: 'kubelet.pod', key, uid });
    run.backoffMs = Math.min(BACKOFF_MAX_MS, run.backoffMs * 2);
  }
}

function beginTermination(a: NodeAgent, pod: KubeObject, run: PodRun | undefined, sink: EffectSink): void {
  const key = objectKey(pod);
  const uid = pod.metadata?.uid ?? '';
  if (run?.phase === 'terminating') return;
  const grace = pod.metadata?.deletionGracePeriodSeconds ?? 30;
  const r: PodRun = run ?? { key, uid, ip: '', startedAtMs: sink.now, phase: 'terminating', restartCount: 0, backoffMs: BACKOFF_INITIAL_MS, lastExit: null };
  const wasRunning = r.phase === 'running';
  r.phase = 'terminating';
  a.runs[key] = r;
  if (wasRunning) recordEvent(a.client, a.recorder, pod, 'Normal', 'Killing', `Stopping container ${containersOf(pod)[0]?.name ?? ''}`, sink, rfc3339);
  // SIGTERM: most programs exit at once; a shell as PID 1 is SIGKILLed when the grace period ends.
  const stopMs = wasRunning && ignoresSigterm(pod) ? grace * 1000 : Math.min(grace * 1000, 100);
  timer(a, sink, `pod/${key}`, stopMs, { type: 'kubelet.pod', key, uid });
}

/** The pod status the kubelet's status manager would patch for the run's state. */
function patchPodStatus(a: NodeAgent, pod: KubeObject, run: PodRun, sink: EffectSink): void {
  const now = rfc3339(sink.now);
  const containers = containersOf(pod);
  const running = run.phase === 'running';
  const done = run.phase === 'done';
  const exitCode = run.lastExit?.exitCode ?? 0;
  const phase = done ? (exitCode === 0 ? 'Succeeded' : 'Failed') : running || run.phase === 'waiting' ? 'Running' : 'Pending';
  const ready = running;
  const cond = (type: string, status: boolean, reason?: string) => ({ type, status: status ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: now, ...(reason ? { reason } : {}) });
  const terminated = run.lastExit ? { exitCode: run.lastExit.exitCode, reason: run.lastExit.exitCode === 0 ? 'Completed' : 'Error', startedAt: run.lastExit.startedAt, finishedAt: run.lastExit.finishedAt, containerID: containerId(run) } : undefined;
  const containerStatuses = containers.map((c) => {
    let state: Record<string, unknown>;
    if (running) state = { running: { startedAt: rfc3339(run.startedAtMs) } };
    else if (done && terminated) state = { terminated };
    else if (run.phase === 'waiting') state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${run.backoffMs / 1000}s restarting failed container=${c.name} pod=${pod.metadata?.name}_${pod.metadata?.namespace}(${run.uid})` } };
    else state = { waiting: { reason: 'ContainerCreating' } };
    return {
      name: c.name,
      image: c.image ?? '',
      imageID: run.phase === 'creating' ? '' : imageID(c.image ?? ''),
      ...(run.phase === 'creating' ? {} : { containerID: containerId(run) }),
      ready: ready,
      restartCount: run.restartCount,
      started: running,
      state,
      lastState: run.restartCount > 0 && !done && terminated ? { terminated } : {},
    };
  });
  const status = {
    phase,
    hostIP: a.node.ip,
    hostIPs: [{ ip: a.node.ip }],
    podIP: run.ip,
    podIPs: [{ ip: run.ip }],
    startTime: rfc3339(run.startedAtMs),
    qosClass: ((pod['status'] ?? {}) as { qosClass?: string }).qosClass ?? 'BestEffort',
    conditions: [
      cond('PodReadyToStartContainers', true),
      cond('Initialized', true),
      cond('Ready', ready, ready ? undefined : done ? 'PodCompleted' : 'ContainersNotReady'),
      cond('ContainersReady', ready, ready ? undefined : done ? 'PodCompleted' : 'ContainersNotReady'),
      cond('PodScheduled', true),
    ],
    containerStatuses,
  };
  request(a.client, { verb: 'patch', resource: 'pods', namespace: pod.metadata!.namespace!, name: pod.metadata!.name!, patchType: 'merge', subresource: 'status', patch: { status } }, 'pod-status', sink);
}

function containerId(run: PodRun): string {
  return `containerd://${run.uid.replace(/-/g, '')}${String(run.restartCount).padStart(4, '0')}`.slice(0, 77);
}

/**
 * containerd's imageID: the fully qualified repository (docker.io/library/ for official images),
 * no tag, and the digest. A digest is a content hash, so it is the same on every node and every
 * status update: here a stable hash of the image reference, 64 hex digits.
 */
export function imageID(image: string): string {
  const repo = image.replace(/@.*$/, '').replace(/:[^/:]+$/, '');
  const qualified = repo.includes('/') ? (/^[^/]+[.:]/.test(repo) ? repo : `docker.io/${repo}`) : `docker.io/library/${repo}`;
  let digest = '';
  for (let i = 0; i < 8; i++) digest += fnv1a32(`${i}/${image}`).toString(16).padStart(8, '0');
  return `${qualified}@sha256:${digest}`;
}

/**
 * Node allocatable (pkg/kubelet/cm/node_container_manager_linux.go GetNodeAllocatableReservation):
 * capacity less kube-reserved and system-reserved (kubeadm sets neither) and the hard eviction
 * thresholds: memory.available<100Mi, nodefs.available<10%. The percentage is a float32, so 10%
 * of 61202244Ki leaves 56403987978 bytes, the figure real nodes show.
 */
export function nodeAllocatable(capacity: Record<string, string>): Record<string, string> {
  const out = { ...capacity };
  const memKi = Math.floor(memoryBytes(capacity['memory'] ?? '0') / 1024) - 100 * 1024;
  out['memory'] = `${memKi}Ki`;
  const storage = memoryBytes(capacity['ephemeral-storage'] ?? '0');
  if (storage > 0) out['ephemeral-storage'] = String(storage - Math.trunc(storage * Math.fround(0.1)));
  return out;
}

