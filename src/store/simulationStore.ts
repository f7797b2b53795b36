/**
 * The app's simulation store (zustand/vanilla, no React). It owns the world and the terminal's
 * shell session, advances virtual time from wall time at the chosen speed, and publishes a
 * compact view snapshot at most once per animation frame. React reads the snapshot; it never
 * holds the world.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { isKeyEvent } from './keyEvents.ts';
import { formatVirtualTime, nextEventTime, type TraceRecord } from '../kernel/index.ts';
import { createWorld } from '../simulation/presets.ts';
import { etcdFacts, type EtcdMemberFacts } from '../simulation/facts.ts';
import { clusterFacts, type ControlPlaneHostFacts, type ServiceFacts } from '../simulation/clusterFacts.ts';
import { podRowSummary } from '../shell/kubectl/printers.ts';
import type { Pod } from 'kubernetes-types/core/v1';
import { packetsInFlight, stepWorld, type PresetName, type World } from '../simulation/world.ts';
import { defaultHostFor } from '../shell/driver.ts';
import { createSession, prompt, resume, startJob, type Job, type Session } from '../shell/session.ts';
import { splitScript } from '../shell/parse.ts';

export interface HostView {
  name: string;
  ip: string;
  role: string;
  up: boolean;
  /** The systemd units the host has (etcd where it is a unit, kubelet, containerd); absent in old snapshots. */
  units?: string[];
  /** Whether its kubelet runs (undefined: the host has none). */
  kubeletRunning?: boolean;
  /** Virtual addresses on its eth0 (the apiserver VIP while its keepalived is MASTER). */
  vips?: string[];
  /** The VIPs the LAN delivers to this host (it sent the last gratuitous ARP for them). */
  vipTarget?: string[];
  /** keepalived on an lb host: its VRRP state (MASTER, BACKUP, FAULT) while it runs, else 'stopped' or 'failed' (undefined: not installed). */
  vrrpState?: string;
}

export interface MessageView {
  id: number;
  from: string;
  to: string;
  kind: string;
  summary: string;
  sentAt: number;
  arriveAt: number;
}

/** A pod as a chip: its key ("namespace/name") and STATUS as `kubectl get pods` prints it. */
export interface PodChip {
  key: string;
  namespace: string;
  name: string;
  status: string;
  ready: string;
  /** RESTARTS as kubectl prints it: `0`, `3 (41s ago)`. */
  restarts: string;
}

export interface NodeView {
  name: string;
  ready: boolean;
  cordoned: boolean;
  pods: PodChip[];
}

/** The control plane as the API shows it (simulation/clusterFacts.ts); small, rebuilt per frame. */
export interface ClusterView {
  controlPlane: ControlPlaneHostFacts[];
  /** Services that select pods, with the pods their EndpointSlices list as ready. */
  services: ServiceFacts[];
  /** The apiserver whose watch cache the objects come from, or null (none running). */
  source: string | null;
  nodes: NodeView[];
  pending: PodChip[];
}

export function podChip(p: Pod, nowMs: number): PodChip {
  const row = podRowSummary(p, nowMs);
  const namespace = p.metadata?.namespace ?? '';
  const name = p.metadata?.name ?? '';
  return { key: `${namespace}/${name}`, namespace, name, status: row.status, ready: row.ready, restarts: row.restarts };
}

export function clusterViewOf(w: World): ClusterView {
  const f = clusterFacts(w);
  const now = w.kernel.now;
  return {
    controlPlane: f.controlPlane,
    services: f.services,
    source: f.source,
    nodes: f.nodes.map((n) => ({ name: n.name, ready: n.ready, cordoned: n.cordoned, pods: n.pods.map((p) => podChip(p, now)) })),
    pending: f.pending.map((p) => podChip(p, now)),
  };
}

export interface SimView {
  /** Control-plane components, nodes and pods (chips only; YAML is read on demand from the world). */
  cluster: ClusterView;
  nowMs: number;
  clock: string;
  seed: number;
  preset: PresetName;
  hosts: HostView[];
  etcd: EtcdMemberFacts[];
  partition: string[][];
  inFlight: MessageView[];
  recentTrace: TraceRecord[];
  /** The newest EVENT_LOG_SIZE records that are not per-packet noise (heartbeats, net.*), oldest first. */
  eventLog: TraceRecord[];
  /** The newest KEY_LOG_SIZE key events (keyEvents.ts), oldest first: the event log's default view. */
  keyEventLog: TraceRecord[];
  /**
   * The newest ROLE_LOG_SIZE records of etcd members' roles and lifecycle, kept apart so that a
   * busy control plane (leases, events, watches) cannot push them out of the event log before
   * the inspector explains them.
   */
  roleLog: TraceRecord[];
  eventsProcessed: number;
}

