/**
 * kube-apiserver: the only component that talks to etcd. Objects are stored under
 * `/registry/<resource>/<namespace>/<name>` (reference §9.7; as JSON here, protobuf in real
 * clusters) and an object's resourceVersion is the etcd mod_revision of its key.
 *
 * - Writes are read–modify–write loops against etcd guarded by mod_revision (the etcd3 store's
 *   GuaranteedUpdate); creates succeed only if the key does not exist. What a write does to the
 *   object is in registry.ts.
 * - Reads without resourceVersion are consistent reads from etcd; `resourceVersion=0` reads and
 *   every watch are served by the watch cache (watchcache.ts), fed by one etcd watch.
 *
 * Every request becomes etcd calls over the simulated network, so when etcd has no quorum the
 * apiserver fails exactly where a real one does: after etcd's own timeouts, with the errors etcd
 * returned, or after its own 60 s request timeout — while watches stay open and quiet.
 */
import { deriveStream, formatVirtualTime, memoized, nextU32, rfc3339Seconds, uuidV4, type PrngState } from '../../kernel/index.ts';
import { emitTrace, type Address, type EffectSink } from '../effects.ts';
import { prefixRangeEnd, valueText, type ObjectValue, type StoredValue, type EtcdRequest, type EtcdResponse, type KeyValueView, type WatchEventView } from '../etcd/messages.ts';
import { apiResource, defaultIngressClassName, etcdKey, etcdPrefix, formatInvalid, qualifiedResource, validate, validateStatusUpdate, type ApiResourceInfo, type FieldError } from '../../api/index.ts';
import { applyDefaults, admitDefaultTolerationSeconds, applyJobSelector, hasDefaulting } from '../../api/defaults.ts';
import { validateUpdate } from '../../api/workloadValidation.ts';
import { decodeError, decodeStrict } from '../../api/schema.ts';
import { jsonCloneReusing, jsonEqual } from '../../api/json.ts';
import { parseSelector, type Selector } from '../../api/selectors.ts';
import { apiserverInstance, KUBELET_API_PORT, type ApiRequest, type ApiResponse, type ApiStatus, type ExecStreamResult, type KubeletApiRequest, type KubeletApiResponse, type KubeObject, type NodeProxyRequest, type WatchEvent, type WatchFrame } from './messages.ts';
import { conflict, mutate, notFound, withTemplateGeneration, type WriteOp } from './registry.ts';
import { COMPACTION_INTERVAL_MS, compactRequest, compactTxn, createCompactor, onCompactTxn, type Compactor } from './compactor.ts';
import { addWatcher, applyEtcdEvent, clearWatchers, createWatchCache, removeWatcher, forEachWatcherFor, eventFor, initialEvents, matchesListOptions, parseFieldSelector, replaceCache, resourceOfKey, unsupportedField, type CacheWatcher, type FieldRequirement, type WatchCache } from './watchcache.ts';
import { copyForEdit, withField } from '../../api/objects.ts';

/** kube-apiserver --request-timeout default (k/apiserver pkg/server/config.go). */
export const REQUEST_TIMEOUT_MS = 60_000;
/** The etcd health check of /healthz and /readyz gives up after 2 s (storagebackend/config.go). */
const HEALTH_CHECK_TIMEOUT_MS = 2000;
/** The system namespaces controller retries creating missing namespaces. */
const BOOTSTRAP_RETRY_MS = 1000;
/** clientv3 keepalive (storagebackend/factory/etcd3.go): ping after 30 s idle, give up 10 s later. */
const ETCD_KEEPALIVE_TIME_MS = 30_000;
const ETCD_KEEPALIVE_TIMEOUT_MS = 10_000;
/** The cacher's reflector backs off before listing again after its watch broke. */
const RESYNC_BACKOFF_MS = 1000;
/** GuaranteedUpdate retries a write whose guard lost a race. */
const MAX_WRITE_ATTEMPTS = 8;
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
/** kubeadm's serviceSubnet and the `kubernetes` Service at its first address (reference §5). */
export const SERVICE_CIDR = '10.96.0.0/12';
export const KUBERNETES_SERVICE_IP = '10.96.0.1';

type Stage =
  | { kind: 'read' }
  | { kind: 'check-namespace'; op: WriteOp; key: string }
  | { kind: 'write-read'; op: WriteOp; key: string; attempt: number }
  | { kind: 'write-txn'; op: WriteOp; key: string; attempt: number; result: { kind: 'put' | 'delete'; object: KubeObject; created: boolean }; value: StoredValue }
  | { kind: 'health' }
  /** pods/log and pods/exec (proxy.ts's role in the real server): reading the pod, its node, connecting to and waiting on the kubelet. */
  | { kind: 'proxy-pod' }
  | ({ kind: 'proxy-node' } & ProxyTarget)
  | ({ kind: 'proxy-connect'; port: string; ip: string } & ProxyTarget)
  | ({ kind: 'proxy-wait'; port: string; ip: string } & ProxyTarget);

interface ProxyTarget {
  pod: KubeObject;
  container: string;
}

interface PendingApi {
  id: string;
  /** Where to answer; null for the apiserver's own bootstrap requests. */
  client: Address | null;
  req: ApiRequest;
  stage: Stage;
  info: ApiResourceInfo | null;
  /** The key of its timeout timer, kept so that finish cancels it with the same string (hashed once). */
  timerKey?: string;
}

export interface ApiServer {
  host: string;
  /** --advertise-address: the IP this apiserver puts in the `kubernetes` Service's endpoints. */
  advertiseAddress: string;
  status: 'running' | 'stopped';
  /** --etcd-servers: the local member (stacked) or the external members, as hosts. */
  etcdServers: string[];
  /** Requests in progress by id (a Map: ids come and go on every request). */
  pending: Map<string, PendingApi>;
  /** etcd client port → pending request id ('sync' for the cache's own list and watch). */
  etcdCalls: Map<string, string>;
  nextId: number;
  prng: PrngState | null;
  starts: number;
  /** This process's identity on its watch frames and PONGs (apiserverInstance), set at each start. */
  instance: string;
  bootstrapped: boolean;
  cache: WatchCache;
  /** The cache's etcd list+watch: which port carries it and when it last heard anything. */
  sync: { phase: 'idle' | 'listing' | 'watching'; port: string | null; lastFrameAtMs: number; pingSentAtMs: number | null };
  /** Client watches waiting for the cache to fill. */
  waitingWatches: { client: Address; req: Extract<ApiRequest, { verb: 'watch' }> }[];
  /** The etcd compactor's state (compactor.ts); it lives as long as the process. */
  compactor: Compactor;
}

export function createApiServer(host: string, etcdServers: string[], advertiseAddress = ''): ApiServer {
  return { host, advertiseAddress, status: 'stopped', etcdServers, pending: new Map(), etcdCalls: new Map(), nextId: 1, prng: null, starts: 0, instance: apiserverInstance(host, 0), bootstrapped: false, cache: createWatchCache(), sync: { phase: 'idle', port: null, lastFrameAtMs: 0, pingSentAtMs: null }, waitingWatches: [], compactor: createCompactor() };
}

/** `<host>/kube-apiserver`, one string per host (in every timer key the apiserver sets). */
const procNameOf = memoized((host) => `${host}/kube-apiserver`);
const proc = (a: ApiServer): string => procNameOf(a.host);

function timer(a: ApiServer, sink: EffectSink, name: string, delayMs: number, payload: { type: string; [k: string]: unknown }): void {
  sink.effects.push({ type: 'timer.set', key: `${proc(a)}/${name}`, delayMs, target: proc(a), payload });
}

export function startApiServer(a: ApiServer, seed: number, sink: EffectSink): void {
  if (a.status === 'running') return;
  a.starts++;
  a.instance = apiserverInstance(a.host, a.starts);
  a.status = 'running';
  a.pending = new Map();
  a.etcdCalls = new Map();
  a.prng = deriveStream(seed, `apiserver/${a.host}/${a.starts}`);
  a.bootstrapped = false;
  a.cache = createWatchCache();
  a.sync = { phase: 'idle', port: null, lastFrameAtMs: sink.now, pingSentAtMs: null };
  a.waitingWatches = [];
  a.compactor = createCompactor();
  emitTrace(sink, { source: proc(a), kind: 'apiserver.start', summary: `kube-apiserver v1.32 started; etcd servers: ${a.etcdServers.join(', ')}` });
  bootstrap(a, sink);
  startCacheSync(a, sink);
  timer(a, sink, 'keepalive', ETCD_KEEPALIVE_TIMEOUT_MS, { type: 'apiserver.keepalive' });
  timer(a, sink, 'compact', COMPACTION_INTERVAL_MS, { type: 'apiserver.compact' });
}

export function stopApiServer(a: ApiServer, reason: string, sink: EffectSink): void {
  if (a.status !== 'running') return;
  a.status = 'stopped';
  for (const p of a.pending.values()) cancelRequestTimer(p, sink);
  for (const id of a.cache.watchers.keys()) sink.effects.push({ type: 'timer.cancel', key: `${proc(a)}/watch/${id}` });
  for (const name of ['bootstrap', 'keepalive', 'resync', 'compact', 'endpoints']) sink.effects.push({ type: 'timer.cancel', key: `${proc(a)}/${name}` });
  a.pending = new Map();
  a.etcdCalls = new Map();
  a.cache = createWatchCache();
  a.waitingWatches = [];
  emitTrace(sink, { source: proc(a), kind: 'apiserver.stop', summary: reason });
}

