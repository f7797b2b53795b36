/**
 * MVCC spec tests. The recorded runs (reference §13.1 and §13.3, a real etcd 3.4.23) are
 * replayed step by step; fast-check properties compare the store with a plain Map model.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  cloneStore,
  compact,
  createStore,
  dbSizeBytes,
  deleteRange,
  ERR_COMPACTED,
  ERR_FUTURE_REV,
  eventsSince,
  hashStore,
  prefixRangeEnd,
  put,
  range,
  storedRevisionCount,
  totalKeys,
  txn,
  valueText,
  type KeyValue,
  type MvccEvent,
  type MvccStore,
} from './store.ts';

const WEB = '/registry/pods/default/web';
const PODS = '/registry/pods/';

function get(s: MvccStore, key: string, revision?: number): KeyValue | undefined | string {
  const r = range(s, key, revision !== undefined ? { revision } : {});
  if ('error' in r) return r.error;
  return r.kvs[0];
}

function events(r: MvccEvent[] | { error: string }): MvccEvent[] {
  if (!Array.isArray(r)) throw new Error(r.error);
  return r;
}

const kv = (key: string, value: string, create: number, mod: number, version: number): KeyValue => ({ key, value, create_revision: create, mod_revision: mod, version, lease: 0 });

/** The §13.1 session up to the first compaction; returns the store at revision 6. */
function recordedSessionTo6(): MvccStore {
  const s = createStore();
  put(s, WEB, 'hello');
  put(s, WEB, 'hello2');
  put(s, 'foo', 'bar');
  deleteRange(s, WEB);
  put(s, WEB, 'v3');
  return s;
}

