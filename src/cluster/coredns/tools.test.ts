/**
 * Golden outputs of the DNS tools against the modelled CoreDNS.
 * Sources: busybox 1_36_1 networking/nslookup.c (FEATURE_NSLOOKUP_BIG); bind9 v9.18.28
 * bin/dig/{dig,nslookup,dighost}.c, lib/dns/message.c, lib/dns/masterdump.c.
 */
import { describe, expect, it } from 'vitest';
import { resolve, type DnsCaches } from './records.ts';
import { POD_RESOLV_CONF, sampleCaches } from './sample.ts';
import { bindNslookup, busyboxNslookup, busyboxNslookupQueries, dig, digQuestionLine, digRecordLine, digWhen, replyMessage, type Exchange } from './tools.ts';

function exchangeFor(caches: DnsCaches = sampleCaches(), sent: string[] = []): Exchange {
  return (server, q, o) => {
    sent.push(`${server} ${q.type} ${q.name}`);
    return replyMessage(q, resolve(q, caches), { id: o.id, ...(o.edns ? { edns: o.edns } : {}) }).msg;
  };
}
const timeout: Exchange = () => 'timeout';
const env = (exchange: Exchange = exchangeFor()) => ({ resolvConf: POD_RESOLV_CONF, exchange, ids: [4242], queryTimeMs: 1, nowUnixSeconds: 1_735_689_600, cookieHex: 'a1b2c3d4e5f60718' });

describe('busybox 1.36 nslookup', () => {
  it('queries: a dotless name under every search domain (A, then AAAA), never alone; ndots is ignored', () => {
    expect(busyboxNslookupQueries('web', [], POD_RESOLV_CONF).map((x) => `${x.type} ${x.name}`)).toEqual([
      'A web.default.svc.cluster.local',
      'A web.svc.cluster.local',
      'A web.cluster.local',
      'AAAA web.default.svc.cluster.local',
      'AAAA web.svc.cluster.local',
      'AAAA web.cluster.local',
    ]);
    // Any dot disables the search list (add_query_with_search: strchr(dname, '.')).
    expect(busyboxNslookupQueries('web.default', [], POD_RESOLV_CONF)).toEqual([{ name: 'web.default', type: 'A' }, { name: 'web.default', type: 'AAAA' }]);
    expect(busyboxNslookupQueries('10.96.0.10', [], POD_RESOLV_CONF)).toEqual([{ name: '10.0.96.10.in-addr.arpa', type: 'PTR' }]);
  });

  it('nslookup web: each reply printed as it comes, NXDOMAIN lines for the misses, exit 1', () => {
    const out = busyboxNslookup(['web'], env());
    expect(out.stdout).toBe(
      'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n' +
        'Name:\tweb.default.svc.cluster.local\nAddress: 10.96.12.34\n\n' +
        "** server can't find web.svc.cluster.local: NXDOMAIN\n\n" +
        "** server can't find web.cluster.local: NXDOMAIN\n\n" +
        // AAAA web.default.svc.cluster.local is NODATA: only the empty line.
        '\n' +
        "** server can't find web.svc.cluster.local: NXDOMAIN\n\n" +
        "** server can't find web.cluster.local: NXDOMAIN\n\n",
    );
    expect(out.exitCode).toBe(1);
  });

  it('nslookup web.default fails in a pod: the name has a dot, so it goes out as is', () => {
    const out = busyboxNslookup(['web.default'], env());
    expect(out.stdout).toBe("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find web.default: NXDOMAIN\n\n** server can't find web.default: NXDOMAIN\n\n");
    expect(out.exitCode).toBe(1);
  });

  it('nslookup of the full name with the server argument: exit 0', () => {
    const out = busyboxNslookup(['web.default.svc.cluster.local', '10.96.0.10'], env());
    expect(out.stdout).toBe('Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb.default.svc.cluster.local\nAddress: 10.96.12.34\n\n\n');
    expect(out.exitCode).toBe(0);
  });

  it('a forwarded answer is "Non-authoritative answer:"', () => {
    expect(busyboxNslookup(['example.com'], env()).stdout).toBe(
      'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nNon-authoritative answer:\nName:\texample.com\nAddress: 93.184.215.14\n\nNon-authoritative answer:\nName:\texample.com\nAddress: 2606:2800:21f:cb07:6820:80da:af6b:8b2c\n\n',
    );
  });

  it('an address becomes a PTR query', () => {
    expect(busyboxNslookup(['10.96.0.10'], env()).stdout).toBe('Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n10.0.96.10.in-addr.arpa\tname = kube-dns.kube-system.svc.cluster.local\n\n');
  });

  it('-type=srv prints "service = priority weight port target"', () => {
    expect(busyboxNslookup(['-type=srv', '_mysql._tcp.db.default.svc.cluster.local'], env()).stdout).toBe(
      'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n_mysql._tcp.db.default.svc.cluster.local\tservice = 0 50 3306 db-0.db.default.svc.cluster.local\n_mysql._tcp.db.default.svc.cluster.local\tservice = 0 50 3306 db-1.db.default.svc.cluster.local\n\n',
    );
  });

  it('ExternalName: canonical name, then the address', () => {
    expect(busyboxNslookup(['-type=a', 'ext.default.svc.cluster.local'], env()).stdout).toBe('Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\next.default.svc.cluster.local\tcanonical name = example.com\nName:\texample.com\nAddress: 93.184.215.14\n\n');
  });

  it('no reply within 5 s: ";; connection timed out; no servers could be reached", exit 1', () => {
    expect(busyboxNslookup(['web'], env(timeout))).toEqual({ stdout: ';; connection timed out; no servers could be reached\n\n', stderr: '', exitCode: 1, waitedMs: 5000 });
  });

  it('SERVFAIL is resent (2 × queries times in all), then printed', () => {
    const sent: string[] = [];
    const unsynced = { ...sampleCaches(), synced: false, services: [], endpointSlices: [] };
    const out = busyboxNslookup(['-type=a', 'web.default.svc.cluster.local'], env(exchangeFor(unsynced, sent)));
    expect(sent).toHaveLength(3);
    expect(out.stdout).toBe("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find web.default.svc.cluster.local: SERVFAIL\n\n");
    expect(out.exitCode).toBe(1);
  });

  it('bad usage prints the applet usage on stderr', () => {
    expect(busyboxNslookup([], env())).toMatchObject({ exitCode: 1, stdout: '' });
    expect(busyboxNslookup(['-type=bogus', 'x'], env()).stderr).toBe('nslookup: invalid query type "bogus"\n');
  });
});

