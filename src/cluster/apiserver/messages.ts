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

/** application/merge-patch+json, strategic-merge-patch+json, json-patch+json (RFC 6902). */
export type PatchType = 'merge' | 'strategic' | 'json';

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
  | { verb: 'healthz' | 'readyz' | 'livez'; verbose?: boolean }
  /**
   * GET pods/<name>/log and POST pods/<name>/exec: the apiserver reads the pod, then proxies to
   * the kubelet of its node (https://<InternalIP>:10250/containerLogs/... and /exec/...).
   * `follow` only shapes the kubelet URL in error texts: kubectl follows by asking again from
   * `cursor` (the simulation has no long-lived HTTP body), pinned to `containerId`.
   */
  | NodeProxyRequest;

export interface NodeProxyRequest {
  verb: 'node-proxy';
  op: 'log' | 'exec';
  namespace: string;
  name: string;
  container?: string;
  previous?: boolean;
  tailLines?: number;
  timestamps?: boolean;
  follow?: boolean;
  /** Follow polling: the log position already read, and the container it belongs to. */
  cursor?: LogCursor;
  containerId?: string;
  /** exec: the argv, and kubectl's -i / -t (they only show in the kubelet URL). */
  command?: string[];
  stdin?: boolean;
  tty?: boolean;
}

/**
 * A position in a container's log: lines up to and including the `seen`-th line written at
 * `atMs`. Log lines carry their virtual time and are appended in time order, so this survives
 * the runtime dropping old lines (containerd keeps the tail), unlike a line index.
 */
export interface LogCursor {
  atMs: number;
  seen: number;
}

/** The kubelet's API (port 10250) as the apiserver's proxy calls it: `kubelet.api` packets. */
export interface KubeletApiRequest {
  id: string;
  op: 'log' | 'exec';
  namespace: string;
  name: string;
  podUid: string;
  container: string;
  previous?: boolean;
  tailLines?: number;
  timestamps?: boolean;
  cursor?: LogCursor;
  containerId?: string;
  command?: string[];
}

/** A log answer: the lines (already formatted), where the next read starts, and whether the container still runs (a follow ends when it does not). */
export interface KubeletLogChunk {
  lines: string[];
  containerId: string;
  cursor: LogCursor;
  running: boolean;
}

/** An HTTP error from the kubelet (restful's WriteError: the status and the error text as the body). */
export interface KubeletHttpError {
  httpError: { code: number; message: string };
}

/**
 * The body of a `kubelet.api.response` packet. For exec, `result` is the runtime's ExecResult
 * (`{ exitCode, stdout, stderr, timedOut }` or `{ error }`); `upgradeFailed` marks an error the
 * kubelet answered before any stream was set up (the container is not running).
 */
export interface KubeletApiResponse {
  id: string;
  result: KubeletLogChunk | KubeletHttpError | { exitCode: number; stdout: string; stderr: string; timedOut: boolean; output?: { stream: 'stdout' | 'stderr'; line: string }[] } | { error: string };
  upgradeFailed?: boolean;
}

/** What the apiserver answers kubectl for an exec whose stream was set up: the command's output, or the error the stream carried. */
/** `output`: the lines as the two streams delivered them, in order (SPDY/WebSocket frames of stdout and stderr interleave). */
export type ExecStreamResult = { exitCode: number; stdout: string; stderr: string; output?: { stream: 'stdout' | 'stderr'; line: string }[] } | { streamError: string };

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
  /**
   * The frame's place in its stream (0, 1, 2 …). A watch is one HTTP/2 stream over TCP, which
   * delivers its bytes in order or not at all; the network here can drop a packet, so a receiver
   * that sees a gap knows the connection broke under it (as TCP would have reported).
   */
  seq?: number;
  /**
   * The apiserver process that sent it (`<host>#<start>`): the streams of one HTTP/2 connection
   * all come from one process, and a restarted apiserver is a new connection's other end.
   */
  server?: string;
}

/** An apiserver's PONG carries the same identity as its frames (WatchFrame.server). */
export interface PongBody {
  server: string;
}

/** The identity an apiserver process puts on its frames and PONGs. */
export function apiserverInstance(host: string, starts: number): string {
  return `${host}#${starts}`;
}

export const APISERVER_PORT = '6443';
/** The kubelet's API port (https://<node>:10250), where the apiserver proxies logs and exec. */
export const KUBELET_API_PORT = '10250';
