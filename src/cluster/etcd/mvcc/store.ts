/**
 * etcd's MVCC key-value store: the state machine every member applies committed entries to.
 *
 * Semantics (etcd docs learning/data_model.md; reference §9.6 and the recorded run §13.1):
 * one cluster-wide `revision`, starting at 1 and bumped once by every transaction that changes
 * something; per key `create_revision` (start of the key's current generation), `mod_revision`
 * (last change) and `version` (1 on create, +1 per put; a delete ends the generation). History
 * stays readable (`--rev`) until compacted; compaction keeps the newest value of every key.
 *
 * Plain data only (Map, arrays, objects): the world is checkpointed with structuredClone.
 */
import { utf8Length } from '../../../api/names.ts';
import { fnv1a32 } from '../../../kernel/index.ts';

/**
 * A value the apiserver wrote: an object whose JSON is the stored bytes. The bytes are made only
 * when something reads them as bytes (etcdctl, the db size, a snapshot's hash; valueText) and
 * then remembered. Every other reader decodes the value again, so encoding each write at once
 * would be pure cost, the largest of the write path. The object is in its JSON round-trip form
 * and never changed in place, so its text is the one encoding it at write time would have given.
 */
export interface ObjectValue {
  readonly object: object;
}

/** A value as etcd holds it: bytes (a string, as etcdctl put writes them) or an ObjectValue. */
export type StoredValue = string | ObjectValue;

/** The text of ObjectValues already asked for: a memo, not state (a checkpoint's copies make theirs again). */
const objectValueTexts = new WeakMap<ObjectValue, string>();

/** A value's bytes, as etcdctl shows them and the db counts them. */
export function valueText(v: StoredValue): string {
  if (typeof v === 'string') return v;
  let text = objectValueTexts.get(v);
  if (text === undefined) objectValueTexts.set(v, (text = JSON.stringify(v.object)));
  return text;
}

export interface KeyValue {
  key: string;
  value: StoredValue;
  create_revision: number;
  mod_revision: number;
  version: number;
  lease: number;
}

export interface MvccEvent {
  type: 'PUT' | 'DELETE';
  /** For DELETE: only key and mod_revision (the deletion's revision) are set; value '' and the rest 0. */
  kv: KeyValue;
  prevKv?: KeyValue;
}

export type MvccError = 'etcdserver: mvcc: required revision has been compacted' | 'etcdserver: mvcc: required revision is a future revision';

export const ERR_COMPACTED: MvccError = 'etcdserver: mvcc: required revision has been compacted';
export const ERR_FUTURE_REV: MvccError = 'etcdserver: mvcc: required revision is a future revision';

/** One stored revision of a key: its value then, or a tombstone (null) where a delete ended a generation. */
export interface KeyRevision {
  revision: number;
  kv: KeyValue | null;
}

export interface MvccStore {
  revision: number;
  compactRevision: number;
  /**
   * Per key, its stored revisions in increasing order (etcd's keyIndex plus the rows of the
   * bbolt "key" bucket). A Map, not a plain object, so user keys such as `__proto__` are safe.
   */
  keys: Map<string, KeyRevision[]>;
  /** Every change still replayable, in revision (then sub-revision) order: what watches replay from --rev. */
  events: MvccEvent[];
}

export interface RangeOptions {
  /** undefined or '': the single key; '\0': every key >= key; else keys in [key, rangeEnd). */
  rangeEnd?: string;
  /** 0 or undefined: the current revision. */
  revision?: number;
  /** 0 or undefined: no limit. */
  limit?: number;
  countOnly?: boolean;
  keysOnly?: boolean;
}

export type RangeResult = { kvs: KeyValue[]; count: number; more: boolean };

export interface Compare {
  key: string;
  rangeEnd?: string;
  target: 'VERSION' | 'CREATE' | 'MOD' | 'VALUE' | 'LEASE';
  result: 'EQUAL' | 'GREATER' | 'LESS' | 'NOT_EQUAL';
  value: string | number;
}

export type TxnOp = { type: 'put'; key: string; value: StoredValue } | { type: 'delete'; key: string; rangeEnd?: string } | { type: 'range'; key: string; rangeEnd?: string };