describe('bind9 9.18 nslookup (dnsutils)', () => {
  it('nslookup web: search list with ndots, "Got recursion not available" for each CoreDNS reply', () => {
    const out = bindNslookup(['web'], env());
    expect(out.stdout).toBe(
      ';; Got recursion not available from 10.96.0.10\n' +
        'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n' +
        'Name:\tweb.default.svc.cluster.local\nAddress: 10.96.12.34\n' +
        // The AAAA lookup (NODATA) prints nothing but the comment.
        ';; Got recursion not available from 10.96.0.10\n' +
        '\n',
    );
    expect(out.exitCode).toBe(0);
  });

  it('nslookup google.com: three NXDOMAINs from the search list, then the forwarded answer', () => {
    expect(bindNslookup(['google.com'], env()).stdout).toBe(
      ';; Got recursion not available from 10.96.0.10\n'.repeat(3) +
        'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nNon-authoritative answer:\nName:\tgoogle.com\nAddress: 142.250.185.78\nName:\tgoogle.com\nAddress: 2a00:1450:4001:82b::200e\n\n',
    );
  });

  it("NXDOMAIN everywhere: ** server can't find nonexist: NXDOMAIN, exit 1", () => {
    const out = bindNslookup(['nonexist'], env());
    expect(out.stdout).toBe(';; Got recursion not available from 10.96.0.10\n'.repeat(3) + "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n** server can't find nonexist: NXDOMAIN\n\n");
    expect(out.exitCode).toBe(1);
  });

  it('reverse lookup: no Server header for default lookups, the name with its final dot', () => {
    expect(bindNslookup(['10.96.0.10'], env()).stdout).toBe(';; Got recursion not available from 10.96.0.10\n10.0.96.10.in-addr.arpa\tname = kube-dns.kube-system.svc.cluster.local.\n\n');
  });

  it('with an explicit server the RA check is off', () => {
    expect(bindNslookup(['ext.default.svc.cluster.local', '10.96.0.10'], env()).stdout).toBe(
      'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\next.default.svc.cluster.local\tcanonical name = example.com.\nName:\texample.com\nAddress: 93.184.215.14\nName:\texample.com\nAddress: 2606:2800:21f:cb07:6820:80da:af6b:8b2c\n\n',
    );
  });

  it('-type=srv with NODATA: "*** Can\'t find NAME: No answer"', () => {
    expect(bindNslookup(['-type=srv', 'ext.default.svc.cluster.local', '10.96.0.10'], env()).stdout).toBe("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n*** Can't find ext.default.svc.cluster.local: No answer\n\n");
  });

  it('no reply: three timed-out tries, then "no servers could be reached", exit 1', () => {
    expect(bindNslookup(['web'], env(timeout))).toEqual({
      stdout: ';; communications error to 10.96.0.10#53: timed out\n'.repeat(3) + ';; no servers could be reached\n\n\n',
      stderr: '',
      exitCode: 1,
      waitedMs: 15_000,
    });
  });
});

