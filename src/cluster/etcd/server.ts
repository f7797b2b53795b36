/**
 * An etcd member (etcdserver): Raft plus the MVCC backend plus the client API, with etcd's
 * timeouts. The handlers take the member's state and one input and append effects to a sink:
 * network sends to peers and clients, timers, trace records.
 *
 * Timings (reference §9.1): tick = heartbeat-interval 100 ms, election-timeout 1000 ms (10 ticks,
 * randomized to [10, 20)), server request timeout 5 s + 2 × election timeout = 7 s, pre-vote and
 * check-quorum on (etcd 3.5 defaults).
 */
import { SIM_EPOCH_UNIX_MS, deriveStream, memoized, nextInt, type PrngState } from '../../kernel/index.ts';
import { computeMemberId } from './ids.ts';
import { emitLog, emitTrace, zapServerLine, type Address, type EffectSink } from '../effects.ts';
import {
  bootstrapJoining,
  bootstrapNewCluster,
  learnersOf,
  votersOf,
  type BackendSnapshot,
  type ConfChangeData,
  type EtcdDurable,
  type InitialMember,
  type MemberInfo,
} from './durable.ts';
import { ETCD_ERRORS, ETCD_VERSION, type EtcdRequest, type EtcdResponse, type EtcdResponseBody, type MemberView, type ResponseHeader } from './messages.ts';
import { cloneStore, compact, dbSizeBytes, deleteRange, eventsSince, put, range, txn, type KeyValue, type MvccEvent } from './mvcc/store.ts';
import { lastIndex } from './raft/log.ts';
import { advanceApplied, applyConfState, createSnapshot, entriesToApply, newRaft, promotable, quorum, step, tick } from './raft/raft.ts';
import type { Entry, Message, Raft } from './raft/types.ts';

export const CLIENT_PORT = '2379';
export const PEER_PORT = '2380';

export interface EtcdConfig {
  name: string;
  dataDir: string;
  /** This host's address; the member listens on <ip>:2379 and <ip>:2380. */
  ip: string;
  initialCluster: InitialMember[];
  initialClusterToken: string;
  initialClusterState: 'new' | 'existing';
  heartbeatIntervalMs: number;
  electionTimeoutMs: number;
  preVote: boolean;
  snapshotCount: number;
  /** Entries kept behind a snapshot so slow followers catch up from the log (etcd: 5000). */
  snapshotCatchUpEntries: number;
  initialElectionTickAdvance: boolean;
}

export function defaultEtcdConfig(name: string, ip: string, initialCluster: InitialMember[], token = 'etcd-cluster'): EtcdConfig {
  return {
    name,
    dataDir: '/var/lib/etcd',
    ip,
    initialCluster,
    initialClusterToken: token,
    initialClusterState: 'new',
    heartbeatIntervalMs: 100,
    electionTimeoutMs: 1000,
    preVote: true,
    snapshotCount: 100_000,
    snapshotCatchUpEntries: 5000,
    initialElectionTickAdvance: true,
  };
}

/** Server-side request timeout: 5 s + 2 × election timeout (etcd server/config ReqTimeout). */
export function requestTimeoutMs(c: EtcdConfig): number {
  return 5000 + 2 * c.electionTimeoutMs;
}

function timerDelay(ms: number): number {
  return Number.isFinite(ms) ? Math.max(0, Math.round(ms)) : 7000;
}

/** etcd retries an unanswered ReadIndex every 500 ms (readIndexRetryTime). */
const READ_INDEX_RETRY_MS = 500;
/** A member re-proposes its publish request if it has not been applied within this time. */
const PUBLISH_RETRY_MS = 1000;

interface PendingRequest {
  reqId: string;
  client: Address;
  req: EtcdRequest;
  startedAt: number;
  /** waiting-leader: no leader to propose to; proposed: in the log; reading: waiting for ReadIndex. */
  stage: 'waiting-leader' | 'proposed' | 'reading';
  readIndex?: number;
  /**
   * The keys of its timers (request timeout; a read's ReadIndex retry), kept so that finish
   * cancels with the same strings, whose hashes V8 keeps, and a write cancels no retry timer.
   */
  timerKey: string;
  retryKey?: string;
}

interface Watcher {
  client: Address;
  key: string;
  rangeEnd?: string;
  prevKv: boolean;
}

export interface EtcdMember {
  host: string;
  config: EtcdConfig;
  /** systemd: start at boot (`systemctl enable|disable etcd`). */
  enabled: boolean;
  status: 'running' | 'stopped';
  /** Why the last start failed or the process exited, as etcd logs it. */
  exitReason: string | null;
  raft: Raft | null;
  /** Requests in progress by id (a Map: ids come and go on every request). */
  pending: Map<string, PendingRequest>;
  /** The applied index at which pending reads were last checked (a cache, not state). */
  readsCheckedAtApplied?: number;
  /** Ids of pending writes still waiting for a leader, in arrival order (an index into `pending`). */
  awaitingLeader?: Set<string>;
  /**
   * Ids of pending linearizable reads, in arrival order (an index into `pending`, cleaned lazily:
   * an id whose request is gone is dropped when next scanned).
   */
  readsPending?: string[];
  watchers: Record<string, Watcher>;
  nextSeq: number;
  publishProposedAt: number | null;
  versionProposed: boolean;
  /** Monotonic per-member counter feeding the process-start PRNG label, so each boot differs. */
  starts: number;
  /** Leader id last seen, to trace leader changes (raft.node: ... elected / lost leader). */
  lastLead: string | null;
  /** Peer id → host, learned from incoming messages. */
  peerHosts: Record<string, string>;
  /**
   * A member started with --initial-cluster-state existing and an empty data dir first asks its
   * peers for the cluster's membership to learn its own ID (etcd GetClusterFromRemotePeers).
   */
  joining: boolean;
  /** Timeout of the request being handled: the 7 s server timeout or the client's deadline, if sooner. */
  requestTimeoutMs: number;
  /**
   * While the ticker is parked (onTick: idleLoneLeader, idleFollower): the time of the last tick
   * run. Null: the tick timer is armed as usual (resumeTicker).
   */
  tickParkedAtMs: number | null;
  /**
   * A parked follower's wake-up: when its tick timer fires (no later than the tick at which its
   * election timeout would run out; Infinity for a member that never campaigns). Null: not a
   * parked follower.
   */
  tickWakeAtMs: number | null;
}

