/**
 * ingress-nginx's controller (`/nginx-ingress-controller`, v1.14) as a process: one per controller
 * pod, keyed by its container.
 *
 *  - Informers (internal/ingress/controller/store/store.go): Ingresses, IngressClasses, Services
 *    and EndpointSlices. It serves the Ingresses whose ingressClassName names an IngressClass
 *    with `spec.controller: k8s.io/ingress-nginx` (--controller-class), or that carry the
 *    deprecated annotation `kubernetes.io/ingress.class: nginx` (--ingress-class).
 *  - Each Ingress it takes, on add and on every update, gets a `Normal Sync "Scheduled for sync"`
 *    Event from `nginx-ingress-controller` (store.go's event handlers).
 *  - Status (internal/ingress/status/status.go): once synced, and then every 60 s
 *    (UpdateInterval), it lists the pods that carry its own pod's labels, takes the nodes of the
 *    Running and Ready ones, and writes their addresses (ExternalIP, else InternalIP:
 *    k8s.GetNodeIPOrName) into each served Ingress's status.loadBalancer.ingress, sorted. That is
 *    what bare-metal installs (no --publish-service) show under ADDRESS.
 *  - Traffic: nginx on :80 picks a server by Host and a location by path (routing.ts) and
 *    proxies to an endpoint of the Service (the Lua balancer, round robin over the
 *    EndpointSlices' ready addresses: not the ClusterIP). No route: 404 from the default
 *    backend. A Service that does not exist or has no ready endpoint: 503.
 *  - Health: :10254/healthz answers 200 `ok` once the informers have synced.
 *
 * Simplified: one replica's view (no leader election; every replica writes status), no
 * admission webhook, TLS, annotations (rewrite-target, canary…), ConfigMap options, or
 * --watch-ingress-without-class.
 */
import type { EffectSink } from '../effects.ts';
import { emitTrace } from '../effects.ts';
import type { KubeObject } from '../apiserver/messages.ts';
import { addInformer, createClient, informerItems, onClientPacket, onClientTimer, request, startInformers, stopClient, type ClientNotification, type KubeClient } from '../client/client.ts';
import { createRecorder, onRecorderNotification, recordEvent, type EventRecorder } from '../client/events.ts';
import { httpDate, rfc3339Seconds } from '../../kernel/index.ts';
import { buildServers, routeRequest, servesIngress, type IngressBackendRef, type IngressLike, type RouteDecision } from './routing.ts';

export const INGRESS_NGINX_BINARY = 'nginx-ingress-controller';
export const INGRESS_NGINX_VERSION = 'v1.14.3';
export const DEFAULT_CONTROLLER_CLASS = 'k8s.io/ingress-nginx';
export const DEFAULT_INGRESS_CLASS = 'nginx';
export const HEALTHZ_PORT = 10254;
export const HTTP_PORT = 80;
/** status.go UpdateInterval. */
export const STATUS_UPDATE_INTERVAL_MS = 60_000;
/** The component name on its Events (store.go: recorder for "nginx-ingress-controller"). */
export const EVENT_COMPONENT = 'nginx-ingress-controller';

export interface IngressNginx {
  host: string;
  containerId: string;
  process: string;
  podIp: string;
  podName: string;
  podNamespace: string;
  nodeName: string;
  status: 'running' | 'stopped';
  client: KubeClient;
  recorder: EventRecorder;
  ingressClass: string;
  controllerClass: string;
  /** Round-robin position per upstream (`<namespace>-<service>-<port>`). */
  turns: Record<string, number>;
  statusLoop: boolean;
  /** The pods list answer kept while the nodes list is in flight. */
  statusNodes: string[] | null;
}

export function ingressNginxProcessName(containerId: string): string {
  return `ingress-nginx.${containerId.slice(0, 12)}`;
}

/** The flags the controller reads from its argv (the deploy.yaml's args). */
export function parseControllerArgs(argv: readonly string[]): { ingressClass: string; controllerClass: string } {
  const flag = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  return { ingressClass: flag('ingress-class') ?? DEFAULT_INGRESS_CLASS, controllerClass: flag('controller-class') ?? DEFAULT_CONTROLLER_CLASS };
}

