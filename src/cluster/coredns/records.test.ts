/**
 * The kubernetes plugin of CoreDNS 1.11.3 with the kubeadm Corefile.
 * Sources: coredns/coredns v1.11.3 plugin/kubernetes/{handler,kubernetes,parse,reverse,ns}.go,
 * plugin/kubernetes/object/{endpoint,service}.go, plugin/backend_lookup.go, plugin/cache/cache.go,
 * plugin/loadbalance/loadbalance.go; kubernetes/website concepts/services-networking/dns-pod-service.md.
 */
import { describe, expect, it } from 'vitest';
import type { QType } from './message.ts';
import {
  capTtls,
  coreFile,
  DEFAULT_UPSTREAM,
  endpointHostname,
  extractAddressFromReverse,
  isIPv4,
  isIPv6,
  parseRequest,
  resolve,
  roundRobin,
  soaRecord,
  type DnsCaches,
  type DnsResponse,
} from './records.ts';
import { sampleCaches } from './sample.ts';

const SOA = 'cluster.local.\t30\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. 1735689600 7200 1800 86400 30';

/** `name ttl TYPE data` lines of a section, for compact expectations. */
function lines(rrs: DnsResponse['answers']): string[] {
  return rrs.map((r) => `${r.name}\t${r.ttl}\t${r.type}\t${r.data}`);
}

function q(name: string, type: QType, caches: DnsCaches = sampleCaches(), opts = {}) {
  const r = resolve({ name, type }, caches, opts);
  return { rcode: r.rcode, aa: r.authoritative, ra: r.recursionAvailable, answers: lines(r.answers), authority: lines(r.authority), additional: lines(r.additional) };
}

describe('Service A records (dns-pod-service.md "A/AAAA records")', () => {
  it.each([
    // ClusterIP Service: its ClusterIP.
    ['web.default.svc.cluster.local', 'A', ['web.default.svc.cluster.local.\t30\tA\t10.96.12.34']],
    ['kubernetes.default.svc.cluster.local.', 'A', ['kubernetes.default.svc.cluster.local.\t30\tA\t10.96.0.1']],
    // kube-dns has three ports; backend_lookup A dedups by address.
    ['kube-dns.kube-system.svc.cluster.local', 'A', ['kube-dns.kube-system.svc.cluster.local.\t30\tA\t10.96.0.10']],
    // Headless: one A per ready endpoint (db-2 is not ready).
    ['db.default.svc.cluster.local', 'A', ['db.default.svc.cluster.local.\t30\tA\t10.244.1.10', 'db.default.svc.cluster.local.\t30\tA\t10.244.2.11']],
    // publishNotReadyAddresses: the EndpointSlice controller marks all ready, CoreDNS just reads `ready`.
    ['peers.default.svc.cluster.local', 'A', ['peers.default.svc.cluster.local.\t30\tA\t10.244.1.20', 'peers.default.svc.cluster.local.\t30\tA\t10.244.2.21']],
    // Names are case-insensitive; the owner keeps the client's case (state.QName()).
    ['WEB.Default.svc.cluster.local', 'A', ['WEB.Default.svc.cluster.local.\t30\tA\t10.96.12.34']],
  ] as const)('%s %s', (name, type, answers) => {
    const r = q(name, type);
    expect(r).toMatchObject({ rcode: 'NOERROR', aa: true, ra: false, authority: [] });
    expect(r.answers).toEqual(answers);
  });

  it('answers only ready endpoints: the not-ready pod is not in the headless answer', () => {
    expect(q('db.default.svc.cluster.local', 'A').answers.join()).not.toContain('10.244.1.12');
  });

  // kubernetes.go findServices: a headless Service with no ready endpoint leaves err = errNoItems.
  it('a headless Service without ready endpoints is NXDOMAIN', () => {
    expect(q('nobody.default.svc.cluster.local', 'A')).toMatchObject({ rcode: 'NXDOMAIN', answers: [], authority: [SOA] });
  });

  it('AAAA for an IPv4-only Service is NODATA: NOERROR with the SOA', () => {
    expect(q('web.default.svc.cluster.local', 'AAAA')).toEqual({ rcode: 'NOERROR', aa: true, ra: false, answers: [], authority: [SOA], additional: [] });
  });
});