/** The clients of the open watch streams: a stopped process's sockets are reset by its host. */
export function watchClients(a: ApiServer): Address[] {
  return [...a.cache.watchers.values()].map((w) => w.client);
}

// ---------------------------------------------------------------------------------------------
// Bootstrap: system namespaces and the `kubernetes` Service (the bootstrap controller).

function bootstrap(a: ApiServer, sink: EffectSink): void {
  for (const name of SYSTEM_NAMESPACES) begin(a, null, { verb: 'create', resource: 'namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } }, sink);
  const svc: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { clusterIP: KUBERNETES_SERVICE_IP, clusterIPs: [KUBERNETES_SERVICE_IP], ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], sessionAffinity: 'None', type: 'ClusterIP' },
  };
  begin(a, null, { verb: 'create', resource: 'services', namespace: 'default', body: svc }, sink);
  timer(a, sink, 'bootstrap', BOOTSTRAP_RETRY_MS, { type: 'apiserver.bootstrap' });
}

export function onBootstrapTimer(a: ApiServer, sink: EffectSink): void {
  if (a.status !== 'running' || a.bootstrapped) return;
  const inFlight = [...a.pending.values()].some((p) => p.client === null);
  if (!inFlight) bootstrap(a, sink);
  else timer(a, sink, 'bootstrap', BOOTSTRAP_RETRY_MS, { type: 'apiserver.bootstrap' });
}

// ---------------------------------------------------------------------------------------------
// The watch cache's own list and watch of etcd.

function startCacheSync(a: ApiServer, sink: EffectSink): void {
  a.sync = { phase: 'listing', port: null, lastFrameAtMs: sink.now, pingSentAtMs: null };
  const port = sendEtcdRaw(a, 'sync', { rpc: 'Range', key: '/registry/', rangeEnd: prefixRangeEnd('/registry/'), serializable: false }, REQUEST_TIMEOUT_MS, sink);
  a.sync.port = port;
}

function onSyncResponse(a: ApiServer, port: string, resp: EtcdResponse, sink: EffectSink): void {
  if (port !== a.sync.port) return;
  a.sync.lastFrameAtMs = sink.now;
  a.sync.pingSentAtMs = null;
  if (!resp.ok) return scheduleResync(a, `list failed: ${resp.message}`, sink);
  const body = resp.body;
  if (a.sync.phase === 'listing' && body.rpc === 'Range') {
    replaceCache(a.cache, body.kvs.flatMap((kv): [string, KubeObject][] => {
      const o = tryDecode(kv);
      return o ? [[kv.key, o]] : [];
    }), resp.header.revision);
    // Watchers from before the relist cannot be continued: end them so clients resume or relist.
    closeAllWatchers(a, sink);
    a.sync.phase = 'watching';
    a.sync.port = sendEtcdRaw(a, 'sync', { rpc: 'Watch', key: '/registry/', rangeEnd: prefixRangeEnd('/registry/'), startRevision: resp.header.revision + 1, prevKv: true }, Infinity, sink);
    emitTrace(sink, { source: proc(a), kind: 'apiserver.cache', summary: `watch cache filled: ${body.kvs.length} objects at revision ${resp.header.revision}` });
    for (const w of a.waitingWatches.splice(0)) openWatch(a, w.client, w.req, sink);
    return;
  }
  if (a.sync.phase === 'watching' && body.rpc === 'Watch') {
    if (body.canceled) return scheduleResync(a, `watch canceled: ${body.cancelReason ?? ''}`, sink);
    for (const ev of body.events) applyWatchEvent(a, ev, sink);
    // The port stays registered: a watch is a stream.
    a.etcdCalls.set(port, 'sync');
  }
}

function applyWatchEvent(a: ApiServer, ev: WatchEventView, sink: EffectSink): void {
  const object = ev.type === 'PUT' ? tryDecode(ev.kv) : undefined;
  if (ev.type === 'PUT' && !object) return;
  const cached = applyEtcdEvent(a.cache, ev.kv.key, ev.kv.mod_revision, sink.now, object);
  if (!cached) return;
  // In the order the watches were opened (their ids ascend).
  forEachWatcherFor(a.cache, cached, (w) => {
    const e = eventFor(w, cached);
    if (e) sendFrame(a, w, [e], false, sink);
  });
}

function scheduleResync(a: ApiServer, why: string, sink: EffectSink): void {
  if (a.sync.port) a.etcdCalls.delete(a.sync.port);
  a.sync = { phase: 'idle', port: null, lastFrameAtMs: sink.now, pingSentAtMs: null };
  emitTrace(sink, { source: proc(a), kind: 'apiserver.cache', summary: `watch cache lost its etcd watch (${why}); listing again in 1s` });
  timer(a, sink, 'resync', RESYNC_BACKOFF_MS, { type: 'apiserver.resync' });
}

export function onResyncTimer(a: ApiServer, sink: EffectSink): void {
  if (a.status === 'running' && a.sync.phase === 'idle') startCacheSync(a, sink);
}

/** The etcd connection broke (the member's process died and its host reset the socket). */
export function onEtcdReset(a: ApiServer, port: string, sink: EffectSink): void {
  if (a.status !== 'running') return;
  if (port === a.sync.port) scheduleResync(a, 'connection reset by peer', sink);
}

/** gRPC keepalive on the cache's watch: a member that vanished (host down, partition) is noticed. */
export function onKeepaliveTimer(a: ApiServer, sink: EffectSink): void {
  if (a.status !== 'running') return;
  timer(a, sink, 'keepalive', ETCD_KEEPALIVE_TIMEOUT_MS, { type: 'apiserver.keepalive' });
  if (a.sync.phase !== 'watching' || !a.sync.port) return;
  if (a.sync.pingSentAtMs !== null) {
    if (sink.now - a.sync.pingSentAtMs >= ETCD_KEEPALIVE_TIMEOUT_MS) scheduleResync(a, 'keepalive ping timed out', sink);
    return;
  }
  if (sink.now - a.sync.lastFrameAtMs >= ETCD_KEEPALIVE_TIME_MS) {
    a.sync.pingSentAtMs = sink.now;
    sink.effects.push({ type: 'net.send', from: { host: a.host, port: a.sync.port }, to: { host: etcdHost(a), port: '2379' }, kind: 'h2.ping', body: null, summary: 'keepalive ping' });
  }
}

export function onEtcdPong(a: ApiServer, port: string, sink: EffectSink): void {
  if (port !== a.sync.port) return;
  a.sync.pingSentAtMs = null;
  a.sync.lastFrameAtMs = sink.now;
}

// ---------------------------------------------------------------------------------------------
// The etcd compactor: one round per interval (compactor.ts).

export function onCompactTimer(a: ApiServer, sink: EffectSink): void {
  if (a.status !== 'running') return;
  timer(a, sink, 'compact', COMPACTION_INTERVAL_MS, { type: 'apiserver.compact' });
  sendEtcdRaw(a, 'compact', compactTxn(a.compactor), REQUEST_TIMEOUT_MS, sink);
}

