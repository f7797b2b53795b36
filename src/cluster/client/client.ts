/**
 * The in-cluster Kubernetes client (what client-go is to the real components): requests to the
 * apiserver over the simulated network, and informers — a reflector that lists, then watches
 * from the list's resourceVersion, keeps a local store, relists on `410 Gone`, resumes a watch
 * the server closed, and notices a dead connection with HTTP/2 health-check pings.
 *
 * All state is plain data held by the component that owns the client. Packets to the client
 * arrive at ports named `<process>~<epoch>~<n>`, so a restarted process never takes answers
 * meant for its previous incarnation.
 */
import { createControllerIndex, indexDelete, indexPut, indexReset, type ControllerIndex } from './controllerindex.ts';
import { emitKlog, emitTrace, type Address, type EffectSink } from '../effects.ts';
import { APISERVER_PORT, type ApiRequest, type ApiResponse, type KubeObject, type PongBody, type WatchFrame } from '../apiserver/messages.ts';
import { createTokenBucket, reserveToken, type TokenBucket } from './ratelimit.ts';
import { apiResource } from '../../api/index.ts';

/** client-go's HTTP/2 health check: ping after 30 s without a frame, fail 15 s later. */
export const READ_IDLE_TIMEOUT_MS = 30_000;
export const PING_TIMEOUT_MS = 15_000;
/** A reflector waits before listing again after a failure (backoff manager, 800 ms initial, 30 s max). */
const RELIST_BACKOFF_INITIAL_MS = 800;
const RELIST_BACKOFF_MAX_MS = 30_000;
/** Reflector watch timeouts are random in [minWatchTimeout, 2 × minWatchTimeout), 5 min. */
const MIN_WATCH_TIMEOUT_SECONDS = 300;
/** Without a server timeout, a request to a server that vanished fails when the connection's health check does. */
export const DEFAULT_CALL_TIMEOUT_MS = 60_000 + READ_IDLE_TIMEOUT_MS;

export interface KubeClient {
  process: string;
  host: string;
  epoch: number;
  /** The apiserver this client talks to: a host, an IP, or the VIP. */
  server: string;
  nextId: number;
  /**
   * Requests out, by stream id, with the key of their timeout timer: the cancel passes the very
   * string the timer was set with, whose hash V8 keeps (a key built again must be hashed again).
   * A Map: ids are numbers as strings, which a plain object would keep as sparse elements that
   * every delete leaves holes in.
   */
  calls: Map<string, PendingCall>;
  informers: Record<string, Informer>;
  /** When the health check's timer is armed to fire (null: not armed). See armHealth. */
  healthAtMs: number | null;
  /**
   * The client-side rate limiters of the process's clientsets, by name (see ratelimit.ts). A
   * request that names one waits for its token; a request that names none is not limited.
   */
  limiters: Record<string, TokenBucket>;
  /** When client-go's throttled logger last reported a long wait (at most once every 10 s). */
  throttleReportedAtMs: number | null;
}

interface PendingCall {
  tag: string;
  summary: string;
  timerKey: string;
  /** A request still waiting for its rate limiter's token: sent when the timer under timerKey fires. */
  waiting?: { req: ApiRequest; timeoutMs: number; sinceMs: number };
}

export interface Informer {
  name: string;
  resource: string;
  namespace?: string;
  fieldSelector?: string;
  labelSelector?: string;
  phase: 'listing' | 'watching' | 'backoff' | 'stopped';
  items: Map<string, KubeObject>;
  resourceVersion: string;
  /** The id of the current list call or watch stream. */
  streamId: string | null;
  /** The apiserver host the watch is connected to (answers come from it, pings go to it). */
  serverHost: string | null;
  /**
   * The apiserver process at the other end (WatchFrame.server), once a frame or PONG has said:
   * watches on one process share one HTTP/2 connection and its health check. Null until then.
   */
  serverInstance: string | null;
  lastFrameAtMs: number;
  pingSentAtMs: number | null;
  synced: boolean;
  backoffMs: number;
  /** The `seq` the current watch stream's next frame must carry. */
  nextFrameSeq: number;
  /** Objects by controller UID, for informers that asked for it (addInformer's `indexByController`). */
  controllerIndex?: ControllerIndex;
}

