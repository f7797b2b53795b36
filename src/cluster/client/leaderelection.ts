/**
 * Leader election through a Lease, as client-go tools/leaderelection does it for
 * kube-scheduler and kube-controller-manager (reference §4.4): every retryPeriod (2 s) each
 * candidate reads the Lease; the holder renews it; another candidate takes it only when it has
 * not seen the record change for leaseDuration (15 s, measured on its own clock). The holder
 * whose last observed record is still valid skips the read and updates the Lease it last saw
 * (tryAcquireOrRenew's "1. fast path for the leader to update optimistically assuming that the
 * record observed last time is the current version"); only if that update fails does it read
 * and decide as a candidate would ("falling back to slow path"). A leader that
 * cannot renew within renewDeadline (10 s) gives up leadership — the real components then exit
 * with "leaderelection lost" and the kubelet restarts them.
 */
import { emitKlog, type EffectSink } from '../effects.ts';
import type { ApiResponse, KubeObject } from '../apiserver/messages.ts';
import { request, type KubeClient } from './client.ts';

export const LEASE_DURATION_SECONDS = 15;
export const RENEW_DEADLINE_MS = 10_000;
/**
 * Each request of the election times out after half the renew deadline: resourcelock
 * NewFromKubeconfig gives the leader-election client `config.Timeout = renewDeadline / 2` (at
 * least 1 s), which kube-controller-manager and kube-scheduler both use.
 */
const LEASE_REQUEST_TIMEOUT_MS = Math.max(1000, RENEW_DEADLINE_MS / 2);
export const RETRY_PERIOD_MS = 2_000;

export interface LeaderElection {
  lockName: string;
  identity: string;
  isLeader: boolean;
  /** The last record seen, and when (our clock) it last changed. */
  observed: KubeObject | null;
  observedAtMs: number;
  /** When the leader last renewed successfully. */
  renewedAtMs: number;
  inFlight: boolean;
  /** Whether acquire's "attempting to acquire leader lease" line has been logged (once a process). */
  announced: boolean;
}

export function createLeaderElection(lockName: string, identity: string): LeaderElection {
  return { lockName, identity, isLeader: false, observed: null, observedAtMs: 0, renewedAtMs: 0, inFlight: false, announced: false };
}

/** MicroTime as the API marshals it: RFC 3339 with microseconds. */
export type MicroTime = (ms: number) => string;

type Outcome = { changed: 'acquired' | 'lost' | null };

/**
 * The election's lines in the component's log, as client-go v0.32's
 * tools/leaderelection/leaderelection.go writes them at the default verbosity: acquire() once
 * when it starts, then when it succeeds, and renew() when it gives up (its
 * PollUntilContextTimeout ran out of renewDeadline).
 */
function logElection(c: KubeClient, le: LeaderElection, sink: EffectSink, what: 'attempting' | 'acquired' | 'lost'): void {
  const desc = `kube-system/${le.lockName}`;
  if (what === 'attempting') emitKlog(sink, c.host, c.process, 'I', 'leaderelection.go:257', `attempting to acquire leader lease ${desc}...`);
  else if (what === 'acquired') emitKlog(sink, c.host, c.process, 'I', 'leaderelection.go:271', `successfully acquired lease ${desc}`);
  else emitKlog(sink, c.host, c.process, 'I', 'leaderelection.go:297', `failed to renew lease ${desc}: context deadline exceeded`);
}

/**
 * One tryAcquireOrRenew round. A leader whose observed record is still valid updates that record
 * at once (`le:renew`); everyone else reads the lease first (the answer arrives as `le:get`).
 */
export function tryAcquireOrRenew(c: KubeClient, le: LeaderElection, sink: EffectSink, microTime: MicroTime): Outcome {
  const out: Outcome = { changed: null };
  if (!le.announced) {
    le.announced = true;
    logElection(c, le, sink, 'attempting');
  }
  if (le.isLeader && sink.now - le.renewedAtMs > RENEW_DEADLINE_MS) {
    le.isLeader = false;
    out.changed = 'lost';
    logElection(c, le, sink, 'lost');
  }
  if (le.inFlight) return out;
  le.inFlight = true;
  if (le.isLeader && le.observed && isLeaseValid(le, sink.now)) {
    // leaderelection.go: the record keeps the observed acquireTime and leaderTransitions; LeaseLock.Update
    // sends the Lease it last got back (its resourceVersion), so a changed Lease fails with a conflict.
    const spec = (le.observed['spec'] ?? {}) as LeaseSpec;
    const next: KubeObject = { ...le.observed, spec: record(le, spec.acquireTime ?? microTime(sink.now), microTime(sink.now), spec.leaseTransitions ?? 0) };
    request(c, { verb: 'update', resource: 'leases', namespace: 'kube-system', body: next }, 'le:renew', sink, LEASE_REQUEST_TIMEOUT_MS);
    return out;
  }
  readLease(c, le, sink);
  return out;
}

