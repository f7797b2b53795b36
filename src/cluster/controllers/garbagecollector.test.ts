import { describe, it, expect } from 'vitest';
import type { KubeObject } from '../apiserver/messages.ts';
import { collectGarbage } from './garbagecollector.ts';
import { fakeCluster } from './testutil.ts';

const ref = (kind: string, name: string, uid: string) => ({ apiVersion: 'apps/v1', kind, name, uid, controller: true, blockOwnerDeletion: true });
const obj = (name: string, extra: Partial<NonNullable<KubeObject['metadata']>> = {}): KubeObject => ({ metadata: { name, namespace: 'default', ...extra } });

// Owner/dependent semantics: KW concepts/architecture/garbage-collection.md and
// K pkg/controller/garbagecollector/garbagecollector.go attemptToDeleteItem / processDeletingDependentsItem.
describe('collectGarbage', () => {
  it('deletes dependents whose owner is gone (background cascading), with a UID precondition', () => {
    const c = fakeCluster();
    const pod = c.add('pods', obj('web-1', { ownerReferences: [ref('ReplicaSet', 'web', 'gone')] }));
    expect(collectGarbage(c)).toEqual([{ type: 'delete', resource: 'pods', namespace: 'default', name: 'web-1', uid: pod.metadata!.uid, propagationPolicy: 'Background' }]);
  });

  it('treats an owner with the same name but another UID as gone, and keeps owned objects', () => {
    const c = fakeCluster();
    const rs = c.add('replicasets', obj('web'));
    c.add('pods', obj('kept', { ownerReferences: [ref('ReplicaSet', 'web', rs.metadata!.uid!)] }));
    c.add('pods', obj('stale', { ownerReferences: [ref('ReplicaSet', 'web', 'old-uid')] }));
    expect(collectGarbage(c).map((a) => (a.type === 'delete' ? a.name : a.type))).toEqual(['stale']);
  });

  it('removes dangling references when another owner remains', () => {
    const c = fakeCluster();
    const svc = c.add('services', obj('web'));
    c.add('configmaps', obj('cm', { ownerReferences: [{ ...ref('Service', 'web', svc.metadata!.uid!), controller: false }, ref('Deployment', 'gone', 'x')] }));
    const [a] = collectGarbage(c);
    expect(a?.type === 'update' && a.object.metadata?.ownerReferences?.map((r) => r.name)).toEqual(['web']);
  });

  it('foreground: deletes dependents first, then releases the owner', () => {
    const c = fakeCluster();
    const rs = c.add('replicasets', obj('web', { deletionTimestamp: '2026-11-22T00:00:01Z', finalizers: ['foregroundDeletion'] }));
    c.add('pods', obj('web-1', { ownerReferences: [ref('ReplicaSet', 'web', rs.metadata!.uid!)] }));
    const first = collectGarbage(c);
    expect(first.map((a) => a.type)).toEqual(['delete']);
    c.apply(first);
    const second = collectGarbage(c);
    expect(second.length).toBe(1);
    expect(second[0]?.type === 'update' && second[0].object.metadata?.finalizers).toEqual([]);
  });

  it('orphan: strips the ownerReference from dependents, then releases the owner', () => {
    const c = fakeCluster();
    const rs = c.add('replicasets', obj('web', { deletionTimestamp: '2026-11-22T00:00:01Z', finalizers: ['orphan'] }));
    c.add('pods', obj('web-1', { ownerReferences: [ref('ReplicaSet', 'web', rs.metadata!.uid!)] }));
    const first = collectGarbage(c);
    expect(first.map((a) => `${a.type} ${a.type === 'update' ? a.resource : ''}`)).toEqual(['update pods']);
    c.apply(first);
    const second = collectGarbage(c);
    expect(second.length).toBe(1);
    expect(second[0]?.type === 'update' && second[0].resource).toBe('replicasets');
  });

  it('a pass over added objects looks at just them, as the graph attempts each new object once', () => {
    const c = fakeCluster();
    const rs = c.add('replicasets', obj('web'));
    const kept = c.add('pods', obj('web-1', { ownerReferences: [ref('ReplicaSet', 'web', rs.metadata!.uid!)] }));
    const orphaned = c.add('pods', obj('web-2', { ownerReferences: [ref('ReplicaSet', 'web', 'old-uid')] }));
    // Garbage that was already there is the full pass's: the added-objects pass does not see it.
    c.add('pods', obj('old', { ownerReferences: [ref('ReplicaSet', 'gone', 'gone')] }));
    const added = [kept, orphaned].map((object) => ({ resource: 'pods', object }));
    expect(collectGarbage(c, added).map((a) => (a.type === 'delete' ? a.name : a.type))).toEqual(['web-2']);
    expect(collectGarbage(c, []).length).toBe(0);
    expect(collectGarbage(c).map((a) => (a.type === 'delete' ? a.name : a.type))).toEqual(['web-2', 'old']);
  });

  it('for added objects, an owner being deleted is not released: only a full pass counts its dependents', () => {
    const c = fakeCluster();
    c.add('replicasets', obj('web', { deletionTimestamp: '2026-11-22T00:00:01Z', finalizers: ['foregroundDeletion'] }));
    expect(collectGarbage(c, [])).toEqual([]);
    expect(collectGarbage(c).map((a) => a.type)).toEqual(['update']);
  });
});