export interface Delta {
  type: 'added' | 'updated' | 'deleted';
  informer: string;
  object: KubeObject;
  old?: KubeObject;
}

/** What a packet meant to the component that owns the client. */
export type ClientNotification =
  | { kind: 'response'; tag: string; resp: ApiResponse | null }
  | { kind: 'deltas'; informer: string; deltas: Delta[]; synced: boolean }
  /** A timer the owner of `tag` asked for with wakeAfter (a retry's sleep, say). */
  | { kind: 'wake'; tag: string }
  | { kind: 'none' };

/** `limits`: the process's rate-limited clientsets (rest.Config QPS and Burst), by name; see `request`. */
export function createClient(process: string, host: string, server: string, epoch: number, limits: Record<string, { qps: number; burst: number }> = {}): KubeClient {
  const limiters: Record<string, TokenBucket> = {};
  for (const [clientset, l] of Object.entries(limits)) limiters[clientset] = createTokenBucket(l.qps, l.burst);
  return { process, host, epoch, server, nextId: 1, calls: new Map(), informers: {}, healthAtMs: null, limiters, throttleReportedAtMs: null };
}

function portOf(c: KubeClient, id: string): string {
  return `${c.process}~${c.epoch}~${id}`;
}

function target(c: KubeClient): string {
  return `${c.host}/${c.process}`;
}

export function parsePort(port: string): { process: string; epoch: number; id: string } | undefined {
  // What port.split('~') into exactly three parts gives, without the array: this runs for every
  // packet to a component.
  const a = port.indexOf('~');
  if (a < 0) return undefined;
  const b = port.indexOf('~', a + 1);
  if (b < 0 || port.indexOf('~', b + 1) >= 0) return undefined;
  return { process: port.slice(0, a), epoch: Number(port.slice(a + 1, b)), id: port.slice(b + 1) };
}

export function objectKey(o: KubeObject): string {
  const ns = o.metadata?.namespace;
  return ns ? `${ns}/${o.metadata?.name}` : (o.metadata?.name ?? '');
}

// ---------------------------------------------------------------------------------------------
// Requests.

/**
 * Sends one request; its answer comes back as a `response` notification carrying `tag`. With
 * `clientset` naming one of the client's rate limiters, the request first waits for its token.
 */
export function request(c: KubeClient, req: ApiRequest, tag: string, sink: EffectSink, timeoutMs = DEFAULT_CALL_TIMEOUT_MS, clientset?: string): string {
  const id = String(c.nextId++);
  const summary = 'resource' in req ? `${req.verb} ${req.resource}${'name' in req ? `/${req.name}` : ''}` : req.verb === 'bind' ? `bind pods/${req.name} → ${req.nodeName}` : req.verb;
  const timerKey = `${target(c)}/call/${id}`;
  const limiter = clientset === undefined ? undefined : c.limiters[clientset];
  const waitMs = limiter === undefined ? 0 : reserveToken(limiter, sink.now);
  if (waitMs > 0) {
    c.calls.set(id, { tag, summary, timerKey, waiting: { req, timeoutMs, sinceMs: sink.now } });
    sink.effects.push({ type: 'timer.set', key: timerKey, delayMs: waitMs, target: target(c), payload: { type: 'client.throttled', id } });
    return id;
  }
  c.calls.set(id, { tag, summary, timerKey });
  transmit(c, id, req, timeoutMs, summary, timerKey, sink);
  return id;
}

function transmit(c: KubeClient, id: string, req: ApiRequest, timeoutMs: number, summary: string, timerKey: string, sink: EffectSink): void {
  sink.effects.push({ type: 'net.send', from: { host: c.host, port: portOf(c, id) }, to: { host: c.server, port: APISERVER_PORT }, kind: 'kube.request', body: { req, timeoutMs }, summary });
  sink.effects.push({ type: 'timer.set', key: timerKey, delayMs: timeoutMs, target: target(c), payload: { type: 'client.call-timeout', id } });
}

/**
 * client-go rest/request.go: a wait over extraLongThrottleLatency (1 s) goes to
 * globalThrottledLogger, which at the components' default verbosity (-v=0, as kubeadm runs them)
 * writes at most one message every 10 s for the whole process. Waits over 50 ms are logged only
 * at -v=3.
 */
