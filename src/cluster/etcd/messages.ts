/**
 * The etcd v3 client API as messages on the simulated network (what gRPC carries in real etcd).
 * etcdctl in the shell builds these; the member answers with an EtcdResponse.
 */
import type { KeyValue, StoredValue } from './mvcc/store.ts';

export { valueText, type ObjectValue, type StoredValue } from './mvcc/store.ts';

/** clientv3.GetPrefixRangeEnd, for clients that read or watch a key prefix. */
export { prefixRangeEnd } from './mvcc/store.ts';

/** A key's value with its revisions, exactly as the MVCC store keeps it. */
export type KeyValueView = KeyValue;

export interface CompareView {
  key: string;
  target: 'VERSION' | 'CREATE' | 'MOD' | 'VALUE' | 'LEASE';
  result: 'EQUAL' | 'GREATER' | 'LESS' | 'NOT_EQUAL';
  value: string | number;
}

export type TxnOpView = { type: 'put'; key: string; value: StoredValue } | { type: 'delete'; key: string; rangeEnd?: string } | { type: 'range'; key: string; rangeEnd?: string };

export type EtcdRequest =
  | { rpc: 'Range'; key: string; rangeEnd?: string; revision?: number; serializable: boolean; limit?: number; countOnly?: boolean; keysOnly?: boolean }
  | { rpc: 'Put'; key: string; value: StoredValue; prevKv?: boolean }
  | { rpc: 'DeleteRange'; key: string; rangeEnd?: string; prevKv?: boolean }
  | { rpc: 'Txn'; compare: CompareView[]; success: TxnOpView[]; failure: TxnOpView[] }
  | { rpc: 'Compact'; revision: number }
  | { rpc: 'Status' }
  | { rpc: 'MemberList' }
  | { rpc: 'MemberAdd'; peerUrls: string[]; isLearner: boolean }
  | { rpc: 'MemberRemove'; id: string }
  | { rpc: 'MemberPromote'; id: string }
  | { rpc: 'Snapshot' }
  | { rpc: 'Watch'; key: string; rangeEnd?: string; startRevision?: number; prevKv?: boolean }
  | { rpc: 'Health' };

export interface ResponseHeader {
  cluster_id: string;
  member_id: string;
  revision: number;
  raft_term: number;
}

export interface MemberView {
  id: string;
  name: string;
  peerUrls: string[];
  clientUrls: string[];
  isLearner: boolean;
}

export interface StatusView {
  version: string;
  dbSize: number;
  leader: string;
  raftIndex: number;
  raftTerm: number;
  raftAppliedIndex: number;
  isLearner: boolean;
  errors: string[];
}

export interface WatchEventView {
  type: 'PUT' | 'DELETE';
  kv: KeyValueView;
  prevKv?: KeyValueView;
}

/** gRPC status codes etcd returns, as etcdctl prints them in `rpc error: code = ...`. */
export type GrpcCode = 'Unknown' | 'InvalidArgument' | 'DeadlineExceeded' | 'NotFound' | 'FailedPrecondition' | 'OutOfRange' | 'Unavailable';

export type EtcdResponse =
  | { ok: true; header: ResponseHeader; body: EtcdResponseBody }
  | { ok: false; code: GrpcCode; message: string };

export type EtcdResponseBody =
  | { rpc: 'Range'; kvs: KeyValueView[]; count: number; more: boolean }
  | { rpc: 'Put'; prevKv?: KeyValueView }
  | { rpc: 'DeleteRange'; deleted: number; prevKvs: KeyValueView[] }
  | { rpc: 'Txn'; succeeded: boolean; responses: unknown[] }
  | { rpc: 'Compact' }
  | { rpc: 'Status'; status: StatusView }
  | { rpc: 'MemberList'; members: MemberView[] }
  | { rpc: 'MemberAdd'; member: MemberView; members: MemberView[] }
  | { rpc: 'MemberRemove'; members: MemberView[] }
  | { rpc: 'MemberPromote'; members: MemberView[] }
  | { rpc: 'Snapshot'; db: unknown; sizeBytes: number }
  | { rpc: 'Watch'; events: WatchEventView[]; created?: boolean; canceled?: boolean; cancelReason?: string; compactRevision?: number }
  | { rpc: 'Health' };

/** Error texts exactly as etcd's rpctypes print them. */
export const ETCD_ERRORS = {
  noLeader: 'etcdserver: no leader',
  requestTimedOut: 'etcdserver: request timed out',
  timeoutConnectionLost: 'etcdserver: request timed out, possibly due to connection lost',
  learnerNotSupported: 'etcdserver: rpc not supported for learner',
  memberNotFound: 'etcdserver: member not found',
  peerUrlExists: 'etcdserver: Peer URLs already exists',
  tooManyLearners: 'etcdserver: too many learner members in cluster',
  notEnoughStartedMembers: 'etcdserver: re-configuration failed due to not enough started members',
  learnerNotReady: 'etcdserver: can only promote a learner member which is in sync with leader',
  memberNotLearner: 'etcdserver: can only promote a learner member',
  compacted: 'etcdserver: mvcc: required revision has been compacted',
  futureRev: 'etcdserver: mvcc: required revision is a future revision',
  contextDeadline: 'context deadline exceeded',
  stopped: 'etcdserver: server stopped',
  removed: 'etcdserver: the member has been permanently removed from the cluster',
  duplicateKey: 'etcdserver: duplicate key given in txn request',
} as const;

export const ETCD_VERSION = '3.5.16';
