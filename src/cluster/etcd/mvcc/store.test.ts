/**
 * MVCC spec tests. The recorded run (reference §13.1, a real etcd 3.4.23) is replayed step by
 * step; a fast-check property compares the store with a plain Map model.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compact, createStore, deleteRange, eventsSince, prefixRangeEnd, put, range, totalKeys, txn, ERR_COMPACTED, ERR_FUTURE_REV } from './store.ts';

const WEB = '/registry/pods/default/web';

function get(s: ReturnType<typeof createStore>, key: string, revision?: number) {
  const r = range(s, key, revision !== undefined ? { revision } : {});
  if ('error' in r) return r.error;
  return r.kvs[0];
}

describe('MVCC revisions (etcd data_model.md; reference §13.1 RUN)', () => {
  it('replays the recorded session', () => {
    const s = createStore();
    expect(put(s, WEB, 'hello').revision).toBe(2);
    expect(put(s, WEB, 'hello2').revision).toBe(3);
    expect(get(s, WEB)).toEqual({ key: WEB, value: 'hello2', create_revision: 2, mod_revision: 3, version: 2, lease: 0 });
    expect(put(s, 'foo', 'bar').revision).toBe(4);
    expect(deleteRange(s, WEB)).toMatchObject({ revision: 5, deleted: 1 });
    expect(put(s, WEB, 'v3').revision).toBe(6);
    // A new generation: create_revision 6, version back to 1.
    expect(get(s, WEB)).toMatchObject({ create_revision: 6, mod_revision: 6, version: 1, value: 'v3' });
    expect(get(s, WEB, 3)).toMatchObject({ value: 'hello2' });
    expect(get(s, WEB, 5)).toBeUndefined();
    expect(compact(s, 5)).toEqual({});
    expect(get(s, WEB, 3)).toBe(ERR_COMPACTED);
    expect(get(s, WEB, 99)).toBe(ERR_FUTURE_REV);
    expect(compact(s, 5)).toEqual({ error: ERR_COMPACTED });
    expect(eventsSince(s, WEB, undefined, 2)).toEqual({ error: ERR_COMPACTED });
    expect(eventsSince(s, WEB, undefined, 6)).toEqual([{ type: 'PUT', kv: { key: WEB, value: 'v3', create_revision: 6, mod_revision: 6, version: 1, lease: 0 } }]);
  });

  it('deleting a key that does not exist deletes 0 and creates no revision', () => {
    const s = createStore();
    put(s, 'a', '1');
    expect(deleteRange(s, 'nonexist')).toEqual({ revision: 2, deleted: 0, prevKvs: [] });
    expect(s.revision).toBe(2);
  });

  it('watch events carry the previous value (--prev-kv, reference §13.1)', () => {
    const s = createStore();
    put(s, '/registry/pods/default/a', '1');
    put(s, '/registry/pods/default/a', '2');
    deleteRange(s, '/registry/pods/default/a');
    const evs = eventsSince(s, '/registry/pods/', prefixRangeEnd('/registry/pods/'), 1);
    expect(Array.isArray(evs) && evs.map((e) => [e.type, e.prevKv?.value ?? null, e.kv.value])).toEqual([
      ['PUT', null, '1'],
      ['PUT', '1', '2'],
      ['DELETE', '2', ''],
    ]);
  });

  it('a transaction applies one branch under one revision (etcd txn semantics)', () => {
    const s = createStore();
    put(s, 'foo', 'bar');
    const r = txn(s, { compare: [{ key: 'foo', target: 'VALUE', result: 'EQUAL', value: 'bar' }], success: [{ type: 'put', key: 'foo', value: 'baz' }, { type: 'put', key: 'x', value: '1' }], failure: [] });
    expect(r).toMatchObject({ succeeded: true, revision: 3 });
    expect(get(s, 'x')).toMatchObject({ mod_revision: 3 });
    const missing = txn(s, { compare: [{ key: 'nope', target: 'VERSION', result: 'EQUAL', value: 0 }], success: [], failure: [] });
    expect(missing).toMatchObject({ succeeded: true, revision: 3 });
  });

  it('prefix range end increments the last byte (clientv3.GetPrefixRangeEnd)', () => {
    expect(prefixRangeEnd('/registry/')).toBe('/registry0');
    expect(prefixRangeEnd('')).toBe('\0');
  });
});

describe('MVCC property: the store agrees with a plain map', () => {
  const op = fc.oneof(
    fc.record({ kind: fc.constant('put' as const), key: fc.constantFrom('a', 'b', 'c', 'd'), value: fc.string({ maxLength: 3 }) }),
    fc.record({ kind: fc.constant('del' as const), key: fc.constantFrom('a', 'b', 'c', 'd') }),
    fc.record({ kind: fc.constant('compact' as const) }),
  );
  it('latest values, revision count and history reads match the model', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const s = createStore();
        const model = new Map<string, string>();
        const snapshots: Map<string, string>[] = [new Map(), new Map()]; // index = revision
        let revision = 1;
        for (const o of ops) {
          if (o.kind === 'put') {
            put(s, o.key, o.value);
            model.set(o.key, o.value);
            revision++;
            snapshots[revision] = new Map(model);
          } else if (o.kind === 'del') {
            const had = model.delete(o.key);
            deleteRange(s, o.key);
            if (had) {
              revision++;
              snapshots[revision] = new Map(model);
            }
          } else if (revision > s.compactRevision) {
            compact(s, revision);
          }
        }
        expect(s.revision).toBe(revision);
        const all = range(s, '', { rangeEnd: '\0' });
        expect('kvs' in all && all.kvs.map((kv) => [kv.key, kv.value])).toEqual([...model.entries()].sort());
        expect(totalKeys(s)).toBe(model.size);
        for (let r = Math.max(2, s.compactRevision); r <= revision; r++) {
          const at = range(s, '', { rangeEnd: '\0', revision: r });
          expect('kvs' in at && at.kvs.map((kv) => [kv.key, kv.value])).toEqual([...snapshots[r]!.entries()].sort());
        }
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});
