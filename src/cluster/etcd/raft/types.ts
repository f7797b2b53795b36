/**
 * Raft data types, named as in etcd-io/raft (raftpb) so a learner who reads both recognises them.
 * Everything is plain data: a member's Raft state is checkpointed with the world.
 */
import type { PrngState } from '../../../kernel/index.ts';

export type RaftRole = 'follower' | 'pre-candidate' | 'candidate' | 'leader';

export type MessageType =
  | 'MsgHup' // local: election timeout elapsed, start a campaign
  | 'MsgBeat' // local: heartbeat interval elapsed (leader)
  | 'MsgCheckQuorum' // local: election timeout elapsed (leader), check that a quorum is active
  | 'MsgProp' // proposal, local or forwarded by a follower
  | 'MsgApp'
  | 'MsgAppResp'
  | 'MsgVote'
  | 'MsgVoteResp'
  | 'MsgPreVote'
  | 'MsgPreVoteResp'
  | 'MsgSnap'
  | 'MsgHeartbeat'
  | 'MsgHeartbeatResp'
  | 'MsgReadIndex'
  | 'MsgReadIndexResp';

export type EntryType = 'normal' | 'conf';

export interface Entry {
  term: number;
  index: number;
  type: EntryType;
  /** Opaque to Raft: an etcd request or a conf change. null for the empty entry a new leader appends. */
  data: unknown;
}

export interface ConfState {
  voters: string[];
  learners: string[];
}

export interface Snapshot {
  index: number;
  term: number;
  conf: ConfState;
  /** Opaque to Raft: the state machine's snapshot (etcd's MVCC backend and membership). */
  data: unknown;
}

export interface Message {
  type: MessageType;
  from: string;
  to: string;
  term: number;
  /** For MsgApp: term of the entry at `index` (the one preceding `entries`). For votes: last log term. */
  logTerm: number;
  index: number;
  entries: Entry[];
  commit: number;
  reject: boolean;
  rejectHint: number;
  /** ReadIndex request context (etcd uses the request id). */
  context?: string;
  snapshot?: Snapshot;
}

/** What must survive a crash: the WAL's hard state, the snapshot and the log after it. */
export interface RaftStorage {
  term: number;
  vote: string | null;
  commit: number;
  snapshot: Snapshot;
  /**
   * Index and term of the last entry compacted away. `entries` hold offset+1 onwards. etcd keeps
   * some entries below its newest snapshot (SnapshotCatchUpEntries) so a slightly lagging
   * follower catches up from the log, not from a snapshot; so offset <= snapshot.index.
   */
  offset: number;
  offsetTerm: number;
  entries: Entry[];
}

/** Leader's view of a follower (etcd-io/raft tracker.Progress). */
export interface Progress {
  match: number;
  next: number;
  /** probe: one MsgApp in flight until answered; replicate: stream optimistically; snapshot: waiting for MsgSnap to land. */
  state: 'probe' | 'replicate' | 'snapshot';
  /** Heard from since the last check-quorum round. */
  recentActive: boolean;
  /** In probe state, an append is outstanding; a heartbeat response clears it. */
  probeSent: boolean;
  pendingSnapshot: number;
  /** Heartbeat responses seen while waiting for a snapshot to land. */
  pendingSnapshotBeats: number;
}

export interface ReadIndexRequest {
  context: string;
  /** The commit index when the request arrived; safe to serve once applied reaches it. */
  index: number;
  /** Who asked: the leader itself or a follower that forwarded the request. */
  from: string;
  acks: string[];
}

export interface ReadState {
  index: number;
  context: string;
}

export interface RaftConfig {
  id: string;
  /** Ticks between heartbeats (etcd: heartbeat-interval / tick = 1). */
  heartbeatTick: number;
  /** Ticks of the election timeout (etcd: election-timeout 1000 ms / 100 ms = 10). */
  electionTick: number;
  preVote: boolean;
  checkQuorum: boolean;
  /** Most entries one MsgApp carries. */
  maxEntriesPerMsg: number;
}

export interface RaftLogLine {
  kind: 'become' | 'elect' | 'vote' | 'step-down' | 'ignore' | 'campaign' | 'commit' | 'snapshot';
  text: string;
  /** The raft logger method that writes it: Infof unless raft.go says Warningf or Debugf. */
  level: 'info' | 'warn' | 'debug';
}

export interface Raft {
  config: RaftConfig;
  id: string;
  role: RaftRole;
  term: number;
  vote: string | null;
  lead: string | null;
  storage: RaftStorage;
  commit: number;
  applied: number;
  voters: string[];
  learners: string[];
  electionElapsed: number;
  heartbeatElapsed: number;
  /** Drawn from [electionTick, 2*electionTick) each time the timer resets (raft.go resetRandomizedElectionTimeout). */
  randomizedElectionTimeout: number;
  votes: Record<string, boolean>;
  prs: Record<string, Progress>;
  /** Index of the last conf change appended by this leader; a new one waits until it is applied. */
  pendingConfIndex: number;
  readOnly: ReadIndexRequest[];
  /** ReadIndex requests that arrived before this leader committed an entry of its term. */
  pendingReadIndex: Message[];
  readStates: ReadState[];
  /** Outbox, drained by the etcd server after every step (raft's Ready.Messages). */
  msgs: Message[];
  /** Log lines, drained into the trace (the texts etcd's raft logger prints). */
  logLines: RaftLogLine[];
  prng: PrngState;
}
