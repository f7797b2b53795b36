import { describe, it, expect } from 'vitest';
import type { KubeObject } from '../apiserver/messages.ts';
import { syncReplicaSet, syncReplicationController, getPodsToDelete, BURST_REPLICAS } from './replicaset.ts';
import { slowStartBatches } from './controller_utils.ts';
import { EXPECTATIONS_TIMEOUT_MS } from './types.ts';
import { fakeCluster, readyCondition } from './testutil.ts';
import type { Pod } from 'kubernetes-types/core/v1';

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } };

function rs(replicas: number, extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web', namespace: 'default', generation: 1 }, spec: { replicas, selector: { matchLabels: { app: 'web' } }, template }, ...extra };
}

function pod(name: string, owner: KubeObject | undefined, extra: { nodeName?: string; phase?: string; ready?: boolean; created?: string; restarts?: number } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      labels: { app: 'web' },
      ...(extra.created ? { creationTimestamp: extra.created } : {}),
      ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner.metadata!.name!, uid: owner.metadata!.uid!, controller: true, blockOwnerDeletion: true }] } : {}),
    },
    spec: { ...(extra.nodeName ? { nodeName: extra.nodeName } : {}), containers: [{ name: 'nginx', image: 'nginx' }] },
    status: {
      phase: extra.phase ?? 'Running',
      conditions: [readyCondition(extra.ready === false ? 'False' : 'True')],
      containerStatuses: [{ name: 'nginx', restartCount: extra.restarts ?? 0 }],
    },
  };
}

