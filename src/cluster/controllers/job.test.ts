import { describe, it, expect } from 'vitest';
import type { Job } from 'kubernetes-types/batch/v1';
import type { KubeObject } from '../apiserver/messages.ts';
import { JOB_TRACKING_FINALIZER, podFailureBackoffMs, remainingBackoffMs, syncJob, syncTTLAfterFinished } from './job.ts';
import { rfc3339Seconds } from './controller_utils.ts';
import { fakeCluster, type FakeCluster } from './testutil.ts';

function job(spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default', uid: 'job-uid' },
    spec: {
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'job-uid' } },
      template: { metadata: { labels: { 'batch.kubernetes.io/controller-uid': 'job-uid', 'batch.kubernetes.io/job-name': 'pi' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } },
      ...spec,
    },
  };
}

const jobOf = (c: FakeCluster) => c.get('jobs', 'default', 'pi') as unknown as Job;
const podsOf = (c: FakeCluster) => c.list('pods');

/** The kubelet: the pod ends in `phase` at the current time. */
function finishPods(c: FakeCluster, phase: 'Succeeded' | 'Failed'): void {
  for (const p of podsOf(c)) {
    const st = (p['status'] ?? {}) as { phase?: string };
    if (st.phase === 'Succeeded' || st.phase === 'Failed') continue;
    p['status'] = { phase, containerStatuses: [{ name: 'pi', restartCount: 0, state: { terminated: { exitCode: phase === 'Failed' ? 1 : 0, finishedAt: rfc3339Seconds(c.nowMs) } } }] };
  }
}

/** Syncs until nothing changes (informer caught up), like the work queue would. */
function settle(c: FakeCluster): { type: string; reason: string; message: string }[] {
  const events: { type: string; reason: string; message: string }[] = [];
  for (let i = 0; i < 10; i++) {
    const actions = syncJob(c, 'default/pi').filter((a) => a.type !== 'requeueAfter');
    if (actions.length === 0) break;
    events.push(...c.apply(actions));
  }
  return events;
}

