/**
 * The kernel's event queue: a binary min-heap ordered by (time, seq).
 *
 * `seq` is a global insertion counter, so two events due at the same millisecond fire in the
 * order they were scheduled. That total order is what makes a run replayable byte for byte.
 * Events are plain objects, so the queue is checkpointed by structuredClone with the world.
 *
 * Hot path (every event of the simulation goes through here): the sifts move a "hole" instead of
 * swapping pairs and compare (time, seq) inline. Because (time, seq) is a total order with unique
 * keys, the heap's layout is exactly the one the textbook swap version produces.
 *
 * Each event knows its place in the heap (`pos`), so a cancelled timer is taken out at once
 * (removeEvent) instead of waiting in the heap until its time: most timers are request timeouts
 * cancelled by the answer a few virtual ms later, and left in place they made up nineteen in
 * twenty of the heap's entries, deepening every sift and outliving the young generation.
 */
export interface SimEvent {
  time: number;
  seq: number;
  /** What to do, e.g. 'net.deliver', 'timer'. The simulation layer dispatches on it. */
  kind: string;
  /** Who handles it: a process address such as 'cp-1/etcd'. */
  target: string;
  payload: unknown;
  /** For timers: the key (kernel.timers maps it to this event while it is armed). */
  timerKey?: string;
  /** Index in the queue's heap while queued; -1 once popped or removed. */
  pos: number;
}

export interface EventQueue {
  heap: SimEvent[];
  nextSeq: number;
}

export function createEventQueue(): EventQueue {
  return { heap: [], nextSeq: 0 };
}

export function pushEvent(q: EventQueue, ev: Omit<SimEvent, 'seq' | 'pos'>): SimEvent {
  const full = { ...ev, seq: q.nextSeq++, pos: -1 } as SimEvent;
  insertEvent(q, full);
  return full;
}

/**
 * Inserts an event that already carries its `seq` (taken from `q.nextSeq++` by the caller).
 * The kernel builds its events with their final shape in one literal, so no copy is needed here.
 */
export function insertEvent(q: EventQueue, ev: SimEvent): void {
  const h = q.heap;
  const i = h.length;
  h.push(ev);
  siftUp(h, ev, i);
}

/** Moves `ev` from slot `i` towards the root until its parent comes first; returns its slot. */
function siftUp(h: SimEvent[], ev: SimEvent, i: number): number {
  const t = ev.time;
  const s = ev.seq;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = h[parent]!;
    // Stop when the parent comes first: p.time < t, or the same time and an earlier seq.
    if (p.time < t || (p.time === t && p.seq < s)) break;
    h[i] = p;
    p.pos = i;
    i = parent;
  }
  h[i] = ev;
  ev.pos = i;
  return i;
}

/** Moves `ev` from slot `i` down while a child comes before it (the heap holds `n` events). */
function siftDown(h: SimEvent[], ev: SimEvent, i: number, n: number): void {
  const t = ev.time;
  const s = ev.seq;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    let c = l;
    let ce = h[l]!;
    const r = l + 1;
    if (r < n) {
      const re = h[r]!;
      if (re.time < ce.time || (re.time === ce.time && re.seq < ce.seq)) {
        c = r;
        ce = re;
      }
    }
    // The smaller child moves up only if it comes before the element being sifted down.
    if (!(ce.time < t || (ce.time === t && ce.seq < s))) break;
    h[i] = ce;
    ce.pos = i;
    i = c;
  }
  h[i] = ev;
  ev.pos = i;
}

/**
 * Takes a queued event out of the heap (a cancelled or superseded timer). The last event fills
 * its slot and moves up or down to where it belongs; the other events keep their order.
 */
export function removeEvent(q: EventQueue, ev: SimEvent): void {
  const h = q.heap;
  const i = ev.pos;
  if (i < 0 || h[i] !== ev) return;
  ev.pos = -1;
  const last = h.pop()!;
  if (last === ev) return;
  if (siftUp(h, last, i) === i) siftDown(h, last, i, h.length);
}

export function peekEvent(q: EventQueue): SimEvent | undefined {
  return q.heap[0];
}

export function popEvent(q: EventQueue): SimEvent | undefined {
  const h = q.heap;
  const n = h.length - 1;
  if (n < 0) return undefined;
  const top = h[0]!;
  top.pos = -1;
  const last = h.pop()!;
  if (n === 0) return top;
  siftDown(h, last, 0, n);
  return top;
}

export function queueSize(q: EventQueue): number {
  return q.heap.length;
}