function onCompactResponse(a: ApiServer, resp: EtcdResponse, sink: EffectSink): void {
  if (resp.ok && resp.body.rpc === 'Compact') return;
  if (!resp.ok) {
    emitTrace(sink, { source: proc(a), kind: 'apiserver.compact', summary: `etcd: endpoint (${etcdHost(a)}:2379) compact failed: ${resp.message}` });
    return;
  }
  const { next, compactTo } = onCompactTxn(a.compactor, resp);
  a.compactor = next;
  if (compactTo === undefined) return;
  emitTrace(sink, { source: proc(a), kind: 'apiserver.compact', summary: `etcd: compacting to revision ${compactTo} (the revision of one compaction interval ago)`, data: { revision: compactTo } });
  sendEtcdRaw(a, 'compact', compactRequest(compactTo), REQUEST_TIMEOUT_MS, sink);
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
    a.pending.set(id, p);
    // The etcd check is a linearizable read of a key named "health", as etcd's own check does.
    requestTimer(a, p, HEALTH_CHECK_TIMEOUT_MS, sink);
    sendEtcd(a, p, { rpc: 'Range', key: 'health', serializable: false }, HEALTH_CHECK_TIMEOUT_MS, sink);
    return;
  }
  if (req.verb === 'watch') return beginWatch(a, client, req, sink);
  if (req.verb === 'node-proxy') return beginProxy(a, id, client, req, sink);
  const info = (req.verb === 'bind' ? apiResource('pods') : req.verb === 'finalize' ? apiResource('namespaces') : apiResource((req as { resource: string }).resource)) ?? null;
  const p: PendingApi = { id, client, req, stage: { kind: 'read' }, info };
  if (!info) return finish(a, p, fail(404, 'NotFound', 'the server could not find the requested resource'), sink);
  a.pending.set(id, p);
  requestTimer(a, p, REQUEST_TIMEOUT_MS, sink);
  const ns = info.namespaced ? (('namespace' in req && req.namespace) || 'default') : undefined;
  switch (req.verb) {
    case 'get':
      if (req.resourceVersion === '0' && a.cache.ready) return answerFromCache(a, p, info, ns, req.name, sink);
      return sendEtcd(a, p, { rpc: 'Range', key: etcdKey(info.resource, ns, req.name), serializable: false }, REQUEST_TIMEOUT_MS, sink);
    case 'list': {
      // A list without a namespace spans every namespace (kubectl -A).
      const listNs = info.namespaced ? req.namespace : undefined;
      const bad = selectorError(info, req.labelSelector, req.fieldSelector);
      if (bad) return finish(a, p, fail(400, 'BadRequest', bad), sink);
      if (req.resourceVersion === '0' && a.cache.ready) return finish(a, p, { ok: true, code: 200, body: listFromCache(a.cache, info, listNs, req.labelSelector, req.fieldSelector) }, sink);
      const prefix = etcdPrefix(info.resource, listNs);
      return sendEtcd(a, p, { rpc: 'Range', key: prefix, rangeEnd: prefixRangeEnd(prefix), serializable: false }, REQUEST_TIMEOUT_MS, sink);
    }
    case 'create': {
      const undecodable = bodyFromTypedClient(req) ? undefined : decodeFailure(req.body, req.fieldValidation);
      if (undecodable) return finish(a, p, fail(400, 'BadRequest', undecodable), sink);
      return beginCreate(a, p, info, ns, req.body, sink);
    }
    case 'update': {
      const undecodable = bodyFromTypedClient(req) ? undefined : decodeFailure(req.body, req.fieldValidation);
      if (undecodable) return finish(a, p, fail(400, 'BadRequest', undecodable), sink);
      type Meta = NonNullable<KubeObject['metadata']>;
      const metadata: Meta = ns ? (withField(req.body.metadata ?? {}, 'namespace', ns) as Meta) : { ...req.body.metadata };
      const object = { ...req.body, metadata };
      const name = object.metadata.name ?? '';
      // applyDefaults is pure (a JSON copy plus defaults): one call serves the validation and the write.
      const defaulted = applyDefaults(object) as KubeObject;
      if (req.subresource !== 'status') {
        const errors = validate(defaulted);
        if (errors.length > 0) return finish(a, p, fail(422, 'Invalid', formatInvalid(info.kind, name, errors)), sink);
      }
      return beginWrite(a, p, etcdKey(info.resource, ns, name), { kind: 'update', object: defaulted, ...(req.subresource ? { subresource: req.subresource } : {}) }, sink);
    }
    case 'patch':
      return beginWrite(a, p, etcdKey(info.resource, ns, req.name), { kind: 'patch', patchType: req.patchType, patch: req.patch, ...(req.subresource ? { subresource: req.subresource } : {}) }, sink);
    case 'finalize':
      return beginWrite(a, p, etcdKey('namespaces', undefined, req.name), { kind: 'finalize-namespace' }, sink);
    case 'bind':
      return beginWrite(a, p, etcdKey('pods', ns, req.name), { kind: 'bind', nodeName: req.nodeName, ...(req.uid ? { uid: req.uid } : {}) }, sink);
    case 'delete':
      return beginWrite(a, p, etcdKey(info.resource, ns, req.name), { kind: 'delete', ...(req.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: req.gracePeriodSeconds } : {}), ...(req.preconditionUid ? { preconditionUid: req.preconditionUid } : {}), ...(req.propagationPolicy ? { propagationPolicy: req.propagationPolicy } : {}) }, sink);
  }
}

/**
 * A body a component's typed client sent (no fieldValidation: kubectl always sends one). It is a
 * Go struct the client encoded itself (protobuf, for the built-in types), so it always decodes and
 * carries no unknown fields: decoding it can only succeed, and is skipped.
 */
function bodyFromTypedClient(req: { fieldValidation?: 'Strict' | 'Ignore' }): boolean {
  return req.fieldValidation === undefined;
}

/**
 * Decoding the request body (handlers/rest.go transformDecodeError): a value of the wrong type
 * cannot be decoded at all; an unknown field is an error only under fieldValidation=Strict,
 * which kubectl sends (--validate=strict, the default since v1.27). Nothing is stored.
 */
function decodeFailure(body: KubeObject, fieldValidation: 'Strict' | 'Ignore' | undefined): string | undefined {
  const { errors } = decodeStrict(body);
  const error = errors[0];
  if (error === undefined) return undefined;
  if (error.startsWith('strict decoding error:') && fieldValidation !== 'Strict') return undefined;
  return decodeError(body.kind ?? '', body.apiVersion ?? '', errors);
}

function selectorError(info: ApiResourceInfo, labelSelector: string | undefined, fieldSelector: string | undefined): string | undefined {
  if (labelSelector) {
    const parsed = parseSelector(labelSelector);
    if ('error' in parsed) return parsed.error;
  }
  const fields = parseFieldSelector(fieldSelector);
  if ('error' in fields) return fields.error;
  return unsupportedField(info.resource, fields);
}

/** The selectors of a list or watch, parsed once (callers have checked them with selectorError). */
function listOptions(labelSelector: string | undefined, fieldSelector: string | undefined): { labels: Selector | null; fields: FieldRequirement[] } {
  const labels = labelSelector ? parseSelector(labelSelector) : null;
  const fields = parseFieldSelector(fieldSelector);
  return { labels: labels && 'error' in labels ? null : labels, fields: 'error' in fields ? [] : fields };
}

function beginCreate(a: ApiServer, p: PendingApi, info: ApiResourceInfo, ns: string | undefined, body: KubeObject, sink: EffectSink): void {
  const { object, allocationErrors } = prepareForCreate(a, info, ns, body, sink.now);
  // The Service storage's BeginCreate allocates before the strategy validates (store.go create).
  const errors = allocationErrors.length > 0 ? allocationErrors : validate(object);
  const name = object.metadata?.name ?? '';
  if (errors.length > 0) return finish(a, p, fail(422, 'Invalid', formatInvalid(info.kind, name || (body.metadata?.generateName ?? ''), errors)), sink);
  const key = etcdKey(info.resource, ns, name);
  if (info.namespaced) {
    // NamespaceLifecycle admission: the namespace must exist and not be terminating. It asks the
    // namespace informer first and the storage only when the cache has not seen the namespace.
    const cached = a.cache.ready ? a.cache.objects.get(etcdKey('namespaces', undefined, ns!)) : undefined;
    if (cached) {
      const refused = namespaceRefusal(info, object, cached);
      if (refused) return finish(a, p, refused, sink);
      return beginWrite(a, p, key, { kind: 'create', object }, sink);
    }
    p.stage = { kind: 'check-namespace', op: { kind: 'create', object }, key };
    return sendEtcd(a, p, { rpc: 'Range', key: etcdKey('namespaces', undefined, ns!), serializable: false }, REQUEST_TIMEOUT_MS, sink);
  }
  beginWrite(a, p, key, { kind: 'create', object }, sink);
}

function namespaceRefusal(info: ApiResourceInfo, object: KubeObject, nsObj: KubeObject | undefined): ApiResponse | undefined {
  const ns = object.metadata!.namespace!;
  if (!nsObj) return fail(404, 'NotFound', `namespaces "${ns}" not found`);
  if ((nsObj['status'] as { phase?: string } | undefined)?.phase === 'Terminating') {
    return fail(403, 'Forbidden', `${info.resource} "${object.metadata!.name}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`);
  }
  return undefined;
}

/**
 * PrepareForCreate and the admission plugins that change objects: defaults, a generated name,
 * uid and creation time, Pending status for pods, a ClusterIP for Services, a Job's selector.
 */