const EXTRA_LONG_THROTTLE_LATENCY_MS = 1000;
const THROTTLED_LOG_INTERVAL_MS = 10_000;

/** The token came: the request goes out now (and its timeout starts), reporting a wait over 1 s as client-go's throttled logger does. */
function sendThrottled(c: KubeClient, id: string, sink: EffectSink): void {
  const call = c.calls.get(id);
  const waiting = call?.waiting;
  if (!call || !waiting) return;
  delete call.waiting;
  const waitedMs = sink.now - waiting.sinceMs;
  if (waitedMs > EXTRA_LONG_THROTTLE_LATENCY_MS && (c.throttleReportedAtMs === null || sink.now - c.throttleReportedAtMs >= THROTTLED_LOG_INTERVAL_MS)) {
    c.throttleReportedAtMs = sink.now;
    const message = `Waited for ${formatGoSeconds(waitedMs)} due to client-side throttling, not priority and fairness, request: ${requestLine(c, waiting.req)}`;
    emitTrace(sink, { source: target(c), kind: 'client.throttle', summary: message });
    // client-go v0.32 rest/request.go: the throttled logger's klog call.
    emitKlog(sink, c.host, c.process, 'I', 'request.go:729', message);
  }
  transmit(c, id, waiting.req, waiting.timeoutMs, call.summary, call.timerKey, sink);
}

/** Go's time.Duration String for whole milliseconds: 1.05s, 2s, 12.5s. */
function formatGoSeconds(ms: number): string {
  return `${String(ms / 1000)}s`;
}

/** `POST:https://10.0.0.10:6443/api/v1/namespaces/default/pods`, as rest.Request logs its verb and URL. */
function requestLine(c: KubeClient, req: ApiRequest): string {
  const method = { create: 'POST', bind: 'POST', update: 'PUT', patch: 'PATCH', delete: 'DELETE' }[req.verb as string] ?? 'GET';
  const resource = req.verb === 'bind' ? 'pods' : 'resource' in req ? req.resource : '';
  const info = apiResource(resource);
  const base = !info ? '' : info.group === '' ? '/api/v1' : `/apis/${info.group}/${info.version}`;
  const ns = info?.namespaced && 'namespace' in req && req.namespace ? `/namespaces/${req.namespace}` : '';
  const name = 'name' in req && req.name ? `/${req.name}` : '';
  const sub = req.verb === 'bind' ? '/binding' : 'subresource' in req && req.subresource ? `/${req.subresource}` : '';
  return `${method}:https://${c.server}:${APISERVER_PORT}${base}${ns}/${resource}${name}${sub}`;
}

