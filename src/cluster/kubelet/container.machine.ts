/**
 * One container's lifecycle as the kubelet sees it, as a statechart. The kubelet keeps each
 * container's state as `{ value, context }` and moves it only through `transition()`; the
 * CrashLoopBackOff and ImagePullBackOff waits are the machine's own delayed transitions, which
 * the kernel schedules on the virtual clock (the kubelet keys those timers by container and send
 * id and honours cancels). The app draws this same definition with the current state lit.
 *
 * States follow the container status the API reports (kubernetes.io pod-lifecycle.md, "Container
 * states"): Waiting with its reason, Running, Terminated; plus the kubelet's own steps inside them
 * (the postStart hook, the startup probe, the preStop hook, the stop signal).
 */
import { setup, assign, initialTransition, transition, type AnyMachineSnapshot, type StateValue } from 'xstate';

/** Restart back-off: 10 s doubling to 5 min (KW pod-lifecycle.md; kubelet MaxContainerBackOff = 300s). */
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;
/** The back-off resets after the container ran 10 min without trouble (flowcontrol: 2 × max). */
export const BACKOFF_RESET_AFTER_MS = 600_000;

export interface ContainerMachineContext {
  /** The back-off the next wait will use (ms); doubles after each wait. */
  backoffMs: number;
  /** The image pull back-off, kept apart from the crash back-off as the kubelet does. */
  imageBackoffMs: number;
  /** Why the container was last killed or stopped (shown with the transition). */
  cause: string;
}

export type ContainerEvent =
  | { type: 'START' }
  | { type: 'PULL_FAILED'; error: string }
  | { type: 'PULL_BACKOFF' }
  | { type: 'CREATE_FAILED'; reason: string }
  | { type: 'STARTED'; hasPostStart: boolean; hasStartupProbe: boolean }
  | { type: 'POSTSTART_DONE'; hasStartupProbe: boolean }
  | { type: 'POSTSTART_FAILED' }
  | { type: 'STARTUP_SUCCEEDED' }
  | { type: 'KILL'; cause: string; hasPreStop: boolean }
  | { type: 'PRESTOP_DONE' }
  | { type: 'EXITED'; code: number; reason: string }
  | { type: 'RESTART'; backoff: boolean }
  | { type: 'BACKOFF_RESET' };