function prepareForCreate(a: ApiServer, info: ApiResourceInfo, ns: string | undefined, body: KubeObject, nowMs: number): { object: KubeObject; allocationErrors: FieldError[] } {
  let allocationErrors: FieldError[] = [];
  const metadata = copyForEdit(body.metadata ?? {});
  if (info.namespaced) metadata.namespace = ns;
  delete metadata.resourceVersion;
  if (!metadata.name && metadata.generateName) metadata.name = generateName(a.prng!, metadata.generateName);
  metadata.uid = uuidV4(a.prng!);
  metadata.creationTimestamp = rfc3339Seconds(nowMs);
  if (info.resource === 'deployments' || info.resource === 'replicasets' || info.resource === 'replicationcontrollers' || info.resource === 'jobs' || info.resource === 'daemonsets' || info.resource === 'ingresses' || info.resource === 'ingressclasses') metadata.generation = 1;
  let object: KubeObject = { ...body, apiVersion: info.apiVersion, kind: info.kind, metadata };
  // A kind with no defaulting (an Event, a ConfigMap) needs no copy here: what is stored is
  // encode's JSON-shaped copy, which shares nothing with the request.
  if (hasDefaulting(info.kind)) object = applyDefaults(object) as KubeObject;
  switch (info.kind) {
    case 'Namespace':
      object['spec'] = { finalizers: ['kubernetes'] };
      object['status'] = { phase: 'Active' };
      break;
    case 'Pod':
      object = admitDefaultTolerationSeconds(object as never) as KubeObject;
      object['status'] = { phase: 'Pending', qosClass: qosClass(object) };
      break;
    case 'Service': {
      const allocated = allocateServiceAddresses(a, (object['spec'] ?? {}) as Record<string, unknown>);
      object['spec'] = allocated.spec;
      allocationErrors = allocated.errors;
      object['status'] = { loadBalancer: {} };
      break;
    }
    case 'Ingress': {
      // The DefaultIngressClass admission plugin, from the cache's IngressClasses.
      const classes: KubeObject[] = [];
      for (const [k, o] of a.cache.objects) if (k.startsWith('/registry/ingressclasses/')) classes.push(o);
      const cls = defaultIngressClassName(object, classes);
      if (cls !== undefined) object['spec'] = { ...((object['spec'] as object) ?? {}), ingressClassName: cls };
      // pkg/registry/networking/ingress/strategy.go PrepareForCreate: status is the controller's.
      object['status'] = { loadBalancer: {} };
      break;
    }
    case 'Job':
      object = applyJobSelector(object as never, metadata.uid) as KubeObject;
      object['status'] = {};
      break;
    case 'Deployment':
    case 'ReplicaSet':
    case 'ReplicationController':
      object['status'] = {};
      break;
    case 'DaemonSet':
      // strategy.go PrepareForCreate: an empty status (apps/v1 prints its four required counters)
      // and templateGeneration 1.
      object = withTemplateGeneration(object, 1);
      object['status'] = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
      break;
  }
  return { object, allocationErrors };
}

/** kubernetes pkg/apis/core/v1/helper/qos GetPodQOS. */
function qosClass(pod: KubeObject): string {
  const containers = (((pod['spec'] ?? {}) as { containers?: { resources?: { requests?: Record<string, string>; limits?: Record<string, string> } }[] }).containers ?? []);
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length > 0 || Object.keys(lim).length > 0) any = true;
    for (const r of ['cpu', 'memory']) if (!lim[r] || (req[r] !== undefined && req[r] !== lim[r])) guaranteed = false;
  }
  return guaranteed ? 'Guaranteed' : any ? 'Burstable' : 'BestEffort';
}

/**
 * The ClusterIP allocator: random addresses from the dynamic (upper) band of 10.96.0.0/12; the
 * lowest 256 are the static band kubeadm uses for 10.96.0.1 and 10.96.0.10
 * (KW concepts/services-networking/cluster-ip-allocation.md). NodePorts: random in 30000–32767.
 */
function allocateServiceAddresses(a: ApiServer, spec: Record<string, unknown>): { spec: Record<string, unknown>; errors: FieldError[] } {
  const out = { ...spec };
  const errors: FieldError[] = [];
  const taken = new Set<string>();
  const takenPorts = new Set<number>();
  for (const [k, o] of a.cache.objects) {
    if (!k.startsWith('/registry/services/specs/')) continue;
    const s = (o['spec'] ?? {}) as { clusterIP?: string; ports?: { nodePort?: number }[] };
    if (s.clusterIP) taken.add(s.clusterIP);
    for (const p of s.ports ?? []) if (p.nodePort) takenPorts.add(p.nodePort);
  }
  if (out['clusterIP'] === undefined || out['clusterIP'] === '') {
    let ip = '';
    do {
      const offset = 256 + 1 + (nextU32(a.prng!) % ((1 << 20) - 256 - 2));
      ip = `10.${96 + (offset >> 16)}.${(offset >> 8) & 0xff}.${offset & 0xff}`;
    } while (taken.has(ip));
    out['clusterIP'] = ip;
  }
  if (out['clusterIP'] !== 'None') out['clusterIPs'] = [out['clusterIP']];
  else out['clusterIPs'] = ['None'];
  // alloc.go allocIPs: a requested address must be in the range and free.
  const requested = out['clusterIP'] as string;
  if (requested !== 'None' && spec['clusterIP'] !== undefined && spec['clusterIP'] !== '') {
    const why = !isServiceClusterIp(requested) ? `the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}` : taken.has(requested) ? 'provided IP is already allocated' : null;
    if (why && /^\d+\.\d+\.\d+\.\d+$/.test(requested)) errors.push({ type: 'FieldValueInvalid', field: 'spec.clusterIPs', badValue: null, goValue: `[]string{"${requested}"}`, detail: `failed to allocate IP ${requested}: ${why}` });
  }
  if (out['type'] === 'NodePort' || out['type'] === 'LoadBalancer') {
    out['ports'] = ((out['ports'] as { nodePort?: number }[] | undefined) ?? []).map((p, i) => {
      if (p.nodePort) {
        // alloc.go initNodePorts: portallocator's ErrNotInRange / ErrAllocated.
        const why = p.nodePort < NODE_PORT_MIN || p.nodePort > NODE_PORT_MAX ? `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}` : takenPorts.has(p.nodePort) ? 'provided port is already allocated' : null;
        if (why) errors.push({ type: 'FieldValueInvalid', field: `spec.ports[${i}].nodePort`, badValue: p.nodePort, detail: why });
        takenPorts.add(p.nodePort);
        return p;
      }
      let port = 0;
      do port = 30000 + (nextU32(a.prng!) % 2768);
      while (takenPorts.has(port));
      takenPorts.add(port);
      return { ...p, nodePort: port };
    });
  }
  return { spec: out, errors: errors.slice(0, 1) };
}

/** The apiserver's default --service-node-port-range. */
const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;

