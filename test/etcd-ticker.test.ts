/**
 * The ticker of a member that is a leader with no peers (every `single` preset's etcd) parks after
 * a tick that did nothing, and runs the ticks it skipped when anything next reaches it (etcd
 * server.ts resumeTicker). These tests hold it to what ticking every --heartbeat-interval (100 ms)
 * gives: the same Raft counters at every input, ticks in their original phase, and a member that
 * gains a peer ticking (and sending heartbeats) as before.
 */
import { describe, expect, it } from 'vitest';
import { createWorld } from '../src/simulation/presets.ts';
import { crashHost, stepWorld, type World } from '../src/simulation/world.ts';
import { tick } from '../src/cluster/etcd/raft/raft.ts';
import type { Raft } from '../src/cluster/etcd/raft/types.ts';
import { testShell } from '../src/shell/testing.ts';

/** Steps the world to `untilMs`, calling `onEvent` after each event. */
function runUntil(w: World, untilMs: number, onEvent: () => void = () => {}): void {
  while (stepWorld(w, untilMs)) onEvent();
}

describe('a lone leader\'s ticker', () => {
  it('parks while nothing reaches the member, and resumes with the Raft counters that ticking every 100 ms gives', () => {
    const w = createWorld({ preset: 'single', seed: 7, settleMs: 20_000 });
    const m = w.etcd['cp-1']!;
    // Watch the member from its next park on.
    runUntil(w, w.kernel.now + 10_000);
    let shadow: Raft | null = null;
    let shadowAt = 0;
    let checked = 0;
    let parks = 0;
    const interval = m.config.heartbeatIntervalMs;
    runUntil(w, w.kernel.now + 60_000, () => {
      const r = m.raft!;
      if (m.tickParkedAtMs !== null && shadow === null) {
        // A copy that ticks every 100 ms, as the timer would have made it, from the parked tick on.
        shadow = structuredClone(r);
        shadowAt = m.tickParkedAtMs;
        parks++;
      } else if (m.tickParkedAtMs === null && shadow !== null) {
        // Resumed: every tick due at or before now has run, none after.
        while (shadowAt + interval <= w.kernel.now) {
          tick(shadow);
          shadowAt += interval;
        }
        expect([r.electionElapsed, r.heartbeatElapsed, r.term, r.role]).toEqual([shadow.electionElapsed, shadow.heartbeatElapsed, shadow.term, shadow.role]);
        expect(shadow.msgs).toEqual([]);
        checked++;
        shadow = null;
      }
    });
    expect(parks).toBeGreaterThan(10);
    expect(checked).toBeGreaterThan(10);
  });

  it('keeps the ticks in their phase: every tick runs at a whole number of intervals from the first', () => {
    const w = createWorld({ preset: 'single', seed: 11, settleMs: 20_000 });
    const key = 'cp-1/etcd/tick';
    const tickTimes: number[] = [];
    runUntil(w, w.kernel.now + 5_000, () => {});
    // A tick event is the timer of `key` firing: record when the armed one fires.
    for (let i = 0; i < 2000 && w.kernel.now < 80_000; i++) {
      const head = w.kernel.queue.heap[0];
      const isTick = head?.timerKey === key;
      const at = head?.time;
      if (!stepWorld(w, 80_000)) break;
      if (isTick && at !== undefined) tickTimes.push(at);
    }
    expect(tickTimes.length).toBeGreaterThan(5);
    const phase = tickTimes[0]! % 100;
    expect(tickTimes.every((t) => t % 100 === phase)).toBe(true);
  });

  it('any request resumes it first; a member that gains peers (kubeadm join in the ha preset) ticks on for good', () => {
    const { w, run } = testShell({ preset: 'single', seed: 5 });
    run('sleep 10');
    // Between requests (a lease renewal every few seconds) the lone leader's ticker is parked.
    const idleBy = w.kernel.now + 2_000;
    while (w.etcd['cp-1']!.tickParkedAtMs === null && stepWorld(w, idleBy));
    expect(w.etcd['cp-1']!.tickParkedAtMs).not.toBeNull();
    expect(run('etcdctl endpoint status -w table').out).toContain('|      true |');
    expect(run('etcdctl put foo bar').out).toBe('OK\n');
    run('sleep 2');
    expect(run('etcdctl get foo --print-value-only').out).toBe('bar\n');
    // ha: cp-1's etcd is a lone leader until cp-2 and cp-3 join; then its heartbeats keep them.
    const ha = createWorld({ preset: 'ha', seed: 5, settleMs: 20_000 });
    runUntil(ha, ha.kernel.now + 5_000);
    const members = ['cp-1', 'cp-2', 'cp-3'].map((h) => ha.etcd[h]!);
    const leader = members.find((x) => x.raft?.role === 'leader')!;
    expect(members.filter((x) => x.raft?.role === 'leader')).toHaveLength(1);
    expect(leader.tickParkedAtMs).toBeNull();
    expect(new Set(members.map((x) => x.raft?.lead))).toHaveProperty('size', 1);
  });
});

