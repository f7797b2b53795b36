/**
 * Raft spec tests. Each cites the section of the Raft paper (Ongaro & Ousterhout 2014, extended
 * version) or the thesis it checks, and mirrors a test of etcd-io/raft raft_paper_test.go /
 * raft_test.go where one exists. The harness is etcd-io/raft's `network`: messages are delivered
 * by hand, so every interleaving is explicit.
 */
import { describe, expect, it } from 'vitest';
import { deriveStream } from '../../../kernel/index.ts';
import { emptyStorage, lastIndex } from './log.ts';
import { becomeFollower, entriesToApply, newRaft, step, tick } from './raft.ts';
import type { Entry, Message, Raft } from './types.ts';

function node(id: string, peers: string[], opts: { preVote?: boolean; checkQuorum?: boolean; seed?: number } = {}): Raft {
  const storage = emptyStorage({ voters: peers, learners: [] });
  return newRaft({ id, heartbeatTick: 1, electionTick: 10, preVote: opts.preVote ?? false, checkQuorum: opts.checkQuorum ?? false, maxEntriesPerMsg: 64 }, storage, deriveStream(opts.seed ?? 1, id), 0);
}

class Network {
  nodes: Record<string, Raft> = {};
  dropped = new Set<string>();
  constructor(ids: string[], opts: { preVote?: boolean; checkQuorum?: boolean } = {}) {
    for (const id of ids) this.nodes[id] = node(id, ids, opts);
  }
  /** Cut the link between two nodes both ways (raft_test.go network.cut). */
  cut(a: string, b: string) {
    this.dropped.add(`${a}>${b}`);
    this.dropped.add(`${b}>${a}`);
  }
  isolate(id: string) {
    for (const other of Object.keys(this.nodes)) if (other !== id) this.cut(id, other);
  }
  recover() {
    this.dropped.clear();
  }
  /** Deliver messages until none are left (raft_test.go network.send). */
  send(...msgs: Message[]) {
    const queue = [...msgs];
    while (queue.length) {
      const m = queue.shift()!;
      const r = this.nodes[m.to];
      if (!r || this.dropped.has(`${m.from}>${m.to}`)) continue;
      step(r, m);
      queue.push(...r.msgs);
      r.msgs = [];
    }
  }
  /** Ticks one node `ticks` times, delivering whatever it sends. */
  tick(id: string, ticks: number) {
    const r = this.nodes[id]!;
    for (let i = 0; i < ticks; i++) {
      tick(r);
      this.send(...r.msgs.splice(0));
    }
  }
  campaign(id: string) {
    this.send(local(id, 'MsgHup'));
  }
  propose(id: string, data: string) {
    this.send({ ...local(id, 'MsgProp'), entries: [{ term: 0, index: 0, type: 'normal', data }] });
  }
}

function local(id: string, type: Message['type']): Message {
  return { type, from: id, to: id, term: 0, logTerm: 0, index: 0, entries: [], commit: 0, reject: false, rejectHint: 0 };
}

function entries(r: Raft): Entry[] {
  return r.storage.entries;
}

