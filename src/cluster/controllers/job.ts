/**
 * The Job controller (K pkg/controller/job/job_controller.go, backoff_utils.go, release-1.32) and
 * the TTL-after-finished controller (K pkg/controller/ttlafterfinished/ttlafterfinished_controller.go)
 * as pure syncs per key. NonIndexed jobs only.
 *
 * Pod tracking with the `batch.kubernetes.io/job-tracking` finalizer, in two steps across syncs
 * (the real controller does both in one sync, waiting for the first write's answer):
 *  1. a pod that finished and still has the finalizer is written into
 *     status.uncountedTerminatedPods (status update);
 *  2. once the informer shows that status, the pod's finalizer is removed (pod update), and a
 *     later sync moves UIDs whose pods lost the finalizer from uncounted to succeeded/failed.
 * Terminal conditions follow v1.32 (JobPodReplacementPolicy on): first the interim
 * `SuccessCriteriaMet` / `FailureTarget`, then `Complete` / `Failed` once no pod is uncounted or
 * terminating.
 *
 * Simplified: the pod-failure back-off record is recomputed from the finished pods still in the
 * cache instead of kept in memory; no podFailurePolicy, successPolicy, suspend, Indexed mode,
 * backoffLimitPerIndex, or orphan adoption.
 */
import type { Job, JobCondition, JobStatus } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../apiserver/messages.ts';
import { labelSelectorToSelector, matchesSelector } from '../../api/selectors.ts';
import { deepCopy, deepEqual, getControllerOf, isPodActive, isPodReady, newControllerRef, podFromTemplate, podsPrefix, rfc3339Seconds, slowStartBatches, sortPodsForDeletion, splitKey, timestampMs } from './controller_utils.ts';
import { deleteExpectations, expectationsKey, expectCreations, expectDeletions, satisfiedExpectations, type ControllerAction, type ControllerContext } from './types.ts';

export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';
export const LEGACY_JOB_NAME_LABEL = 'job-name';

/** DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff (job_controller.go). */
export const DEFAULT_JOB_POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_JOB_POD_FAILURE_BACKOFF_MS = 10 * 60_000;
/** MaxPodCreateDeletePerSync. */
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;
/** batch/v1 default backoffLimit. */
export const DEFAULT_BACKOFF_LIMIT = 6;

/**
 * getRemainingTimeForFailuresCount (backoff_utils.go): 10 s after the first failure, doubling per
 * further failure since the last success, capped at 10 min; minus the time since the last failure.
 */
export function podFailureBackoffMs(failuresAfterLastSuccess: number): number {
  if (failuresAfterLastSuccess === 0) return 0;
  let backoff = DEFAULT_JOB_POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < failuresAfterLastSuccess; i++) {
    backoff *= 2;
    if (backoff >= MAX_JOB_POD_FAILURE_BACKOFF_MS) return MAX_JOB_POD_FAILURE_BACKOFF_MS;
  }
  return backoff;
}

export function remainingBackoffMs(failuresAfterLastSuccess: number, lastFailureMs: number | undefined, nowMs: number): number {
  if (failuresAfterLastSuccess === 0 || lastFailureMs === undefined) return 0;
  const backoff = podFailureBackoffMs(failuresAfterLastSuccess);
  const elapsed = nowMs - lastFailureMs;
  return backoff < elapsed ? 0 : backoff - elapsed;
}

/**
 * getFinishedTime: the last container's finishedAt, else the Ready=False transition, else the
 * deletionTimestamp, else the creationTimestamp.
 */
export function podFinishedTimeMs(pod: Pod): number {
  let latest: number | undefined;
  for (const c of [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])]) {
    const t = timestampMs(c.state?.terminated?.finishedAt);
    if (t !== undefined && (latest === undefined || t > latest)) latest = t;
  }
  if (latest !== undefined) return latest;
  const readyFalse = (pod.status?.conditions ?? []).find((c) => c.type === 'Ready' && c.status === 'False');
  return timestampMs(readyFalse?.lastTransitionTime) ?? timestampMs(pod.metadata?.deletionTimestamp) ?? timestampMs(pod.metadata?.creationTimestamp) ?? 0;
}

/**
 * newBackoffRecord over all finished pods: failures after the last success, and the time of
 * the last of them.
 */
export function backoffRecord(succeeded: Pod[], failed: Pod[]): { failuresAfterLastSuccess: number; lastFailureMs: number | undefined } {
  const lastSuccess = Math.max(-Infinity, ...succeeded.map(podFinishedTimeMs));
  const after = failed.map(podFinishedTimeMs).filter((t) => t > lastSuccess);
  return { failuresAfterLastSuccess: after.length, lastFailureMs: after.length > 0 ? Math.max(...after) : undefined };
}

