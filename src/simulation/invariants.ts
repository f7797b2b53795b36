/**
 * Raft safety invariants (Raft paper Figure 3) over a whole world, for the invariant runner
 * (kernel/invariants.ts). They observe what every member believes after each event:
 *
 *   Election Safety (§5.2)        at most one leader per term
 *   Log Matching (§5.3)           same index and term ⇒ identical entries up to that index
 *   Leader Completeness (§5.4)    an entry committed in term T is in every leader's log after T
 *   State Machine Safety (§5.4.3) no two members apply different entries at one index
 *   Role statechart               every role change is a transition of raft/role.machine.ts
 *
 * Observation state lives in the returned checkers (test and debugging tooling, never part of
 * the world), so one set of checkers follows one run.
 */
import type { Invariant } from '../kernel/index.ts';
import type { Entry, RaftRole } from '../cluster/etcd/raft/types.ts';
import { isLegalRoleChange } from '../cluster/etcd/raft/role.machine.ts';
import { durableOf, type World } from './world.ts';

interface Observed {
  leaderOfTerm: Map<number, string>;
  /**
   * index → the entry committed there, and the lowest term of a member that saw it committed
   * (the term in which it was committed, or later).
   */
  committed: Map<number, { term: number; entry: Entry; commitTerm: number }>;
  /** index → the entry first applied there by any member. */
  applied: Map<number, { term: number; entry: Entry }>;
  lastApplied: Map<string, number>;
  /** Role statechart: the last role each running member took, from its 'became ...' log lines. */
  roles: Map<string, RaftRole>;
  lastTraceId: number;
}

/** Every role change must be a transition of the role statechart (raft/role.machine.ts). */
function checkRoleChanges(w: World, obs: Observed): string | undefined {
  for (const rec of w.kernel.trace.records) {
    if (rec.id <= obs.lastTraceId) continue;
    obs.lastTraceId = rec.id;
    if (rec.kind === 'etcd.stop' || rec.kind === 'etcd.start') {
      obs.roles.delete(rec.source);
      continue;
    }
    if (rec.kind !== 'raft.become') continue;
    const role = /became (follower|pre-candidate|candidate|leader)/.exec(rec.summary)?.[1] as RaftRole | undefined;
    if (!role) continue;
    const prev = obs.roles.get(rec.source);
    if (prev && !isLegalRoleChange(prev, role)) return `role statechart: ${rec.source} went ${prev} → ${role} (${rec.summary})`;
    obs.roles.set(rec.source, role);
  }
  return undefined;
}

function entryAt(w: World, host: string, index: number): Entry | undefined {
  const d = durableOf(w, w.etcd[host]!);
  if (!d) return undefined;
  const s = d.raft;
  if (index <= s.offset || index > s.offset + s.entries.length) return undefined;
  return s.entries[index - s.offset - 1];
}

function sameEntry(a: Entry, b: Entry): boolean {
  return a.term === b.term && a.index === b.index && JSON.stringify(a.data) === JSON.stringify(b.data);
}

function checkSafety(w: World, obs: Observed): string | undefined {
  const hosts = Object.keys(w.etcd);
  for (const h of hosts) {
    const r = w.etcd[h]!.raft;
    if (!r) continue;
    // Election Safety.
    if (r.role === 'leader') {
      const prev = obs.leaderOfTerm.get(r.term);
      if (prev !== undefined && prev !== r.id) return `election safety: term ${r.term} has leaders ${prev} and ${r.id}`;
      obs.leaderOfTerm.set(r.term, r.id);
      // Leader Completeness: an entry committed in term T is in the log of every leader of a
      // term > T. (A stale leader of an older term may legitimately lack it.)
      for (const [index, c] of obs.committed) {
        if (index <= r.storage.offset || c.commitTerm >= r.term) continue;
        const e = entryAt(w, h, index);
        if (!e || e.term !== c.term) return `leader completeness: leader ${r.id} (term ${r.term}) lacks committed entry ${index}/${c.term}`;
      }
    }
    // Record what this member regards as committed.
    for (let i = Math.max(r.storage.offset + 1, 1); i <= r.commit; i++) {
      const seen = obs.committed.get(i);
      if (seen) {
        if (r.term < seen.commitTerm) seen.commitTerm = r.term;
        continue;
      }
      const e = entryAt(w, h, i);
      if (e) obs.committed.set(i, { term: e.term, entry: e, commitTerm: r.term });
    }
    // State Machine Safety: compare newly applied entries with what others applied there.
    const from = (obs.lastApplied.get(h) ?? 0) + 1;
    for (let i = Math.max(from, r.storage.offset + 1); i <= r.applied; i++) {
      const e = entryAt(w, h, i);
      if (!e) continue;
      const seen = obs.applied.get(i);
      if (seen && !sameEntry(seen.entry, e)) return `state machine safety: index ${i} applied as ${seen.term} and ${e.term}`;
      if (!seen) obs.applied.set(i, { term: e.term, entry: e });
    }
    obs.lastApplied.set(h, r.applied);
  }
  // Log Matching: for each pair, entries with the same index and term have identical prefixes.
  for (let a = 0; a < hosts.length; a++) {
    for (let b = a + 1; b < hosts.length; b++) {
      const da = durableOf(w, w.etcd[hosts[a]!]!);
      const db = durableOf(w, w.etcd[hosts[b]!]!);
      if (!da || !db) continue;
      const lo = Math.max(da.raft.offset, db.raft.offset) + 1;
      const hi = Math.min(da.raft.offset + da.raft.entries.length, db.raft.offset + db.raft.entries.length);
      let matchedFrom = -1;
      for (let i = hi; i >= lo; i--) {
        const ea = da.raft.entries[i - da.raft.offset - 1]!;
        const eb = db.raft.entries[i - db.raft.offset - 1]!;
        if (matchedFrom === -1 && ea.term === eb.term) matchedFrom = i;
        if (matchedFrom !== -1 && !sameEntry(ea, eb)) return `log matching: ${hosts[a]} and ${hosts[b]} agree at ${matchedFrom} but differ at ${i}`;
      }
    }
  }
  return undefined;
}


export interface RaftCheckers {
  invariants: Invariant<World>[];
  /** How many terms have had a leader so far (a measure of how hard the faults bit). */
  leaderTerms(): number;
}

export function createRaftInvariants(): RaftCheckers {
  const obs: Observed = { leaderOfTerm: new Map(), committed: new Map(), applied: new Map(), lastApplied: new Map(), roles: new Map(), lastTraceId: -1 };
  return {
    invariants: [
      { name: 'raft safety', check: (w) => checkSafety(w, obs) },
      { name: 'raft role statechart', check: (w) => checkRoleChanges(w, obs) },
    ],
    leaderTerms: () => obs.leaderOfTerm.size,
  };
}