export interface SimState {
  view: SimView;
  playing: boolean;
  /** Virtual ms per wall ms: 0.1 to 100. */
  speed: number;
  /** A command is running in the terminal. */
  busy: boolean;
  prompt: string;
}

export interface SimController {
  store: StoreApi<SimState>;
  /** Advance virtual time by wall-clock ms × speed (called from the view's animation frame). */
  advance(wallMs: number): void;
  play(): void;
  pause(): void;
  setSpeed(speed: number): void;
  /** Run until the next event (and run it), for stepping through a Raft election. */
  stepToNextEvent(): void;
  /** Runs a command line as if typed in the terminal; output goes to terminal listeners. */
  submit(line: string): void;
  interrupt(): void;
  onOutput(listener: (text: string) => void): () => void;
  reset(preset: PresetName, seed: number): void;
  /** The live world, for modules that must read it directly (the scenario panel's checks). */
  world(): World;
  session(): Session;
}

export const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100] as const;

/** Most virtual ms one frame may advance, so a slow frame at 100× never freezes the page. */
const MAX_VIRTUAL_MS_PER_FRAME = 5000;

/** How many records the event log keeps. */
export const EVENT_LOG_SIZE = 400;

/**
 * Per-packet records that would flood the event log: Raft messages (heartbeats, and the log
 * replication every API write causes), the network layer's per-packet records (drops,
 * tcp.*) and HAProxy's per-request hops (traffic.haproxy). The latest of them stay in `recentTrace`, which the "all" view merges in.
 */
export function isPacketNoise(r: TraceRecord): boolean {
  if (r.kind === 'raft.send' || r.kind === 'raft.recv') return /^Msg(Heartbeat|HeartbeatResp|App|AppResp)\b/.test(r.summary);
  // HAProxy's hop for every request through the VIP (kubelets, controllers, kubectl): as many as the API calls.
  return r.kind.startsWith('net.') || r.kind.startsWith('tcp.') || r.kind === 'traffic.haproxy';
}

/** How many etcd role and lifecycle records the inspector can look back on. */
export const ROLE_LOG_SIZE = 200;

/** An etcd member's role change or lifecycle record (not its per-message Raft records). */
export function isEtcdRoleRecord(r: TraceRecord): boolean {
  // Per-message and per-request records are not roles: a busy control plane's proposals (one per
  // write) would otherwise push the elections out of the log.
  return r.source.endsWith('/etcd') && (r.kind.startsWith('raft.') || r.kind.startsWith('etcd.')) && r.kind !== 'raft.send' && r.kind !== 'raft.recv' && r.kind !== 'etcd.propose';
}

/** The event log and role log, kept incrementally per trace: each publish only looks at the records added since. */
const eventLogs = new WeakMap<object, { nextId: number; log: TraceRecord[]; keys: TraceRecord[]; roles: TraceRecord[] }>();

/** How many key events the default view can look back on. */
export const KEY_LOG_SIZE = 300;

function logsOf(trace: World['kernel']['trace']): { log: TraceRecord[]; keys: TraceRecord[]; roles: TraceRecord[] } {
  let cache = eventLogs.get(trace);
  // A trace that went back (restored in place) is read afresh.
  if (!cache || trace.nextId < cache.nextId) {
    cache = { nextId: 0, log: [], keys: [], roles: [] };
    eventLogs.set(trace, cache);
  }
  if (cache.nextId === trace.nextId) return cache;
  const recs = trace.records;
  const fresh = recs.slice(Math.max(0, recs.length - (trace.nextId - cache.nextId))).filter((r) => r.id >= cache.nextId && !isPacketNoise(r));
  cache.nextId = trace.nextId;
  if (fresh.length > 0) cache.log = [...cache.log, ...fresh].slice(-EVENT_LOG_SIZE);
  const keys = fresh.filter(isKeyEvent);
  if (keys.length > 0) cache.keys = [...cache.keys, ...keys].slice(-KEY_LOG_SIZE);
  const roles = fresh.filter(isEtcdRoleRecord);
  if (roles.length > 0) cache.roles = [...cache.roles, ...roles].slice(-ROLE_LOG_SIZE);
  return cache;
}

/** Packet kinds the topology animates: Raft, etcd client calls, and Kubernetes API traffic. */
export const ANIMATED_KINDS: ReadonlySet<string> = new Set(['raft', 'etcd.request', 'etcd.response', 'kube.request', 'kube.response', 'kube.watch']);

