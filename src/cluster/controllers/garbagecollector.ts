/**
 * The garbage collector (K pkg/controller/garbagecollector/garbagecollector.go, simplified): one
 * pass over the informer caches instead of a dependency graph fed by events.
 *
 *  - attemptToDeleteItem: a dependent none of whose owners exists any more (no object with the
 *    owner's kind, namespace, name *and* uid) is deleted in the background, with a UID
 *    precondition. If some owners exist and others are gone, the dangling references are removed
 *    (the real GC patches them away).
 *  - Foreground deletion: an owner being deleted with the `foregroundDeletion` finalizer has its
 *    dependents deleted; once none is left the finalizer is removed so the owner goes.
 *  - Orphan deletion: an owner being deleted with the `orphan` finalizer has its ownerReference
 *    removed from every dependent, then loses the finalizer.
 *
 * Simplified: the caches are trusted (the real GC confirms an absent owner with a live GET),
 * and only the kinds in OWNER_KINDS can be owners; a reference to another kind is left alone.
 */
import type { KubeObject, OwnerReference } from '../apiserver/messages.ts';
import { deepCopy } from './controller_utils.ts';
import type { ControllerAction, ControllerContext } from './types.ts';

/** Kinds the simulator stores, with their resource and whether they are namespaced. */
export const OWNER_KINDS: Record<string, { resource: string; namespaced: boolean }> = {
  Pod: { resource: 'pods', namespaced: true },
  ReplicaSet: { resource: 'replicasets', namespaced: true },
  ReplicationController: { resource: 'replicationcontrollers', namespaced: true },
  Deployment: { resource: 'deployments', namespaced: true },
  DaemonSet: { resource: 'daemonsets', namespaced: true },
  Job: { resource: 'jobs', namespaced: true },
  Service: { resource: 'services', namespaced: true },
  ConfigMap: { resource: 'configmaps', namespaced: true },
  Node: { resource: 'nodes', namespaced: false },
  Namespace: { resource: 'namespaces', namespaced: false },
};

/**
 * The resources whose objects may carry ownerReferences. Not events: the real graph builder
 * ignores them (garbagecollector.DefaultIgnoredResources, graph_builder.go `ignoredResources`).
 */
export const DEPENDENT_RESOURCES = ['pods', 'replicasets', 'replicationcontrollers', 'deployments', 'daemonsets', 'controllerrevisions', 'jobs', 'endpointslices', 'endpoints', 'services', 'configmaps', 'leases'];

export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';

function findOwner(ctx: ControllerContext, ref: OwnerReference, dependentNamespace: string | undefined): KubeObject | undefined | 'unknown' {
  const kind = OWNER_KINDS[ref.kind];
  if (!kind) return 'unknown';
  const owner = ctx.get(kind.resource, kind.namespaced ? dependentNamespace : undefined, ref.name);
  return owner && owner.metadata?.uid === ref.uid ? owner : undefined;
}

function ownerKey(ref: OwnerReference, namespace: string | undefined): string {
  return `${ref.kind}/${namespace ?? ''}/${ref.uid}`;
}

/**
 * attemptToDeleteItem for one dependent: deleted when none of its owners is left, deleted first
 * when an owner goes in the foreground, its references to owners that are gone or orphaning it
 * removed. Counts it against each owner being deleted (`dependentsOf`).
 */
