/**
 * The apiserver's compactor protocol (staging/src/k8s.io/apiserver/pkg/storage/etcd3/compact.go):
 * a compare-and-swap on the version of `compact_rev_key` elects one compactor per round, and the
 * winner compacts to the revision it saw one round earlier.
 */
import { describe, expect, it } from 'vitest';
import { compactTxn, createCompactor, onCompactTxn } from './compactor.ts';
import type { EtcdResponse } from '../etcd/messages.ts';

const header = (revision: number) => ({ cluster_id: '1', member_id: '1', revision, raft_term: 2 });
const won = (revision: number) => ({ ok: true, header: header(revision), body: { rpc: 'Txn', succeeded: true, responses: [] } }) as unknown as EtcdResponse;
const lost = (revision: number, version: number) => ({ ok: true, header: header(revision), body: { rpc: 'Txn', succeeded: false, responses: [{ type: 'range', count: 1, kvs: [{ key: 'compact_rev_key', value: '1', version }] }] } }) as unknown as EtcdResponse;

describe('apiserver compactor', () => {
  it('asks for version(compact_rev_key) = its compact time, puts the revision it saw, else reads the key', () => {
    expect(compactTxn({ expectVersion: 3, rev: 120 })).toEqual({
      rpc: 'Txn',
      compare: [{ key: 'compact_rev_key', target: 'VERSION', result: 'EQUAL', value: 3 }],
      success: [{ type: 'put', key: 'compact_rev_key', value: '120' }],
      failure: [{ type: 'range', key: 'compact_rev_key' }],
    });
  });

  it('does not compact on bootstrap, then compacts to the revision of one round before', () => {
    const first = onCompactTxn(createCompactor(), won(500));
    expect(first).toEqual({ next: { expectVersion: 1, rev: 500 } });
    const second = onCompactTxn(first.next, won(1000));
    expect(second).toEqual({ next: { expectVersion: 2, rev: 1000 }, compactTo: 500 });
  });

  it('a compactor that loses the CAS adopts the winner\'s compact time and compacts nothing', () => {
    const r = onCompactTxn({ expectVersion: 0, rev: 0 }, lost(700, 2));
    expect(r).toEqual({ next: { expectVersion: 2, rev: 700 } });
    // Its next round can win only if nobody else moved the key in between.
    expect(compactTxn(r.next)).toMatchObject({ compare: [{ value: 2 }] });
  });

  it('an etcd error leaves the state as it was (the loop tries again next interval)', () => {
    const c = { expectVersion: 1, rev: 10 };
    expect(onCompactTxn(c, { ok: false, code: 'Unavailable', message: 'etcdserver: request timed out' } as unknown as EtcdResponse)).toEqual({ next: c });
  });
});
