/**
 * The glue between a node's kubelet and its containerd (the CRI socket), and the pod network as
 * containers see it.
 *
 * Stand-in until the networking issue (flannel, kube-proxy, CoreDNS) lands, and said so in the
 * UI: a container's HTTP request or DNS lookup is answered at once, without packets — a pod IP
 * reaches the runtime that owns that sandbox; a Service name resolves as CoreDNS would
 * (`<svc>.<ns>.svc.cluster.local`, also the short forms a pod's search path allows) from the
 * API's view of Services, and its ClusterIP leads to a ready endpoint of its EndpointSlices, in
 * turn. Nothing here is an input to a control-plane component.
 */
import type { CriApi } from '../cluster/runtime/messages.ts';
import type { EffectSink } from '../cluster/effects.ts';
import { endIpvsConnection, httpExchangeTraffic, routeThroughIpvs, type IpvsRoute, type NodeIpvs } from '../cluster/kube-proxy/nodeIpvs.ts';
import { containerLogs, containersIn, createContainer, execInContainer, grpcCheck, httpGet, imageStatus, listContainers, listSandboxes, pullImage, removeContainer, removePodSandbox, runPodSandbox, runtimeNetworkStatus, startContainer, stopContainer, stopPodSandbox, tcpConnect, type ContainerRuntime, type PodNetwork, type RtContainer, type RtSandbox } from '../cluster/runtime/containerd.ts';
import type { DnsResult, DnsTool, DnsToolResult, HttpResult } from '../cluster/runtime/programs/types.ts';
import { apiObjects } from './clusterFacts.ts';
import { etcdPrefix } from '../api/index.ts';
import type { World } from './world.ts';
import { SIM_EPOCH_UNIX_MS, traceNowCaused, type TraceRecord } from '../kernel/index.ts';
import { corednsAnswer, corednsHealth } from '../cluster/coredns/coredns.ts';
import { searchCandidates } from '../cluster/coredns/resolver.ts';
import type { DnsQuery, DnsResponse } from '../cluster/coredns/records.ts';
import { bindNslookup, busyboxNslookup, dig, replyMessage, type Exchange } from '../cluster/coredns/tools.ts';
import { partitionAllows } from '../cluster/network/network.ts';
import { anonymousAnswer } from '../cluster/apiserver/anonymous.ts';
import { TLS_WRONG_VERSION } from '../cluster/runtime/programs/sh/net.ts';
import { HEALTHZ_PORT as INGRESS_HEALTHZ_PORT, HTTP_PORT as INGRESS_HTTP_PORT, HTTPS_PORT as INGRESS_HTTPS_PORT, NGINX_PLAIN_HTTP_TO_HTTPS_PAGE, PROXY_CONNECT_TIMEOUT_MS, PROXY_NEXT_UPSTREAM_TRIES, ingressAnswer, ingressNginxHealth, nextPeer, ingressResponseHeaders, NGINX_REASONS, nginxErrorPage, type IngressNginx } from '../cluster/ingress/controller.ts';

export const CLUSTER_DNS_IP = '10.96.0.10';

/**
 * The CRI bound to one node, built once per (world, runtime) and pointed at the current call's
 * effect sink: a kubelet handler runs per event, and a fresh object of closures per event was a
 * measurable share of the garbage collector's work.
 */
const bindings = new WeakMap<ContainerRuntime, { w: World; sink: EffectSink; api: CriApi }>();

export function criFor(w: World, rt: ContainerRuntime, sink: EffectSink): CriApi {
  let b = bindings.get(rt);
  if (!b || b.w !== w) {
    const binding = { w, sink, api: null as unknown as CriApi };
    binding.api = bindCri(w, rt, () => binding.sink);
    bindings.set(rt, binding);
    b = binding;
  }
  b.sink = sink;
  return b.api;
}

function bindCri(w: World, rt: ContainerRuntime, current: () => EffectSink): CriApi {
  const net = podNetwork(w);
  return {
    listSandboxes: (filter) => listSandboxes(rt, filter),
    sandboxStatus: (id) => rt.sandboxes[id] ?? null,
    listContainers: (filter) => (filter?.sandboxId !== undefined ? containersIn(rt, filter.sandboxId) : listContainers(rt)),
    containerStatus: (id) => rt.containers[id] ?? null,
    generation: () => rt.generation,
    imageStatus: (image) => imageStatus(rt, image),
    pullImage: (image) => pullImage(rt, image, current()),
    runPodSandbox: (cfg) => runPodSandbox(rt, cfg, current()),
    networkStatus: () => runtimeNetworkStatus(rt),
    stopPodSandbox: (id) => stopPodSandbox(rt, id, current()),
    removePodSandbox: (id) => removePodSandbox(rt, id),
    createContainer: (sb, cfg) => createContainer(rt, sb, cfg, current()),
    startContainer: (id) => startContainer(rt, id, net, current()),
    stopContainer: (id, t) => stopContainer(rt, id, t, net, current()),
    removeContainer: (id) => removeContainer(rt, id),
    exec: (id, argv, timeoutMs) => execInContainer(rt, id, argv, timeoutMs, net, current()),
    httpGet: (sb, port, path, headers) => boundHealth(w, rt, sb, port, path) ?? httpGet(rt, sb, port, path, headers, current().now, rt.nodeIp),
    tcpConnect: (sb, port) => {
      const bound = boundHealth(w, rt, sb, port, '/');
      return bound ? !('error' in bound) : tcpConnect(rt, sb, port, current().now);
    },
    grpcCheck: (sb, port) => grpcCheck(rt, sb, port, current().now),
    logs: (id) => containerLogs(rt, id),
  };
}

