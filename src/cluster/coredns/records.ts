/**
 * What CoreDNS 1.11.3 answers with the kubeadm Corefile, as a pure function of its informer caches.
 *
 * The Corefile chains these plugins for every query (plugin.cfg order):
 * `loadbalance` → `cache` → `kubernetes` → `forward`. This file models them:
 * - `kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure; fallthrough in-addr.arpa ip6.arpa; ttl 30 }`
 *   (coredns plugin/kubernetes handler.go `ServeDNS`, kubernetes.go `Services`/`Records`/`findServices`/
 *   `findPods`, parse.go `parseRequest`, reverse.go, ns.go, object/endpoint.go, object/service.go).
 * - `plugin/backend_lookup.go`: A/AAAA/SRV/TXT/CNAME/PTR/NS/SOA, the SRV weights and `BackendError`.
 * - `forward . /etc/resolv.conf`: an upstream resolver, here a small fixed table (`DEFAULT_UPSTREAM`).
 * - `cache 30 { disable success cluster.local; disable denial cluster.local }`: it stores nothing
 *   from cluster.local, but it still rewrites every TTL in every reply (cache.go `WriteMsg`,
 *   "Apply capped TTL to this reply"). See `capTtls`.
 * - `loadbalance`: round-robin shuffle of A/AAAA/MX records (loadbalance.go `roundRobin`).
 *
 * Source: coredns/coredns tag v1.11.3, read from the repository. Names below are upstream's.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { fqdn, isSubDomain, labels, type QType, type Rcode, type RR, type RrType } from './message.ts';
import { withField } from '../../api/objects.ts';

export { coreFile, coreDnsConfigMapYaml, coreDnsDeploymentYaml, coreDnsServiceYaml } from './manifests.ts';

/** kubernetes.go `DNSSchemaVersion`: the TXT answer of `dns-version.<zone>` (kubernetes/dns docs/specification.md). */
export const DNS_SCHEMA_VERSION = '1.1.0';
/** kubernetes.go: the dns-version TXT record carries TTL 28800 (before the cache plugin caps it). */
export const DNS_VERSION_TTL_SECONDS = 28_800;
/** kubernetes.go `defaultTTL = 5`; the kubeadm Corefile sets `ttl 30`. */
export const KUBERNETES_DEFAULT_TTL_SECONDS = 5;
export const KUBEADM_TTL_SECONDS = 30;
/** backend_lookup.go `SOA`: refresh 7200, retry 1800, expire 86400; the SOA's own TTL is min(ttl, 300). */
export const SOA_REFRESH_SECONDS = 7200;
export const SOA_RETRY_SECONDS = 1800;
export const SOA_EXPIRE_SECONDS = 86_400;
/** `cache 30`: the largest TTL it lets through (success and denial). */
export const CACHE_MAX_TTL_SECONDS = 30;
/** dnsutil.MinimalDefaultTTL: the cache's minimum TTL, and its TTL for SERVFAIL (`failttl`). */
export const CACHE_MIN_TTL_SECONDS = 5;

export type PodMode = 'disabled' | 'verified' | 'insecure';

/** The informer caches of one CoreDNS replica. */
export interface DnsCaches {
  /** `dnsControl.HasSynced()`: services, endpointslices and namespaces informers have listed once. */
  synced: boolean;
  services: Service[];
  endpointSlices: EndpointSlice[];
  /** Names of the namespaces in the namespace informer (`GetNamespaceByName`). */
  namespaces: string[];
  /** Only for `pods verified`: pod IPs per namespace. */
  pods?: { namespace: string; podIP: string }[];
  /**
   * `dnsControl.modified`: Unix seconds of the last Service/EndpointSlice/Pod change the
   * informers saw (controller.go `updateModified` uses `time.Now().Unix()`). It is the SOA serial.
   * The caller keeps it from virtual time.
   */
  modifiedUnixSeconds: number;
}

/** A record the upstream resolver holds. `data` is presentation form, as in `RR`. */
export interface UpstreamRecord {
  name: string;
  type: RrType;
  ttl: number;
  data: string;
}

/**
 * The resolver behind `forward . /etc/resolv.conf` (the node's nameserver). It is a small fixed
 * table, not the Internet. A name that is absent gets NXDOMAIN with the SOA of the closest zone in
 * the table, and at least the root SOA. A name with records but none of the asked type gets
 * NOERROR/NODATA with that SOA. `reachable: false` makes the forward plugin fail (SERVFAIL).
 */
export interface Upstream {
  reachable: boolean;
  records: UpstreamRecord[];
}

/**
 * The default upstream table. These are illustrative public records, written down once and not
 * live. The root SOA is the form recursive resolvers return with NXDOMAIN.
 */