describe('syncReplicaSet', () => {
  // K pkg/controller/replicaset/replica_set.go manageReplicas: diff < 0 → create |diff| pods with the
  // controllerRef, events "Created pod: <name>" (K pkg/controller/controller_utils.go RealPodControl).
  it('creates the missing pods with generateName, labels, ownerReference and events', () => {
    const c = fakeCluster();
    const owner = c.add('replicasets', rs(3));
    c.add('pods', pod('web-aaaaa', owner));
    const actions = syncReplicaSet(c, 'default/web');
    const creates = actions.filter((a) => a.type === 'create');
    expect(creates).toHaveLength(2);
    const first = creates[0]!;
    if (first.type !== 'create') throw new Error();
    expect(first.object.metadata).toMatchObject({ generateName: 'web-', labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: owner.metadata!.uid, controller: true, blockOwnerDeletion: true }] });
    const events = c.apply(actions);
    expect(events.map((e) => `${e.reason} ${e.message}`)).toEqual([expect.stringMatching(/^SuccessfulCreate Created pod: web-/), expect.stringMatching(/^SuccessfulCreate Created pod: web-/)]);
    expect(c.list('pods')).toHaveLength(3);
  });

  // ControllerExpectations (K pkg/controller/controller_utils.go): while creations are unobserved, no second batch.
  it('does not create twice before the informer catches up, and does after the 5-minute timeout', () => {
    const c = fakeCluster();
    c.add('replicasets', rs(3));
    expect(syncReplicaSet(c, 'default/web').filter((a) => a.type === 'create')).toHaveLength(3);
    // The pods have not shown up yet: a second sync must not create again.
    expect(syncReplicaSet(c, 'default/web').filter((a) => a.type === 'create')).toHaveLength(0);
    c.nowMs = EXPECTATIONS_TIMEOUT_MS + 1;
    expect(syncReplicaSet(c, 'default/web').filter((a) => a.type === 'create')).toHaveLength(3);
  });

  it('syncs again once every creation was observed', () => {
    const c = fakeCluster();
    c.add('replicasets', rs(2));
    c.apply(syncReplicaSet(c, 'default/web'));
    expect(c.expectations['replicaset/default/web']).toMatchObject({ adds: 0 });
    const again = syncReplicaSet(c, 'default/web');
    expect(again.filter((a) => a.type === 'create' || a.type === 'delete')).toHaveLength(0);
  });

  // Deletion expectations track UIDs (UIDTrackingControllerExpectations): one deletion observed twice counts once.
  it('scales down with SuccessfulDelete events and tracks deletions by UID', () => {
    const c = fakeCluster();
    const owner = c.add('replicasets', rs(1));
    c.add('pods', pod('web-a', owner, { nodeName: 'n1' }));
    c.add('pods', pod('web-b', owner, { nodeName: 'n1' }));
    const actions = syncReplicaSet(c, 'default/web');
    expect(actions.filter((a) => a.type === 'delete')).toHaveLength(1);
    expect(c.expectations['replicaset/default/web']).toMatchObject({ dels: 1 });
    const events = c.apply(actions);
    expect(events[0]).toMatchObject({ reason: 'SuccessfulDelete', message: expect.stringMatching(/^Deleted pod: web-[ab]$/) });
    expect(c.expectations['replicaset/default/web']).toMatchObject({ dels: 0 });
  });

  // slowStartBatch: 1, 2, 4, ... (K pkg/controller/replicaset/replica_set.go), burstReplicas 500.
  it('batches creates 1, 2, 4, ... and caps them at burstReplicas', () => {
    expect(slowStartBatches(10)).toEqual([1, 2, 4, 3]);
    const c = fakeCluster();
    c.add('replicasets', rs(600));
    const creates = syncReplicaSet(c, 'default/web').filter((a) => a.type === 'create');
    expect(creates).toHaveLength(BURST_REPLICAS);
    expect(creates.map((a) => (a.type === 'create' ? a.batch : -1)).slice(0, 4)).toEqual([0, 1, 1, 2]);
  });

  // ClaimPods (K pkg/controller/controller_ref_manager.go): matching orphans are adopted.
  it('adopts matching orphans and counts them', () => {
    const c = fakeCluster();
    const owner = c.add('replicasets', rs(1));
    c.add('pods', pod('stray', undefined));
    const actions = syncReplicaSet(c, 'default/web');
    const upd = actions.find((a) => a.type === 'update');
    expect(upd && upd.type === 'update' && upd.object.metadata?.ownerReferences?.[0]?.uid).toBe(owner.metadata!.uid);
    expect(actions.filter((a) => a.type === 'create')).toHaveLength(0);
  });

  // calculateStatus (replica_set_utils.go): replicas, fullyLabeledReplicas, readyReplicas, availableReplicas
  // (minReadySeconds), observedGeneration; requeue after minReadySeconds.
  it('writes status and requeues for minReadySeconds', () => {
    const c = fakeCluster(5_000);
    const owner = c.add('replicasets', rs(2, {}));
    (owner['spec'] as { minReadySeconds?: number }).minReadySeconds = 10;
    c.add('pods', pod('web-a', owner));
    c.add('pods', pod('web-b', owner, { ready: false }));
    const actions = syncReplicaSet(c, 'default/web');
    const st = actions.find((a) => a.type === 'updateStatus');
    expect(st && st.type === 'updateStatus' && st.object['status']).toEqual({ replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 1, observedGeneration: 1 });
    c.nowMs = 11_000;
    c.add('pods', { ...pod('web-c', owner), metadata: { ...pod('web-c', owner).metadata, deletionTimestamp: '2026-11-22T00:00:09Z' } });
    (c.get('pods', 'default', 'web-b')!['status'] as { conditions: unknown[] }).conditions = [readyCondition('True', '2026-11-22T00:00:05Z')];
    const again = syncReplicaSet(c, 'default/web');
    expect(again).toContainEqual({ type: 'requeueAfter', delayMs: 10_000 });
  });

  it('ReplicationController uses its selector map', () => {
    const c = fakeCluster();
    c.add('replicationcontrollers', { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc', namespace: 'default' }, spec: { replicas: 2, selector: { app: 'web' }, template } });
    const creates = syncReplicationController(c, 'default/rc').filter((a) => a.type === 'create');
    expect(creates).toHaveLength(2);
    expect(creates[0]!.type === 'create' && creates[0]!.object.metadata?.ownerReferences?.[0]).toMatchObject({ apiVersion: 'v1', kind: 'ReplicationController' });
  });
});

describe('getPodsToDelete', () => {
  // ActivePodsWithRanks.Less (K pkg/controller/controller_utils.go): the first pod of each pair goes first.
  const now = 1_000_000;
  const t = (s: number) => `2026-11-22T00:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}Z`;
  it.each([
    ['unassigned before assigned', pod('a', undefined, {}), pod('b', undefined, { nodeName: 'n1' })],
    ['pending before running', pod('a', undefined, { nodeName: 'n1', phase: 'Pending' }), pod('b', undefined, { nodeName: 'n1' })],
    ['not ready before ready', pod('a', undefined, { nodeName: 'n1', ready: false }), pod('b', undefined, { nodeName: 'n1' })],
    ['more restarts first', pod('a', undefined, { nodeName: 'n1', restarts: 5 }), pod('b', undefined, { nodeName: 'n2' })],
    ['newer first', pod('a', undefined, { nodeName: 'n1', created: t(900) }), pod('b', undefined, { nodeName: 'n2', created: t(1) })],
  ])('%s', (_name, first, second) => {
    const pods = [second, first].map((p) => p as unknown as Pod);
    expect(getPodsToDelete(pods, pods, 1, now)[0]!.metadata!.name).toBe('a');
  });
});