// etcd data_model.md; reference §13.1 RUN
describe('MVCC revisions: the recorded etcdctl session (etcd data_model.md; reference §13.1 RUN)', () => {
  it('put, put, put foo, del, put: revisions 2..6, versions and create revisions', () => {
    const s = createStore();
    expect(s.revision).toBe(1);
    expect(put(s, WEB, 'hello')).toEqual({ revision: 2 });
    expect(get(s, WEB)).toEqual(kv(WEB, 'hello', 2, 2, 1));
    expect(put(s, WEB, 'hello2')).toEqual({ revision: 3, prevKv: kv(WEB, 'hello', 2, 2, 1) });
    // get -w json: "revision":3, create_revision 2, mod_revision 3, version 2, value hello2, count 1
    expect(range(s, WEB)).toEqual({ kvs: [kv(WEB, 'hello2', 2, 3, 2)], count: 1, more: false });
    expect(put(s, 'foo', 'bar').revision).toBe(4);
    expect(deleteRange(s, WEB)).toEqual({ revision: 5, deleted: 1, prevKvs: [kv(WEB, 'hello2', 2, 3, 2)] });
    expect(get(s, WEB)).toBeUndefined();
    expect(put(s, WEB, 'v3')).toEqual({ revision: 6 });
    // A new generation: create_revision 6, version back to 1.
    expect(range(s, WEB)).toEqual({ kvs: [kv(WEB, 'v3', 6, 6, 1)], count: 1, more: false });
  });

  it('reads history with --rev: rev 3 is hello2, rev 5 (deleted) is empty, rev 99 is in the future', () => {
    const s = recordedSessionTo6();
    expect(get(s, WEB, 3)).toEqual(kv(WEB, 'hello2', 2, 3, 2));
    expect(get(s, WEB, 2)).toEqual(kv(WEB, 'hello', 2, 2, 1));
    expect(range(s, WEB, { revision: 5 })).toEqual({ kvs: [], count: 0, more: false });
    expect(get(s, WEB, 99)).toBe(ERR_FUTURE_REV);
  });

  it('compaction 5: --rev=3 and watch --rev=2 are compacted, compacting again errors, --rev=99 is future', () => {
    const s = recordedSessionTo6();
    expect(compact(s, 5)).toEqual({});
    expect(s.compactRevision).toBe(5);
    expect(get(s, WEB, 3)).toBe(ERR_COMPACTED);
    expect(eventsSince(s, WEB, undefined, 2)).toEqual({ error: ERR_COMPACTED });
    expect(get(s, WEB, 99)).toBe(ERR_FUTURE_REV);
    expect(compact(s, 5)).toEqual({ error: ERR_COMPACTED });
    expect(compact(s, 4)).toEqual({ error: ERR_COMPACTED });
    expect(compact(s, 7)).toEqual({ error: ERR_FUTURE_REV });
    // The newest value of every key survives, readable at and above the compact revision.
    expect(get(s, 'foo', 5)).toEqual(kv('foo', 'bar', 4, 4, 1));
    expect(get(s, WEB, 5)).toBeUndefined();
    expect(get(s, WEB)).toEqual(kv(WEB, 'v3', 6, 6, 1));
  });

  it('del nonexist deletes 0 and creates no revision', () => {
    const s = recordedSessionTo6();
    compact(s, 5);
    expect(deleteRange(s, 'nonexist')).toEqual({ revision: 6, deleted: 0, prevKvs: [] });
    expect(s.revision).toBe(6);
  });

  it('watch --rev=6 replays the put of v3', () => {
    const s = recordedSessionTo6();
    compact(s, 5);
    expect(eventsSince(s, WEB, undefined, 6)).toEqual([{ type: 'PUT', kv: kv(WEB, 'v3', 6, 6, 1) }]);
  });

  it('watch --prefix: put v4 is rev 7 (create 6, version 2); the delete at rev 8 carries only key and mod_revision', () => {
    const s = recordedSessionTo6();
    compact(s, 5);
    put(s, WEB, 'v4');
    deleteRange(s, WEB);
    const evs = events(eventsSince(s, PODS, prefixRangeEnd(PODS), 7));
    expect(evs.map((e) => ({ type: e.type, kv: e.kv }))).toEqual([
      { type: 'PUT', kv: kv(WEB, 'v4', 6, 7, 2) },
      { type: 'DELETE', kv: { key: WEB, value: '', create_revision: 0, mod_revision: 8, version: 0, lease: 0 } },
    ]);
    expect(evs[1]!.prevKv).toEqual(kv(WEB, 'v4', 6, 7, 2));
  });

  it('watch --prev-kv: put 1, put 2, del carry the previous values', () => {
    const s = createStore();
    const a = '/registry/pods/default/a';
    put(s, a, '1');
    put(s, a, '2');
    deleteRange(s, a);
    const evs = events(eventsSince(s, PODS, prefixRangeEnd(PODS), 1));
    expect(evs.map((e) => [e.type, e.prevKv?.value ?? null, e.kv.value])).toEqual([
      ['PUT', null, '1'],
      ['PUT', '1', '2'],
      ['DELETE', '2', ''],
    ]);
  });
});