export function createMember(host: string, config: EtcdConfig): EtcdMember {
  return { host, config, enabled: true, status: 'stopped', exitReason: null, raft: null, pending: new Map(), watchers: {}, nextSeq: 1, publishProposedAt: null, versionProposed: false, starts: 0, lastLead: null, peerHosts: {}, requestTimeoutMs: requestTimeoutMs(config), joining: false, tickParkedAtMs: null, tickWakeAtMs: null };
}

// Asked on every tick, request or Raft message: one string per host (kernel memoized).
const processNameOf = memoized((host) => `${host}/etcd`);
const tickTimerKeyOf = memoized((host) => `${host}/etcd/tick`);
/** `https://<ip>:2379`: maybePublish asks on every tick (every 100 ms). */
const advertisedClientUrl = memoized((ip) => `https://${ip}:${CLIENT_PORT}`);

export function processName(m: EtcdMember): string {
  return processNameOf(m.host);
}

export function tickTimerKey(m: EtcdMember): string {
  return tickTimerKeyOf(m.host);
}

/** Arms the member's tick timer `delayMs` from now (superseding any earlier arming). */
function armTick(m: EtcdMember, delayMs: number, sink: EffectSink): void {
  sink.effects.push({ type: 'timer.set', key: tickTimerKey(m), delayMs, target: processName(m), payload: { type: 'etcd.tick' } });
}

// ---------------------------------------------------------------------------------------------
// Lifecycle.

/**
 * Starts the member from its data dir, bootstrapping one if there is none. Returns the durable
 * state to store at `<data-dir>/member`, or an error (etcd exits with it).
 */
export function startMember(m: EtcdMember, existing: EtcdDurable | undefined, seed: number, sink: EffectSink): { durable: EtcdDurable } | { error: string } {
  let durable = existing;
  if (!durable) {
    const boot =
      m.config.initialClusterState === 'new'
        ? bootstrapNewCluster(m.config.name, m.config.initialCluster, m.config.initialClusterToken)
        : bootstrapJoining(m.config.name, m.config.initialCluster, m.config.initialClusterToken);
    if ('error' in boot) return boot;
    durable = boot;
  }
  if (durable.removed.includes(durable.memberId)) return { error: ETCD_ERRORS.removed };
  m.starts++;
  if (durable.memberId === '') {
    startJoining(m, sink);
    return { durable };
  }
  startRaft(m, durable, seed, sink);
  return { durable };
}

/** Asks every peer in --initial-cluster for the membership; retried every second until answered. */
function startJoining(m: EtcdMember, sink: EffectSink): void {
  m.status = 'running';
  m.joining = true;
  m.raft = null;
  m.exitReason = null;
  const self = m.config.initialCluster.find((x) => x.name === m.config.name);
  for (const peer of m.config.initialCluster) {
    if (peer === self) continue;
    sink.effects.push({ type: 'net.send', from: { host: m.host, port: PEER_PORT }, to: { host: hostOfUrl(peer.peerUrl), port: PEER_PORT }, kind: 'etcd.members', body: null, summary: 'GET /members' });
  }
  sink.effects.push({ type: 'timer.set', key: tickTimerKey(m), delayMs: 1000, target: processName(m), payload: { type: 'etcd.join-retry' } });
  emitTrace(sink, { source: processName(m), kind: 'etcd.start', summary: `etcd ${ETCD_VERSION} joining an existing cluster: asking peers for its membership` });
}

export function onJoinRetry(m: EtcdMember, sink: EffectSink): void {
  if (m.joining) startJoining(m, sink);
}

/** A peer answers GET /members with the cluster ID and the member list. */
export function onMembersRequest(m: EtcdMember, d: EtcdDurable, from: Address, sink: EffectSink): void {
  if (!m.raft) return;
  sink.effects.push({ type: 'net.send', from: { host: m.host, port: PEER_PORT }, to: from, kind: 'etcd.members.response', body: { clusterId: d.clusterId, members: memberViews(d) }, summary: 'members' });
}

/** The joining member finds itself in the membership by its peer URL, then starts Raft. */
export function onMembersResponse(m: EtcdMember, d: EtcdDurable, body: { clusterId: string; members: MemberView[] }, seed: number, sink: EffectSink): string | undefined {
  if (!m.joining) return undefined;
  const self = m.config.initialCluster.find((x) => x.name === m.config.name);
  const me = body.members.find((x) => self && x.peerUrls.includes(self.peerUrl));
  m.joining = false;
  sink.effects.push({ type: 'timer.cancel', key: tickTimerKey(m) });
  if (!me) {
    const reason = `error validating peerURLs: member count is unequal`;
    m.status = 'stopped';
    m.exitReason = reason;
    emitTrace(sink, { source: processName(m), kind: 'etcd.exit', summary: reason });
    return reason;
  }
  d.memberId = me.id;
  d.clusterId = body.clusterId;
  for (const x of body.members) m.peerHosts[x.id] = hostOfUrl(x.peerUrls[0] ?? '');
  startRaft(m, d, seed, sink);
  return undefined;
}

function startRaft(m: EtcdMember, durable: EtcdDurable, seed: number, sink: EffectSink): void {
  const prng: PrngState = deriveStream(seed, `etcd/${m.host}/${m.starts}`);
  const electionTick = Math.max(1, Math.round(m.config.electionTimeoutMs / m.config.heartbeatIntervalMs));
  const raft = newRaft(
    { id: durable.memberId, heartbeatTick: 1, electionTick, preVote: m.config.preVote, checkQuorum: true, maxEntriesPerMsg: 64 },
    durable.raft,
    prng,
    durable.consistentIndex,
  );
  // The configuration Raft starts with is the one the backend has applied; later conf entries in
  // the log are applied again below as the member catches up.
  if (Object.keys(durable.members).length > 0) {
    raft.voters = votersOf(durable.members);
    raft.learners = learnersOf(durable.members);
  } else if (durable.raft.snapshot.conf.voters.length > 0) {
    raft.voters = [...durable.raft.snapshot.conf.voters];
    raft.learners = [...durable.raft.snapshot.conf.learners];
  }
  // --initial-election-tick-advance: fast-forward the election clock on boot so a fresh cluster
  // elects quickly; with peers, leave two ticks so a live leader's heartbeat arrives first.
  if (m.config.initialElectionTickAdvance) raft.electionElapsed = Math.max(0, electionTick - (raft.voters.length > 1 ? 2 : 1));
  m.raft = raft;
  m.status = 'running';
  m.exitReason = null;
  m.pending = new Map();
  m.watchers = {};
  m.publishProposedAt = null;
  m.versionProposed = false;
  m.lastLead = null;
  m.tickParkedAtMs = null;
  m.tickWakeAtMs = null;
  emitTrace(sink, { source: processName(m), kind: 'etcd.start', summary: `etcd ${ETCD_VERSION} started member ${durable.memberId} (cluster ${durable.clusterId || 'unknown'})` });
  applyCommitted(m, durable, sink);
  // Each process's ticker starts at its own moment, so members' ticks are not in lockstep.
  const firstTickMs = nextInt(raft.prng, 1, m.config.heartbeatIntervalMs + 1);
  armTick(m, firstTickMs, sink);
}