function isServiceClusterIp(ip: string): boolean {
  const m = /^10\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  if (!m) return false;
  const [b, c, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Inside 10.96.0.0/12, and neither its network nor its broadcast address.
  return b >= 96 && b <= 111 && c <= 255 && d <= 255 && !(b === 96 && c === 0 && d === 0) && !(b === 111 && c === 255 && d === 255);
}

/**
 * GuaranteedUpdate (and conditional Delete) as the cacher and the etcd3 store do them
 * (k/apiserver pkg/storage/cacher Cacher.GuaranteedUpdate: "Ignore the suggestion and try to pass
 * down the current version of the object read from cache"; pkg/storage/etcd3/store.go): the
 * object in the watch cache is the original state, so an update costs one etcd Txn guarded by its
 * mod_revision, with no read first. Only when that state proves stale — the guard fails, or the
 * update fails or changes nothing on it — does the store read etcd and try again.
 */
function beginWrite(a: ApiServer, p: PendingApi, key: string, op: WriteOp, sink: EffectSink): void {
  if (op.kind === 'create') {
    // The etcd3 store's Create: put only if the key has never been created (mod_revision = 0).
    const value = encode(op.object);
    p.stage = { kind: 'write-txn', op, key, attempt: 1, result: { kind: 'put', object: op.object, created: true }, value };
    return sendEtcd(a, p, { rpc: 'Txn', compare: [{ key, target: 'MOD', result: 'EQUAL', value: 0 }], success: [{ type: 'put', key, value }], failure: [] }, REQUEST_TIMEOUT_MS, sink);
  }
  const cached = a.cache.ready ? a.cache.objects.get(key) : undefined;
  if (cached) return writeAgainst(a, p, key, op, cached, Number(cached.metadata?.resourceVersion), true, 1, sink);
  readForWrite(a, p, key, op, 1, sink);
}

/** getCurrentState: the store reads the key from etcd (a linearizable Range). */
function readForWrite(a: ApiServer, p: PendingApi, key: string, op: WriteOp, attempt: number, sink: EffectSink): void {
  p.stage = { kind: 'write-read', op, key, attempt };
  sendEtcd(a, p, { rpc: 'Range', key, serializable: false }, REQUEST_TIMEOUT_MS, sink);
}

/**
 * One pass of GuaranteedUpdate's loop: the update applied to `current` (at `modRevision`), then
 * the Txn that writes it only if the key is still at that revision, and otherwise reads it
 * (`Else(OpGet(key))`), so a lost race retries with the state the Txn returned.
 */
function writeAgainst(a: ApiServer, p: PendingApi, key: string, op: WriteOp, current: KubeObject | undefined, modRevision: number, fromCache: boolean, attempt: number, sink: EffectSink): void {
  const info = p.info!;
  const name = nameOfRequest(p, op);
  const result = mutate(op, current, { info, name, nowMs: sink.now, timestamp: rfc3339Seconds });
  // "It's possible we were working with stale data": an error, or no change, on the cache's
  // state is checked against etcd before it is answered.
  if (fromCache && (result.kind === 'error' || result.kind === 'unchanged')) return readForWrite(a, p, key, op, attempt, sink);
  if (result.kind === 'error') return finish(a, p, { ok: false, status: result.status }, sink);
  if (result.kind === 'unchanged') return finish(a, p, { ok: true, code: 200, body: result.object }, sink);
  if (result.kind === 'put' && info.resource !== 'namespaces' && op.kind !== 'delete') {
    // The strategy's ValidateUpdate: the new object's validation, then what may not change
    // (a Pod's spec beyond its mutable fields, apps/v1 and Job selectors, a Job's template…).
    // The status subresource validates the metadata alone (validateStatusUpdate); the apiserver's
    // own writes (finalize, bind, delete) validate the new object.
    const isStatusWrite = (op.kind === 'update' || op.kind === 'patch') && op.subresource === 'status';
    const isUserUpdate = (op.kind === 'update' || op.kind === 'patch') && !isStatusWrite && current !== undefined;
    const errors = isStatusWrite ? validateStatusUpdate(result.object) : isUserUpdate ? [...validate(result.object), ...validateUpdate(current, result.object)] : validate(result.object);
    if (errors.length > 0) return finish(a, p, fail(422, 'Invalid', formatInvalid(info.kind, name, errors)), sink);
  }
  const value = result.kind === 'put' ? encode(result.object, current) : '';
  if (result.kind === 'put' && current !== undefined && sameStoredBytes(value, current)) {
    // GuaranteedUpdate: `!origState.stale && bytes.Equal(data, origState.data)` — nothing to
    // write, the object is answered as it is. Bytes that match a cached copy are checked against
    // etcd first ("it's possible we were working with stale data").
    if (fromCache) return readForWrite(a, p, key, op, attempt, sink);
    return finish(a, p, { ok: true, code: 200, body: current }, sink);
  }
  const guard = [{ key, target: 'MOD' as const, result: 'EQUAL' as const, value: modRevision }];
  const ops = result.kind === 'put' ? [{ type: 'put' as const, key, value }] : [{ type: 'delete' as const, key }];
  p.stage = { kind: 'write-txn', op, key, attempt, result: { kind: result.kind, object: result.object, created: false }, value };
  sendEtcd(a, p, { rpc: 'Txn', compare: guard, success: ops, failure: [{ type: 'range', key }] }, REQUEST_TIMEOUT_MS, sink);
}

// ---------------------------------------------------------------------------------------------
// Watches.

function beginWatch(a: ApiServer, client: Address | null, req: Extract<ApiRequest, { verb: 'watch' }>, sink: EffectSink): void {
  if (!client) return;
  if (!a.cache.ready) {
    a.waitingWatches.push({ client, req });
    return;
  }
  openWatch(a, client, req, sink);
}

function openWatch(a: ApiServer, client: Address, req: Extract<ApiRequest, { verb: 'watch' }>, sink: EffectSink): void {
  const info = apiResource(req.resource);
  const bad = info ? selectorError(info, req.labelSelector, req.fieldSelector) : 'the server could not find the requested resource';
  if (!info || bad) {
    sendFrameTo(a, client, { watchId: req.watchId, events: [errorEvent(400, 'BadRequest', bad ?? 'bad request')], closed: true }, sink);
    return;
  }
  const watcher: CacheWatcher = { client, watchId: req.watchId, resource: info.resource, ...(info.namespaced && req.namespace ? { namespace: req.namespace } : {}), ...listOptions(req.labelSelector, req.fieldSelector), expiresAtMs: sink.now + req.timeoutSeconds * 1000, framesSent: 0 };
  const initial = initialEvents(a.cache, watcher, req.resourceVersion);
  if ('gone' in initial) {
    sendFrameTo(a, client, { watchId: req.watchId, events: [errorEvent(410, 'Expired', initial.gone)], closed: true }, sink);
    return;
  }
  const id = String(a.nextId++);
  addWatcher(a.cache, id, watcher);
  sendFrame(a, watcher, initial, false, sink);
  timer(a, sink, `watch/${id}`, req.timeoutSeconds * 1000, { type: 'apiserver.watch-timeout', id });
}

export function onWatchTimeout(a: ApiServer, id: string, sink: EffectSink): void {
  const w = removeWatcher(a.cache, id);
  if (!w) return;
  sendFrame(a, w, [], true, sink);
}

function closeAllWatchers(a: ApiServer, sink: EffectSink): void {
  for (const [id, w] of a.cache.watchers) {
    sink.effects.push({ type: 'timer.cancel', key: `${proc(a)}/watch/${id}` });
    sendFrame(a, w, [], true, sink);
  }
  clearWatchers(a.cache);
}

function errorEvent(code: number, reason: string, message: string): WatchEvent {
  return { type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code } };
}

/** The next frame of the watch's stream, numbered, with the events (or the close) it carries. */
function sendFrame(a: ApiServer, w: CacheWatcher, events: WatchEvent[], closed: boolean, sink: EffectSink): void {
  const seq = w.framesSent++;
  const frame: WatchFrame = closed ? { watchId: w.watchId, events, closed, seq, server: a.instance } : { watchId: w.watchId, events, seq, server: a.instance };
  sendFrameTo(a, w.client, frame, sink);
}

/** `MODIFIED Pod/web-1`: how a watch event reads in the trace. */
function eventSummary(e: WatchEvent): string {
  return `${e.type} ${e.object.kind ?? ''}/${e.object.metadata?.name ?? ''}`;
}

function sendFrameTo(a: ApiServer, client: Address, frame: WatchFrame, sink: EffectSink): void {
  const summary = frame.closed ? 'watch closed' : frame.events.length === 1 ? eventSummary(frame.events[0]!) : frame.events.map(eventSummary).join(', ') || 'watch open';
  sink.effects.push({ type: 'net.send', from: { host: a.host, port: '6443' }, to: client, kind: 'kube.watch', body: frame, summary });
}

// ---------------------------------------------------------------------------------------------
// Reads served by the cache.

function answerFromCache(a: ApiServer, p: PendingApi, info: ApiResourceInfo, ns: string | undefined, name: string, sink: EffectSink): void {
  const o = a.cache.objects.get(etcdKey(info.resource, ns, name));
  finish(a, p, o ? { ok: true, code: 200, body: o } : { ok: false, status: notFound(info, name) }, sink);
}

function listFromCache(c: WatchCache, info: ApiResourceInfo, ns: string | undefined, labelSelector: string | undefined, fieldSelector: string | undefined): KubeObject {
  const prefix = etcdPrefix(info.resource, ns);
  const { labels, fields } = listOptions(labelSelector, fieldSelector);
  const keys = [...c.objects.keys()].filter((k) => k.startsWith(prefix) && resourceOfKey(k)?.info.resource === info.resource).sort();
  const items = keys.map((k) => c.objects.get(k)!).filter((o) => matchesListOptions(o, labels, fields));
  return { apiVersion: info.apiVersion, kind: `${info.kind}List`, metadata: { resourceVersion: String(c.revision) }, items };
}

// ---------------------------------------------------------------------------------------------
// etcd calls.

function etcdHost(a: ApiServer): string {
  return a.etcdServers[0] ?? a.host;
}

function sendEtcd(a: ApiServer, p: PendingApi, req: EtcdRequest, timeoutMs: number, sink: EffectSink): void {
  sendEtcdRaw(a, p.id, req, timeoutMs, sink);
}

function sendEtcdRaw(a: ApiServer, owner: string, req: EtcdRequest, timeoutMs: number, sink: EffectSink): string {
  const port = `a${owner}-${a.nextId++}`;
  a.etcdCalls.set(port, owner);
  sink.effects.push({ type: 'net.send', from: { host: a.host, port }, to: { host: etcdHost(a), port: '2379' }, kind: 'etcd.request', body: { req, timeoutMs }, summary: req.rpc });
  return port;
}

