/**
 * A pod's DNS client side: the /etc/resolv.conf the kubelet asks for and containerd writes, and
 * the order in which a stub resolver tries names against the search list.
 *
 * Sources:
 * - kubernetes/kubernetes pkg/kubelet/network/dns/dns.go: `GetPodDNS`, `getPodDNSType`,
 *   `generateSearchesForDNSClusterFirst`, `appendDNSConfig`, `mergeDNSOptions`,
 *   `formDNSSearchFitsLimits`, `formDNSNameserversFitsLimits`, `parseResolvConf`,
 *   `defaultDNSOptions = ["ndots:5"]`.
 * - containerd CRI `parseDNSOptions`: writes `search`, then `nameserver` lines, then `options`.
 *   That is why a pod's file starts with `search`.
 * - kubernetes/website concepts/services-networking/dns-pod-service.md (policies, dnsConfig).
 * - glibc resolv/res_query.c `__res_context_search` and musl src/network/lookup_name.c
 *   `name_from_dns_search` for the search order.
 */

export type DnsPolicy = 'ClusterFirst' | 'ClusterFirstWithHostNet' | 'Default' | 'None';

/** core/v1 PodDNSConfig. */
export interface PodDnsConfig {
  nameservers?: string[];
  searches?: string[];
  options?: { name: string; value?: string }[];
}

/** runtimeapi.DNSConfig plus the Warning events the kubelet records while forming it. */
export interface PodDns {
  servers: string[];
  searches: string[];
  options: string[];
  /** `reason: message` of each Warning event (DNSConfigForming, MissingClusterDNS). */
  events: string[];
}

/** validation.MaxDNSNameservers. */
export const MAX_DNS_NAMESERVERS = 3;
/** validation.MaxDNSSearchPathsExpanded / MaxDNSSearchListCharsExpanded (ExpandedDNSConfig, GA in v1.28). */
export const MAX_DNS_SEARCH_PATHS = 32;
export const MAX_DNS_SEARCH_LIST_CHARS = 2048;
/** DNS1123SubdomainMaxLength: longer search paths are dropped (glibc 2.28 aborts on them). */
const MAX_SEARCH_PATH_LENGTH = 253;

/** The parts of a resolv.conf a resolver uses. */
export interface ResolvConf {
  nameservers: string[];
  search: string[];
  options: string[];
  /** `options ndots:n`, default 1, capped at 15 (glibc and musl). */
  ndots: number;
}

/**
 * kubelet `parseResolvConf`: `nameserver` lines accumulate. The last `search` line wins, with
 * trailing dots trimmed, and so does the last `options` line. `#` comments are skipped. The
 * libc-only `domain` keyword is read too, as a search list when no `search` line comes later
 * (glibc/musl behaviour).
 */
export function parseResolvConf(text: string): ResolvConf {
  const nameservers: string[] = [];
  let search: string[] = [];
  let options: string[] = [];
  let sawSearch = false;
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t.startsWith('#') || t.startsWith(';')) continue;
    const f = t.split(/\s+/).filter((x) => x !== '');
    if (f.length === 0) continue;
    if (f[0] === 'nameserver' && f[1]) nameservers.push(f[1]);
    if (f[0] === 'search') {
      search = f.slice(1).map((s) => s.replace(/\.$/, ''));
      sawSearch = true;
    }
    if (f[0] === 'domain' && f[1] && !sawSearch) search = [f[1].replace(/\.$/, '')];
    if (f[0] === 'options') options = f.slice(1);
  }
  let ndots = 1;
  for (const o of options) {
    const m = /^ndots:(\d+)$/.exec(o);
    if (m) ndots = Math.min(15, Number(m[1]));
  }
  return { nameservers, search, options, ndots };
}

function omitDuplicates(xs: string[]): string[] {
  return [...new Set(xs)];
}

/**
 * kubelet `mergeDNSOptions`: a dnsConfig option overrides one of the same name. Upstream rebuilds
 * the list from a Go map, so its order is random. Here options keep their first-seen order.
 */
function mergeDnsOptions(existing: string[], add: { name: string; value?: string }[]): string[] {
  const m = new Map<string, string>();
  for (const op of existing) {
    const i = op.indexOf(':');
    if (i !== -1) m.set(op.slice(0, i), op.slice(i + 1));
    else m.set(op, '');
  }
  for (const op of add) m.set(op.name, op.value ?? '');
  return [...m].map(([k, v]) => (v !== '' ? `${k}:${v}` : k));
}

