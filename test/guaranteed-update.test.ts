/**
 * kube-apiserver updates against the object in its watch cache, as the real storage stack does:
 * k8s.io/apiserver pkg/storage/cacher Cacher.GuaranteedUpdate ("Ignore the suggestion and try to
 * pass down the current version of the object read from cache") hands that object to the etcd3
 * store's GuaranteedUpdate (pkg/storage/etcd3/store.go), which then skips its own Get and writes
 * with one Txn: `If(ModRevision(key) == cached) Then(Put) Else(Get)`. A stale cache costs a retry
 * on the state the Else branch read, never a lost update.
 */
import { describe, expect, it } from 'vitest';
import { testShell } from '../src/shell/testing.ts';
import { onApiRequest } from '../src/cluster/apiserver/server.ts';
import { newSink } from '../src/cluster/effects.ts';
import { stepWorld } from '../src/simulation/world.ts';
import type { KubeObject } from '../src/cluster/apiserver/messages.ts';

const KEY = '/registry/configmaps/default/cfg';

describe('apiserver writes (GuaranteedUpdate through the cacher)', () => {
  it('an update of a cached object is one etcd Txn guarded by its mod_revision, with no Range first', () => {
    const { w, run } = testShell({ preset: 'single', seed: 3, settleMs: 20_000 });
    expect(run('kubectl create configmap cfg --from-literal=a=b').out).toContain('created');
    const a = w.apiservers['cp-1']!;
    const cached = a.cache.objects.get(KEY)!;
    const body = { ...cached, metadata: { ...cached.metadata, labels: { team: 'x' } } } as KubeObject;
    const sink = newSink(w.kernel.now);
    onApiRequest(a, { host: 'cp-1', port: 'c-test' }, { verb: 'update', resource: 'configmaps', namespace: 'default', body }, sink);
    const toEtcd = sink.effects.flatMap((e) => (e.type === 'net.send' && e.kind === 'etcd.request' ? [(e.body as { req: { rpc: string; compare?: { value: number }[]; failure?: { type: string }[] } }).req] : []));
    expect(toEtcd.map((r) => r.rpc)).toEqual(['Txn']);
    expect(toEtcd[0]!.compare![0]!.value).toBe(Number(cached.metadata!.resourceVersion));
    expect(toEtcd[0]!.failure!.map((op) => op.type)).toEqual(['range']);
  });

  it('a stale cache loses nothing: the guard fails and the update is applied to what etcd holds', () => {
    const { w, run } = testShell({ preset: 'single', seed: 3, settleMs: 20_000 });
    run('kubectl create configmap cfg --from-literal=a=b');
    run('kubectl label configmap cfg one=1');
    const a = w.apiservers['cp-1']!;
    const older = a.cache.objects.get(KEY)!;
    run('kubectl label configmap cfg two=2');
    // As if the cache had not yet seen the last write (its watch event still on the way).
    a.cache.objects.set(KEY, older);
    const before = w.kernel.trace.nextId;
    expect(run('kubectl label configmap cfg three=3').out).toBe('configmap/cfg labeled\n');
    // Two Txns: the one guarded by the stale revision (its Else read the current object), then the retry.
    const txns = w.kernel.trace.records.filter((r) => r.id >= before && r.kind === 'etcd.propose' && r.summary === 'proposed txn');
    expect(txns).toHaveLength(2);
    const labels = JSON.parse(run("kubectl get configmap cfg -o jsonpath='{.metadata.labels}'").out) as Record<string, string>;
    expect(labels).toEqual({ one: '1', two: '2', three: '3' });
  });

  it('an update that encodes to the stored bytes writes nothing: 200 with the same resourceVersion', () => {
    // store.go GuaranteedUpdate: `if !origState.stale && bytes.Equal(data, origState.data)` returns
    // the existing object without a Txn; a match against the cache is confirmed with a read from
    // etcd first ("it's possible we were working with stale data").
    const { w, run } = testShell({ preset: 'single', seed: 3, settleMs: 20_000 });
    run('kubectl create configmap cfg --from-literal=a=b');
    const a = w.apiservers['cp-1']!;
    const cached = a.cache.objects.get(KEY)!;
    const rv = cached.metadata!.resourceVersion;
    const before = w.kernel.trace.nextId;
    expect(run("kubectl patch configmap cfg -p '{\"data\":{\"a\":\"b\"}}'").out).toBe('configmap/cfg patched (no change)\n');
    const proposals = w.kernel.trace.records.filter((r) => r.id >= before && r.kind === 'etcd.propose' && r.summary === 'proposed txn');
    expect(proposals).toHaveLength(0);
    expect(a.cache.objects.get(KEY)!.metadata!.resourceVersion).toBe(rv);
  });

  it('compares with the bytes etcd holds: the same object written by hand in other bytes is written again', () => {
    // bytes.Equal compares encodings, not objects: a value put by hand (etcdctl, here pretty-printed
    // JSON) decodes to the very object the apiserver would write, yet its bytes differ, so the
    // update is a real Txn and etcd then holds the apiserver's own encoding.
    const { w, run } = testShell({ preset: 'single', seed: 3, settleMs: 20_000 });
    run('kubectl create configmap cfg --from-literal=a=b');
    const compact = run(`etcdctl get ${KEY} --print-value-only`).out.trimEnd();
    const pretty = JSON.stringify(JSON.parse(compact), null, 1).replace(/\n/g, ' ');
    expect(run(`etcdctl put ${KEY} '${pretty}'`).out).toBe('OK\n');
    const settle = w.kernel.now + 2000;
    while (stepWorld(w, settle));
    const a = w.apiservers['cp-1']!;
    const rv = a.cache.objects.get(KEY)!.metadata!.resourceVersion;
    const before = w.kernel.trace.nextId;
    run("kubectl patch configmap cfg -p '{\"data\":{\"a\":\"b\"}}'");
    const proposals = w.kernel.trace.records.filter((r) => r.id >= before && r.kind === 'etcd.propose' && r.summary === 'proposed txn');
    expect(proposals).toHaveLength(1);
    expect(a.cache.objects.get(KEY)!.metadata!.resourceVersion).not.toBe(rv);
    expect(run(`etcdctl get ${KEY} --print-value-only`).out.trimEnd()).toBe(compact);
    // Now the bytes are the apiserver's own: the same patch again writes nothing.
    const again = w.kernel.trace.nextId;
    expect(run("kubectl patch configmap cfg -p '{\"data\":{\"a\":\"b\"}}'").out).toBe('configmap/cfg patched (no change)\n');
    expect(w.kernel.trace.records.filter((r) => r.id >= again && r.kind === 'etcd.propose' && r.summary === 'proposed txn')).toHaveLength(0);
  });
});
