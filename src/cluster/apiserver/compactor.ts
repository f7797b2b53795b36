/**
 * The apiserver's etcd compactor (staging/src/k8s.io/apiserver/pkg/storage/etcd3/compact.go,
 * --etcd-compaction-interval default 5m, storagebackend/config.go DefaultCompactInterval).
 *
 * Every interval each apiserver tries a compare-and-swap on the key `compact_rev_key`: if the
 * key's version is still the one it last saw, it writes the revision it saw an interval ago and
 * compacts etcd to it; otherwise another apiserver got there first and it adopts that version.
 * So with three apiservers etcd is compacted once per interval, to the revision of one interval
 * before, keeping about five minutes of history for slow watchers. The first round only
 * records a revision ("we don't compact on bootstrap").
 */
import type { EtcdRequest, EtcdResponse } from '../etcd/messages.ts';

export const COMPACTION_INTERVAL_MS = 5 * 60_000;
export const COMPACT_REV_KEY = 'compact_rev_key';

export interface Compactor {
  /** The version of compact_rev_key this apiserver last saw (its "compact time"). */
  expectVersion: number;
  /** The etcd revision seen at the last round: the next round compacts to it. */
  rev: number;
}

export function createCompactor(): Compactor {
  return { expectVersion: 0, rev: 0 };
}

/** The round's compare-and-swap: `If(version(compact_rev_key) = t) Then(Put(key, rev)) Else(Get(key))`. */
export function compactTxn(c: Compactor): EtcdRequest {
  return {
    rpc: 'Txn',
    compare: [{ key: COMPACT_REV_KEY, target: 'VERSION', result: 'EQUAL', value: c.expectVersion }],
    success: [{ type: 'put', key: COMPACT_REV_KEY, value: String(c.rev) }],
    failure: [{ type: 'range', key: COMPACT_REV_KEY }],
  };
}

/**
 * The answer to the round's Txn: the compactor's new state, and the revision to compact to if
 * this apiserver won the round (none on bootstrap or when another apiserver won).
 */
export function onCompactTxn(c: Compactor, resp: EtcdResponse): { next: Compactor; compactTo?: number } {
  if (!resp.ok || resp.body.rpc !== 'Txn') return { next: c };
  const currentRev = resp.header.revision;
  if (!resp.body.succeeded) {
    const range = resp.body.responses[0] as { kvs?: { version: number }[] } | undefined;
    const version = range?.kvs?.[0]?.version ?? c.expectVersion;
    return { next: { expectVersion: version, rev: currentRev } };
  }
  const next = { expectVersion: c.expectVersion + 1, rev: currentRev };
  return c.rev === 0 ? { next } : { next, compactTo: c.rev };
}

export function compactRequest(revision: number): EtcdRequest {
  return { rpc: 'Compact', revision };
}