/** isPodFailed: Failed, or being deleted without having succeeded (podReplacementPolicy TerminatingOrFailed). */
function isPodFailed(pod: Pod): boolean {
  if (pod.status?.phase === 'Failed') return true;
  return !!pod.metadata?.deletionTimestamp && pod.status?.phase !== 'Succeeded';
}

function hasFinalizer(pod: Pod): boolean {
  return (pod.metadata?.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);
}

function conditionTrue(status: JobStatus, type: string): JobCondition | undefined {
  return (status.conditions ?? []).find((c) => c.type === type && c.status === 'True');
}

/** IsJobFinished: a Complete or Failed condition is True. */
export function isJobFinished(job: Job): boolean {
  return !!(conditionTrue(job.status ?? {}, 'Complete') ?? conditionTrue(job.status ?? {}, 'Failed'));
}

function newJobCondition(type: string, reason: string, message: string, nowMs: number): JobCondition {
  const t = rfc3339Seconds(nowMs);
  return { type, status: 'True', lastProbeTime: t, lastTransitionTime: t, reason, message };
}

/** pastBackoffLimitOnFailure: with restartPolicy OnFailure, container restarts of running pods count too. */
function pastBackoffLimitOnFailure(job: Job, pods: Pod[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
    for (const c of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) restarts += c.restartCount ?? 0;
  }
  const limit = job.spec?.backoffLimit ?? DEFAULT_BACKOFF_LIMIT;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

function removeFinalizerAction(pod: Pod): ControllerAction {
  const copy = deepCopy(pod);
  copy.metadata!.finalizers = (copy.metadata!.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER);
  return { type: 'update', resource: 'pods', namespace: pod.metadata?.namespace ?? '', object: copy as unknown as KubeObject };
}

/** The Job's pods: its selector matches and its controllerRef points at this Job. */
function podsForJob(ctx: ControllerContext, job: Job): Pod[] {
  const selector = labelSelectorToSelector(job.spec?.selector);
  if ('error' in selector) return [];
  return ctx
    .listControlled('pods', job.metadata?.namespace ?? '', [job.metadata?.uid ?? ''], false)
    .filter((p) => getControllerOf(p)?.uid === job.metadata?.uid && matchesSelector(selector, p.metadata?.labels))
    .map((p) => p as unknown as Pod);
}

/** syncJob for one `namespace/name`. */
export function syncJob(ctx: ControllerContext, key: string): ControllerAction[] {
  const { namespace, name } = splitKey(key);
  const obj = ctx.get('jobs', namespace, name);
  const eKey = expectationsKey('job', key);
  if (!obj) {
    deleteExpectations(ctx.expectations, eKey);
    return [];
  }
  const original = obj as unknown as Job;
  const job = deepCopy(original);
  const status: JobStatus = (job.status = job.status ?? {});
  const pods = podsForJob(ctx, job);
  const actions: ControllerAction[] = [];

  // A finished Job only lets go of its pods (the orphan-pod finalizer cleanup).
  if (isJobFinished(job)) {
    for (const p of pods) if (hasFinalizer(p)) actions.push(removeFinalizerAction(p));
    return actions;
  }

  const nowMs = ctx.nowMs;
  const satisfied = satisfiedExpectations(ctx.expectations, eKey, nowMs);
  const activePods = pods.filter(isPodActive);
  let active = activePods.length;
  const terminatingPods = pods.filter((p) => p.metadata?.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  let terminating = terminatingPods.length;
  let ready = activePods.filter(isPodReady).length;

  // Step 2 of the tracking: uncounted UIDs whose pods lost the finalizer (or are gone) are counted.
  const uncounted = { succeeded: [...(status.uncountedTerminatedPods?.succeeded ?? [])], failed: [...(status.uncountedTerminatedPods?.failed ?? [])] };
  const withFinalizer = new Set(pods.filter(hasFinalizer).map((p) => p.metadata?.uid ?? ''));
  const stillSucceeded = uncounted.succeeded.filter((u) => withFinalizer.has(u));
  const stillFailed = uncounted.failed.filter((u) => withFinalizer.has(u));
  const succeededCount = (status.succeeded ?? 0) + (uncounted.succeeded.length - stillSucceeded.length);
  const failedCount = (status.failed ?? 0) + (uncounted.failed.length - stillFailed.length);
  uncounted.succeeded = stillSucceeded;
  uncounted.failed = stillFailed;
  // Pods already recorded as uncounted: their finalizer can go now that the status says so.
  const recorded = new Set([...stillSucceeded, ...stillFailed]);
  for (const p of pods) if (recorded.has(p.metadata?.uid ?? '')) actions.push(removeFinalizerAction(p));

  // getNewFinishedPods: finished, still carrying the finalizer, not yet uncounted.
  const isNew = (p: Pod) => hasFinalizer(p) && !recorded.has(p.metadata?.uid ?? '');
  const newSucceeded = pods.filter((p) => isNew(p) && p.status?.phase === 'Succeeded');
  const newFailed = pods.filter((p) => isNew(p) && p.status?.phase !== 'Succeeded' && isPodFailed(p));
  const totalSucceeded = succeededCount + uncounted.succeeded.length + newSucceeded.length;
  const totalFailed = failedCount + uncounted.failed.length + newFailed.length;

  if (!status.startTime) status.startTime = rfc3339Seconds(nowMs);
  const startMs = timestampMs(status.startTime) ?? nowMs;
  const backoffLimit = job.spec?.backoffLimit ?? DEFAULT_BACKOFF_LIMIT;
  const deadlineS = job.spec?.activeDeadlineSeconds;
  let requeueMs: number | undefined;

  // The terminal outcome decided in this or an earlier sync.
  let finished: JobCondition | undefined = conditionTrue(status, 'SuccessCriteriaMet');
  if (!finished) {
    const target = conditionTrue(status, 'FailureTarget');
    if (target) finished = target;
    else if (totalFailed > backoffLimit || pastBackoffLimitOnFailure(job, pods)) {
      finished = newJobCondition('FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', nowMs);
    } else if (deadlineS !== undefined && nowMs - startMs >= deadlineS * 1000) {
      finished = newJobCondition('FailureTarget', 'DeadlineExceeded', 'Job was active longer than specified deadline', nowMs);
    } else if (deadlineS !== undefined) {
      requeueMs = deadlineS * 1000 - (nowMs - startMs);
    }
  }

  const jobEvent = (reason: string, message: string, eventType: 'Normal' | 'Warning' = 'Normal') => actions.push({ type: 'event', object: obj, eventType, reason, message });
  const deletePods = (toDelete: Pod[]) => {
    expectDeletions(ctx.expectations, eKey, toDelete.map((p) => p.metadata?.uid ?? ''), nowMs);
    for (const p of toDelete) {
      actions.push({
        type: 'delete',
        resource: 'pods',
        namespace,
        name: p.metadata?.name ?? '',
        ...(p.metadata?.uid ? { uid: p.metadata.uid } : {}),
        eventObject: obj,
        eventOnSuccess: { eventType: 'Normal', reason: 'SuccessfulDelete', messageTemplate: 'Deleted pod: {name}' },
        eventOnFailure: { eventType: 'Warning', reason: 'FailedDelete', messageTemplate: 'Error deleting: {error}' },
        expectationsKey: eKey,
      });
    }
  };

  if (finished && finished.type === 'FailureTarget') {
    // deleteActivePods: a failing Job stops all its running pods; they count as failed.
    if (activePods.length > 0) deletePods(activePods);
    terminating += activePods.length;
    ready -= activePods.filter(isPodReady).length;
    active = 0;
  } else if (!finished) {
    const completions = job.spec?.completions;
    const parallelism = job.spec?.parallelism ?? 1;
    if (satisfied && !job.metadata?.deletionTimestamp) {
      // manageJob (NonIndexed)
      let wantActive: number;
      if (completions === undefined || completions === null) wantActive = totalSucceeded > 0 ? active : parallelism;
      else wantActive = Math.max(0, Math.min(completions - totalSucceeded, parallelism));
      const rmAtLeast = Math.max(0, active - wantActive);
      if (rmAtLeast > 0) {
        const toDelete = sortPodsForDeletion(activePods, activePods.map(() => 0), nowMs).slice(0, Math.min(rmAtLeast, MAX_POD_CREATE_DELETE_PER_SYNC));
        deletePods(toDelete);
        active -= toDelete.length;
      } else {
        const diff = Math.min(wantActive - active, MAX_POD_CREATE_DELETE_PER_SYNC);
        if (diff > 0) {
          const finishedPods = pods.filter((p) => p.status?.phase === 'Succeeded' || isPodFailed(p));
          const rec = backoffRecord(finishedPods.filter((p) => p.status?.phase === 'Succeeded'), finishedPods.filter((p) => p.status?.phase !== 'Succeeded'));
          const wait = remainingBackoffMs(rec.failuresAfterLastSuccess, rec.lastFailureMs, nowMs);
          if (wait > 0) requeueMs = requeueMs === undefined ? wait : Math.min(requeueMs, wait);
          else {
            expectCreations(ctx.expectations, eKey, diff, nowMs);
            const template = deepCopy(job.spec?.template ?? {});
            template.metadata = template.metadata ?? {};
            const uid = job.metadata?.uid ?? '';
            template.metadata.labels = { [CONTROLLER_UID_LABEL]: uid, [JOB_NAME_LABEL]: name, [LEGACY_CONTROLLER_UID_LABEL]: uid, [LEGACY_JOB_NAME_LABEL]: name, ...(template.metadata.labels ?? {}) };
            template.metadata.finalizers = [...new Set([...(template.metadata.finalizers ?? []), JOB_TRACKING_FINALIZER])];
            const ref = newControllerRef(obj, 'batch/v1', 'Job');
            let batch = 0;
            for (const size of slowStartBatches(diff)) {
              for (let i = 0; i < size; i++) {
                actions.push({
                  type: 'create',
                  resource: 'pods',
                  namespace,
                  object: podFromTemplate(template, namespace, podsPrefix(name), ref),
                  eventObject: obj,
                  eventOnSuccess: { eventType: 'Normal', reason: 'SuccessfulCreate', messageTemplate: 'Created pod: {name}' },
                  eventOnFailure: { eventType: 'Warning', reason: 'FailedCreate', messageTemplate: 'Error creating: {error}' },
                  batch,
                  expectationsKey: eKey,
                });
              }
              batch++;
            }
            active += diff;
          }
        }
      }
    }
    const complete = completions === undefined || completions === null ? totalSucceeded > 0 && active === 0 : totalSucceeded >= completions && active === 0;
    if (complete) finished = newJobCondition('SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods', nowMs);
  }

  // Step 1 of the tracking: newly finished pods go into uncountedTerminatedPods. When the Job
  // is failing, every pod still holding the finalizer counts as failed.
  for (const p of newSucceeded) uncounted.succeeded.push(p.metadata?.uid ?? '');
  for (const p of newFailed) uncounted.failed.push(p.metadata?.uid ?? '');
  if (finished?.type === 'FailureTarget') {
    for (const p of activePods) if (hasFinalizer(p) && !uncounted.failed.includes(p.metadata?.uid ?? '')) uncounted.failed.push(p.metadata?.uid ?? '');
  }

  // Interim conditions first; the final one once nothing is uncounted or terminating (enactJobFinished).
  if (finished && !conditionTrue(status, finished.type)) status.conditions = [...(status.conditions ?? []), finished];
  status.succeeded = succeededCount;
  status.failed = failedCount;
  if (finished && uncounted.succeeded.length + uncounted.failed.length === 0 && terminating === 0) {
    const final = finished.type === 'SuccessCriteriaMet' ? newJobCondition('Complete', finished.reason ?? '', finished.message ?? '', nowMs) : newJobCondition('Failed', finished.reason ?? '', finished.message ?? '', nowMs);
    status.conditions = [...(status.conditions ?? []), final];
    if (final.type === 'Complete') {
      status.completionTime = final.lastTransitionTime;
      jobEvent('Completed', 'Job completed');
    } else jobEvent(final.reason ?? '', final.message ?? '', 'Warning');
    requeueMs = undefined;
  }

  status.active = active;
  status.ready = ready;
  status.terminating = terminating;
  status.uncountedTerminatedPods = {
    ...(uncounted.succeeded.length > 0 ? { succeeded: uncounted.succeeded } : {}),
    ...(uncounted.failed.length > 0 ? { failed: uncounted.failed } : {}),
  };
  // omitempty counters
  for (const f of ['active', 'succeeded', 'failed'] as const) if (status[f] === 0) delete status[f];

  const out: ControllerAction[] = [];
  if (!deepEqual(original.status ?? {}, status)) out.push({ type: 'updateStatus', resource: 'jobs', namespace, object: job as unknown as KubeObject });
  out.push(...actions);
  if (requeueMs !== undefined && requeueMs > 0) out.push({ type: 'requeueAfter', delayMs: requeueMs });
  return out;
}

/**
 * The TTL-after-finished controller: a finished Job with ttlSecondsAfterFinished is deleted
 * (foreground, UID precondition) once that long has passed since its finish condition's
 * lastTransitionTime; until then it asks to be looked at again.
 */
export function syncTTLAfterFinished(ctx: ControllerContext, key: string): ControllerAction[] {
  const { namespace, name } = splitKey(key);
  const obj = ctx.get('jobs', namespace, name);
  if (!obj) return [];
  const job = obj as unknown as Job;
  const ttl = job.spec?.ttlSecondsAfterFinished;
  if (ttl === undefined || ttl === null || job.metadata?.deletionTimestamp || !isJobFinished(job)) return [];
  const cond = conditionTrue(job.status ?? {}, 'Complete') ?? conditionTrue(job.status ?? {}, 'Failed');
  const finishMs = timestampMs(cond?.lastTransitionTime);
  if (finishMs === undefined) return [];
  const expireMs = finishMs + ttl * 1000;
  if (ctx.nowMs < expireMs) return [{ type: 'requeueAfter', delayMs: expireMs - ctx.nowMs }];
  return [{ type: 'delete', resource: 'jobs', namespace, name, ...(job.metadata?.uid ? { uid: job.metadata.uid } : {}), propagationPolicy: 'Foreground' }];
}