describe('endpoint names (hostname or dashed IP)', () => {
  it.each([
    ['db-0.db.default.svc.cluster.local', ['db-0.db.default.svc.cluster.local.\t30\tA\t10.244.1.10']],
    // Endpoints without a hostname are named by their dashed IP.
    ['10-244-1-20.peers.default.svc.cluster.local', ['10-244-1-20.peers.default.svc.cluster.local.\t30\tA\t10.244.1.20']],
    // `r.endpoint != ""` walks endpoints for ClusterIP Services too (kubernetes.go findServices).
    ['10-244-1-5.web.default.svc.cluster.local', ['10-244-1-5.web.default.svc.cluster.local.\t30\tA\t10.244.1.5']],
  ])('%s', (name, answers) => {
    expect(q(name, 'A').answers).toEqual(answers);
  });

  it.each([
    ['db-2.db.default.svc.cluster.local', 'not-ready endpoint'],
    ['db-9.db.default.svc.cluster.local', 'unknown hostname'],
    ['10-244-2-8.web.default.svc.cluster.local', 'not-ready endpoint of a ClusterIP Service'],
  ])('%s is NXDOMAIN (%s)', (name) => {
    expect(q(name, 'A').rcode).toBe('NXDOMAIN');
  });

  it('endpointHostname prefers the hostname, then dashes the IP', () => {
    expect(endpointHostname({ ip: '10.244.1.5' })).toBe('10-244-1-5');
    expect(endpointHostname({ ip: '10.244.1.5', hostname: 'db-0' })).toBe('db-0');
    expect(endpointHostname({ ip: 'fd00::1' })).toBe('fd00--1');
  });
});

describe('SRV (backend_lookup.go SRV: priority 0, weight ⌊100/n⌋, port, target; addresses in additional)', () => {
  it('ClusterIP Service: one SRV to the Service name, its ClusterIP in additional', () => {
    expect(q('_http._tcp.web.default.svc.cluster.local', 'SRV')).toEqual({
      rcode: 'NOERROR',
      aa: true,
      ra: false,
      answers: ['_http._tcp.web.default.svc.cluster.local.\t30\tSRV\t0 100 80 web.default.svc.cluster.local.'],
      authority: [],
      additional: ['web.default.svc.cluster.local.\t30\tA\t10.96.12.34'],
    });
  });

  it('headless Service: one SRV per ready endpoint, weight 100/2, each target with its A', () => {
    const r = q('_mysql._tcp.db.default.svc.cluster.local', 'SRV');
    expect(r.answers).toEqual([
      '_mysql._tcp.db.default.svc.cluster.local.\t30\tSRV\t0 50 3306 db-0.db.default.svc.cluster.local.',
      '_mysql._tcp.db.default.svc.cluster.local.\t30\tSRV\t0 50 3306 db-1.db.default.svc.cluster.local.',
    ]);
    expect(r.additional).toEqual(['db-0.db.default.svc.cluster.local.\t30\tA\t10.244.1.10', 'db-1.db.default.svc.cluster.local.\t30\tA\t10.244.2.11']);
  });

  it('SRV without port labels lists every port; n counts all ports (3 → weight 33)', () => {
    const r = q('kube-dns.kube-system.svc.cluster.local', 'SRV');
    // 53/UDP and 53/TCP share target and port, so the second is a duplicate (isDuplicate on target+port).
    expect(r.answers).toEqual([
      'kube-dns.kube-system.svc.cluster.local.\t30\tSRV\t0 33 53 kube-dns.kube-system.svc.cluster.local.',
      'kube-dns.kube-system.svc.cluster.local.\t30\tSRV\t0 33 9153 kube-dns.kube-system.svc.cluster.local.',
    ]);
    expect(r.additional).toEqual(['kube-dns.kube-system.svc.cluster.local.\t30\tA\t10.96.0.10']);
  });

  it.each([
    ['_dns._udp.kube-dns.kube-system.svc.cluster.local', '0 100 53 kube-dns.kube-system.svc.cluster.local.'],
    ['_DNS-TCP._TCP.kube-dns.kube-system.svc.cluster.local', '0 100 53 kube-dns.kube-system.svc.cluster.local.'],
    ['_gossip._udp.peers.default.svc.cluster.local', '0 50 7946 10-244-1-20.peers.default.svc.cluster.local.'],
  ])('%s', (name, first) => {
    expect(q(name, 'SRV').answers[0]?.split('\t')[3]).toBe(first);
  });

  it.each([
    ['_https._tcp.web.default.svc.cluster.local', 'no such port name'],
    ['_http._udp.web.default.svc.cluster.local', 'wrong protocol'],
    ['_80._tcp.web.default.svc.cluster.local', 'ports are matched by name only'],
    ['_http._tcp.ext.default.svc.cluster.local', 'ExternalName has no ports'],
  ])('%s is NXDOMAIN (%s)', (name) => {
    expect(q(name, 'SRV').rcode).toBe('NXDOMAIN');
  });

  it('SRV for an ExternalName Service is NODATA ("SRV for external services is not yet implemented")', () => {
    expect(q('ext.default.svc.cluster.local', 'SRV')).toMatchObject({ rcode: 'NOERROR', answers: [], authority: [SOA] });
  });
});

