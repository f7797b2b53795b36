/**
 * The namespace controller (K pkg/controller/namespace/deletion/namespaced_resources_deleter.go):
 * a namespace marked for deletion (phase Terminating) has its content deleted, and once nothing
 * is left the `kubernetes` finalizer is removed through the finalize subresource, which removes
 * the namespace itself.
 *
 * The real deleter finds every resource through discovery and lists it with the dynamic client;
 * it holds no informers. Here the resources the controller-manager watches anyway are read from
 * its informer caches, and the others (LISTED_RESOURCES) are listed from the apiserver when a
 * namespace is deleted, then deleted item by item (deleteEachItem, the deleter's path for a
 * resource without deletecollection), and listed again until a list comes back empty.
 */
import type { ControllerContext } from './types.ts';

/** The namespaced resources read from the controller-manager's informers, in the order the deleter walks them. */
export const NAMESPACED_RESOURCES = ['deployments', 'replicasets', 'replicationcontrollers', 'daemonsets', 'controllerrevisions', 'jobs', 'pods', 'services', 'endpoints', 'endpointslices', 'configmaps'];

/**
 * Namespaced resources no controller watches: listed when a namespace is deleted. Events are
 * among them because the controller-manager has no Event informer: the garbage collector ignores
 * events (garbagecollector.DefaultIgnoredResources) and no controller reads them.
 */
export const LISTED_RESOURCES = ['leases', 'events'];

/**
 * What the controller knows of a listed resource in a terminating namespace: a list in flight,
 * deletes in flight (how many), or an empty list (nothing left: no new content can be created
 * in a terminating namespace).
 */
export type ListedState = { phase: 'listing' } | { phase: 'deleting'; pending: number } | { phase: 'empty' };

export type NamespaceAction =
  | { type: 'delete'; resource: string; namespace: string; name: string }
  | { type: 'list'; resource: string; namespace: string }
  | { type: 'finalize'; name: string };

export function syncNamespace(ctx: ControllerContext, name: string, listed: Readonly<Record<string, ListedState>>): NamespaceAction[] {
  const ns = ctx.get('namespaces', undefined, name);
  if (!ns?.metadata?.deletionTimestamp) return [];
  const actions: NamespaceAction[] = [];
  let remaining = 0;
  for (const resource of NAMESPACED_RESOURCES) {
    for (const o of ctx.list(resource, name)) {
      remaining++;
      if (!o.metadata?.deletionTimestamp) actions.push({ type: 'delete', resource, namespace: name, name: o.metadata!.name! });
    }
  }
  for (const resource of LISTED_RESOURCES) {
    const state = listed[resource];
    if (state?.phase === 'empty') continue;
    remaining++;
    if (state === undefined) actions.push({ type: 'list', resource, namespace: name });
  }
  if (remaining === 0) actions.push({ type: 'finalize', name });
  return actions;
}