export const containerMachine = setup({
  types: {} as { context: ContainerMachineContext; events: ContainerEvent },
  delays: {
    crashBackoff: ({ context }) => context.backoffMs,
    imageBackoff: ({ context }) => context.imageBackoffMs,
  },
}).createMachine({
  id: 'container',
  context: { backoffMs: BACKOFF_INITIAL_MS, imageBackoffMs: BACKOFF_INITIAL_MS, cause: '' },
  initial: 'PodInitializing',
  on: {
    BACKOFF_RESET: { actions: assign({ backoffMs: BACKOFF_INITIAL_MS }) },
  },
  states: {
    /** Waiting: PodInitializing — an app container while init containers run, or an init container not yet its turn. */
    PodInitializing: { on: { START: 'ContainerCreating', KILL: 'Terminated' } },
    /** Waiting: ContainerCreating — pulling the image, creating and starting the container. */
    ContainerCreating: {
      on: {
        PULL_FAILED: 'ErrImagePull',
        CREATE_FAILED: 'CreateContainerError',
        STARTED: [
          { guard: ({ event }) => event.hasPostStart, target: 'PostStartHook' },
          { guard: ({ event }) => event.hasStartupProbe, target: 'Starting' },
          { target: 'Running' },
        ],
        EXITED: 'Terminated',
        KILL: 'Terminated',
      },
    },
    /** Waiting: ErrImagePull — the pull failed; the next sync backs off. */
    ErrImagePull: { on: { PULL_BACKOFF: 'ImagePullBackOff', START: 'ContainerCreating', KILL: 'Terminated' } },
    /** Waiting: ImagePullBackOff — waiting 10 s, 20 s, … 300 s before pulling again. */
    ImagePullBackOff: {
      after: { imageBackoff: { target: 'ContainerCreating', actions: assign({ imageBackoffMs: ({ context }) => Math.min(BACKOFF_MAX_MS, context.imageBackoffMs * 2) }) } },
      on: { KILL: 'Terminated' },
    },
    /** Waiting: CreateContainerError / RunContainerError — retried at the next sync. */
    CreateContainerError: { on: { START: 'ContainerCreating', KILL: 'Terminated' } },
    /** Running, but the postStart hook has not returned: the API still shows the container waiting. */
    PostStartHook: {
      on: {
        POSTSTART_DONE: [{ guard: ({ event }) => event.hasStartupProbe, target: 'Starting' }, { target: 'Running' }],
        POSTSTART_FAILED: { target: 'Stopping', actions: assign({ cause: 'FailedPostStartHook' }) },
        EXITED: 'Terminated',
        KILL: { target: 'Stopping', actions: assign({ cause: ({ event }) => event.cause }) },
      },
    },
    /** Running, started=false: the startup probe has not succeeded yet; liveness and readiness wait. */
    Starting: {
      on: {
        STARTUP_SUCCEEDED: 'Running',
        EXITED: 'Terminated',
        KILL: [{ guard: ({ event }) => event.hasPreStop, target: 'PreStopHook', actions: assign({ cause: ({ event }) => event.cause }) }, { target: 'Stopping', actions: assign({ cause: ({ event }) => event.cause }) }],
      },
    },
    /** Running, started=true. Readiness is kept beside the state (it does not change the lifecycle). */
    Running: {
      on: {
        EXITED: 'Terminated',
        KILL: [{ guard: ({ event }) => event.hasPreStop, target: 'PreStopHook', actions: assign({ cause: ({ event }) => event.cause }) }, { target: 'Stopping', actions: assign({ cause: ({ event }) => event.cause }) }],
      },
    },
    /** The preStop hook runs before the stop signal; the grace period is already counting. */
    PreStopHook: { on: { PRESTOP_DONE: 'Stopping', EXITED: 'Terminated' } },
    /** The stop signal (SIGTERM, or the image's STOPSIGNAL) was sent; SIGKILL follows at the end of the grace period. */
    Stopping: { on: { EXITED: 'Terminated' } },
    /** Terminated: Completed, Error, OOMKilled or StartError. The restart policy decides what follows. */
    Terminated: {
      on: {
        RESTART: [
          { guard: ({ event }) => event.backoff, target: 'CrashLoopBackOff' },
          { target: 'ContainerCreating' },
        ],
      },
    },
    /** Waiting: CrashLoopBackOff — the restart waits 10 s, 20 s, … 300 s. */
    CrashLoopBackOff: {
      after: { crashBackoff: { target: 'ContainerCreating', actions: assign({ backoffMs: ({ context }) => Math.min(BACKOFF_MAX_MS, context.backoffMs * 2) }) } },
      on: { KILL: 'Terminated' },
    },
  },
});

/**
 * The send ids of the machine's delayed transitions (`xstate.after.<delay>.<machine>.<state>`):
 * the kubelet keys their timers by them, so a stopped kubelet cancels exactly these.
 */
export const CONTAINER_DELAYED_SEND_IDS = ['xstate.after.crashBackoff.container.CrashLoopBackOff', 'xstate.after.imageBackoff.container.ImagePullBackOff'] as const;

export const CONTAINER_STATES = ['PodInitializing', 'ContainerCreating', 'ErrImagePull', 'ImagePullBackOff', 'CreateContainerError', 'PostStartHook', 'Starting', 'Running', 'PreStopHook', 'Stopping', 'Terminated', 'CrashLoopBackOff'] as const;
export type ContainerStateName = (typeof CONTAINER_STATES)[number];

/** What the kubelet stores per container: plain data, checkpointable. */
export interface ContainerMachineState {
  value: ContainerStateName;
  context: ContainerMachineContext;
}