describe('ExternalName (CNAME)', () => {
  it('A: the CNAME, then the target resolved upstream (forward)', () => {
    expect(q('ext.default.svc.cluster.local', 'A').answers).toEqual(['ext.default.svc.cluster.local.\t30\tCNAME\texample.com.', 'example.com.\t30\tA\t93.184.215.14']);
  });

  it('A: a target inside the zone is resolved by the plugin itself', () => {
    expect(q('inside.default.svc.cluster.local', 'A').answers).toEqual(['inside.default.svc.cluster.local.\t30\tCNAME\tweb.default.svc.cluster.local.', 'web.default.svc.cluster.local.\t30\tA\t10.96.12.34']);
  });

  it('CNAME query: only the CNAME', () => {
    expect(q('ext.default.svc.cluster.local', 'CNAME').answers).toEqual(['ext.default.svc.cluster.local.\t30\tCNAME\texample.com.']);
  });

  it('CNAME query for a ClusterIP Service is NODATA', () => {
    expect(q('web.default.svc.cluster.local', 'CNAME')).toMatchObject({ rcode: 'NOERROR', answers: [], authority: [SOA] });
  });

  it('a target the upstream does not know still gets the CNAME alone, NOERROR', () => {
    const c = sampleCaches();
    c.services.push({ metadata: { namespace: 'default', name: 'gone' }, spec: { type: 'ExternalName', externalName: 'nothing.invalid' } });
    expect(q('gone.default.svc.cluster.local', 'A', c)).toMatchObject({ rcode: 'NOERROR', answers: ['gone.default.svc.cluster.local.\t30\tCNAME\tnothing.invalid.'] });
  });
});

