/**
 * What every controller sync function sees and returns. The controller-manager process keeps the
 * informer caches (`list`/`get`), runs `sync(ctx, key)` per queued key and executes the returned
 * actions against the apiserver; the results come back later through the informers. Expectations
 * (K pkg/controller/controller_utils.go ControllerExpectations) are plain data here so that a
 * second sync before the informer has caught up does not create or delete twice.
 */
import type { KubeObject } from '../apiserver/messages.ts';

/** One controller's outstanding creations/deletions (ControlleeExpectations). */
export interface Expectation {
  adds: number;
  dels: number;
  timestampMs: number;
  /**
   * UIDs of the pods whose deletion is expected (UIDTrackingControllerExpectations): a deletion
   * is observed once per UID even when the informer reports it twice (update with
   * deletionTimestamp, then delete). Absent: every observed deletion counts.
   */
  deleteUids?: string[];
}

export interface ControllerContext {
  nowMs: number;
  /** Objects from the informer caches. resource is the plural ('pods', 'replicasets', 'deployments', 'daemonsets', 'controllerrevisions', 'jobs', 'services', 'endpointslices', 'endpoints', 'nodes'). */
  list(resource: string, namespace?: string): KubeObject[];
  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined;
  /**
   * The namespace's objects whose controller is one of `controllerUids`, plus those with no
   * controller when `includeOrphans` (candidates for adoption), in the order `list` gives them:
   * what FilterPodsByOwner reads from the pod index by controller UID.
   */
  listControlled(resource: string, namespace: string, controllerUids: readonly string[], includeOrphans: boolean): KubeObject[];
  /**
   * Keyed by `expectationsKey(controller, key)`, e.g. `replicaset/default/web-6d4cf56db6`.
   * Sync functions write to it (ExpectCreations / ExpectDeletions); the caller lowers it with
   * `observeCreate` / `observeDelete` when informer events arrive.
   */
  expectations: Record<string, Expectation>;
}

/** The text of an event to record once the create succeeded, `{name}` replaced by the created object's name. */
export interface EventTemplate {
  eventType: 'Normal' | 'Warning';
  reason: string;
  /** e.g. `Created pod: {name}` */
  messageTemplate: string;
}

export type ControllerAction =
  | {
      type: 'create';
      resource: string;
      namespace: string;
      /** May use metadata.generateName; the apiserver picks the name. */
      object: KubeObject;
      /** Event to record (on `eventObject`) when the create succeeds: the real controllers only know the name then. */
      eventOnSuccess?: EventTemplate;
      /** Event to record when the create fails; `{error}` is replaced by the status message. */
      eventOnFailure?: EventTemplate;
      /** The object the events are about (the ReplicaSet, Job, Deployment). */
      eventObject?: KubeObject;
      /**
       * slowStartBatch (K pkg/controller/replicaset/replica_set.go): creates are sent in batches of
       * 1, 2, 4, ...; when a create of batch n fails, the caller should skip the later batches and
       * call `observeCreate` once for each skipped create (as the real controller lowers its expectations).
       */
      batch?: number;
      /** The expectations entry this create raised: on failure call `creationObserved(expectations, expectationsKey)`. */
      expectationsKey?: string;
    }
  /** Whole object incl. metadata.resourceVersion (optimistic concurrency). */
  | { type: 'update'; resource: string; namespace: string; object: KubeObject }
  /** Whole object; without metadata.resourceVersion it is an unconditional update. */
  | { type: 'updateStatus'; resource: string; namespace: string; object: KubeObject }
  | {
      type: 'delete';
      resource: string;
      namespace: string;
      name: string;
      /** Preconditions.UID: delete only this incarnation. */
      uid?: string;
      propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
      /** Event to record on `eventObject` when the delete succeeds (`{name}` is the deleted object's name). */
      eventOnSuccess?: EventTemplate;
      eventOnFailure?: EventTemplate;
      eventObject?: KubeObject;
      /** The expectations entry this delete raised: on failure call `deletionObserved(expectations, expectationsKey, uid)`. */
      expectationsKey?: string;
    }
  | { type: 'event'; object: KubeObject; eventType: 'Normal' | 'Warning'; reason: string; message: string }
  | { type: 'requeueAfter'; delayMs: number };

export type SyncFn = (ctx: ControllerContext, key: string) => ControllerAction[];

/** ExpectationsTimeout (K pkg/controller/controller_utils.go): stale expectations stop blocking after 5 min. */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

