/**
 * client-go tools/leaderelection tryAcquireOrRenew (staging/src/k8s.io/client-go/tools/leaderelection/
 * leaderelection.go): "1. fast path for the leader to update optimistically assuming that the
 * record observed last time is the current version" — a leader whose observed record is still
 * valid (observedTime + leaseDuration after now) updates without reading; if that update fails it
 * logs "Failed to update lock optimistically ... falling back to slow path" and reads the Lease
 * ("2. obtain or create the ElectionRecord"). Candidates always read first.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from './client.ts';
import { createLeaderElection, onElectionResponse, tryAcquireOrRenew, type LeaderElection } from './leaderelection.ts';
import { newSink, type EffectSink } from '../effects.ts';
import type { ApiRequest, ApiResponse, KubeObject } from '../apiserver/messages.ts';

const micro = (ms: number) => `2026-11-22T00:00:${String(ms / 1000).padStart(2, '0')}.000000Z`;

/** The API requests a round sent, as `verb resource` plus the body's spec when it has one. */
function sent(sink: EffectSink): { verb: string; body?: KubeObject }[] {
  const out: { verb: string; body?: KubeObject }[] = [];
  for (const e of sink.effects) {
    if (e.type !== 'net.send' || e.kind !== 'kube.request') continue;
    const req = (e.body as { req: ApiRequest }).req as ApiRequest & { body?: KubeObject };
    out.push({ verb: req.verb, ...(req.body ? { body: req.body } : {}) });
  }
  return out;
}

const lease = (holder: string, renewMs: number, rv: string): KubeObject => ({
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  metadata: { name: 'kube-scheduler', namespace: 'kube-system', resourceVersion: rv },
  spec: { holderIdentity: holder, leaseDurationSeconds: 15, acquireTime: micro(0), renewTime: micro(renewMs), leaseTransitions: 0 },
});

/** A scheduler that has just acquired the lease at t=0 (read it, wrote it). */
function leader(): { c: ReturnType<typeof createClient>; le: LeaderElection } {
  const c = createClient('kube-scheduler', 'cp-1', 'cp-1', 1);
  const le = createLeaderElection('kube-scheduler', 'cp-1_a');
  let sink = newSink(0);
  tryAcquireOrRenew(c, le, sink, micro);
  expect(sent(sink).map((r) => r.verb)).toEqual(['get']);
  sink = newSink(0);
  onElectionResponse(c, le, 'le:get', { ok: true, code: 200, body: lease('', 0, '10') } as ApiResponse, sink, micro);
  expect(sent(sink).map((r) => r.verb)).toEqual(['update']);
  const out = onElectionResponse(c, le, 'le:write', { ok: true, code: 200, body: lease('cp-1_a', 0, '11') } as ApiResponse, newSink(0), micro);
  expect(out.changed).toBe('acquired');
  return { c, le };
}

describe('leader election (client-go tryAcquireOrRenew)', () => {
  it('the leader renews with one update of the Lease it last saw, keeping acquireTime and transitions', () => {
    const { c, le } = leader();
    const sink = newSink(2000);
    tryAcquireOrRenew(c, le, sink, micro);
    const reqs = sent(sink);
    expect(reqs.map((r) => r.verb)).toEqual(['update']);
    expect(reqs[0]!.body!.metadata!.resourceVersion).toBe('11');
    expect(reqs[0]!.body!['spec']).toEqual({ holderIdentity: 'cp-1_a', leaseDurationSeconds: 15, acquireTime: micro(0), renewTime: micro(2000), leaseTransitions: 0 });
    onElectionResponse(c, le, 'le:renew', { ok: true, code: 200, body: lease('cp-1_a', 2000, '12') } as ApiResponse, newSink(2000), micro);
    expect(le.renewedAtMs).toBe(2000);
    expect(le.inFlight).toBe(false);
  });

  it('gives each request half the renew deadline, as NewFromKubeconfig sets the election client\'s timeout', () => {
    // resourcelock/interface.go NewFromKubeconfig: `timeout := renewDeadline / 2` (at least 1 s),
    // `config.Timeout = timeout`: with the default 10 s renew deadline, a lease request gives up after 5 s.
    const { c, le } = leader();
    const sink = newSink(2000);
    tryAcquireOrRenew(c, le, sink, micro);
    const timeouts = sink.effects.flatMap((e) => (e.type === 'timer.set' && (e.payload as { type: string }).type === 'client.call-timeout' ? [e.delayMs] : []));
    expect(timeouts).toEqual([5000]);
  });

  it('falls back to reading the Lease when the optimistic update fails (a conflict)', () => {
    const { c, le } = leader();
    tryAcquireOrRenew(c, le, newSink(2000), micro);
    const sink = newSink(2001);
    const conflict = { ok: false, status: { code: 409, reason: 'Conflict', message: 'the object has been modified' } } as unknown as ApiResponse;
    onElectionResponse(c, le, 'le:renew', conflict, sink, micro);
    expect(sent(sink).map((r) => r.verb)).toEqual(['get']);
    expect(le.inFlight).toBe(true);
  });

  it('a candidate reads first, and so does a leader whose observed record is older than leaseDuration', () => {
    const { c, le } = leader();
    le.observedAtMs = -15_000; // last seen a full leaseDuration ago: not valid
    const sink = newSink(0);
    tryAcquireOrRenew(c, le, sink, micro);
    expect(sent(sink).map((r) => r.verb)).toEqual(['get']);
  });
});