describe('pod records with `pods insecure` (kubernetes.go findPods)', () => {
  it.each([
    ['10-244-1-5.default.pod.cluster.local', 'A', 'NOERROR', ['10-244-1-5.default.pod.cluster.local.\t30\tA\t10.244.1.5']],
    // insecure: any well-formed dashed IP answers, whether or not a pod has that IP.
    ['1-2-3-4.default.pod.cluster.local', 'A', 'NOERROR', ['1-2-3-4.default.pod.cluster.local.\t30\tA\t1.2.3.4']],
    ['1-2-3-4.kube-system.pod.cluster.local', 'A', 'NOERROR', ['1-2-3-4.kube-system.pod.cluster.local.\t30\tA\t1.2.3.4']],
    // ...but only in a namespace that exists.
    ['1-2-3-4.nope.pod.cluster.local', 'A', 'NXDOMAIN', []],
    // Not an IP (Go net.ParseIP): NXDOMAIN. Leading zeros are rejected since Go 1.17.
    ['1-2-3.default.pod.cluster.local', 'A', 'NXDOMAIN', []],
    ['1-2-3-400.default.pod.cluster.local', 'A', 'NXDOMAIN', []],
    ['01-2-3-4.default.pod.cluster.local', 'A', 'NXDOMAIN', []],
    ['web.default.pod.cluster.local', 'A', 'NXDOMAIN', []],
    // Dashed IPv6 ("--" becomes "::"): the name exists, A has no data.
    ['fd00--1.default.pod.cluster.local', 'A', 'NOERROR', []],
    ['fd00--1.default.pod.cluster.local', 'AAAA', 'NOERROR', ['fd00--1.default.pod.cluster.local.\t30\tAAAA\tfd00::1']],
    ['1-2-3-4.default.pod.cluster.local', 'AAAA', 'NOERROR', []],
  ] as const)('%s %s → %s', (name, type, rcode, answers) => {
    const r = q(name, type);
    expect(r.rcode).toBe(rcode);
    expect(r.answers).toEqual(answers);
  });

  it('`pods disabled` (the plugin default) makes every pod name NXDOMAIN', () => {
    expect(q('10-244-1-5.default.pod.cluster.local', 'A', sampleCaches(), { podMode: 'disabled' }).rcode).toBe('NXDOMAIN');
  });

  it('`pods verified` answers only IPs of pods in that namespace', () => {
    const c = { ...sampleCaches(), pods: [{ namespace: 'default', podIP: '10.244.1.5' }] };
    expect(q('10-244-1-5.default.pod.cluster.local', 'A', c, { podMode: 'verified' }).rcode).toBe('NOERROR');
    expect(q('10-244-1-5.kube-system.pod.cluster.local', 'A', c, { podMode: 'verified' }).rcode).toBe('NXDOMAIN');
    expect(q('1-2-3-4.default.pod.cluster.local', 'A', c, { podMode: 'verified' }).rcode).toBe('NXDOMAIN');
  });
});

describe('PTR (reverse.go serviceRecordForIP) and fallthrough to forward', () => {
  it.each([
    ['10.0.96.10.in-addr.arpa', 'kube-dns.kube-system.svc.cluster.local.'],
    ['1.0.96.10.in-addr.arpa.', 'kubernetes.default.svc.cluster.local.'],
    // Endpoint IPs, of headless and ClusterIP Services alike.
    ['10.1.244.10.in-addr.arpa', 'db-0.db.default.svc.cluster.local.'],
    ['5.1.244.10.in-addr.arpa', '10-244-1-5.web.default.svc.cluster.local.'],
  ])('%s → %s', (name, target) => {
    const r = q(name, 'PTR');
    expect(r).toMatchObject({ rcode: 'NOERROR', aa: true, ra: false });
    expect(r.answers).toEqual([`${name.endsWith('.') ? name : `${name}.`}\t30\tPTR\t${target}`]);
  });

  it.each([
    ['8.2.244.10.in-addr.arpa', 'not-ready endpoint'],
    ['99.99.99.10.in-addr.arpa', 'unknown IP'],
    ['10.in-addr.arpa', 'partial reverse name'],
  ])('%s falls through to the upstream, which says NXDOMAIN (%s)', (name) => {
    const r = q(name, 'PTR');
    expect(r).toMatchObject({ rcode: 'NXDOMAIN', aa: false, ra: true });
    expect(r.authority).toEqual(['.\t30\tSOA\ta.root-servers.net. nstld.verisign-grs.com. 2024010100 1800 900 604800 86400']);
  });

  it('extractAddressFromReverse needs exactly four valid octets', () => {
    expect(extractAddressFromReverse('4.3.2.1.in-addr.arpa.')).toBe('1.2.3.4');
    expect(extractAddressFromReverse('3.2.1.in-addr.arpa.')).toBe('');
    expect(extractAddressFromReverse('04.3.2.1.in-addr.arpa.')).toBe('');
  });
});