/**
 * kubelet `GetPodDNS`: the DNS config the pod sandbox gets.
 * - ClusterFirst, and ClusterFirstWithHostNet: the cluster DNS IPs, the search list
 *   `<ns>.svc.<domain> svc.<domain> <domain>` followed by the host's search domains, and
 *   `ndots:5`. The host's options are not kept.
 * - ClusterFirst with hostNetwork, and Default: the host's resolv.conf (the kubelet's
 *   `--resolv-conf`, `resolvConf` in KubeletConfiguration).
 * - None: empty. The pod's dnsConfig is then appended to every policy.
 * `hostResolvConf` null stands for `--resolv-conf=""`. Default then gets
 * `nameserver 127.0.0.1` and `search .`.
 */
export function podDns(
  dnsPolicy: DnsPolicy,
  namespace: string,
  clusterDnsIp: string | string[],
  clusterDomain: string,
  hostResolvConf: string | null,
  extra: { hostNetwork?: boolean; dnsConfig?: PodDnsConfig; nodeIps?: string[] } = {},
): PodDns {
  const host = hostResolvConf === null ? { nameservers: [], search: [], options: [] } : parseResolvConf(hostResolvConf);
  const clusterDns = (Array.isArray(clusterDnsIp) ? clusterDnsIp : [clusterDnsIp]).filter((x) => x !== '');
  const events: string[] = [];
  let cfg = { servers: [...host.nameservers], searches: [...host.search], options: [...host.options] };
  let type: 'cluster' | 'host' | 'none';
  if (dnsPolicy === 'None') type = 'none';
  else if (dnsPolicy === 'ClusterFirstWithHostNet') type = 'cluster';
  else if (dnsPolicy === 'ClusterFirst' && !extra.hostNetwork) type = 'cluster';
  else type = 'host';

  if (type === 'none') cfg = { servers: [], searches: [], options: [] };
  if (type === 'cluster') {
    if (clusterDns.length > 0) {
      const searches = clusterDomain === '' ? cfg.searches : omitDuplicates([`${namespace}.svc.${clusterDomain}`, `svc.${clusterDomain}`, clusterDomain, ...cfg.searches]);
      cfg = { servers: [...clusterDns], searches, options: ['ndots:5'] };
    } else {
      events.push(`MissingClusterDNS: kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. Falling back to "Default" policy.`);
      type = 'host';
    }
  }
  if (type === 'host' && hostResolvConf === null) {
    const ips = extra.nodeIps ?? [];
    cfg.servers = ips.length > 0 ? ips.map((ip) => (ip.includes(':') ? '::1' : '127.0.0.1')) : ['127.0.0.1'];
    cfg.searches = ['.'];
  }
  if (extra.dnsConfig) {
    cfg.servers = omitDuplicates([...cfg.servers, ...(extra.dnsConfig.nameservers ?? [])]);
    cfg.searches = omitDuplicates([...cfg.searches, ...(extra.dnsConfig.searches ?? [])]);
    cfg.options = mergeDnsOptions(cfg.options, extra.dnsConfig.options ?? []);
  }
  // formDNSNameserversFitsLimits
  if (cfg.servers.length > MAX_DNS_NAMESERVERS) {
    cfg.servers = cfg.servers.slice(0, MAX_DNS_NAMESERVERS);
    events.push(`DNSConfigForming: Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: ${cfg.servers.join(' ')}`);
  }
  // formDNSSearchFitsLimits
  let exceeded = false;
  let s = cfg.searches;
  if (s.length > MAX_DNS_SEARCH_PATHS) {
    s = s.slice(0, MAX_DNS_SEARCH_PATHS);
    exceeded = true;
  }
  const kept = s.filter((x) => x.length <= MAX_SEARCH_PATH_LENGTH);
  if (kept.length !== s.length) exceeded = true;
  s = kept;
  const lineLen = s.join(' ').length;
  if (lineLen > MAX_DNS_SEARCH_LIST_CHARS) {
    let cut = 0;
    let cutLen = 0;
    for (let i = s.length - 1; i >= 0; i--) {
      cutLen += s[i]!.length + 1;
      cut++;
      if (lineLen - cutLen <= MAX_DNS_SEARCH_LIST_CHARS) break;
    }
    s = s.slice(0, s.length - cut);
    exceeded = true;
  }
  if (exceeded) events.push(`DNSConfigForming: Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${s.join(' ')}`);
  cfg.searches = s;
  return { ...cfg, events };
}