/** The controllers that keep expectations, named like their queues. */
export type ExpectingController = 'replicaset' | 'replicationcontroller' | 'job' | 'deployment' | 'endpointslice' | 'daemonset';

export function expectationsKey(controller: ExpectingController, key: string): string {
  return `${controller}/${key}`;
}

/** ControllerExpectations.SatisfiedExpectations: none recorded, all observed, or expired. */
export function satisfiedExpectations(expectations: Record<string, Expectation>, eKey: string, nowMs: number): boolean {
  const e = expectations[eKey];
  if (!e) return true;
  if (e.adds <= 0 && e.dels <= 0) return true;
  return nowMs - e.timestampMs > EXPECTATIONS_TIMEOUT_MS;
}

/** ExpectCreations: overwrites whatever was recorded (SetExpectations). */
export function expectCreations(expectations: Record<string, Expectation>, eKey: string, adds: number, nowMs: number): void {
  expectations[eKey] = { adds, dels: 0, timestampMs: nowMs };
}

/** ExpectDeletions, tracking the UIDs to be deleted. */
export function expectDeletions(expectations: Record<string, Expectation>, eKey: string, uids: string[], nowMs: number): void {
  expectations[eKey] = { adds: 0, dels: uids.length, timestampMs: nowMs, deleteUids: [...uids] };
}

/** DeleteExpectations: the controller object is gone. */
export function deleteExpectations(expectations: Record<string, Expectation>, eKey: string): void {
  delete expectations[eKey];
}

/** CreationObserved (LowerExpectations add=1). */
export function creationObserved(expectations: Record<string, Expectation>, eKey: string): void {
  const e = expectations[eKey];
  if (e) e.adds--;
}

/** DeletionObserved; with UID tracking only the first observation of an expected UID counts. */
export function deletionObserved(expectations: Record<string, Expectation>, eKey: string, uid?: string): void {
  const e = expectations[eKey];
  if (!e) return;
  if (e.deleteUids && uid !== undefined) {
    const i = e.deleteUids.indexOf(uid);
    if (i < 0) return;
    e.deleteUids.splice(i, 1);
  }
  e.dels--;
}

/** Which controller expects objects of `resource` owned (controller ownerReference) by `ownerKind`. */
function expectingController(resource: string, ownerKind: string): ExpectingController | undefined {
  if (resource === 'pods' && ownerKind === 'ReplicaSet') return 'replicaset';
  if (resource === 'pods' && ownerKind === 'ReplicationController') return 'replicationcontroller';
  if (resource === 'pods' && ownerKind === 'Job') return 'job';
  if (resource === 'replicasets' && ownerKind === 'Deployment') return 'deployment';
  if (resource === 'endpointslices' && ownerKind === 'Service') return 'endpointslice';
  // The DaemonSet controller expects its pods and (here) the revision it creates before them.
  if ((resource === 'pods' || resource === 'controllerrevisions') && ownerKind === 'DaemonSet') return 'daemonset';
  return undefined;
}

/** The expectations key an object's creation or deletion lowers, from its controller ownerReference. */
export function expectationsKeyFor(resource: string, obj: KubeObject): string | undefined {
  const ref = obj.metadata?.ownerReferences?.find((r) => r.controller);
  if (!ref) return undefined;
  const controller = expectingController(resource, ref.kind);
  return controller ? expectationsKey(controller, `${obj.metadata?.namespace ?? ''}/${ref.name}`) : undefined;
}

/**
 * Call when the informer reports an ADDED object (the RS/Job controllers' addPod). An object
 * that arrives already being deleted counts as a deletion instead, as addPod does.
 */
export function observeCreate(expectations: Record<string, Expectation>, resource: string, obj: KubeObject): void {
  const eKey = expectationsKeyFor(resource, obj);
  if (!eKey) return;
  if (obj.metadata?.deletionTimestamp) deletionObserved(expectations, eKey, obj.metadata.uid);
  else creationObserved(expectations, eKey);
}

/**
 * Call when the informer reports a DELETED object, or a MODIFIED one that just gained a
 * deletionTimestamp (updatePod → deletePod); UID tracking keeps that from counting twice.
 */
export function observeDelete(expectations: Record<string, Expectation>, resource: string, obj: KubeObject): void {
  const eKey = expectationsKeyFor(resource, obj);
  if (eKey) deletionObserved(expectations, eKey, obj.metadata?.uid);
}