describe('dns-version TXT, apex, SOA, NS', () => {
  it('dns-version.cluster.local TXT "1.1.0"; the cache caps its TTL 28800 to 30', () => {
    expect(q('dns-version.cluster.local', 'TXT').answers).toEqual(['dns-version.cluster.local.\t30\tTXT\t"1.1.0"']);
  });

  it('TXT for an existing Service name is NODATA; for an unknown one NXDOMAIN', () => {
    expect(q('web.default.svc.cluster.local', 'TXT')).toMatchObject({ rcode: 'NOERROR', answers: [], authority: [SOA] });
    expect(q('nope.default.svc.cluster.local', 'TXT').rcode).toBe('NXDOMAIN');
  });

  it.each(['cluster.local', 'svc.cluster.local', 'pod.cluster.local', 'default.svc.cluster.local', 'default.pod.cluster.local'])('%s A is NODATA (parseRequest: apex or namespace only)', (name) => {
    expect(q(name, 'A')).toMatchObject({ rcode: 'NOERROR', answers: [], authority: [SOA] });
  });

  it('SOA at the apex; any SOA query below the apex is NODATA, even for unknown names', () => {
    expect(q('cluster.local', 'SOA').answers).toEqual([SOA]);
    expect(q('nope.default.svc.cluster.local', 'SOA')).toMatchObject({ rcode: 'NOERROR', answers: [], authority: [SOA] });
  });

  it('soaRecord: serial = informers last-modified, minttl = ttl, own TTL min(ttl, 300)', () => {
    expect(soaRecord('cluster.local', 30, 1735689600).data).toBe('ns.dns.cluster.local. hostmaster.cluster.local. 1735689600 7200 1800 86400 30');
    expect(soaRecord('cluster.local', 3600, 1).ttl).toBe(300);
  });

  it('NS at the apex names the Service whose endpoint is this replica (ns.go nsAddrs)', () => {
    const r = q('cluster.local', 'NS', sampleCaches(), { localIps: ['10.244.0.2'] });
    expect(r.answers).toEqual(['cluster.local.\t30\tNS\tkube-dns.kube-system.svc.cluster.local.']);
    expect(r.additional).toEqual(['kube-dns.kube-system.svc.cluster.local.\t30\tA\t10.96.0.10']);
    expect(q('ns.dns.cluster.local', 'A', sampleCaches(), { localIps: ['10.244.0.2'] }).answers).toEqual(['ns.dns.cluster.local.\t30\tA\t10.96.0.10']);
  });

  it('ANY gets no records from the kubernetes plugin: NODATA for names that exist', () => {
    expect(q('web.default.svc.cluster.local', 'ANY')).toMatchObject({ rcode: 'NOERROR', answers: [], authority: [SOA] });
    expect(q('nope.default.svc.cluster.local', 'ANY').rcode).toBe('NXDOMAIN');
  });
});

describe('NXDOMAIN rules', () => {
  it.each([
    ['nope.default.svc.cluster.local', 'unknown Service'],
    ['web.nope.svc.cluster.local', 'unknown namespace (errNsNotExposed)'],
    ['web.default.cluster.local', 'neither svc nor pod (errInvalidRequest)'],
    ['a.b._http._tcp.web.default.svc.cluster.local', 'too many labels'],
    ['web.svc.cluster.local', 'namespace "web" does not exist'],
    ['google.com.default.svc.cluster.local', 'a search-path expansion of google.com'],
  ])('%s (%s): NXDOMAIN, AA, SOA in authority', (name) => {
    expect(q(name, 'A')).toEqual({ rcode: 'NXDOMAIN', aa: true, ra: false, answers: [], authority: [SOA], additional: [] });
  });

  it('before the informers synced, NXDOMAIN becomes SERVFAIL; the cache gives its SOA the failure TTL 5', () => {
    const c = { ...sampleCaches(), synced: false, services: [], endpointSlices: [] };
    const r = q('web.default.svc.cluster.local', 'A', c);
    expect(r).toMatchObject({ rcode: 'SERVFAIL', aa: true, answers: [] });
    expect(r.authority).toEqual([SOA.replace('\t30\t', '\t5\t')]);
  });

  it('parseRequest splits port, protocol, endpoint, service, namespace', () => {
    expect(parseRequest('_http._tcp.web.default.svc.cluster.local.', 'cluster.local.').r).toEqual({ port: 'http', protocol: 'tcp', endpoint: '', service: 'web', namespace: 'default', podOrSvc: 'svc' });
    expect(parseRequest('db-0.db.default.svc.cluster.local.', 'cluster.local.').r.endpoint).toBe('db-0');
    expect(parseRequest('x.cluster.local.', 'cluster.local.').err).toBe('errInvalidRequest');
  });
});