// reference §13.3 RUN (snapshot save/status/restore of the same cluster)
describe('snapshots of the recorded store (reference §13.3 RUN)', () => {
  /** §13.1 then §13.2 up to revision 12; the key written at rev 12 is not recorded, 'k' stands in. */
  function recordedStoreAt12(): MvccStore {
    const s = recordedSessionTo6();
    compact(s, 5);
    put(s, WEB, 'v4');
    deleteRange(s, WEB);
    const a = '/registry/pods/default/a';
    put(s, a, '1');
    put(s, a, '2');
    deleteRange(s, a);
    put(s, 'k', 'v');
    expect(s.revision).toBe(12);
    return s;
  }

  it('a restored copy keeps revision, compact revision and history; later writes to the old store are lost', () => {
    const old = recordedStoreAt12();
    const restored = cloneStore(old);
    put(old, 'after-snapshot', 'x');
    expect(old.revision).toBe(13);
    expect(get(restored, 'after-snapshot')).toBeUndefined();
    expect(get(restored, 'foo')).toEqual(kv('foo', 'bar', 4, 4, 1));
    expect(put(restored, 'new-after-restore', 'y').revision).toBe(13);
    expect(get(restored, WEB, 7)).toEqual(kv(WEB, 'v4', 6, 7, 2));
    expect(get(restored, WEB, 3)).toBe(ERR_COMPACTED);
  });

  it('snapshot status inputs: 8 stored revision rows (TOTAL KEYS 16 = 8 + etcd bookkeeping), 20 kB', () => {
    const s = recordedStoreAt12();
    // Rows: foo@4, web@6,7,8(tombstone), a@9,10,11(tombstone), k@12. Rows 2, 3 and the tombstone at 5 were compacted away.
    expect(storedRevisionCount(s)).toBe(8);
    expect(totalKeys(s)).toBe(2);
    expect(dbSizeBytes(s)).toBe(20480);
    expect(dbSizeBytes(createStore())).toBe(20480);
  });

  it('HASH is deterministic and changes with the data, not with dead history', () => {
    const s = recordedStoreAt12();
    expect(hashStore(cloneStore(s))).toBe(hashStore(s));
    const before = hashStore(s);
    put(s, 'k', 'other');
    expect(hashStore(s)).not.toBe(before);
  });

  it('the size estimate grows in 4096-byte pages with stored history', () => {
    const s = createStore();
    for (let i = 0; i < 200; i++) put(s, `/registry/pods/default/p${i}`, 'x'.repeat(100));
    const size = dbSizeBytes(s);
    expect(size).toBeGreaterThan(20480);
    expect((size - 20480) % 4096).toBe(0);
  });
});

describe('range options (etcd kvstore_txn.go rangeKeys, apply.go Range)', () => {
  function abc(): MvccStore {
    const s = createStore();
    for (const k of ['b', 'a', 'c', 'ab']) put(s, k, k.toUpperCase());
    return s;
  }

  it('rangeEnd: undefined is one key, "\\0" is every key >= key, otherwise [key, rangeEnd); sorted by key', () => {
    const s = abc();
    const keys = (key: string, rangeEnd?: string) => {
      const r = range(s, key, rangeEnd !== undefined ? { rangeEnd } : {});
      return 'kvs' in r ? r.kvs.map((x) => x.key) : r.error;
    };
    expect(keys('a')).toEqual(['a']);
    expect(keys('a', '\0')).toEqual(['a', 'ab', 'b', 'c']);
    expect(keys('ab', '\0')).toEqual(['ab', 'b', 'c']);
    expect(keys('a', 'c')).toEqual(['a', 'ab', 'b']);
    expect(keys('a', prefixRangeEnd('a'))).toEqual(['a', 'ab']);
    expect(keys('', '\0')).toEqual(['a', 'ab', 'b', 'c']);
  });

  it('limit sets more; countOnly returns only the count; keysOnly drops values', () => {
    const s = abc();
    expect(range(s, 'a', { rangeEnd: '\0', limit: 2 })).toMatchObject({ count: 4, more: true, kvs: [{ key: 'a' }, { key: 'ab' }] });
    expect(range(s, 'a', { rangeEnd: '\0', limit: 4 })).toMatchObject({ count: 4, more: false });
    expect(range(s, 'a', { rangeEnd: '\0', countOnly: true })).toEqual({ kvs: [], count: 4, more: false });
    const r = range(s, 'a', { keysOnly: true });
    expect('kvs' in r && r.kvs[0]).toMatchObject({ key: 'a', value: '', version: 1 });
  });

  it('revision 0 means the current revision', () => {
    const s = abc();
    compact(s, 3);
    expect(range(s, 'c', { revision: 0 })).toMatchObject({ count: 1 });
  });

  it('prefix range end increments the last byte (clientv3.GetPrefixRangeEnd)', () => {
    expect(prefixRangeEnd('/registry/')).toBe('/registry0');
    expect(prefixRangeEnd('a\xff')).toBe('b');
    expect(prefixRangeEnd('')).toBe('\0');
    expect(prefixRangeEnd('\xff')).toBe('\0');
  });

  it('keys named like Object.prototype members are ordinary keys', () => {
    const s = createStore();
    put(s, '__proto__', 'x');
    put(s, 'constructor', 'y');
    expect(get(s, '__proto__')).toMatchObject({ value: 'x', version: 1 });
    expect(totalKeys(s)).toBe(2);
  });
});