export const DEFAULT_UPSTREAM: Upstream = {
  reachable: true,
  records: [
    { name: '.', type: 'SOA', ttl: 86_400, data: 'a.root-servers.net. nstld.verisign-grs.com. 2024010100 1800 900 604800 86400' },
    { name: 'example.com.', type: 'SOA', ttl: 3600, data: 'ns.icann.org. noc.dns.icann.org. 2024081454 7200 3600 1209600 3600' },
    { name: 'example.com.', type: 'A', ttl: 300, data: '93.184.215.14' },
    { name: 'example.com.', type: 'AAAA', ttl: 300, data: '2606:2800:21f:cb07:6820:80da:af6b:8b2c' },
    { name: 'www.example.com.', type: 'CNAME', ttl: 300, data: 'example.com.' },
    { name: 'google.com.', type: 'SOA', ttl: 60, data: 'ns1.google.com. dns-admin.google.com. 700000000 900 900 1800 60' },
    { name: 'google.com.', type: 'A', ttl: 300, data: '142.250.185.78' },
    { name: 'google.com.', type: 'AAAA', ttl: 300, data: '2a00:1450:4001:82b::200e' },
  ],
};

export interface ResolveOptions {
  /** The cluster domain (kubeadm `networking.dnsDomain`, default cluster.local). */
  zone?: string;
  /** `ttl` in the kubernetes block (kubeadm: 30). */
  ttlSeconds?: number;
  /** `pods` in the kubernetes block (kubeadm: insecure; plugin default: disabled). */
  podMode?: PodMode;
  /**
   * This CoreDNS replica's own addresses (its pod IP). Only `ns.dns.<zone>` and NS queries use them
   * (ns.go `nsAddrs`). Default: none.
   */
  localIps?: string[];
  upstream?: Upstream;
  /**
   * The `dns.Id()` values loadbalance draws to shuffle A/AAAA/MX records, used in order and cycled.
   * In CoreDNS these are random. Give none to keep the backend's order.
   */
  shuffleIds?: number[];
}

export interface DnsQuery {
  name: string;
  type: QType;
}

/** The reply CoreDNS writes (before the server adds the client's OPT record). */
export interface DnsResponse {
  rcode: Rcode;
  /** AA: the kubernetes plugin sets it on every reply it writes (answers and BackendError). */
  authoritative: boolean;
  /** RA: never set by the kubernetes plugin; a forwarded reply carries the upstream's. */
  recursionAvailable: boolean;
  answers: RR[];
  authority: RR[];
  additional: RR[];
  /** Which plugin wrote the reply (for traces). */
  source: 'kubernetes' | 'forward';
}

// ---------------------------------------------------------------------------------------------
// Small helpers with Go's semantics.

/** Go `net.ParseIP` for IPv4 dotted quads: four decimal octets, no leading zeros (Go ≥ 1.17). */
export function isIPv4(s: string): boolean {
  return /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(s);
}

/** Go `net.ParseIP` for IPv6 text (hex groups, at most one `::`, optional trailing dotted quad). */
export function isIPv6(s: string): boolean {
  if (!s.includes(':')) return false;
  const dbl = s.split('::');
  if (dbl.length > 2) return false;
  const groups = (part: string): string[] | null => {
    if (part === '') return [];
    const g = part.split(':');
    return g.every((x) => /^[0-9a-fA-F]{1,4}$/.test(x) || isIPv4(x)) ? g : null;
  };
  const left = groups(dbl[0]!);
  const right = dbl.length === 2 ? groups(dbl[1]!) : [];
  if (!left || !right) return false;
  const all = [...left, ...right];
  if (all.slice(0, -1).some((x) => x.includes('.'))) return false;
  const n = all.reduce((k, x) => k + (x.includes('.') ? 2 : 1), 0);
  return dbl.length === 2 ? n < 8 : n === 8;
}

function isIP(s: string): boolean {
  return isIPv4(s) || isIPv6(s);
}

/** msg.Service `HostType`: an IP is A/AAAA, text makes TXT, anything else is a CNAME target. */
function hostType(s: MsgService): 'A' | 'AAAA' | 'CNAME' | 'TXT' {
  if (isIPv4(s.host)) return 'A';
  if (isIPv6(s.host)) return 'AAAA';
  return s.text ? 'TXT' : 'CNAME';
}

/** dnsutil.TrimZone: the labels left of the zone, without the final dot. */
function trimZone(name: string, zone: string): string {
  const n = labels(name);
  const z = labels(zone);
  return n.slice(0, Math.max(0, n.length - z.length)).join('.');
}