describe('forward (names outside cluster.local)', () => {
  it('the upstream answers example.com: RA, not AA; the cache caps TTL 300 → 30', () => {
    expect(q('example.com', 'A')).toEqual({ rcode: 'NOERROR', aa: false, ra: true, answers: ['example.com.\t30\tA\t93.184.215.14'], authority: [], additional: [] });
  });

  it('an unknown name is NXDOMAIN with the root SOA', () => {
    expect(q('web', 'A')).toMatchObject({ rcode: 'NXDOMAIN', aa: false, answers: [], authority: ['.\t30\tSOA\ta.root-servers.net. nstld.verisign-grs.com. 2024010100 1800 900 604800 86400'] });
  });

  it('an unreachable upstream makes forward fail: SERVFAIL without records', () => {
    expect(q('example.com', 'A', sampleCaches(), { upstream: { ...DEFAULT_UPSTREAM, reachable: false } })).toMatchObject({ rcode: 'SERVFAIL', aa: false, answers: [], authority: [] });
  });
});

describe('cache TTL rewriting and loadbalance', () => {
  it('capTtls sets every record to the smallest TTL, clamped to [5, 30]', () => {
    const base: DnsResponse = { rcode: 'NOERROR', authoritative: false, recursionAvailable: true, source: 'forward', answers: [], authority: [], additional: [] };
    const a = (ttl: number) => ({ name: 'x.', ttl, class: 'IN' as const, type: 'A' as const, data: '1.1.1.1' });
    expect(capTtls({ ...base, answers: [a(3600), a(20)] }).answers.map((r) => r.ttl)).toEqual([20, 20]);
    expect(capTtls({ ...base, answers: [a(2)] }).answers.map((r) => r.ttl)).toEqual([5]);
    expect(capTtls({ ...base, answers: [a(86400)] }).answers.map((r) => r.ttl)).toEqual([30]);
  });

  it('roundRobin: CNAMEs first, then others, then shuffled addresses (two swap on an even id)', () => {
    const rr = (type: 'A' | 'CNAME' | 'SRV', data: string) => ({ name: 'x.', ttl: 30, class: 'IN' as const, type, data });
    const input = [rr('A', '1.1.1.1'), rr('A', '2.2.2.2'), rr('SRV', '0 100 80 x.'), rr('CNAME', 'y.')];
    expect(roundRobin(input, [2]).map((r) => r.data)).toEqual(['y.', '0 100 80 x.', '2.2.2.2', '1.1.1.1']);
    expect(roundRobin(input, [1]).map((r) => r.data)).toEqual(['y.', '0 100 80 x.', '1.1.1.1', '2.2.2.2']);
    // Three: j=0 p=0+5%3=2, j=1 p=1+5%2=2, j=2 stays.
    const three = [rr('A', '1'), rr('A', '2'), rr('A', '3')];
    expect(roundRobin(three, [5]).map((r) => r.data)).toEqual(['3', '1', '2']);
  });

  it('resolve applies the shuffle to headless answers when ids are given', () => {
    expect(q('db.default.svc.cluster.local', 'A', sampleCaches(), { shuffleIds: [0] }).answers.map((l) => l.split('\t')[3])).toEqual(['10.244.2.11', '10.244.1.10']);
  });
});

describe('Go IP parsing', () => {
  it.each([
    ['1.2.3.4', true],
    ['255.255.255.255', true],
    ['256.1.1.1', false],
    ['01.2.3.4', false],
    ['1.2.3', false],
  ])('isIPv4(%s) = %s', (s, want) => expect(isIPv4(s)).toBe(want));
  it.each([
    ['fd00::1', true],
    ['::1', true],
    ['2001:db8:0:0:0:0:0:1', true],
    ['fd00:::1', false],
    ['1:2:3:4:5:6:7:8:9', false],
  ])('isIPv6(%s) = %s', (s, want) => expect(isIPv6(s)).toBe(want));
});

describe('coreFile re-export', () => {
  it('is the kubeadm Corefile', () => {
    expect(coreFile()).toContain('kubernetes cluster.local in-addr.arpa ip6.arpa {');
  });
});
