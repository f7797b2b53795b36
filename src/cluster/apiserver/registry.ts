/**
 * What each write does to the object it touches: the registry strategies of kubernetes
 * pkg/registry/<group>/<resource>/strategy.go (PrepareForCreate, PrepareForUpdate, status
 * subresources, graceful deletion, finalizers), as pure functions from (operation, current object)
 * to the object to store. The server runs them inside its read–modify–write loop against etcd
 * (the etcd3 store's GuaranteedUpdate), so a write that races another simply runs again.
 */
import { qualifiedResource, type ApiResourceInfo } from '../../api/index.ts';
import { jsonEqual } from '../../api/json.ts';
import { applyDefaults } from '../../api/defaults.ts';
import type { ApiStatus, KubeObject, PatchType } from './messages.ts';
import { copyForEdit, withField } from '../../api/objects.ts';

export type WriteOp =
  | { kind: 'create'; object: KubeObject }
  | { kind: 'update'; object: KubeObject; subresource?: 'status' }
  | { kind: 'patch'; patchType: PatchType; patch: unknown; subresource?: 'status' | 'scale' }
  | { kind: 'bind'; nodeName: string; uid?: string }
  | { kind: 'delete'; gracePeriodSeconds?: number; preconditionUid?: string; propagationPolicy?: PropagationPolicy }
  /** The namespace controller's finalize: drop the `kubernetes` finalizer so the namespace goes. */
  | { kind: 'finalize-namespace' };

export type WriteResult =
  | { kind: 'put'; object: KubeObject; created: boolean }
  | { kind: 'delete'; object: KubeObject }
  | { kind: 'unchanged'; object: KubeObject }
  | { kind: 'error'; status: ApiStatus };

/** Resources whose .status is written only through the status subresource. */
const HAS_STATUS_SUBRESOURCE = new Set(['pods', 'nodes', 'services', 'namespaces', 'deployments', 'replicasets', 'replicationcontrollers', 'jobs', 'daemonsets', 'ingresses']);
/** Strategies that track metadata.generation (it grows when the spec changes). */
const TRACKS_GENERATION = new Set(['deployments', 'replicasets', 'replicationcontrollers', 'jobs', 'daemonsets', 'ingresses', 'ingressclasses']);

/**
 * apps/v1 carries the DaemonSet's internal spec.templateGeneration in this annotation
 * (pkg/apis/apps/v1/conversion.go); the strategy keeps it and adds one when the template changes
 * (pkg/registry/apps/daemonset/strategy.go PrepareForUpdate), whatever the client sent.
 */
export const DAEMONSET_TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

export function withTemplateGeneration(obj: KubeObject, generation: number): KubeObject {
  return { ...obj, metadata: { ...obj.metadata, annotations: { ...(obj.metadata?.annotations ?? {}), [DAEMONSET_TEMPLATE_GENERATION]: String(generation) } } };
}

export function hasStatusSubresource(resource: string): boolean {
  return HAS_STATUS_SUBRESOURCE.has(resource);
}

export function conflict(info: ApiResourceInfo, name: string): ApiStatus {
  return { code: 409, reason: 'Conflict', message: `Operation cannot be fulfilled on ${qualifiedResource(info)} "${name}": the object has been modified; please apply your changes to the latest version and try again` };
}

export function notFound(info: ApiResourceInfo, name: string): ApiStatus {
  return { code: 404, reason: 'NotFound', message: `${qualifiedResource(info)} "${name}" not found` };
}

export interface WriteContext {
  info: ApiResourceInfo;
  name: string;
  nowMs: number;
  timestamp: (ms: number) => string;
}

