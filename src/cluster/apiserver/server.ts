/**
 * kube-apiserver: the only component that talks to etcd. Objects are stored under
 * `/registry/<resource>/<namespace>/<name>` (reference §9.7; as JSON here, protobuf in real
 * clusters) and an object's resourceVersion is the etcd mod_revision of its key. Creates are etcd
 * transactions that succeed only if the key does not exist yet (the etcd3 store's Create).
 *
 * Every API request becomes one or more etcd calls over the simulated network, so when etcd has
 * no quorum the apiserver fails exactly where a real one does: after etcd's own timeouts, with
 * the errors etcd returned, or after its own 60 s request timeout.
 */
import { deriveStream, formatVirtualTime, isoTimestamp, nextU32, type PrngState } from '../../kernel/index.ts';
import { emitTrace, type Address, type EffectSink } from '../effects.ts';
import { prefixRangeEnd, type EtcdRequest, type EtcdResponse, type KeyValueView } from '../etcd/messages.ts';
import { apiResource, etcdKey, etcdPrefix, formatInvalid, validate, type ApiResourceInfo } from '../../api/index.ts';
import type { ApiRequest, ApiResponse, ApiStatus, KubeObject } from './messages.ts';

/** kube-apiserver --request-timeout default (k/apiserver pkg/server/config.go). */
export const REQUEST_TIMEOUT_MS = 60_000;
/** The etcd health check of /healthz and /readyz gives up after 2 s (storagebackend/config.go). */
const HEALTH_CHECK_TIMEOUT_MS = 2000;
/** The system namespaces controller retries creating missing namespaces. */
const BOOTSTRAP_RETRY_MS = 1000;
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

type Stage =
  | { kind: 'read' }
  | { kind: 'check-namespace'; object: KubeObject }
  | { kind: 'create'; object: KubeObject }
  | { kind: 'read-for-update'; object: KubeObject }
  | { kind: 'update'; object: KubeObject }
  | { kind: 'read-for-delete' }
  | { kind: 'delete'; object: KubeObject }
  | { kind: 'health' };

interface PendingApi {
  id: string;
  /** Where to answer; null for the apiserver's own bootstrap requests. */
  client: Address | null;
  req: ApiRequest;
  stage: Stage;
  info: ApiResourceInfo | null;
}

export interface ApiServer {
  host: string;
  status: 'running' | 'stopped';
  /** --etcd-servers: the local member (stacked) or the external members, as hosts. */
  etcdServers: string[];
  pending: Record<string, PendingApi>;
  /** etcd client port → pending request id. */
  etcdCalls: Record<string, string>;
  nextId: number;
  prng: PrngState | null;
  starts: number;
  bootstrapped: boolean;
}

export function createApiServer(host: string, etcdServers: string[]): ApiServer {
  return { host, status: 'stopped', etcdServers, pending: {}, etcdCalls: {}, nextId: 1, prng: null, starts: 0, bootstrapped: false };
}

function proc(a: ApiServer): string {
  return `${a.host}/kube-apiserver`;
}

export function startApiServer(a: ApiServer, seed: number, sink: EffectSink): void {
  if (a.status === 'running') return;
  a.starts++;
  a.status = 'running';
  a.pending = {};
  a.etcdCalls = {};
  a.prng = deriveStream(seed, `apiserver/${a.host}/${a.starts}`);
  a.bootstrapped = false;
  emitTrace(sink, { source: proc(a), kind: 'apiserver.start', summary: `kube-apiserver v1.32 started; etcd servers: ${a.etcdServers.join(', ')}` });
  bootstrapNamespaces(a, sink);
}

export function stopApiServer(a: ApiServer, reason: string, sink: EffectSink): void {
  if (a.status !== 'running') return;
  a.status = 'stopped';
  for (const id of Object.keys(a.pending)) sink.effects.push({ type: 'timer.cancel', key: `${proc(a)}/req/${id}` });
  sink.effects.push({ type: 'timer.cancel', key: `${proc(a)}/bootstrap` });
  a.pending = {};
  a.etcdCalls = {};
  emitTrace(sink, { source: proc(a), kind: 'apiserver.stop', summary: reason });
}