/**
 * The health endpoints of the modelled control-plane components, as their probes see them:
 * etcd on 127.0.0.1:2381 (/livez: the process is up; /readyz and /health: it knows a leader),
 * kube-apiserver on :6443 (/livez; /readyz once its storage is ready), the scheduler on :10259
 * and the controller-manager on :10257 (/healthz). null when the sandbox runs none of them.
 */
function boundHealth(w: World, rt: ContainerRuntime, sandboxId: string, port: number, path: string): { status: number; body: string } | { error: string } | null {
  const c = runningBoundContainer(rt, sandboxId);
  if (!c) return null;
  const refused = { error: 'connect: connection refused' };
  const ok = { status: 200, body: 'ok' };
  const endpoint = path.replace(/\?.*$/, '');
  switch (c.bound) {
    case 'etcd': {
      const m = w.etcd[rt.host];
      if (port !== 2381 && port !== 2379) return null;
      if (!m || m.status !== 'running' || !m.raft) return refused;
      if (endpoint === '/livez') return ok;
      return m.raft.lead ? ok : { status: 503, body: '[-]serializable_read failed: etcdserver: no leader\nreadyz check failed' };
    }
    case 'kube-apiserver': {
      const a = w.apiservers[rt.host];
      if (port !== 6443) return null;
      if (!a || a.status !== 'running') return refused;
      if (endpoint === '/readyz') return a.bootstrapped && a.cache.ready ? ok : { status: 500, body: '[-]etcd failed: reason withheld\nreadyz check failed' };
      return ok;
    }
    case 'kube-scheduler':
      if (port !== 10259) return null;
      return w.schedulers[rt.host]?.status === 'running' ? ok : refused;
    case 'kube-controller-manager':
      if (port !== 10257) return null;
      return w.controllerManagers[rt.host]?.status === 'running' ? ok : refused;
    case 'coredns': {
      const d = w.corednses[c.id];
      if (!d) return refused;
      return corednsHealth(d, port);
    }
    case 'nginx-ingress-controller': {
      const ctl = w.ingressControllers[c.id];
      if (!ctl) return refused;
      return ingressNginxHealth(ctl, port, path);
    }
  }
  return null;
}

/**
 * The first running container of the sandbox that runs a modelled component, if any: what
 * `containersIn(rt, id).find(...)` finds, without the array. Every probe of every pod asks.
 */
function runningBoundContainer(rt: ContainerRuntime, sandboxId: string): RtContainer | undefined {
  const ids = rt.sandboxes[sandboxId]?.containerIds;
  if (!ids) return undefined;
  for (let i = 0; i < ids.length; i++) {
    const c = rt.containers[ids[i]!];
    if (c && c.state === 'CONTAINER_RUNNING' && c.bound) return c;
  }
  return undefined;
}

/** The modelled component among a node's host-network pods that serves `port`, and its answer. */
function hostNetworkComponent(w: World, rt: ContainerRuntime, port: number, path: string): { servedBy: string; answer: { status: number; body: string } | { error: string } } | null {
  for (const sb of Object.values(rt.sandboxes)) {
    if (sb.ip !== rt.nodeIp || sb.state !== 'SANDBOX_READY') continue;
    const answer = boundHealth(w, rt, sb.id, port, path);
    if (answer) return { servedBy: `${sb.namespace}/${sb.name}`, answer };
  }
  return null;
}

type Obj = { metadata?: { name?: string; namespace?: string }; spec?: Record<string, unknown>; [k: string]: unknown };

function services(w: World): Obj[] {
  const out: Obj[] = [];
  const prefix = etcdPrefix('services');
  for (const [key, o] of apiObjects(w)) if (key.startsWith(prefix)) out.push(o as Obj);
  return out;
}

/** Where a pod IP lives: the runtime and sandbox that hold it. */
export function sandboxByIp(w: World, ip: string): { rt: ContainerRuntime; sb: RtSandbox } | null {
  for (const rt of Object.values(w.runtimes)) {
    if (!w.hosts[rt.host]?.up) continue;
    for (const sb of Object.values(rt.sandboxes)) if (sb.ip === ip && sb.state === 'SANDBOX_READY') return { rt, sb };
  }
  return null;
}