export function startIngressNginx(
  opts: { host: string; containerId: string; podIp: string; podName: string; podNamespace: string; nodeName: string; argv: readonly string[] },
  server: string,
  sink: EffectSink,
): IngressNginx {
  const process = ingressNginxProcessName(opts.containerId);
  const flags = parseControllerArgs(opts.argv);
  const c: IngressNginx = {
    host: opts.host,
    containerId: opts.containerId,
    podIp: opts.podIp,
    podName: opts.podName,
    podNamespace: opts.podNamespace,
    nodeName: opts.nodeName,
    process,
    status: 'running',
    client: createClient(process, opts.host, server, 1),
    recorder: createRecorder(EVENT_COMPONENT, opts.host),
    ...flags,
    turns: {},
    statusLoop: false,
    statusNodes: null,
  };
  addInformer(c.client, 'ingresses', 'ingresses');
  addInformer(c.client, 'ingressclasses', 'ingressclasses');
  addInformer(c.client, 'services', 'services');
  addInformer(c.client, 'endpointslices', 'endpointslices');
  startInformers(c.client, sink);
  emitTrace(sink, { source: `${opts.host}/${process}`, kind: 'ingress.start', summary: `NGINX Ingress controller ${INGRESS_NGINX_VERSION} on ${opts.podIp}: watching Ingresses of class ${flags.ingressClass} (${flags.controllerClass}), Services and EndpointSlices` });
  return c;
}

export function stopIngressNginx(c: IngressNginx, reason: string, sink: EffectSink): void {
  if (c.status !== 'running') return;
  c.status = 'stopped';
  stopClient(c.client, sink);
  sink.effects.push({ type: 'timer.cancel', key: `${c.host}/${c.process}/status` });
  emitTrace(sink, { source: `${c.host}/${c.process}`, kind: 'ingress.stop', summary: `NGINX Ingress controller stopped (${reason})` });
}

export function ingressNginxSynced(c: IngressNginx): boolean {
  return c.status === 'running' && Object.values(c.client.informers).every((i) => i.synced);
}

/** The IngressClass names whose spec.controller is ours. */
export function ourClasses(c: IngressNginx): string[] {
  return informerItems(c.client, 'ingressclasses')
    .filter((ic) => (ic['spec'] as { controller?: string } | undefined)?.controller === c.controllerClass)
    .map((ic) => ic.metadata?.name ?? '');
}

/** The Ingresses this controller serves. */
export function servedIngresses(c: IngressNginx): KubeObject[] {
  const classes = ourClasses(c);
  return informerItems(c.client, 'ingresses').filter((i) => servesIngress(i as IngressLike, classes, c.ingressClass));
}

export function onIngressNginxPacket(c: IngressNginx, port: string, from: { host: string; port: string }, kind: string, body: unknown, sink: EffectSink): void {
  if (c.status !== 'running') return;
  handle(c, onClientPacket(c.client, port, from, kind, body, sink), sink);
}

export function onIngressNginxTimer(c: IngressNginx, payload: { type: string; [k: string]: unknown }, sink: EffectSink): void {
  if (c.status !== 'running') return;
  if (payload.type === 'ingress.status-sync') {
    sink.effects.push({ type: 'timer.set', key: `${c.host}/${c.process}/status`, delayMs: STATUS_UPDATE_INTERVAL_MS, target: `${c.host}/${c.process}`, payload: { type: 'ingress.status-sync' } });
    return syncStatus(c, sink);
  }
  if (payload.type.startsWith('client.')) handle(c, onClientTimer(c.client, payload, sink), sink);
}

function handle(c: IngressNginx, n: ClientNotification, sink: EffectSink): void {
  if (n.kind === 'deltas') {
    if (n.informer === 'ingresses') {
      const classes = ourClasses(c);
      for (const d of n.deltas) {
        if (d.type === 'deleted' || !servesIngress(d.object as IngressLike, classes, c.ingressClass)) continue;
        recordEvent(c.client, c.recorder, d.object, 'Normal', 'Sync', 'Scheduled for sync', sink, rfc3339Seconds);
      }
    }
    if (!c.statusLoop && ingressNginxSynced(c)) {
      // status.go Run: the first sync as soon as the controller leads, then every UpdateInterval.
      c.statusLoop = true;
      sink.effects.push({ type: 'timer.set', key: `${c.host}/${c.process}/status`, delayMs: 0, target: `${c.host}/${c.process}`, payload: { type: 'ingress.status-sync' } });
    }
    return;
  }
  if (onRecorderNotification(c.client, c.recorder, n, sink)) return;
  if (n.kind !== 'response') return;
  if (n.tag === 'status:pods') return onPods(c, n.resp, sink);
  if (n.tag === 'status:nodes') return onNodes(c, n.resp, sink);
}

function syncStatus(c: IngressNginx, sink: EffectSink): void {
  request(c.client, { verb: 'list', resource: 'pods', namespace: c.podNamespace }, 'status:pods', sink);
}

interface PodLike {
  metadata?: { name?: string; labels?: Record<string, string> };
  spec?: { nodeName?: string };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
}

