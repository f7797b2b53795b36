/**
 * The namespace controller (K pkg/controller/namespace/deletion/namespaced_resources_deleter.go):
 * a namespace marked for deletion (phase Terminating) has its content deleted, and once nothing
 * is left the `kubernetes` finalizer is removed through the finalize subresource, which removes
 * the namespace itself.
 */
import type { ControllerContext } from './types.ts';

/** The namespaced resources the simulator stores, in the order the deleter walks them. */
export const NAMESPACED_RESOURCES = ['deployments', 'replicasets', 'replicationcontrollers', 'daemonsets', 'controllerrevisions', 'jobs', 'pods', 'services', 'endpoints', 'endpointslices', 'configmaps', 'leases', 'events'];

export type NamespaceAction =
  | { type: 'delete'; resource: string; namespace: string; name: string }
  | { type: 'finalize'; name: string };

export function syncNamespace(ctx: ControllerContext, name: string): NamespaceAction[] {
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
  if (remaining === 0) actions.push({ type: 'finalize', name });
  return actions;
}