/** kubernetes.go `match`: strings.EqualFold. */
function match(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** kubernetes.go `matchPortAndProtocol`: an empty query part matches anything. */
function matchPortAndProtocol(aPort: string, bPort: string, aProtocol: string, bProtocol: string): boolean {
  return (match(aPort, bPort) || aPort === '') && (match(aProtocol, bProtocol) || aProtocol === '');
}

// ---------------------------------------------------------------------------------------------
// The kubernetes plugin.

/** plugin/etcd/msg.Service, reduced to what the kubernetes plugin fills in. `domain` is msg.Domain(Key). */
interface MsgService {
  host: string;
  port: number;
  priority: number;
  weight: number;
  text?: string;
  ttl: number;
  domain: string;
}

/** errNoItems, errNsNotExposed and errInvalidRequest: `IsNameError` is true for all three. */
type NameError = 'errNoItems' | 'errNsNotExposed' | 'errInvalidRequest';

interface Lookup {
  svcs: MsgService[];
  err: NameError | null;
}

/** parse.go `recordRequest`. */
export interface RecordRequest {
  port: string;
  protocol: string;
  endpoint: string;
  service: string;
  namespace: string;
  podOrSvc: string;
}

/**
 * parse.go `parseRequest`: `[_port._protocol.|endpoint.]service.namespace.(svc|pod).zone`.
 * The apex, `svc.zone` and `pod.zone` parse to an empty request (NODATA). Anything else that does
 * not end in svc/pod, or has more than two labels before the service, is an invalid request
 * (NXDOMAIN).
 */
export function parseRequest(name: string, zone: string): { r: RecordRequest; err: NameError | null } {
  const r: RecordRequest = { port: '', protocol: '', endpoint: '', service: '', namespace: '', podOrSvc: '' };
  const base = trimZone(name, zone);
  if (base === '' || base === 'svc' || base === 'pod') return { r, err: null };
  const segs = labels(base);
  let last = segs.length - 1;
  r.podOrSvc = segs[last]!;
  if (r.podOrSvc !== 'pod' && r.podOrSvc !== 'svc') return { r, err: 'errInvalidRequest' };
  last--;
  if (last < 0) return { r, err: null };
  r.namespace = segs[last]!;
  last--;
  if (last < 0) return { r, err: null };
  r.service = segs[last]!;
  last--;
  if (last < 0) return { r, err: null };
  const strip = (s: string) => (s.startsWith('_') ? s.slice(1) : s);
  if (last === 0) r.endpoint = segs[0]!;
  else if (last === 1) {
    r.protocol = strip(segs[1]!);
    r.port = strip(segs[0]!);
  } else return { r, err: 'errInvalidRequest' };
  return { r, err: null };
}

/**
 * kubernetes.go `endpointHostname`: the endpoint's hostname, else its IP with dots (or colons)
 * replaced by dashes. `endpoint_pod_names` is not in the kubeadm Corefile.
 */
export function endpointHostname(addr: { ip: string; hostname?: string }): string {
  if (addr.hostname) return addr.hostname;
  if (addr.ip.includes('.')) return addr.ip.replaceAll('.', '-');
  if (addr.ip.includes(':')) return addr.ip.replaceAll(':', '-');
  return '';
}

/** object.Endpoints, converted from one EndpointSlice (object/endpoint.go `EndpointSliceToEndpoints`). */
interface Endpoints {
  name: string;
  namespace: string;
  /** `<service-name label>.<namespace>` */
  index: string;
  addresses: { ip: string; hostname?: string }[];
  ports: { port: number; name: string; protocol: string }[];
}

/**
 * Only endpoints with `conditions.ready` true or unset are kept ("a nil value ... should be
 * interpreted as ready"). With publishNotReadyAddresses the EndpointSlice controller already
 * sets ready=true on every endpoint. A slice without ports gets the sentinel port -1.
 */
function toEndpoints(slice: EndpointSlice): Endpoints {
  const service = slice.metadata?.labels?.['kubernetes.io/service-name'] ?? '';
  const namespace = slice.metadata?.namespace ?? '';
  const ports = (slice.ports ?? []).length === 0
    ? [{ port: -1, name: '', protocol: '' }]
    : (slice.ports ?? []).map((p) => ({ port: p.port ?? -1, name: p.name ?? '', protocol: p.protocol ?? '' }));
  const addresses: Endpoints['addresses'] = [];
  for (const e of slice.endpoints ?? []) {
    if (e.conditions?.ready === false) continue;
    for (const a of e.addresses) addresses.push({ ip: a, ...(e.hostname ? { hostname: e.hostname } : {}) });
  }
  return { name: slice.metadata?.name ?? '', namespace, index: `${service}.${namespace}`, addresses, ports };
}

/** object.Service (object/service.go `ToService`): ClusterIPs, falling back to ClusterIP; a port-less Service gets port -1. */
interface ObjService {
  name: string;
  namespace: string;
  clusterIPs: string[];
  type: string;
  externalName: string;
  ports: { port: number; name: string; protocol: string }[];
}

function toService(svc: Service): ObjService {
  const spec = svc.spec ?? {};
  const clusterIPs = spec.clusterIPs && spec.clusterIPs.length > 0 ? [...spec.clusterIPs] : [spec.clusterIP ?? ''];
  const ports = (spec.ports ?? []).length === 0
    ? [{ port: -1, name: '', protocol: '' }]
    : (spec.ports ?? []).map((p) => ({ port: p.port, name: p.name ?? '', protocol: p.protocol ?? 'TCP' }));
  return { name: svc.metadata?.name ?? '', namespace: svc.metadata?.namespace ?? '', clusterIPs, type: spec.type ?? 'ClusterIP', externalName: spec.externalName ?? '', ports };
}

function headless(s: ObjService): boolean {
  return s.clusterIPs[0] === 'None';
}

interface Plugin {
  caches: DnsCaches;
  services: ObjService[];
  endpoints: Endpoints[];
  zone: string;
  ttl: number;
  podMode: PodMode;
  localIps: string[];
  upstream: Upstream;
}

function namespaceExposed(k: Plugin, ns: string): boolean {
  return k.caches.namespaces.includes(ns);
}

/** One question being answered. `name` is lowercased (request.Name()); `qname` keeps the client's case. */
interface State {
  qname: string;
  name: string;
  qtype: QType;
  zone: string;
}

function withQuestion(state: State, name: string, qtype: QType): State {
  const q = fqdn(name);
  return { qname: q, name: q.toLowerCase(), qtype, zone: state.zone };
}

/** kubernetes.go `findPods`. In insecure mode any well-formed dashed IP answers, in any namespace that exists. */
function findPods(k: Plugin, r: RecordRequest): Lookup {
  if (k.podMode === 'disabled') return { svcs: [], err: 'errNoItems' };
  if (!namespaceExposed(k, r.namespace)) return { svcs: [], err: 'errNoItems' };
  const podname = r.service;
  if (podname === '') return { svcs: [], err: null };
  const domain = `${podname}.${r.namespace}.pod.${k.zone}`;
  // Four dashes-separated parts without "--" are an IPv4 address; everything else is tried as IPv6.
  const ip = (podname.match(/-/g)?.length ?? 0) === 3 && !podname.includes('--') ? podname.replaceAll('-', '.') : podname.replaceAll('-', ':');
  if (k.podMode === 'insecure') {
    if (!isIP(ip)) return { svcs: [], err: 'errNoItems' };
    return { svcs: [{ host: ip, port: 0, priority: 0, weight: 0, ttl: k.ttl, domain }], err: null };
  }
  const svcs = (k.caches.pods ?? []).filter((p) => p.podIP === ip && match(r.namespace, p.namespace)).map((): MsgService => ({ host: ip, port: 0, priority: 0, weight: 0, ttl: k.ttl, domain }));
  return { svcs, err: svcs.length > 0 ? null : 'errNoItems' };
}

/** kubernetes.go `findServices`. */
function findServices(k: Plugin, r: RecordRequest): Lookup {
  if (!namespaceExposed(k, r.namespace)) return { svcs: [], err: 'errNoItems' };
  if (r.service === '') return { svcs: [], err: null };
  let err: NameError | null = 'errNoItems';
  const out: MsgService[] = [];
  const idx = `${r.service}.${r.namespace}`;
  for (const svc of k.services) {
    if (!(match(r.namespace, svc.namespace) && match(r.service, svc.name))) continue;
    const svcDomain = `${svc.name}.${svc.namespace}.svc.${k.zone}`;
    if (svc.type === 'ExternalName') {
      // No endpoints, ports or protocols under an ExternalName: such a query skips the service.
      if (r.endpoint !== '' || r.port !== '' || r.protocol !== '') continue;
      const s: MsgService = { host: svc.externalName, port: 0, priority: 0, weight: 0, ttl: k.ttl, domain: svcDomain };
      if (hostType(s) === 'CNAME') {
        out.push(s);
        err = null;
      }
      continue;
    }
    if (headless(svc) || r.endpoint !== '') {
      for (const ep of k.endpoints) {
        // EpIndex(idx) is an exact index lookup; then EndpointsKey(svc.Name, svc.Namespace) must equal ep.Index.
        if (ep.index !== idx || ep.index !== `${svc.name}.${svc.namespace}`) continue;
        for (const addr of ep.addresses) {
          if (r.endpoint !== '' && !match(r.endpoint, endpointHostname(addr))) continue;
          for (const p of ep.ports) {
            if (!matchPortAndProtocol(r.port, p.name, r.protocol, p.protocol)) continue;
            out.push({ host: addr.ip, port: p.port, priority: 0, weight: 0, ttl: k.ttl, domain: `${endpointHostname(addr)}.${svcDomain}` });
            err = null;
          }
        }
      }
      continue;
    }
    for (const p of svc.ports) {
      if (!matchPortAndProtocol(r.port, p.name, r.protocol, p.protocol)) continue;
      err = null;
      for (const ip of svc.clusterIPs) out.push({ host: ip, port: p.port, priority: 0, weight: 0, ttl: k.ttl, domain: svcDomain });
    }
  }
  return { svcs: out, err };
}

/** kubernetes.go `Records`. */
function records(k: Plugin, state: State): Lookup {
  const { r, err } = parseRequest(state.name, state.zone);
  if (err) return { svcs: [], err };
  if (r.podOrSvc === '') return { svcs: [], err: null };
  if (state.name.endsWith('.in-addr.arpa.') || state.name.endsWith('.ip6.arpa.')) return { svcs: [], err: 'errNoItems' };
  if (!namespaceExposed(k, r.namespace)) return { svcs: [], err: 'errNsNotExposed' };
  return r.podOrSvc === 'pod' ? findPods(k, r) : findServices(k, r);
}

/**
 * ns.go `nsAddrs`: the Services whose endpoints include this CoreDNS replica's own IP
 * (kube-dns → 10.96.0.10), or, if none is found, the local IPs under `ns.dns.<zone>`.
 */
function nsAddrs(k: Plugin, zone: string): { name: string; ip: string }[] {
  const out: { name: string; ip: string }[] = [];
  let found = false;
  for (const local of k.localIps) {
    for (const ep of k.endpoints.filter((e) => e.addresses.some((a) => a.ip === local))) {
      found = true;
      for (const svc of k.services.filter((s) => `${s.name}.${s.namespace}` === ep.index)) {
        const svcName = `${svc.name}.${svc.namespace}.svc.${zone}`;
        if (headless(svc)) for (const a of ep.addresses) out.push({ name: `${endpointHostname(a)}.${svcName}`, ip: a.ip });
        else for (const ip of svc.clusterIPs) out.push({ name: svcName, ip });
      }
    }
  }
  if (!found) for (const ip of k.localIps) out.push({ name: `ns.dns.${zone}`, ip });
  return out;
}

/** kubernetes.go `Services`: the TXT and NS special cases, `ns.dns.<zone>`, then `Records`. */
function services(k: Plugin, state: State): Lookup {
  if (state.qtype === 'TXT') {
    const segs = labels(trimZone(state.name, state.zone));
    if (segs.length === 1 && segs[0] === 'dns-version') {
      return { svcs: [{ host: '', port: 0, priority: 0, weight: 0, text: DNS_SCHEMA_VERSION, ttl: DNS_VERSION_TTL_SECONDS, domain: state.qname }], err: null };
    }
    // A name that exists with other data is NODATA; anything else NXDOMAIN (the error is dropped).
    return records(k, state).svcs.length > 0 ? { svcs: [], err: null } : { svcs: [], err: 'errNoItems' };
  }
  if (state.qtype === 'NS') {
    return { svcs: nsAddrs(k, state.zone).filter((n) => isIPv4(n.ip) || isIPv6(n.ip)).map((n) => ({ host: n.ip, port: 0, priority: 0, weight: 0, ttl: k.ttl, domain: n.name })), err: null };
  }
  if (state.name.startsWith('ns.dns.') && state.name.slice('ns.dns.'.length) === state.zone.toLowerCase()) {
    const want = state.qtype === 'AAAA' ? isIPv6 : state.qtype === 'A' ? isIPv4 : () => false;
    return { svcs: nsAddrs(k, state.zone).filter((n) => want(n.ip)).map((n) => ({ host: n.ip, port: 0, priority: 0, weight: 0, ttl: k.ttl, domain: state.qname })), err: null };
  }
  const s = records(k, state);
  if (state.qtype !== 'SRV') return s;
  // "SRV for external services is not yet implemented": ExternalName entries are dropped.
  return { svcs: s.svcs.filter((x) => hostType(x) !== 'CNAME'), err: s.err };
}

function rr(name: string, ttl: number, type: RrType, data: string): RR {
  return { name, ttl, class: 'IN', type, data };
}

/**
 * backend_lookup.go `A` / `AAAA`. An ExternalName target inside the zone is resolved here
 * (CNAME + its addresses, or nothing). A target outside the zone is looked up upstream. Then the
 * CNAME and whatever came back are returned, even if nothing came back.
 */
function addressRecords(k: Plugin, state: State, family: 'A' | 'AAAA', previous: RR[]): { records: RR[]; err: NameError | null } {
  const { svcs, err } = services(k, state);
  if (err) return { records: [], err };
  const out: RR[] = [];
  const dup = new Set<string>();
  for (const serv of svcs) {
    const what = hostType(serv);
    if (what === 'CNAME') {
      const target = fqdn(serv.host);
      if (isSubDomain(state.name, target)) continue; // x CNAME x is a loop
      const cname = rr(state.qname, serv.ttl, 'CNAME', target);
      if (previous.length > 7) continue;
      if (previous.some((p) => p.type === 'CNAME' && p.name.toLowerCase() === cname.name.toLowerCase() && p.data.toLowerCase() === target.toLowerCase())) continue;
      if (isSubDomain(state.zone, target)) {
        const next = addressRecords(k, withQuestion(state, target, family), family, [...previous, cname]);
        if (!next.err && next.records.length > 0) out.push(cname, ...next.records);
        continue;
      }
      // upstream.Lookup sends the question through the whole plugin chain again (here: forward).
      // It returns whatever message came back, NXDOMAIN and SERVFAIL included, so the CNAME is
      // answered even when the target does not resolve.
      const up = upstreamLookup(k.upstream, target, family);
      out.push(cname, ...up.answers);
      continue;
    }
    if (what === family && !dup.has(serv.host)) {
      dup.add(serv.host);
      out.push(rr(state.qname, serv.ttl, family, serv.host));
    }
  }
  return { records: out, err: null };
}

/**
 * backend_lookup.go `SRV`. Every entry of one priority (all are priority 0 here) shares 100:
 * the weight is ⌊100 / n⌋, at least 1. n counts every entry the backend returned, before
 * duplicates and port -1 entries are dropped. The target is the entry's domain
 * (`<svc>.<ns>.svc.<zone>.` or `<endpoint>.<svc>.<ns>.svc.<zone>.`). Its address goes to the
 * additional section once per target and address.
 */
function srvRecords(k: Plugin, state: State): { records: RR[]; extra: RR[]; err: NameError | null } {
  const { svcs, err } = services(k, state);
  if (err) return { records: [], extra: [], err };
  const total = new Map<number, number>();
  for (const s of svcs) total.set(s.priority, (total.get(s.priority) ?? 0) + (s.weight !== 0 ? s.weight : 100));
  const out: RR[] = [];
  const extra: RR[] = [];
  const dup = new Set<string>();
  for (const s of svcs) {
    if (s.port === -1) continue;
    let w1 = 100 / total.get(s.priority)!;
    w1 *= s.weight === 0 ? 100 : s.weight;
    const weight = Math.max(1, Math.floor(w1) & 0xffff);
    const what = hostType(s);
    if (what !== 'A' && what !== 'AAAA') continue; // ExternalName was filtered by Services
    const target = fqdn(s.domain);
    if (!dup.has(`${target}|${s.port}`)) {
      dup.add(`${target}|${s.port}`);
      out.push(rr(state.qname, s.ttl, 'SRV', `${s.priority} ${weight} ${s.port} ${target}`));
    }
    if (!dup.has(`${target}|a|${s.host}`)) {
      dup.add(`${target}|a|${s.host}`);
      extra.push(rr(target, s.ttl, what, s.host));
    }
  }
  return { records: out, extra, err: null };
}

/** reverse.go `Reverse` / `serviceRecordForIP`: a ClusterIP gives its Service; else every endpoint with the IP. */
function ptrRecords(k: Plugin, state: State): { records: RR[]; err: NameError | null } {
  const ip = extractAddressFromReverse(state.name);
  if (ip === '') {
    const { err } = records(k, state);
    return { records: [], err };
  }
  const hosts: string[] = [];
  const svc = k.services.find((s) => s.clusterIPs.includes(ip));
  if (svc) hosts.push(`${svc.name}.${svc.namespace}.svc.${k.zone}`);
  else {
    for (const ep of k.endpoints) for (const a of ep.addresses) if (a.ip === ip) hosts.push(`${endpointHostname(a)}.${ep.index}.svc.${k.zone}`);
  }
  if (hosts.length === 0) return { records: [], err: 'errNoItems' };
  return { records: [...new Set(hosts)].map((h) => rr(state.qname, k.ttl, 'PTR', h)), err: null };
}

/**
 * dnsutil.ExtractAddressFromReverse: `4.3.2.1.in-addr.arpa.` → `1.2.3.4`. A partial name
 * (`10.in-addr.arpa.`) gives ''. IPv6 nibble names are not modelled and also give ''.
 */
export function extractAddressFromReverse(name: string): string {
  if (!name.endsWith('.in-addr.arpa.')) return '';
  const ip = name.slice(0, -'.in-addr.arpa.'.length).split('.').reverse().join('.');
  return isIPv4(ip) ? ip : '';
}

/** The name of a PTR query for an IPv4 address (busybox `make_ptr`, dig -x). */
export function reverseName(ip: string): string {
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa.`;
}

/**
 * backend_lookup.go `SOA` for the matched zone: `ns.dns.<zone>` and `hostmaster.<zone>`.
 * The serial is the informers' last-modified time. Refresh is 7200, retry 1800 and expire 86400.
 * minttl is the plugin TTL. The SOA's own TTL is min(ttl, 300).
 */
export function soaRecord(zone: string, ttlSeconds: number, serial: number): RR {
  const z = fqdn(zone);
  const dom = (x: string) => (z === '.' ? `${x}.` : `${x}.${z}`);
  return rr(z, Math.min(ttlSeconds, 300), 'SOA', `${dom('ns.dns')} ${dom('hostmaster')} ${serial >>> 0} ${SOA_REFRESH_SECONDS} ${SOA_RETRY_SECONDS} ${SOA_EXPIRE_SECONDS} ${ttlSeconds}`);
}

/** The zones of the kubeadm kubernetes block; the longest match wins (plugin.Zones.Matches). */
function matchZone(qname: string, zones: string[]): string {
  let best = '';
  for (const z of zones) if (isSubDomain(z, qname) && z.length > best.length) best = z;
  return best;
}

const FALLTHROUGH = 'fallthrough' as const;

/** handler.go `ServeDNS`. Returns `fallthrough` when the next plugin (forward) must answer. */
function kubernetesServeDNS(k: Plugin, q: DnsQuery): DnsResponse | typeof FALLTHROUGH {
  const qname = fqdn(q.name);
  const zones = [fqdn(k.zone), 'in-addr.arpa.', 'ip6.arpa.'];
  const matched = matchZone(qname, zones);
  if (matched === '') return FALLTHROUGH;
  const zone = qname.slice(qname.length - matched.length); // keep the case of the query
  const state: State = { qname, name: qname.toLowerCase(), qtype: q.type, zone };
  const serial = k.caches.modifiedUnixSeconds;
  const soa = () => [soaRecord(zone, k.ttl, serial)];

  let recs: RR[] = [];
  let extra: RR[] = [];
  let err: NameError | null = null;
  switch (q.type) {
    case 'A':
    case 'AAAA':
      ({ records: recs, err } = addressRecords(k, state, q.type, []));
      break;
    case 'TXT': {
      const s = services(k, state);
      err = s.err;
      recs = s.svcs.filter((x) => hostType(x) === 'TXT').map((x) => rr(qname, x.ttl, 'TXT', `"${x.text}"`));
      break;
    }
    case 'CNAME': {
      const s = services(k, state);
      err = s.err;
      const first = s.svcs[0];
      if (!err && first && !isIP(first.host)) recs = [rr(qname, first.ttl, 'CNAME', fqdn(first.host))];
      break;
    }
    case 'PTR':
      ({ records: recs, err } = ptrRecords(k, state));
      break;
    case 'SRV':
      ({ records: recs, extra, err } = srvRecords(k, state));
      break;
    case 'SOA':
      if (state.name === zone.toLowerCase()) recs = soa();
      break;
    case 'NS':
      if (state.name === zone.toLowerCase()) {
        const s = services(k, state);
        const seen = new Set<string>();
        for (const n of s.svcs) {
          const nsName = fqdn(n.domain);
          extra.push(rr(nsName, n.ttl, isIPv4(n.host) ? 'A' : 'AAAA', n.host));
          if (!seen.has(nsName)) {
            seen.add(nsName);
            recs.push(rr(qname, n.ttl, 'NS', nsName));
          }
        }
      } else {
        // NS below the apex falls through to the default case upstream.
        ({ err } = addressRecords(k, withQuestion(state, qname, 'A'), 'A', []));
      }
      break;
    default:
      // "Do a fake A lookup, so we can distinguish between NODATA and NXDOMAIN".
      ({ err } = addressRecords(k, withQuestion(state, qname, 'A'), 'A', []));
  }

  // The base fields written out in each literal: a spread of `base` followed by new keys takes
  // V8's slow path (api/objects.ts), once per query.
  if (err) {
    if (zone.toLowerCase() === 'in-addr.arpa.' || zone.toLowerCase() === 'ip6.arpa.') return FALLTHROUGH; // fallthrough in-addr.arpa ip6.arpa
    const rcode: Rcode = k.caches.synced ? 'NXDOMAIN' : 'SERVFAIL';
    return { recursionAvailable: false, source: 'kubernetes', rcode, authoritative: true, answers: [], authority: soa(), additional: [] };
  }
  if (recs.length === 0) return { recursionAvailable: false, source: 'kubernetes', rcode: 'NOERROR', authoritative: true, answers: [], authority: soa(), additional: [] };
  return { recursionAvailable: false, source: 'kubernetes', rcode: 'NOERROR', authoritative: true, answers: recs, authority: [], additional: extra };
}

// ---------------------------------------------------------------------------------------------
// forward, cache, loadbalance.

function closestSoa(up: Upstream, name: string): RR[] {
  let best: UpstreamRecord | undefined;
  for (const r of up.records) if (r.type === 'SOA' && isSubDomain(r.name, name) && (!best || fqdn(r.name).length > fqdn(best.name).length)) best = r;
  return best ? [rr(fqdn(best.name), best.ttl, 'SOA', best.data)] : [];
}

/**
 * The upstream resolver behind `forward`: a recursive resolver's reply (RA set, AA clear). CNAMEs
 * in the table are followed. ANY returns every record of the name.
 */
export function upstreamLookup(up: Upstream, name: string, type: QType): DnsResponse {
  const base = { authoritative: false, recursionAvailable: true, source: 'forward' as const, additional: [] };
  if (!up.reachable) return { ...base, recursionAvailable: false, rcode: 'SERVFAIL', answers: [], authority: [] };
  const answers: RR[] = [];
  let cur = fqdn(name);
  for (let hops = 0; hops < 8; hops++) {
    const here = up.records.filter((r) => fqdn(r.name).toLowerCase() === cur.toLowerCase());
    if (here.length === 0) {
      if (answers.length > 0) return { ...base, rcode: 'NXDOMAIN', answers, authority: closestSoa(up, cur) };
      return { ...base, rcode: 'NXDOMAIN', answers: [], authority: closestSoa(up, cur) };
    }
    const want = here.filter((r) => type === 'ANY' || r.type === type);
    if (want.length > 0) {
      answers.push(...want.map((r) => rr(cur, r.ttl, r.type, r.data)));
      return { ...base, rcode: 'NOERROR', answers, authority: [] };
    }
    const cname = here.find((r) => r.type === 'CNAME');
    if (!cname) return { ...base, rcode: 'NOERROR', answers, authority: answers.length > 0 ? [] : closestSoa(up, cur) };
    answers.push(rr(cur, cname.ttl, 'CNAME', fqdn(cname.data)));
    cur = fqdn(cname.data);
  }
  return { ...base, rcode: 'NOERROR', answers, authority: [] };
}

/**
 * cache.go `ResponseWriter.WriteMsg` with `cache 30`: the reply is classified (response.Typify).
 * Its smallest TTL (dnsutil.MinimalTTL, at most 3600) is clamped to [5, 30]. A SERVFAIL gets
 * failttl 5. Then **every** record's TTL is set to that value. This happens even for
 * cluster.local, whose replies `disable success/denial` only keep out of the store. So the
 * dns-version TXT (28800) reaches clients with TTL 30, and an NXDOMAIN from the API-less
 * (SERVFAIL) state carries an SOA with TTL 5.
 */
export function capTtls(res: DnsResponse): DnsResponse {
  const hasSoa = res.authority.some((r) => r.type === 'SOA');
  type Mt = 'NoError' | 'NoData' | 'NameError' | 'ServerError' | 'OtherError';
  let mt: Mt;
  if (res.answers.length > 0 && res.rcode === 'NOERROR') mt = 'NoError';
  else if (hasSoa && res.rcode === 'NOERROR') mt = 'NoData';
  else if (hasSoa && res.rcode === 'NXDOMAIN') mt = 'NameError';
  else if (res.rcode === 'SERVFAIL' || res.rcode === 'NOTIMP') mt = 'ServerError';
  else if (res.rcode === 'NOERROR') mt = 'NoError';
  else mt = 'OtherError';
  const all = [...res.answers, ...res.authority, ...res.additional];
  let msgTtl = CACHE_MIN_TTL_SECONDS;
  if ((mt === 'NoError' || mt === 'NoData' || mt === 'NameError') && all.length > 0) msgTtl = Math.min(3600, ...all.map((r) => r.ttl));
  const ttl = mt === 'ServerError' ? CACHE_MIN_TTL_SECONDS : Math.min(CACHE_MAX_TTL_SECONDS, Math.max(CACHE_MIN_TTL_SECONDS, msgTtl));
  const set = (rs: RR[]) => rs.map((r) => withField(r, 'ttl', ttl));
  return { ...res, answers: set(res.answers), authority: set(res.authority), additional: set(res.additional) };
}

/**
 * loadbalance.go `roundRobin`: CNAMEs first, then other types, then A/AAAA (shuffled), then MX
 * (shuffled). Two records swap when the drawn id is even. More records get a Fisher–Yates pass
 * with `p = j + id % (l - j)`. `ids` are the dns.Id() draws, consumed from `cursor.i`.
 */
export function roundRobin(rrs: RR[], ids: readonly number[], cursor: { i: number } = { i: 0 }): RR[] {
  const cname = rrs.filter((r) => r.type === 'CNAME');
  const address = rrs.filter((r) => r.type === 'A' || r.type === 'AAAA');
  const mx = rrs.filter((r) => r.type === 'MX');
  const rest = rrs.filter((r) => r.type !== 'CNAME' && r.type !== 'A' && r.type !== 'AAAA' && r.type !== 'MX');
  const draw = () => ids[cursor.i++ % ids.length]!;
  const shuffle = (xs: RR[]) => {
    if (ids.length === 0 || xs.length < 2) return;
    if (xs.length === 2) {
      if (draw() % 2 === 0) [xs[0], xs[1]] = [xs[1]!, xs[0]!];
      return;
    }
    for (let j = 0; j < xs.length; j++) {
      const p = j + (draw() % (xs.length - j));
      if (p !== j) [xs[j], xs[p]] = [xs[p]!, xs[j]!];
    }
  };
  shuffle(address);
  shuffle(mx);
  return [...cname, ...rest, ...address, ...mx];
}

/**
 * What one CoreDNS replica with the kubeadm Corefile replies to `query`, given its informer caches.
 * The kubernetes plugin answers cluster.local and the reverse zones. Reverse names it cannot
 * answer fall through to forward, and so does everything outside its zones. The cache then
 * rewrites the TTLs, and loadbalance shuffles addresses in NOERROR replies.
 */
export function resolve(query: DnsQuery, caches: DnsCaches, opts: ResolveOptions = {}): DnsResponse {
  const k: Plugin = {
    caches,
    services: caches.services.map(toService),
    endpoints: caches.endpointSlices.map(toEndpoints),
    zone: fqdn(opts.zone ?? 'cluster.local'),
    ttl: opts.ttlSeconds ?? KUBEADM_TTL_SECONDS,
    podMode: opts.podMode ?? 'insecure',
    localIps: opts.localIps ?? [],
    upstream: opts.upstream ?? DEFAULT_UPSTREAM,
  };
  const served = kubernetesServeDNS(k, query);
  let res = served === FALLTHROUGH ? upstreamLookup(k.upstream, query.name, query.type) : served;
  res = capTtls(res);
  if (res.rcode === 'NOERROR' && opts.shuffleIds && opts.shuffleIds.length > 0) {
    const cursor = { i: 0 };
    res = { ...res, answers: roundRobin(res.answers, opts.shuffleIds, cursor), authority: roundRobin(res.authority, opts.shuffleIds, cursor), additional: roundRobin(res.additional, opts.shuffleIds, cursor) };
  } else if (res.rcode === 'NOERROR') {
    res = { ...res, answers: roundRobin(res.answers, []), authority: roundRobin(res.authority, []), additional: roundRobin(res.additional, []) };
  }
  return res;
}
