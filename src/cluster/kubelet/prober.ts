/**
 * Probe workers (pkg/kubelet/prober/worker.go, prober.go): one per probe per container. A worker
 * probes every `periodSeconds` once `initialDelaySeconds` have passed since the container started,
 * counts consecutive successes and failures, and changes its result only when a threshold is
 * crossed. The kubelet acts on result changes: readiness sets the container's `ready`, startup
 * success lets liveness and readiness begin, liveness or startup failure kills the container.
 *
 * Counting is data-heavy and runs on every period, so it is plain functions; the container's
 * lifecycle moves only when a result changes.
 */
import { memoized, rfc3339Seconds as rfc3339 } from '../../kernel/index.ts';
import type { EffectSink } from '../effects.ts';
import type { KubeObject } from '../apiserver/messages.ts';
import { recordEvent } from '../client/events.ts';
import type { CriApi, ExecResult } from '../runtime/messages.ts';
import type { Kubelet } from './kubelet.ts';
import type { ContainerEntry, ContainerSpec, PodEntry, ProbeSpec, ProbeType, ProbeWorker } from './types.ts';
import { initialProbePhase, nextProbePhase, type ProbeEvent } from './probe.machine.ts';

/** Probe defaults (k/api core/v1/types.go Probe): period 10 s, timeout 1 s, success 1, failure 3. */
export const PROBE_DEFAULTS = { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 } as const;
const HISTORY_KEPT = 30;

export type ProbeOutcome = (k: Kubelet, e: PodEntry, c: ContainerEntry, probe: ProbeType, result: 'success' | 'failure', cri: CriApi, sink: EffectSink) => void;

const PROBE_FIELD = { startup: 'startupProbe', liveness: 'livenessProbe', readiness: 'readinessProbe' } as const;

function findContainer(list: ContainerSpec[] | undefined, name: string): ContainerSpec | undefined {
  if (list === undefined) return undefined;
  for (let i = 0; i < list.length; i++) if (list[i]!.name === name) return list[i];
  return undefined;
}

function specOfProbe(pod: KubeObject, container: string, type: ProbeType): { probe: ProbeSpec; container: ContainerSpec } | null {
  const s = (pod['spec'] ?? {}) as { containers?: ContainerSpec[]; initContainers?: ContainerSpec[] };
  const c = findContainer(s.containers, container) ?? findContainer(s.initContainers, container);
  const probe = c?.[PROBE_FIELD[type]];
  return c && probe ? { probe, container: c } : null;
}

type ProbeSettings = Required<Pick<ProbeSpec, 'initialDelaySeconds' | 'periodSeconds' | 'timeoutSeconds' | 'successThreshold' | 'failureThreshold'>>;

export function withDefaults(p: ProbeSpec): ProbeSettings {
  return {
    initialDelaySeconds: p.initialDelaySeconds ?? PROBE_DEFAULTS.initialDelaySeconds,
    periodSeconds: p.periodSeconds ?? PROBE_DEFAULTS.periodSeconds,
    timeoutSeconds: p.timeoutSeconds ?? PROBE_DEFAULTS.timeoutSeconds,
    successThreshold: p.successThreshold ?? PROBE_DEFAULTS.successThreshold,
    failureThreshold: p.failureThreshold ?? PROBE_DEFAULTS.failureThreshold,
  };
}

const timerName = (e: PodEntry, c: ContainerEntry, type: ProbeType) => `c/${e.uid}/${c.name}/probe-${type}`;

/** `<host>/kubelet`, one string per host: the target of every timer the kubelet sets, probes' included. */
export const kubeletName = memoized((host) => `${host}/kubelet`);

/**
 * The key of a worker's timer, built once per worker: it is re-armed every period, and the kernel
 * keys timers in a Map, where a string built anew must be hashed anew. A memo of a pure function.
 */
const workerTimerKeys = new WeakMap<ProbeWorker, string>();
function workerTimerKey(k: Kubelet, e: PodEntry, c: ContainerEntry, w: ProbeWorker): string {
  let key = workerTimerKeys.get(w);
  if (key === undefined) {
    key = `${kubeletName(k.host)}/${timerName(e, c, w.type)}`;
    workerTimerKeys.set(w, key);
  }
  return key;
}

function arm(k: Kubelet, e: PodEntry, c: ContainerEntry, w: ProbeWorker, delayMs: number, sink: EffectSink): void {
  w.gen++;
  const target = kubeletName(k.host);
  sink.effects.push({ type: 'timer.set', key: workerTimerKey(k, e, c, w), delayMs: Math.max(0, delayMs), target, payload: { type: 'kubelet.probe', uid: e.uid, container: c.name, probe: w.type, gen: w.gen } });
}

