/**
 * Pod resolv.conf (K pkg/kubelet/network/dns/dns.go GetPodDNS; containerd CRI parseDNSOptions;
 * kubernetes/website concepts/services-networking/dns-pod-service.md) and the search order
 * (glibc resolv/res_query.c __res_context_search; musl src/network/lookup_name.c name_from_dns_search).
 */
import { describe, expect, it } from 'vitest';
import { parseResolvConf, podDns, resolvConf, searchCandidates, walkSearch } from './resolver.ts';
import { POD_RESOLV_CONF } from './sample.ts';

const HOST = 'nameserver 192.168.1.1\nnameserver 192.168.1.2\nsearch lab.example.\noptions edns0 trust-ad\n';
const HOST_NO_SEARCH = 'nameserver 192.168.1.1\n';

describe('resolvConf (what the pod sees in /etc/resolv.conf)', () => {
  it('ClusterFirst (the default): search first, then nameserver, then options ndots:5', () => {
    expect(resolvConf('ClusterFirst', 'default', '10.96.0.10', 'cluster.local', HOST_NO_SEARCH)).toBe(POD_RESOLV_CONF);
  });

  it('ClusterFirst appends the host search domains but not its nameservers or options', () => {
    expect(resolvConf('ClusterFirst', 'shop', '10.96.0.10', 'cluster.local', HOST)).toBe('search shop.svc.cluster.local svc.cluster.local cluster.local lab.example\nnameserver 10.96.0.10\noptions ndots:5\n');
  });

  it('ClusterFirst with hostNetwork falls back to Default (the host file)', () => {
    expect(resolvConf('ClusterFirst', 'default', '10.96.0.10', 'cluster.local', HOST, { hostNetwork: true })).toBe('search lab.example\nnameserver 192.168.1.1\nnameserver 192.168.1.2\noptions edns0 trust-ad\n');
  });

  it('ClusterFirstWithHostNet keeps cluster DNS for hostNetwork pods', () => {
    expect(resolvConf('ClusterFirstWithHostNet', 'kube-system', '10.96.0.10', 'cluster.local', HOST_NO_SEARCH, { hostNetwork: true })).toBe('search kube-system.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
  });

  it('Default: the kubelet --resolv-conf file (CoreDNS itself runs with it)', () => {
    expect(resolvConf('Default', 'kube-system', '10.96.0.10', 'cluster.local', HOST)).toBe('search lab.example\nnameserver 192.168.1.1\nnameserver 192.168.1.2\noptions edns0 trust-ad\n');
  });

  it('Default with --resolv-conf="": nameserver 127.0.0.1, search .', () => {
    expect(resolvConf('Default', 'default', '10.96.0.10', 'cluster.local', null, { nodeIps: ['10.0.0.21'] })).toBe('search .\nnameserver 127.0.0.1\n');
  });

  it('None: only dnsConfig (dns-pod-service.md example)', () => {
    const dnsConfig = { nameservers: ['192.0.2.1'], searches: ['ns1.svc.cluster-domain.example', 'my.dns.search.suffix'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] };
    expect(resolvConf('None', 'default', '10.96.0.10', 'cluster.local', HOST, { dnsConfig })).toBe('search ns1.svc.cluster-domain.example my.dns.search.suffix\nnameserver 192.0.2.1\noptions ndots:2 edns0\n');
  });

  it('dnsConfig is appended to ClusterFirst; a same-named option overrides', () => {
    const dnsConfig = { nameservers: ['10.96.0.10', '1.1.1.1'], searches: ['extra.local'], options: [{ name: 'ndots', value: '2' }, { name: 'single-request-reopen' }] };
    expect(resolvConf('ClusterFirst', 'default', '10.96.0.10', 'cluster.local', HOST_NO_SEARCH, { dnsConfig })).toBe('search default.svc.cluster.local svc.cluster.local cluster.local extra.local\nnameserver 10.96.0.10\nnameserver 1.1.1.1\noptions ndots:2 single-request-reopen\n');
  });

  it('more than 3 nameservers are cut, with a DNSConfigForming event', () => {
    const d = podDns('None', 'default', '', 'cluster.local', HOST, { dnsConfig: { nameservers: ['1.1.1.1', '2.2.2.2', '3.3.3.3', '4.4.4.4'] } });
    expect(d.servers).toEqual(['1.1.1.1', '2.2.2.2', '3.3.3.3']);
    expect(d.events).toEqual(['DNSConfigForming: Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 1.1.1.1 2.2.2.2 3.3.3.3']);
  });

  it('ClusterFirst without a cluster DNS IP falls back to Default with MissingClusterDNS', () => {
    const d = podDns('ClusterFirst', 'default', '', 'cluster.local', HOST);
    expect(d.servers).toEqual(['192.168.1.1', '192.168.1.2']);
    expect(d.events[0]).toMatch(/^MissingClusterDNS: kubelet does not have ClusterDNS IP configured/);
  });

  it('parseResolvConf: last search wins (trailing dots trimmed), ndots from options', () => {
    expect(parseResolvConf('search a.\nsearch b. c\noptions ndots:3 timeout:1\nnameserver 1.1.1.1\n')).toEqual({ nameservers: ['1.1.1.1'], search: ['b', 'c'], options: ['ndots:3', 'timeout:1'], ndots: 3 });
  });
});

describe('searchCandidates with ndots:5 and search default.svc.cluster.local svc.cluster.local cluster.local', () => {
  it.each([
    ['web', ['web.default.svc.cluster.local.', 'web.svc.cluster.local.', 'web.cluster.local.', 'web.']],
    ['web.default', ['web.default.default.svc.cluster.local.', 'web.default.svc.cluster.local.', 'web.default.cluster.local.', 'web.default.']],
    // 4 dots < 5: the search list is still tried first.
    ['web.default.svc.cluster.local', ['web.default.svc.cluster.local.default.svc.cluster.local.', 'web.default.svc.cluster.local.svc.cluster.local.', 'web.default.svc.cluster.local.cluster.local.', 'web.default.svc.cluster.local.']],
    // A trailing dot: the name alone.
    ['web.default.svc.cluster.local.', ['web.default.svc.cluster.local.']],
    ['google.com', ['google.com.default.svc.cluster.local.', 'google.com.svc.cluster.local.', 'google.com.cluster.local.', 'google.com.']],
  ])('%s', (name, want) => {
    expect(searchCandidates(name, POD_RESOLV_CONF, 'glibc')).toEqual(want);
    expect(searchCandidates(name, POD_RESOLV_CONF, 'musl')).toEqual(want);
  });

  it('at or above ndots, glibc tries the name first and then the search list; musl only the name', () => {
    const conf = 'search default.svc.cluster.local\noptions ndots:2\n';
    expect(searchCandidates('a.b.c', conf, 'glibc')).toEqual(['a.b.c.', 'a.b.c.default.svc.cluster.local.']);
    expect(searchCandidates('a.b.c', conf, 'musl')).toEqual(['a.b.c.']);
  });

  it('walkSearch: glibc goes on past NODATA, musl stops there', () => {
    const lookup = (n: string) => (n === 'web.svc.cluster.local.' ? 'nodata' : n === 'web.' ? 'answer' : 'nxdomain');
    expect(walkSearch('web', POD_RESOLV_CONF, lookup, 'glibc')).toEqual({ tried: ['web.default.svc.cluster.local.', 'web.svc.cluster.local.', 'web.cluster.local.', 'web.'], outcome: 'answer', name: 'web.' });
    expect(walkSearch('web', POD_RESOLV_CONF, lookup, 'musl')).toEqual({ tried: ['web.default.svc.cluster.local.', 'web.svc.cluster.local.'], outcome: 'nodata' });
  });
});
