/**
 * Seeded swarm runs (TigerBeetle VOPR style). Each seed builds a cluster and drives it through a
 * random schedule of crashes, reboots, partitions, packet loss, latency and client writes. After
 * EVERY event the invariant runner checks the Raft safety properties of the paper's Figure 3
 * (src/simulation/invariants.ts) and that every role change follows the role statechart:
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
import { range } from '../../src/cluster/etcd/mvcc/store.ts';
import { checkInvariants } from '../../src/kernel/index.ts';
import { createRaftInvariants } from '../../src/simulation/invariants.ts';

/**
 * Seeds that once failed, kept forever as regression tests: 1001 caught a leader-completeness
 * check that wrongly demanded entries from a stale leader of an older term; 1007 a run in which
 * leadership changed hands only once.
 */
const PINNED_SEEDS: number[] = [1001, 1007];
const RANDOM_SEEDS = Number(process.env['SWARM_SEEDS'] ?? 12);
const FIRST_SEED = Number(process.env['SWARM_FIRST_SEED'] ?? 1000);

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
  const checkers = createRaftInvariants();
  const check = () => checkInvariants(w, w.kernel.now, checkers.invariants).map((v) => `${v.invariant}: ${v.message}`)[0];
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
    const v = check();
    if (v) return { violation: `${v} at ${w.kernel.now} ms`, events, leaderTerms: checkers.leaderTerms() };
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
    const v = check();
    if (v) return { violation: `${v} at ${w.kernel.now} ms`, events, leaderTerms: checkers.leaderTerms() };
  }
  for (const port of Object.keys(w.calls)) closeCall(w, port);
  const leaders = etcdHosts.filter((h) => w.etcd[h]!.raft?.role === 'leader');
  if (leaders.length !== 1) return { violation: `liveness: ${leaders.length} leaders after healing`, events, leaderTerms: checkers.leaderTerms() };
  const states = etcdHosts.map((h) => {
    const d = durableOf(w, w.etcd[h]!)!;
    const all = range(d.mvcc, '\0', { rangeEnd: '\0' });
    return JSON.stringify({ rev: d.mvcc.revision, kvs: 'kvs' in all ? all.kvs : all });
  });
  if (new Set(states).size !== 1) return { violation: `liveness: state machines differ after healing:\n${states.join('\n')}`, events, leaderTerms: checkers.leaderTerms() };
  const snapshotsInstalled = w.kernel.trace.nextId > 0 ? countSnapshots(w) : 0;
  return { events, leaderTerms: checkers.leaderTerms(), snapshotsInstalled };
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