/** The process stops (host crash or `systemctl stop`): all volatile state is gone. */
export function stopMember(m: EtcdMember, reason: string, sink: EffectSink): void {
  if (m.status !== 'running') return;
  m.status = 'stopped';
  m.joining = false;
  m.exitReason = reason;
  m.raft = null;
  m.pending = new Map();
  m.watchers = {};
  m.tickParkedAtMs = null;
  m.tickWakeAtMs = null;
  sink.effects.push({ type: 'timer.cancel', key: tickTimerKey(m) });
  emitTrace(sink, { source: processName(m), kind: 'etcd.stop', summary: reason });
}

// ---------------------------------------------------------------------------------------------
// Inputs.

export function onTick(m: EtcdMember, d: EtcdDurable, sink: EffectSink): void {
  const r = m.raft;
  if (!r) return;
  const interval = m.config.heartbeatIntervalMs;
  if (m.tickWakeAtMs !== null && m.tickParkedAtMs !== null) {
    // A parked follower's wake-up: the ticks it skipped first, then this one as any other.
    const due = Math.floor((sink.now - m.tickParkedAtMs) / interval);
    for (let i = 1; i < due; i++) tick(r);
    m.tickParkedAtMs = null;
    m.tickWakeAtMs = null;
  }
  tick(r);
  maybePublish(m, d, sink);
  maybeSetClusterVersion(m, d, sink);
  afterStep(m, d, sink);
  if (sink.effects.length === 0 && idleLoneLeader(m, d)) {
    m.tickParkedAtMs = sink.now;
    return;
  }
  if (sink.effects.length === 0 && idleFollower(m, d)) {
    m.tickParkedAtMs = sink.now;
    m.tickWakeAtMs = sink.now + ticksToElection(r) * interval;
    if (Number.isFinite(m.tickWakeAtMs)) armTick(m, m.tickWakeAtMs - sink.now, sink);
    return;
  }
  armTick(m, interval, sink);
}

/**
 * A follower's ticks only count toward its election timeout (tickElection): the leader's
 * heartbeats set the count back to 0 every 100 ms, so in a healthy cluster they never reach it.
 * An idle follower parks its ticker the same way (resumeTicker runs the skipped ticks before any
 * input), with one timer left armed: at the tick where the count would run out, where it wakes
 * and ticks as always — campaigning if no heartbeat came. The deadline only moves later as
 * heartbeats reset the count, so the wake-up stays armed (settleTicker re-arms it only when a new
 * term's randomized timeout brings the deadline nearer); at the wake-up, a follower that heard
 * from its leader parks again. The kernel is spared two events a second per follower.
 */
function idleFollower(m: EtcdMember, d: EtcdDurable): boolean {
  const r = m.raft!;
  if (r.role !== 'follower' || r.msgs.length > 0) return false;
  // Requests in flight need no ticks here: their own timers (timeout, ReadIndex retry) and the
  // messages that answer them (each followed by afterStep) move them on. maybePublish, which
  // retries by time, must have nothing left to do.
  return published(m, d);
}

/** Ticks until tickElection would campaign (raft.go pastElectionTimeout); a member that may not campaign never does. */
function ticksToElection(r: Raft): number {
  return promotable(r) ? Math.max(1, r.randomizedElectionTimeout - r.electionElapsed) : Infinity;
}

/**
 * After an input to a parked follower: still idle, it stays parked, its wake-up brought forward if
 * the deadline came nearer; otherwise its ticker runs again, from the next tick in its phase.
 */
function settleTicker(m: EtcdMember, d: EtcdDurable, sink: EffectSink): void {
  const parkedAt = m.tickParkedAtMs;
  const wakeAt = m.tickWakeAtMs;
  const r = m.raft;
  if (parkedAt === null || wakeAt === null || !r) return;
  const interval = m.config.heartbeatIntervalMs;
  if (idleFollower(m, d)) {
    const deadline = parkedAt + ticksToElection(r) * interval;
    if (deadline < wakeAt) {
      m.tickWakeAtMs = deadline;
      armTick(m, deadline - sink.now, sink);
    }
    return;
  }
  m.tickParkedAtMs = null;
  m.tickWakeAtMs = null;
  armTick(m, parkedAt + interval - sink.now, sink);
}

/**
 * The ticks of an idle leader with no peers change nothing but two counters: tickHeartbeat's
 * MsgBeat goes to no one, and MsgCheckQuorum finds its quorum (itself) active. Such a member —
 * every `single` preset's etcd, ten ticks a second — stops arming its tick timer after a tick that
 * did nothing, and runs the ticks it skipped, in order and as they would have run, when anything
 * next reaches it (resumeTicker), before handling it. Nothing can change in between without an
 * event reaching the member, so no reader can tell the difference, and the kernel is spared an
 * event every 100 ms.
 */
function idleLoneLeader(m: EtcdMember, d: EtcdDurable): boolean {
  const r = m.raft!;
  if (r.role !== 'leader' || r.voters.length !== 1 || r.voters[0] !== r.id || r.learners.length !== 0) return false;
  if (r.msgs.length > 0 || r.readStates.length > 0 || r.pendingReadIndex.length > 0 || m.pending.size > 0) return false;
  // maybePublish and maybeSetClusterVersion have nothing left to do.
  return published(m, d) && (d.clusterVersion !== null || m.versionProposed);
}

/**
 * Runs the ticks a parked member skipped (those due at or before now) and arms the tick timer for
 * the next one, in the phase it always had. Every input to a running member calls it first.
 */
export function resumeTicker(m: EtcdMember, sink: EffectSink): void {
  const parkedAt = m.tickParkedAtMs;
  if (parkedAt === null || !m.raft) return;
  const interval = m.config.heartbeatIntervalMs;
  const due = Math.floor((sink.now - parkedAt) / interval);
  for (let i = 0; i < due; i++) tick(m.raft);
  if (m.tickWakeAtMs !== null) {
    // A parked follower stays parked through the input; settleTicker decides after it.
    m.tickParkedAtMs = parkedAt + due * interval;
    return;
  }
  m.tickParkedAtMs = null;
  armTick(m, parkedAt + (due + 1) * interval - sink.now, sink);
}

