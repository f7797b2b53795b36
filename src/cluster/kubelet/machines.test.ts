/**
 * The probe worker and pod phase statecharts: every declared transition is taken on some path
 * (xstate/graph), and the rules they encode hold.
 */
import { describe, expect, it } from 'vitest';
import { adjacencyMapToArray, getAdjacencyMap } from 'xstate/graph';
import { nextProbePhase, probeWorkerMachine } from './probe.machine.ts';
import { nextPodPhase, podPhaseMachine } from './pod.machine.ts';

function declared(config: { states?: Record<string, { on?: Record<string, unknown> }> }): string[] {
  return Object.entries(config.states ?? {}).flatMap(([from, n]) => Object.entries(n.on ?? {}).map(([ev, to]) => `${from} -${ev}-> ${String(to)}`)).sort();
}

function taken(machine: unknown, events: { type: string }[]): string[] {
  const edges = adjacencyMapToArray(getAdjacencyMap(machine as never, { events } as never));
  const value = (s: unknown) => String((s as { value: unknown }).value);
  return [...new Set(edges.filter((e) => value(e.state) !== value(e.nextState)).map((e) => `${value(e.state)} -${(e.event as { type: string }).type}-> ${value(e.nextState)}`))].sort();
}

describe('probe worker statechart (prober/worker.go)', () => {
  it('takes every declared transition', () => {
    const events = ['FIRST_PROBE', 'STARTUP_SUCCEEDED', 'CONTAINER_KILLED', 'CONTAINER_STARTED'].map((type) => ({ type }));
    expect(taken(probeWorkerMachine, events)).toEqual(declared(probeWorkerMachine.config as never));
  });

  it('a startup worker is done after its success; a killed container puts workers on hold until it starts again', () => {
    expect(nextProbePhase('probing', { type: 'STARTUP_SUCCEEDED' })).toBe('done');
    expect(nextProbePhase('probing', { type: 'CONTAINER_KILLED' })).toBe('onHold');
    expect(nextProbePhase('onHold', { type: 'CONTAINER_STARTED' })).toBe('initialDelay');
    // No probing while on hold.
    expect(nextProbePhase('onHold', { type: 'FIRST_PROBE' })).toBeNull();
  });
});

describe('pod phase statechart (KW pod-lifecycle.md; status_manager.go)', () => {
  it('takes every declared transition', () => {
    const events = ['Pending', 'Running', 'Succeeded', 'Failed'].map((p) => ({ type: `to.${p}` }));
    expect(taken(podPhaseMachine, events)).toEqual(declared(podPhaseMachine.config as never));
  });

  it.each([
    ['Pending', 'Running', 'Running'],
    ['Running', 'Succeeded', 'Succeeded'],
    ['Running', 'Pending', 'Pending'],
    // A terminal phase is final: the status manager never moves a pod back.
    ['Succeeded', 'Running', 'Succeeded'],
    ['Failed', 'Pending', 'Failed'],
  ] as const)('%s → %s reports %s', (from, to, want) => {
    expect(nextPodPhase(from, to)).toBe(want);
  });
});