describe('a follower\'s ticker', () => {
  /** When the member's next tick would run, and so the phase its ticks keep. */
  function lastTickAt(w: World, host: string): number {
    const m = w.etcd[host]!;
    if (m.tickParkedAtMs !== null) return m.tickParkedAtMs;
    const key = `${host}/etcd/tick`;
    const armed = w.kernel.queue.heap.filter((e) => e.timerKey === key);
    expect(armed).toHaveLength(1);
    expect(w.kernel.timers.get(key)).toBe(armed[0]);
    return armed[0]!.time - m.config.heartbeatIntervalMs;
  }

  it('parks between heartbeats; with the leader gone, the first follower campaigns at the very tick ticking every 100 ms gives', () => {
    // raft.go tickElection: electionElapsed++ each tick, MsgHup once it reaches the randomized
    // timeout; a heartbeat sets it back to 0. A shadow copy of each follower's Raft, ticked every
    // 100 ms in the member's own phase from the moment the leader dies, says when each would
    // campaign; the parked members must campaign exactly then.
    for (const seed of [3, 5, 8]) {
      const w = createWorld({ preset: 'ha', seed, settleMs: 20_000 });
      runUntil(w, w.kernel.now + 5_000);
      const hosts = ['cp-1', 'cp-2', 'cp-3'];
      const leaderHost = hosts.find((h) => w.etcd[h]!.raft?.role === 'leader')!;
      const followers = hosts.filter((h) => h !== leaderHost);
      // Healthy: the followers sit parked, with their wake-up armed, most of the time.
      let parkedSeen = 0;
      let events = 0;
      runUntil(w, w.kernel.now + 3_000, () => {
        events++;
        for (const h of followers) if (w.etcd[h]!.tickWakeAtMs !== null) parkedSeen++;
      });
      expect(parkedSeen / (events * followers.length), `seed ${seed}`).toBeGreaterThan(0.9);
      // The leader's host dies. Predict each follower's campaign.
      crashHost(w, leaderHost);
      // Heartbeats already on the wire still arrive (1-2 ms): predict from after them.
      runUntil(w, w.kernel.now + 10);
      const t0 = w.kernel.now;
      const predicted = followers.map((h) => {
        const m = w.etcd[h]!;
        const shadow: Raft = structuredClone(m.raft!);
        let at = lastTickAt(w, h);
        // Ticks the parked member has not run yet (due at or before now) first.
        if (m.tickParkedAtMs !== null) while (at + 100 <= t0) { at += 100; tick(shadow); }
        while (shadow.role === 'follower') { at += 100; tick(shadow); }
        return { h, at };
      });
      const first = predicted.reduce((a, b) => (b.at < a.at ? b : a));
      let campaigned: { h: string; at: number } | null = null;
      runUntil(w, t0 + 5_000, () => {
        if (campaigned) return;
        for (const h of followers) if (w.etcd[h]!.raft?.role !== 'follower') campaigned = { h, at: w.kernel.now };
      });
      expect(campaigned, `seed ${seed}`).toEqual(first);
    }
  });
});