/** CoreDNS's answer for a name asked from a pod in `namespace` (search path: ns.svc.cluster.local, svc.cluster.local, cluster.local). */
export function resolveServiceName(w: World, name: string, namespace: string): string[] | null {
  const n = name.replace(/\.$/, '');
  const candidates = n.endsWith('.cluster.local') ? [n] : [`${n}.${namespace}.svc.cluster.local`, `${n}.svc.cluster.local`, `${n}.cluster.local`];
  for (const fqdn of candidates) {
    const m = /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/.exec(fqdn);
    if (!m) continue;
    const svc = services(w).find((s) => s.metadata?.name === m[1] && s.metadata?.namespace === m[2]);
    const ip = svc?.spec?.['clusterIP'];
    if (typeof ip === 'string' && ip !== 'None') return [ip];
  }
  return null;
}

function readyEndpoint(w: World, clusterIp: string, port: number): { ip: string; port: number } | null {
  const svc = services(w).find((s) => s.spec?.['clusterIP'] === clusterIp);
  if (!svc) return null;
  const ports = (svc.spec?.['ports'] as { port: number; targetPort?: number | string }[] | undefined) ?? [];
  const sp = ports.find((p) => p.port === port);
  if (!sp) return null;
  const prefix = etcdPrefix('endpointslices', svc.metadata?.namespace);
  const ready: { ip: string; port: number }[] = [];
  for (const [key, o] of apiObjects(w)) {
    if (!key.startsWith(prefix)) continue;
    const slice = o as { metadata?: { labels?: Record<string, string> }; endpoints?: { addresses: string[]; conditions?: { ready?: boolean } }[]; ports?: { port?: number }[] };
    if (slice.metadata?.labels?.['kubernetes.io/service-name'] !== svc.metadata?.name) continue;
    const targetPort = slice.ports?.[0]?.port ?? (typeof sp.targetPort === 'number' ? sp.targetPort : port);
    for (const ep of slice.endpoints ?? []) if (ep.conditions?.ready !== false) for (const a of ep.addresses) ready.push({ ip: a, port: targetPort });
  }
  if (ready.length === 0) return null;
  ready.sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
  const turn = (w.serviceTurns[clusterIp] = ((w.serviceTurns[clusterIp] ?? -1) + 1) % ready.length);
  return ready[turn]!;
}

/** The service CIDR kubeadm uses: 10.96.0.0/12 (10.96.0.0 – 10.111.255.255). */
export function isClusterIp(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number);
  return a === 10 && b !== undefined && b >= 96 && b <= 111;
}

const networks = new WeakMap<World, PodNetwork>();

export function podNetwork(w: World): PodNetwork {
  let net = networks.get(w);
  if (!net) networks.set(w, (net = makePodNetwork(w)));
  return net;
}

function makePodNetwork(w: World): PodNetwork {
  return {
    dns: (from, name): DnsResult => {
      if (Object.values(w.kubeProxies).some((p) => p.epoch > 0)) return dnsFromSandbox(w, from, name);
      const addresses = resolveServiceName(w, name, from.namespace);
      const fqdn = name.includes('.') && name.endsWith('cluster.local') ? name : `${name}.${from.namespace}.svc.cluster.local`;
      if (!addresses) return { ok: false, error: 'NXDOMAIN', server: CLUSTER_DNS_IP, serverName: 'kube-dns.kube-system.svc.cluster.local' };
      return { ok: true, name: fqdn, addresses, server: CLUSTER_DNS_IP, serverName: 'kube-dns.kube-system.svc.cluster.local' };
    },
    http: (from, url, resolvedIp, headers): HttpResult => httpFromSandbox(w, from, url, resolvedIp, headers),
    dnsTool: (from, tool, argv): DnsToolResult => dnsToolFromSandbox(w, from, tool, argv),
  };
}

/**
 * A GET from a pod's sandbox, hop by hop as a real one goes: the name through DNS (the stand-in
 * until CoreDNS is modelled), a Service address through IPVS on the node the connection leaves
 * (a NodePort: on the node it reaches), then across the pod network to the target sandbox — which
 * a partition between the two nodes or a down node cuts (the SYN is never answered) — and the
 * program listening there. Each hop leaves a trace record, caused by the one before.
 */
