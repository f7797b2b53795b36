/**
 * PLACEHOLDER written by the lead while the MVCC helper works; the helper's store.ts replaces it.
 * etcd v3 MVCC semantics (etcd data_model.md; reference §9.6, §13.1).
 */
export interface KeyValue { key: string; value: string; create_revision: number; mod_revision: number; version: number; lease: number }
export interface MvccEvent { type: 'PUT' | 'DELETE'; kv: KeyValue; prevKv?: KeyValue }
export type MvccError = 'etcdserver: mvcc: required revision has been compacted' | 'etcdserver: mvcc: required revision is a future revision';
interface Rev { kv: KeyValue | null; revision: number }
export interface MvccStore { revision: number; compactRevision: number; history: Record<string, Rev[]>; events: MvccEvent[] }
export interface RangeOptions { rangeEnd?: string; revision?: number; limit?: number; countOnly?: boolean; keysOnly?: boolean }
export interface Compare { key: string; rangeEnd?: string; target: 'VERSION' | 'CREATE' | 'MOD' | 'VALUE' | 'LEASE'; result: 'EQUAL' | 'GREATER' | 'LESS' | 'NOT_EQUAL'; value: string | number }
export type TxnOp = { type: 'put'; key: string; value: string } | { type: 'delete'; key: string; rangeEnd?: string } | { type: 'range'; key: string; rangeEnd?: string };
const COMPACTED: MvccError = 'etcdserver: mvcc: required revision has been compacted';
const FUTURE: MvccError = 'etcdserver: mvcc: required revision is a future revision';
export function createStore(): MvccStore { return { revision: 1, compactRevision: 0, history: {}, events: [] }; }
export function prefixRangeEnd(prefix: string): string {
  if (prefix === '') return '\0';
  for (let i = prefix.length - 1; i >= 0; i--) { const c = prefix.charCodeAt(i); if (c < 0xff) return prefix.slice(0, i) + String.fromCharCode(c + 1); }
  return '\0';
}
function inRange(k: string, key: string, end?: string): boolean { if (end === undefined) return k === key; if (end === '\0') return k >= key; return k >= key && k < end; }
function latestAt(revs: Rev[], rev: number): KeyValue | null { let out: KeyValue | null = null; for (const r of revs) { if (r.revision <= rev) out = r.kv; else break; } return out; }
export function range(s: MvccStore, key: string, opts: RangeOptions = {}): { kvs: KeyValue[]; count: number; more: boolean } | { error: MvccError } {
  const rev = opts.revision ?? s.revision;
  if (rev > s.revision) return { error: FUTURE };
  if (opts.revision !== undefined && rev < s.compactRevision) return { error: COMPACTED };
  const all: KeyValue[] = [];
  for (const k of Object.keys(s.history).sort()) { if (!inRange(k, key, opts.rangeEnd)) continue; const kv = latestAt(s.history[k]!, rev); if (kv) all.push(opts.keysOnly ? { ...kv, value: '' } : kv); }
  const limited = opts.limit ? all.slice(0, opts.limit) : all;
  return { kvs: opts.countOnly ? [] : limited, count: all.length, more: limited.length < all.length };
}
function current(s: MvccStore, key: string): KeyValue | null { const h = s.history[key]; return h ? latestAt(h, s.revision) : null; }
function putAt(s: MvccStore, rev: number, key: string, value: string, lease = 0): KeyValue | undefined {
  const prev = current(s, key) ?? undefined;
  const kv: KeyValue = { key, value, create_revision: prev ? prev.create_revision : rev, mod_revision: rev, version: prev ? prev.version + 1 : 1, lease };
  (s.history[key] ??= []).push({ kv, revision: rev });
  s.events.push({ type: 'PUT', kv, ...(prev ? { prevKv: prev } : {}) });
  return prev;
}
function deleteAt(s: MvccStore, rev: number, key: string, end?: string): KeyValue[] {
  const out: KeyValue[] = [];
  for (const k of Object.keys(s.history).sort()) { if (!inRange(k, key, end)) continue; const prev = current(s, k); if (!prev) continue; s.history[k]!.push({ kv: null, revision: rev }); s.events.push({ type: 'DELETE', kv: { key: k, value: '', create_revision: 0, mod_revision: rev, version: 0, lease: 0 }, prevKv: prev }); out.push(prev); }
  return out;
}
export function put(s: MvccStore, key: string, value: string, lease?: number): { revision: number; prevKv?: KeyValue } {
  s.revision++; const prev = putAt(s, s.revision, key, value, lease ?? 0); return { revision: s.revision, ...(prev ? { prevKv: prev } : {}) };
}
export function deleteRange(s: MvccStore, key: string, rangeEnd?: string): { revision: number; deleted: number; prevKvs: KeyValue[] } {
  const would = range(s, key, rangeEnd !== undefined ? { rangeEnd } : {}); const n = 'kvs' in would ? would.count : 0;
  if (n === 0) return { revision: s.revision, deleted: 0, prevKvs: [] };
  s.revision++; const prevKvs = deleteAt(s, s.revision, key, rangeEnd); return { revision: s.revision, deleted: prevKvs.length, prevKvs };
}
function compareOne(s: MvccStore, c: Compare): boolean {
  const kv = current(s, c.key);
  let actual: string | number;
  switch (c.target) { case 'VERSION': actual = kv?.version ?? 0; break; case 'CREATE': actual = kv?.create_revision ?? 0; break; case 'MOD': actual = kv?.mod_revision ?? 0; break; case 'LEASE': actual = kv?.lease ?? 0; break; case 'VALUE': if (!kv) return false; actual = kv.value; }
  const v = c.target === 'VALUE' ? String(c.value) : Number(c.value);
  switch (c.result) { case 'EQUAL': return actual === v; case 'NOT_EQUAL': return actual !== v; case 'GREATER': return actual > v; case 'LESS': return actual < v; }
}
export function txn(s: MvccStore, req: { compare: Compare[]; success: TxnOp[]; failure: TxnOp[] }): { succeeded: boolean; revision: number; responses: unknown[] } {
  const succeeded = req.compare.every((c) => compareOne(s, c));
  const ops = succeeded ? req.success : req.failure;
  const mutates = ops.some((o) => o.type === 'put' || (o.type === 'delete' && (() => { const r = range(s, o.key, o.rangeEnd !== undefined ? { rangeEnd: o.rangeEnd } : {}); return 'count' in r && r.count > 0; })()));
  const rev = mutates ? s.revision + 1 : s.revision;
  const responses: unknown[] = [];
  for (const o of ops) {
    if (o.type === 'put') { putAt(s, rev, o.key, o.value); responses.push({}); }
    else if (o.type === 'delete') responses.push({ deleted: deleteAt(s, rev, o.key, o.rangeEnd).length });
    else { const r = range(s, o.key, o.rangeEnd !== undefined ? { rangeEnd: o.rangeEnd } : {}); responses.push('kvs' in r ? { kvs: r.kvs } : {}); }
  }
  s.revision = rev;
  return { succeeded, revision: rev, responses };
}
export function compact(s: MvccStore, revision: number): { error?: MvccError } {
  if (revision <= s.compactRevision) return { error: COMPACTED };
  if (revision > s.revision) return { error: FUTURE };
  for (const k of Object.keys(s.history)) { const h = s.history[k]!; let keep = 0; for (let i = 0; i < h.length; i++) if (h[i]!.revision <= revision) keep = i; const rest = h.slice(keep); if (rest.length === 1 && rest[0]!.kv === null) delete s.history[k]; else s.history[k] = rest; }
  s.events = s.events.filter((e) => e.kv.mod_revision > revision);
  s.compactRevision = revision;
  return {};
}
export function eventsSince(s: MvccStore, key: string, rangeEnd: string | undefined, startRevision: number): MvccEvent[] | { error: MvccError } {
  if (startRevision <= s.compactRevision) return { error: COMPACTED };
  return s.events.filter((e) => e.kv.mod_revision >= startRevision && inRange(e.kv.key, key, rangeEnd));
}
export function cloneStore(s: MvccStore): MvccStore { return structuredClone(s); }
export function totalKeys(s: MvccStore): number { let n = 0; for (const k of Object.keys(s.history)) if (current(s, k)) n++; return n; }
export function hashStore(s: MvccStore): number { let h = 0x811c9dc5; const text = JSON.stringify([s.revision, Object.keys(s.history).sort().map((k) => current(s, k))]); for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 0x01000193); } return h >>> 0; }
export function dbSizeBytes(s: MvccStore): number { let bytes = 0; for (const h of Object.values(s.history)) for (const r of h) bytes += 64 + (r.kv ? r.kv.key.length + r.kv.value.length : 0); return 20480 + Math.ceil(bytes / 4096) * 4096; }