export function pendingCalls(c: KubeClient, tagPrefix: string): number {
  let n = 0;
  for (const x of c.calls.values()) if (x.tag.startsWith(tagPrefix)) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Informers.

export function addInformer(c: KubeClient, name: string, resource: string, opts: { namespace?: string; fieldSelector?: string; labelSelector?: string; indexByController?: boolean } = {}): Informer {
  const { indexByController, ...selectors } = opts;
  const inf: Informer = { name, resource, ...selectors, phase: 'stopped', items: new Map(), resourceVersion: '', streamId: null, serverHost: null, serverInstance: null, lastFrameAtMs: 0, pingSentAtMs: null, synced: false, backoffMs: RELIST_BACKOFF_INITIAL_MS, nextFrameSeq: 0, ...(indexByController ? { controllerIndex: createControllerIndex() } : {}) };
  c.informers[name] = inf;
  return inf;
}

/** Starts every informer (a fresh process: empty stores, list from the cache). */
export function startInformers(c: KubeClient, sink: EffectSink): void {
  for (const inf of Object.values(c.informers)) relist(c, inf, sink);
}

function relist(c: KubeClient, inf: Informer, sink: EffectSink): void {
  inf.phase = 'listing';
  inf.pingSentAtMs = null;
  inf.lastFrameAtMs = sink.now;
  // The reflector's first list asks for resourceVersion 0: the apiserver's cache will do.
  const req: ApiRequest = { verb: 'list', resource: inf.resource, resourceVersion: '0', ...(inf.namespace ? { namespace: inf.namespace } : {}), ...(inf.fieldSelector ? { fieldSelector: inf.fieldSelector } : {}), ...(inf.labelSelector ? { labelSelector: inf.labelSelector } : {}) };
  inf.streamId = request(c, req, `informer:${inf.name}`, sink);
  armHealth(c, sink);
}

function watch(c: KubeClient, inf: Informer, sink: EffectSink, timeoutSeconds: number): void {
  const id = String(c.nextId++);
  inf.phase = 'watching';
  inf.streamId = id;
  inf.serverHost = null;
  inf.serverInstance = null;
  inf.lastFrameAtMs = sink.now;
  inf.pingSentAtMs = null;
  inf.nextFrameSeq = 0;
  armHealth(c, sink);
  const req: ApiRequest = { verb: 'watch', resource: inf.resource, watchId: id, timeoutSeconds, resourceVersion: inf.resourceVersion, ...(inf.namespace ? { namespace: inf.namespace } : {}), ...(inf.fieldSelector ? { fieldSelector: inf.fieldSelector } : {}), ...(inf.labelSelector ? { labelSelector: inf.labelSelector } : {}) };
  sink.effects.push({ type: 'net.send', from: { host: c.host, port: portOf(c, id) }, to: { host: c.server, port: APISERVER_PORT }, kind: 'kube.request', body: { req, timeoutMs: timeoutSeconds * 1000 }, summary: `watch ${inf.resource}` });
}

function backoff(c: KubeClient, inf: Informer, sink: EffectSink): void {
  inf.phase = 'backoff';
  inf.streamId = null;
  sink.effects.push({ type: 'timer.set', key: `${target(c)}/relist/${inf.name}`, delayMs: inf.backoffMs, target: target(c), payload: { type: 'client.relist', informer: inf.name } });
  inf.backoffMs = Math.min(RELIST_BACKOFF_MAX_MS, inf.backoffMs * 2);
}

/** Replaces the store with a list, reporting what changed as deltas (DeltaFIFO Replace). */
function replaceItems(inf: Informer, items: KubeObject[]): Delta[] {
  const deltas: Delta[] = [];
  const next = new Map<string, KubeObject>();
  for (const o of items) {
    const k = objectKey(o);
    next.set(k, o);
    const old = inf.items.get(k);
    if (!old) deltas.push({ type: 'added', informer: inf.name, object: o });
    else if (old.metadata?.resourceVersion !== o.metadata?.resourceVersion) deltas.push({ type: 'updated', informer: inf.name, object: o, old });
  }
  for (const [k, old] of inf.items) if (!next.has(k)) deltas.push({ type: 'deleted', informer: inf.name, object: old });
  inf.items = next;
  if (inf.controllerIndex) indexReset(inf.controllerIndex, next);
  return deltas;
}

// ---------------------------------------------------------------------------------------------
// Packets and timers for the client.

/** The informer whose list or watch is the call `id`, if any (a key loop: this runs for every packet to a component). */
function informerOnStream(c: KubeClient, id: string): Informer | undefined {
  for (const name in c.informers) {
    const inf = c.informers[name]!;
    if (inf.streamId === id) return inf;
  }
  return undefined;
}

/** Routes a packet that arrived at one of the client's ports. */
export function onClientPacket(c: KubeClient, port: string, from: Address, kind: string, body: unknown, sink: EffectSink): ClientNotification {
  const parsed = parsePort(port);
  if (!parsed || parsed.epoch !== c.epoch) return { kind: 'none' };
  const id = parsed.id;
  // A watch frame or PONG is a sign of life of the connection it came on, for every stream on it.
  if ((kind === 'kube.watch' || kind === 'h2.pong') && body !== null && typeof body === 'object') {
    const server = (body as { server?: string }).server;
    if (server !== undefined) touchConnection(c, server, sink.now);
  }
  const inf = informerOnStream(c, id);
  if (kind === 'kube.response') {
    const call = c.calls.get(id);
    if (!call) return { kind: 'none' };
    c.calls.delete(id);
    sink.effects.push({ type: 'timer.cancel', key: call.timerKey });
    if (inf && inf.phase === 'listing') return onListResponse(c, inf, body as ApiResponse, sink);
    return { kind: 'response', tag: call.tag, resp: body as ApiResponse };
  }
  if (kind === 'tcp.fin') {
    // The server (HAProxy with no server UP) closed the connection without answering: the request
    // fails at once with EOF, as client-go's transport reports it.
    const call = c.calls.get(id);
    if (call) {
      c.calls.delete(id);
      sink.effects.push({ type: 'timer.cancel', key: call.timerKey });
      if (inf && inf.phase === 'listing') {
        backoff(c, inf, sink);
        return { kind: 'none' };
      }
      return { kind: 'response', tag: call.tag, resp: null };
    }
    if (inf && inf.phase === 'watching') backoff(c, inf, sink);
    return { kind: 'none' };
  }
  if (!inf || inf.phase !== 'watching') return { kind: 'none' };
  if (kind === 'kube.watch') {
    const frame = body as WatchFrame;
    if (frame.seq !== undefined && frame.seq !== inf.nextFrameSeq) {
      // A frame went missing: the connection under the stream broke. The reflector watches again
      // from the last resourceVersion it saw, and the cache replays what it missed.
      watch(c, inf, sink, MIN_WATCH_TIMEOUT_SECONDS + (c.nextId % MIN_WATCH_TIMEOUT_SECONDS));
      return { kind: 'none' };
    }
    inf.nextFrameSeq++;
    inf.serverHost = from.host;
    inf.serverInstance = frame.server ?? null;
    inf.lastFrameAtMs = sink.now;
    inf.pingSentAtMs = null;
    return onWatchFrame(c, inf, frame, sink);
  }
  if (kind === 'h2.pong') {
    // The PING went on the connection this stream uses: from now on it shares that connection's check.
    const server = (body as PongBody | null)?.server;
    if (server) inf.serverInstance = server;
    inf.pingSentAtMs = null;
    inf.lastFrameAtMs = sink.now;
    return { kind: 'none' };
  }
  if (kind === 'tcp.rst') {
    // The server reset the connection (it no longer knows it): every stream on it fails.
    if (inf.serverInstance !== null) closeConnection(c, inf.serverInstance, sink);
    if (inf.phase === 'watching') backoff(c, inf, sink);
    return { kind: 'none' };
  }
  return { kind: 'none' };
}

function onListResponse(c: KubeClient, inf: Informer, resp: ApiResponse, sink: EffectSink): ClientNotification {
  if (!resp.ok) {
    backoff(c, inf, sink);
    return { kind: 'none' };
  }
  const list = resp.body as KubeObject & { items?: KubeObject[] };
  const deltas = replaceItems(inf, list.items ?? []);
  inf.resourceVersion = list.metadata?.resourceVersion ?? '';
  inf.synced = true;
  inf.backoffMs = RELIST_BACKOFF_INITIAL_MS;
  watch(c, inf, sink, MIN_WATCH_TIMEOUT_SECONDS + (c.nextId % MIN_WATCH_TIMEOUT_SECONDS));
  return { kind: 'deltas', informer: inf.name, deltas, synced: true };
}

function onWatchFrame(c: KubeClient, inf: Informer, frame: WatchFrame, sink: EffectSink): ClientNotification {
  const deltas: Delta[] = [];
  for (const ev of frame.events) {
    if (ev.type === 'ERROR') {
      // 410 Gone: the resourceVersion fell out of the server's window; relist.
      relist(c, inf, sink);
      return { kind: 'deltas', informer: inf.name, deltas, synced: inf.synced };
    }
    if (ev.type === 'BOOKMARK') continue;
    const k = objectKey(ev.object);
    const old = inf.items.get(k);
    if (ev.type === 'DELETED') {
      inf.items.delete(k);
      if (inf.controllerIndex) indexDelete(inf.controllerIndex, k);
      if (old) deltas.push({ type: 'deleted', informer: inf.name, object: ev.object, old });
    } else {
      inf.items.set(k, ev.object);
      if (inf.controllerIndex) indexPut(inf.controllerIndex, k, ev.object);
      deltas.push(old ? { type: 'updated', informer: inf.name, object: ev.object, old } : { type: 'added', informer: inf.name, object: ev.object });
    }
    inf.resourceVersion = ev.object.metadata?.resourceVersion ?? inf.resourceVersion;
  }
  // The server ended the watch (its timeout, or its cache relisted): resume from where we are.
  if (frame.closed) watch(c, inf, sink, MIN_WATCH_TIMEOUT_SECONDS + (c.nextId % MIN_WATCH_TIMEOUT_SECONDS));
  return { kind: 'deltas', informer: inf.name, deltas, synced: inf.synced };
}

/** Asks for a `wake` notification with `tag` in `delayMs` (one pending per tag: a new one replaces it). */
export function wakeAfter(c: KubeClient, tag: string, delayMs: number, sink: EffectSink): void {
  sink.effects.push({ type: 'timer.set', key: `${target(c)}/wake/${tag}`, delayMs, target: target(c), payload: { type: 'client.wake', tag } });
}

/** Timers the client set; returns a notification for a call that timed out, or a wake-up asked for. */
export function onClientTimer(c: KubeClient, payload: { type: string; [k: string]: unknown }, sink: EffectSink): ClientNotification {
  if (payload.type === 'client.wake') return { kind: 'wake', tag: payload['tag'] as string };
  if (payload.type === 'client.throttled') {
    sendThrottled(c, payload['id'] as string, sink);
    return { kind: 'none' };
  }
  if (payload.type === 'client.call-timeout') {
    const id = payload['id'] as string;
    const call = c.calls.get(id);
    if (!call) return { kind: 'none' };
    c.calls.delete(id);
    const inf = informerOnStream(c, id);
    if (inf && inf.phase === 'listing') {
      backoff(c, inf, sink);
      return { kind: 'none' };
    }
    return { kind: 'response', tag: call.tag, resp: null };
  }
  if (payload.type === 'client.relist') {
    const inf = c.informers[payload['informer'] as string];
    if (inf && inf.phase === 'backoff') relist(c, inf, sink);
    return { kind: 'none' };
  }
  if (payload.type === 'client.health') {
    c.healthAtMs = null;
    for (const inf of Object.values(c.informers)) checkHealth(c, inf, sink);
    armHealth(c, sink);
  }
  return { kind: 'none' };
}

/**
 * A frame from the apiserver process `server` arrived: the watches on the connection to it saw it
 * too. client-go multiplexes a process's streams over one HTTP/2 connection per server, and the
 * transport's health check (ReadIdleTimeout) is per connection: watches that are quiet on a
 * connection that carries frames are not idle, and get no PING of their own.
 */
function touchConnection(c: KubeClient, server: string, nowMs: number): void {
  for (const name in c.informers) {
    const inf = c.informers[name]!;
    if (inf.phase === 'watching' && inf.serverInstance === server) {
      inf.lastFrameAtMs = nowMs;
      inf.pingSentAtMs = null;
    }
  }
}

/** The connection to `server` is closed: every watch on it fails, and its reflector backs off. */
function closeConnection(c: KubeClient, server: string, sink: EffectSink): void {
  for (const name in c.informers) {
    const inf = c.informers[name]!;
    if (inf.phase === 'watching' && inf.serverInstance === server) backoff(c, inf, sink);
  }
}

/** When the PING outstanding on the connection to `server` was sent, or null if there is none. */
function pingOnConnection(c: KubeClient, server: string): number | null {
  for (const name in c.informers) {
    const inf = c.informers[name]!;
    if (inf.phase === 'watching' && inf.serverInstance === server && inf.pingSentAtMs !== null) return inf.pingSentAtMs;
  }
  return null;
}

/**
 * When the health check next has something to decide, for the stream (list or watch) closest to
 * it: a list unanswered READ_IDLE + PING timeouts after it was sent, a watch READ_IDLE_TIMEOUT_MS
 * after its last frame (send a PING), a PING unanswered PING_TIMEOUT_MS after it was sent.
 * Infinity when nothing runs.
 */
function nextHealthDeadline(c: KubeClient): number {
  let next = Infinity;
  for (const name in c.informers) {
    const inf = c.informers[name]!;
    if (inf.streamId === null) continue;
    let at = Infinity;
    if (inf.phase === 'listing') at = inf.lastFrameAtMs + READ_IDLE_TIMEOUT_MS + PING_TIMEOUT_MS;
    else if (inf.phase === 'watching') at = inf.pingSentAtMs !== null ? inf.pingSentAtMs + PING_TIMEOUT_MS : inf.lastFrameAtMs + READ_IDLE_TIMEOUT_MS;
    if (at < next) next = at;
  }
  return next;
}

/**
 * Arms the health check for its next deadline, as the HTTP/2 transport's own timers do (a read-idle
 * timer reset by every frame, then a ping timeout), rather than polling every few seconds: a watch
 * busy with frames costs one timer every 30 s, and the PING goes out the moment the stream has
 * been idle for 30 s, not at the next poll. A frame only moves a deadline later, so the timer may
 * fire early; it then finds nothing due and arms for the new deadline.
 * A new list or watch can bring a deadline earlier than the armed one: it re-arms then.
 */
function armHealth(c: KubeClient, sink: EffectSink): void {
  const next = nextHealthDeadline(c);
  if (next === Infinity || (c.healthAtMs !== null && c.healthAtMs <= next)) return;
  c.healthAtMs = next;
  sink.effects.push({ type: 'timer.set', key: `${target(c)}/health`, delayMs: Math.max(0, next - sink.now), target: target(c), payload: { type: 'client.health' } });
}

/**
 * client-go's HTTP/2 transport health check (ReadIdleTimeout 30 s, PingTimeout 15 s): a
 * connection that has carried no frame for 30 s gets a PING, and one without an answer 15 s later
 * is closed, failing what runs on it — a watch, or a list whose server vanished mid-request — so
 * the reflector backs off and lists again, through the endpoint, on a new connection.
 */
function checkHealth(c: KubeClient, inf: Informer, sink: EffectSink): void {
  if ((inf.phase !== 'watching' && inf.phase !== 'listing') || inf.streamId === null) return;
  if (inf.phase === 'listing') {
    // A list from the watch cache is answered at once by a live server, which would also answer
    // the PING; a list still unanswered after the idle timeout plus the ping timeout is on a
    // connection the health check has closed.
    if (sink.now - inf.lastFrameAtMs >= READ_IDLE_TIMEOUT_MS + PING_TIMEOUT_MS) {
      const id = inf.streamId;
      const call = c.calls.get(id);
      c.calls.delete(id);
      if (call) sink.effects.push({ type: 'timer.cancel', key: call.timerKey });
      backoff(c, inf, sink);
    }
    return;
  }
  if (inf.pingSentAtMs !== null) {
    if (sink.now - inf.pingSentAtMs < PING_TIMEOUT_MS) return;
    // No PONG: the transport closes the connection, and every stream on it fails.
    if (inf.serverInstance !== null) closeConnection(c, inf.serverInstance, sink);
    else backoff(c, inf, sink);
    return;
  }
  if (sink.now - inf.lastFrameAtMs >= READ_IDLE_TIMEOUT_MS) {
    // One PING per connection: a watch whose connection has one outstanding waits for its answer.
    const outstanding = inf.serverInstance === null ? null : pingOnConnection(c, inf.serverInstance);
    if (outstanding !== null) {
      inf.pingSentAtMs = outstanding;
      return;
    }
    inf.pingSentAtMs = sink.now;
    const to: Address = { host: inf.serverHost ?? c.server, port: APISERVER_PORT };
    sink.effects.push({ type: 'net.send', from: { host: c.host, port: portOf(c, inf.streamId) }, to, kind: 'h2.ping', body: null, summary: 'HTTP/2 ping' });
  }
}

/** Cancels the client's timers (the process stopped). */
export function stopClient(c: KubeClient, sink: EffectSink): void {
  for (const call of c.calls.values()) sink.effects.push({ type: 'timer.cancel', key: call.timerKey });
  for (const inf of Object.values(c.informers)) {
    sink.effects.push({ type: 'timer.cancel', key: `${target(c)}/relist/${inf.name}` });
    inf.phase = 'stopped';
    inf.items = new Map();
    if (inf.controllerIndex) indexReset(inf.controllerIndex, inf.items);
    inf.synced = false;
    inf.streamId = null;
  }
  sink.effects.push({ type: 'timer.cancel', key: `${target(c)}/health` });
  c.healthAtMs = null;
  c.calls = new Map();
}

export function informerItems(c: KubeClient, name: string): KubeObject[] {
  return [...(c.informers[name]?.items.values() ?? [])];
}
