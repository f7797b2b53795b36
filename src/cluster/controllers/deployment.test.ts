import { describe, it, expect } from 'vitest';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { KubeObject } from '../apiserver/messages.ts';
import { computeHash, getProportion, newRSNewReplicas, resolveFenceposts, syncDeployment, maxUnavailable } from './deployment.ts';
import { fakeCluster, type FakeCluster } from './testutil.ts';

const templateV1 = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } };
const templateV2 = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] } };

function deployment(replicas: number, strategy: Record<string, unknown> = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } }): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', generation: 1 }, spec: { replicas, selector: { matchLabels: { app: 'web' } }, strategy, template: templateV1 } };
}

const rsOf = (c: FakeCluster) => c.list('replicasets').map((o) => o as unknown as ReplicaSet);

/** What the ReplicaSet controller and kubelets would report: every pod up and available at once. */
function settleReplicaSets(c: FakeCluster, availableFor: (rs: ReplicaSet) => number = (rs) => rs.spec?.replicas ?? 0): void {
  for (const o of c.list('replicasets')) {
    const rs = o as unknown as ReplicaSet;
    const replicas = rs.spec?.replicas ?? 0;
    o['status'] = { replicas, readyReplicas: availableFor(rs), availableReplicas: availableFor(rs), observedGeneration: o.metadata?.generation ?? 1 };
  }
}

function sizes(c: FakeCluster): Record<string, number> {
  return Object.fromEntries(rsOf(c).map((rs) => [rs.spec?.template?.spec?.containers[0]?.image ?? '', rs.spec?.replicas ?? 0]));
}

function updateTemplate(c: FakeCluster, template: object): void {
  const d = c.get('deployments', 'default', 'web')!;
  (d['spec'] as { template: object }).template = template;
  d.metadata!.generation = (d.metadata!.generation ?? 1) + 1;
}

describe('resolveFenceposts', () => {
  // K pkg/controller/deployment/util/deployment_util_test.go TestResolveFenceposts.
  it.each([
    ['0%', '0%', 0, { surge: 0, unavailable: 1 }],
    ['39%', '39%', 10, { surge: 4, unavailable: 3 }],
    [undefined, '39%', 10, { surge: 0, unavailable: 3 }],
    ['39%', undefined, 10, { surge: 4, unavailable: 0 }],
    [undefined, undefined, 10, { surge: 0, unavailable: 1 }],
    ['25%', '25%', 10, { surge: 3, unavailable: 2 }],
  ])('maxSurge=%s maxUnavailable=%s desired=%i', (surge, unavailable, desired, want) => {
    expect(resolveFenceposts(surge, unavailable, desired)).toEqual(want);
  });
  it.each([
    ['oops', '39%'],
    ['55%', 'urg'],
    ['5', '1'],
  ])('rejects %s / %s', (surge, unavailable) => {
    expect(resolveFenceposts(surge, unavailable, 10)).toHaveProperty('error');
  });
});

describe('newRSNewReplicas', () => {
  // deployment_util_test.go TestNewRSNewReplicas: allRSs holds one RS of 5 replicas, maxUnavailable 1.
  it.each([
    ['can not scale up - to newRSReplicas', 'RollingUpdate', 1, 5, 1, 5],
    ['scale up - to depReplicas', 'RollingUpdate', 6, 2, 10, 6],
    ['recreate - to depReplicas', 'Recreate', 3, 1, 1, 3],
  ])('%s', (_name, type, depReplicas, newRSReplicas, surge, expected) => {
    const d = { spec: { replicas: depReplicas, strategy: { type, rollingUpdate: { maxUnavailable: 1, maxSurge: surge } } } } as Deployment;
    const rs5 = { spec: { replicas: 5 } } as ReplicaSet;
    const newRS = { spec: { replicas: newRSReplicas } } as ReplicaSet;
    expect(newRSNewReplicas(d, [rs5], newRS)).toBe(expected);
  });
  // deployment_util_test.go TestMaxUnavailable: never more than replicas, 0 for Recreate.
  it('caps maxUnavailable at replicas', () => {
    expect(maxUnavailable({ spec: { replicas: 3, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 10 } } } } as Deployment)).toBe(3);
    expect(maxUnavailable({ spec: { replicas: 3, strategy: { type: 'Recreate' } } } as Deployment)).toBe(0);
  });
});

