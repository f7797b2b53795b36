/**
 * The ticker of a member that is a leader with no peers (every `single` preset's etcd) parks after
 * a tick that did nothing, and runs the ticks it skipped when anything next reaches it (etcd
 * server.ts resumeTicker). These tests hold it to what ticking every --heartbeat-interval (100 ms)
 * gives: the same Raft counters at every input, ticks in their original phase, and a member that
 * gains a peer ticking (and sending heartbeats) as before.
 */
import { describe, expect, it } from 'vitest';
import { createWorld } from '../src/simulation/presets.ts';
import { stepWorld, type World } from '../src/simulation/world.ts';
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
      const isTick = head?.timerKey === key && w.kernel.timerGens.get(key) === head.gen;
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
    expect(w.etcd['cp-1']!.tickParkedAtMs).not.toBeNull();
    expect(run('etcdctl endpoint status -w table').out).toContain('|      true |');
    expect(run('etcdctl put foo bar').out).toBe('OK\n');
    run('sleep 2');
    expect(run('etcdctl get foo --print-value-only').out).toBe('bar\n');
    // ha: cp-1's etcd is a lone leader until cp-2 and cp-3 join; then its heartbeats keep them.
    const ha = createWorld({ preset: 'ha', seed: 5, settleMs: 20_000 });
    runUntil(ha, ha.kernel.now + 5_000);
    const members = ['cp-1', 'cp-2', 'cp-3'].map((h) => ha.etcd[h]!);
    expect(members.map((x) => x.tickParkedAtMs)).toEqual([null, null, null]);
    expect(members.filter((x) => x.raft?.role === 'leader')).toHaveLength(1);
    expect(new Set(members.map((x) => x.raft?.lead))).toHaveProperty('size', 1);
  });
});
