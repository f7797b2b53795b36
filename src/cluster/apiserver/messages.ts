/**
 * The Kubernetes API as messages on the simulated network (what HTTPS carries to port 6443).
 * Clients (kubectl, the scheduler, controllers, node agents) build ApiRequests; the apiserver
 * answers with an ApiResponse whose error side carries a metav1.Status (code, reason, message) as
 * the real server does. A watch is a stream: after its response, `kube.watch` packets carry
 * WatchEvents to the client's address until either side ends it.
 */
export type KubeObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    generateName?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    deletionGracePeriodSeconds?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: OwnerReference[];
    finalizers?: string[];
    [k: string]: unknown;
  };
  [k: string]: unknown;
};

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** Selectors as the query string carries them (`labelSelector=app%3Dweb`, `fieldSelector=spec.nodeName%3Dw1`). */
export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** '0' (or absent in a watch): any cached state will do; absent in a list: a consistent read from etcd. */
  resourceVersion?: string;
}

export type PatchType = 'merge' | 'strategic';

export type ApiRequest =
  | { verb: 'get'; resource: string; namespace?: string; name: string; resourceVersion?: string }
  | ({ verb: 'list'; resource: string; namespace?: string } & ListOptions)
  /** A watch stream; `watchId` names it in the events the server sends. */
  | ({ verb: 'watch'; resource: string; namespace?: string; watchId: string; timeoutSeconds: number } & ListOptions)
  /** fieldValidation: kubectl sends Strict (unknown fields are rejected); client-go's default drops them. */
  | { verb: 'create'; resource: string; namespace?: string; body: KubeObject; fieldManager?: string; fieldValidation?: 'Strict' | 'Ignore' }
  /** PUT; `subresource: 'status'` changes only .status, the main resource keeps the current .status. */
  | { verb: 'update'; resource: string; namespace?: string; body: KubeObject; subresource?: 'status'; fieldValidation?: 'Strict' | 'Ignore' }
  | { verb: 'patch'; resource: string; namespace?: string; name: string; patchType: PatchType; patch: unknown; subresource?: 'status' | 'scale' }
  /** POST pods/<name>/binding: the scheduler's bind. */
  | { verb: 'bind'; namespace: string; name: string; nodeName: string; uid?: string }
  | { verb: 'delete'; resource: string; namespace?: string; name: string; gracePeriodSeconds?: number; preconditionUid?: string; propagationPolicy?: 'Background' | 'Foreground' | 'Orphan' }
  /** PUT namespaces/<name>/finalize: the namespace controller removes the `kubernetes` finalizer. */
  | { verb: 'finalize'; name: string }
  | { verb: 'healthz' | 'readyz' | 'livez'; verbose?: boolean };

/** metav1.Status for failures. `reason` is empty for errors the server could not classify. */
export interface ApiStatus {
  code: number;
  reason: string;
  message: string;
  /** metav1.StatusDetails.causes, for Invalid and BadRequest. */
  details?: { kind?: string; name?: string; group?: string };
}

export type ApiResponse = { ok: true; code: number; body: unknown } | { ok: false; status: ApiStatus };

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent {
  type: WatchEventType;
  /** The object; for ERROR a metav1.Status as an object ({kind: 'Status', code: 410, reason: 'Expired', ...}). */
  object: KubeObject;
}

/** One `kube.watch` packet: events of one stream, or its end (`closed`). */
export interface WatchFrame {
  watchId: string;
  events: WatchEvent[];
  closed?: boolean;
}

export const APISERVER_PORT = '6443';
