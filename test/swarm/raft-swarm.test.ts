/**
 * Seeded swarm runs (TigerBeetle VOPR style). Each seed builds a cluster and drives it through a
 * random schedule of crashes, reboots, partitions, packet loss, latency and client writes. After
 * EVERY event the Raft safety properties of the paper's Figure 3 are checked:
 *
 *   Election Safety (§5.2)        at most one leader per term
 *   Log Matching (§5.3)           same index and term ⇒ identical entries up to that index
 *   Leader Completeness (§5.4)    a committed entry is in the log of every later leader
 *   State Machine Safety (§5.4.3) no two members apply different entries at one index
 *
 * Then a liveness phase heals everything and expects one leader and identical state machines.
 * A failing run prints its seed; failing seeds are pinned in PINNED_SEEDS as regressions.
 */
import { describe, expect, it } from 'vitest';
import { deriveStream, nextInt, pick, type PrngState } from '../../src/kernel/index.ts';
import { createWorld } from '../../src/simulation/presets.ts';
import { bootHost, crashHost, durableOf, startCall, stepWorld, closeCall, type World } from '../../src/simulation/world.ts';
import { setLink } from '../../src/cluster/network/network.ts';
import type { Entry } from '../../src/cluster/etcd/raft/types.ts';
import { range } from '../../src/cluster/etcd/mvcc/store.ts';
import { isLegalRoleChange } from '../../src/cluster/etcd/raft/role.machine.ts';
import type { RaftRole } from '../../src/cluster/etcd/raft/types.ts';

/**
 * Seeds that once failed, kept forever as regression tests: 1001 caught a leader-completeness
 * check that wrongly demanded entries from a stale leader of an older term; 1007 a run in which
 * leadership changed hands only once.
 */
const PINNED_SEEDS: number[] = [1001, 1007];
const RANDOM_SEEDS = Number(process.env['SWARM_SEEDS'] ?? 12);
const FIRST_SEED = Number(process.env['SWARM_FIRST_SEED'] ?? 1000);

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

type Fault = 'crash' | 'boot' | 'partition' | 'heal' | 'loss' | 'latency' | 'write';