describe('getProportion', () => {
  // util/deployment_util.go getReplicaSetFraction: size * newMax / annotatedMax, rounded, minus size.
  it('scales an RS by the ratio of the new to the old max-replicas', () => {
    const d = { spec: { replicas: 20, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } } } as Deployment;
    const rs = { metadata: { annotations: { 'deployment.kubernetes.io/max-replicas': '13' } }, spec: { replicas: 8 } } as unknown as ReplicaSet;
    // 8 * 23 / 13 = 14.15 → 14, i.e. +6, capped by what is left to add.
    expect(getProportion(rs, d, 10, 0)).toBe(6);
    expect(getProportion(rs, d, 10, 7)).toBe(3);
  });
});

describe('computeHash', () => {
  // K pkg/controller/controller_utils.go ComputeHash: fnv32a + rand.SafeEncodeString of the decimal sum.
  it('is deterministic, uses the safe alphabet, and changes with the template and collisionCount', () => {
    const h = computeHash(templateV1);
    expect(h).toMatch(/^[bcdf456789]{1,10}$/);
    expect(computeHash(templateV1)).toBe(h);
    expect(computeHash(templateV2)).not.toBe(h);
    expect(computeHash(templateV1, 1)).not.toBe(h);
  });
});

describe('syncDeployment', () => {
  // K pkg/controller/deployment/sync.go getNewReplicaSet: RS `<deploy>-<hash>`, pod-template-hash in
  // labels, selector and template; revision annotations; ScalingReplicaSet event; Progressing condition.
  it('creates the first ReplicaSet with the hash label, annotations, event and conditions', () => {
    const c = fakeCluster();
    c.add('deployments', deployment(3));
    const actions = syncDeployment(c, 'default/web');
    const events = c.apply(actions);
    const [rs] = rsOf(c);
    const hash = computeHash(templateV1);
    expect(rs!.metadata).toMatchObject({
      name: `web-${hash}`,
      labels: { app: 'web', 'pod-template-hash': hash },
      annotations: { 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' },
      ownerReferences: [{ kind: 'Deployment', name: 'web', controller: true, blockOwnerDeletion: true }],
    });
    expect(rs!.spec).toMatchObject({ replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } }, template: { metadata: { labels: { 'pod-template-hash': hash } } } });
    expect(events).toContainEqual({ type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled up replica set web-${hash} from 0 to 3` });
    const d = c.get('deployments', 'default', 'web') as unknown as Deployment;
    expect(d.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(d.status?.conditions?.find((x) => x.type === 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "web-${hash}"` });
    expect(d.status?.conditions?.find((x) => x.type === 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' });
  });

  it('waits for the new ReplicaSet to reach the cache instead of creating it twice', () => {
    const c = fakeCluster();
    c.add('deployments', deployment(3));
    expect(syncDeployment(c, 'default/web').filter((a) => a.type === 'create')).toHaveLength(1);
    expect(syncDeployment(c, 'default/web')).toEqual([]);
  });

  // Progress: NewReplicaSetAvailable "ReplicaSet ... has successfully progressed." (progress.go syncRolloutStatus).
  it('reports a complete rollout', () => {
    const c = fakeCluster();
    c.add('deployments', deployment(3));
    c.apply(syncDeployment(c, 'default/web'));
    settleReplicaSets(c);
    c.apply(syncDeployment(c, 'default/web'));
    const d = c.get('deployments', 'default', 'web') as unknown as Deployment;
    expect(d.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    expect(d.status?.conditions?.find((x) => x.type === 'Progressing')).toMatchObject({ reason: 'NewReplicaSetAvailable', message: `ReplicaSet "web-${computeHash(templateV1)}" has successfully progressed.` });
    expect(d.status?.conditions?.find((x) => x.type === 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' });
  });

  // rolling.go: replicas 10, maxSurge 25% (→3, rounded up), maxUnavailable 25% (→2, rounded down).
  // Each step is one sync after the ReplicaSets reported all their pods available.
  it('rolls 10 replicas with 25%/25% in the upstream steps', () => {
    const c = fakeCluster();
    c.add('deployments', deployment(10));
    c.apply(syncDeployment(c, 'default/web'));
    settleReplicaSets(c);
    c.apply(syncDeployment(c, 'default/web'));
    updateTemplate(c, templateV2);
    const steps: Record<string, number>[] = [];
    for (let i = 0; i < 6; i++) {
      c.apply(syncDeployment(c, 'default/web'));
      settleReplicaSets(c);
      steps.push(sizes(c));
    }
    expect(steps).toEqual([
      { 'nginx:1.25': 8, 'nginx:1.26': 3 }, // new RS created at 3 (10+3−10), old scaled down by 2 (10−8 available)
      { 'nginx:1.25': 8, 'nginx:1.26': 5 }, // scale up to 13 total
      { 'nginx:1.25': 3, 'nginx:1.26': 5 }, // 13 available − 8 minimum → old −5
      { 'nginx:1.25': 3, 'nginx:1.26': 10 },
      { 'nginx:1.25': 0, 'nginx:1.26': 10 },
      { 'nginx:1.25': 0, 'nginx:1.26': 10 },
    ]);
    const rs2 = rsOf(c).find((r) => r.spec?.template?.spec?.containers[0]?.image === 'nginx:1.26')!;
    expect(rs2.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
  });

  // reconcileOldReplicaSets: maxScaledDown = all − minAvailable − newRSUnavailable; no scale down while new pods are unavailable.
  it('does not scale the old ReplicaSet down while new pods are unavailable', () => {
    const c = fakeCluster();
    c.add('deployments', deployment(10));
    c.apply(syncDeployment(c, 'default/web'));
    settleReplicaSets(c);
    updateTemplate(c, templateV2);
    const isNew = (rs: ReplicaSet) => rs.spec?.template?.spec?.containers[0]?.image === 'nginx:1.26';
    for (let i = 0; i < 4; i++) {
      c.apply(syncDeployment(c, 'default/web'));
      settleReplicaSets(c, (rs) => (isNew(rs) ? 0 : (rs.spec?.replicas ?? 0)));
    }
    expect(sizes(c)).toEqual({ 'nginx:1.25': 8, 'nginx:1.26': 5 });
  });

  // recreate.go: scale old to 0, wait until its pods are gone, then create the new RS at full size.
  it('Recreate scales the old ReplicaSet to zero before creating the new one', () => {
    const c = fakeCluster();
    c.add('deployments', deployment(3, { type: 'Recreate' }));
    c.apply(syncDeployment(c, 'default/web'));
    settleReplicaSets(c);
    updateTemplate(c, templateV2);
    c.apply(syncDeployment(c, 'default/web'));
    expect(sizes(c)).toEqual({ 'nginx:1.25': 0 });
    // Old RS still reports 3 pods: nothing new yet.
    c.apply(syncDeployment(c, 'default/web'));
    expect(rsOf(c)).toHaveLength(1);
    settleReplicaSets(c);
    const events = c.apply(syncDeployment(c, 'default/web'));
    expect(sizes(c)).toEqual({ 'nginx:1.25': 0, 'nginx:1.26': 3 });
    expect(events.some((e) => /^Scaled up replica set web-\w+ from 0 to 3$/.test(e.message))).toBe(true);
  });

  // sync.go scale: a scaling event mid-rollout is spread proportionally (ReplicaSetsBySizeNewer, leftovers to the largest).
  it('scales proportionally when replicas change mid-rollout', () => {
    const c = fakeCluster();
    c.add('deployments', deployment(10));
    c.apply(syncDeployment(c, 'default/web'));
    settleReplicaSets(c);
    updateTemplate(c, templateV2);
    c.apply(syncDeployment(c, 'default/web'));
    settleReplicaSets(c, (rs) => (rs.spec?.template?.spec?.containers[0]?.image === 'nginx:1.26' ? 0 : (rs.spec?.replicas ?? 0)));
    expect(sizes(c)).toEqual({ 'nginx:1.25': 8, 'nginx:1.26': 3 });
    const d = c.get('deployments', 'default', 'web')!;
    (d['spec'] as { replicas: number }).replicas = 20;
    const events = c.apply(syncDeployment(c, 'default/web'));
    // allowed 20+5=25, current 11, +14: old 8*25/13=15.4→15 (+7), new 3*25/13=5.8→6 (+3), leftover 4 to the largest.
    expect(sizes(c)).toEqual({ 'nginx:1.25': 19, 'nginx:1.26': 6 });
    expect(events.map((e) => e.message)).toEqual(expect.arrayContaining([expect.stringMatching(/from 8 to 19$/), expect.stringMatching(/from 3 to 6$/)]));
  });

  // progress.go DeploymentTimedOut: no progress for progressDeadlineSeconds → Progressing False ProgressDeadlineExceeded.
  it('marks ProgressDeadlineExceeded after progressDeadlineSeconds without progress', () => {
    const c = fakeCluster();
    const obj = c.add('deployments', deployment(2));
    (obj['spec'] as { progressDeadlineSeconds: number }).progressDeadlineSeconds = 60;
    c.apply(syncDeployment(c, 'default/web'));
    settleReplicaSets(c, () => 0);
    const first = syncDeployment(c, 'default/web');
    expect(first.find((a) => a.type === 'requeueAfter')).toBeDefined();
    c.apply(first);
    c.nowMs = 61_000;
    c.apply(syncDeployment(c, 'default/web'));
    const d = c.get('deployments', 'default', 'web') as unknown as Deployment;
    expect(d.status?.conditions?.find((x) => x.type === 'Progressing')).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "web-${computeHash(templateV1)}" has timed out progressing.` });
  });

  // sync.go cleanupDeployment: only revisionHistoryLimit empty old ReplicaSets are kept.
  it('deletes old ReplicaSets beyond revisionHistoryLimit', () => {
    const c = fakeCluster();
    const obj = c.add('deployments', deployment(1));
    (obj['spec'] as { revisionHistoryLimit: number }).revisionHistoryLimit = 1;
    const images = ['a', 'b', 'c'];
    c.apply(syncDeployment(c, 'default/web'));
    for (const image of images) {
      settleReplicaSets(c);
      updateTemplate(c, { ...templateV1, spec: { containers: [{ name: 'nginx', image }] } });
      for (let i = 0; i < 4; i++) {
        c.apply(syncDeployment(c, 'default/web'));
        settleReplicaSets(c);
      }
    }
    expect(rsOf(c).map((r) => r.spec?.template?.spec?.containers[0]?.image).sort()).toEqual(['b', 'c']);
  });

  it('paused deployments get the DeploymentPaused condition and no new ReplicaSet', () => {
    const c = fakeCluster();
    c.add('deployments', deployment(2));
    c.apply(syncDeployment(c, 'default/web'));
    settleReplicaSets(c);
    const d = c.get('deployments', 'default', 'web')!;
    (d['spec'] as { paused: boolean }).paused = true;
    updateTemplate(c, templateV2);
    c.apply(syncDeployment(c, 'default/web'));
    expect(rsOf(c)).toHaveLength(1);
    const after = c.get('deployments', 'default', 'web') as unknown as Deployment;
    // checkPausedConditions (deployment/sync.go).
    expect(after.status?.conditions?.find((x) => x.type === 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
  });
});