describe('syncJob', () => {
  // K pkg/controller/job/job_controller.go manageJob + reference §2.3: pods named `<job>-`, job labels and the tracking finalizer.
  it('creates a pod with the job labels, finalizer and owner', () => {
    const c = fakeCluster();
    c.add('jobs', job());
    const actions = syncJob(c, 'default/pi');
    const create = actions.find((a) => a.type === 'create');
    if (!create || create.type !== 'create') throw new Error('no create');
    expect(create.object.metadata).toMatchObject({
      generateName: 'pi-',
      finalizers: [JOB_TRACKING_FINALIZER],
      labels: { 'batch.kubernetes.io/controller-uid': 'job-uid', 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': 'job-uid', 'job-name': 'pi' },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: 'job-uid', controller: true, blockOwnerDeletion: true }],
    });
    expect(create.eventOnSuccess).toMatchObject({ reason: 'SuccessfulCreate', messageTemplate: 'Created pod: {name}' });
    const status = actions.find((a) => a.type === 'updateStatus');
    expect(status && status.type === 'updateStatus' && status.object['status']).toMatchObject({ active: 1, ready: 0, startTime: '2026-11-22T00:00:00Z', uncountedTerminatedPods: {} });
  });

  it('creates parallelism pods, bounded by the remaining completions', () => {
    const c = fakeCluster();
    c.add('jobs', job({ completions: 5, parallelism: 3 }));
    expect(syncJob(c, 'default/pi').filter((a) => a.type === 'create')).toHaveLength(3);
    // Expectations: no second round before the informer sees the pods.
    expect(syncJob(c, 'default/pi').filter((a) => a.type === 'create')).toHaveLength(0);
  });

  // v1.32: SuccessCriteriaMet first, Complete after the finalizers are gone (job_controller.go
  // trackJobStatusAndRemoveFinalizers / enactJobFinished); event Completed "Job completed".
  it('completes through uncountedTerminatedPods and SuccessCriteriaMet', () => {
    const c = fakeCluster();
    c.add('jobs', job());
    c.apply(syncJob(c, 'default/pi'));
    c.nowMs = 7_000;
    finishPods(c, 'Succeeded');
    // First sync: the pod goes into uncountedTerminatedPods and SuccessCriteriaMet is recorded.
    c.apply(syncJob(c, 'default/pi'));
    expect(jobOf(c).status).toMatchObject({ uncountedTerminatedPods: { succeeded: [podsOf(c)[0]!.metadata!.uid] } });
    expect(jobOf(c).status?.conditions?.map((x) => x.type)).toEqual(['SuccessCriteriaMet']);
    const events = settle(c);
    const st = jobOf(c).status!;
    expect(st).toMatchObject({ succeeded: 1, ready: 0, uncountedTerminatedPods: {}, completionTime: '2026-11-22T00:00:07Z' });
    expect(st.conditions?.map((x) => `${x.type}/${x.reason}`)).toEqual(['SuccessCriteriaMet/CompletionsReached', 'Complete/CompletionsReached']);
    expect(podsOf(c)[0]!.metadata?.finalizers).toEqual([]);
    expect(events).toContainEqual({ type: 'Normal', reason: 'Completed', message: 'Job completed' });
  });

  // backoff_utils.go getRemainingTimeForFailuresCount: 10 s, doubling, capped at 10 min (reference §2.3).
  it.each([
    [1, 10_000],
    [2, 20_000],
    [3, 40_000],
    [6, 320_000],
    [7, 600_000],
    [20, 600_000],
  ])('back-off after %i failures is %i ms', (failures, ms) => {
    expect(podFailureBackoffMs(failures)).toBe(ms);
  });
  it('counts the back-off from the last failure', () => {
    expect(remainingBackoffMs(2, 5_000, 15_000)).toBe(10_000);
    expect(remainingBackoffMs(1, 5_000, 16_000)).toBe(0);
  });

  it('waits 10 s, 20 s, 40 s before replacing failed pods', () => {
    const c = fakeCluster();
    c.add('jobs', job());
    c.apply(syncJob(c, 'default/pi'));
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      finishPods(c, 'Failed');
      const actions = syncJob(c, 'default/pi');
      const requeue = actions.find((a) => a.type === 'requeueAfter');
      delays.push(requeue && requeue.type === 'requeueAfter' ? requeue.delayMs : -1);
      expect(actions.filter((a) => a.type === 'create')).toHaveLength(0);
      c.apply(actions);
      settle(c);
      c.nowMs += delays[i]!;
      c.apply(syncJob(c, 'default/pi'));
      expect(podsOf(c).filter((p) => (p['status'] as { phase?: string } | undefined)?.phase === undefined)).toHaveLength(1);
    }
    expect(delays).toEqual([10_000, 20_000, 40_000]);
  });

  // job_controller.go: failed > backoffLimit → FailureTarget, then Failed BackoffLimitExceeded, Warning event.
  it('fails with BackoffLimitExceeded', () => {
    const c = fakeCluster();
    c.add('jobs', job({ backoffLimit: 0 }));
    c.apply(syncJob(c, 'default/pi'));
    finishPods(c, 'Failed');
    const events = settle(c);
    const st = jobOf(c).status!;
    expect(st.conditions?.map((x) => `${x.type}/${x.reason}`)).toEqual(['FailureTarget/BackoffLimitExceeded', 'Failed/BackoffLimitExceeded']);
    expect(st.failed).toBe(1);
    expect(events).toContainEqual({ type: 'Warning', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
  });

  // activeDeadlineSeconds (reference §2.3): active pods deleted, Failed DeadlineExceeded; a requeue for the deadline before.
  it('fails with DeadlineExceeded and deletes the active pods', () => {
    const c = fakeCluster();
    c.add('jobs', job({ activeDeadlineSeconds: 30 }));
    const first = syncJob(c, 'default/pi');
    expect(first).toContainEqual({ type: 'requeueAfter', delayMs: 30_000 });
    c.apply(first);
    settle(c);
    c.nowMs = 30_000;
    const actions = syncJob(c, 'default/pi');
    expect(actions.filter((a) => a.type === 'delete')).toHaveLength(1);
    const events = c.apply(actions);
    expect(events).toContainEqual(expect.objectContaining({ reason: 'SuccessfulDelete' }));
    events.push(...settle(c));
    const st = jobOf(c).status!;
    expect(st.conditions?.map((x) => `${x.type}/${x.reason}`)).toEqual(['FailureTarget/DeadlineExceeded', 'Failed/DeadlineExceeded']);
    expect(st.conditions?.[1]?.message).toBe('Job was active longer than specified deadline');
    expect(st.active).toBeUndefined();
    expect(events).toContainEqual({ type: 'Warning', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' });
  });
});

describe('syncTTLAfterFinished', () => {
  // K pkg/controller/ttlafterfinished/ttlafterfinished_controller.go: delete at finish + TTL, else requeue.
  it('requeues until the TTL has passed, then deletes in the foreground', () => {
    const c = fakeCluster(5_000);
    const j = c.add('jobs', job({ ttlSecondsAfterFinished: 100 }));
    j['status'] = { conditions: [{ type: 'Complete', status: 'True', lastTransitionTime: '2026-11-22T00:00:00Z' }] };
    expect(syncTTLAfterFinished(c, 'default/pi')).toEqual([{ type: 'requeueAfter', delayMs: 95_000 }]);
    c.nowMs = 100_000;
    expect(syncTTLAfterFinished(c, 'default/pi')).toEqual([{ type: 'delete', resource: 'jobs', namespace: 'default', name: 'pi', uid: 'job-uid', propagationPolicy: 'Foreground' }]);
  });
  it('leaves unfinished jobs and jobs without TTL alone', () => {
    const c = fakeCluster();
    c.add('jobs', job({ ttlSecondsAfterFinished: 0 }));
    expect(syncTTLAfterFinished(c, 'default/pi')).toEqual([]);
  });
});