function injectFault(w: World, prng: PrngState, etcdHosts: string[], writeNo: { n: number }): void {
  const kind = pick<Fault>(prng, ['crash', 'boot', 'boot', 'partition', 'heal', 'heal', 'loss', 'latency', 'write', 'write', 'write']);
  const host = pick(prng, etcdHosts);
  switch (kind) {
    case 'crash':
      // Keep at least one member up so there is always something to run.
      if (etcdHosts.filter((h) => w.hosts[h]!.up).length > 1) crashHost(w, host);
      break;
    case 'boot':
      bootHost(w, host);
      break;
    case 'partition': {
      const shuffled = [...etcdHosts];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = nextInt(prng, 0, i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      const groupA = shuffled.slice(0, nextInt(prng, 1, shuffled.length));
      w.network.partition = [groupA, etcdHosts.filter((h) => !groupA.includes(h))];
      break;
    }
    case 'heal':
      w.network.partition = [];
      for (const k of Object.keys(w.network.links)) delete w.network.links[k];
      break;
    case 'loss':
      setLink(w.network, host, pick(prng, etcdHosts.filter((h) => h !== host)), { lossPercent: nextInt(prng, 5, 60) });
      break;
    case 'latency':
      setLink(w.network, host, pick(prng, etcdHosts.filter((h) => h !== host)), { latencyMs: nextInt(prng, 1, 400) });
      break;
    case 'write':
      injectWrite(w, host, writeNo);
      break;
  }
}

/** A client put; the swarm does not wait for the answer (the call times out on its own). */
function injectWrite(w: World, host: string, writeNo: { n: number }): void {
  const n = writeNo.n++;
  if (w.hosts[host]!.up) startCall(w, host, [{ label: `${host}:2379`, host }], { rpc: 'Put', key: `k${n % 7}`, value: `v${n}` }, 5000);
}

export function runSwarm(seed: number, opts: { members: number; faultPhaseMs: number; livenessMs: number; snapshotCount?: number }): { violation?: string; events: number; leaderTerms: number; snapshotsInstalled?: number } {
  const w = createWorld({ preset: 'ha', seed, etcdMembers: opts.members, ...(opts.snapshotCount !== undefined ? { snapshotCount: opts.snapshotCount, snapshotCatchUpEntries: 5 } : {}) });
  const etcdHosts = Object.keys(w.etcd);
  const prng = deriveStream(seed, 'swarm/faults');
  const obs: Observed = { leaderOfTerm: new Map(), committed: new Map(), applied: new Map(), lastApplied: new Map(), roles: new Map(), lastTraceId: -1 };
  const writeNo = { n: 0 };
  let nextFaultAt = w.kernel.now + nextInt(prng, 200, 2500);
  const faultEnd = w.kernel.now + opts.faultPhaseMs;
  let events = 0;
  while (w.kernel.now < faultEnd) {
    if (w.kernel.now >= nextFaultAt) {
      injectFault(w, prng, etcdHosts, writeNo);
      // With compaction on, keep the logs growing past the snapshot threshold.
      if (opts.snapshotCount !== undefined) for (let i = 0; i < 4; i++) injectWrite(w, pick(prng, etcdHosts), writeNo);
      nextFaultAt = w.kernel.now + nextInt(prng, 200, 2500);
    }
    if (!stepWorld(w, Math.min(nextFaultAt, faultEnd))) continue;
    events++;
    const v = checkSafety(w, obs) ?? checkRoleChanges(w, obs);
    if (v) return { violation: `${v} at ${w.kernel.now} ms`, events, leaderTerms: obs.leaderOfTerm.size };
  }
  // Liveness: heal the network, boot every host, let it settle, then expect convergence.
  w.network.partition = [];
  for (const k of Object.keys(w.network.links)) delete w.network.links[k];
  for (const h of etcdHosts) bootHost(w, h);
  for (let i = 0; i < 5; i++) {
    const n = writeNo.n++;
    const h = etcdHosts[i % etcdHosts.length]!;
    startCall(w, h, [{ label: h, host: h }], { rpc: 'Put', key: `final${n}`, value: 'x' }, 10_000);
  }
  const end = w.kernel.now + opts.livenessMs;
  while (stepWorld(w, end)) {
    events++;
    const v = checkSafety(w, obs) ?? checkRoleChanges(w, obs);
    if (v) return { violation: `${v} at ${w.kernel.now} ms`, events, leaderTerms: obs.leaderOfTerm.size };
  }
  for (const port of Object.keys(w.calls)) closeCall(w, port);
  const leaders = etcdHosts.filter((h) => w.etcd[h]!.raft?.role === 'leader');
  if (leaders.length !== 1) return { violation: `liveness: ${leaders.length} leaders after healing`, events, leaderTerms: obs.leaderOfTerm.size };
  const states = etcdHosts.map((h) => {
    const d = durableOf(w, w.etcd[h]!)!;
    const all = range(d.mvcc, '\0', { rangeEnd: '\0' });
    return JSON.stringify({ rev: d.mvcc.revision, kvs: 'kvs' in all ? all.kvs : all });
  });
  if (new Set(states).size !== 1) return { violation: `liveness: state machines differ after healing:\n${states.join('\n')}`, events, leaderTerms: obs.leaderOfTerm.size };
  const snapshotsInstalled = w.kernel.trace.nextId > 0 ? countSnapshots(w) : 0;
  return { events, leaderTerms: obs.leaderOfTerm.size, snapshotsInstalled };
}

function countSnapshots(w: World): number {
  return Object.keys(w.etcd).reduce((n, h) => n + (durableOf(w, w.etcd[h]!)!.raft.offset > 0 ? 1 : 0), 0);
}

describe('Raft swarm: safety under crashes, partitions, loss and delay', () => {
  const seeds = [...new Set([...PINNED_SEEDS, ...Array.from({ length: RANDOM_SEEDS }, (_, i) => FIRST_SEED + i)])];
  for (const seed of seeds) {
    const members = seed % 2 === 0 ? 3 : 5;
    it(`seed ${seed} (${members} members)`, () => {
      const result = runSwarm(seed, { members, faultPhaseMs: 60_000, livenessMs: 20_000 });
      if (result.violation) console.error(`swarm failure: SEED=${seed} members=${members}: ${result.violation}\nreproduce: SWARM_FIRST_SEED=${seed} SWARM_SEEDS=1 npx vitest run test/swarm`);
      expect(result.violation, `SEED=${seed}`).toBeUndefined();
      expect(result.events).toBeGreaterThan(1000);
      // The faults bite: leadership changed hands several times during the run.
      expect(result.leaderTerms, `SEED=${seed}`).toBeGreaterThanOrEqual(2);
    });
  }

  // With --snapshot-count 30 the logs are compacted over and over, so members that were down or
  // cut off catch up from MsgSnap (Raft §7) while the same safety properties are checked.
  for (const seed of [2000, 2001, 2002, 2003]) {
    const members = seed % 2 === 0 ? 3 : 5;
    it(`seed ${seed} with log compaction (${members} members, --snapshot-count 30)`, () => {
      const result = runSwarm(seed, { members, faultPhaseMs: 60_000, livenessMs: 20_000, snapshotCount: 30 });
      if (result.violation) console.error(`swarm failure: SEED=${seed} members=${members} snapshotCount=30: ${result.violation}`);
      expect(result.violation, `SEED=${seed}`).toBeUndefined();
      // Every member's log was compacted at least once (offset > 0).
      expect(result.snapshotsInstalled).toBe(members);
    });
  }
});