export function httpFromSandbox(w: World, from: RtSandbox, url: string, resolvedIp?: string, headers?: Record<string, string>): HttpResult {
  const m = /^(?:https?:\/\/)?([^/:]+)(?::(\d+))?(\/.*)?$/.exec(url);
  if (!m) return { ok: false, error: 'bad address' };
  const hostPart = m[1]!;
  const tls = url.startsWith('https://');
  const defaultPort = tls ? 443 : 80;
  // The Host header a client sends: the URL's host, with the port unless it is the scheme's (or -H Host).
  const hostHeader = headerValue(headers, 'Host') ?? (m[2] && Number(m[2]) !== defaultPort ? `${hostPart}:${m[2]}` : hostPart);
  let port = m[2] ? Number(m[2]) : defaultPort;
  const path = m[3] ?? '/';
  const src = from.namespace ? `${from.namespace}/${from.name}` : from.name;
  const srcHost = sandboxByIp(w, from.ip)?.rt.host ?? w.ipToHost[from.ip];
  let cause: number | undefined;
  const hop = (kind: string, summary: string, data?: TraceRecord['data']) => (cause = traceNowCaused(w.kernel, { source: src, kind, summary, ...(data ? { data } : {}) }, cause));
  // The loopback address stays in the caller's network namespace: the pod's own (its IP), or on a
  // host the node's (where the host-network pods listen: the apiserver on cp-1's :6443).
  let ip = resolvedIp === '127.0.0.1' || hostPart === '127.0.0.1' ? from.ip : (resolvedIp ?? hostPart);
  const modelled = Object.values(w.kubeProxies).some((p) => p.epoch > 0);
  if (!resolvedIp && !/^\d+\.\d+\.\d+\.\d+$/.test(hostPart)) {
    if (hostPart === 'localhost') ip = from.ip;
    else if (modelled) {
      // The name through the pod's resolver and CoreDNS (dnsFromSandbox traces its own hops).
      const r = dnsFromSandbox(w, from, hostPart);
      if (!r.ok) return { ok: false, error: r.error === 'connection timed out' ? r.error : 'bad address' };
      ip = r.addresses[0]!;
    } else {
      const resolved = resolveServiceName(w, hostPart, from.namespace);
      if (!resolved) {
        hop('traffic.dns', `${hostPart}: NXDOMAIN`);
        return { ok: false, error: 'bad address' };
      }
      ip = resolved[0]!;
      hop('traffic.dns', `${hostPart} → ${ip}`);
    }
  }
  let via: { ipvs: NodeIpvs; route: Extract<IpvsRoute, { kind: 'forward' }> } | null = null;
  if (modelled) {
    // A Service address is resolved by IPVS on the node the connection leaves (its ClusterIPs
    // are bound to that node's kube-ipvs0); a NodePort by IPVS on the node it arrives at.
    const ipvsHost = isClusterIp(ip) ? srcHost : (w.ipToHost[ip] ?? srcHost);
    const ipvs = ipvsHost ? w.ipvs[ipvsHost] : undefined;
    if (ipvs) {
      const route = routeThroughIpvs(ipvs, 'TCP', ip, port, from.ip, w.kernel.now);
      if (route.kind === 'no-destination' || route.kind === 'local-closed') {
        hop('traffic.ipvs', `${ipvsHost}: ${ip}:${port} has ${route.kind === 'no-destination' ? 'no real server' : 'no virtual server'}: connection refused`);
        return { ok: false, error: 'Connection refused' };
      }
      if (route.kind === 'forward') {
        via = { ipvs, route };
        hop('traffic.ipvs', `${ipvsHost}: IPVS ${route.virtualServer} → ${route.realServer.address}:${route.realServer.port}`, { node: ipvsHost ?? null, virtualServer: route.virtualServer });
        ip = route.realServer.address;
        port = route.realServer.port;
      }
    }
    // No IPVS rule for a ClusterIP (kube-proxy never ran there): the packet leaves by the default route and nothing answers.
    if (!via && isClusterIp(ip)) {
      hop('traffic.ipvs', `${srcHost ?? '?'}: no IPVS rule for ${ip}:${port}: connection timed out`);
      return { ok: false, error: 'Connection timed out' };
    }
  } else if (isClusterIp(ip)) {
    const ep = readyEndpoint(w, ip, port);
    if (!ep) return { ok: false, error: 'Connection refused' };
    ip = ep.ip;
    port = ep.port;
  }
  const target = sandboxByIp(w, ip);
  const unrouted = target ? podRouteBlocked(w, srcHost, from.ip, target.rt.host) : null;
  const reachable = target && (!srcHost || partitionAllows(w.network, srcHost, target.rt.host)) && !unrouted;
  if (!target || !reachable) {
    hop('traffic.http', `GET ${ip}:${port}${path}: no answer${target ? ` (${unrouted ?? `${srcHost} cannot reach ${target.rt.host}`})` : ''}: connection timed out`);
    if (via) endIpvsConnection(via.ipvs, via.route, w.kernel.now, httpExchangeTraffic(110, 0));
    return { ok: false, error: 'Connection timed out' };
  }
  const tlsMismatch = (): HttpResult => {
    if (via) endIpvsConnection(via.ipvs, via.route, w.kernel.now, httpExchangeTraffic(110, 0));
    return tlsToPlainServer(hop, ip, port, path, target);
  };
  // Another node's pod subnet: the packet leaves by flannel.1, VXLAN-encapsulated to that node
  // (flannel's vxlan backend, UDP 8472), and is decapsulated there onto its cni0 bridge.
  const dstSubnet = w.runtimes[target.rt.host]?.podCIDR;
  if (srcHost && srcHost !== target.rt.host && target.sb.ip !== target.rt.nodeIp && dstSubnet && w.flannelKernels[srcHost]?.routes[dstSubnet]) {
    hop('traffic.flannel', `${srcHost} → ${target.rt.host}: ${ip} via flannel.1 (VXLAN to ${target.rt.nodeIp}:8472)`, { from: srcHost, to: target.rt.host });
  }
  const ingress = port === INGRESS_HTTP_PORT || port === INGRESS_HEALTHZ_PORT || port === INGRESS_HTTPS_PORT ? ingressControllerIn(w, target.rt, target.sb) : undefined;
  // TLS to the controller's :443 is terminated there (its self-signed default "Kubernetes Ingress
  // Controller Fake Certificate"), then routed as on :80.
  if (ingress && port === INGRESS_HTTPS_PORT && tls) {
    const answer = proxyThroughIngress(w, ingress, target.rt.host, hostHeader, path, headers, hop);
    if (via) endIpvsConnection(via.ipvs, via.route, w.kernel.now, httpExchangeTraffic(110, answer.ok ? 160 + answer.body.length : 0));
    return answer.ok ? { ...answer, tls: { verifyError: 'self-signed certificate' } } : answer;
  }
  if (ingress && port === INGRESS_HTTPS_PORT) {
    const body = NGINX_PLAIN_HTTP_TO_HTTPS_PAGE;
    hop('traffic.http', `GET ${ip}:${port}${path} on ${target.rt.host} (${target.sb.namespace}/${target.sb.name}): 400 (plain HTTP to the HTTPS port)`);
    return { ok: true, status: 400, body, servedBy: `${target.sb.namespace}/${target.sb.name}`, headers: ingressResponseHeaders(w.kernel.now, 'text/html', body.length) };
  }
  if (ingress && port === INGRESS_HEALTHZ_PORT) {
    // The controller's own HTTP server (healthz, metrics): curl http://<pod IP>:10254/healthz.
    const h = ingressNginxHealth(ingress, port, path)!;
    hop('traffic.http', `GET ${ip}:${port}${path} on ${target.rt.host} (${target.sb.namespace}/${target.sb.name}): ${h.status}`);
    return { ok: true, status: h.status, body: h.body, servedBy: `${target.sb.namespace}/${target.sb.name}` };
  }
  if (ingress && tls) return tlsMismatch();
  if (ingress) {
    const answer = proxyThroughIngress(w, ingress, target.rt.host, hostHeader, path, headers, hop);
    if (via) endIpvsConnection(via.ipvs, via.route, w.kernel.now, httpExchangeTraffic(110, answer.ok ? 160 + answer.body.length : 0));
    return answer;
  }
  // A node's address is shared by its host-network pods: the control-plane components answer
  // their own ports (the apiserver's /healthz on :6443, etcd's :2381 …), as their probes see them.
  const component = target.sb.ip === target.rt.nodeIp ? hostNetworkComponent(w, target.rt, port, path) : null;
  if (component) {
    if ('error' in component.answer) {
      hop('traffic.http', `GET ${ip}:${port}${path} on ${target.rt.host} (${component.servedBy}): connection refused`);
      return { ok: false, error: 'Connection refused' };
    }
    const health = component.answer;
    const speaksTls = TLS_COMPONENT_PORTS.has(port);
    if (tls && !speaksTls) return tlsMismatch();
    if (!tls && speaksTls) {
      // Go's net/http on a TLS listener, handed a plain HTTP request (server.go, tls.RecordHeaderError).
      hop('traffic.http', `GET ${ip}:${port}${path} on ${target.rt.host} (${component.servedBy}): 400 (plain HTTP to the HTTPS port)`);
      return { ok: true, status: 400, reason: 'Bad Request', protocol: 'HTTP/1.0', headers: [], body: 'Client sent an HTTP request to an HTTPS server.\n', servedBy: component.servedBy };
    }
    // Over TLS, without credentials: user system:anonymous, as RBAC sees it.
    const answer = speaksTls ? anonymousAnswer(path, () => health) : { status: health.status, body: health.body };
    hop('traffic.http', `GET ${ip}:${port}${path} on ${target.rt.host} (${component.servedBy}): ${answer.status}`);
    return { ok: true, status: answer.status, body: answer.body, servedBy: component.servedBy, ...(speaksTls ? { tls: { verifyError: 'unable to get local issuer certificate' as const } } : {}) };
  }
  // A TLS client at a plain-HTTP program (nothing here serves TLS): if something listens, the handshake fails.
  if (tls && tcpConnect(target.rt, target.sb.id, port, w.kernel.now)) return tlsMismatch();
  const r = httpGet(target.rt, target.sb.id, port, path, { 'User-Agent': 'Wget', ...(headers ?? {}) }, w.kernel.now, from.ip, true);
  const servedBy = `${target.sb.namespace}/${target.sb.name}`;
  // The hosts and pod at both ends, for the topology's request animation (view/traffic.ts).
  hop('traffic.http', `GET ${ip}:${port}${path} on ${target.rt.host} (${servedBy}): ${'error' in r ? 'connection refused' : r.status}`, { fromHost: srcHost ?? null, toHost: target.rt.host, pod: servedBy, status: 'error' in r ? 0 : r.status });
  // wget's request line and headers are about 110 bytes; the answer is a status line, headers and the body.
  if (via) endIpvsConnection(via.ipvs, via.route, w.kernel.now, httpExchangeTraffic(110, 'error' in r ? 0 : 160 + r.body.length));
  return 'error' in r ? { ok: false, error: 'Connection refused' } : { ok: true, status: r.status, body: r.body, servedBy, ...(r.headers ? { headers: r.headers } : {}) };
}

