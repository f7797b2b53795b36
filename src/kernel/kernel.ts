/**
 * The deterministic kernel: one virtual clock (integer ms), one event queue ordered by
 * (time, seq), keyed timers whose cancels are honoured, and the trace.
 *
 * Components never schedule anything themselves; they return effects as data and the
 * simulation layer hands the timer effects to these functions.
 */
import { createEventQueue, peekEvent, popEvent, pushEvent, type EventQueue, type SimEvent } from './eventQueue.ts';
import { appendTrace, createTrace, type Trace, type TraceRecord } from './trace.ts';

export interface Kernel {
  /** Virtual time in integer milliseconds. Only `nextEvent` moves it. */
  now: number;
  seed: number;
  queue: EventQueue;
  /**
   * Timer generations by key. Setting a timer bumps its generation; a popped timer event whose
   * generation is not current was cancelled or superseded and is skipped (lazy cancellation).
   */
  timerGens: Map<string, number>;
  trace: Trace;
  /** Events dispatched so far (timers that were cancelled are not counted). */
  eventsProcessed: number;
}

export function createKernel(seed: number, traceKeepLast = 0): Kernel {
  return { now: 0, seed, queue: createEventQueue(), timerGens: new Map(), trace: createTrace(traceKeepLast), eventsProcessed: 0 };
}

/** Kernel-level effects. Components return these (and their own, such as network sends) as data. */
export type KernelEffect =
  | { type: 'timer.set'; key: string; delayMs: number; target: string; payload: unknown }
  | { type: 'timer.cancel'; key: string }
  | { type: 'trace'; record: Omit<TraceRecord, 'id' | 't'> };

export function schedule(k: Kernel, delayMs: number, kind: string, target: string, payload: unknown): SimEvent {
  assertDelay(delayMs);
  return pushEvent(k.queue, { time: k.now + delayMs, kind, target, payload });
}

/** Arms (or re-arms) the timer `key`; any earlier arming of the same key will not fire. */
export function setTimer(k: Kernel, key: string, delayMs: number, target: string, payload: unknown): void {
  assertDelay(delayMs);
  const gen = (k.timerGens.get(key) ?? 0) + 1;
  k.timerGens.set(key, gen);
  pushEvent(k.queue, { time: k.now + delayMs, kind: 'timer', target, payload, timerKey: key, gen });
}

export function cancelTimer(k: Kernel, key: string): void {
  if (k.timerGens.has(key)) k.timerGens.set(key, k.timerGens.get(key)! + 1);
}

export function isTimerArmed(k: Kernel, key: string): boolean {
  const gen = k.timerGens.get(key);
  return gen !== undefined && k.queue.heap.some((e) => e.timerKey === key && e.gen === gen);
}

function assertDelay(delayMs: number): void {
  if (!Number.isInteger(delayMs) || delayMs < 0) throw new Error(`kernel: delay must be a non-negative integer ms, got ${delayMs}`);
}

function isLive(k: Kernel, ev: SimEvent): boolean {
  return ev.timerKey === undefined || k.timerGens.get(ev.timerKey) === ev.gen;
}

/**
 * Pops the next live event due at or before `untilMs`, advancing the clock to its time.
 * Returns undefined (and moves the clock to `untilMs`) when nothing is due.
 */
export function nextEvent(k: Kernel, untilMs: number): SimEvent | undefined {
  for (;;) {
    const head = peekEvent(k.queue);
    if (!head || head.time > untilMs) {
      if (untilMs > k.now && Number.isFinite(untilMs)) k.now = untilMs;
      return undefined;
    }
    popEvent(k.queue);
    if (!isLive(k, head)) continue;
    if (head.timerKey !== undefined) k.timerGens.delete(head.timerKey);
    k.now = head.time;
    k.eventsProcessed++;
    return head;
  }
}

/** Time of the next live event, if any. */
export function nextEventTime(k: Kernel): number | undefined {
  // Skip stale timers at the head so "step to next event" never lands on a cancelled one.
  for (;;) {
    const head = peekEvent(k.queue);
    if (!head) return undefined;
    if (isLive(k, head)) return head.time;
    popEvent(k.queue);
  }
}

export function traceNow(k: Kernel, rec: Omit<TraceRecord, 'id' | 't'>): number {
  return appendTrace(k.trace, { ...rec, t: k.now });
}
