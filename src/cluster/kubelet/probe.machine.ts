/**
 * A probe worker's lifecycle (pkg/kubelet/prober/worker.go) as a statechart: it waits out
 * `initialDelaySeconds`, probes every `periodSeconds`, stops for good once a startup probe has
 * succeeded, and is put on hold when its container is killed (liveness or startup failure, or
 * deletion) until the container's next start. Counting consecutive results stays in plain
 * functions (prober.ts countResult) because it runs on every period; the worker moves through
 * this machine only when its phase changes.
 */
import { setup, initialTransition, transition, type StateValue } from 'xstate';

export type ProbePhase = 'initialDelay' | 'probing' | 'done' | 'onHold';

export type ProbeEvent =
  /** The first period after the initial delay came: probing starts. */
  | { type: 'FIRST_PROBE' }
  /** A startup probe reached its success threshold: liveness and readiness take over. */
  | { type: 'STARTUP_SUCCEEDED' }
  /** The container is being killed (liveness/startup failure threshold, deletion). */
  | { type: 'CONTAINER_KILLED' }
  /** The container started again: the worker starts over, counters reset. */
  | { type: 'CONTAINER_STARTED' };

export const probeWorkerMachine = setup({ types: {} as { events: ProbeEvent } }).createMachine({
  id: 'probeWorker',
  initial: 'initialDelay',
  states: {
    initialDelay: { on: { FIRST_PROBE: 'probing', CONTAINER_KILLED: 'onHold' } },
    probing: { on: { STARTUP_SUCCEEDED: 'done', CONTAINER_KILLED: 'onHold' } },
    done: { on: { CONTAINER_KILLED: 'onHold', CONTAINER_STARTED: 'initialDelay' } },
    onHold: { on: { CONTAINER_STARTED: 'initialDelay' } },
  },
});

export function initialProbePhase(): ProbePhase {
  return (initialPhase ??= initialTransition(probeWorkerMachine)[0].value as ProbePhase);
}
let initialPhase: ProbePhase | undefined;

/** The phase after `event`, or null when the machine has no such transition from `phase`. */
export function nextProbePhase(phase: ProbePhase, event: ProbeEvent): ProbePhase | null {
  // No context and no guards: the answer depends on the phase and the event type alone.
  const key = `${phase}>${event.type}`;
  let next = nextProbeMemo.get(key);
  if (next === undefined) {
    const snap = probeWorkerMachine.resolveState({ value: phase as StateValue, context: undefined as never });
    next = snap.can(event) ? (transition(probeWorkerMachine, snap, event)[0].value as ProbePhase) : null;
    nextProbeMemo.set(key, next);
  }
  return next;
}
const nextProbeMemo = new Map<string, ProbePhase | null>();