/**
 * A GET from a host's own network namespace (curl or wget typed on a node): the same path as a
 * pod's — a Service address through the node's IPVS table (its ClusterIPs are bound to
 * kube-ipvs0), a pod IP over the pod network, a host address directly — with the host as the
 * source. `ip` is the address the host's resolver gave for the URL's name.
 */
/** The control-plane ports that serve HTTPS only: kube-apiserver, kube-controller-manager, kube-scheduler (kubeadm's secure ports). */
const TLS_COMPONENT_PORTS = new Set([6443, 10257, 10259]);

/**
 * A TLS ClientHello to a server that speaks plain HTTP: it answers `HTTP/1.1 400` in clear text,
 * which the client's TLS library reads as a record with a wrong version (OpenSSL 3.0:
 * `error:0A00010B:SSL routines::wrong version number`).
 */
function tlsToPlainServer(hop: (kind: string, summary: string) => void, ip: string, port: number, path: string, target: { rt: ContainerRuntime; sb: RtSandbox }): HttpResult {
  hop('traffic.http', `GET ${ip}:${port}${path} on ${target.rt.host} (${target.sb.namespace}/${target.sb.name}): TLS handshake failed (the server speaks plain HTTP)`);
  return { ok: false, error: TLS_WRONG_VERSION };
}