/** Runs one write against the current stored object (undefined if the key does not exist). */
export function mutate(op: WriteOp, current: KubeObject | undefined, ctx: WriteContext): WriteResult {
  const { info, name } = ctx;
  if (op.kind === 'create') {
    if (current) return { kind: 'error', status: { code: 409, reason: 'AlreadyExists', message: `${qualifiedResource(info)} "${name}" already exists` } };
    return { kind: 'put', object: op.object, created: true };
  }
  if (!current) return { kind: 'error', status: notFound(info, name) };
  switch (op.kind) {
    case 'update':
      return update(op.object, current, ctx, op.subresource);
    case 'patch': {
      const target = op.subresource === 'scale' ? { spec: { replicas: ((op.patch as { spec?: { replicas?: number } }).spec ?? {}).replicas } } : op.patch;
      if (op.patchType === 'json') {
        const applied = jsonPatch(current, op.patch);
        // patch.go applyJSPatch: the library's error as a 422 with no reason (kubectl: `Error from server: ...`).
        if ('error' in applied) return { kind: 'error', status: { code: 422, reason: '', message: applied.error } };
        return update(patchedBody(applied.value as KubeObject, current, op.subresource), current, ctx, op.subresource === 'status' ? 'status' : undefined);
      }
      const patched = op.patchType === 'merge' ? mergePatch(current, target) : strategicMergePatch(current, target);
      return update(patchedBody(patched as KubeObject, current, op.subresource), current, ctx, op.subresource === 'status' ? 'status' : undefined);
    }
    case 'bind':
      return bind(current, op.nodeName, op.uid, ctx);
    case 'delete':
      return deleteObject(current, op, ctx);
    case 'finalize-namespace': {
      const spec = { ...((current['spec'] as object) ?? {}), finalizers: [] };
      const next = { ...current, spec };
      return finalizersGone(next) ? { kind: 'delete', object: next } : { kind: 'put', object: next, created: false };
    }
  }
}

/**
 * The patched object goes through the same defaulting as a PUT body (patch.go applyPatch decodes
 * the result with the scheme's defaulter), so `kubectl patch` adding a container gets its
 * terminationMessagePath and imagePullPolicy; validation follows in the server as for updates.
 */
function patchedBody(patched: KubeObject, current: KubeObject, subresource: 'status' | 'scale' | undefined): KubeObject {
  const body = { ...patched, metadata: { ...patched.metadata, resourceVersion: current.metadata?.resourceVersion } };
  return subresource === 'status' ? body : (applyDefaults(body) as KubeObject);
}

function update(body: KubeObject, current: KubeObject, ctx: WriteContext, subresource: 'status' | undefined): WriteResult {
  const { info, name } = ctx;
  const want = body.metadata?.resourceVersion;
  if (want !== undefined && want !== '' && want !== current.metadata?.resourceVersion) return { kind: 'error', status: conflict(info, name) };
  if (body.metadata?.uid && body.metadata.uid !== current.metadata?.uid) {
    return { kind: 'error', status: { code: 409, reason: 'Conflict', message: `Operation cannot be fulfilled on ${qualifiedResource(info)} "${name}": Precondition failed: UID in precondition: ${body.metadata.uid}, UID in object meta: ${current.metadata?.uid}` } };
  }
  let next: KubeObject;
  if (subresource === 'status') {
    next = { ...current, status: body['status'] };
    // pkg/registry/core/node/strategy.go nodeStatusStrategy.PrepareForUpdate keeps only the old
    // spec: a nodes/status write may change labels and annotations, which is how flanneld
    // (allowed only `patch nodes/status`) annotates its Node.
    if (info.resource === 'nodes' && body.metadata) {
      const { labels, annotations } = body.metadata;
      next.metadata = { ...current.metadata, ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) };
    }
  } else {
    // Identity and system fields are the server's; a spec update keeps the current status.
    const metadata = {
      ...body.metadata,
      name: current.metadata?.name,
      uid: current.metadata?.uid,
      creationTimestamp: current.metadata?.creationTimestamp,
      ...(current.metadata?.namespace !== undefined ? { namespace: current.metadata.namespace } : {}),
      ...(current.metadata?.deletionTimestamp !== undefined ? { deletionTimestamp: current.metadata.deletionTimestamp, deletionGracePeriodSeconds: current.metadata.deletionGracePeriodSeconds } : {}),
      ...(current.metadata?.generation !== undefined ? { generation: current.metadata.generation } : {}),
    };
    if (metadata.generateName === undefined) delete metadata.generateName;
    next = { ...body, apiVersion: current.apiVersion, kind: current.kind, metadata };
    if (hasStatusSubresource(info.resource)) {
      if (current['status'] !== undefined) next['status'] = current['status'];
      else delete next['status'];
    }
    if (info.resource === 'services') next['spec'] = keepAllocatedValues(next['spec'] as ServiceSpecLike | undefined, current['spec'] as ServiceSpecLike | undefined);
    if (info.resource === 'pods') {
      // The node is set only through pods/binding; pod updates cannot move a pod.
      const curNode = (current['spec'] as { nodeName?: string } | undefined)?.nodeName;
      next['spec'] = { ...((next['spec'] as object) ?? {}), ...(curNode ? { nodeName: curNode } : {}) };
    }
    if (TRACKS_GENERATION.has(info.resource) && !jsonEqual(next['spec'], current['spec'])) {
      next.metadata!.generation = (current.metadata?.generation ?? 1) + 1;
    }
    if (info.resource === 'daemonsets') {
      const old = Number(current.metadata?.annotations?.[DAEMONSET_TEMPLATE_GENERATION] ?? '1') || 1;
      const templateChanged = !jsonEqual((next['spec'] as { template?: unknown } | undefined)?.template, (current['spec'] as { template?: unknown } | undefined)?.template);
      next = withTemplateGeneration(next, templateChanged ? old + 1 : old);
    }
  }
  // Whether it changes anything is the server's to say, from the encoded bytes (storage.go
  // GuaranteedUpdate compares them with what is stored, after validation): see writeAgainst.
  if (next.metadata?.deletionTimestamp && finalizersGone(next) && (next.metadata.deletionGracePeriodSeconds ?? 0) === 0) return { kind: 'delete', object: next };
  return { kind: 'put', object: next, created: false };
}