function readLease(c: KubeClient, le: LeaderElection, sink: EffectSink): void {
  request(c, { verb: 'get', resource: 'leases', namespace: 'kube-system', name: le.lockName }, 'le:get', sink, LEASE_REQUEST_TIMEOUT_MS);
}

/** leaderelection.go isLeaseValid: observedTime + leaseDuration is still after now. */
function isLeaseValid(le: LeaderElection, nowMs: number): boolean {
  const spec = (le.observed?.['spec'] ?? {}) as LeaseSpec;
  return le.observedAtMs + (spec.leaseDurationSeconds ?? LEASE_DURATION_SECONDS) * 1000 > nowMs;
}

/** Handles the answers to the election's requests. */
export function onElectionResponse(c: KubeClient, le: LeaderElection, tag: string, resp: ApiResponse | null, sink: EffectSink, microTime: MicroTime): Outcome {
  const out: Outcome = { changed: null };
  if (!resp) {
    le.inFlight = false;
    return out;
  }
  if (tag === 'le:get') {
    if (!resp.ok) {
      if (resp.status.reason !== 'NotFound') {
        le.inFlight = false;
        return out;
      }
      const lease: KubeObject = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: le.lockName, namespace: 'kube-system' }, spec: record(le, microTime(sink.now), microTime(sink.now), 0) };
      request(c, { verb: 'create', resource: 'leases', namespace: 'kube-system', body: lease }, 'le:write', sink, LEASE_REQUEST_TIMEOUT_MS);
      return out;
    }
    const lease = resp.body as KubeObject;
    const spec = (lease['spec'] ?? {}) as LeaseSpec;
    const prev = (le.observed?.['spec'] ?? {}) as LeaseSpec;
    if (!le.observed || JSON.stringify(prev) !== JSON.stringify(spec)) {
      le.observed = lease;
      le.observedAtMs = sink.now;
    }
    const heldByOther = spec.holderIdentity && spec.holderIdentity !== le.identity;
    const expired = le.observedAtMs + (spec.leaseDurationSeconds ?? LEASE_DURATION_SECONDS) * 1000 <= sink.now;
    if (heldByOther && !expired) {
      le.inFlight = false;
      if (le.isLeader) {
        le.isLeader = false;
        out.changed = 'lost';
        logElection(c, le, sink, 'lost');
      }
      return out;
    }
    const transitions = (spec.leaseTransitions ?? 0) + (spec.holderIdentity === le.identity ? 0 : 1);
    const acquire = spec.holderIdentity === le.identity && spec.acquireTime ? spec.acquireTime : microTime(sink.now);
    const next: KubeObject = { ...lease, spec: record(le, acquire, microTime(sink.now), transitions) };
    request(c, { verb: 'update', resource: 'leases', namespace: 'kube-system', body: next }, 'le:write', sink, LEASE_REQUEST_TIMEOUT_MS);
    return out;
  }
  if (tag === 'le:renew' && resp.ok === false) {
    // "Failed to update lock optimistically ..., falling back to slow path": read, then decide.
    readLease(c, le, sink);
    return out;
  }
  if (tag === 'le:write' || tag === 'le:renew') {
    le.inFlight = false;
    if (!resp.ok) return out;
    le.observed = resp.body as KubeObject;
    le.observedAtMs = sink.now;
    le.renewedAtMs = sink.now;
    if (!le.isLeader) {
      le.isLeader = true;
      out.changed = 'acquired';
      logElection(c, le, sink, 'acquired');
    }
  }
  return out;
}

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

function record(le: LeaderElection, acquireTime: string, renewTime: string, leaseTransitions: number): LeaseSpec {
  return { holderIdentity: le.identity, leaseDurationSeconds: LEASE_DURATION_SECONDS, acquireTime, renewTime, leaseTransitions };
}
