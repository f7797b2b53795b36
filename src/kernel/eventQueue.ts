/**
 * The kernel's event queue: a binary min-heap ordered by (time, seq).
 *
 * `seq` is a global insertion counter, so two events due at the same millisecond fire in the
 * order they were scheduled. That total order is what makes a run replayable byte for byte.
 * Events are plain objects, so the queue is checkpointed by structuredClone with the world.
 */
export interface SimEvent {
  time: number;
  seq: number;
  /** What to do, e.g. 'net.deliver', 'timer'. The simulation layer dispatches on it. */
  kind: string;
  /** Who handles it: a process address such as 'cp-1/etcd'. */
  target: string;
  payload: unknown;
  /** For timers: the key and generation; a stale generation means the timer was cancelled. */
  timerKey?: string;
  gen?: number;
}

export interface EventQueue {
  heap: SimEvent[];
  nextSeq: number;
}

export function createEventQueue(): EventQueue {
  return { heap: [], nextSeq: 0 };
}

function before(a: SimEvent, b: SimEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

export function pushEvent(q: EventQueue, ev: Omit<SimEvent, 'seq'>): SimEvent {
  const full = { ...ev, seq: q.nextSeq++ } as SimEvent;
  const h = q.heap;
  h.push(full);
  let i = h.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(h[i]!, h[parent]!)) break;
    [h[i], h[parent]] = [h[parent]!, h[i]!];
    i = parent;
  }
  return full;
}

export function peekEvent(q: EventQueue): SimEvent | undefined {
  return q.heap[0];
}

export function popEvent(q: EventQueue): SimEvent | undefined {
  const h = q.heap;
  if (h.length === 0) return undefined;
  const top = h[0]!;
  const last = h.pop()!;
  if (h.length > 0) {
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l]!, h[m]!)) m = l;
      if (r < h.length && before(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
  return top;
}

export function queueSize(q: EventQueue): number {
  return q.heap.length;
}
