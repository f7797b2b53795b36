/**
 * The work queue's processing semantics, as client-go's workqueue.Type documents them
 * (staging/src/k8s.io/client-go/util/workqueue/queue.go): "Stingy: a single item will not be
 * processed multiple times concurrently, and if an item is added multiple times before it can be
 * processed, it will only be processed once"; an item added while it is processed is put in the
 * dirty set and re-queued by Done.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { add, createWorkQueue, done, hold, takeAll } from './workqueue.ts';

describe('workqueue (client-go util/workqueue Type)', () => {
  it('keeps each key once, in the order first added', () => {
    const q = createWorkQueue();
    for (const k of ['a', 'b', 'a', 'c', 'b']) add(q, k);
    expect(takeAll(q)).toEqual(['a', 'b', 'c']);
    expect(takeAll(q)).toEqual([]);
  });

  it('a key added while processing waits until Done, then is queued once', () => {
    const q = createWorkQueue();
    add(q, 'a');
    expect(takeAll(q)).toEqual(['a']);
    hold(q, 'a'); // the sync's status update is out
    hold(q, 'a'); // and a create
    add(q, 'a');
    add(q, 'a');
    expect(takeAll(q)).toEqual([]);
    expect(done(q, 'a')).toBe(false); // one request still out
    expect(takeAll(q)).toEqual([]);
    expect(done(q, 'a')).toBe(true);
    expect(takeAll(q)).toEqual(['a']);
  });

  it('Done with nothing added meanwhile queues nothing', () => {
    const q = createWorkQueue();
    hold(q, 'a');
    expect(done(q, 'a')).toBe(false);
    expect(takeAll(q)).toEqual([]);
    add(q, 'a');
    expect(takeAll(q)).toEqual(['a']);
  });

  it('never hands out a key that is processing, whatever the order of adds, takes, holds and dones', () => {
    const op = fc.oneof(
      fc.record({ t: fc.constant('add' as const), k: fc.constantFrom('a', 'b', 'c') }),
      fc.record({ t: fc.constant('take' as const) }),
      fc.record({ t: fc.constant('done' as const), k: fc.constantFrom('a', 'b', 'c') }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const q = createWorkQueue();
        const outstanding: Record<string, number> = {};
        const addedWhileBusy = new Set<string>();
        for (const o of ops) {
          if (o.t === 'add') {
            if (outstanding[o.k]) addedWhileBusy.add(o.k);
            add(q, o.k);
          } else if (o.t === 'take') {
            const keys = takeAll(q);
            expect(new Set(keys).size).toBe(keys.length);
            for (const k of keys) {
              expect(outstanding[k] ?? 0).toBe(0);
              // Each sync sends one or two requests.
              const n = 1 + (k.charCodeAt(0) % 2);
              outstanding[k] = n;
              for (let i = 0; i < n; i++) hold(q, k);
            }
          } else if (outstanding[o.k]) {
            const requeued = done(q, o.k);
            outstanding[o.k]!--;
            expect(requeued).toBe(outstanding[o.k] === 0 && addedWhileBusy.has(o.k));
            if (outstanding[o.k] === 0) addedWhileBusy.delete(o.k);
          }
        }
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});
