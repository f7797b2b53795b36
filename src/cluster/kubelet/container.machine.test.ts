/**
 * The container statechart: every declared transition is reachable and taken by some path from
 * the initial state (xstate/graph), and the back-off waits grow as kubelet's do.
 */
import { describe, expect, it } from 'vitest';
import { adjacencyMapToArray, getAdjacencyMap, getShortestPaths } from 'xstate/graph';
import { BACKOFF_INITIAL_MS, BACKOFF_MAX_MS, CONTAINER_STATES, apiStateKind, containerMachine, initialContainerState, stepContainer, type ContainerMachineState } from './container.machine.ts';

const EVENTS = [
  { type: 'START' },
  { type: 'PULL_FAILED', error: 'not found' },
  { type: 'PULL_BACKOFF' },
  { type: 'CREATE_FAILED', reason: 'CreateContainerError' },
  ...[true, false].flatMap((hasPostStart) => [true, false].map((hasStartupProbe) => ({ type: 'STARTED', hasPostStart, hasStartupProbe }))),
  { type: 'POSTSTART_DONE', hasStartupProbe: true },
  { type: 'POSTSTART_DONE', hasStartupProbe: false },
  { type: 'POSTSTART_FAILED' },
  { type: 'STARTUP_SUCCEEDED' },
  { type: 'KILL', cause: 'liveness', hasPreStop: true },
  { type: 'KILL', cause: 'liveness', hasPreStop: false },
  { type: 'PRESTOP_DONE' },
  { type: 'EXITED', code: 1, reason: 'Error' },
  { type: 'RESTART', backoff: true },
  { type: 'RESTART', backoff: false },
  { type: 'xstate.after.crashBackoff.container.CrashLoopBackOff' },
  { type: 'xstate.after.imageBackoff.container.ImagePullBackOff' },
] as const;

/** Declared transitions (from → to, by event), read from the machine's own config. */
function declaredEdges(): Set<string> {
  const out = new Set<string>();
  const states = containerMachine.config.states as Record<string, { on?: Record<string, unknown>; after?: Record<string, unknown> }>;
  const targets = (t: unknown): string[] => {
    if (Array.isArray(t)) return t.flatMap(targets);
    if (typeof t === 'string') return [t];
    if (t && typeof t === 'object' && 'target' in t) return targets((t as { target: unknown }).target);
    return [];
  };
  for (const [from, node] of Object.entries(states)) {
    for (const [event, t] of Object.entries(node.on ?? {})) for (const to of targets(t)) out.add(`${from} -${event}-> ${to}`);
    for (const [delay, t] of Object.entries(node.after ?? {})) for (const to of targets(t)) out.add(`${from} -xstate.after.${delay}.container.${from}-> ${to}`);
  }
  return out;
}

describe('container statechart (container.machine.ts)', () => {
  const options = {
    events: EVENTS as never,
    // Back-off values are bounded (10 s … 300 s), so the graph is finite.
    serializeState: (s: { value: unknown; context: { backoffMs: number; imageBackoffMs: number } }) => `${JSON.stringify(s.value)}|${s.context.backoffMs}|${s.context.imageBackoffMs}`,
  };

  it('reaches every state from PodInitializing', () => {
    const reached = new Set(getShortestPaths(containerMachine, options as never).map((p) => String((p.state as { value: unknown }).value)));
    expect([...reached].sort()).toEqual([...CONTAINER_STATES].sort());
  });

  it('takes every declared transition on some path (xstate/graph adjacency)', () => {
    const taken = new Set(
      adjacencyMapToArray(getAdjacencyMap(containerMachine, options as never))
        .filter((e) => (e.state as { value: unknown }).value !== (e.nextState as { value: unknown }).value || (e.event as { type: string }).type.startsWith('xstate.after'))
        .map((e) => `${(e.state as { value: unknown }).value} -${(e.event as { type: string }).type}-> ${(e.nextState as { value: unknown }).value}`),
    );
    const missing = [...declaredEdges()].filter((d) => !taken.has(d));
    expect(missing).toEqual([]);
  });

  // KW pod-lifecycle.md "Container restarts": 10 s, 20 s, 40 s, … capped at 300 s.
  it('waits 10 s, 20 s, 40 s … 300 s in CrashLoopBackOff', () => {
    let s: ContainerMachineState = initialContainerState();
    const go = (e: { type: string; [k: string]: unknown }) => {
      const r = stepContainer(s, e as never);
      s = r.state;
      return r;
    };
    go({ type: 'START' });
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      go({ type: 'STARTED', hasPostStart: false, hasStartupProbe: false });
      go({ type: 'EXITED', code: 1, reason: 'Error' });
      const r = go({ type: 'RESTART', backoff: true });
      waits.push(r.schedule[0]!.delayMs);
      go(r.schedule[0]!.event);
    }
    expect(waits).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
    expect(BACKOFF_INITIAL_MS).toBe(10_000);
    expect(BACKOFF_MAX_MS).toBe(300_000);
    // After 10 minutes of running the kubelet resets the back-off.
    s = stepContainer(s, { type: 'BACKOFF_RESET' }).state;
    expect(s.context.backoffMs).toBe(10_000);
  });

  it('cancels a pending back-off when the container is killed while waiting', () => {
    let s = initialContainerState();
    for (const e of [{ type: 'START' }, { type: 'STARTED', hasPostStart: false, hasStartupProbe: false }, { type: 'EXITED', code: 1, reason: 'Error' }] as const) s = stepContainer(s, e as never).state;
    const waiting = stepContainer(s, { type: 'RESTART', backoff: true });
    const killed = stepContainer(waiting.state, { type: 'KILL', cause: 'deleted', hasPreStop: false });
    expect(killed.state.value).toBe('Terminated');
    expect(killed.cancel).toEqual([waiting.schedule[0]!.id]);
  });

  it('maps each state to the API container state (waiting / running / terminated)', () => {
    expect(CONTAINER_STATES.map((v) => [v, apiStateKind(v)])).toEqual([
      ['PodInitializing', 'waiting'],
      ['ContainerCreating', 'waiting'],
      ['ErrImagePull', 'waiting'],
      ['ImagePullBackOff', 'waiting'],
      ['CreateContainerError', 'waiting'],
      // The postStart hook blocks the pod worker: the API still reports the container waiting.
      ['PostStartHook', 'waiting'],
      ['Starting', 'running'],
      ['Running', 'running'],
      ['PreStopHook', 'running'],
      ['Stopping', 'running'],
      ['Terminated', 'terminated'],
      ['CrashLoopBackOff', 'waiting'],
    ]);
  });
});
