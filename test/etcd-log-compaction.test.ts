/**
 * Log compaction and InstallSnapshot (Raft §7): with a small --snapshot-count, a member that was
 * down while the leader compacted its log cannot catch up from entries any more; the leader sends
 * its snapshot (MsgSnap), the member restores its store from it and continues from the log.
 */
import { describe, expect, it } from 'vitest';
import { createWorld } from '../src/simulation/presets.ts';
import { durableOf } from '../src/simulation/world.ts';
import { createSession, jobText, runToCompletion } from '../src/shell/session.ts';

describe('log compaction and snapshots', () => {
  it('a member that missed compacted entries catches up from a snapshot', () => {
    const w = createWorld({ preset: 'ha', seed: 9, snapshotCount: 20, snapshotCatchUpEntries: 5 });
    const s = createSession(w, 'cp-1');
    runToCompletion(s, 'sim crash cp-2');
    for (let i = 0; i < 60; i++) expect(runToCompletion(s, `etcdctl put key-${i} value-${i}`).exitCode).toBe(0);
    const leaderLog = ['cp-1', 'cp-3'].map((h) => durableOf(w, w.etcd[h]!)!.raft.offset);
    expect(Math.min(...leaderLog)).toBeGreaterThan(10); // both live members compacted their logs
    runToCompletion(s, 'sim boot cp-2');
    runToCompletion(s, 'sleep 3');
    const restored = w.kernel.trace.records.filter((r) => r.source === 'cp-2/etcd' && r.kind === 'raft.snapshot' && r.summary.includes('restored snapshot'));
    // At least one: with only 5 entries kept behind each snapshot and the control plane writing
    // meanwhile (leases, status), the leader may have compacted past the first snapshot before
    // cp-2 finished applying it, and then sends a newer one (raft: a follower whose next index
    // the leader no longer has always gets a snapshot).
    expect(restored.length).toBeGreaterThanOrEqual(1);
    const sent = w.kernel.trace.records.filter((r) => r.kind === 'raft.snapshot' && r.summary.includes('sent snapshot'));
    expect(sent.length).toBeGreaterThanOrEqual(1);
    const read = runToCompletion(s, 'etcdctl --endpoints=cp-2:2379 get key-0 --consistency=s --print-value-only');
    expect(jobText(read)).toBe('value-0\n');
    const last = runToCompletion(s, 'etcdctl --endpoints=cp-2:2379 get key-59 --consistency=s --print-value-only');
    expect(jobText(last)).toBe('value-59\n');
  });
});