interface ServiceSpecLike {
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: { port?: number; protocol?: string; nodePort?: number }[];
  [k: string]: unknown;
}

/**
 * pkg/registry/core/service/storage/storage.go patchAllocatedValues: an update that leaves out
 * the ClusterIP or a port's NodePort keeps the allocated ones (kubectl apply of a manifest that
 * never named them must not free them).
 */
export function keepAllocatedValues(next: ServiceSpecLike | undefined, old: ServiceSpecLike | undefined): ServiceSpecLike | undefined {
  if (!next || !old) return next;
  const out: ServiceSpecLike = { ...next };
  if (!out.clusterIP && old.clusterIP) out.clusterIP = old.clusterIP;
  if (!out.clusterIPs && old.clusterIPs && out.clusterIP === old.clusterIP) out.clusterIPs = old.clusterIPs;
  if (out.ports && old.ports) {
    out.ports = out.ports.map((p) => {
      if (p.nodePort) return p;
      const match = old.ports!.find((o) => o.port === p.port && (o.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
      return match?.nodePort ? { ...p, nodePort: match.nodePort } : p;
    });
  }
  return out;
}

function bind(pod: KubeObject, nodeName: string, uid: string | undefined, ctx: WriteContext): WriteResult {
  const spec = (pod['spec'] ?? {}) as { nodeName?: string };
  if (uid && pod.metadata?.uid !== uid) return { kind: 'error', status: { code: 409, reason: 'Conflict', message: `Operation cannot be fulfilled on pods/binding "${ctx.name}": Precondition failed: UID in precondition: ${uid}, UID in object meta: ${pod.metadata?.uid}` } };
  if (pod.metadata?.deletionTimestamp) return { kind: 'error', status: { code: 409, reason: 'Conflict', message: `Operation cannot be fulfilled on pods/binding "${ctx.name}": pod ${ctx.name} is being deleted, cannot be assigned to a host` } };
  if (spec.nodeName) return { kind: 'error', status: { code: 409, reason: 'Conflict', message: `Operation cannot be fulfilled on pods/binding "${ctx.name}": pod ${ctx.name} is already assigned to node "${spec.nodeName}"` } };
  const status = (pod['status'] ?? {}) as { conditions?: { type: string }[] };
  const conditions = [...(status.conditions ?? []).filter((c) => c.type !== 'PodScheduled'), { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: ctx.timestamp(ctx.nowMs) }];
  return { kind: 'put', object: { ...pod, spec: withField(spec, 'nodeName', nodeName), status: withField(status, 'conditions', conditions) }, created: false };
}

/**
 * Graceful deletion (pkg/registry/core/pod/strategy.go CheckGracefulDelete and the generic
 * store's BeforeDelete): a pod on a node is only marked, with deletionTimestamp = now + grace,
 * and the kubelet removes it once its containers have stopped; a pod that never reached a node,
 * or has finished, goes at once. Objects with finalizers wait for them.
 */
function deleteObject(stored: KubeObject, op: Extract<WriteOp, { kind: 'delete' }>, ctx: WriteContext): WriteResult {
  const { info, name } = ctx;
  if (op.preconditionUid && stored.metadata?.uid !== op.preconditionUid) {
    return { kind: 'error', status: { code: 409, reason: 'Conflict', message: `Operation cannot be fulfilled on ${qualifiedResource(info)} "${name}": Precondition failed: UID in precondition: ${op.preconditionUid}, UID in object meta: ${stored.metadata?.uid}` } };
  }
  const finalizers = deletionFinalizersForGarbageCollection(stored.metadata?.finalizers ?? [], op.propagationPolicy);
  const current: KubeObject = finalizers ? { ...stored, metadata: { ...stored.metadata, finalizers } } : stored;
  if (info.resource === 'namespaces') {
    if (current.metadata?.deletionTimestamp) return { kind: 'unchanged', object: current };
    const marked: KubeObject = { ...current, metadata: { ...current.metadata, deletionTimestamp: ctx.timestamp(ctx.nowMs) }, status: { phase: 'Terminating' } };
    return { kind: 'put', object: marked, created: false };
  }
  let grace = 0;
  if (info.resource === 'pods') {
    const spec = (current['spec'] ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
    const phase = ((current['status'] ?? {}) as { phase?: string }).phase;
    grace = op.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
    if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') grace = 0;
  }
  const meta = current.metadata ?? {};
  if (grace > 0) {
    // A second delete may only shorten the grace period.
    if (meta.deletionTimestamp && (meta.deletionGracePeriodSeconds ?? 0) <= grace) return { kind: 'unchanged', object: current };
    const marked = { ...current, metadata: { ...meta, deletionTimestamp: ctx.timestamp(ctx.nowMs + grace * 1000), deletionGracePeriodSeconds: grace } };
    return { kind: 'put', object: marked, created: false };
  }
  if (!finalizersGone(current)) {
    if (meta.deletionTimestamp && meta.deletionGracePeriodSeconds === 0) return { kind: 'unchanged', object: current };
    const marked = { ...current, metadata: { ...meta, deletionTimestamp: meta.deletionTimestamp ?? ctx.timestamp(ctx.nowMs), deletionGracePeriodSeconds: 0 } };
    return { kind: 'put', object: marked, created: false };
  }
  return { kind: 'delete', object: current };
}

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';
export const ORPHAN_FINALIZER = 'orphan';
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

/**
 * deletionFinalizersForGarbageCollection (staging/src/k8s.io/apiserver/pkg/registry/generic/
 * registry/store.go): a delete with propagationPolicy Orphan or Foreground leaves the object in
 * place, marked, with the `orphan` or `foregroundDeletion` finalizer for the garbage collector to
 * act on; Background removes both. Without a policy the object's current choice stands (the
 * apps/v1 and batch/v1 default is background). Undefined: no change to the finalizers.
 */
export function deletionFinalizersForGarbageCollection(finalizers: readonly string[], policy: PropagationPolicy | undefined): string[] | undefined {
  if (!policy) return undefined;
  const next = finalizers.filter((f) => f !== ORPHAN_FINALIZER && f !== FOREGROUND_FINALIZER);
  if (policy === 'Orphan') next.push(ORPHAN_FINALIZER);
  if (policy === 'Foreground') next.push(FOREGROUND_FINALIZER);
  const same = next.length === finalizers.length && next.every((f) => finalizers.includes(f));
  return same ? undefined : next;
}

function finalizersGone(o: KubeObject): boolean {
  const nsFinalizers = o.kind === 'Namespace' ? ((o['spec'] as { finalizers?: string[] } | undefined)?.finalizers ?? []) : [];
  return (o.metadata?.finalizers ?? []).length === 0 && nsFinalizers.length === 0;
}

// ---------------------------------------------------------------------------------------------
// Patches.

/** RFC 7386 JSON merge patch: objects merge, null deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? copyForEdit(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/**
 * Strategic merge patch, the part kubectl relies on: lists of objects with a `name` (containers,
 * env, ports by name) merge element by element on that key; other lists replace.
 */
export function strategicMergePatch(target: unknown, patch: unknown): unknown {
  if (Array.isArray(patch) && Array.isArray(target) && patch.every((p) => isObject(p) && typeof p['name'] === 'string')) {
    const out = [...target];
    for (const p of patch as Record<string, unknown>[]) {
      const i = out.findIndex((t) => isObject(t) && t['name'] === p['name']);
      if (i >= 0) out[i] = strategicMergePatch(out[i], p);
      else out.push(p);
    }
    return out;
  }
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? copyForEdit(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = strategicMergePatch(out[k], v);
  }
  return out;
}

/**
 * JSON Patch (RFC 6902) as evanphx/json-patch applies it for the apiserver: add, remove, replace,
 * move, copy, test, in order, on a copy; the first failing operation fails the whole patch with
 * the library's words.
 */
export function jsonPatch(doc: unknown, ops: unknown): { value: unknown } | { error: string } {
  if (!Array.isArray(ops)) return { error: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch' };
  let value = JSON.parse(JSON.stringify(doc)) as unknown;
  for (const raw of ops) {
    const op = raw as { op?: string; path?: string; from?: string; value?: unknown };
    const at = (path: string | undefined) => (path === undefined ? null : parsePointer(path));
    const path = at(op.path);
    if (!path) return { error: `missing path in ${op.op ?? 'unknown'} operation` };
    switch (op.op) {
      case 'add':
      case 'replace': {
        if (op.op === 'replace' && getAt(value, path) === undefined) return { error: `replace operation does not apply: doc is missing key: ${op.path}` };
        const r = setAt(value, path, op.value, op.op === 'add');
        if ('error' in r) return r;
        value = r.value;
        break;
      }
      case 'remove': {
        if (getAt(value, path) === undefined) return { error: `remove operation does not apply: doc is missing path: "${op.path}"` };
        value = removeAt(value, path);
        break;
      }
      case 'test':
        if (JSON.stringify(getAt(value, path)) !== JSON.stringify(op.value)) return { error: `testing value ${op.path} failed: test failed` };
        break;
      case 'move':
      case 'copy': {
        const from = at(op.from);
        const moved = from ? getAt(value, from) : undefined;
        if (!from || moved === undefined) return { error: `${op.op} operation does not apply: doc is missing from path: ${op.from}` };
        if (op.op === 'move') value = removeAt(value, from);
        const r = setAt(value, path, JSON.parse(JSON.stringify(moved)), true);
        if ('error' in r) return r;
        value = r.value;
        break;
      }
      default:
        return { error: `Unexpected kind: ${op.op}` };
    }
  }
  return { value };
}

/** RFC 6901: `/a/b~1c/0` → ['a', 'b/c', '0']; '' is the whole document. */
function parsePointer(path: string): string[] | null {
  if (path === '') return [];
  if (!path.startsWith('/')) return null;
  return path.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function getAt(doc: unknown, path: string[]): unknown {
  let cur = doc;
  for (const key of path) {
    if (Array.isArray(cur)) cur = cur[Number(key)];
    else if (isObject(cur)) cur = cur[key];
    else return undefined;
  }
  return cur;
}

function setAt(doc: unknown, path: string[], value: unknown, insert: boolean): { value: unknown } | { error: string } {
  if (path.length === 0) return { value };
  const parent = getAt(doc, path.slice(0, -1));
  const key = path[path.length - 1]!;
  if (Array.isArray(parent)) {
    const i = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(i) || i < 0 || i > parent.length) return { error: `add operation does not apply: doc is missing path: "/${path.join('/')}"` };
    if (insert) parent.splice(i, 0, value);
    else parent[i] = value;
    return { value: doc };
  }
  if (!isObject(parent)) return { error: `add operation does not apply: doc is missing path: "/${path.join('/')}"` };
  parent[key] = value;
  return { value: doc };
}

function removeAt(doc: unknown, path: string[]): unknown {
  const parent = getAt(doc, path.slice(0, -1));
  const key = path[path.length - 1]!;
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else if (isObject(parent)) delete parent[key];
  return doc;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