export function onEtcdResponse(a: ApiServer, port: string, resp: EtcdResponse, sink: EffectSink): void {
  const id = a.etcdCalls.get(port);
  a.etcdCalls.delete(port);
  if (a.status !== 'running') return;
  if (id === 'sync') return onSyncResponse(a, port, resp, sink);
  if (id === 'compact') return onCompactResponse(a, resp, sink);
  if (id?.startsWith('masterlease')) return onMasterLeaseResponse(a, id, resp, sink);
  const p = id !== undefined ? a.pending.get(id) : undefined;
  if (!p) return;
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
  const kvs = body.rpc === 'Range' ? body.kvs : [];
  switch (stage.kind) {
    case 'proxy-pod': {
      const pod = kvs[0] ? tryDecode(kvs[0]) : undefined;
      if (!pod) return finish(a, p, { ok: false, status: notFound(info, (p.req as NodeProxyRequest).name) }, sink);
      return proxyWithPod(a, p, pod, sink);
    }
    case 'proxy-node': {
      const node = kvs[0] ? tryDecode(kvs[0]) : undefined;
      return proxyToNode(a, p, stage, node, sink);
    }
    case 'read': {
      const req = p.req;
      if (req.verb === 'list') {
        const { labels, fields } = listOptions(req.labelSelector, req.fieldSelector);
        const items = kvs.flatMap((kv): KubeObject[] => { const o = tryDecode(kv); return o ? [o] : []; }).filter((o) => matchesListOptions(o, labels, fields));
        return finish(a, p, { ok: true, code: 200, body: { apiVersion: info.apiVersion, kind: `${info.kind}List`, metadata: { resourceVersion: String(resp.header.revision) }, items } }, sink);
      }
      if (kvs.length === 0) return finish(a, p, { ok: false, status: notFound(info, (req as { name: string }).name) }, sink);
      const got = tryDecode(kvs[0]!);
      if (!got) return finish(a, p, fail(500, 'InternalError', `unable to decode an event from the watch stream: object at ${kvs[0]!.key} is not valid JSON`), sink);
      return finish(a, p, { ok: true, code: 200, body: got }, sink);
    }
    case 'check-namespace': {
      if (stage.op.kind !== 'create') return;
      const refused = namespaceRefusal(info, stage.op.object, kvs[0] ? tryDecode(kvs[0]) : undefined);
      if (refused) return finish(a, p, refused, sink);
      return beginWrite(a, p, stage.key, stage.op, sink);
    }
    case 'write-read': {
      const current = kvs[0] ? tryDecode(kvs[0]) : undefined;
      return writeAgainst(a, p, stage.key, stage.op, current, kvs[0]?.mod_revision ?? 0, false, stage.attempt, sink);
    }
    case 'write-txn': {
      const name = nameOfRequest(p, stage.op);
      if (!(body.rpc === 'Txn' && body.succeeded)) {
        if (stage.op.kind === 'create') return finish(a, p, fail(409, 'AlreadyExists', `${qualifiedResource(info)} "${name}" already exists`), sink);
        // Lost a race with another writer (or the cache was behind): try again on the state the
        // Txn's else branch read. A version the client pinned then fails as a conflict in mutate.
        if (stage.attempt >= MAX_WRITE_ATTEMPTS) return finish(a, p, { ok: false, status: conflict(info, name) }, sink);
        const got = body.rpc === 'Txn' ? (body.responses[0] as { kvs?: KeyValueView[] } | undefined)?.kvs?.[0] : undefined;
        return writeAgainst(a, p, stage.key, stage.op, got ? tryDecode(got) : undefined, got?.mod_revision ?? 0, false, stage.attempt + 1, sink);
      }
      const rv = resp.header.revision;
      // What was written, as the watch will decode it at this revision (the one object the
      // cache, the watchers and this answer share): decoded once, not copied once more here.
      const written = stage.result.kind === 'put' ? tryDecode({ value: stage.value, mod_revision: rv }) : undefined;
      const stored = written ?? withResourceVersion(stage.result.object, rv);
      const what = stage.result.kind === 'delete' ? 'deleted' : stage.result.created ? 'created' : stage.op.kind === 'delete' ? 'marked for deletion' : 'updated';
      emitTrace(sink, { source: proc(a), kind: 'apiserver.write', summary: `${what} ${describe(info, stored)} at resourceVersion ${rv}` });
      return finish(a, p, { ok: true, code: stage.result.created ? 201 : 200, body: stored }, sink);
    }
  }
}

function nameOfRequest(p: PendingApi, op: WriteOp): string {
  if (op.kind === 'create' || op.kind === 'update') return op.object.metadata?.name ?? '';
  return (p.req as { name?: string }).name ?? '';
}

export function onRequestTimeout(a: ApiServer, id: string, sink: EffectSink): void {
  const p = a.pending.get(id);
  if (!p) return;
  for (const [port, pid] of a.etcdCalls) if (pid === id) a.etcdCalls.delete(port);
  if (p.stage.kind === 'health') return finish(a, p, { ok: false, status: { code: 500, reason: 'InternalError', message: healthFailureBody(p.req.verb) } }, sink);
  if (p.stage.kind === 'proxy-connect') return proxyFailed(a, p, p.stage, 'i/o timeout', sink);
  // k/apiserver endpoints/handlers/finisher: the request ran out of its --request-timeout.
  finish(a, p, fail(504, 'Timeout', 'Timeout: request did not complete within requested timeout - context deadline exceeded'), sink);
}

/** Arms (or re-arms) a request's timeout: --request-timeout, the health check's, the kubelet dial's. */
function requestTimer(a: ApiServer, p: PendingApi, delayMs: number, sink: EffectSink): void {
  p.timerKey ??= `${proc(a)}/req/${p.id}`;
  sink.effects.push({ type: 'timer.set', key: p.timerKey, delayMs, target: proc(a), payload: { type: 'apiserver.timeout', id: p.id } });
}

/** A request that never armed its timeout (answered at once) has none to cancel. */
function cancelRequestTimer(p: PendingApi, sink: EffectSink): void {
  if (p.timerKey !== undefined) sink.effects.push({ type: 'timer.cancel', key: p.timerKey });
}

function finish(a: ApiServer, p: PendingApi, resp: ApiResponse, sink: EffectSink): void {
  a.pending.delete(p.id);
  cancelRequestTimer(p, sink);
  if (p.client === null) {
    if (resp.ok || (!resp.ok && resp.status.reason === 'AlreadyExists')) maybeBootstrapped(a, sink);
    return;
  }
  sink.effects.push({ type: 'net.send', from: { host: a.host, port: '6443' }, to: p.client, kind: 'kube.response', body: resp, summary: resp.ok ? `${resp.code}` : `${resp.status.code} ${resp.status.reason}` });
}

function maybeBootstrapped(a: ApiServer, sink: EffectSink): void {
  for (const p of a.pending.values()) if (p.client === null) return;
  if (!a.bootstrapped) {
    a.bootstrapped = true;
    sink.effects.push({ type: 'timer.cancel', key: `${proc(a)}/bootstrap` });
    emitTrace(sink, { source: proc(a), kind: 'apiserver.ready', summary: `system namespaces present (${SYSTEM_NAMESPACES.join(', ')}) at ${formatVirtualTime(sink.now)}` });
    if (a.advertiseAddress) onEndpointsTimer(a, sink);
  }
}

// ---------------------------------------------------------------------------------------------
// The `kubernetes` Service's endpoints: the lease endpoint reconciler
// (pkg/controlplane/reconcilers/lease.go, the default --endpoint-reconciler-type=lease).
//
// Every EndpointInterval each apiserver renews its master lease, a key under
// /registry/masterleases/ that lives MasterLeaseTTL, then lists the leases and writes the
// `kubernetes` Endpoints and EndpointSlice (endpointsadapter.go) when the set of live apiservers
// differs from them. A crashed apiserver's lease runs out and the next reconcile of a live one
// drops it from the endpoints — so kube-proxy stops sending 10.96.0.1:443 there.
//
// Simplified: etcd leases are not modelled, so the key's value carries its expiry time and a
// reconciler deletes the expired keys it finds (etcd would have at the TTL); a stopped apiserver
// leaves its lease to run out (the real one removes it when it shuts down cleanly).

/** kube-apiserver's --endpoint-reconciler ticks (controlplane.DefaultEndpointReconcilerInterval). */
export const ENDPOINT_INTERVAL_MS = 10_000;
/** DefaultEndpointReconcilerTTL. */
export const MASTER_LEASE_TTL_MS = 15_000;
const MASTER_LEASES = '/registry/masterleases/';

export function onEndpointsTimer(a: ApiServer, sink: EffectSink): void {
  if (a.status !== 'running') return;
  timer(a, sink, 'endpoints', ENDPOINT_INTERVAL_MS, { type: 'apiserver.endpoints' });
  const lease = { ip: a.advertiseAddress, expiresAtMs: sink.now + MASTER_LEASE_TTL_MS };
  sendEtcdRaw(a, 'masterlease', { rpc: 'Put', key: `${MASTER_LEASES}${a.advertiseAddress}`, value: JSON.stringify(lease) }, REQUEST_TIMEOUT_MS, sink);
}

function onMasterLeaseResponse(a: ApiServer, id: string, resp: EtcdResponse, sink: EffectSink): void {
  if (!resp.ok) return;
  if (id === 'masterlease') {
    sendEtcdRaw(a, 'masterleases', { rpc: 'Range', key: MASTER_LEASES, rangeEnd: prefixRangeEnd(MASTER_LEASES), serializable: false }, REQUEST_TIMEOUT_MS, sink);
    return;
  }
  if (id !== 'masterleases' || resp.body.rpc !== 'Range') return;
  const live: string[] = [];
  for (const kv of resp.body.kvs) {
    const lease = JSON.parse(valueText(kv.value)) as { ip: string; expiresAtMs: number };
    if (lease.expiresAtMs > sink.now) live.push(lease.ip);
    else sendEtcdRaw(a, 'masterlease-expired', { rpc: 'DeleteRange', key: kv.key }, REQUEST_TIMEOUT_MS, sink);
  }
  reconcileKubernetesEndpoints(a, live.sort(compareIpv4), sink);
}

function compareIpv4(x: string, y: string): number {
  const a = x.split('.').map(Number);
  const b = y.split('.').map(Number);
  for (let i = 0; i < 4; i++) if (a[i]! !== b[i]!) return a[i]! - b[i]!;
  return 0;
}