describe('Raft §5.2 leader election', () => {
  it('a follower starts as follower at term 0 (§5.2, TestStartAsFollower)', () => {
    const r = node('1', ['1', '2', '3']);
    expect(r.role).toBe('follower');
    expect(r.term).toBe(0);
  });

  it('a candidate that wins a majority becomes leader in one round (§5.2, TestLeaderElectionInOneRoundRPC)', () => {
    const n = new Network(['1', '2', '3']);
    n.campaign('1');
    expect(n.nodes['1']!.role).toBe('leader');
    expect(n.nodes['1']!.term).toBe(1);
    expect(n.nodes['2']!.lead).toBe('1');
  });

  it('a candidate without a majority stays candidate (§5.2)', () => {
    const n = new Network(['1', '2', '3']);
    n.isolate('1');
    n.campaign('1');
    expect(n.nodes['1']!.role).toBe('candidate');
    expect(n.nodes['1']!.term).toBe(1);
  });

  it('each server votes for at most one candidate per term, first come first served (§5.2, TestFollowerVote)', () => {
    const r = node('1', ['1', '2', '3']);
    becomeFollower(r, 1, null);
    step(r, { ...local('2', 'MsgVote'), to: '1', term: 1, logTerm: 0, index: 0 });
    step(r, { ...local('3', 'MsgVote'), to: '1', term: 1, logTerm: 0, index: 0 });
    const resps = r.msgs.filter((m) => m.type === 'MsgVoteResp');
    expect(resps.map((m) => [m.to, m.reject])).toEqual([
      ['2', false],
      ['3', true],
    ]);
    expect(r.vote).toBe('2');
  });

  it('election timeouts are randomized in [electionTick, 2*electionTick) (§5.2, TestFollowerElectionTimeoutRandomized)', () => {
    const seen = new Set<number>();
    for (let seed = 1; seed <= 50; seed++) {
      const r = node('1', ['1', '2', '3'], { seed });
      let ticks = 0;
      while (r.role === 'follower') {
        tick(r);
        ticks++;
      }
      expect(ticks).toBeGreaterThanOrEqual(10);
      expect(ticks).toBeLessThan(20);
      seen.add(ticks);
    }
    expect(seen.size).toBeGreaterThan(3);
  });

  it('a server with a stale term rejects and a higher term makes a leader step down (§5.1, TestLeaderUpdateTermFromMessage)', () => {
    const n = new Network(['1', '2', '3']);
    n.campaign('1');
    const r = n.nodes['1']!;
    step(r, { ...local('2', 'MsgHeartbeat'), to: '1', term: 5 });
    expect(r.role).toBe('follower');
    expect(r.term).toBe(5);
    expect(r.lead).toBe('2');
  });

  it('votes go only to candidates whose log is at least as up-to-date (§5.4.1, TestVoter)', () => {
    const cases: { logTerm: number; index: number; reject: boolean }[] = [
      { logTerm: 1, index: 1, reject: false }, // same
      { logTerm: 1, index: 2, reject: false }, // longer
      { logTerm: 1, index: 0, reject: true }, // shorter, same term
      { logTerm: 2, index: 0, reject: false }, // higher last term wins regardless of length
      { logTerm: 0, index: 5, reject: true }, // lower last term loses regardless of length
    ];
    for (const [i, c] of cases.entries()) {
      const r = node('1', ['1', '2']);
      r.storage.entries = [{ term: 1, index: 1, type: 'normal', data: null }];
      step(r, { ...local('2', 'MsgVote'), to: '1', term: 3, logTerm: c.logTerm, index: c.index });
      const resp = r.msgs.find((m) => m.type === 'MsgVoteResp')!;
      expect(resp.reject, `case #${i}`).toBe(c.reject);
    }
  });
});

describe('Raft §5.3 log replication', () => {
  it('the leader replicates a proposal and commits it once a majority stores it (§5.3, TestLeaderCommitEntry)', () => {
    const n = new Network(['1', '2', '3']);
    n.campaign('1');
    n.propose('1', 'put a');
    for (const id of ['1', '2', '3']) {
      const r = n.nodes[id]!;
      expect(entries(r).map((e) => e.data)).toEqual([null, 'put a']);
    }
    expect(n.nodes['1']!.commit).toBe(2);
  });

  it('a follower rejects MsgApp whose previous entry it lacks (§5.3, TestFollowerCheckMsgApp)', () => {
    const r = node('1', ['1', '2']);
    step(r, { ...local('2', 'MsgApp'), to: '1', term: 1, index: 5, logTerm: 1, entries: [] });
    const resp = r.msgs.find((m) => m.type === 'MsgAppResp')!;
    expect(resp.reject).toBe(true);
    expect(resp.rejectHint).toBe(0);
  });

  it('conflicting entries are truncated and the leader brings the follower in line (§5.3 Figure 7, TestLeaderSyncFollowerLog)', () => {
    const n = new Network(['1', '2', '3']);
    // Follower 3 has an extra uncommitted entry from a term-1 leader that never replicated it.
    n.nodes['3']!.storage.entries = [
      { term: 1, index: 1, type: 'normal', data: 'stale-1' },
      { term: 1, index: 2, type: 'normal', data: 'stale-2' },
    ];
    n.nodes['3']!.term = 1;
    n.nodes['1']!.storage.entries = [{ term: 1, index: 1, type: 'normal', data: 'stale-1' }];
    n.nodes['1']!.term = 1;
    n.nodes['2']!.storage.entries = [{ term: 1, index: 1, type: 'normal', data: 'stale-1' }];
    n.nodes['2']!.term = 1;
    n.campaign('1'); // 3 votes no (longer log) but 1 and 2 form a majority
    n.propose('1', 'new');
    expect(entries(n.nodes['3']!).map((e) => `${e.term}:${String(e.data)}`)).toEqual(entries(n.nodes['1']!).map((e) => `${e.term}:${String(e.data)}`));
    expect(entries(n.nodes['3']!).some((e) => e.data === 'stale-2')).toBe(false);
  });
});