export function httpFromHost(w: World, host: string, url: string, ip: string, headers?: Record<string, string>): HttpResult {
  const h = w.hosts[host];
  if (!h) return { ok: false, error: 'bad address' };
  // The host is the source: its LAN address, no pod namespace.
  const source = { namespace: '', name: host, ip: h.ip } as RtSandbox;
  return httpFromSandbox(w, source, url, ip, headers);
}

function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : headers[key];
}

/** The running ingress-nginx controller in a sandbox, if any (it listens on :80 there). */
function ingressControllerIn(w: World, rt: ContainerRuntime, sb: RtSandbox): IngressNginx | undefined {
  for (const c of containersIn(rt, sb.id)) {
    const ctl = w.ingressControllers[c.id];
    if (ctl && ctl.status === 'running' && c.state === 'CONTAINER_RUNNING') return ctl;
  }
  return undefined;
}

/**
 * nginx in the controller pod: route by Host and path, then proxy straight to a ready endpoint
 * of the backend Service (a pod IP: the connection leaves the controller's node across the pod
 * network, no ClusterIP, no IPVS), or answer 404/503 itself. A peer it cannot reach (a partition
 * between the controller's node and the endpoint's) costs proxy-connect-timeout (5 s); a refused
 * connection costs nothing; either way nginx tries the round robin's next peer, 3 tries in all
 * (proxy_next_upstream error timeout). When every try failed it answers 504 if the last one
 * timed out, else 502, after the time the tries took. Its answers carry nginx's headers (no
 * Server line: ingress-nginx clears it).
 */
function proxyThroughIngress(w: World, ctl: IngressNginx, ctlHost: string, hostHeader: string, path: string, headers: Record<string, string> | undefined, hop: (kind: string, summary: string) => void): HttpResult {
  const answer = ingressAnswer(ctl, hostHeader, path);
  const servedBy = `${ctl.podNamespace}/${ctl.podName}`;
  const local = (status: number, delayMs = 0): HttpResult => {
    const body = nginxErrorPage(status, NGINX_REASONS[status]!);
    return { ok: true, status, body, servedBy, reason: NGINX_REASONS[status]!, headers: ingressResponseHeaders(w.kernel.now + delayMs, 'text/html', body.length), ...(delayMs > 0 ? { delayMs } : {}) };
  };
  if (answer.kind === 'local') {
    hop('traffic.ingress', `${servedBy}: Host ${hostHeader} ${path}: ${answer.reason}: ${answer.status}`);
    return local(answer.status);
  }
  const via = answer.route.kind === 'backend' ? `${answer.route.ingress}${answer.route.route ? ` ${answer.route.route.pathType} ${answer.route.route.path}` : ' defaultBackend'}` : '';
  const upstreamHeaders: Record<string, string> = { ...(headers ?? {}), Host: hostHeader };
  let peer = { ip: answer.ip, port: answer.port };
  let waitedMs = 0;
  let lastTimedOut = false;
  for (let attempt = 1; ; attempt++) {
    hop('traffic.ingress', `${servedBy}: Host ${hostHeader} ${path} → Ingress ${via} → upstream ${answer.upstream} → ${peer.ip}:${peer.port}${attempt > 1 ? ` (try ${attempt} of ${PROXY_NEXT_UPSTREAM_TRIES})` : ''}`);
    const target = sandboxByIp(w, peer.ip);
    if (!target || !partitionAllows(w.network, ctlHost, target.rt.host)) {
      hop('traffic.http', `GET ${peer.ip}:${peer.port}${path}: no answer in ${PROXY_CONNECT_TIMEOUT_MS / 1000}s${target ? ` (${ctlHost} cannot reach ${target.rt.host})` : ''}: upstream timed out`);
      waitedMs += PROXY_CONNECT_TIMEOUT_MS;
      lastTimedOut = true;
    } else {
      const r = httpGet(target.rt, target.sb.id, peer.port, path, upstreamHeaders, w.kernel.now, ctl.podIp, true);
      hop('traffic.http', `GET ${peer.ip}:${peer.port}${path} on ${target.rt.host} (${target.sb.namespace}/${target.sb.name}): ${'error' in r ? 'connection refused' : r.status}`);
      if (!('error' in r)) {
        const type = r.headers?.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? 'text/plain; charset=utf-8';
        return { ok: true, status: r.status, body: r.body, servedBy: `${target.sb.namespace}/${target.sb.name}`, headers: ingressResponseHeaders(w.kernel.now + waitedMs, type, r.body.length), ...(waitedMs > 0 ? { delayMs: waitedMs } : {}) };
      }
      lastTimedOut = false;
    }
    if (attempt >= PROXY_NEXT_UPSTREAM_TRIES) return local(lastTimedOut ? 504 : 502, waitedMs);
    peer = nextPeer(ctl, answer.upstream, answer.endpoints);
  }
}

