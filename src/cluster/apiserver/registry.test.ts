/**
 * The registry's delete rules, pure: which finalizers a delete leaves for the garbage collector
 * (staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go
 * deletionFinalizersForGarbageCollection) and what that does to the object.
 */
import { describe, expect, it } from 'vitest';
import { deletionFinalizersForGarbageCollection, jsonPatch, mutate, type WriteContext } from './registry.ts';
import { apiResource } from '../../api/index.ts';
import type { KubeObject } from './messages.ts';

describe('deletionFinalizersForGarbageCollection', () => {
  it.each([
    { finalizers: [], policy: undefined, want: undefined },
    { finalizers: [], policy: 'Background', want: undefined },
    { finalizers: [], policy: 'Orphan', want: ['orphan'] },
    { finalizers: [], policy: 'Foreground', want: ['foregroundDeletion'] },
    { finalizers: ['example.com/x'], policy: 'Foreground', want: ['example.com/x', 'foregroundDeletion'] },
    // "first remove both finalizers, add them back if needed"
    { finalizers: ['orphan'], policy: 'Foreground', want: ['foregroundDeletion'] },
    { finalizers: ['foregroundDeletion'], policy: 'Background', want: [] },
    { finalizers: ['orphan'], policy: 'Orphan', want: undefined },
  ] as const)('$finalizers with $policy → $want', ({ finalizers, policy, want }) => {
    expect(deletionFinalizersForGarbageCollection(finalizers, policy)).toEqual(want);
  });
});

describe('delete with a propagation policy', () => {
  const rs: KubeObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-1', namespace: 'default', uid: 'u1', resourceVersion: '5' }, spec: { replicas: 1 } };
  const ctx: WriteContext = { info: apiResource('replicasets')!, name: 'web-1', nowMs: 1000, timestamp: (ms: number) => `t${ms}` };

  it('Foreground leaves the owner in place, marked, until the GC removes its finalizer', () => {
    const r = mutate({ kind: 'delete', propagationPolicy: 'Foreground' }, rs, ctx);
    expect(r.kind).toBe('put');
    expect((r as { object: KubeObject }).object.metadata).toMatchObject({ finalizers: ['foregroundDeletion'], deletionTimestamp: 't1000', deletionGracePeriodSeconds: 0 });
  });

  it('Background (and no policy) deletes at once; dependents are the GC\'s business', () => {
    expect(mutate({ kind: 'delete', propagationPolicy: 'Background' }, rs, ctx).kind).toBe('delete');
    expect(mutate({ kind: 'delete' }, rs, ctx).kind).toBe('delete');
  });
});

describe('JSON patch (RFC 6902, as evanphx/json-patch applies it)', () => {
  it('applies add, replace, remove, move, copy and test in order, and fails the whole patch on the first bad operation', () => {
    const doc = { spec: { replicas: 1, ports: [{ port: 80 }] }, metadata: { labels: { a: '1' } } };
    const ok = jsonPatch(doc, [
      { op: 'replace', path: '/spec/replicas', value: 3 },
      { op: 'add', path: '/spec/ports/-', value: { port: 443 } },
      { op: 'add', path: '/metadata/labels/app~1tier', value: 'web' },
      { op: 'copy', from: '/spec/replicas', path: '/spec/minReadySeconds' },
      { op: 'move', from: '/metadata/labels/a', path: '/metadata/labels/b' },
      { op: 'test', path: '/spec/replicas', value: 3 },
      { op: 'remove', path: '/spec/ports/0' },
    ]);
    expect(ok).toEqual({ value: { spec: { replicas: 3, minReadySeconds: 3, ports: [{ port: 443 }] }, metadata: { labels: { 'app/tier': 'web', b: '1' } } } });
    expect(doc.spec.replicas).toBe(1);
    expect(jsonPatch(doc, [{ op: 'remove', path: '/spec/nope' }])).toEqual({ error: 'remove operation does not apply: doc is missing path: "/spec/nope"' });
    expect(jsonPatch(doc, [{ op: 'test', path: '/spec/replicas', value: 2 }])).toEqual({ error: 'testing value /spec/replicas failed: test failed' });
    expect(jsonPatch(doc, { op: 'add' })).toEqual({ error: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch' });
  });
});

describe('a patched object is defaulted like a PUT body', () => {
  // staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go: the patched JSON is decoded
  // through the scheme, whose defaulters run, before validation and the update strategy.
  const deploy: KubeObject = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '7', generation: 1 },
    spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }] } } },
  };
  const ctx: WriteContext = { info: apiResource('deployments')!, name: 'web', nowMs: 1000, timestamp: (ms: number) => `t${ms}` };

  it('a container added by a strategic merge patch gets its defaults (imagePullPolicy Always for :latest)', () => {
    const r = mutate({ kind: 'patch', patchType: 'strategic', patch: { spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox' }] } } } } }, deploy, ctx);
    expect(r.kind).toBe('put');
    const containers = ((r as { object: KubeObject }).object['spec'] as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers;
    expect(containers.map((c) => c['name'])).toEqual(['nginx', 'sidecar']);
    expect(containers[1]).toMatchObject({ imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' });
  });
});