/** One response per executed op, in op order (etcd ResponseOp). prevKv/prevKvs are always filled; callers drop them unless asked. */
export type TxnResponse =
  | { type: 'put'; prevKv?: KeyValue }
  | { type: 'delete'; deleted: number; prevKvs: KeyValue[] }
  | ({ type: 'range' } & RangeResult);

export function createStore(): MvccStore {
  return { revision: 1, compactRevision: 0, keys: new Map(), events: [] };
}

/** clientv3.GetPrefixRangeEnd: the prefix with its last byte below 0xff incremented; '' (or all 0xff) means "every key": '\0'. */
export function prefixRangeEnd(prefix: string): string {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const c = prefix.charCodeAt(i);
    if (c < 0xff) return prefix.slice(0, i) + String.fromCharCode(c + 1);
  }
  return '\0';
}

// ---------------------------------------------------------------------------------------------
// Reading history.

function isSingleKey(rangeEnd: string | undefined): boolean {
  // An empty range_end is protobuf's "unset": a single-key request.
  return rangeEnd === undefined || rangeEnd === '';
}

function inRange(k: string, key: string, rangeEnd: string | undefined): boolean {
  if (isSingleKey(rangeEnd)) return k === key;
  if (rangeEnd === '\0') return k >= key;
  return k >= key && k < rangeEnd!;
}