/** The system namespaces controller: create default, kube-system, kube-public, kube-node-lease. */
function bootstrapNamespaces(a: ApiServer, sink: EffectSink): void {
  for (const name of SYSTEM_NAMESPACES) begin(a, null, { verb: 'create', resource: 'namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } }, sink);
  sink.effects.push({ type: 'timer.set', key: `${proc(a)}/bootstrap`, delayMs: BOOTSTRAP_RETRY_MS, target: proc(a), payload: { type: 'apiserver.bootstrap' } });
}

export function onBootstrapTimer(a: ApiServer, sink: EffectSink): void {
  if (a.status !== 'running' || a.bootstrapped) return;
  const inFlight = Object.values(a.pending).some((p) => p.client === null);
  if (!inFlight) bootstrapNamespaces(a, sink);
  else sink.effects.push({ type: 'timer.set', key: `${proc(a)}/bootstrap`, delayMs: BOOTSTRAP_RETRY_MS, target: proc(a), payload: { type: 'apiserver.bootstrap' } });
}

// ---------------------------------------------------------------------------------------------
// Requests.

export function onApiRequest(a: ApiServer, client: Address, req: ApiRequest, sink: EffectSink): void {
  if (a.status !== 'running') return;
  begin(a, client, req, sink);
}

function begin(a: ApiServer, client: Address | null, req: ApiRequest, sink: EffectSink): void {
  const id = String(a.nextId++);
  if (req.verb === 'healthz' || req.verb === 'readyz' || req.verb === 'livez') {
    const p: PendingApi = { id, client, req, stage: { kind: 'health' }, info: null };
    a.pending[id] = p;
    // The etcd check is a linearizable read of a key named "health", as etcd's own check does.
    sink.effects.push({ type: 'timer.set', key: `${proc(a)}/req/${id}`, delayMs: HEALTH_CHECK_TIMEOUT_MS, target: proc(a), payload: { type: 'apiserver.timeout', id } });
    sendEtcd(a, p, { rpc: 'Range', key: 'health', serializable: false }, HEALTH_CHECK_TIMEOUT_MS, sink);
    return;
  }
  const info = apiResource((req as { resource: string }).resource);
  if (!info) return finish(a, { id, client, req, stage: { kind: 'read' }, info: null }, fail(404, 'NotFound', `the server could not find the requested resource`), sink);
  const p: PendingApi = { id, client, req, stage: { kind: 'read' }, info };
  a.pending[id] = p;
  sink.effects.push({ type: 'timer.set', key: `${proc(a)}/req/${id}`, delayMs: REQUEST_TIMEOUT_MS, target: proc(a), payload: { type: 'apiserver.timeout', id } });
  const ns = info.namespaced ? (('namespace' in req && req.namespace) || 'default') : undefined;
  switch (req.verb) {
    case 'get':
      return sendEtcd(a, p, { rpc: 'Range', key: etcdKey(info.resource, ns, req.name), serializable: false }, REQUEST_TIMEOUT_MS, sink);
    case 'list': {
      const prefix = etcdPrefix(info.resource, ns);
      return sendEtcd(a, p, { rpc: 'Range', key: prefix, rangeEnd: prefixRangeEnd(prefix), serializable: false }, REQUEST_TIMEOUT_MS, sink);
    }
    case 'delete':
      p.stage = { kind: 'read-for-delete' };
      return sendEtcd(a, p, { rpc: 'Range', key: etcdKey(info.resource, ns, req.name), serializable: false }, REQUEST_TIMEOUT_MS, sink);
    case 'create':
    case 'update':
      return beginWrite(a, p, info, ns, req.body, req.verb, sink);
  }
}

function beginWrite(a: ApiServer, p: PendingApi, info: ApiResourceInfo, ns: string | undefined, body: KubeObject, verb: 'create' | 'update', sink: EffectSink): void {
  const object = defaulted(a, info, ns, body, sink.now, verb);
  const errors = validate(object);
  const name = object.metadata?.name ?? '';
  if (errors.length > 0) return finish(a, p, fail(422, 'Invalid', formatInvalid(info.kind, name, errors)), sink);
  if (verb === 'update') {
    p.stage = { kind: 'read-for-update', object };
    return sendEtcd(a, p, { rpc: 'Range', key: etcdKey(info.resource, ns, name), serializable: false }, REQUEST_TIMEOUT_MS, sink);
  }
  if (info.namespaced) {
    // NamespaceLifecycle admission: the namespace must exist and not be terminating.
    p.stage = { kind: 'check-namespace', object };
    return sendEtcd(a, p, { rpc: 'Range', key: etcdKey('namespaces', undefined, ns!), serializable: false }, REQUEST_TIMEOUT_MS, sink);
  }
  p.stage = { kind: 'create', object };
  sendCreateTxn(a, p, info, ns, object, sink);
}

/** The etcd3 store's Create: put only if the key has never been created (create_revision = 0). */
function sendCreateTxn(a: ApiServer, p: PendingApi, info: ApiResourceInfo, ns: string | undefined, object: KubeObject, sink: EffectSink): void {
  const key = etcdKey(info.resource, ns, object.metadata!.name!);
  sendEtcd(a, p, { rpc: 'Txn', compare: [{ key, target: 'MOD', result: 'EQUAL', value: 0 }], success: [{ type: 'put', key, value: encode(object) }], failure: [] }, REQUEST_TIMEOUT_MS, sink);
}

function defaulted(a: ApiServer, info: ApiResourceInfo, ns: string | undefined, body: KubeObject, nowMs: number, verb: 'create' | 'update'): KubeObject {
  const metadata = { ...(body.metadata ?? {}) };
  if (info.namespaced) metadata.namespace = ns;
  delete metadata.resourceVersion;
  if (verb === 'create') {
    metadata.uid = uuid(a.prng!);
    metadata.creationTimestamp = rfc3339Seconds(nowMs);
  }
  const object: KubeObject = { apiVersion: info.apiVersion, kind: info.kind, ...body, metadata };
  if (info.kind === 'Namespace') {
    object.spec = { finalizers: ['kubernetes'] };
    object.status = { phase: 'Active' };
  }
  return object;
}

// ---------------------------------------------------------------------------------------------
// etcd calls.

function sendEtcd(a: ApiServer, p: PendingApi, req: EtcdRequest, timeoutMs: number, sink: EffectSink): void {
  const port = `a${p.id}-${a.nextId++}`;
  a.etcdCalls[port] = p.id;
  const etcdHost = a.etcdServers[0] ?? a.host;
  sink.effects.push({ type: 'net.send', from: { host: a.host, port }, to: { host: etcdHost, port: '2379' }, kind: 'etcd.request', body: { req, timeoutMs }, summary: req.rpc });
}

export function onEtcdResponse(a: ApiServer, port: string, resp: EtcdResponse, sink: EffectSink): void {
  const id = a.etcdCalls[port];
  delete a.etcdCalls[port];
  const p = id !== undefined ? a.pending[id] : undefined;
  if (!p || a.status !== 'running') return;
  if (!resp.ok) return finish(a, p, { ok: false, status: etcdFailure(p, resp) }, sink);
  advance(a, p, resp, sink);
}

/**
 * What an etcd error becomes at the API: etcd's own errors keep their text (clientv3 maps them
 * to EtcdError); others keep the gRPC status text. Neither is a metav1.Status, so the server
 * answers 500 with an empty reason, which kubectl prints as `Error from server: <message>`.
 */
function etcdFailure(p: PendingApi, resp: EtcdResponse & { ok: false }): ApiStatus {
  if (p.stage.kind === 'health') return { code: 500, reason: 'InternalError', message: healthFailureBody(p.req.verb) };
  const message = resp.message.startsWith('etcdserver:') ? resp.message : `rpc error: code = ${resp.code} desc = ${resp.message}`;
  return { code: 500, reason: '', message };
}

function advance(a: ApiServer, p: PendingApi, resp: EtcdResponse & { ok: true }, sink: EffectSink): void {
  const info = p.info;
  const stage = p.stage;
  const body = resp.body;
  if (stage.kind === 'health') return finish(a, p, { ok: true, code: 200, body: 'ok' }, sink);
  if (!info) return;
  const name = 'name' in p.req ? p.req.name : undefined;
  const kvs = body.rpc === 'Range' ? body.kvs : [];
  switch (stage.kind) {
    case 'read':
      if (p.req.verb === 'list') return finish(a, p, { ok: true, code: 200, body: listOf(info, kvs, resp.header.revision) }, sink);
      if (kvs.length === 0) return finish(a, p, notFound(info, name!), sink);
      return finish(a, p, { ok: true, code: 200, body: decode(kvs[0]!) }, sink);
    case 'check-namespace': {
      const ns = stage.object.metadata!.namespace!;
      if (kvs.length === 0) return finish(a, p, fail(404, 'NotFound', `namespaces "${ns}" not found`), sink);
      const nsObj = decode(kvs[0]!);
      if ((nsObj.status as { phase?: string } | undefined)?.phase === 'Terminating') {
        return finish(a, p, fail(403, 'Forbidden', `${info.resource} "${stage.object.metadata!.name}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`), sink);
      }
      p.stage = { kind: 'create', object: stage.object };
      return sendCreateTxn(a, p, info, ns, stage.object, sink);
    }
    case 'create': {
      const ok = body.rpc === 'Txn' && body.succeeded;
      if (!ok) return finish(a, p, fail(409, 'AlreadyExists', `${info.resource} "${stage.object.metadata!.name}" already exists`), sink);
      const created = withResourceVersion(stage.object, resp.header.revision);
      emitTrace(sink, { source: proc(a), kind: 'apiserver.write', summary: `created ${describe(info, created)} at resourceVersion ${resp.header.revision}` });
      return finish(a, p, { ok: true, code: 201, body: created }, sink);
    }
    case 'read-for-update': {
      if (kvs.length === 0) return finish(a, p, notFound(info, stage.object.metadata!.name!), sink);
      const current = decode(kvs[0]!);
      const want = (p.req as { body: KubeObject }).body.metadata?.resourceVersion;
      if (want !== undefined && want !== current.metadata!.resourceVersion) return finish(a, p, conflict(info, stage.object.metadata!.name!), sink);
      const merged: KubeObject = { ...stage.object, metadata: { ...stage.object.metadata, uid: current.metadata!.uid, creationTimestamp: current.metadata!.creationTimestamp } };
      if (info.kind === 'Namespace') merged.status = current.status;
      p.stage = { kind: 'update', object: merged };
      const key = kvs[0]!.key;
      return sendEtcd(a, p, { rpc: 'Txn', compare: [{ key, target: 'MOD', result: 'EQUAL', value: kvs[0]!.mod_revision }], success: [{ type: 'put', key, value: encode(merged) }], failure: [] }, REQUEST_TIMEOUT_MS, sink);
    }
    case 'update': {
      if (!(body.rpc === 'Txn' && body.succeeded)) return finish(a, p, conflict(info, stage.object.metadata!.name!), sink);
      return finish(a, p, { ok: true, code: 200, body: withResourceVersion(stage.object, resp.header.revision) }, sink);
    }
    case 'read-for-delete': {
      if (kvs.length === 0) return finish(a, p, notFound(info, name!), sink);
      const current = decode(kvs[0]!);
      const key = kvs[0]!.key;
      const guard = [{ key, target: 'MOD' as const, result: 'EQUAL' as const, value: kvs[0]!.mod_revision }];
      if (info.kind === 'Namespace') {
        // A namespace is not removed at once: it turns Terminating until the namespace controller
        // has deleted its content and removed the `kubernetes` finalizer.
        const terminating: KubeObject = { ...current, metadata: { ...current.metadata, deletionTimestamp: rfc3339Seconds(sink.now) }, status: { phase: 'Terminating' } };
        delete terminating.metadata!.resourceVersion;
        p.stage = { kind: 'delete', object: terminating };
        return sendEtcd(a, p, { rpc: 'Txn', compare: guard, success: [{ type: 'put', key, value: encode(terminating) }], failure: [] }, REQUEST_TIMEOUT_MS, sink);
      }
      p.stage = { kind: 'delete', object: current };
      return sendEtcd(a, p, { rpc: 'Txn', compare: guard, success: [{ type: 'delete', key }], failure: [] }, REQUEST_TIMEOUT_MS, sink);
    }
    case 'delete': {
      if (!(body.rpc === 'Txn' && body.succeeded)) return finish(a, p, conflict(info, stage.object.metadata!.name!), sink);
      emitTrace(sink, { source: proc(a), kind: 'apiserver.write', summary: `deleted ${describe(info, stage.object)}` });
      return finish(a, p, { ok: true, code: 200, body: stage.object }, sink);
    }
  }
}

export function onRequestTimeout(a: ApiServer, id: string, sink: EffectSink): void {
  const p = a.pending[id];
  if (!p) return;
  for (const [port, pid] of Object.entries(a.etcdCalls)) if (pid === id) delete a.etcdCalls[port];
  if (p.stage.kind === 'health') return finish(a, p, { ok: false, status: { code: 500, reason: 'InternalError', message: healthFailureBody(p.req.verb) } }, sink);
  // k/apiserver endpoints/handlers/finisher: the request ran out of its --request-timeout.
  finish(a, p, fail(504, 'Timeout', 'Timeout: request did not complete within requested timeout - context deadline exceeded'), sink);
}

function finish(a: ApiServer, p: PendingApi, resp: ApiResponse, sink: EffectSink): void {
  delete a.pending[p.id];
  sink.effects.push({ type: 'timer.cancel', key: `${proc(a)}/req/${p.id}` });
  if (p.client === null) {
    if (resp.ok || (!resp.ok && resp.status.reason === 'AlreadyExists')) maybeBootstrapped(a, sink);
    return;
  }
  sink.effects.push({ type: 'net.send', from: { host: a.host, port: '6443' }, to: p.client, kind: 'kube.response', body: resp, summary: resp.ok ? `${resp.code}` : `${resp.status.code} ${resp.status.reason}` });
}

function maybeBootstrapped(a: ApiServer, sink: EffectSink): void {
  if (Object.values(a.pending).some((p) => p.client === null)) return;
  if (!a.bootstrapped) {
    a.bootstrapped = true;
    sink.effects.push({ type: 'timer.cancel', key: `${proc(a)}/bootstrap` });
    emitTrace(sink, { source: proc(a), kind: 'apiserver.ready', summary: `system namespaces present (${SYSTEM_NAMESPACES.join(', ')}) at ${formatVirtualTime(sink.now)}` });
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers.

function fail(code: number, reason: string, message: string): ApiResponse {
  return { ok: false, status: { code, reason, message } };
}

function notFound(info: ApiResourceInfo, name: string): ApiResponse {
  return fail(404, 'NotFound', `${info.resource} "${name}" not found`);
}

function conflict(info: ApiResourceInfo, name: string): ApiResponse {
  return fail(409, 'Conflict', `Operation cannot be fulfilled on ${info.resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`);
}

function healthFailureBody(verb: ApiRequest['verb']): string {
  const checks = verb === 'readyz' ? ['[+]ping ok', '[+]log ok', '[-]etcd failed: reason withheld', '[-]etcd-readiness failed: reason withheld', '[+]informer-sync ok'] : ['[+]ping ok', '[+]log ok', '[-]etcd failed: reason withheld'];
  return `${checks.join('\n')}\n${verb} check failed`;
}

function encode(o: KubeObject): string {
  const copy = structuredClone(o);
  if (copy.metadata) delete copy.metadata.resourceVersion;
  return JSON.stringify(copy);
}

function decode(kv: KeyValueView): KubeObject {
  return withResourceVersion(JSON.parse(kv.value) as KubeObject, kv.mod_revision);
}

function withResourceVersion(o: KubeObject, rv: number): KubeObject {
  return { ...o, metadata: { ...o.metadata, resourceVersion: String(rv) } };
}

function listOf(info: ApiResourceInfo, kvs: KeyValueView[], revision: number): KubeObject {
  return { apiVersion: info.apiVersion, kind: `${info.kind}List`, metadata: { resourceVersion: String(revision) }, items: kvs.map(decode) };
}

function describe(info: ApiResourceInfo, o: KubeObject): string {
  const ns = o.metadata?.namespace;
  return `${info.resource}/${ns ? `${ns}/` : ''}${o.metadata?.name}`;
}

/** A random (version 4) UUID from the apiserver's PRNG stream. */
function uuid(prng: PrngState): string {
  const hex = Array.from({ length: 4 }, () => nextU32(prng).toString(16).padStart(8, '0')).join('');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** metav1.Time marshals as RFC 3339 with whole seconds: 2026-11-22T00:00:03Z. */
export function rfc3339Seconds(virtualMs: number): string {
  return isoTimestamp(virtualMs - (virtualMs % 1000)).replace(/\.000Z$/, 'Z');
}