function examineDependent(ctx: ControllerContext, resource: string, obj: KubeObject, actions: ControllerAction[], dependentsOf: Map<string, number>): void {
  const refs = obj.metadata?.ownerReferences ?? [];
  if (refs.length === 0) return;
  const ns = obj.metadata?.namespace;
  const solid: OwnerReference[] = [];
  const dangling: OwnerReference[] = [];
  const orphanFrom: OwnerReference[] = [];
  let foreground = false;
  for (const ref of refs) {
    const owner = findOwner(ctx, ref, ns);
    if (owner === 'unknown') {
      solid.push(ref);
      continue;
    }
    if (!owner) {
      dangling.push(ref);
      continue;
    }
    solid.push(ref);
    const finalizers = owner.metadata?.finalizers ?? [];
    if (owner.metadata?.deletionTimestamp && finalizers.includes(ORPHAN_FINALIZER)) orphanFrom.push(ref);
    else if (owner.metadata?.deletionTimestamp && finalizers.includes(FOREGROUND_FINALIZER)) foreground = true;
    if (owner.metadata?.deletionTimestamp) {
      const k = ownerKey(ref, OWNER_KINDS[ref.kind]!.namespaced ? ns : undefined);
      dependentsOf.set(k, (dependentsOf.get(k) ?? 0) + 1);
    }
  }
  if (obj.metadata?.deletionTimestamp) return;
  const name = obj.metadata?.name ?? '';
  const uid = obj.metadata?.uid;
  if (solid.length === 0) {
    actions.push({ type: 'delete', resource, namespace: ns ?? '', name, ...(uid ? { uid } : {}), propagationPolicy: 'Background' });
    return;
  }
  if (foreground && orphanFrom.length === 0) {
    // Foreground: dependents of an owner being deleted go first.
    actions.push({ type: 'delete', resource, namespace: ns ?? '', name, ...(uid ? { uid } : {}), propagationPolicy: 'Foreground' });
    return;
  }
  if (dangling.length > 0 || orphanFrom.length > 0) {
    const drop = new Set([...dangling, ...orphanFrom].map((r) => r.uid));
    const copy = deepCopy(obj);
    copy.metadata!.ownerReferences = refs.filter((r) => !drop.has(r.uid));
    if (copy.metadata!.ownerReferences.length === 0) delete copy.metadata!.ownerReferences;
    actions.push({ type: 'update', resource, namespace: ns ?? '', object: copy });
  }
}

/**
 * One collection pass over everything in the caches; or, given `added`, over just those objects:
 * objects added since a pass that found nothing to do. The real collector's graph looks at each
 * new object once (attemptToDelete when its owner is absent); an added object can only become
 * garbage itself, never let an owner's finalizer go, so the owners are not looked at.
 */
export function collectGarbage(ctx: ControllerContext, added?: readonly { resource: string; object: KubeObject }[]): ControllerAction[] {
  const actions: ControllerAction[] = [];
  // Owners being deleted in foreground/orphan mode, with a count of dependents still pointing at them.
  const dependentsOf = new Map<string, number>();
  if (added) {
    for (const { resource, object } of added) if (DEPENDENT_RESOURCES.includes(resource)) examineDependent(ctx, resource, object, actions, dependentsOf);
    return actions;
  }
  for (const resource of DEPENDENT_RESOURCES) for (const obj of ctx.list(resource)) examineDependent(ctx, resource, obj, actions, dependentsOf);

  // Owners whose dependents are all gone (or orphaned) lose the GC finalizers.
  for (const [kind, info] of Object.entries(OWNER_KINDS)) {
    for (const owner of ctx.list(info.resource)) {
      const finalizers = owner.metadata?.finalizers ?? [];
      if (!owner.metadata?.deletionTimestamp) continue;
      const gcFinalizers = finalizers.filter((f) => f === FOREGROUND_FINALIZER || f === ORPHAN_FINALIZER);
      if (gcFinalizers.length === 0) continue;
      const remaining = dependentsOf.get(`${kind}/${info.namespaced ? (owner.metadata?.namespace ?? '') : ''}/${owner.metadata?.uid}`) ?? 0;
      // Wait until no dependent points at the owner any more (deleted, or its reference removed).
      if (remaining > 0) continue;
      const copy = deepCopy(owner);
      copy.metadata!.finalizers = finalizers.filter((f) => f !== FOREGROUND_FINALIZER && f !== ORPHAN_FINALIZER);
      actions.push({ type: 'update', resource: info.resource, namespace: owner.metadata?.namespace ?? '', object: copy });
    }
  }
  return actions;
}