export interface MachineStep {
  state: ContainerMachineState;
  /** Delayed raises to schedule (ms, send id, event) and send ids to cancel. */
  schedule: { id: string; delayMs: number; event: { type: string } }[];
  cancel: string[];
  changed: boolean;
}

export function initialContainerState(): ContainerMachineState {
  // Every container starts from the same snapshot; xstate's assign makes a new context on each
  // change, so the first one can be shared (creating an actor per container was the costliest part of admitting a pod).
  initialSnapshot ??= initialTransition(containerMachine)[0];
  return { value: initialSnapshot.value as ContainerStateName, context: initialSnapshot.context };
}
let initialSnapshot: AnyMachineSnapshot | undefined;

function snapshotOf(s: ContainerMachineState): AnyMachineSnapshot {
  return containerMachine.resolveState({ value: s.value as StateValue, context: s.context }) as AnyMachineSnapshot;
}

/**
 * Transitions that neither assign to the context nor raise or cancel a delayed event, by source
 * state, event type and the event fields the guards read: their result is the target state with
 * the very same context object, whatever the context holds (no guard reads the context), so one
 * run of xstate answers them all. Most of a rollout's steps are such (START, STARTED, EXITED, …);
 * the rest (assign, after) still go through xstate on every call.
 */
const plainSteps = new Map<string, ContainerStateName>();

function plainStepKey(value: string, event: ContainerEvent | { type: string }): string {
  const e = event as { type: string; hasPostStart?: unknown; hasStartupProbe?: unknown; hasPreStop?: unknown; backoff?: unknown };
  return `${value}|${e.type}|${e.hasPostStart ? 1 : 0}${e.hasStartupProbe ? 1 : 0}${e.hasPreStop ? 1 : 0}${e.backoff ? 1 : 0}`;
}

/** One event through the machine: the new state and the timers to arm or cancel. */
export function stepContainer(s: ContainerMachineState, event: ContainerEvent | { type: string }): MachineStep {
  const key = plainStepKey(s.value, event);
  const plain = plainSteps.get(key);
  if (plain !== undefined) return { state: { value: plain, context: s.context }, schedule: [], cancel: [], changed: plain !== s.value };
  const step = stepContainerXstate(s, event);
  if (step.schedule.length === 0 && step.cancel.length === 0 && step.state.context === s.context) plainSteps.set(key, step.state.value);
  return step;
}

function stepContainerXstate(s: ContainerMachineState, event: ContainerEvent | { type: string }): MachineStep {
  const [next, actions] = transition(containerMachine, snapshotOf(s) as never, event as never);
  const schedule: MachineStep['schedule'] = [];
  const cancel: string[] = [];
  for (const a of actions as { type: string; params?: { delay?: number; id?: string; event?: { type: string }; sendId?: string } }[]) {
    if (a.type === 'xstate.raise' && a.params?.delay !== undefined && a.params.id && a.params.event) schedule.push({ id: a.params.id, delayMs: a.params.delay, event: a.params.event });
    else if (a.type === 'xstate.cancel' && a.params?.sendId) cancel.push(a.params.sendId);
  }
  const state = { value: next.value as ContainerStateName, context: next.context as ContainerMachineContext };
  return { state, schedule, cancel, changed: state.value !== s.value || state.context !== s.context };
}

/** Whether the machine accepts `event` in state `s` (a transition exists for it). */
export function canStep(s: ContainerMachineState, type: string): boolean {
  return snapshotOf(s).can({ type } as never);
}

/** The API container state for a machine state (kubelet_pods.go convertToAPIContainerStatuses). */
export function apiStateKind(value: ContainerStateName): 'waiting' | 'running' | 'terminated' {
  if (value === 'Starting' || value === 'Running' || value === 'PreStopHook' || value === 'Stopping') return 'running';
  if (value === 'Terminated') return 'terminated';
  return 'waiting';
}
