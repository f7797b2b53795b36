/**
 * Read-only facts about the world for the UI, `sim status` and scenario checks. These are the
 * simulator's god's-eye view (what each process believes), never an input to any component.
 */
import { lastIndex, termAt } from '../cluster/etcd/raft/log.ts';
import { quorum } from '../cluster/etcd/raft/raft.ts';
import { partitionAllows } from '../cluster/network/network.ts';
import type { World } from './world.ts';
import { durableOf } from './world.ts';

export interface EtcdMemberFacts {
  host: string;
  name: string;
  id: string;
  running: boolean;
  role: 'leader' | 'follower' | 'candidate' | 'pre-candidate' | 'learner' | 'stopped';
  term: number;
  lead: string | null;
  commit: number;
  applied: number;
  lastIndex: number;
  isLearner: boolean;
  /** The leader this member follows is up and can commit through a quorum of running voters. */
  hasQuorum: boolean;
  revision: number;
  /** The newest entries: index, term and a short description. */
  logTail: { index: number; term: number; text: string; committed: boolean }[];
}

export function etcdFacts(w: World): EtcdMemberFacts[] {
  const out: EtcdMemberFacts[] = [];
  for (const host of w.hostOrder) {
    const m = w.etcd[host];
    if (!m) continue;
    const d = durableOf(w, m);
    const r = m.raft;
    const isLearner = !!(d && r && r.learners.includes(r.id));
    const storage = d?.raft;
    const li = storage ? lastIndex(storage) : 0;
    const tail: EtcdMemberFacts['logTail'] = [];
    if (storage) {
      for (let i = Math.max(storage.offset + 1, li - 5); i <= li; i++) {
        const e = storage.entries[i - storage.offset - 1]!;
        tail.push({ index: i, term: termAt(storage, i) ?? 0, text: describeEntry(e.data, e.type), committed: i <= (r?.commit ?? storage.commit) });
      }
    }
    out.push({
      host,
      name: m.config.name,
      id: d?.memberId ?? '',
      running: m.status === 'running' && r !== null,
      role: !r ? 'stopped' : isLearner ? 'learner' : r.role,
      term: r?.term ?? storage?.term ?? 0,
      lead: r?.lead ?? null,
      commit: r?.commit ?? storage?.commit ?? 0,
      applied: r?.applied ?? d?.consistentIndex ?? 0,
      lastIndex: li,
      isLearner,
      hasQuorum: false,
      revision: d?.mvcc.revision ?? 0,
      logTail: tail,
    });
  }
  // A member "has quorum" when its leader is running, believes itself leader at the same term,
  // and a quorum of that leader's voters are running and reachable from it.
  for (const f of out) {
    const leader = out.find((x) => x.running && x.role === 'leader' && x.id === f.lead && x.term === f.term);
    if (!f.running || !leader) continue;
    const m = w.etcd[leader.host]!;
    const voters = m.raft!.voters;
    const up = voters.filter((id) => {
      const peer = out.find((x) => x.id === id);
      return peer && peer.running && w.hosts[peer.host]!.up && partitionAllows(w.network, leader.host, peer.host);
    }).length;
    f.hasQuorum = up >= quorum(voters.length);
  }
  return out;
}

export function describeEntry(data: unknown, type: string): string {
  if (data === null || data === undefined) return 'empty (new leader)';
  const d = data as Record<string, unknown>;
  if (type === 'conf') {
    const change = d.change as string;
    const id = (d.member as { id?: string } | undefined)?.id ?? (d.memberId as string);
    return `conf ${change} ${id}`;
  }
  if (d.kind === 'publish') return `publish ${d.name as string}`;
  if (d.kind === 'cluster-version') return `cluster version ${d.version as string}`;
  if (d.kind === 'request') {
    const req = d.req as { rpc: string; key?: string; revision?: number };
    if (req.rpc === 'Put') return `put ${req.key}`;
    if (req.rpc === 'DeleteRange') return `del ${req.key}`;
    if (req.rpc === 'Compact') return `compact ${req.revision}`;
    return req.rpc.toLowerCase();
  }
  return String(d.kind ?? type);
}
