/**
 * A pod's phase as a statechart (KW concepts/workloads/pods/pod-lifecycle.md "Pod phase"): the
 * kubelet computes the phase from its containers (status.ts podPhase, after getPhase) and moves
 * the pod through this machine, which refuses what the status manager refuses: a pod that reached
 * Succeeded or Failed never becomes Pending or Running again (status_manager.go keeps the terminal
 * phase). Pending after Running is legal (a sandbox re-created after a reboot).
 */
import { setup, transition, type StateValue } from 'xstate';

export type PodPhaseName = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

export const podPhaseMachine = setup({ types: {} as { events: { type: `to.${PodPhaseName}` } } }).createMachine({
  id: 'podPhase',
  initial: 'Pending',
  states: {
    Pending: { on: { 'to.Running': 'Running', 'to.Succeeded': 'Succeeded', 'to.Failed': 'Failed' } },
    Running: { on: { 'to.Pending': 'Pending', 'to.Succeeded': 'Succeeded', 'to.Failed': 'Failed' } },
    Succeeded: { type: 'final' },
    Failed: { type: 'final' },
  },
});

/** The phase the pod may report next: `to` when the machine allows it, else the current one. */
export function nextPodPhase(from: PodPhaseName, to: PodPhaseName): PodPhaseName {
  if (from === to) return from;
  // The machine has no context, so the answer depends on the two phases alone: ask xstate once per pair.
  const key = `${from}>${to}`;
  let next = nextPhaseMemo.get(key);
  if (next === undefined) {
    const snap = podPhaseMachine.resolveState({ value: from as StateValue, context: undefined as never });
    const event = { type: `to.${to}` as const };
    next = snap.can(event) ? (transition(podPhaseMachine, snap, event)[0].value as PodPhaseName) : from;
    nextPhaseMemo.set(key, next);
  }
  return next;
}
const nextPhaseMemo = new Map<string, PodPhaseName>();