describe('bind9 9.18 dig', () => {
  it('dig @10.96.0.10 web.default.svc.cluster.local', () => {
    expect(dig(['@10.96.0.10', 'web.default.svc.cluster.local'], env()).stdout).toBe(`
; <<>> DiG 9.18.28-1~deb12u2-Debian <<>> @10.96.0.10 web.default.svc.cluster.local
; (1 server found)
;; global options: +cmd
;; Got answer:
;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 4242
;; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1
;; WARNING: recursion requested but not available

;; OPT PSEUDOSECTION:
; EDNS: version: 0, flags:; udp: 1232
; COOKIE: a1b2c3d4e5f60718 (echoed)
;; QUESTION SECTION:
;web.default.svc.cluster.local.	IN	A

;; ANSWER SECTION:
web.default.svc.cluster.local. 30 IN	A	10.96.12.34

;; Query time: 1 msec
;; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)
;; WHEN: Wed Jan 01 00:00:00 UTC 2025
;; MSG SIZE  rcvd: 115

`);
  });

  it('NXDOMAIN: the SOA in the authority section', () => {
    const out = dig(['nope.default.svc.cluster.local'], env());
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toBe(`
; <<>> DiG 9.18.28-1~deb12u2-Debian <<>> nope.default.svc.cluster.local
;; global options: +cmd
;; Got answer:
;; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: 4242
;; flags: qr aa rd; QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 1
;; WARNING: recursion requested but not available

;; OPT PSEUDOSECTION:
; EDNS: version: 0, flags:; udp: 1232
; COOKIE: a1b2c3d4e5f60718 (echoed)
;; QUESTION SECTION:
;nope.default.svc.cluster.local.	IN	A

;; AUTHORITY SECTION:
cluster.local.		30	IN	SOA	ns.dns.cluster.local. hostmaster.cluster.local. 1735689600 7200 1800 86400 30

;; Query time: 1 msec
;; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)
;; WHEN: Wed Jan 01 00:00:00 UTC 2025
;; MSG SIZE  rcvd: 164

`);
  });

  it('SRV of a headless Service: long owners push the columns (one space)', () => {
    expect(dig(['SRV', '_mysql._tcp.db.default.svc.cluster.local'], env()).stdout).toBe(`
; <<>> DiG 9.18.28-1~deb12u2-Debian <<>> SRV _mysql._tcp.db.default.svc.cluster.local
;; global options: +cmd
;; Got answer:
;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 4242
;; flags: qr aa rd; QUERY: 1, ANSWER: 2, AUTHORITY: 0, ADDITIONAL: 3
;; WARNING: recursion requested but not available

;; OPT PSEUDOSECTION:
; EDNS: version: 0, flags:; udp: 1232
; COOKIE: a1b2c3d4e5f60718 (echoed)
;; QUESTION SECTION:
;_mysql._tcp.db.default.svc.cluster.local. IN SRV

;; ANSWER SECTION:
_mysql._tcp.db.default.svc.cluster.local. 30 IN	SRV 0 50 3306 db-0.db.default.svc.cluster.local.
_mysql._tcp.db.default.svc.cluster.local. 30 IN	SRV 0 50 3306 db-1.db.default.svc.cluster.local.

;; ADDITIONAL SECTION:
db-0.db.default.svc.cluster.local. 30 IN A	10.244.1.10
db-1.db.default.svc.cluster.local. 30 IN A	10.244.2.11

;; Query time: 1 msec
;; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)
;; WHEN: Wed Jan 01 00:00:00 UTC 2025
;; MSG SIZE  rcvd: 365

`);
  });

  it('a forwarded answer: flags qr rd ra, no warning', () => {
    const out = dig(['example.com'], env()).stdout;
    expect(out).toContain(';; flags: qr rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n\n;; OPT PSEUDOSECTION:');
    expect(out).toContain(';example.com.\t\t\tIN\tA\n\n;; ANSWER SECTION:\nexample.com.\t\t30\tIN\tA\t93.184.215.14\n');
    expect(out).toContain(';; MSG SIZE  rcvd: 79\n');
  });

  it('without +search the short name goes out as is (and is forwarded); with +search it resolves', () => {
    expect(dig(['web'], env()).stdout).toContain('status: NXDOMAIN');
    const sent: string[] = [];
    const out = dig(['+search', 'web'], env(exchangeFor(sampleCaches(), sent)));
    expect(sent).toEqual(['10.96.0.10 A web.default.svc.cluster.local.']);
    expect(out.stdout).toContain(';web.default.svc.cluster.local.\tIN\tA\n');
    // google.com: only the last reply of the search walk is printed.
    const sent2: string[] = [];
    const g = dig(['+search', 'google.com'], env(exchangeFor(sampleCaches(), sent2)));
    expect(sent2).toHaveLength(4);
    expect(g.stdout.match(/Got answer/g)).toHaveLength(1);
    expect(g.stdout).toContain('google.com.\t\t30\tIN\tA\t142.250.185.78');
  });

  it('+short prints the rdata only', () => {
    expect(dig(['+short', 'db.default.svc.cluster.local'], env()).stdout).toBe('10.244.1.10\n10.244.2.11\n');
    expect(dig(['+short', 'ext.default.svc.cluster.local'], env()).stdout).toBe('example.com.\n93.184.215.14\n');
    expect(dig(['+short', 'nope.default.svc.cluster.local'], env()).stdout).toBe('');
  });

  it('-x and TXT', () => {
    expect(dig(['-x', '10.96.0.10'], env()).stdout).toContain(';10.0.96.10.in-addr.arpa.\tIN\tPTR\n\n;; ANSWER SECTION:\n10.0.96.10.in-addr.arpa. 30\tIN\tPTR\tkube-dns.kube-system.svc.cluster.local.\n');
    expect(dig(['dns-version.cluster.local', 'TXT'], env()).stdout).toContain('dns-version.cluster.local. 30\tIN\tTXT\t"1.1.0"\n');
  });

  it('no reply: three communications errors, the greeting, "no servers could be reached", exit 9', () => {
    expect(dig(['@10.96.0.10', 'web.default.svc.cluster.local'], env(timeout))).toEqual({
      stdout:
        ';; communications error to 10.96.0.10#53: timed out\n'.repeat(3) +
        '\n; <<>> DiG 9.18.28-1~deb12u2-Debian <<>> @10.96.0.10 web.default.svc.cluster.local\n; (1 server found)\n;; global options: +cmd\n;; no servers could be reached\n\n',
      stderr: '',
      exitCode: 9,
      waitedMs: 15_000,
    });
  });

  it('SERVFAIL before the first sync', () => {
    const unsynced = { ...sampleCaches(), synced: false, services: [], endpointSlices: [] };
    const out = dig(['web.default.svc.cluster.local'], env(exchangeFor(unsynced))).stdout;
    expect(out).toContain(';; ->>HEADER<<- opcode: QUERY, status: SERVFAIL, id: 4242\n;; flags: qr aa rd; QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 1\n');
    expect(out).toContain('cluster.local.\t\t5\tIN\tSOA\t');
  });

  it('an unknown +option is a usage error', () => {
    expect(dig(['+bogus', 'x'], env())).toMatchObject({ exitCode: 1, stdout: '' });
    expect(dig(['+bogus', 'x'], env()).stderr).toMatch(/^Invalid option: \+bogus\nUsage:  dig \[@global-server\]/);
  });

  it('column layout (masterdump.c indent: tab stops at 24/32/40/48, else one space)', () => {
    expect(digRecordLine({ name: 'a.', ttl: 30, class: 'IN', type: 'A', data: '1.2.3.4' })).toBe('a.\t\t\t30\tIN\tA\t1.2.3.4\n');
    expect(digRecordLine({ name: 'cluster.local.', ttl: 30, class: 'IN', type: 'NS', data: 'x.' })).toBe('cluster.local.\t\t30\tIN\tNS\tx.\n');
    expect(digQuestionLine('web.', 'A')).toBe(';web.\t\t\t\tIN\tA\n');
  });

  it('WHEN is strftime "%a %b %d %H:%M:%S %Z %Y" in UTC', () => {
    expect(digWhen(0)).toBe('Thu Jan 01 00:00:00 UTC 1970');
    expect(digWhen(1_709_210_096)).toBe('Thu Feb 29 12:34:56 UTC 2024');
  });
});