export function onPeerMessage(m: EtcdMember, d: EtcdDurable, msg: Message, fromHost: string, sink: EffectSink): void {
  const r = m.raft;
  if (!r || msg.to !== r.id) return;
  resumeTicker(m, sink);
  // Like rafthttp, remember where a peer's messages come from: a member that has just joined
  // does not know its peers' addresses until it has applied the membership entries.
  m.peerHosts[msg.from] = fromHost;
  step(r, msg);
  afterStep(m, d, sink);
  settleTicker(m, d, sink);
}

/**
 * A client request. `clientTimeoutMs` is the time the client has left (gRPC sends its deadline
 * with the call): when it passes, the server-side context is cancelled too, so a write that is
 * still waiting for a leader is dropped instead of being proposed later.
 */
export function onClientRequest(m: EtcdMember, d: EtcdDurable, client: Address, req: EtcdRequest, sink: EffectSink, clientTimeoutMs = Infinity): void {
  if (!m.raft) return;
  resumeTicker(m, sink);
  handleClientRequest(m, d, client, req, sink, clientTimeoutMs);
  settleTicker(m, d, sink);
}

function handleClientRequest(m: EtcdMember, d: EtcdDurable, client: Address, req: EtcdRequest, sink: EffectSink, clientTimeoutMs: number): void {
  const r = m.raft!;
  m.requestTimeoutMs = Math.min(requestTimeoutMs(m.config), clientTimeoutMs);
  const reqId = `${d.memberId}-${m.nextSeq++}`;
  const isLearner = d.members[d.memberId]?.isLearner ?? r.learners.includes(r.id);
  if (isLearner && needsQuorum(req)) {
    // Learners serve only serializable reads and status (etcd v3rpc: ErrGRPCNotSupportedForLearner).
    reply(m, d, client, { ok: false, code: 'Unavailable', message: ETCD_ERRORS.learnerNotSupported }, sink);
    return;
  }
  switch (req.rpc) {
    case 'Range':
      if (req.serializable) return reply(m, d, client, serveRange(m, d, req), sink);
      return startLinearizableRead(m, d, reqId, client, req, sink);
    case 'Health':
      return startLinearizableRead(m, d, reqId, client, req, sink);
    case 'Status':
      return reply(m, d, client, ok(m, d, { rpc: 'Status', status: statusOf(m, d) }), sink);
    case 'MemberList':
      return reply(m, d, client, ok(m, d, { rpc: 'MemberList', members: memberViews(d) }), sink);
    case 'Snapshot':
      return reply(m, d, client, ok(m, d, { rpc: 'Snapshot', db: backendSnapshot(d), sizeBytes: dbSizeBytes(d.mvcc) }), sink);
    case 'Watch':
      return startWatch(m, d, reqId, client, req, sink);
    case 'MemberAdd':
    case 'MemberRemove':
    case 'MemberPromote': {
      const refusal = checkMembershipChange(m, d, req);
      if (refusal) return reply(m, d, client, { ok: false, code: 'FailedPrecondition', message: refusal }, sink);
      return propose(m, d, reqId, client, req, sink);
    }
    case 'Txn':
      // v3rpc checks a txn before proposing it: one branch may not write a key twice.
      if (hasDuplicateWrite(req.success) || hasDuplicateWrite(req.failure)) return reply(m, d, client, { ok: false, code: 'InvalidArgument', message: ETCD_ERRORS.duplicateKey }, sink);
      return propose(m, d, reqId, client, req, sink);
    default:
      return propose(m, d, reqId, client, req, sink);
  }
}

function hasDuplicateWrite(ops: readonly { type: string; key: string }[]): boolean {
  // A txn has a handful of ops (the apiserver's writes have one): compare pairs, no Set.
  for (let i = 0; i < ops.length; i++) {
    if (ops[i]!.type === 'range') continue;
    const key = ops[i]!.key;
    for (let j = i + 1; j < ops.length; j++) if (ops[j]!.type !== 'range' && ops[j]!.key === key) return true;
  }
  return false;
}

/** Server-side request timeout or ReadIndex retry. */
export function onRequestTimer(m: EtcdMember, d: EtcdDurable, reqId: string, kind: 'timeout' | 'read-retry', sink: EffectSink): void {
  const p = m.pending.get(reqId);
  const r = m.raft;
  if (!p || !r) return;
  if (kind === 'read-retry') {
    if (p.stage === 'reading' && p.readIndex === undefined) {
      sendReadIndex(m, reqId, sink);
      armReadRetry(m, p, sink);
      afterStep(m, d, sink);
    }
    return;
  }
  m.pending.delete(reqId);
  if (p.retryKey !== undefined) sink.effects.push({ type: 'timer.cancel', key: p.retryKey });
  reply(m, d, p.client, { ok: false, code: timeoutCode(p), message: timeoutMessage(m, p) }, sink);
}

function timeoutCode(p: PendingRequest): 'Unknown' | 'Unavailable' {
  return p.stage === 'waiting-leader' ? 'Unknown' : 'Unavailable';
}

/**
 * What the client sees when the 7 s server timeout passes. With no leader the proposal never
 * entered Raft (raft's node loop does not read proposals without a leader), so the context's own
 * error comes back; a proposal stuck in the log gives ErrTimeout (etcd v3_server.go parseProposeCtxErr).
 */
function timeoutMessage(m: EtcdMember, p: PendingRequest): string {
  if (p.stage === 'waiting-leader') return ETCD_ERRORS.contextDeadline;
  const r = m.raft;
  if (r && r.role === 'leader' && !quorumConnected(r)) return ETCD_ERRORS.timeoutConnectionLost;
  return ETCD_ERRORS.requestTimedOut;
}

function quorumConnected(r: Raft): boolean {
  let active = 0;
  for (const id of r.voters) if (id === r.id || r.prs[id]?.recentActive) active++;
  return active >= quorum(r.voters.length);
}

function needsQuorum(req: EtcdRequest): boolean {
  if (req.rpc === 'Range') return !req.serializable;
  return req.rpc === 'Put' || req.rpc === 'DeleteRange' || req.rpc === 'Txn' || req.rpc === 'Compact' || req.rpc === 'Health' || req.rpc === 'MemberAdd' || req.rpc === 'MemberRemove' || req.rpc === 'MemberPromote';
}

// ---------------------------------------------------------------------------------------------
// Writes go through Raft.