/** runningAddresses: the nodes of the Running, Ready pods that carry this pod's labels. */
export function controllerNodes(pods: readonly PodLike[], selfName: string): string[] {
  const self = pods.find((p) => p.metadata?.name === selfName);
  const labels = self?.metadata?.labels ?? {};
  const nodes: string[] = [];
  for (const p of pods) {
    const own = p.metadata?.labels ?? {};
    if (!Object.entries(labels).every(([k, v]) => own[k] === v)) continue;
    if (p.status?.phase !== 'Running') continue;
    if (!(p.status.conditions ?? []).some((x) => x.type === 'Ready' && x.status === 'True')) continue;
    if (p.spec?.nodeName && !nodes.includes(p.spec.nodeName)) nodes.push(p.spec.nodeName);
  }
  return nodes;
}

function onPods(c: IngressNginx, resp: { ok: boolean; body?: unknown } | null, sink: EffectSink): void {
  if (!resp || !resp.ok) return;
  c.statusNodes = controllerNodes(((resp.body as { items?: PodLike[] }).items ?? []), c.podName);
  request(c.client, { verb: 'list', resource: 'nodes' }, 'status:nodes', sink);
}

/** k8s.GetNodeIPOrName with useInternalIP false: the ExternalIP, else the InternalIP. */
export function nodeAddress(node: { status?: { addresses?: { type: string; address: string }[] } }): string | undefined {
  const addrs = node.status?.addresses ?? [];
  return addrs.find((a) => a.type === 'ExternalIP')?.address ?? addrs.find((a) => a.type === 'InternalIP')?.address;
}

function onNodes(c: IngressNginx, resp: { ok: boolean; body?: unknown } | null, sink: EffectSink): void {
  const names = c.statusNodes ?? [];
  c.statusNodes = null;
  if (!resp || !resp.ok) return;
  const nodes = ((resp.body as { items?: KubeObject[] }).items ?? []) as { metadata?: { name?: string }; status?: { addresses?: { type: string; address: string }[] } }[];
  const ips = names.map((n) => nodeAddress(nodes.find((x) => x.metadata?.name === n) ?? {}) ?? n).sort();
  const want = ips.map((ip) => ({ ip }));
  for (const ing of servedIngresses(c)) {
    const current = ((ing['status'] as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined)?.loadBalancer?.ingress ?? []).map((x) => x.ip ?? '');
    if (current.join(',') === ips.join(',')) continue;
    const body = { ...ing, status: { loadBalancer: want.length > 0 ? { ingress: want } : {} } };
    request(c.client, { verb: 'update', resource: 'ingresses', namespace: ing.metadata?.namespace, body, subresource: 'status' }, 'status:update', sink);
    emitTrace(sink, { source: `${c.host}/${c.process}`, kind: 'ingress.status', summary: `updating Ingress ${ing.metadata?.namespace}/${ing.metadata?.name} status from [${current.join(' ')}] to [${ips.join(' ')}]` });
  }
}

// ---------------------------------------------------------------------------------------------
// Traffic.

/** What nginx does with a request on :80: proxy to an endpoint, or answer itself. */
export type IngressAnswer =
  /** `endpoints`: the upstream's peers, for the next tries (see nextPeer). */
  | { kind: 'proxy'; ip: string; port: number; upstream: string; route: RouteDecision; endpoints: { ip: string; port: number }[] }
  | { kind: 'local'; status: 404 | 503; upstream: string; route: RouteDecision; reason: string };

interface SliceLike {
  metadata?: { namespace?: string; labels?: Record<string, string> };
  ports?: { name?: string; port?: number }[];
  endpoints?: { addresses: string[]; conditions?: { ready?: boolean } }[];
}

interface ServiceLike {
  metadata?: { name?: string; namespace?: string };
  spec?: { ports?: { name?: string; port: number; targetPort?: number | string }[] };
}

/** The ready endpoints of a Service port, as ingress-nginx's upstream lists them (getEndpointsFromSlices). */
export function upstreamEndpoints(svc: ServiceLike, backend: IngressBackendRef, slices: readonly SliceLike[]): { ip: string; port: number }[] | null {
  const sp = (svc.spec?.ports ?? []).find((p) => ('number' in backend.port ? p.port === backend.port.number : p.name === backend.port.name));
  if (!sp) return null;
  const out: { ip: string; port: number }[] = [];
  for (const s of slices) {
    if (s.metadata?.namespace !== backend.namespace || s.metadata?.labels?.['kubernetes.io/service-name'] !== backend.service) continue;
    const port = (s.ports ?? []).find((p) => (p.name ?? '') === (sp.name ?? ''))?.port;
    if (port === undefined) continue;
    for (const ep of s.endpoints ?? []) {
      if (ep.conditions?.ready === false) continue;
      for (const ip of ep.addresses) if (!out.some((o) => o.ip === ip && o.port === port)) out.push({ ip, port });
    }
  }
  return out;
}