describe('transactions (etcd apply.go applyCompare/applyTxn)', () => {
  it('applies one branch under one revision', () => {
    const s = createStore();
    put(s, 'foo', 'bar');
    const r = txn(s, {
      compare: [{ key: 'foo', target: 'VALUE', result: 'EQUAL', value: 'bar' }],
      success: [
        { type: 'put', key: 'foo', value: 'baz' },
        { type: 'put', key: 'x', value: '1' },
        { type: 'range', key: 'x' },
      ],
      failure: [],
    });
    expect(r.succeeded).toBe(true);
    expect(r.revision).toBe(3);
    expect(get(s, 'x')).toEqual(kv('x', '1', 3, 3, 1));
    expect(get(s, 'foo')).toEqual(kv('foo', 'baz', 2, 3, 2));
    // A read inside the txn sees the txn's own earlier writes.
    expect(r.responses[2]).toMatchObject({ type: 'range', count: 1, kvs: [{ key: 'x', value: '1' }] });
    expect(r.responses[0]).toEqual({ type: 'put', prevKv: kv('foo', 'bar', 2, 2, 1) });
  });

  it('runs the failure branch when a compare fails', () => {
    const s = createStore();
    put(s, 'foo', 'bar');
    const r = txn(s, { compare: [{ key: 'foo', target: 'MOD', result: 'GREATER', value: 2 }], success: [{ type: 'put', key: 'ok', value: '1' }], failure: [{ type: 'delete', key: 'foo' }] });
    expect(r).toMatchObject({ succeeded: false, revision: 3, responses: [{ type: 'delete', deleted: 1 }] });
    expect(get(s, 'ok')).toBeUndefined();
  });

  it('a missing key compares as version/create/mod/lease 0, and any VALUE compare on it fails', () => {
    const s = createStore();
    const holds = (c: Parameters<typeof txn>[1]['compare'][number]) => txn(s, { compare: [c], success: [], failure: [] }).succeeded;
    expect(holds({ key: 'nope', target: 'VERSION', result: 'EQUAL', value: 0 })).toBe(true);
    expect(holds({ key: 'nope', target: 'CREATE', result: 'EQUAL', value: 0 })).toBe(true);
    expect(holds({ key: 'nope', target: 'MOD', result: 'LESS', value: 1 })).toBe(true);
    expect(holds({ key: 'nope', target: 'VALUE', result: 'EQUAL', value: '' })).toBe(false);
    expect(holds({ key: 'nope', target: 'VALUE', result: 'NOT_EQUAL', value: 'x' })).toBe(false);
    expect(s.revision).toBe(1);
  });

  it('a compare over a range must hold for every key in it', () => {
    const s = createStore();
    put(s, 'a1', 'x');
    put(s, 'a2', 'x');
    put(s, 'a2', 'y');
    const versionOne = (result: 'EQUAL' | 'GREATER') => txn(s, { compare: [{ key: 'a', rangeEnd: 'b', target: 'VERSION', result, value: result === 'EQUAL' ? 1 : 0 }], success: [], failure: [] }).succeeded;
    expect(versionOne('EQUAL')).toBe(false);
    expect(versionOne('GREATER')).toBe(true);
  });

  it('does not bump the revision when nothing changes (reads only, or deletes of nothing)', () => {
    const s = createStore();
    put(s, 'foo', 'bar');
    const r = txn(s, { compare: [], success: [{ type: 'range', key: 'foo' }, { type: 'delete', key: 'nope' }], failure: [] });
    expect(r).toMatchObject({ succeeded: true, revision: 2, responses: [{ type: 'range', count: 1 }, { type: 'delete', deleted: 0 }] });
    expect(s.revision).toBe(2);
  });

  it('a delete then put of one key in a txn starts a new generation at the txn revision', () => {
    const s = createStore();
    put(s, 'k', '1');
    put(s, 'k', '2');
    txn(s, { compare: [], success: [{ type: 'delete', key: 'k' }, { type: 'put', key: 'k', value: '3' }], failure: [] });
    expect(get(s, 'k')).toEqual(kv('k', '3', 4, 4, 1));
    expect(events(eventsSince(s, 'k', undefined, 4)).map((e) => e.type)).toEqual(['DELETE', 'PUT']);
  });
});