/**
 * The pod's /etc/resolv.conf as containerd writes it from the kubelet's DNS config
 * (`search`, then one `nameserver` line each, then `options`). When the config is empty,
 * containerd copies the node's own /etc/resolv.conf, passed here as `hostResolvConf`.
 */
export function resolvConf(
  dnsPolicy: DnsPolicy,
  namespace: string,
  clusterDnsIp: string | string[],
  clusterDomain: string,
  hostResolvConf: string | null,
  extra: { hostNetwork?: boolean; dnsConfig?: PodDnsConfig; nodeIps?: string[] } = {},
): string {
  const d = podDns(dnsPolicy, namespace, clusterDnsIp, clusterDomain, hostResolvConf, extra);
  let out = '';
  if (d.searches.length > 0) out += `search ${d.searches.join(' ')}\n`;
  if (d.servers.length > 0) out += `nameserver ${d.servers.join('\nnameserver ')}\n`;
  if (d.options.length > 0) out += `options ${d.options.join(' ')}\n`;
  return out === '' ? (hostResolvConf ?? '') : out;
}

/**
 * Which stub resolver's search rules apply.
 * - `glibc` (Debian/Ubuntu images, bind9's dig/nslookup follow the same rule): a name with
 *   fewer dots than ndots tries the search domains first, then the name itself. A name with at
 *   least ndots dots tries itself first, then the search domains.
 * - `musl` (Alpine, and busybox's libc-based tools): like glibc below ndots. At or above ndots
 *   only the name itself is tried.
 * A trailing dot always means the name alone. busybox 1.36 `nslookup` does not use either rule
 * (see tools.ts `busyboxNslookupQueries`).
 */
export type StubResolver = 'glibc' | 'musl';

/** The absolute names a stub resolver asks for, in order, for `name` (ndots and search from `conf`). */
export function searchCandidates(name: string, conf: ResolvConf | string, flavor: StubResolver = 'glibc'): string[] {
  const c = typeof conf === 'string' ? parseResolvConf(conf) : conf;
  if (name.endsWith('.')) return [name];
  const asIs = `${name}.`;
  const search = c.search.filter((s) => s !== '' && s !== '.').map((s) => `${name}.${s.replace(/\.$/, '')}.`);
  const dots = (name.match(/\./g) ?? []).length;
  if (dots >= c.ndots) return flavor === 'musl' ? [asIs] : [asIs, ...search];
  return [...search, asIs];
}

/** The outcome of one lookup as the stub resolver sees it. */
export type LookupOutcome = 'answer' | 'nxdomain' | 'nodata' | 'servfail' | 'timeout';

/**
 * Walks the candidates the way the libc does and stops where it stops.
 * - glibc keeps going after NXDOMAIN, NODATA and SERVFAIL (`got_nodata`, `got_servfail`).
 *   It stops on an answer or a timeout.
 * - musl keeps going only after NXDOMAIN. NODATA or SERVFAIL ends the search.
 * Returns the names tried and the final outcome. After a full walk glibc reports NODATA if any
 * candidate had it, else the last outcome.
 */
export function walkSearch(name: string, conf: ResolvConf | string, lookup: (fqdn: string) => LookupOutcome, flavor: StubResolver = 'glibc'): { tried: string[]; outcome: LookupOutcome; name?: string } {
  const tried: string[] = [];
  let sawNodata = false;
  let last: LookupOutcome = 'nxdomain';
  for (const cand of searchCandidates(name, conf, flavor)) {
    tried.push(cand);
    last = lookup(cand);
    if (last === 'answer') return { tried, outcome: last, name: cand };
    if (last === 'timeout') return { tried, outcome: last };
    if (last === 'nodata') sawNodata = true;
    if (flavor === 'musl' && last !== 'nxdomain') return { tried, outcome: last };
  }
  return { tried, outcome: sawNodata ? 'nodata' : last };
}