function propose(m: EtcdMember, d: EtcdDurable, reqId: string, client: Address, req: EtcdRequest, sink: EffectSink): void {
  const timerKey = `${processName(m)}/req/${reqId}`;
  m.pending.set(reqId, { reqId, client, req, startedAt: sink.now, stage: 'waiting-leader', timerKey });
  (m.awaitingLeader ??= new Set()).add(reqId);
  sink.effects.push({ type: 'timer.set', key: timerKey, delayMs: timerDelay(m.requestTimeoutMs), target: processName(m), payload: { type: 'etcd.req-timer', reqId, kind: 'timeout' } });
  tryPropose(m, d, reqId, sink);
  afterStep(m, d, sink);
}

function entryFor(m: EtcdMember, d: EtcdDurable, p: PendingRequest): Entry {
  const origin = d.memberId;
  const req = p.req;
  if (req.rpc === 'MemberAdd') {
    const id = newMemberId(req.peerUrls, p.startedAt);
    const member: MemberInfo = { id, name: '', peerUrls: req.peerUrls, clientUrls: [], isLearner: req.isLearner };
    return { term: 0, index: 0, type: 'conf', data: { change: req.isLearner ? 'addLearner' : 'add', member, reqId: p.reqId, origin } satisfies ConfChangeData };
  }
  if (req.rpc === 'MemberRemove') return { term: 0, index: 0, type: 'conf', data: { change: 'remove', memberId: req.id, reqId: p.reqId, origin } satisfies ConfChangeData };
  if (req.rpc === 'MemberPromote') return { term: 0, index: 0, type: 'conf', data: { change: 'promote', memberId: req.id, reqId: p.reqId, origin } satisfies ConfChangeData };
  return { term: 0, index: 0, type: 'normal', data: { kind: 'request', reqId: p.reqId, origin, req } };
}

/**
 * etcd's MemberAdd derives the new member's ID from its peer URLs and the current Unix time
 * (membership.NewMember with an empty cluster name), so adding the same URLs later gives a new ID.
 */
/**
 * etcd's MemberAdd derives the new member's ID from its peer URLs and the current Unix time
 * (membership.NewMember with an empty cluster name), so adding the same URLs later gives a new ID.
 */
function newMemberId(peerUrls: string[], startedAtMs: number): string {
  return computeMemberId(peerUrls, '', Math.floor((SIM_EPOCH_UNIX_MS + startedAtMs) / 1000));
}

function tryPropose(m: EtcdMember, d: EtcdDurable, reqId: string, sink: EffectSink): void {
  const r = m.raft!;
  const p = m.pending.get(reqId);
  if (!p || p.stage !== 'waiting-leader') {
    m.awaitingLeader?.delete(reqId);
    return;
  }
  if (r.lead === null) return;
  const result = step(r, { type: 'MsgProp', from: r.id, to: r.id, term: 0, logTerm: 0, index: 0, entries: [entryFor(m, d, p)], commit: 0, reject: false, rejectHint: 0 });
  if (result === 'ok') {
    m.awaitingLeader?.delete(reqId);
    p.stage = 'proposed';
    emitTrace(sink, { source: processName(m), kind: 'etcd.propose', summary: `proposed ${describeRequest(p.req)}` });
  }
}

function describeRequest(req: EtcdRequest): string {
  switch (req.rpc) {
    case 'Put':
      return `put ${req.key}`;
    case 'DeleteRange':
      return `delete ${req.key}`;
    case 'Txn':
      return 'txn';
    case 'Compact':
      return `compact ${req.revision}`;
    case 'MemberAdd':
      return `member add ${req.peerUrls.join(',')}${req.isLearner ? ' (learner)' : ''}`;
    case 'MemberRemove':
      return `member remove ${req.id}`;
    case 'MemberPromote':
      return `member promote ${req.id}`;
    default:
      return req.rpc;
  }
}

// ---------------------------------------------------------------------------------------------
// Linearizable reads: ReadIndex, then wait until applied reaches the read index.

function startLinearizableRead(m: EtcdMember, d: EtcdDurable, reqId: string, client: Address, req: EtcdRequest, sink: EffectSink): void {
  const timerKey = `${processName(m)}/req/${reqId}`;
  const p: PendingRequest = { reqId, client, req, startedAt: sink.now, stage: 'reading', timerKey };
  m.pending.set(reqId, p);
  (m.readsPending ??= []).push(reqId);
  sink.effects.push({ type: 'timer.set', key: timerKey, delayMs: timerDelay(m.requestTimeoutMs), target: processName(m), payload: { type: 'etcd.req-timer', reqId, kind: 'timeout' } });
  armReadRetry(m, p, sink);
  sendReadIndex(m, reqId, sink);
  afterStep(m, d, sink);
}

function sendReadIndex(m: EtcdMember, reqId: string, _sink: EffectSink): void {
  const r = m.raft!;
  step(r, { type: 'MsgReadIndex', from: r.id, to: r.id, term: 0, logTerm: 0, index: 0, entries: [], commit: 0, reject: false, rejectHint: 0, context: reqId });
}

function serveReadStates(m: EtcdMember, d: EtcdDurable, sink: EffectSink): void {
  const r = m.raft!;
  // A read becomes servable only when its ReadIndex arrives or the applied index moves: with
  // neither, the pending requests need not be scanned (this runs after every Raft step).
  if (r.readStates.length === 0 && r.applied === m.readsCheckedAtApplied) return;
  m.readsCheckedAtApplied = r.applied;
  for (const rs of r.readStates) {
    const p = m.pending.get(rs.context);
    if (p && p.stage === 'reading' && p.readIndex === undefined) p.readIndex = rs.index;
  }
  r.readStates = [];
  // Only reads can be served here: walk their index instead of every pending request (writes
  // too). A request is 'reading' from its start to its end, so the reads found this way, in
  // arrival order, are exactly those a scan of `pending` in insertion order finds.
  const ids = m.readsPending;
  if (!ids) return;
  let kept = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const p = m.pending.get(id);
    if (!p || p.stage !== 'reading') continue; // answered, timed out, or the process restarted
    if (p.readIndex === undefined || r.applied < p.readIndex) {
      ids[kept++] = id;
      continue;
    }
    finish(m, p.reqId, sink);
    if (p.req.rpc === 'Range') reply(m, d, p.client, serveRange(m, d, p.req), sink);
    else reply(m, d, p.client, ok(m, d, { rpc: 'Health' }), sink);
  }
  ids.length = kept;
}