/** The upstream name ingress-nginx gives a backend: `<namespace>-<service>-<port>`. */
export function upstreamName(b: IngressBackendRef): string {
  return `${b.namespace}-${b.service}-${'number' in b.port ? b.port.number : b.port.name}`;
}

/** Routes one request arriving on :80 (Host header, path with query). Advances the round robin. */
export function ingressAnswer(c: IngressNginx, hostHeader: string, path: string): IngressAnswer {
  const route = routeRequest(buildServers(servedIngresses(c) as IngressLike[]), hostHeader, path);
  if (route.kind === 'default-backend') return { kind: 'local', status: 404, upstream: 'upstream-default-backend', route, reason: `no rule for host ${hostHeader || '(none)'} and path ${path}` };
  const upstream = upstreamName(route.backend);
  const svc = informerItems(c.client, 'services').find((s) => s.metadata?.namespace === route.backend.namespace && s.metadata?.name === route.backend.service) as ServiceLike | undefined;
  if (!svc) return { kind: 'local', status: 503, upstream, route, reason: `Service "${route.backend.namespace}/${route.backend.service}" does not exist` };
  const eps = upstreamEndpoints(svc, route.backend, informerItems(c.client, 'endpointslices') as SliceLike[]);
  if (!eps || eps.length === 0) return { kind: 'local', status: 503, upstream, route, reason: `Service "${route.backend.namespace}/${route.backend.service}" has no active endpoints` };
  const ep = nextPeer(c, upstream, eps);
  return { kind: 'proxy', ip: ep.ip, port: ep.port, upstream, route, endpoints: eps };
}

/**
 * ingress-nginx's default proxy_next_upstream "error timeout" with proxy-next-upstream-tries 3
 * (docs user-guide/nginx-configuration/configmap.md), and its balancer.lua, which asks for one more
 * try (`ngx_balancer.set_more_tries(1)`) at every balance: a connection that fails or times out
 * (proxy-connect-timeout, 5 s) goes to the round robin's next peer, at most 3 tries in all.
 */
export const PROXY_NEXT_UPSTREAM_TRIES = 3;
export const PROXY_CONNECT_TIMEOUT_MS = 5_000;

/** The round robin's next peer of an upstream (the `round_robin` load-balance, ingress-nginx's default). */
export function nextPeer<T>(c: IngressNginx, upstream: string, eps: readonly T[]): T {
  const turn = (c.turns[upstream] = ((c.turns[upstream] ?? -1) + 1) % eps.length);
  return eps[turn]!;
}

/** :10254/healthz (the controller's health check: nginx up and the store synced). */
export function ingressNginxHealth(c: IngressNginx, port: number, path: string): { status: number; body: string } | null {
  if (port !== HEALTHZ_PORT) return null;
  if (path.replace(/\?.*$/, '') !== '/healthz') return { status: 404, body: '404 page not found\n' };
  return ingressNginxSynced(c) ? { status: 200, body: 'ok' } : { status: 500, body: 'healthz check failed' };
}

// ---------------------------------------------------------------------------------------------
// nginx's own answers.

/** ngx_http_special_response.c: the error page, with `server_tokens off` (no version). CRLF line ends. */
export function nginxErrorPage(status: number, reason: string): string {
  return `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/**
 * ngx_http_error_497_page: plain HTTP to the TLS port 443 (k8sim does not model TLS; nginx would
 * answer a TLS client there).
 */
export const NGINX_PLAIN_HTTP_TO_HTTPS_PAGE =
  '<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>The plain HTTP request was sent to HTTPS port</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
export const HTTPS_PORT = 443;

/** nginx's reason phrases for what it answers itself (ngx_http_header_filter_module.c). */
export const NGINX_REASONS: Record<number, string> = { 200: 'OK', 400: 'Bad Request', 404: 'Not Found', 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable', 504: 'Gateway Time-out' };

/**
 * The headers nginx sends (ngx_http_header_filter_module.c order: Server, Date, Content-Type,
 * Content-Length, Location/Last-Modified, Connection, then the rest). ingress-nginx's template
 * has `more_clear_headers Server;` when server-tokens is off (its default), so there is no
 * Server line, also for proxied answers; the upstream's Content-Type is passed on.
 */
export function ingressResponseHeaders(virtualMs: number, contentType: string, contentLength: number): [string, string][] {
  return [
    ['Date', httpDate(virtualMs)],
    ['Content-Type', contentType],
    ['Content-Length', String(contentLength)],
    ['Connection', 'keep-alive'],
  ];
}
