/**
 * The deterministic kernel: one virtual clock (integer ms), one event queue ordered by
 * (time, seq), keyed timers whose cancels are honoured, and the trace.
 *
 * Components never schedule anything themselves; they return effects as data and the
 * simulation layer hands the timer effects to these functions.
 */
import { createEventQueue, insertEvent, popEvent, type EventQueue, type SimEvent } from './eventQueue.ts';
import { createTrace, pushTraceRecord, type Trace, type TraceRecord } from './trace.ts';

export interface Kernel {
  /** Virtual time in integer milliseconds. Only `nextEvent` moves it. */
  now: number;
  seed: number;
  queue: EventQueue;
  /**
   * Timer generations by key. Setting a timer bumps its generation; a popped timer event whose
   * generation is not current was cancelled or superseded and is skipped (lazy cancellation).
   * A fired timer keeps its last generation negated (see setTimer), so no arming is ever live twice.
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

// schedule and setTimer build each event in one literal with its final fields, in the order
// `{ ...ev, seq }` used to give them (no intermediate object to copy on every event).

export function schedule(k: Kernel, delayMs: number, kind: string, target: string, payload: unknown): SimEvent {
  assertDelay(delayMs);
  const q = k.queue;
  const ev: SimEvent = { time: k.now + delayMs, kind, target, payload, seq: q.nextSeq++ };
  insertEvent(q, ev);
  return ev;
}

/**
 * A fired timer keeps its generation, negated: -gen means "fired; the last arming was gen". The next
 * arming takes |gen| + 1, so generations of a key only ever grow while any event of it is queued.
 * Why not reset to 0 (as this kernel once did): an arming that was superseded by a sooner one is
 * still in the queue; had the sooner one's firing reset the count, the re-arming after it would get
 * generation 1 again and the superseded event, also generation 1, would fire as if it were live.
 * (kube-proxy's runner did that: its 30 s periodic arming, overtaken by a 1 s one, came back and
 * every later period ran twice.) Why not delete the key: a Map that sees a delete and a re-insert
 * of the same key on every tick of every periodic timer compacts itself over and over, and the
 * cost of each compaction grows with the map. Keys that no queued event refers to are dropped in
 * bulk by sweepTimerGens, which no reader can tell apart.
 */
/** Sweep when the map has this many more keys than there are events queued. */
const SWEEP_SLACK = 8192;

/** Arms (or re-arms) the timer `key`; any earlier arming of the same key will not fire. */
export function setTimer(k: Kernel, key: string, delayMs: number, target: string, payload: unknown): void {
  assertDelay(delayMs);
  const q = k.queue;
  const prev = k.timerGens.get(key);
  if (prev === undefined && k.timerGens.size > q.heap.length + SWEEP_SLACK) sweepTimerGens(k);
  const gen = (prev === undefined ? 0 : prev < 0 ? -prev : prev) + 1;
  k.timerGens.set(key, gen);
  insertEvent(q, { time: k.now + delayMs, kind: 'timer', target, payload, timerKey: key, gen, seq: q.nextSeq++ });
}

export function cancelTimer(k: Kernel, key: string): void {
  const gen = k.timerGens.get(key);
  if (gen !== undefined && gen > 0) k.timerGens.set(key, gen + 1);
}

/**
 * Drops the generations of keys no queued event carries (cancelled or fired timers of finished
 * requests). Unobservable: with no event of its own left, a key's generation can only be compared
 * with the generations of events armed later, and those compare the same from any starting value.
 * Keys that still have events in the queue keep their value exactly.
 */
function sweepTimerGens(k: Kernel): void {
  const old = k.timerGens;
  const kept = new Map<string, number>();
  for (const ev of k.queue.heap) {
    const key = ev.timerKey;
    if (key === undefined || kept.has(key)) continue;
    const gen = old.get(key);
    if (gen !== undefined) kept.set(key, gen);
  }
  k.timerGens = kept;
}

export function isTimerArmed(k: Kernel, key: string): boolean {
  const gen = k.timerGens.get(key);
  return gen !== undefined && gen > 0 && k.queue.heap.some((e) => e.timerKey === key && e.gen === gen);
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
  const q = k.queue;
  for (;;) {
    const head = q.heap[0];
    if (!head || head.time > untilMs) {
      if (untilMs > k.now && Number.isFinite(untilMs)) k.now = untilMs;
      return undefined;
    }
    popEvent(q);
    const key = head.timerKey;
    if (key !== undefined) {
      // One lookup decides liveness (isLive); then the fired timer's generation is kept, negated.
      const gen = head.gen!;
      if (k.timerGens.get(key) !== gen) continue;
      k.timerGens.set(key, -gen);
    }
    k.now = head.time;
    k.eventsProcessed++;
    return head;
  }
}

/** Time of the next live event, if any. */
export function nextEventTime(k: Kernel): number | undefined {
  // Skip stale timers at the head so "step to next event" never lands on a cancelled one.
  for (;;) {
    const head = k.queue.heap[0];
    if (!head) return undefined;
    if (isLive(k, head)) return head.time;
    popEvent(k.queue);
  }
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