/** The desired `kubernetes` Endpoints and EndpointSlice (endpointsadapter.go endpointSliceFromEndpoints); written only when they differ. */
function reconcileKubernetesEndpoints(a: ApiServer, ips: string[], sink: EffectSink): void {
  const ports = [{ name: 'https', port: 6443, protocol: 'TCP' }];
  const endpoints: KubeObject = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: ips.length > 0 ? [{ addresses: ips.map((ip) => ({ ip })), ports }] : [],
  };
  const slice: KubeObject = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
    addressType: 'IPv4',
    endpoints: ips.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
    ports,
  };
  const write = (resource: string, desired: KubeObject, same: (cur: KubeObject) => boolean) => {
    const current = a.cache.objects.get(etcdKey(resource, 'default', 'kubernetes'));
    if (current && same(current)) return;
    const body = current ? { ...desired, metadata: { ...desired.metadata, resourceVersion: current.metadata?.resourceVersion } } : desired;
    begin(a, null, { verb: current ? 'update' : 'create', resource, namespace: 'default', body }, sink);
  };
  write('endpoints', endpoints, (cur) => JSON.stringify(cur['subsets'] ?? []) === JSON.stringify(endpoints['subsets']));
  write('endpointslices', slice, (cur) => JSON.stringify(cur['endpoints'] ?? []) === JSON.stringify(slice['endpoints']) && JSON.stringify(cur['ports'] ?? []) === JSON.stringify(ports));
}

// ---------------------------------------------------------------------------------------------
// pods/log and pods/exec: the proxy to the kubelet.
//
// Sources (kubernetes/kubernetes): pkg/registry/core/pod/strategy.go (LogLocation,
// streamLocation, validateContainer: the container checks and `pod web does not have a host
// assigned`; a log request for an unscheduled pod has no location and answers an empty body);
// pkg/registry/core/pod/rest/log.go with k8s.io/apiserver registry/generic/rest
// GenericHttpResponseChecker (a kubelet 400 becomes BadRequest with the kubelet's text, a 404
// `the server could not find the requested resource ( pods/log web)`, a 500 InternalError);
// a transport error is not a Status, so it is a 500 with no reason: kubectl prints
// `Error from server: Get "https://10.0.0.31:10250/containerLogs/default/web/web": dial tcp
// 10.0.0.31:10250: connect: connection refused`. Exec goes through k8s.io/apiserver
// pkg/util/proxy/streamtranslator.go (kubectl v1.32 speaks WebSockets; the apiserver dials the
// kubelet with SPDY): failures after the upgrade come back on the stream as
// `Internal error occurred: <error>` (apierrors.NewInternalError), e.g. `Internal error
// occurred: error sending request: Post "https://<ip>:10250/exec/...": dial tcp ...` and
// `Internal error occurred: unable to upgrade connection: container not found ("web")`.
// The kubelet client dials with a 30 s timeout (pkg/kubelet/client/kubelet_client.go); logs
// and exec are long-running requests, exempt from --request-timeout.

/** The apiserver's kubelet client dial timeout. */
export const KUBELET_DIAL_TIMEOUT_MS = 30_000;

function beginProxy(a: ApiServer, id: string, client: Address | null, req: NodeProxyRequest, sink: EffectSink): void {
  const info = apiResource('pods') ?? null;
  const p: PendingApi = { id, client, req, stage: { kind: 'proxy-pod' }, info };
  a.pending.set(id, p);
  requestTimer(a, p, REQUEST_TIMEOUT_MS, sink);
  sendEtcd(a, p, { rpc: 'Range', key: etcdKey('pods', req.namespace || 'default', req.name), serializable: false }, REQUEST_TIMEOUT_MS, sink);
}

interface PodView {
  metadata?: { name?: string; namespace?: string; uid?: string };
  spec?: { nodeName?: string; containers?: { name: string }[]; initContainers?: { name: string }[]; ephemeralContainers?: { name: string }[] };
}

/** strategy.go validateContainer: the container the request names, or the only one there is. */
export function validateContainer(container: string | undefined, pod: KubeObject): { container: string } | { error: string } {
  const v = pod as PodView;
  const name = v.metadata?.name ?? '';
  const containers = v.spec?.containers ?? [];
  const all = [...(v.spec?.initContainers ?? []), ...containers, ...(v.spec?.ephemeralContainers ?? [])].map((c) => c.name);
  if (!container) {
    if (containers.length === 1) return { container: containers[0]!.name };
    if (containers.length === 0) return { error: `a container name must be specified for pod ${name}` };
    // Go's %s of a []string: [a b c] (podutil.VisitContainers: init, then app, then ephemeral).
    return { error: `a container name must be specified for pod ${name}, choose one of: [${all.join(' ')}]` };
  }
  if (!all.includes(container)) return { error: `container ${container} is not valid for pod ${name}` };
  return { container };
}

function proxyWithPod(a: ApiServer, p: PendingApi, pod: KubeObject, sink: EffectSink): void {
  const req = p.req as NodeProxyRequest;
  const checked = validateContainer(req.container, pod);
  if ('error' in checked) return finish(a, p, fail(400, 'BadRequest', checked.error), sink);
  const nodeName = (pod as PodView).spec?.nodeName ?? '';
  if (!nodeName) {
    // LogLocation returns no location: the log stream is empty. Exec refuses.
    if (req.op === 'log') return finish(a, p, { ok: true, code: 200, body: { lines: [], containerId: '', cursor: { atMs: -1, seen: 0 }, running: false } }, sink);
    return finish(a, p, fail(400, 'BadRequest', `pod ${req.name} does not have a host assigned`), sink);
  }
  const target = { pod, container: checked.container };
  if (a.cache.ready) return proxyToNode(a, p, target, a.cache.objects.get(etcdKey('nodes', undefined, nodeName)), sink);
  p.stage = { kind: 'proxy-node', ...target };
  sendEtcd(a, p, { rpc: 'Range', key: etcdKey('nodes', undefined, nodeName), serializable: false }, REQUEST_TIMEOUT_MS, sink);
}

/** GetConnectionInfo: the node's InternalIP and the kubelet port; then dial it. */
function proxyToNode(a: ApiServer, p: PendingApi, target: ProxyTarget, node: KubeObject | undefined, sink: EffectSink): void {
  const nodeName = (target.pod as PodView).spec?.nodeName ?? '';
  if (!node) return finish(a, p, fail(404, 'NotFound', `nodes "${nodeName}" not found`), sink);
  const addresses = ((node['status'] ?? {}) as { addresses?: { type: string; address: string }[] }).addresses ?? [];
  const ip = addresses.find((x) => x.type === 'InternalIP')?.address ?? addresses[0]?.address ?? nodeName;
  const port = `a${p.id}-${a.nextId++}`;
  a.etcdCalls.set(port, p.id);
  p.stage = { kind: 'proxy-connect', port, ip, pod: target.pod, container: target.container };
  requestTimer(a, p, KUBELET_DIAL_TIMEOUT_MS, sink);
  sink.effects.push({ type: 'net.send', from: { host: a.host, port }, to: { host: ip, port: KUBELET_API_PORT }, kind: 'tcp.syn', body: null, summary: 'connect to the kubelet' });
}

function proxyPending(a: ApiServer, port: string): PendingApi | undefined {
  if (a.status !== 'running') return undefined;
  const id = a.etcdCalls.get(port);
  return id !== undefined ? a.pending.get(id) : undefined;
}

/** The kubelet accepted the connection: send the request. */
export function onKubeletConnected(a: ApiServer, port: string, sink: EffectSink): void {
  const p = proxyPending(a, port);
  if (!p || p.stage.kind !== 'proxy-connect' || p.stage.port !== port) return;
  const req = p.req as NodeProxyRequest;
  const stage = p.stage;
  p.stage = { ...stage, kind: 'proxy-wait' };
  const body: KubeletApiRequest = {
    id: p.id,
    op: req.op,
    namespace: req.namespace,
    name: req.name,
    podUid: (stage.pod as PodView).metadata?.uid ?? '',
    container: stage.container,
    ...(req.previous ? { previous: true } : {}),
    ...(req.tailLines !== undefined ? { tailLines: req.tailLines } : {}),
    ...(req.timestamps ? { timestamps: true } : {}),
    ...(req.cursor ? { cursor: req.cursor } : {}),
    ...(req.containerId ? { containerId: req.containerId } : {}),
    ...(req.command ? { command: req.command } : {}),
  };
  // An exec runs as long as its command does; a log read answers at once (a hung one gives up with the request timeout).
  if (req.op === 'exec') cancelRequestTimer(p, sink);
  else requestTimer(a, p, REQUEST_TIMEOUT_MS, sink);
  const what = req.op === 'log' ? `GET /containerLogs/${req.namespace}/${req.name}/${stage.container}` : `POST /exec/${req.namespace}/${req.name}/${stage.container} ${(req.command ?? []).join(' ')}`;
  sink.effects.push({ type: 'net.send', from: { host: a.host, port }, to: { host: stage.ip, port: KUBELET_API_PORT }, kind: 'kubelet.api', body, summary: what });
}

/** Nothing listens on the node's 10250 (the kubelet is stopped), or the connection broke. */
export function onKubeletReset(a: ApiServer, port: string, sink: EffectSink): void {
  const p = proxyPending(a, port);
  if (!p || (p.stage.kind !== 'proxy-connect' && p.stage.kind !== 'proxy-wait') || p.stage.port !== port) return;
  a.etcdCalls.delete(port);
  proxyFailed(a, p, p.stage, p.stage.kind === 'proxy-connect' ? 'connect: connection refused' : 'EOF', sink);
}

