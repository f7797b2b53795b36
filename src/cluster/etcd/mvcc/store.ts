/**
 * etcd's MVCC key-value store: the state machine every member applies committed entries to.
 *
 * Semantics (etcd docs learning/data_model.md; reference §9.6 and the recorded run §13.1):
 * one cluster-wide `revision`, starting at 1 and bumped once by every transaction that changes
 * something; per key `create_revision` (start of the key's current generation), `mod_revision`
 * (last change) and `version` (1 on create, +1 per put; a delete ends the generation). History
 * stays readable (`--rev`) until compacted; compaction keeps the newest value of every key.
 */
import { fnv1a32 } from '../../../kernel/index.ts';

export interface KeyValue {
  key: string;
  value: string;
  create_revision: number;
  mod_revision: number;
  version: number;
  lease: number;
}

export interface MvccEvent {
  type: 'PUT' | 'DELETE';
  /** For DELETE: only key and mod_revision (the deletion's revision) are set. */
  kv: KeyValue;
  prevKv?: KeyValue;
}

export type MvccError = 'etcdserver: mvcc: required revision has been compacted' | 'etcdserver: mvcc: required revision is a future revision';

export const ERR_COMPACTED: MvccError = 'etcdserver: mvcc: required revision has been compacted';
export const ERR_FUTURE_REV: MvccError = 'etcdserver: mvcc: required revision is a future revision';

/** One revision of a key: its value then, or a tombstone (null) where a delete ended a generation. */
interface KeyRevision {
  revision: number;
  kv: KeyValue | null;
}

export interface MvccStore {
  revision: number;
  compactRevision: number;
  /** Per key, its revisions in increasing order (etcd's keyIndex). */
  keys: Record<string, KeyRevision[]>;
  /** Every change since the compact revision, in order: what watches replay from --rev. */
  events: MvccEvent[];
}

export interface RangeOptions {
  /** undefined: the single key; '\0': every key >= key; else keys in [key, rangeEnd). */
  rangeEnd?: string;
  revision?: number;
  limit?: number;
  countOnly?: boolean;
  keysOnly?: boolean;
}

export interface Compare {
  key: string;
  rangeEnd?: string;
  target: 'VERSION' | 'CREATE' | 'MOD' | 'VALUE' | 'LEASE';
  result: 'EQUAL' | 'GREATER' | 'LESS' | 'NOT_EQUAL';
  value: string | number;
}

export type TxnOp = { type: 'put'; key: string; value: string } | { type: 'delete'; key: string; rangeEnd?: string } | { type: 'range'; key: string; rangeEnd?: string };

export function createStore(): MvccStore {
  return { revision: 1, compactRevision: 0, keys: {}, events: [] };
}

/** clientv3.GetPrefixRangeEnd: the prefix with its last byte below 0xff incremented. */
export function prefixRangeEnd(prefix: string): string {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const c = prefix.charCodeAt(i);
    if (c < 0xff) return prefix.slice(0, i) + String.fromCharCode(c + 1);
  }
  return '\0';
}

function inRange(k: string, key: string, rangeEnd: string | undefined): boolean {
  if (rangeEnd === undefined) return k === key;
  if (rangeEnd === '\0') return k >= key;
  return k >= key && k < rangeEnd;
}

function valueAt(revs: readonly KeyRevision[], revision: number): KeyValue | null {
  let out: KeyValue | null = null;
  for (const r of revs) {
    if (r.revision > revision) break;
    out = r.kv;
  }
  return out;
}

function currentValue(s: MvccStore, key: string): KeyValue | null {
  const revs = s.keys[key];
  return revs ? valueAt(revs, s.revision) : null;
}

function matchingKeys(s: MvccStore, key: string, rangeEnd: string | undefined): string[] {
  if (rangeEnd === undefined) return s.keys[key] ? [key] : [];
  return Object.keys(s.keys)
    .filter((k) => inRange(k, key, rangeEnd))
    .sort();
}

export function range(s: MvccStore, key: string, opts: RangeOptions = {}): { kvs: KeyValue[]; count: number; more: boolean } | { error: MvccError } {
  const revision = opts.revision ?? s.revision;
  if (revision > s.revision) return { error: ERR_FUTURE_REV };
  if (opts.revision !== undefined && revision < s.compactRevision) return { error: ERR_COMPACTED };
  const all: KeyValue[] = [];
  for (const k of matchingKeys(s, key, opts.rangeEnd)) {
    const kv = valueAt(s.keys[k]!, revision);
    if (kv) all.push(opts.keysOnly ? { ...kv, value: '' } : kv);
  }
  const limited = opts.limit !== undefined && opts.limit > 0 ? all.slice(0, opts.limit) : all;
  return { kvs: opts.countOnly ? [] : limited, count: all.length, more: limited.length < all.length };
}

function writePut(s: MvccStore, revision: number, key: string, value: string, lease: number): KeyValue | undefined {
  const prev = currentValue(s, key) ?? undefined;
  const kv: KeyValue = { key, value, create_revision: prev ? prev.create_revision : revision, mod_revision: revision, version: prev ? prev.version + 1 : 1, lease };
  (s.keys[key] ??= []).push({ revision, kv });
  s.events.push(prev ? { type: 'PUT', kv, prevKv: prev } : { type: 'PUT', kv });
  return prev;
}

function writeDelete(s: MvccStore, revision: number, key: string, rangeEnd: string | undefined): KeyValue[] {
  const deleted: KeyValue[] = [];
  for (const k of matchingKeys(s, key, rangeEnd)) {
    const prev = currentValue(s, k);
    if (!prev) continue;
    s.keys[k]!.push({ revision, kv: null });
    s.events.push({ type: 'DELETE', kv: { key: k, value: '', create_revision: 0, mod_revision: revision, version: 0, lease: 0 }, prevKv: prev });
    deleted.push(prev);
  }
  return deleted;
}

