import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { KubeObject } from '../apiserver/messages.ts';
import { controlledKeys, createControllerIndex, indexDelete, indexPut, indexReset } from './controllerindex.ts';

const pod = (ns: string, name: string, owner: string | null): KubeObject => ({
  kind: 'Pod',
  metadata: { namespace: ns, name, ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, uid: `uid-${owner}`, controller: true }] } : {}) },
});

/** What a full list of the store filtered by controller gives (the controllers' old path). */
function byScan(items: Map<string, KubeObject>, ns: string, uids: string[], orphans: boolean): string[] {
  const out: string[] = [];
  for (const [k, o] of items) {
    if (o.metadata?.namespace !== ns) continue;
    const ref = o.metadata?.ownerReferences?.find((r) => r.controller === true);
    if (ref ? uids.includes(ref.uid) : orphans) out.push(k);
  }
  return out;
}

describe('controller index (FilterPodsByOwner over the pod index by controller UID)', () => {
  it('finds owned pods and orphans of one namespace only', () => {
    const items = new Map<string, KubeObject>();
    const ix = createControllerIndex();
    for (const p of [pod('a', 'p1', 'rs1'), pod('a', 'p2', null), pod('b', 'p3', 'rs1'), pod('a', 'p4', 'rs2')]) {
      const k = `${p.metadata!.namespace}/${p.metadata!.name}`;
      items.set(k, p);
      indexPut(ix, k, p);
    }
    expect(controlledKeys(ix, 'a', ['uid-rs1'], true)).toEqual(['a/p1', 'a/p2']);
    expect(controlledKeys(ix, 'a', ['uid-rs1', 'uid-rs2'], false)).toEqual(['a/p1', 'a/p4']);
    expect(controlledKeys(ix, 'b', ['uid-rs1'], true)).toEqual(['b/p3']);
  });

  it('returns keys in the store order through adds, updates (adoption, release), deletes and relists', () => {
    const op = fc.oneof(
      fc.record({ t: fc.constant('put' as const), name: fc.integer({ min: 0, max: 12 }), ns: fc.constantFrom('a', 'b'), owner: fc.constantFrom(null, 'rs1', 'rs2') }),
      fc.record({ t: fc.constant('del' as const), name: fc.integer({ min: 0, max: 12 }), ns: fc.constantFrom('a', 'b') }),
      fc.record({ t: fc.constant('relist' as const), seed: fc.integer({ min: 0, max: 1000 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        let items = new Map<string, KubeObject>();
        const ix = createControllerIndex();
        for (const o of ops) {
          if (o.t === 'put') {
            const p = pod(o.ns, `p${o.name}`, o.owner);
            items.set(`${o.ns}/p${o.name}`, p);
            indexPut(ix, `${o.ns}/p${o.name}`, p);
          } else if (o.t === 'del') {
            items.delete(`${o.ns}/p${o.name}`);
            indexDelete(ix, `${o.ns}/p${o.name}`);
          } else {
            // A relist returns the objects in another order; the store takes that order.
            const listed = [...items].sort((x, y) => ((x[0].length * 31 + o.seed) % 7) - ((y[0].length * 31 + o.seed) % 7) || (x[0] < y[0] ? -1 : 1));
            items = new Map(listed);
            indexReset(ix, items);
          }
          // Reads now and then, not after every change: a bucket put out of order by several
          // changes is sorted by the read that comes after them.
          if (o.t !== 'put' || o.name % 3 === 0) check();
        }
        check();
        function check() {
          for (const ns of ['a', 'b']) {
            for (const uids of [['uid-rs1'], ['uid-rs1', 'uid-rs2'], []]) {
              for (const orphans of [true, false]) expect(controlledKeys(ix, ns, uids, orphans)).toEqual(byScan(items, ns, uids, orphans));
            }
          }
        }
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});