export function viewOf(w: World): SimView {
  const logs = logsOf(w.kernel.trace);
  return {
    nowMs: w.kernel.now,
    clock: formatVirtualTime(w.kernel.now),
    seed: w.seed,
    preset: w.preset,
    hosts: w.hostOrder.map((n) => {
      const h = w.hosts[n]!;
      const k = w.kubelets[n];
      const ka = w.keepaliveds[n];
      const lb = ka ? { vips: [...(w.hostVips[n] ?? [])], vipTarget: Object.keys(w.vipArp).filter((ip) => w.vipArp[ip] === n), vrrpState: ka.status === 'running' ? (ka.vrrp?.value ?? 'INIT') : ka.status } : {};
      return { name: n, ip: h.ip, role: h.role, up: h.up, units: w.units[n] ?? [], ...(k ? { kubeletRunning: k.status === 'running' } : {}), ...lb };
    }),
    etcd: etcdFacts(w),
    cluster: clusterViewOf(w),
    partition: w.network.partition.map((g) => [...g]),
    inFlight: packetsInFlight(w)
      .filter((m) => ANIMATED_KINDS.has(m.kind))
      .map((m) => ({ id: m.id, from: m.from.host, to: m.to.host, kind: m.kind, summary: m.summary, sentAt: m.sentAt, arriveAt: m.arriveAt })),
    recentTrace: w.kernel.trace.records.slice(-200),
    eventLog: logs.log,
    keyEventLog: logs.keys,
    roleLog: logs.roles,
    eventsProcessed: w.kernel.eventsProcessed,
  };
}

export function createSimulationController(opts: { preset: PresetName; seed: number }): SimController {
  let world = createWorld(opts);
  let session = createSession(world, defaultHostFor(world));
  let job: Job | null = null;
  let printed = 0;
  const queue: string[] = [];
  const listeners = new Set<(text: string) => void>();
  const store = createStore<SimState>(() => ({ view: viewOf(world), playing: true, speed: 1, busy: false, prompt: prompt(session) }));

  const emit = (text: string) => {
    for (const l of listeners) l(text);
  };

  const flushJob = () => {
    if (!job) return;
    while (printed < job.output.length) emit(job.output[printed++]!.text);
    if (job.done) {
      job = null;
      printed = 0;
      const next = queue.shift();
      if (next !== undefined) begin(next);
      else store.setState({ busy: false, prompt: prompt(session) });
    }
  };

  const begin = (line: string) => {
    emit(`${prompt(session)}${line.replace(/\n/g, '\r\n')}\r\n`);
    job = startJob(session, line);
    printed = 0;
    store.setState({ busy: true });
    flushJob();
  };

  const publish = () => store.setState({ view: viewOf(world), prompt: prompt(session) });

  const runUntil = (target: number) => {
    while (stepWorld(world, target)) {
      if (job) {
        resume(session, job);
        flushJob();
      }
    }
    if (job) {
      resume(session, job);
      flushJob();
    }
  };

  return {
    store,
    advance(wallMs) {
      const { playing, speed } = store.getState();
      if (!playing) return;
      const dv = Math.min(MAX_VIRTUAL_MS_PER_FRAME, Math.max(1, Math.round(wallMs * speed)));
      runUntil(world.kernel.now + dv);
      publish();
    },
    play: () => store.setState({ playing: true }),
    pause: () => store.setState({ playing: false }),
    setSpeed: (speed) => store.setState({ speed: Math.min(100, Math.max(0.1, speed)) }),
    stepToNextEvent() {
      const t = nextEventTime(world.kernel);
      if (t === undefined) return;
      stepWorld(world, t);
      if (job) {
        resume(session, job);
        flushJob();
      }
      publish();
    },
    submit(text) {
      const lines = splitScript(text);
      for (const line of lines) {
        if (job) queue.push(line);
        else begin(line);
      }
      if (lines.length === 0) emit(`${prompt(session)}\r\n`);
      publish();
    },
    interrupt() {
      session.interrupted = true;
      if (job) {
        resume(session, job);
        flushJob();
      }
      emit('^C\r\n');
    },
    onOutput(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reset(preset, seed) {
      world = createWorld({ preset, seed });
      session = createSession(world, defaultHostFor(world));
      job = null;
      queue.length = 0;
      store.setState({ busy: false });
      publish();
      emit(`\r\n[new cluster: preset ${preset}, seed ${seed}]\r\n`);
    },
    world: () => world,
    session: () => session,
  };
}
