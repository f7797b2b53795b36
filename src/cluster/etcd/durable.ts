/**
 * What an etcd member keeps on disk in its data dir (`<data-dir>/member`: WAL, snap, bbolt db),
 * and how a data dir comes to exist: a fresh bootstrap of a new cluster, or `snapshot restore`.
 *
 * Both write the same Raft shape as real etcd: one ConfChangeAddNode entry per initial member at
 * term 1, committed. After the first election the leader appends its empty entry, each member
 * publishes its name and client URLs, and the leader sets the cluster version — which is why a
 * fresh 3-member cluster shows RAFT INDEX 8 at term 2 (reference §13.0).
 */
import { createStore, type MvccStore } from './mvcc/store.ts';
import { computeClusterId, computeMemberId } from './ids.ts';
import { emptyStorage } from './raft/log.ts';
import type { Entry, RaftStorage } from './raft/types.ts';

export interface MemberInfo {
  id: string;
  /** Empty until the member has started and published itself ("unstarted" in member list). */
  name: string;
  peerUrls: string[];
  clientUrls: string[];
  isLearner: boolean;
}

export interface EtcdDurable {
  memberId: string;
  clusterId: string;
  raft: RaftStorage;
  mvcc: MvccStore;
  /** Raft index of the last entry applied to the backend (etcd's consistent_index). */
  consistentIndex: number;
  members: Record<string, MemberInfo>;
  removed: string[];
  clusterVersion: string | null;
}

/** The state-machine part of a Raft snapshot, and the content of a `snapshot save` file. */
export interface BackendSnapshot {
  mvcc: MvccStore;
  members: Record<string, MemberInfo>;
  removed: string[];
  consistentIndex: number;
  clusterVersion: string | null;
}

export type ConfChangeData =
  | { change: 'add' | 'addLearner'; member: MemberInfo; reqId?: string; origin?: string }
  | { change: 'remove'; memberId: string; reqId?: string; origin?: string }
  | { change: 'promote'; memberId: string; reqId?: string; origin?: string };

export interface InitialMember {
  name: string;
  peerUrl: string;
}

/**
 * Parses `--initial-cluster m1=https://10.0.0.11:2380,m2=...`. Returns an error text as etcd
 * would print it for a malformed value.
 */
export function parseInitialCluster(value: string): InitialMember[] | { error: string } {
  const out: InitialMember[] = [];
  for (const part of value.split(',').filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) return { error: `failed to parse initial cluster: ${JSON.stringify(part)} is not in the form name=url` };
    const peerUrl = part.slice(eq + 1);
    if (!/^https?:\/\/[^/:]+:\d+$/.test(peerUrl)) return { error: `URL address does not have the form "host:port": ${peerUrl}` };
    out.push({ name: part.slice(0, eq), peerUrl });
  }
  if (out.length === 0) return { error: 'initial cluster is empty' };
  return out;
}

function initialMembers(initial: InitialMember[], token: string): MemberInfo[] {
  return initial.map((m) => ({ id: computeMemberId([m.peerUrl], token), name: m.name, peerUrls: [m.peerUrl], clientUrls: [], isLearner: false }));
}

/** Raft storage with one committed ConfChangeAddNode per member at term 1 (etcd bootstrap). */
function bootstrapRaft(members: MemberInfo[]): RaftStorage {
  const storage = emptyStorage({ voters: [], learners: [] });
  const entries: Entry[] = members.map((m, i) => ({ term: 1, index: i + 1, type: 'conf', data: { change: 'add', member: { ...m, clientUrls: [] } } satisfies ConfChangeData }));
  storage.entries = entries;
  storage.term = 1;
  storage.commit = entries.length;
  return storage;
}

/** A brand-new data dir for `--initial-cluster-state new`. */
export function bootstrapNewCluster(selfName: string, initial: InitialMember[], token: string): EtcdDurable | { error: string } {
  const members = initialMembers(initial, token);
  const self = members.find((m) => m.name === selfName);
  if (!self) return { error: `couldn't find local name "${selfName}" in the initial cluster configuration` };
  const ids = members.map((m) => m.id);
  return {
    memberId: self.id,
    clusterId: computeClusterId(ids),
    raft: bootstrapRaft(members),
    mvcc: createStore(),
    consistentIndex: 0,
    members: {},
    removed: [],
    clusterVersion: null,
  };
}

/** A data dir for a member joining an existing cluster (`--initial-cluster-state existing`). */
export function bootstrapJoining(selfName: string, initial: InitialMember[], token: string): EtcdDurable | { error: string } {
  const self = initial.find((m) => m.name === selfName);
  if (!self) return { error: `couldn't find local name "${selfName}" in the initial cluster configuration` };
  void token;
  return {
    // Learned from the cluster's membership once a peer answers (see server.ts startJoining).
    memberId: '',
    clusterId: '',
    raft: emptyStorage({ voters: [], learners: [] }),
    mvcc: createStore(),
    consistentIndex: 0,
    members: {},
    removed: [],
    clusterVersion: null,
  };
}

/**
 * `etcdutl snapshot restore`: a new logical cluster from a backend snapshot. New member and
 * cluster IDs (from the new --initial-cluster and token), Raft term and index reset, but the MVCC
 * store — revision, history and compact revision — is kept (reference §9.8).
 */
export function restoreFromSnapshot(selfName: string, initial: InitialMember[], token: string, snap: BackendSnapshot, cloneMvcc: (s: MvccStore) => MvccStore): EtcdDurable | { error: string } {
  const fresh = bootstrapNewCluster(selfName, initial, token);
  if ('error' in fresh) return fresh;
  const members = initialMembers(initial, token);
  const n = members.length;
  // The restored member starts with the conf entries already applied and snapshotted at index n.
  const membersById: Record<string, MemberInfo> = {};
  for (const m of members) membersById[m.id] = { ...m, clientUrls: [] };
  fresh.raft.snapshot = { index: n, term: 1, conf: { voters: members.map((m) => m.id), learners: [] }, data: null };
  fresh.raft.entries = [];
  fresh.raft.offset = n;
  fresh.raft.offsetTerm = 1;
  fresh.raft.commit = n;
  fresh.mvcc = cloneMvcc(snap.mvcc);
  fresh.members = membersById;
  fresh.consistentIndex = n;
  fresh.clusterVersion = null;
  return fresh;
}

export function votersOf(members: Record<string, MemberInfo>): string[] {
  return Object.values(members).filter((m) => !m.isLearner).map((m) => m.id).sort();
}

export function learnersOf(members: Record<string, MemberInfo>): string[] {
  return Object.values(members).filter((m) => m.isLearner).map((m) => m.id).sort();
}
