/**
 * K pkg/scheduler/backend/queue/scheduling_queue.go (calculateBackoffDuration, getBackoffTime,
 * MoveAllToActiveOrBackoffQueue, flushUnschedulablePodsLeftover) and
 * K pkg/scheduler/framework/plugins/queuesort/priority_sort.go; defaults podInitialBackoffSeconds 1,
 * podMaxBackoffSeconds 10 (https://kubernetes.io/docs/reference/config-api/kube-scheduler-config.v1/).
 */
import { describe, expect, it } from 'vitest';
import { addPod, backoffDurationMs, backoffExpiryMs, createQueue, deletePod, flush, lessQueuedPod, markUnschedulable, moveAllToActive, nextWakeMs, onClusterEvent, podsIn, popNext, type QueueName, type SchedulingQueue } from './queue.ts';

describe('backoffDurationMs', () => {
  it.each([
    [0, 0],
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 8000],
    [5, 10000],
    [6, 10000],
    [40, 10000],
  ])('attempt %d → %d ms', (attempts, want) => {
    expect(backoffDurationMs(attempts)).toBe(want);
  });

  it('honours other settings', () => {
    expect([1, 2, 3, 4].map((a) => backoffDurationMs(a, 2, 5))).toEqual([2000, 4000, 5000, 5000]);
  });
});

describe('activeQ order (PrioritySort)', () => {
  it('pops higher priority first, then earlier enqueue time', () => {
    const q = createQueue();
    addPod(q, 'ns/low-early', 0, 0);
    addPod(q, 'ns/high-late', 5, 100);
    addPod(q, 'ns/low-late', 3, 0);
    addPod(q, 'ns/high-early', 1, 100);
    const order: string[] = [];
    for (let k = popNext(q, 10); k !== undefined; k = popNext(q, 10)) order.push(k);
    expect(order).toEqual(['ns/high-early', 'ns/high-late', 'ns/low-early', 'ns/low-late']);
  });

  it('adding a pod the queue already holds keeps its place', () => {
    const q = createQueue();
    addPod(q, 'a', 0);
    expect(popNext(q, 0)).toBe('a');
    addPod(q, 'a', 1); // e.g. the informer re-delivers it while in flight
    expect(popNext(q, 1)).toBeUndefined();
    markUnschedulable(q, 'a', 2);
    addPod(q, 'a', 3); // our own status patch must not requeue it
    expect(podsIn(q, 'unschedulablePods').map((p) => p.key)).toEqual(['a']);
  });
});

describe('unschedulable pods and back-off', () => {
  it('a cluster event moves a backing-off pod to backoffQ, then to activeQ when its time comes', () => {
    const q = createQueue();
    addPod(q, 'p', 0);
    popNext(q, 0); // attempt 1
    markUnschedulable(q, 'p', 1000);
    expect(nextWakeMs(q)).toBe(1000 + 300_000);
    onClusterEvent(q, { resource: 'Node', action: 'Add' }, 1500);
    expect(podsIn(q, 'backoffQ').map((p) => p.key)).toEqual(['p']);
    expect(nextWakeMs(q)).toBe(2000); // failed at 1000 + 1 s
    flush(q, 1999);
    expect(popNext(q, 1999)).toBeUndefined();
    flush(q, 2000);
    expect(popNext(q, 2000)).toBe('p');
  });

  it('the back-off doubles with each attempt', () => {
    const q = createQueue();
    addPod(q, 'p', 0);
    const expiries: number[] = [];
    let now = 0;
    for (let i = 0; i < 6; i++) {
      expect(popNext(q, now)).toBe('p');
      markUnschedulable(q, 'p', now);
      moveAllToActive(q, now);
      const wake = nextWakeMs(q)!;
      expiries.push(wake - now);
      now = wake;
      flush(q, now);
    }
    expect(expiries).toEqual([1000, 2000, 4000, 8000, 10000, 10000]);
  });

  it('an event after the back-off expired goes straight to activeQ', () => {
    const q = createQueue();
    addPod(q, 'p', 0);
    popNext(q, 0);
    markUnschedulable(q, 'p', 0);
    onClusterEvent(q, { resource: 'Pod', action: 'Delete' }, 5000);
    expect(popNext(q, 5000)).toBe('p');
  });

  it.each([
    [{ resource: 'Node', action: 'Add' }, true],
    [{ resource: 'Node', action: 'Update' }, true],
    [{ resource: 'Pod', action: 'Delete' }, true],
    [{ resource: 'Pod', action: 'Add' }, false],
    [{ resource: 'Node', action: 'Delete' }, false],
  ] as const)('event %j moves unschedulable pods: %s', (event, moves) => {
    const q = createQueue();
    addPod(q, 'p', 0);
    popNext(q, 0);
    markUnschedulable(q, 'p', 0);
    onClusterEvent(q, event, 60_000);
    expect(podsIn(q, 'unschedulablePods').length).toBe(moves ? 0 : 1);
  });

  it('without any event the pod is retried after podMaxInUnschedulablePodsDuration (5 min)', () => {
    const q = createQueue();
    addPod(q, 'p', 0);
    popNext(q, 0);
    markUnschedulable(q, 'p', 10_000);
    flush(q, 309_999);
    expect(podsIn(q, 'unschedulablePods').length).toBe(1);
    flush(q, 310_000);
    expect(popNext(q, 310_000)).toBe('p');
  });

  it('deletePod forgets the pod wherever it is; marking a deleted pod is a no-op', () => {
    const q = createQueue();
    addPod(q, 'p', 0);
    popNext(q, 0);
    deletePod(q, 'p');
    markUnschedulable(q, 'p', 1);
    expect(q.pods).toEqual({});
    expect(nextWakeMs(q)).toBeUndefined();
  });
});

