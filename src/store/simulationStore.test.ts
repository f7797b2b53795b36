import { describe, expect, it } from 'vitest';
import { createWorld } from '../simulation/presets.ts';
import { traceNow } from '../kernel/index.ts';
import { EVENT_LOG_SIZE, isEtcdRoleRecord, viewOf } from './simulationStore.ts';

describe('role log', () => {
  it('keeps the etcd role changes even when a busy control plane fills the event log', () => {
    const w = createWorld({ preset: 'ha', seed: 2 });
    expect(viewOf(w).roleLog.some((r) => r.kind === 'raft.become' && /became leader/.test(r.summary))).toBe(true);
    for (let i = 0; i < EVENT_LOG_SIZE * 2; i++) traceNow(w.kernel, { source: 'cp-1/kube-controller-manager', kind: 'kcm.sync', summary: `sync ${i}` });
    const v = viewOf(w);
    expect(v.eventLog.some((r) => r.kind === 'raft.become')).toBe(false);
    expect(v.roleLog.some((r) => r.kind === 'raft.become' && /became leader/.test(r.summary))).toBe(true);
    // The event log's default view reads its own ring of key events: the election is still there.
    expect(v.keyEventLog.some((r) => r.kind === 'raft.become' && /became leader/.test(r.summary))).toBe(true);
    expect(v.keyEventLog.some((r) => r.kind === 'kcm.sync')).toBe(false);
  });

  it('counts etcd role and lifecycle records, not per-message Raft records or other components', () => {
    const rec = (source: string, kind: string) => ({ id: 0, t: 0, source, kind, summary: '' });
    expect(isEtcdRoleRecord(rec('cp-1/etcd', 'raft.become'))).toBe(true);
    expect(isEtcdRoleRecord(rec('cp-1/etcd', 'etcd.start'))).toBe(true);
    expect(isEtcdRoleRecord(rec('cp-1/etcd', 'raft.send'))).toBe(false);
    expect(isEtcdRoleRecord(rec('cp-1/etcd', 'etcd.propose'))).toBe(false);
    expect(isEtcdRoleRecord(rec('cp-1/kube-scheduler', 'scheduler.leader'))).toBe(false);
  });
});
