/**
 * The deterministic kernel: one virtual clock (integer ms), one event queue ordered by
 * (time, seq), keyed timers whose cancels are honoured, and the trace.
 *
 * Components never schedule anything themselves; they return effects as data and the
 * simulation layer hands the timer effects to these functions.
 */
import { createEventQueue, insertEvent, popEvent, removeEvent, type EventQueue, type SimEvent } from './eventQueue.ts';
import { createTrace, pushTraceRecord, type Trace, type TraceRecord } from './trace.ts';

export interface Kernel {
  /** Virtual time in integer milliseconds. Only `nextEvent` moves it. */
  now: number;
  seed: number;
  queue: EventQueue;
  /**
   * The armed timers: each key's one queued arming. Re-arming a key or cancelling it takes the
   * earlier arming out of the queue at once; a timer that fires leaves the map as it leaves the queue.
   */
  timers: Map<string, SimEvent>;
  trace: Trace;
  /** Events dispatched so far (timers that were cancelled are not counted). */
  eventsProcessed: number;
}

export function createKernel(seed: number, traceKeepLast = 0): Kernel {
  return { now: 0, seed, queue: createEventQueue(), timers: new Map(), trace: createTrace(traceKeepLast), eventsProcessed: 0 };
}

/** Kernel-level effects. Components return these (and their own, such as network sends) as data. */
export type KernelEffect =
  | { type: 'timer.set'; key: string; delayMs: number; target: string; payload: unknown }
  | { type: 'timer.cancel'; key: string }
  | { type: 'trace'; record: Omit<TraceRecord, 'id' | 't'> };

// schedule and setTimer build each event in one literal with its final fields, the same keys in
// the same order (timerKey undefined for an event that is not a timer): every event has one shape,
// and no intermediate object is copied.

export function schedule(k: Kernel, delayMs: number, kind: string, target: string, payload: unknown): SimEvent {
  assertDelay(delayMs);
  const q = k.queue;
  const ev: SimEvent = { time: k.now + delayMs, kind, target, payload, timerKey: undefined, seq: q.nextSeq++, pos: -1 };
  insertEvent(q, ev);
  return ev;
}

/**
 * Arms (or re-arms) the timer `key`; any earlier arming of the same key will not fire. The earlier
 * arming leaves the queue now; the new one takes the next `seq`, as every scheduled event does, so
 * the order of the events that do fire is the one lazy cancellation (skipping superseded armings
 * when they reached the head, as this kernel once did) gave.
 */
export function setTimer(k: Kernel, key: string, delayMs: number, target: string, payload: unknown): void {
  assertDelay(delayMs);
  const q = k.queue;
  const prev = k.timers.get(key);
  if (prev !== undefined) removeEvent(q, prev);
  const ev: SimEvent = { time: k.now + delayMs, kind: 'timer', target, payload, timerKey: key, seq: q.nextSeq++, pos: -1 };
  insertEvent(q, ev);
  k.timers.set(key, ev);
}

export function cancelTimer(k: Kernel, key: string): void {
  const ev = k.timers.get(key);
  if (ev === undefined) return;
  removeEvent(k.queue, ev);
  k.timers.delete(key);
}

export function isTimerArmed(k: Kernel, key: string): boolean {
  return k.timers.has(key);
}

function assertDelay(delayMs: number): void {
  if (!Number.isInteger(delayMs) || delayMs < 0) throw new Error(`kernel: delay must be a non-negative integer ms, got ${delayMs}`);
}

/**
 * Pops the next live event due at or before `untilMs`, advancing the clock to its time.
 * Returns undefined (and moves the clock to `untilMs`) when nothing is due.
 */
export function nextEvent(k: Kernel, untilMs: number): SimEvent | undefined {
  const q = k.queue;
  const head = q.heap[0];
  if (!head || head.time > untilMs) {
    if (untilMs > k.now && Number.isFinite(untilMs)) k.now = untilMs;
    return undefined;
  }
  popEvent(q);
  // Every queued event is live (cancelled timers leave the queue); a fired timer is disarmed.
  if (head.timerKey !== undefined) k.timers.delete(head.timerKey);
  k.now = head.time;
  k.eventsProcessed++;
  return head;
}

/** Time of the next live event, if any. */
export function nextEventTime(k: Kernel): number | undefined {
  // Cancelled timers leave the queue at once, so the head is always a live event.
  return k.queue.heap[0]?.time;
}

export function traceNow(k: Kernel, rec: Omit<TraceRecord, 'id' | 't'>): number {
  const trace = k.trace;
  const id = trace.nextId++;
  pushTraceRecord(trace, stamped(rec, k.now, id, undefined));
  return id;
}

/**
 * The record with its time and id (and `cause`, when given): `{ ...rec, cause, t, id }`, built by
 * adding the fields to `rec` itself when it has never been stored. Records are fresh literals from
 * the components, of many shapes, and an object spread that sees many shapes takes V8's slow path:
 * it was most of traceNow's cost. The keys come out in the order the spread gave them (rec's, with
 * `cause` last or in its own place if rec has the key, then t, then id). A record stored once
 * already (it has an id) is copied, so two stores never share an object.
 */
function stamped(rec: Omit<TraceRecord, 'id' | 't'>, t: number, id: number, cause: number | undefined): TraceRecord {
  const r = rec as TraceRecord;
  if (r.id !== undefined) return cause === undefined ? { ...rec, t, id } : { ...rec, cause, t, id };
  if (cause !== undefined) r.cause = cause;
  r.t = t;
  r.id = id;
  return r;
}

/**
 * traceNow for a record of exactly these five fields, built as one literal. The record is the one
 * `traceNow(k, { source, target, kind, summary, data })` stores (same keys, same order), without
 * the object spread, which is slow here because traceNow sees records of many shapes. For the
 * hottest records (raft.send and raft.recv, a third of every trace).
 */
export function traceNowFields(k: Kernel, source: string, target: string, kind: string, summary: string, data: TraceRecord['data']): number {
  const trace = k.trace;
  const id = trace.nextId++;
  pushTraceRecord(trace, { source, target, kind, summary, data, t: k.now, id });
  return id;
}

/**
 * traceNow for an effect's record that takes `cause` when it names none: the record is exactly
 * `{ ...rec, cause, t, id }` as `traceNow(k, { ...rec, ...{ cause } })` built it, in one copy.
 */
export function traceNowCaused(k: Kernel, rec: Omit<TraceRecord, 'id' | 't'>, cause: number | undefined): number {
  if (cause === undefined || rec.cause !== undefined) return traceNow(k, rec);
  const trace = k.trace;
  const id = trace.nextId++;
  pushTraceRecord(trace, stamped(rec, k.now, id, cause));
  return id;
}
