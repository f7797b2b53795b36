/**
 * The ReplicaSet controller (K pkg/controller/replicaset/replica_set.go, release-1.32) as a pure
 * sync per key. ReplicationController is the same controller with an equality selector map
 * (K pkg/controller/replication/replication_controller.go wraps it).
 *
 * syncReplicaSet:
 *  1. expectations satisfied? (otherwise only the status is refreshed)
 *  2. claim pods: owned ones matching the selector, adopt matching orphans (update), release
 *     owned ones that no longer match
 *  3. manageReplicas: diff = active pods − replicas, capped by burstReplicas (500); create with
 *     generateName `<rs>-` or delete in getPodsToDelete order, raising expectations
 *  4. status: replicas, fullyLabeledReplicas, readyReplicas, availableReplicas, observedGeneration;
 *     requeue after minReadySeconds when ready pods are not yet available.
 */
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../apiserver/messages.ts';
import { labelSelectorToSelector, matchesSelector, selectorFromSet, type Selector } from '../../api/selectors.ts';
import {
  asPod,
  claimObjects,
  deepCopy,
  deepEqual,
  isPodActive,
  isPodAvailable,
  isPodReady,
  newControllerRef,
  podFromTemplate,
  podsPrefix,
  ranksByRelatedPodsOnSameNode,
  slowStartBatches,
  sortPodsForDeletion,
  splitKey,
} from './controller_utils.ts';
import {
  deleteExpectations,
  expectationsKey,
  expectCreations,
  expectDeletions,
  satisfiedExpectations,
  type ControllerAction,
  type ControllerContext,
  type ExpectingController,
} from './types.ts';

/** BurstReplicas: at most this many creates/deletes per sync (K cmd/kube-controller-manager defaults). */
export const BURST_REPLICAS = 500;

interface ReplicaSetLike {
  object: KubeObject;
  resource: 'replicasets' | 'replicationcontrollers';
  kind: 'ReplicaSet' | 'ReplicationController';
  apiVersion: 'apps/v1' | 'v1';
  controller: ExpectingController;
  replicas: number;
  minReadySeconds: number;
  selector: Selector;
  template: PodTemplateSpec;
  status: { replicas?: number; fullyLabeledReplicas?: number; readyReplicas?: number; availableReplicas?: number; observedGeneration?: number; conditions?: unknown[] };
}

/** The ReplicaSet's status fields from its active pods (calculateStatus). */
export function calculateReplicaSetStatus(
  template: PodTemplateSpec,
  minReadySeconds: number,
  activePods: Pod[],
  nowMs: number,
): { replicas: number; fullyLabeledReplicas: number; readyReplicas: number; availableReplicas: number } {
  const templateSelector = selectorFromSet(template.metadata?.labels);
  let fullyLabeledReplicas = 0;
  let readyReplicas = 0;
  let availableReplicas = 0;
  for (const pod of activePods) {
    if (matchesSelector(templateSelector, pod.metadata?.labels)) fullyLabeledReplicas++;
    if (isPodReady(pod)) {
      readyReplicas++;
      if (isPodAvailable(pod, minReadySeconds, nowMs)) availableReplicas++;
    }
  }
  return { replicas: activePods.length, fullyLabeledReplicas, readyReplicas, availableReplicas };
}

/**
 * getPodsToDelete: when only some pods go, rank them (ActivePodsWithRanks, co-location with
 * related pods) and take the first `diff`.
 */
export function getPodsToDelete(filteredPods: Pod[], relatedPods: Pod[], diff: number, nowMs: number): Pod[] {
  if (diff >= filteredPods.length) return filteredPods.slice(0, diff);
  const ranks = ranksByRelatedPodsOnSameNode(filteredPods, relatedPods);
  return sortPodsForDeletion(filteredPods, ranks, nowMs).slice(0, diff);
}