function serveRange(m: EtcdMember, d: EtcdDurable, req: Extract<EtcdRequest, { rpc: 'Range' }>): EtcdResponse {
  const res = range(d.mvcc, req.key, {
    ...(req.rangeEnd !== undefined ? { rangeEnd: req.rangeEnd } : {}),
    ...(req.revision !== undefined && req.revision > 0 ? { revision: req.revision } : {}),
    ...(req.limit !== undefined ? { limit: req.limit } : {}),
    ...(req.countOnly ? { countOnly: true } : {}),
    ...(req.keysOnly ? { keysOnly: true } : {}),
  });
  if ('error' in res) return { ok: false, code: 'OutOfRange', message: res.error };
  return ok(m, d, { rpc: 'Range', kvs: res.kvs, count: res.count, more: res.more });
}

/** A linearizable read asks for its ReadIndex again if no answer comes within READ_INDEX_RETRY_MS. */
function armReadRetry(m: EtcdMember, p: PendingRequest, sink: EffectSink): void {
  p.retryKey ??= `${processName(m)}/read-retry/${p.reqId}`;
  sink.effects.push({ type: 'timer.set', key: p.retryKey, delayMs: READ_INDEX_RETRY_MS, target: processName(m), payload: { type: 'etcd.req-timer', reqId: p.reqId, kind: 'read-retry' } });
}

function finish(m: EtcdMember, reqId: string, sink: EffectSink): void {
  const p = m.pending.get(reqId);
  m.pending.delete(reqId);
  sink.effects.push({ type: 'timer.cancel', key: p?.timerKey ?? `${processName(m)}/req/${reqId}` });
  if (p === undefined || p.retryKey !== undefined) sink.effects.push({ type: 'timer.cancel', key: p?.retryKey ?? `${processName(m)}/read-retry/${reqId}` });
}

// ---------------------------------------------------------------------------------------------
// Watch: replay history from --rev, then stream new events as they are applied.

function startWatch(m: EtcdMember, d: EtcdDurable, reqId: string, client: Address, req: Extract<EtcdRequest, { rpc: 'Watch' }>, sink: EffectSink): void {
  if (req.startRevision !== undefined && req.startRevision > 0) {
    const past = eventsSince(d.mvcc, req.key, req.rangeEnd, req.startRevision);
    if ('error' in past) {
      reply(m, d, client, ok(m, d, { rpc: 'Watch', events: [], canceled: true, cancelReason: past.error, compactRevision: d.mvcc.compactRevision }), sink);
      return;
    }
    reply(m, d, client, ok(m, d, { rpc: 'Watch', events: past.map((e) => watchEventView(e, req.prevKv ?? false)), created: true }), sink);
  } else {
    reply(m, d, client, ok(m, d, { rpc: 'Watch', events: [], created: true }), sink);
  }
  m.watchers[reqId] = { client, key: req.key, ...(req.rangeEnd !== undefined ? { rangeEnd: req.rangeEnd } : {}), prevKv: req.prevKv ?? false };
}

function watchEventView(e: MvccEvent, withPrev: boolean) {
  return { type: e.type, kv: e.kv, ...(withPrev && e.prevKv ? { prevKv: e.prevKv } : {}) };
}

function notifyWatchers(m: EtcdMember, d: EtcdDurable, fromRevision: number, sink: EffectSink): void {
  for (const w of Object.values(m.watchers)) {
    const evs = eventsSince(d.mvcc, w.key, w.rangeEnd, fromRevision);
    if ('error' in evs || evs.length === 0) continue;
    reply(m, d, w.client, ok(m, d, { rpc: 'Watch', events: evs.map((e) => watchEventView(e, w.prevKv)) }), sink);
  }
}

// ---------------------------------------------------------------------------------------------
// Membership.

function checkMembershipChange(m: EtcdMember, d: EtcdDurable, req: Extract<EtcdRequest, { rpc: 'MemberAdd' | 'MemberRemove' | 'MemberPromote' }>): string | undefined {
  const r = m.raft!;
  const members = Object.values(d.members);
  if (req.rpc === 'MemberAdd') {
    if (members.some((x) => x.peerUrls.some((u) => req.peerUrls.includes(u)))) return ETCD_ERRORS.peerUrlExists;
    if (req.isLearner && members.filter((x) => x.isLearner).length >= 1) return ETCD_ERRORS.tooManyLearners;
    return undefined;
  }
  const target = d.members[req.id];
  if (!target) return ETCD_ERRORS.memberNotFound;
  if (req.rpc === 'MemberPromote') {
    if (!target.isLearner) return ETCD_ERRORS.memberNotLearner;
    // isLearnerReady: the leader's progress for the learner must be within 90% of its own match.
    if (r.role === 'leader') {
      const pr = r.prs[req.id];
      const leaderMatch = r.prs[r.id]?.match ?? 0;
      if (!pr || pr.match < leaderMatch * 0.9) return ETCD_ERRORS.learnerNotReady;
    }
    // A follower cannot see the learner's progress; real etcd forwards this check to the leader
    // (not modelled: the promotion is proposed and the leader applies it).
    return undefined;
  }
  // Strict reconfig check (mayRemoveMember): the remaining started voters must keep a quorum.
  if (r.role === 'leader' && !target.isLearner) {
    const voters = r.voters.filter((id) => id !== req.id);
    const active = voters.filter((id) => id === r.id || r.prs[id]?.recentActive).length;
    if (active < quorum(voters.length)) return ETCD_ERRORS.notEnoughStartedMembers;
  }
  return undefined;
}