describe('compaction details (etcd key_index.go compact, watcher_group.go chooseAll)', () => {
  it('a watch may start exactly at the compact revision; a tombstone at it is gone, a put at it replays without prevKv', () => {
    const s = createStore();
    put(s, 'a', '1'); // 2
    put(s, 'b', '1'); // 3
    txn(s, { compare: [], success: [{ type: 'delete', key: 'a' }, { type: 'put', key: 'b', value: '2' }], failure: [] }); // 4
    put(s, 'b', '3'); // 5
    compact(s, 4);
    expect(events(eventsSince(s, '', '\0', 4))).toEqual([
      { type: 'PUT', kv: kv('b', '2', 3, 4, 2) },
      { type: 'PUT', kv: kv('b', '3', 3, 5, 3), prevKv: kv('b', '2', 3, 4, 2) },
    ]);
    expect(eventsSince(s, '', '\0', 3)).toEqual({ error: ERR_COMPACTED });
    expect(storedRevisionCount(s)).toBe(2);
    expect(get(s, 'a', 4)).toBeUndefined();
    expect(get(s, 'b', 4)).toEqual(kv('b', '2', 3, 4, 2));
  });

  it('a watch from a future revision has nothing to replay yet', () => {
    const s = createStore();
    put(s, 'a', '1');
    expect(eventsSince(s, 'a', undefined, 10)).toEqual([]);
  });

  it('cloneStore is a deep copy', () => {
    const s = createStore();
    put(s, 'a', '1');
    const c = cloneStore(s);
    put(c, 'a', '2');
    expect(get(s, 'a')).toMatchObject({ value: '1' });
    expect(s.revision).toBe(2);
  });

  it('cloneStore: writes, deletes and compactions on either side leave the other as it was', () => {
    const s = createStore();
    put(s, 'a', '1');
    put(s, 'b', '1');
    put(s, 'a', '2');
    const before = structuredClone(s);
    const c = cloneStore(s);
    expect(c).toEqual(before);
    put(c, 'a', '3');
    deleteRange(c, 'b');
    txn(c, { compare: [], success: [{ type: 'put', key: 'c', value: 'x' }], failure: [] });
    compact(c, c.revision);
    expect(s).toEqual(before);
    const after = structuredClone(c);
    put(s, 'a', '9');
    deleteRange(s, 'a');
    compact(s, s.revision);
    expect(c).toEqual(after);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: the store agrees with a naive model. fast-check prints the seed and path on failure;
// rerun with FC_SEED=<seed> to reproduce.

interface ModelKv {
  value: string;
  create: number;
  mod: number;
  version: number;
}

type Op =
  | { kind: 'put'; key: string; value: string }
  | { kind: 'del'; key: string; rangeEnd?: string }
  | { kind: 'compact'; back: number }
  | { kind: 'txn'; cmpKey: string; version: number; puts: { key: string; value: string }[]; dels: string[] };

const KEYS = ['a', 'ab', 'b', 'c', 'd'];
const keyArb = fc.constantFrom(...KEYS);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('put' as const), key: keyArb, value: fc.string({ maxLength: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('del' as const), key: keyArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('del' as const), key: keyArb, rangeEnd: fc.constantFrom('\0', 'b', 'c', 'e') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('compact' as const), back: fc.nat({ max: 4 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('txn' as const),
      cmpKey: keyArb,
      version: fc.nat({ max: 2 }),
      puts: fc.uniqueArray(fc.record({ key: keyArb, value: fc.string({ maxLength: 2 }) }), { selector: (p) => p.key, maxLength: 2 }),
      dels: fc.uniqueArray(keyArb, { maxLength: 2 }),
    }),
  },
);

const fcParams = { numRuns: 300, ...(process.env['FC_SEED'] ? { seed: Number(process.env['FC_SEED']) } : {}) };

function modelRange(m: Map<string, ModelKv>, key: string, rangeEnd: string | undefined): string[] {
  return [...m.keys()].filter((k) => (rangeEnd === undefined ? k === key : rangeEnd === '\0' ? k >= key : k >= key && k < rangeEnd)).sort();
}

function asKv(key: string, m: ModelKv): KeyValue {
  return kv(key, m.value, m.create, m.mod, m.version);
}

function snapshotOf(m: Map<string, ModelKv>): KeyValue[] {
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => asKv(k, v));
}

describe('MVCC property: the store agrees with a plain map model', () => {
  it('current and historical ranges, revisions, watch replay and compaction match the model', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const s = createStore();
        const model = new Map<string, ModelKv>();
        const history: KeyValue[][] = [[], []]; // index = revision: the full content at that revision
        let revision = 1;
        let compactRevision = 0;

        const modelPut = (key: string, value: string, rev: number) => {
          const prev = model.get(key);
          model.set(key, { value, create: prev ? prev.create : rev, mod: rev, version: prev ? prev.version + 1 : 1 });
        };

        for (const op of ops) {
          let effective = false;
          if (op.kind === 'put') {
            modelPut(op.key, op.value, revision + 1);
            expect(put(s, op.key, op.value).revision).toBe(revision + 1);
            effective = true;
          } else if (op.kind === 'del') {
            const doomed = modelRange(model, op.key, op.rangeEnd);
            for (const k of doomed) model.delete(k);
            expect(deleteRange(s, op.key, op.rangeEnd).deleted).toBe(doomed.length);
            effective = doomed.length > 0;
          } else if (op.kind === 'compact') {
            const target = revision - op.back;
            const r = compact(s, target);
            if (target <= compactRevision) expect(r).toEqual({ error: ERR_COMPACTED });
            else {
              expect(r).toEqual({});
              compactRevision = target;
            }
          } else {
            const v = model.get(op.cmpKey)?.version ?? 0;
            const succeeded = v === op.version;
            const r = txn(s, {
              compare: [{ key: op.cmpKey, target: 'VERSION', result: 'EQUAL', value: op.version }],
              success: [...op.dels.map((key) => ({ type: 'delete' as const, key })), ...op.puts.map((p) => ({ type: 'put' as const, key: p.key, value: p.value }))],
              failure: [],
            });
            expect(r.succeeded).toBe(succeeded);
            if (succeeded) {
              for (const k of op.dels) if (model.delete(k)) effective = true;
              for (const p of op.puts) {
                modelPut(p.key, p.value, revision + 1);
                effective = true;
              }
            }
          }
          if (effective) {
            revision++;
            history[revision] = snapshotOf(model);
          }
          expect(s.revision).toBe(revision);
        }

        expect(s.compactRevision).toBe(compactRevision);
        const now = range(s, '', { rangeEnd: '\0' });
        expect(now).toEqual({ kvs: snapshotOf(model), count: model.size, more: false });
        expect(totalKeys(s)).toBe(model.size);

        // Every revision from the compact revision up reads as it was; below it is compacted.
        for (let r = Math.max(1, compactRevision); r <= revision; r++) {
          const at = range(s, '', { rangeEnd: '\0', revision: r });
          expect(at).toEqual({ kvs: history[r], count: history[r]!.length, more: false });
        }
        if (compactRevision > 1) expect(range(s, '', { rangeEnd: '\0', revision: compactRevision - 1 })).toEqual({ error: ERR_COMPACTED });
        expect(range(s, '', { rangeEnd: '\0', revision: revision + 1 })).toEqual({ error: ERR_FUTURE_REV });

        // Replaying the watch history from the compact revision onto the content there gives the content now.
        const start = Math.max(1, compactRevision);
        const replayed = new Map(history[start]!.map((x) => [x.key, x] as const));
        // Events at exactly the compact revision (when a watch starts there) are already in the base.
        for (const e of events(eventsSince(s, '', '\0', start + 1))) {
          if (e.type === 'PUT') replayed.set(e.kv.key, e.kv);
          else replayed.delete(e.kv.key);
        }
        expect(snapshotOf(new Map([...replayed].map(([k, x]) => [k, { value: valueText(x.value), create: x.create_revision, mod: x.mod_revision, version: x.version }])))).toEqual(snapshotOf(model));

        // A snapshot copy is independent and equal.
        const copy = cloneStore(s);
        expect(hashStore(copy)).toBe(hashStore(s));
        expect(dbSizeBytes(copy)).toBe(dbSizeBytes(s));
      }),
      fcParams,
    );
  });

  it('watch events are in revision order, each PUT/DELETE carrying the value before it', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ del: fc.boolean(), key: keyArb, value: fc.string({ maxLength: 2 }) }), { maxLength: 40 }), (ops) => {
        const s = createStore();
        for (const o of ops) {
          if (o.del) deleteRange(s, o.key);
          else put(s, o.key, o.value);
        }
        const evs = events(eventsSince(s, '', '\0', 1));
        const last = new Map<string, KeyValue>();
        let prevRev = 0;
        for (const e of evs) {
          expect(e.kv.mod_revision).toBeGreaterThan(prevRev);
          prevRev = e.kv.mod_revision;
          expect(e.prevKv).toEqual(last.get(e.kv.key));
          if (e.type === 'PUT') last.set(e.kv.key, e.kv);
          else last.delete(e.kv.key);
        }
        expect(prevRev === 0 ? 1 : prevRev).toBe(s.revision);
      }),
      fcParams,
    );
  });
});

describe('ObjectValue: an object whose JSON is the stored bytes', () => {
  // The apiserver stores objects as ObjectValues and etcd makes their bytes only when something
  // reads them as bytes: whatever reads them must see exactly what storing the text would show.
  it('compares, counts and hashes as its JSON text', () => {
    const object = { kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { a: 'b' } };
    const text = JSON.stringify(object);
    const asObject = createStore();
    const asText = createStore();
    put(asObject, '/registry/configmaps/default/cfg', { object });
    put(asText, '/registry/configmaps/default/cfg', text);
    const got = range(asObject, '/registry/configmaps/default/cfg');
    expect('kvs' in got && valueText(got.kvs[0]!.value)).toBe(text);
    expect(dbSizeBytes(asObject)).toBe(dbSizeBytes(asText));
    expect(hashStore(asObject)).toBe(hashStore(asText));
    // A VALUE compare sees the text.
    const guard = (s: MvccStore, value: string) => txn(s, { compare: [{ key: '/registry/configmaps/default/cfg', target: 'VALUE', result: 'EQUAL', value }], success: [], failure: [] }).succeeded;
    expect(guard(asObject, text)).toBe(true);
    expect(guard(asObject, `${text} `)).toBe(false);
  });
});