const KUBE_DNS_NAME = 'kube-dns.kube-system.svc.cluster.local';

/**
 * Whether the pod network carries a packet from `srcIp` on `srcHost` to a pod on `dstHost` and
 * its answer back, where flannel is the pod network (the node's containerd reads its CNI config
 * from the disk): across nodes the packet needs the source kernel's route to the destination
 * node's subnet through flannel.1, and a reply to a pod address the route back. flanneld adds
 * them for the leases it sees; they stay when it stops, so nodes that joined since are missing.
 * null: it gets through; else why not.
 */
export function podRouteBlocked(w: World, srcHost: string | undefined, srcIp: string, dstHost: string): string | null {
  if (!srcHost || srcHost === dstHost || !w.runtimes[srcHost]?.hostFs) return null;
  const dstSubnet = w.runtimes[dstHost]?.podCIDR;
  const srcSubnet = w.runtimes[srcHost]?.podCIDR;
  if (dstSubnet && !w.flannelKernels[srcHost]?.routes[dstSubnet]) return `${srcHost} has no route to ${dstSubnet} (flannel.1)`;
  const srcIsPod = srcIp !== w.hosts[srcHost]?.ip;
  if (srcIsPod && srcSubnet && !w.flannelKernels[dstHost]?.routes[srcSubnet]) return `${dstHost} has no route back to ${srcSubnet} (flannel.1)`;
  return null;
}

/**
 * A name looked up from a pod (dnsPolicy ClusterFirst): its resolv.conf — nameserver 10.96.0.10,
 * search `<ns>.svc.cluster.local svc.cluster.local cluster.local`, ndots:5 — tried candidate by
 * candidate (the stub resolver's search order), each query a UDP datagram to the kube-dns
 * ClusterIP that IPVS on the pod's node hands to a CoreDNS pod, which answers from its caches.
 * No CoreDNS behind kube-dns (or no IPVS rule yet) and the query is never answered: timed out.
 * The exchange itself takes no virtual time; the tool that asked waits out the resolver's
 * timeouts before it reports the failure (programs/sh/net.ts RESOLVER_TIMEOUT_MS).
 */
export function dnsFromSandbox(w: World, from: RtSandbox, name: string): DnsResult {
  const server = CLUSTER_DNS_IP;
  const src = from.namespace ? `${from.namespace}/${from.name}` : from.name;
  const srcHost = sandboxByIp(w, from.ip)?.rt.host ?? w.ipToHost[from.ip];
  const conf = `search ${from.namespace}.svc.cluster.local svc.cluster.local cluster.local\nnameserver ${server}\noptions ndots:5\n`;
  let servfail = false;
  for (const candidate of searchCandidates(name, conf)) {
    const answer = queryClusterDns(w, srcHost, from, candidate);
    if (answer === 'timeout') {
      traceNowCaused(w.kernel, { source: src, kind: 'traffic.dns', summary: `${candidate} A? to ${server}:53: no answer (no CoreDNS behind kube-dns on ${srcHost ?? '?'}): timed out` }, undefined);
      return { ok: false, error: 'connection timed out', server, serverName: KUBE_DNS_NAME };
    }
    const addresses = answer.response.answers.filter((r) => r.type === 'A').map((r) => r.data);
    traceNowCaused(w.kernel, { source: src, kind: 'traffic.dns', summary: `${candidate} A? → ${answer.servedBy}: ${answer.response.rcode}${addresses.length ? ` ${addresses.join(', ')}` : ''}` }, undefined);
    if (answer.response.rcode === 'NOERROR' && addresses.length > 0) return { ok: true, name: candidate.replace(/\.$/, ''), addresses, server, serverName: KUBE_DNS_NAME };
    if (answer.response.rcode === 'SERVFAIL') servfail = true;
  }
  return { ok: false, error: servfail ? 'SERVFAIL' : 'NXDOMAIN', server, serverName: KUBE_DNS_NAME };
}