function syncReplicaSetLike(ctx: ControllerContext, key: string, rs: ReplicaSetLike): ControllerAction[] {
  const actions: ControllerAction[] = [];
  const { namespace } = splitKey(key);
  const eKey = expectationsKey(rs.controller, key);
  const name = rs.object.metadata?.name ?? '';
  // Check expectations before listing pods, as the real sync does, so a pod that lands later is seen next time.
  const needsSync = satisfiedExpectations(ctx.expectations, eKey, ctx.nowMs) && !rs.object.metadata?.deletionTimestamp;

  // Pods of the namespace that are not finished (controller.FilterActivePods happens after claiming).
  const ownerRef = newControllerRef(rs.object, rs.apiVersion, rs.kind);
  // FilterPodsByOwner: the pods this ReplicaSet controls plus the orphans it may adopt (a pod
  // controlled by another owner is never claimed, so the rest of the namespace is not read).
  const candidates = ctx.listControlled('pods', namespace, [rs.object.metadata?.uid ?? ''], true);
  const claim = claimObjects(rs.object, ownerRef, rs.selector, candidates, 'pods');
  actions.push(...claim.actions);
  const activePods = claim.claimed.map(asPod).filter(isPodActive);

  if (needsSync) {
    const diff = activePods.length - rs.replicas;
    if (diff < 0) {
      const count = Math.min(-diff, BURST_REPLICAS);
      expectCreations(ctx.expectations, eKey, count, ctx.nowMs);
      let batch = 0;
      for (const size of slowStartBatches(count)) {
        for (let i = 0; i < size; i++) {
          actions.push({
            type: 'create',
            resource: 'pods',
            namespace,
            object: podFromTemplate(rs.template, namespace, podsPrefix(name), ownerRef),
            eventObject: rs.object,
            eventOnSuccess: { eventType: 'Normal', reason: 'SuccessfulCreate', messageTemplate: 'Created pod: {name}' },
            eventOnFailure: { eventType: 'Warning', reason: 'FailedCreate', messageTemplate: 'Error creating: {error}' },
            batch,
            expectationsKey: eKey,
          });
        }
        batch++;
      }
    } else if (diff > 0) {
      const count = Math.min(diff, BURST_REPLICAS);
      const toDelete = getPodsToDelete(activePods, activePods, count, ctx.nowMs);
      expectDeletions(ctx.expectations, eKey, toDelete.map((p) => p.metadata?.uid ?? ''), ctx.nowMs);
      for (const pod of toDelete) {
        actions.push({
          type: 'delete',
          resource: 'pods',
          namespace,
          name: pod.metadata?.name ?? '',
          ...(pod.metadata?.uid ? { uid: pod.metadata.uid } : {}),
          eventObject: rs.object,
          eventOnSuccess: { eventType: 'Normal', reason: 'SuccessfulDelete', messageTemplate: 'Deleted pod: {name}' },
          eventOnFailure: { eventType: 'Warning', reason: 'FailedDelete', messageTemplate: 'Error deleting: {error}' },
          expectationsKey: eKey,
        });
      }
    }
  }

  // updateReplicaSetStatus: write only when something changed.
  const counts = calculateReplicaSetStatus(rs.template, rs.minReadySeconds, activePods, ctx.nowMs);
  const generation = rs.object.metadata?.generation ?? 0;
  const old = rs.status;
  const changed =
    (old.replicas ?? 0) !== counts.replicas ||
    (old.fullyLabeledReplicas ?? 0) !== counts.fullyLabeledReplicas ||
    (old.readyReplicas ?? 0) !== counts.readyReplicas ||
    (old.availableReplicas ?? 0) !== counts.availableReplicas ||
    (old.observedGeneration ?? 0) < generation;
  if (changed) {
    const copy = deepCopy(rs.object);
    // Object.assign, not two spreads: V8's slow path (api/objects.ts), on every status change.
    const status: Record<string, unknown> = Object.assign({}, copy['status'] as object, counts, { observedGeneration: generation });
    // The API omits zero counters (omitempty), except replicas.
    for (const f of ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'] as const) if (status[f] === 0) delete status[f];
    copy['status'] = status;
    actions.push({ type: 'updateStatus', resource: rs.resource, namespace, object: copy });
  }
  // Ready pods become available minReadySeconds later: look again then.
  if (needsSync && rs.minReadySeconds > 0 && counts.readyReplicas === rs.replicas && counts.availableReplicas !== rs.replicas) {
    actions.push({ type: 'requeueAfter', delayMs: rs.minReadySeconds * 1000 });
  }
  return actions;
}

/** syncReplicaSet for one `namespace/name`. A ReplicaSet that is gone only drops its expectations. */
export function syncReplicaSet(ctx: ControllerContext, key: string): ControllerAction[] {
  const { namespace, name } = splitKey(key);
  const obj = ctx.get('replicasets', namespace, name);
  if (!obj) {
    deleteExpectations(ctx.expectations, expectationsKey('replicaset', key));
    return [];
  }
  const rs = obj as unknown as ReplicaSet;
  const selector = labelSelectorToSelector(rs.spec?.selector);
  if ('error' in selector) return [{ type: 'event', object: obj, eventType: 'Warning', reason: 'InvalidSelector', message: `Invalid selector: ${selector.error}` }];
  return syncReplicaSetLike(ctx, key, {
    object: obj,
    resource: 'replicasets',
    kind: 'ReplicaSet',
    apiVersion: 'apps/v1',
    controller: 'replicaset',
    replicas: rs.spec?.replicas ?? 1,
    minReadySeconds: rs.spec?.minReadySeconds ?? 0,
    selector,
    template: rs.spec?.template ?? {},
    status: (rs.status ?? {}) as ReplicaSetLike['status'],
  });
}

/** syncReplicationController: the same controller; the selector is a map (defaulted to the template labels). */
export function syncReplicationController(ctx: ControllerContext, key: string): ControllerAction[] {
  const { namespace, name } = splitKey(key);
  const obj = ctx.get('replicationcontrollers', namespace, name);
  if (!obj) {
    deleteExpectations(ctx.expectations, expectationsKey('replicationcontroller', key));
    return [];
  }
  const spec = (obj['spec'] ?? {}) as { replicas?: number; minReadySeconds?: number; selector?: Record<string, string>; template?: PodTemplateSpec };
  const selectorMap = spec.selector ?? spec.template?.metadata?.labels;
  return syncReplicaSetLike(ctx, key, {
    object: obj,
    resource: 'replicationcontrollers',
    kind: 'ReplicationController',
    apiVersion: 'v1',
    controller: 'replicationcontroller',
    replicas: spec.replicas ?? 1,
    minReadySeconds: spec.minReadySeconds ?? 0,
    // An RC without a selector selects nothing rather than everything.
    selector: selectorMap && Object.keys(selectorMap).length > 0 ? selectorFromSet(selectorMap) : { requirements: [], matchesNothing: true },
    template: spec.template ?? {},
    status: (obj['status'] ?? {}) as ReplicaSetLike['status'],
  });
}