/**
 * Starts the workers the container's state allows: the startup probe alone until it succeeds,
 * then liveness and readiness. A worker's first probe comes `initialDelaySeconds` after the
 * container started.
 */
export function armProbes(k: Kubelet, e: PodEntry, c: ContainerEntry, sink: EffectSink, adopted: boolean): void {
  const types: ProbeType[] = c.machine.value === 'Starting' ? ['startup'] : ['liveness', 'readiness'];
  for (const type of types) {
    const found = specOfProbe(e.pod, c.name, type);
    if (!found || (c.probes[type] && c.probes[type]!.phase !== 'onHold' && c.probes[type]!.phase !== 'done')) continue;
    const d = withDefaults(found.probe);
    const prev = c.probes[type];
    const phase = prev ? (nextProbePhase(prev.phase, { type: 'CONTAINER_STARTED' }) ?? initialProbePhase()) : initialProbePhase();
    const w: ProbeWorker = { type, phase, result: 'unknown', consecutiveSuccesses: 0, consecutiveFailures: 0, gen: c.probes[type]?.gen ?? 0, pendingExecId: null, lastProbeAtMs: 0, history: c.probes[type]?.history ?? [] };
    c.probes[type] = w;
    const sinceStart = sink.now - c.startedAtMs;
    arm(k, e, c, w, adopted ? 0 : d.initialDelaySeconds * 1000 - sinceStart, sink);
  }
}

/** Moves a worker through probe.machine.ts; a transition the machine does not have leaves it where it is. */
function move(w: ProbeWorker, event: ProbeEvent): void {
  w.phase = nextProbePhase(w.phase, event) ?? w.phase;
}

export function stopProbes(k: Kubelet, e: PodEntry, c: ContainerEntry, sink: EffectSink): void {
  for (const w of Object.values(c.probes)) {
    if (!w) continue;
    w.gen++;
    move(w, { type: 'CONTAINER_KILLED' });
    if (w.pendingExecId) delete k.execs[w.pendingExecId];
    w.pendingExecId = null;
    sink.effects.push({ type: 'timer.cancel', key: workerTimerKey(k, e, c, w) });
  }
}

/** A probe's or hook's port: a number, or the name of one of the container's ports. */
export function resolvePort(spec: ContainerSpec | undefined, port: number | string): number {
  if (typeof port === 'number') return port;
  const named = spec?.ports?.find((p) => p.name === port);
  return named ? named.containerPort : Number(port);
}

/** One probe. Returns the result now, or null when an exec probe answers later. */
function runProbe(k: Kubelet, e: PodEntry, c: ContainerEntry, w: ProbeWorker, probe: ProbeSpec, spec: ContainerSpec, cri: CriApi, d: ProbeSettings): { ok: boolean; detail: string } | null {
  if (probe.exec?.command) {
    const r = cri.exec(c.containerId!, probe.exec.command, d.timeoutSeconds * 1000);
    if ('pending' in r) {
      w.pendingExecId = r.pending;
      k.execs[r.pending] = { podUid: e.uid, container: c.name, purpose: w.type };
      return null;
    }
    return execVerdict(probe, r.done);
  }
  if (probe.httpGet) {
    const port = resolvePort(spec, probe.httpGet.port);
    const path = probe.httpGet.path ?? '/';
    const headers: Record<string, string> = { 'User-Agent': 'kube-probe/1.32', Accept: '*/*' };
    for (const h of probe.httpGet.httpHeaders ?? []) headers[h.name] = h.value;
    const r = cri.httpGet(e.sandboxId!, port, path, headers);
    if ('error' in r) {
      const url = `${(probe.httpGet.scheme ?? 'HTTP').toLowerCase()}://${e.ip}:${port}${path}`;
      return { ok: false, detail: `Get "${url}": dial tcp ${e.ip}:${port}: ${r.error}` };
    }
    // prober/http: 200 ≤ code < 400 is success.
    if (r.status === 200) return HTTP_200;
    if (r.status >= 200 && r.status < 400) return { ok: true, detail: `HTTP probe succeeded with statuscode: ${r.status}` };
    return { ok: false, detail: `HTTP probe failed with statuscode: ${r.status}` };
  }
  if (probe.tcpSocket) {
    const port = resolvePort(spec, probe.tcpSocket.port);
    return cri.tcpConnect(e.sandboxId!, port) ? { ok: true, detail: '' } : { ok: false, detail: `dial tcp ${e.ip}:${port}: connect: connection refused` };
  }
  if (probe.grpc) {
    const r = cri.grpcCheck(e.sandboxId!, probe.grpc.port);
    if (r === 'SERVING') return { ok: true, detail: '' };
    if (r === null) return { ok: false, detail: `timeout: failed to connect service "${e.ip}:${probe.grpc.port}" within ${d.timeoutSeconds}s: context deadline exceeded` };
    return { ok: false, detail: `service unhealthy (responded with "${r}")` };
  }
  return { ok: true, detail: '' };
}