/** Index of the last stored revision <= `revision` (binary search; revisions are appended in order), or -1. */
function lastIndexAtOrBefore(revs: readonly KeyRevision[], revision: number): number {
  let lo = 0;
  let hi = revs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (revs[mid]!.revision <= revision) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function valueAt(revs: readonly KeyRevision[], revision: number): KeyValue | null {
  const i = lastIndexAtOrBefore(revs, revision);
  return i < 0 ? null : revs[i]!.kv;
}

/** The key's value now. Writes never land above s.revision, so the newest stored entry is current. */
function currentValue(s: MvccStore, key: string): KeyValue | null {
  const revs = s.keys.get(key);
  return revs && revs.length > 0 ? revs[revs.length - 1]!.kv : null;
}

/** Stored keys in the range, sorted by key (plain `<` on strings, as the brief's byte order). */
function keysInRange(s: MvccStore, key: string, rangeEnd: string | undefined): string[] {
  if (isSingleKey(rangeEnd)) return s.keys.has(key) ? [key] : [];
  return [...s.keys.keys()].filter((k) => inRange(k, key, rangeEnd)).sort();
}

function liveValuesInRange(s: MvccStore, key: string, rangeEnd: string | undefined): KeyValue[] {
  const out: KeyValue[] = [];
  for (const k of keysInRange(s, key, rangeEnd)) {
    const kv = currentValue(s, k);
    if (kv) out.push(kv);
  }
  return out;
}

/**
 * etcd kvstore_txn.go rangeKeys: a future revision is checked first, 0 means "now", and a
 * revision below the compact revision is gone (the compact revision itself stays readable).
 * `more` follows etcd's apply.go: only when `limit` cut results off (never with countOnly).
 */
export function range(s: MvccStore, key: string, opts: RangeOptions = {}): RangeResult | { error: MvccError } {
  const requested = opts.revision ?? 0;
  if (requested > s.revision) return { error: ERR_FUTURE_REV };
  const revision = requested > 0 ? requested : s.revision;
  if (revision < s.compactRevision) return { error: ERR_COMPACTED };
  const all: KeyValue[] = [];
  for (const k of keysInRange(s, key, opts.rangeEnd)) {
    const kv = valueAt(s.keys.get(k)!, revision);
    if (kv) all.push(opts.keysOnly ? { ...kv, value: '' } : kv);
  }
  if (opts.countOnly) return { kvs: [], count: all.length, more: false };
  const limit = opts.limit ?? 0;
  const kvs = limit > 0 ? all.slice(0, limit) : all;
  return { kvs, count: all.length, more: kvs.length < all.length };
}

// ---------------------------------------------------------------------------------------------
// Writing. Every write of one transaction lands at the same main revision; the order of the
// pushes (into a key's history and into `events`) plays the role of etcd's sub-revisions.

function appendRevision(s: MvccStore, key: string, entry: KeyRevision): void {
  const revs = s.keys.get(key);
  if (revs) revs.push(entry);
  else s.keys.set(key, [entry]);
}

function writePut(s: MvccStore, revision: number, key: string, value: StoredValue, lease: number): KeyValue | undefined {
  const prev = currentValue(s, key) ?? undefined;
  const kv: KeyValue = {
    key,
    value,
    create_revision: prev ? prev.create_revision : revision,
    mod_revision: revision,
    version: prev ? prev.version + 1 : 1,
    lease,
  };
  appendRevision(s, key, { revision, kv });
  s.events.push(prev ? { type: 'PUT', kv, prevKv: prev } : { type: 'PUT', kv });
  return prev;
}

function tombstoneKv(key: string, revision: number): KeyValue {
  return { key, value: '', create_revision: 0, mod_revision: revision, version: 0, lease: 0 };
}

/** Tombstones every live key in the range; returns what was deleted (nothing written if nothing lived). */
function writeDelete(s: MvccStore, revision: number, key: string, rangeEnd: string | undefined): KeyValue[] {
  const deleted = liveValuesInRange(s, key, rangeEnd);
  for (const prev of deleted) {
    appendRevision(s, prev.key, { revision, kv: null });
    s.events.push({ type: 'DELETE', kv: tombstoneKv(prev.key, revision), prevKv: prev });
  }
  return deleted;
}

export function put(s: MvccStore, key: string, value: StoredValue, lease = 0): { revision: number; prevKv?: KeyValue } {
  const revision = s.revision + 1;
  const prevKv = writePut(s, revision, key, value, lease);
  s.revision = revision;
  return prevKv ? { revision, prevKv } : { revision };
}

/** Deleting nothing does not create a revision (reference §13.1: `del nonexist` → 0, revision unchanged). */
export function deleteRange(s: MvccStore, key: string, rangeEnd?: string): { revision: number; deleted: number; prevKvs: KeyValue[] } {
  const prevKvs = writeDelete(s, s.revision + 1, key, rangeEnd);
  if (prevKvs.length > 0) s.revision++;
  return { revision: s.revision, deleted: prevKvs.length, prevKvs };
}

// ---------------------------------------------------------------------------------------------
// Transactions (etcd apply.go applyCompare / applyTxn).

const MISSING_KEY: KeyValue = { key: '', value: '', create_revision: 0, mod_revision: 0, version: 0, lease: 0 };

function compareTarget(kv: KeyValue, target: Compare['target']): string | number {
  switch (target) {
    case 'VERSION':
      return kv.version;
    case 'CREATE':
      return kv.create_revision;
    case 'MOD':
      return kv.mod_revision;
    case 'LEASE':
      return kv.lease;
    case 'VALUE':
      return valueText(kv.value);
  }
}

function compareOne(kv: KeyValue, c: Compare): boolean {
  const actual: string | number = compareTarget(kv, c.target);
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

/**
 * Every key in the compare's range must satisfy it. With no key there, etcd compares a zero
 * KeyValue (version/create/mod/lease 0) — except a VALUE compare, which always fails because
 * gRPC cannot tell a missing value from an empty one.
 */
function compareHolds(s: MvccStore, c: Compare): boolean {
  if (isSingleKey(c.rangeEnd)) {
    // The usual compare (the apiserver's guard): one key, no list to build.
    const kv = currentValue(s, c.key);
    return kv ? compareOne(kv, c) : c.target !== 'VALUE' && compareOne(MISSING_KEY, c);
  }
  const kvs = liveValuesInRange(s, c.key, c.rangeEnd);
  if (kvs.length === 0) return c.target !== 'VALUE' && compareOne(MISSING_KEY, c);
  return kvs.every((kv) => compareOne(kv, c));
}

function applyTxnOp(s: MvccStore, revision: number, op: TxnOp): TxnResponse {
  switch (op.type) {
    case 'put': {
      const prevKv = writePut(s, revision, op.key, op.value, 0);
      return prevKv ? { type: 'put', prevKv } : { type: 'put' };
    }
    case 'delete': {
      const prevKvs = writeDelete(s, revision, op.key, op.rangeEnd);
      return { type: 'delete', deleted: prevKvs.length, prevKvs };
    }
    case 'range': {
      // Reads see the writes made earlier in the same txn (etcd storeTxnWrite.Range reads at rev+1 once it has changes).
      const r = range(s, op.key, op.rangeEnd !== undefined ? { rangeEnd: op.rangeEnd } : {});
      return 'error' in r ? { type: 'range', kvs: [], count: 0, more: false } : { type: 'range', ...r };
    }
  }
}

/**
 * Compares are evaluated first, then one branch runs. All its writes share one new main
 * revision, and the revision moves only if some op actually wrote (a txn of reads, or of
 * deletes that matched nothing, leaves it unchanged).
 */
export function txn(s: MvccStore, req: { compare: Compare[]; success: TxnOp[]; failure: TxnOp[] }): { succeeded: boolean; revision: number; responses: TxnResponse[] } {
  const succeeded = req.compare.every((c) => compareHolds(s, c));
  const ops = succeeded ? req.success : req.failure;
  const before = s.revision;
  const eventsBefore = s.events.length;
  // Tentatively at the txn's revision so reads inside it see its own writes; with no write yet
  // a read there equals a read at `before`.
  s.revision = before + 1;
  const responses = ops.map((op) => applyTxnOp(s, s.revision, op));
  if (s.events.length === eventsBefore) s.revision = before;
  return { succeeded, revision: s.revision, responses };
}

// ---------------------------------------------------------------------------------------------
// Compaction (etcd mvcc key_index.go compact + kvstore_compaction.go).

/**
 * What survives of one key's history when compacting at `atRev`: everything above it, plus the
 * newest revision at or below it — unless that is a tombstone, which etcd drops (its generation
 * ended at or before atRev, so no readable revision needs it). Empty means the key is gone.
 */
function compactKeyHistory(revs: readonly KeyRevision[], atRev: number): KeyRevision[] {
  const i = lastIndexAtOrBefore(revs, atRev);
  if (i < 0) return [...revs];
  const kept = revs.slice(i);
  return kept[0]!.kv === null ? kept.slice(1) : kept;
}

/**
 * Events a watch can still replay after compacting at `atRev`: those above it, plus the
 * surviving PUT of each key at exactly atRev (etcd keeps that row). Their prevKv would be read
 * at atRev-1, which is compacted, so etcd's watch server sends them without one.
 */
function compactEvents(events: readonly MvccEvent[], atRev: number): MvccEvent[] {
  // The last event of a key at atRev is its surviving state there (later sub-revisions win).
  const lastAtRev = new Map<string, MvccEvent>();
  for (const e of events) if (e.kv.mod_revision === atRev) lastAtRev.set(e.kv.key, e);
  const out: MvccEvent[] = [];
  for (const e of events) {
    if (e.kv.mod_revision > atRev) out.push(e);
    else if (e.type === 'PUT' && lastAtRev.get(e.kv.key) === e) out.push({ type: 'PUT', kv: e.kv });
  }
  return out;
}

/**
 * Compaction to `revision` forgets history below it; the value each key had at `revision`
 * stays readable. Compacting to or below the current compact revision is the "has been
 * compacted" error (reference §13.1: compacting twice to 5), above the current revision the
 * "future revision" error (etcd kvstore.go updateCompactRev).
 */
export function compact(s: MvccStore, revision: number): { error?: MvccError } {
  if (revision <= s.compactRevision) return { error: ERR_COMPACTED };
  if (revision > s.revision) return { error: ERR_FUTURE_REV };
  s.events = compactEvents(s.events, revision);
  for (const [key, revs] of s.keys) {
    const kept = compactKeyHistory(revs, revision);
    if (kept.length === 0) s.keys.delete(key);
    else s.keys.set(key, kept);
  }
  s.compactRevision = revision;
  return {};
}

// ---------------------------------------------------------------------------------------------
// Watch replay.

/** Index of the first event with mod_revision >= revision (events are in revision order). */
function firstEventAtOrAfter(events: readonly MvccEvent[], revision: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid]!.kv.mod_revision < revision) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Events for a watch starting at `startRevision` (etcdctl watch --rev), in revision order, with
 * prevKv filled where known (callers drop it unless --prev-kv). A start below the compact
 * revision is canceled as compacted; the compact revision itself is still a valid start (etcd
 * watcher_group.go chooseAll: `w.minRev < compactRev`). Reference §13.1: compaction 5, then
 * watch --rev=2 → canceled. A start above the current revision simply has nothing to replay yet.
 */
export function eventsSince(s: MvccStore, key: string, rangeEnd: string | undefined, startRevision: number): MvccEvent[] | { error: MvccError } {
  if (startRevision < s.compactRevision) return { error: ERR_COMPACTED };
  const out: MvccEvent[] = [];
  for (let i = firstEventAtOrAfter(s.events, startRevision); i < s.events.length; i++) {
    const e = s.events[i]!;
    if (inRange(e.kv.key, key, rangeEnd)) out.push(e);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Snapshots and status.

/**
 * A copy that the original's later writes and compactions leave alone. Those only append to a
 * key's revision list and to `events`, or replace lists and map entries; the KeyValue,
 * KeyRevision and MvccEvent records themselves are never changed once written. So copying the
 * lists (not the records, nor their multi-kilobyte value strings) is enough, and the copy shares
 * the records with the original just as a structuredClone shares them within itself.
 */
export function cloneStore(s: MvccStore): MvccStore {
  const keys = new Map<string, KeyRevision[]>();
  for (const [key, revs] of s.keys) keys.set(key, revs.slice());
  return { revision: s.revision, compactRevision: s.compactRevision, keys, events: s.events.slice() };
}

/** Live keys at the current revision. */
export function totalKeys(s: MvccStore): number {
  let n = 0;
  for (const k of s.keys.keys()) if (currentValue(s, k) !== null) n++;
  return n;
}

/**
 * Rows the bbolt "key" bucket would hold: every stored revision, tombstones included. Real
 * `snapshot status` TOTAL KEYS counts all bbolt keys of all buckets — these rows plus etcd's
 * bookkeeping (meta, members, cluster version, auth). Reference §13.3: 8 rows + 8 others = 16.
 */
export function storedRevisionCount(s: MvccStore): number {
  let n = 0;
  for (const revs of s.keys.values()) n += revs.length;
  return n;
}

/**
 * A deterministic 32-bit FNV-1a hash of the revision and the live key-values, shown as
 * `snapshot status` HASH. Not etcd's hash (a CRC over the bbolt file, which depends on page
 * layout), but it changes exactly when the data does.
 */
export function hashStore(s: MvccStore): number {
  const live = [...s.keys.keys()]
    .sort()
    .map((k) => currentValue(s, k))
    .filter((kv) => kv !== null)
    .map((kv) => ({ ...kv, value: valueText(kv.value) }));
  return fnv1a32(JSON.stringify([s.revision, live]));
}

const BOLT_PAGE_BYTES = 4096;
/** A fresh etcd 3.4/3.5 db: `endpoint status` DB SIZE 20 kB, `snapshot status` totalSize 20480 (reference §13.0, §13.3). */
const FRESH_DB_BYTES = 20480;
/** etcd writes revision rows in order and sets the key bucket's FillPercent to 0.9. */
const USABLE_PAGE_BYTES = Math.floor(BOLT_PAGE_BYTES * 0.9);


/**
 * Approximate bytes of one bbolt row: 16-byte leaf element header, 17-byte revision key
 * (18 for a tombstone), and the protobuf mvccpb.KeyValue (key, value, ~12 bytes of varints).
 */
function rowBytes(key: string, r: KeyRevision): number {
  return r.kv ? 16 + 17 + 12 + utf8Length(key) + utf8Length(valueText(r.kv.value)) : 16 + 18 + 2 + utf8Length(key);
}

/**
 * An estimate of the bbolt size (`endpoint status` DB SIZE, snapshot size), not etcd's exact
 * page accounting: 20480 bytes fresh, whose pages already hold the first leaf of revision rows;
 * then one more 4096-byte page per ~3.6 kB of stored rows. It shrinks only when compaction
 * removes rows (real etcd would need a defrag). Reference §13.3: 8 short rows → 20 kB.
 */
export function dbSizeBytes(s: MvccStore): number {
  let bytes = 0;
  for (const [key, revs] of s.keys) for (const r of revs) bytes += rowBytes(key, r);
  const extraPages = Math.max(0, Math.ceil(bytes / USABLE_PAGE_BYTES) - 1);
  return FRESH_DB_BYTES + extraPages * BOLT_PAGE_BYTES;
}