/**
 * nslookup or dig in a pod, as the real tools print it (cluster/coredns/tools.ts), each query a
 * datagram through the network: to the kube-dns ClusterIP via IPVS on the pod's node, or straight
 * to a pod IP (`@10.244.1.2`), answered by the CoreDNS replica listening there.
 */
export function dnsToolFromSandbox(w: World, from: RtSandbox, tool: DnsTool, argv: string[]): DnsToolResult {
  const srcHost = sandboxByIp(w, from.ip)?.rt.host;
  const src = `${from.namespace}/${from.name}`;
  const resolvConf = `search ${from.namespace}.svc.cluster.local svc.cluster.local cluster.local\nnameserver ${CLUSTER_DNS_IP}\noptions ndots:5\n`;
  // Message ids are random in the tools; here a stream derived from the clock keeps runs repeatable.
  let seq = w.kernel.now;
  const ids = Array.from({ length: 16 }, () => (seq = (seq * 1103515245 + 12345) >>> 0) & 0xffff);
  const exchange: Exchange = (server, query, req) => {
    const answer = queryDnsServer(w, srcHost, from, server, query);
    traceNowCaused(w.kernel, { source: src, kind: 'traffic.dns', summary: answer === 'timeout' ? `${query.name} ${query.type}? to ${server}:53: no answer` : `${query.name} ${query.type}? → ${answer.servedBy}: ${answer.response.rcode}` }, undefined);
    return answer === 'timeout' ? 'timeout' : replyMessage(query, answer.response, { id: req.id, ...(req.edns ? { edns: req.edns } : {}) }).msg;
  };
  const out =
    tool === 'dig'
      ? dig(argv, { resolvConf, exchange, ids, queryTimeMs: 0, nowUnixSeconds: Math.floor((SIM_EPOCH_UNIX_MS + w.kernel.now) / 1000) })
      : tool === 'bind-nslookup'
        ? bindNslookup(argv, { resolvConf, exchange, ids })
        : busyboxNslookup(argv, { resolvConf, exchange, ids, hostname: from.name });
  return { stdout: out.stdout, stderr: out.stderr, exitCode: out.exitCode, waitedMs: out.waitedMs };
}

/** One query to a DNS server address (the kube-dns ClusterIP, or a CoreDNS pod directly). */
function queryDnsServer(w: World, srcHost: string | undefined, from: RtSandbox, server: string, query: DnsQuery): { response: DnsResponse; servedBy: string } | 'timeout' {
  if (server === CLUSTER_DNS_IP) return queryClusterDns(w, srcHost, from, query.name, query.type);
  const target = sandboxByIp(w, server);
  if (!target || (srcHost && !partitionAllows(w.network, srcHost, target.rt.host)) || podRouteBlocked(w, srcHost, from.ip, target.rt.host)) return 'timeout';
  const replica = containersIn(target.rt, target.sb.id).map((c) => w.corednses[c.id]).find((d) => d && d.status === 'running');
  return replica ? { response: corednsAnswer(replica, query), servedBy: `${target.sb.namespace}/${target.sb.name}` } : 'timeout';
}

/** One A query to kube-dns through IPVS on the client's node: the CoreDNS replica's answer, or 'timeout'. */
function queryClusterDns(w: World, srcHost: string | undefined, from: RtSandbox, name: string, type: DnsQuery['type'] = 'A'): { response: DnsResponse; servedBy: string } | 'timeout' {
  const ipvs = srcHost ? w.ipvs[srcHost] : undefined;
  if (!ipvs) return 'timeout';
  const route = routeThroughIpvs(ipvs, 'UDP', CLUSTER_DNS_IP, 53, from.ip, w.kernel.now);
  if (route.kind !== 'forward') return 'timeout';
  const target = sandboxByIp(w, route.realServer.address);
  const reachable = target && partitionAllows(w.network, srcHost!, target.rt.host) && !podRouteBlocked(w, srcHost, from.ip, target.rt.host);
  const replica = reachable ? containersIn(target.rt, target.sb.id).map((c) => w.corednses[c.id]).find((d) => d && d.status === 'running') : undefined;
  const response = replica ? corednsAnswer(replica, { name, type }) : undefined;
  endIpvsConnection(ipvs, route, w.kernel.now, { inPkts: 1, outPkts: response ? 1 : 0, inBytes: 40 + name.length, outBytes: response ? 60 + name.length : 0 });
  return response && target ? { response, servedBy: `${target.sb.namespace}/${target.sb.name}` } : 'timeout';
}

/** Pods with a live sandbox and at least one running container, per node, as containerd knows them. */
export function runningPods(w: World): { host: string; uid: string; key: string }[] {
  const out: { host: string; uid: string; key: string }[] = [];
  for (const host of w.hostOrder) {
    const rt = w.runtimes[host];
    if (!rt || !w.hosts[host]?.up) continue;
    for (const sb of Object.values(rt.sandboxes)) {
      if (sb.state !== 'SANDBOX_READY') continue;
      if (!Object.values(rt.containers).some((c) => c.sandboxId === sb.id && c.state === 'CONTAINER_RUNNING')) continue;
      out.push({ host, uid: sb.podUid, key: `${sb.namespace}/${sb.name}` });
    }
  }
  return out;
}