describe('Raft §5.4.2 committing entries from previous terms', () => {
  it('a leader never commits an earlier-term entry by counting replicas (Figure 8, TestLeaderOnlyCommitsLogFromCurrentTerm)', () => {
    const n = new Network(['1', '2', '3']);
    // Entry (index 1, term 1) exists on 1 only; 1 becomes leader at term 3 and replicates it.
    const r = n.nodes['1']!;
    r.storage.entries = [{ term: 1, index: 1, type: 'normal', data: 'old' }];
    r.term = 2;
    n.cut('1', '3');
    n.campaign('1');
    expect(r.role).toBe('leader');
    expect(r.term).toBe(3);
    // The new leader's empty entry (term 3) at index 2 commits index 1 indirectly.
    expect(r.commit).toBe(2);
    expect(entriesToApply(r).map((e) => e.data)).toEqual(['old', null]);
  });

  it('replicating an old-term entry to a majority does not commit it; the current-term entry does (§5.4.2, TestCannotCommitWithoutNewTermEntry)', () => {
    const r = node('1', ['1', '2', '3']);
    r.storage.entries = [{ term: 1, index: 1, type: 'normal', data: 'old' }];
    r.term = 2;
    step(r, local('1', 'MsgHup'));
    step(r, { ...local('2', 'MsgVoteResp'), to: '1', term: 3 });
    expect(r.role).toBe('leader');
    r.msgs = [];
    // Follower 2 now stores index 1 (term 1): a majority has it, but it is not of term 3.
    step(r, { ...local('2', 'MsgAppResp'), to: '1', term: 3, index: 1 });
    expect(r.commit).toBe(0);
    // Once the leader's own term-3 entry (index 2) is on a majority, both commit.
    step(r, { ...local('2', 'MsgAppResp'), to: '1', term: 3, index: 2 });
    expect(r.commit).toBe(2);
  });
});

describe('pre-vote (thesis §9.6) and check-quorum (thesis §6.2)', () => {
  it('an isolated member with pre-vote never raises its term (reference §13.4 RUN)', () => {
    const n = new Network(['1', '2', '3'], { preVote: true, checkQuorum: true });
    n.campaign('1');
    n.isolate('3');
    n.tick('3', 300);
    const r = n.nodes['3']!;
    expect(r.term).toBe(1);
    expect(r.role).toBe('pre-candidate');
  });

  it('without pre-vote an isolated member inflates its term (reference §13.2 RUN: term 3 → 43)', () => {
    const n = new Network(['1', '2', '3']);
    n.campaign('1');
    n.isolate('3');
    n.tick('3', 300);
    expect(n.nodes['3']!.term).toBeGreaterThan(10);
  });

  it('a leader that hears from no quorum for an election timeout steps down (TestLeaderStepdownWhenQuorumLost)', () => {
    const n = new Network(['1', '2', '3'], { preVote: true, checkQuorum: true });
    n.campaign('1');
    const r = n.nodes['1']!;
    n.isolate('1');
    n.tick('1', 21);
    expect(r.role).toBe('follower');
    expect(r.logLines.some((l) => l.text === '1 stepped down to follower since quorum is not active')).toBe(true);
    // raft.go (v3.5.16) logs it with Warningf, so etcd writes it as a "warn" line.
    expect(r.logLines.find((l) => l.text === '1 stepped down to follower since quorum is not active')?.level).toBe('warn');
  });

  it('a follower in lease ignores a vote request from a rejoining member (TestLeaderSupersedingWithCheckQuorum)', () => {
    const n = new Network(['1', '2', '3'], { preVote: false, checkQuorum: true });
    n.campaign('1');
    const f = n.nodes['2']!;
    step(f, { ...local('3', 'MsgVote'), to: '2', term: 9, logTerm: 1, index: lastIndex(f.storage) });
    expect(f.term).toBe(1);
    expect(f.msgs.filter((m) => m.type === 'MsgVoteResp')).toEqual([]);
  });
});

describe('ReadIndex (thesis §6.4)', () => {
  it('a linearizable read is answered only after a quorum confirms leadership', () => {
    const n = new Network(['1', '2', '3']);
    n.campaign('1');
    const r = n.nodes['1']!;
    n.isolate('1');
    n.send({ ...local('1', 'MsgReadIndex'), context: 'req-1' });
    expect(r.readStates).toEqual([]);
    n.recover();
    n.send({ ...local('1', 'MsgReadIndex'), context: 'req-2' });
    expect(r.readStates.map((s) => s.context)).toEqual(['req-1', 'req-2']);
  });
});