/** The kubelet's URL for this request, as the proxy's errors show it. */
export function kubeletUrl(req: NodeProxyRequest, ip: string, container: string): string {
  const base = `https://${ip}:${KUBELET_API_PORT}/${req.op === 'log' ? 'containerLogs' : 'exec'}/${req.namespace}/${req.name}/${container}`;
  // url.Values.Encode: keys sorted, values query-escaped.
  const params: [string, string][] = [];
  if (req.op === 'log') {
    if (req.follow) params.push(['follow', 'true']);
    if (req.previous) params.push(['previous', 'true']);
    if (req.tailLines !== undefined && req.tailLines >= 0) params.push(['tailLines', String(req.tailLines)]);
    if (req.timestamps) params.push(['timestamps', 'true']);
  } else {
    for (const c of req.command ?? []) params.push(['command', c]);
    if (!req.tty) params.push(['error', '1']);
    if (req.stdin) params.push(['input', '1']);
    params.push(['output', '1']);
    if (req.tty) params.push(['tty', '1']);
  }
  const query = params.map(([k, v]) => `${k}=${queryEscape(v)}`).join('&');
  return query ? `${base}?${query}` : base;
}

/** Go's url.QueryEscape: unreserved characters stay, a space becomes '+', the rest %XX. */
export function queryEscape(s: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(s)) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(ch)) out += ch;
    else if (ch === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function proxyFailed(a: ApiServer, p: PendingApi, stage: { ip: string } & ProxyTarget, why: string, sink: EffectSink): void {
  const req = p.req as NodeProxyRequest;
  const url = kubeletUrl(req, stage.ip, stage.container);
  const detail = why === 'EOF' ? 'EOF' : `dial tcp ${stage.ip}:${KUBELET_API_PORT}: ${why}`;
  emitTrace(sink, { source: proc(a), kind: 'apiserver.proxy', summary: `${req.op} ${req.namespace}/${req.name}: ${detail}` });
  if (req.op === 'log') return finish(a, p, fail(500, '', `Get ${JSON.stringify(url)}: ${detail}`), sink);
  const streamError: ExecStreamResult = { streamError: `Internal error occurred: error sending request: Post ${JSON.stringify(url)}: ${detail}` };
  finish(a, p, { ok: true, code: 200, body: streamError }, sink);
}

/** The kubelet answered a log or exec request. */
export function onKubeletApiResponse(a: ApiServer, port: string, body: KubeletApiResponse, sink: EffectSink): void {
  const p = proxyPending(a, port);
  if (!p || p.stage.kind !== 'proxy-wait' || p.stage.port !== port || body.id !== p.id) return;
  a.etcdCalls.delete(port);
  const req = p.req as NodeProxyRequest;
  const r = body.result;
  if ('httpError' in r) {
    const { code, message } = r.httpError;
    if (code === 400) return finish(a, p, fail(400, 'BadRequest', message), sink);
    if (code === 404) return finish(a, p, fail(404, 'NotFound', `the server could not find the requested resource ( pods/${req.op} ${req.name})`), sink);
    return finish(a, p, fail(500, 'InternalError', `Internal error occurred: ${message}`), sink);
  }
  if ('lines' in r) return finish(a, p, { ok: true, code: 200, body: r }, sink);
  let out: ExecStreamResult;
  if ('error' in r) {
    if (body.upgradeFailed) out = { streamError: `Internal error occurred: unable to upgrade connection: ${r.error}` };
    // The container exited under the command: its process was killed with it.
    else if (r.error === 'container exited') out = { exitCode: 137, stdout: '', stderr: '' };
    else out = { streamError: `Internal error occurred: ${r.error}` };
  } else out = { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, ...(r.output ? { output: r.output } : {}) };
  finish(a, p, { ok: true, code: 200, body: out }, sink);
}

// ---------------------------------------------------------------------------------------------
// Helpers.

function fail(code: number, reason: string, message: string): ApiResponse {
  return { ok: false, status: { code, reason, message } };
}

function healthFailureBody(verb: ApiRequest['verb']): string {
  const checks = verb === 'readyz' ? ['[+]ping ok', '[+]log ok', '[-]etcd failed: reason withheld', '[-]etcd-readiness failed: reason withheld', '[+]informer-sync ok'] : ['[+]ping ok', '[+]log ok', '[-]etcd failed: reason withheld'];
  return `${checks.join('\n')}\n${verb} check failed`;
}

/**
 * What etcd stores for an object: everything but metadata.resourceVersion. An ObjectValue: a
 * JSON-shaped copy of the object, which shares nothing with the request (a patch's lists, say)
 * but the parts it kept of `current`, the object the write started from (those are decoded
 * values already, never changed in place). Its JSON text is made only if something reads the
 * bytes (valueText). An object JSON would write differently from how it reads (a Date, a
 * toJSON) is stored as its text.
 */
function encode(o: KubeObject, current?: KubeObject): StoredValue {
  const shown = storedForm(o);
  if (shown === undefined) {
    const copy = structuredClone(o);
    if (copy.metadata) delete copy.metadata.resourceVersion;
    return JSON.stringify(copy);
  }
  const object = jsonCloneReusing(shown, current);
  return object === undefined ? JSON.stringify(shown) : { object };
}

/**
 * The object as its stored JSON shows it, without deep-copying it: JSON.stringify skips a key
 * whose value is undefined and keeps every other key in its place, so blanking resourceVersion
 * in a shallow copy gives the text a clone with the key deleted gives. Undefined when metadata
 * is not an object (encode then copies).
 */
function storedForm(o: KubeObject): KubeObject | undefined {
  const meta = o.metadata as unknown;
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return undefined;
  // A create's object has none (PrepareForCreate cleared it): it is its own stored form.
  if ((meta as { resourceVersion?: unknown }).resourceVersion === undefined) return o;
  return { ...o, metadata: { ...(meta as object), resourceVersion: undefined } };
}

/**
 * Whether a write would store the very bytes `current` was decoded from, as GuaranteedUpdate
 * compares them (`bytes.Equal(data, origState.data)`). An object decoded from an ObjectValue is
 * that value's object with its resourceVersion added, so the two compare as their JSON texts
 * would (jsonEqual skips the blanked resourceVersion) without making either text: a status update
 * shares its spec and metadata with the object it started from, so the walk stops at those at
 * once. Bytes written by hand are compared as bytes.
 */
function sameStoredBytes(value: StoredValue, current: KubeObject): boolean {
  const text = decodedFromText.get(current);
  if (text !== undefined) return valueText(value) === text;
  const shown = storedForm(current) ?? current;
  return typeof value === 'string' ? value === JSON.stringify(shown) : jsonEqual(value.object, shown);
}

/**
 * A write is decoded at one revision by the watch cache, by each watch that reads it, by the
 * answer to the write and, in the HA presets, by every apiserver (the members apply the very
 * same value): they share one object, which is never changed in place (the whole suite passes
 * with these objects frozen). A memo, not state: a checkpoint's copies decode theirs again.
 */
const decodedAt = new WeakMap<ObjectValue, { revision: number; object: KubeObject }>();
/** The bytes of each object decoded from a value written as bytes (etcdctl put), for sameStoredBytes. */
const decodedFromText = new WeakMap<KubeObject, string>();

/**
 * A stored value as an object at its revision. A value written into /registry by hand (etcdctl
 * put) may not be an object the apiserver can decode; like the real storage layer it skips it
 * (and would log the error) rather than fail.
 */
function tryDecode(kv: Pick<KeyValueView, 'value' | 'mod_revision'>): KubeObject | undefined {
  const v = kv.value;
  if (typeof v !== 'string') {
    const memo = decodedAt.get(v);
    if (memo !== undefined && memo.revision === kv.mod_revision) return memo.object;
    const object = withResourceVersion(v.object as KubeObject, kv.mod_revision);
    decodedAt.set(v, { revision: kv.mod_revision, object });
    return object;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const object = withResourceVersion(parsed as KubeObject, kv.mod_revision);
  decodedFromText.set(object, v);
  return object;
}

function withResourceVersion(o: KubeObject, rv: number): KubeObject {
  return { ...o, metadata: withField(o.metadata ?? {}, 'resourceVersion', String(rv)) };
}

function describe(info: ApiResourceInfo, o: KubeObject): string {
  const ns = o.metadata?.namespace;
  return `${info.resource}/${ns ? `${ns}/` : ''}${o.metadata?.name}`;
}

/**
 * names.SimpleNameGenerator (k/apiserver pkg/storage/names/generate.go): the base cut to 58
 * characters plus 5 from utilrand's alphabet, which has no vowels so no words form.
 */
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
export function generateName(prng: PrngState, base: string): string {
  let out = base.length > 58 ? base.slice(0, 58) : base;
  for (let i = 0; i < 5; i++) out += NAME_ALPHABET[nextU32(prng) % NAME_ALPHABET.length];
  return out;
}

export { rfc3339Seconds };