/** The verdict of nearly every HTTP probe, shared (record copies its fields, nothing changes it). */
const HTTP_200: { ok: boolean; detail: string } = Object.freeze({ ok: true, detail: 'HTTP probe succeeded with statuscode: 200' });

function execVerdict(probe: ProbeSpec, r: ExecResult): { ok: boolean; detail: string } {
  if ('error' in r) return { ok: false, detail: r.error };
  if (r.timedOut) return { ok: false, detail: `command "${(probe.exec?.command ?? []).join(' ')}" timed out` };
  const output = [r.stdout, r.stderr].filter(Boolean).join('\n');
  return r.exitCode === 0 ? { ok: true, detail: output } : { ok: false, detail: output ? `${output}\n` : `command "${(probe.exec?.command ?? []).join(' ')}" exited with ${r.exitCode}` };
}

export function onProbeTick(k: Kubelet, e: PodEntry, c: ContainerEntry, type: ProbeType, gen: number, cri: CriApi, sink: EffectSink, outcome: ProbeOutcome): void {
  const w = c.probes[type];
  if (!w || w.gen !== gen || w.phase === 'onHold' || w.phase === 'done') return;
  const found = specOfProbe(e.pod, c.name, type);
  if (!found || !c.containerId) return;
  const d = withDefaults(found.probe);
  if (w.phase === 'initialDelay') move(w, { type: 'FIRST_PROBE' });
  arm(k, e, c, w, d.periodSeconds * 1000, sink);
  if (w.pendingExecId) return;
  const r = runProbe(k, e, c, w, found.probe, found.container, cri, d);
  if (r) record(k, e, c, w, r, found.probe, cri, sink, outcome, d);
}

/** An exec probe answered. A worker re-armed meanwhile (container restarted) dropped its pending exec, so a late answer never lands here. */
export function onProbeExecResult(k: Kubelet, e: PodEntry, c: ContainerEntry, type: ProbeType, result: ExecResult, cri: CriApi, sink: EffectSink, outcome: ProbeOutcome): void {
  const w = c.probes[type];
  if (!w || w.phase === 'onHold' || w.phase === 'done') return;
  w.pendingExecId = null;
  const found = specOfProbe(e.pod, c.name, type);
  if (!found) return;
  record(k, e, c, w, execVerdict(found.probe, result), found.probe, cri, sink, outcome);
}

/** The worker's counters (worker.go doProbe): a result changes only at its threshold. */
export function countResult(w: Pick<ProbeWorker, 'result' | 'consecutiveSuccesses' | 'consecutiveFailures'>, ok: boolean, successThreshold: number, failureThreshold: number): 'success' | 'failure' | null {
  if (ok) {
    w.consecutiveSuccesses++;
    w.consecutiveFailures = 0;
    if (w.result !== 'success' && w.consecutiveSuccesses >= successThreshold) {
      w.result = 'success';
      return 'success';
    }
    return null;
  }
  w.consecutiveFailures++;
  w.consecutiveSuccesses = 0;
  if (w.result !== 'failure' && w.consecutiveFailures >= failureThreshold) {
    w.result = 'failure';
    return 'failure';
  }
  return null;
}

/** `d` is withDefaults(probe) when the caller has it already. */
function record(k: Kubelet, e: PodEntry, c: ContainerEntry, w: ProbeWorker, r: { ok: boolean; detail: string }, probe: ProbeSpec, cri: CriApi, sink: EffectSink, outcome: ProbeOutcome, settings?: ProbeSettings): void {
  const d = settings ?? withDefaults(probe);
  w.lastProbeAtMs = sink.now;
  w.history.push({ atMs: sink.now, ok: r.ok, detail: r.detail });
  if (w.history.length > HISTORY_KEPT) w.history.shift();
  if (!r.ok) {
    const label = `${w.type[0]!.toUpperCase()}${w.type.slice(1)}`;
    recordEvent(k.client, k.recorder, e.pod, 'Warning', 'Unhealthy', `${label} probe failed: ${r.detail}`, sink, rfc3339);
  }
  const changed = countResult(w, r.ok, d.successThreshold, d.failureThreshold);
  if (!changed) return;
  if (w.type === 'startup' && changed === 'success') move(w, { type: 'STARTUP_SUCCEEDED' });
  if (w.type !== 'readiness' && changed === 'failure') {
    // The container is killed; this worker waits for the next one.
    move(w, { type: 'CONTAINER_KILLED' });
    w.consecutiveFailures = 0;
    w.result = 'unknown';
  }
  outcome(k, e, c, w.type, changed, cri, sink);
}
