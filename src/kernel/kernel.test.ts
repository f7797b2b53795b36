/** Table-driven tests of the deterministic substrate: PRNG, event order, timers, time formats. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chance, deriveStream, hex32, nextHex64, nextInt, nextU32, seedPrng, uuidV4 } from './prng.ts';
import { createEventQueue, popEvent, pushEvent, removeEvent, type SimEvent } from './eventQueue.ts';
import { cancelTimer, createKernel, isTimerArmed, nextEvent, nextEventTime, schedule, setTimer, traceNow, traceNowCaused } from './kernel.ts';
import { formatVirtualTime } from './trace.ts';
import { isoTimestamp, unixSeconds } from './wallclock.ts';
import { checkInvariants } from './invariants.ts';
import { memoized } from './memo.ts';

describe('prng', () => {
  it('is a pure function of the seed', () => {
    const a = seedPrng(42);
    const b = seedPrng(42);
    const xs = Array.from({ length: 5 }, () => nextU32(a));
    expect(Array.from({ length: 5 }, () => nextU32(b))).toEqual(xs);
    expect(new Set(xs).size).toBe(5);
  });

  it('derives independent streams by label: using one does not shift another', () => {
    const net1 = deriveStream(7, 'network');
    const net2 = deriveStream(7, 'network');
    const other = deriveStream(7, 'raft/cp-1');
    for (let i = 0; i < 100; i++) nextU32(other);
    expect(nextU32(net1)).toBe(nextU32(net2));
    expect(nextU32(deriveStream(7, 'network'))).not.toBe(nextU32(deriveStream(8, 'network')));
  });

  it('draws integers uniformly within [lo, hi) and integer-ratio chances', () => {
    const p = seedPrng(1);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 10_000; i++) counts[nextInt(p, 10, 20) - 10]++;
    for (const c of counts) expect(c).toBeGreaterThan(850);
    let hits = 0;
    for (let i = 0; i < 10_000; i++) if (chance(p, 1, 4)) hits++;
    expect(hits).toBeGreaterThan(2300);
    expect(hits).toBeLessThan(2700);
    expect(chance(p, 0, 100)).toBe(false);
    expect(chance(p, 100, 100)).toBe(true);
    expect(() => nextInt(p, 5, 5)).toThrow(/empty range/);
  });

  it('formats 64-bit ids as etcd prints them (%x, no leading zeros)', () => {
    const id = nextHex64(seedPrng(3));
    expect(id).toMatch(/^[1-9a-f][0-9a-f]{0,15}$/);
  });

  it('hex32 is a u32 as %08x', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => hex32(n) === n.toString(16).padStart(8, '0')));
  });

  it('uuidV4 is an RFC 4122 version 4 UUID made of four draws, as the 32 hex digits they spell', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const draws = seedPrng(seed);
        const hex = [0, 1, 2, 3].map(() => nextU32(draws).toString(16).padStart(8, '0')).join('');
        const id = uuidV4(seedPrng(seed));
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        // Every digit but the version and the variant's is the draws' own.
        const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
        expect(id).toBe(`${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`);
      }),
    );
  });
});

describe('event queue', () => {
  it('orders by time, then by insertion (seq) for equal times', () => {
    const q = createEventQueue();
    const order = [
      [5, 'a'],
      [1, 'b'],
      [5, 'c'],
      [0, 'd'],
      [1, 'e'],
    ] as const;
    for (const [time, target] of order) pushEvent(q, { time, kind: 'x', target, payload: null });
    const out: string[] = [];
    for (let e = popEvent(q); e; e = popEvent(q)) out.push(e.target);
    expect(out).toEqual(['d', 'b', 'e', 'a', 'c']);
  });

  it('removing events keeps the others in (time, seq) order and every event knows its slot (property)', () => {
    const op = fc.oneof(
      fc.record({ op: fc.constant('push' as const), time: fc.integer({ min: 0, max: 20 }) }),
      fc.record({ op: fc.constant('remove' as const), pick: fc.nat() }),
      fc.record({ op: fc.constant('pop' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const q = createEventQueue();
        let model: SimEvent[] = [];
        const before = (a: SimEvent, b: SimEvent) => a.time - b.time || a.seq - b.seq;
        for (const o of ops) {
          if (o.op === 'push') model.push(pushEvent(q, { time: o.time, kind: 'x', target: 't', payload: null }));
          else if (o.op === 'remove' && model.length > 0) {
            const ev = model[o.pick % model.length]!;
            removeEvent(q, ev);
            removeEvent(q, ev); // a second removal of the same event changes nothing
            expect(ev.pos).toBe(-1);
            model = model.filter((e) => e !== ev);
          } else if (o.op === 'pop') {
            const e = popEvent(q);
            const want = [...model].sort(before)[0];
            expect(e).toBe(want);
            model = model.filter((x) => x !== e);
          }
          expect(q.heap.length).toBe(model.length);
          q.heap.forEach((e, i) => {
            expect(e.pos).toBe(i);
            if (i > 0) expect(before(q.heap[(i - 1) >> 1]!, e)).toBeLessThan(0);
          });
        }
        const rest: SimEvent[] = [];
        for (let e = popEvent(q); e; e = popEvent(q)) rest.push(e);
        expect(rest).toEqual([...model].sort(before));
      }),
      { numRuns: 500 },
    );
  });
});

describe('timers', () => {
  it('a cancelled timer never fires; a re-armed one fires only at its new time', () => {
    const k = createKernel(1);
    setTimer(k, 'pod/backoff', 100, 'pod', 'first');
    setTimer(k, 'election', 50, 'raft', 'e1');
    cancelTimer(k, 'election');
    setTimer(k, 'pod/backoff', 300, 'pod', 'second'); // supersedes the first arming
    schedule(k, 200, 'net.deliver', 'cp-1', 'msg');
    expect(isTimerArmed(k, 'election')).toBe(false);
    expect(nextEventTime(k)).toBe(200);
    const fired: string[] = [];
    for (let e = nextEvent(k, 1000); e; e = nextEvent(k, 1000)) fired.push(`${e.time}:${String(e.payload)}`);
    expect(fired).toEqual(['200:msg', '300:second']);
    expect(k.now).toBe(1000);
  });

  it('a timer re-armed sooner that fires does not bring back the later arming it superseded', () => {
    // kube-proxy's runner does exactly this: a 30 s periodic arming, then a change re-arms the same
    // key for 1 s; when that fires and re-arms for 30 s, the superseded 30 s arming must stay dead.
    const k = createKernel(1);
    setTimer(k, 'kube-proxy/run', 30_000, 'kube-proxy', 'periodic');
    setTimer(k, 'kube-proxy/run', 1_000, 'kube-proxy', 'soon');
    const fired: string[] = [];
    for (let e = nextEvent(k, 100_000); e; e = nextEvent(k, 100_000)) {
      fired.push(`${e.time}:${String(e.payload)}`);
      if (e.payload === 'soon') setTimer(k, 'kube-proxy/run', 30_000, 'kube-proxy', 'next');
    }
    expect(fired).toEqual(['1000:soon', '31000:next']);
  });

  it('fires exactly the latest arming of each key (property: any sequence of set, cancel and run)', () => {
    // The model: one pending (time, payload) per key; set replaces it, cancel clears it, firing clears it.
    const op = fc.oneof(
      fc.record({ op: fc.constant('set' as const), key: fc.integer({ min: 0, max: 2 }), delayMs: fc.integer({ min: 0, max: 50 }) }),
      fc.record({ op: fc.constant('cancel' as const), key: fc.integer({ min: 0, max: 2 }) }),
      fc.record({ op: fc.constant('run' as const), forMs: fc.integer({ min: 0, max: 40 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const k = createKernel(1);
        const model = new Map<number, { time: number; id: number }>();
        let id = 0;
        const fired: string[] = [];
        const expected: string[] = [];
        const runUntil = (until: number) => {
          for (;;) {
            const due = [...model].filter(([, a]) => a.time <= until).sort((a, b) => a[1].time - b[1].time || a[1].id - b[1].id)[0];
            if (!due) break;
            model.delete(due[0]);
            expected.push(`${due[1].time}:${due[1].id}`);
          }
          for (let e = nextEvent(k, until); e; e = nextEvent(k, until)) fired.push(`${e.time}:${String(e.payload)}`);
        };
        for (const o of ops) {
          if (o.op === 'set') {
            id++;
            model.set(o.key, { time: k.now + o.delayMs, id });
            setTimer(k, `t${o.key}`, o.delayMs, 'x', id);
          } else if (o.op === 'cancel') {
            model.delete(o.key);
            cancelTimer(k, `t${o.key}`);
          } else runUntil(k.now + o.forMs);
          // Cancelled and superseded armings leave the queue at once: it holds the armed timers only.
          expect(k.queue.heap.length).toBe(model.size);
          expect(k.timers.size).toBe(model.size);
        }
        runUntil(k.now + 1000);
        expect(fired).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects negative or fractional delays', () => {
    const k = createKernel(1);
    expect(() => schedule(k, -1, 'x', 't', null)).toThrow();
    expect(() => setTimer(k, 'k', 1.5, 't', null)).toThrow();
  });
});

describe('trace records', () => {
  it('are stored as the spread { ...rec, cause, t, id } built them: same keys, same order, own object per store', () => {
    const k = createKernel(1);
    k.now = 1500;
    const spread = (rec: object, extra: object) => JSON.stringify({ ...rec, ...extra });
    const a = { source: 'cp-1/etcd', kind: 'etcd.propose', summary: 'put', data: { n: 1 } };
    const expectA = spread(a, { t: 1500, id: 0 });
    expect(traceNow(k, a)).toBe(0);
    // With a cause: appended, or in its own place when the record has the key already.
    const b = { source: 'x', kind: 'y', summary: 'z' };
    const expectB = spread(b, { cause: 0, t: 1500, id: 1 });
    traceNowCaused(k, b, 0);
    const c = { source: 'x', cause: undefined, kind: 'y', summary: 'z' };
    const expectC = spread(c, { cause: 0, t: 1500, id: 2 });
    traceNowCaused(k, c, 0);
    expect(k.trace.records.map((r) => JSON.stringify(r))).toEqual([expectA, expectB, expectC]);
    expect(Object.keys(k.trace.records[2]!)).toEqual(['source', 'cause', 'kind', 'summary', 't', 'id']);
    // The same record stored twice is two records, each with its own id.
    traceNow(k, a);
    expect(k.trace.records[3]).not.toBe(k.trace.records[0]);
    expect([k.trace.records[0]!.id, k.trace.records[3]!.id]).toEqual([0, 3]);
  });
});

describe('time formats', () => {
  it.each([
    [0, '0.000s', '2026-11-22T00:00:00.000Z', '1795305600.000'],
    [5021, '5.021s', '2026-11-22T00:00:05.021Z', '1795305605.021'],
    [86_400_000 + 3_723_004, '90123.004s', '2026-11-23T01:02:03.004Z', '1795395723.004'],
  ])('%i ms', (ms, virtual, iso, unix) => {
    expect(formatVirtualTime(ms)).toBe(virtual);
    expect(isoTimestamp(ms)).toBe(iso);
    expect(unixSeconds(ms)).toBe(unix);
  });
});

describe('invariant runner', () => {
  it('reports each violated invariant with the time', () => {
    const v = checkInvariants({ leaders: 2 }, 1234, [
      { name: 'one leader', check: (w) => (w.leaders > 1 ? `${w.leaders} leaders` : undefined) },
      { name: 'always fine', check: () => undefined },
    ]);
    expect(v).toEqual([{ invariant: 'one leader', atMs: 1234, message: '2 leaders' }]);
  });
});

describe('memoized', () => {
  it('answers as the function does, one answer per argument, and computes again once its bound emptied it', () => {
    let calls = 0;
    const name = memoized((host) => {
      calls++;
      return { host };
    }, 2);
    const a = name('cp-1');
    expect(name('cp-1')).toBe(a);
    expect(a).toEqual({ host: 'cp-1' });
    name('cp-2');
    expect(calls).toBe(2);
    name('cp-3'); // the bound (2) is reached: the memo starts over
    expect(name('cp-1')).toEqual({ host: 'cp-1' });
    expect(name('cp-1')).not.toBe(a);
    expect(calls).toBe(4);
  });
});