describe('the heaps behind the queues', () => {
  /** What each queue held before it was indexed: a filter and a sort over every pod. */
  function scanned(q: SchedulingQueue, queue: QueueName): string[] {
    const pods = Object.values(q.pods).filter((p) => p.queue === queue);
    if (queue === 'backoffQ') pods.sort((a, b) => backoffExpiryMs(q, a) - backoffExpiryMs(q, b) || (a.key < b.key ? -1 : 1));
    else pods.sort((a, b) => (lessQueuedPod(a, b) ? -1 : lessQueuedPod(b, a) ? 1 : 0));
    return pods.map((p) => p.key);
  }
  function scannedWake(q: SchedulingQueue): number | undefined {
    const due = Object.values(q.pods).flatMap((p) => (p.queue === 'backoffQ' ? [backoffExpiryMs(q, p)] : p.queue === 'unschedulablePods' ? [p.timestampMs + q.podMaxInUnschedulablePodsDurationSeconds * 1000] : []));
    return due.length ? Math.min(...due) : undefined;
  }

  it.each([1, 2, 3])('agree with a scan of every pod through random operations (seed %d)', (seed) => {
    let x = seed;
    const rnd = (n: number) => {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      return x % n;
    };
    const q = createQueue({ podMaxInUnschedulablePodsDurationSeconds: 20 });
    let now = 0;
    for (let step = 0; step < 2000; step++) {
      if (rnd(3) === 0) now += rnd(3000);
      const key = `ns/p${rnd(30)}`;
      switch (rnd(8)) {
        case 0:
        case 1:
          addPod(q, key, now, rnd(4) === 0 ? rnd(3) : 0);
          break;
        case 2:
        case 3: {
          const head = scanned(q, 'activeQ')[0];
          expect(popNext(q, now)).toBe(head);
          break;
        }
        case 4:
          markUnschedulable(q, rnd(2) ? key : (scanned(q, 'inFlight')[0] ?? key), now);
          break;
        case 5:
          moveAllToActive(q, now);
          break;
        case 6:
          flush(q, now);
          break;
        case 7:
          deletePod(q, key);
          break;
      }
      for (const queue of ['activeQ', 'backoffQ', 'unschedulablePods', 'inFlight'] as const) expect(podsIn(q, queue).map((p) => p.key)).toEqual(scanned(q, queue));
      expect(nextWakeMs(q)).toBe(scannedWake(q));
    }
  });

  it('survive a checkpoint (structuredClone keeps the heaps pointing at the same entries)', () => {
    const q = createQueue();
    for (let i = 0; i < 10; i++) addPod(q, `p${i}`, i);
    for (let i = 0; i < 4; i++) markUnschedulable(q, popNext(q, 10)!, 10 + i);
    const copy = structuredClone(q);
    for (const x of [q, copy]) {
      deletePod(x, 'p5');
      moveAllToActive(x, 20);
    }
    const drain = (x: SchedulingQueue) => {
      const out: string[] = [];
      for (let k = popNext(x, 20); k !== undefined; k = popNext(x, 20)) out.push(k);
      return out;
    };
    expect(drain(copy)).toEqual(drain(q));
  });
});