export function memberViews(d: EtcdDurable): MemberView[] {
  return Object.values(d.members)
    .map((x) => ({ id: x.id, name: x.name, peerUrls: [...x.peerUrls], clientUrls: [...x.clientUrls], isLearner: x.isLearner }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Whether the membership already holds this member's name and advertised client URL. */
function published(m: EtcdMember, d: EtcdDurable): boolean {
  const self = d.members[d.memberId];
  return self !== undefined && self.name === m.config.name && self.clientUrls.includes(advertisedClientUrl(m.config.ip));
}

/** After start, a member publishes its name and client URLs through Raft (etcd publishV3). */
function maybePublish(m: EtcdMember, d: EtcdDurable, sink: EffectSink): void {
  const r = m.raft!;
  if (!d.members[d.memberId] || r.lead === null || published(m, d)) return;
  const clientUrl = advertisedClientUrl(m.config.ip);
  if (m.publishProposedAt !== null && sink.now - m.publishProposedAt < PUBLISH_RETRY_MS) return;
  m.publishProposedAt = sink.now;
  step(r, { type: 'MsgProp', from: r.id, to: r.id, term: 0, logTerm: 0, index: 0, entries: [{ term: 0, index: 0, type: 'normal', data: { kind: 'publish', memberId: d.memberId, name: m.config.name, clientUrls: [clientUrl] } }], commit: 0, reject: false, rejectHint: 0 });
}

/** The leader records the cluster version once every member has published (etcd monitorVersions). */
function maybeSetClusterVersion(m: EtcdMember, d: EtcdDurable, _sink: EffectSink): void {
  const r = m.raft!;
  if (r.role !== 'leader' || d.clusterVersion !== null || m.versionProposed) return;
  if (!Object.values(d.members).every((x) => x.clientUrls.length > 0)) return;
  m.versionProposed = true;
  step(r, { type: 'MsgProp', from: r.id, to: r.id, term: 0, logTerm: 0, index: 0, entries: [{ term: 0, index: 0, type: 'normal', data: { kind: 'cluster-version', version: '3.5.0' } }], commit: 0, reject: false, rejectHint: 0 });
}

// ---------------------------------------------------------------------------------------------
// Ready handling: send messages, apply committed entries, answer waiters.

function afterStep(m: EtcdMember, d: EtcdDurable, sink: EffectSink): void {
  const r = m.raft;
  if (!r) return;
  applyCommitted(m, d, sink);
  if (!m.raft) return; // removed from the cluster while applying
  serveReadStates(m, d, sink);
  flushLogLines(m, sink);
  traceLeaderChange(m, sink);
  // Only writes still waiting for a leader need another try (not every pending request).
  if (r.lead !== null && m.awaitingLeader && m.awaitingLeader.size > 0) for (const id of [...m.awaitingLeader]) tryPropose(m, d, id, sink);
  flushMessages(m, d, sink);
}

function flushMessages(m: EtcdMember, d: EtcdDurable, sink: EffectSink): void {
  const r = m.raft!;
  const msgs = r.msgs;
  if (msgs.length === 0) return; // most steps send nothing: keep the empty outbox
  r.msgs = [];
  for (const msg of msgs) {
    const peer = d.members[msg.to];
    const host = peer?.peerUrls[0] !== undefined ? hostOfUrl(peer.peerUrls[0]) : m.peerHosts[msg.to];
    if (!host) continue; // a peer we know nothing about (removed)
    sink.effects.push({ type: 'net.send', from: { host: m.host, port: PEER_PORT }, to: { host, port: PEER_PORT }, kind: 'raft', body: msg, summary: describeMessage(msg) });
  }
}

/** The host of a peer URL, for every Raft message sent: one string object per host. */
export const hostOfUrl = memoized((url) => url.replace(/^https?:\/\//, '').replace(/:\d+$/, ''));

export function describeMessage(msg: Message): string {
  switch (msg.type) {
    case 'MsgApp':
      return `MsgApp term=${msg.term} prev=${msg.index}/${msg.logTerm} entries=${msg.entries.length} commit=${msg.commit}`;
    case 'MsgAppResp':
      return `MsgAppResp term=${msg.term} index=${msg.index}${msg.reject ? ' reject' : ''}`;
    case 'MsgVote':
    case 'MsgPreVote':
      return `${msg.type} term=${msg.term} last=${msg.index}/${msg.logTerm}`;
    case 'MsgVoteResp':
    case 'MsgPreVoteResp':
      return `${msg.type} term=${msg.term} ${msg.reject ? 'rejected' : 'granted'}`;
    case 'MsgHeartbeat':
      return `MsgHeartbeat term=${msg.term} commit=${msg.commit}`;
    case 'MsgSnap':
      return `MsgSnap term=${msg.term} index=${msg.snapshot?.index ?? 0}`;
    default:
      return `${msg.type} term=${msg.term}`;
  }
}

function flushLogLines(m: EtcdMember, sink: EffectSink): void {
  const r = m.raft!;
  if (r.logLines.length === 0) return; // the usual case: keep the empty array
  for (const line of r.logLines) {
    emitTrace(sink, { source: processName(m), kind: `raft.${line.kind}`, summary: line.text });
    // Debugf lines are not written at etcd's default info level.
    if (line.level !== 'debug') logRaft(m, line.level, line.text, sink);
  }
  r.logLines = [];
}

/**
 * A raft line in the member's own log, as etcd 3.5 writes it: raft logs through the zap logger
 * named "raft" (etcdserver/raft.go NewRaftLoggerZap), so every line's caller is the wrapper in
 * etcdserver/zap_raft.go (Infof at line 77, Warningf at 85).
 */
function logRaft(m: EtcdMember, level: 'info' | 'warn', text: string, sink: EffectSink): void {
  emitLog(sink, m.host, 'etcd', zapServerLine(level, sink.now, 'raft', level === 'info' ? 'etcdserver/zap_raft.go:77' : 'etcdserver/zap_raft.go:85', text));
}

function traceLeaderChange(m: EtcdMember, sink: EffectSink): void {
  const r = m.raft!;
  if (r.lead === m.lastLead) return;
  // raft node.go: a follower's change of leader (the leader's own "elected leader" line is raft.go's).
  const text = r.lead === null ? `raft.node: ${r.id} lost leader ${m.lastLead} at term ${r.term}` : r.lead !== r.id ? `raft.node: ${r.id} elected leader ${r.lead} at term ${r.term}` : null;
  if (text !== null) {
    emitTrace(sink, { source: processName(m), kind: 'raft.lead', summary: text });
    logRaft(m, 'info', text, sink);
  }
  m.lastLead = r.lead;
}

function applyCommitted(m: EtcdMember, d: EtcdDurable, sink: EffectSink): void {
  const r = m.raft;
  if (!r) return;
  // A snapshot installed by the leader replaces the backend wholesale.
  if (r.storage.snapshot.index > d.consistentIndex && r.storage.offset === r.storage.snapshot.index && r.storage.snapshot.data) {
    const snap = r.storage.snapshot.data as BackendSnapshot;
    d.mvcc = cloneStore(snap.mvcc);
    d.members = structuredClone(snap.members);
    d.removed = [...snap.removed];
    d.clusterVersion = snap.clusterVersion;
    d.consistentIndex = r.storage.snapshot.index;
    r.applied = Math.max(r.applied, d.consistentIndex);
    applyConfState(r, { voters: votersOf(d.members), learners: learnersOf(d.members) });
  }
  const entries = entriesToApply(r);
  if (entries.length === 0) return;
  const revBefore = d.mvcc.revision;
  for (const e of entries) {
    if (e.index <= d.consistentIndex) continue;
    if (e.type === 'conf') applyConfChange(m, d, e.data as ConfChangeData, sink);
    else applyNormal(m, d, e, sink);
    d.consistentIndex = e.index;
    if (!m.raft) return; // this member was removed
  }
  advanceApplied(r, entries[entries.length - 1]!.index);
  if (d.mvcc.revision > revBefore) notifyWatchers(m, d, revBefore + 1, sink);
  maybeSnapshot(m, d, sink);
}

function applyNormal(m: EtcdMember, d: EtcdDurable, e: Entry, sink: EffectSink): void {
  const data = e.data as null | { kind: string; [k: string]: unknown };
  if (!data) return;
  if (data.kind === 'publish') {
    const mem = d.members[data.memberId as string];
    if (mem) {
      mem.name = data.name as string;
      mem.clientUrls = [...(data.clientUrls as string[])];
    }
    return;
  }
  if (data.kind === 'cluster-version') {
    d.clusterVersion = data.version as string;
    return;
  }
  if (data.kind !== 'request') return;
  const req = data.req as EtcdRequest;
  const resp = applyRequest(m, d, req);
  if (data.origin === d.memberId) {
    const p = m.pending.get(data.reqId as string);
    if (p) {
      finish(m, p.reqId, sink);
      reply(m, d, p.client, resp, sink);
    }
  }
}

function applyRequest(m: EtcdMember, d: EtcdDurable, req: EtcdRequest): EtcdResponse {
  switch (req.rpc) {
    case 'Put': {
      const res = put(d.mvcc, req.key, req.value);
      return ok(m, d, { rpc: 'Put', ...(req.prevKv && res.prevKv ? { prevKv: res.prevKv } : {}) });
    }
    case 'DeleteRange': {
      const res = deleteRange(d.mvcc, req.key, req.rangeEnd);
      return ok(m, d, { rpc: 'DeleteRange', deleted: res.deleted, prevKvs: req.prevKv ? res.prevKvs : [] });
    }
    case 'Txn': {
      const res = txn(d.mvcc, { compare: req.compare, success: req.success, failure: req.failure });
      return ok(m, d, { rpc: 'Txn', succeeded: res.succeeded, responses: res.responses as unknown[] });
    }
    case 'Compact': {
      const res = compact(d.mvcc, req.revision);
      if (res.error) return { ok: false, code: 'OutOfRange', message: res.error };
      return ok(m, d, { rpc: 'Compact' });
    }
    default:
      return { ok: false, code: 'InvalidArgument', message: `etcdserver: unexpected request ${req.rpc}` };
  }
}

function applyConfChange(m: EtcdMember, d: EtcdDurable, cc: ConfChangeData, sink: EffectSink): void {
  const r = m.raft!;
  let resp: EtcdResponseBody | undefined;
  if (cc.change === 'add' || cc.change === 'addLearner') {
    d.members[cc.member.id] = { ...cc.member, isLearner: cc.change === 'addLearner' };
    resp = { rpc: 'MemberAdd', member: memberViews(d).find((x) => x.id === cc.member.id)!, members: memberViews(d) };
  } else if (cc.change === 'remove') {
    delete d.members[cc.memberId];
    d.removed.push(cc.memberId);
    resp = { rpc: 'MemberRemove', members: memberViews(d) };
  } else {
    const mem = 'memberId' in cc ? d.members[cc.memberId] : undefined;
    if (mem) mem.isLearner = false;
    resp = { rpc: 'MemberPromote', members: memberViews(d) };
  }
  applyConfState(r, { voters: votersOf(d.members), learners: learnersOf(d.members) });
  emitTrace(sink, { source: processName(m), kind: 'etcd.membership', summary: describeConfChange(cc) });
  if (cc.origin === d.memberId && cc.reqId) {
    const p = m.pending.get(cc.reqId);
    if (p) {
      finish(m, p.reqId, sink);
      reply(m, d, p.client, ok(m, d, resp), sink);
    }
  }
  if (cc.change === 'remove' && cc.memberId === d.memberId) {
    // The removed member shuts itself down (etcd: "the member has been permanently removed").
    sink.effects.push({ type: 'process.exit', host: m.host, process: 'etcd', reason: ETCD_ERRORS.removed });
    flushMessages(m, d, sink);
    m.raft = null;
  }
}

function describeConfChange(cc: ConfChangeData): string {
  if (cc.change === 'add' || cc.change === 'addLearner') return `added ${cc.change === 'addLearner' ? 'learner ' : ''}member ${cc.member.id} ${cc.member.peerUrls.join(',')}`;
  const id = 'memberId' in cc ? cc.memberId : '';
  if (cc.change === 'remove') return `removed member ${id}`;
  return `promoted learner ${id} to voting member`;
}

/** etcd snapshots the backend every --snapshot-count applied entries and compacts the log. */
function maybeSnapshot(m: EtcdMember, d: EtcdDurable, sink: EffectSink): void {
  const r = m.raft!;
  if (r.applied - r.storage.snapshot.index <= m.config.snapshotCount) return;
  const data = backendSnapshot(d);
  createSnapshot(r, r.applied, data, r.applied - m.config.snapshotCatchUpEntries);
  emitTrace(sink, { source: processName(m), kind: 'etcd.snapshot', summary: `saved snapshot at index ${r.applied}; compacted raft log at ${r.storage.offset}` });
}

export function backendSnapshot(d: EtcdDurable): BackendSnapshot {
  return { mvcc: cloneStore(d.mvcc), members: structuredClone(d.members), removed: [...d.removed], consistentIndex: d.consistentIndex, clusterVersion: d.clusterVersion };
}

// ---------------------------------------------------------------------------------------------
// Responses.

function header(m: EtcdMember, d: EtcdDurable): ResponseHeader {
  return { cluster_id: d.clusterId, member_id: d.memberId, revision: d.mvcc.revision, raft_term: m.raft?.term ?? d.raft.term };
}

function ok(m: EtcdMember, d: EtcdDurable, body: EtcdResponseBody): EtcdResponse {
  return { ok: true, header: header(m, d), body };
}

function reply(m: EtcdMember, _d: EtcdDurable, client: Address, resp: EtcdResponse, sink: EffectSink): void {
  sink.effects.push({ type: 'net.send', from: { host: m.host, port: CLIENT_PORT }, to: client, kind: 'etcd.response', body: resp, summary: resp.ok ? `${resp.body.rpc} OK` : `error: ${resp.message}` });
}

function statusOf(m: EtcdMember, d: EtcdDurable) {
  const r = m.raft!;
  return {
    version: ETCD_VERSION,
    dbSize: dbSizeBytes(d.mvcc),
    leader: r.lead ?? '0',
    raftIndex: lastIndex(r.storage),
    raftTerm: r.term,
    raftAppliedIndex: r.applied,
    isLearner: r.learners.includes(r.id),
    errors: r.lead === null ? [ETCD_ERRORS.noLeader] : [],
  };
}

