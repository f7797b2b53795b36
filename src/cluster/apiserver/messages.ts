/**
 * The Kubernetes API as messages on the simulated network (what HTTPS carries to port 6443).
 * kubectl builds ApiRequests; the apiserver answers with an ApiResponse whose error side carries
 * a metav1.Status (code, reason, message) as the real server does.
 */
export type KubeObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [k: string]: unknown;
  };
  [k: string]: unknown;
};

export type ApiRequest =
  | { verb: 'get' | 'delete'; resource: string; namespace?: string; name: string }
  | { verb: 'list'; resource: string; namespace?: string }
  | { verb: 'create' | 'update'; resource: string; namespace?: string; body: KubeObject }
  | { verb: 'healthz' | 'readyz' | 'livez'; verbose?: boolean };

/** metav1.Status for failures. `reason` is empty for errors the server could not classify. */
export interface ApiStatus {
  code: number;
  reason: string;
  message: string;
}

export type ApiResponse = { ok: true; code: number; body: unknown } | { ok: false; status: ApiStatus };

export const APISERVER_PORT = '6443';