function liveCount(s: MvccStore, key: string, rangeEnd: string | undefined): number {
  return matchingKeys(s, key, rangeEnd).filter((k) => currentValue(s, k) !== null).length;
}

export function put(s: MvccStore, key: string, value: string, lease = 0): { revision: number; prevKv?: KeyValue } {
  s.revision++;
  const prev = writePut(s, s.revision, key, value, lease);
  return prev ? { revision: s.revision, prevKv: prev } : { revision: s.revision };
}

/** Deleting nothing does not create a revision (reference §13.1: `del nonexist` → 0). */
export function deleteRange(s: MvccStore, key: string, rangeEnd?: string): { revision: number; deleted: number; prevKvs: KeyValue[] } {
  if (liveCount(s, key, rangeEnd) === 0) return { revision: s.revision, deleted: 0, prevKvs: [] };
  s.revision++;
  const prevKvs = writeDelete(s, s.revision, key, rangeEnd);
  return { revision: s.revision, deleted: prevKvs.length, prevKvs };
}

/** A compare against a missing key sees version/create/mod/lease 0; a value compare fails. */
function compareHolds(s: MvccStore, c: Compare): boolean {
  const kv = currentValue(s, c.key);
  if (c.target === 'VALUE' && !kv) return false;
  const actual = { VERSION: kv?.version ?? 0, CREATE: kv?.create_revision ?? 0, MOD: kv?.mod_revision ?? 0, LEASE: kv?.lease ?? 0, VALUE: kv?.value ?? '' }[c.target];
  const expected = c.target === 'VALUE' ? String(c.value) : Number(c.value);
  switch (c.result) {
    case 'EQUAL':
      return actual === expected;
    case 'NOT_EQUAL':
      return actual !== expected;
    case 'GREATER':
      return actual > expected;
    case 'LESS':
      return actual < expected;
  }
}

/** All operations of a transaction share one revision, bumped only if something changes. */
export function txn(s: MvccStore, req: { compare: Compare[]; success: TxnOp[]; failure: TxnOp[] }): { succeeded: boolean; revision: number; responses: object[] } {
  const succeeded = req.compare.every((c) => compareHolds(s, c));
  const ops = succeeded ? req.success : req.failure;
  const changes = ops.some((o) => o.type === 'put' || (o.type === 'delete' && liveCount(s, o.key, o.rangeEnd) > 0));
  const revision = changes ? s.revision + 1 : s.revision;
  const responses: object[] = [];
  for (const o of ops) {
    if (o.type === 'put') {
      writePut(s, revision, o.key, o.value, 0);
      responses.push({});
    } else if (o.type === 'delete') {
      responses.push({ deleted: writeDelete(s, revision, o.key, o.rangeEnd).length });
    } else {
      const r = range(s, o.key, o.rangeEnd !== undefined ? { rangeEnd: o.rangeEnd } : {});
      responses.push('kvs' in r ? { kvs: r.kvs, count: r.count } : {});
    }
  }
  s.revision = revision;
  return { succeeded, revision, responses };
}

/**
 * Compaction to `revision` forgets history below it; the value each key had at `revision`
 * stays readable. Compacting to or below the current compact revision is an error, as is a
 * future revision.
 */
export function compact(s: MvccStore, revision: number): { error?: MvccError } {
  if (revision <= s.compactRevision) return { error: ERR_COMPACTED };
  if (revision > s.revision) return { error: ERR_FUTURE_REV };
  for (const k of Object.keys(s.keys)) {
    const revs = s.keys[k]!;
    let keepFrom = 0;
    for (let i = 0; i < revs.length; i++) if (revs[i]!.revision <= revision) keepFrom = i;
    const kept = revs.slice(keepFrom);
    if (kept.length === 1 && kept[0]!.kv === null) delete s.keys[k];
    else s.keys[k] = kept;
  }
  s.events = s.events.filter((e) => e.kv.mod_revision > revision);
  s.compactRevision = revision;
  return {};
}

/** Events for a watch starting at `startRevision` (etcdctl watch --rev). */
export function eventsSince(s: MvccStore, key: string, rangeEnd: string | undefined, startRevision: number): MvccEvent[] | { error: MvccError } {
  if (startRevision <= s.compactRevision) return { error: ERR_COMPACTED };
  return s.events.filter((e) => e.kv.mod_revision >= startRevision && inRange(e.kv.key, key, rangeEnd));
}

export function cloneStore(s: MvccStore): MvccStore {
  return structuredClone(s);
}

export function totalKeys(s: MvccStore): number {
  return Object.keys(s.keys).filter((k) => currentValue(s, k) !== null).length;
}

/**
 * A deterministic 32-bit FNV-1a hash of the live content and revision, shown as `snapshot
 * status` HASH. Not etcd's hash of the bbolt file (which depends on page layout), but it changes
 * exactly when the data does.
 */
export function hashStore(s: MvccStore): number {
  return fnv1a32(JSON.stringify([s.revision, Object.keys(s.keys).sort().map((k) => currentValue(s, k))]));
}

/**
 * An estimate of the bbolt file size: a fresh etcd db is 20 kB (20480 bytes, reference §13.0);
 * it grows in 4 KiB pages with every stored revision (about 64 bytes of overhead each plus key
 * and value) until compaction and defragmentation.
 */
export function dbSizeBytes(s: MvccStore): number {
  let bytes = 0;
  for (const revs of Object.values(s.keys)) for (const r of revs) bytes += 64 + (r.kv ? r.kv.key.length + r.kv.value.length : 0);
  return 20480 + Math.ceil(bytes / 4096) * 4096;
}
