import { describe, expect, it } from 'vitest';
import type { DnsResult, HttpResult } from '../types.ts';
import { advance, runScript, startContainer, type FakeNetwork } from '../testing.ts';

const AGNHOST_BINARIES = ['sh', 'busybox', 'echo', 'nslookup', 'dig', 'curl', 'wget', 'sleep'];

function net(opts: { dns?: Record<string, string>; http?: Record<string, HttpResult>; dnsDown?: boolean } = {}): FakeNetwork {
  return {
    dns: (name): DnsResult => {
      if (opts.dnsDown) return { ok: false, error: 'connection timed out', server: '10.96.0.10', serverName: 'kube-dns.kube-system.svc.cluster.local' };
      const ip = opts.dns?.[name];
      return ip ? { ok: true, name: name.includes('.') ? name : `${name}.default.svc.cluster.local`, addresses: [ip], server: '10.96.0.10', serverName: 'kube-dns.kube-system.svc.cluster.local' } : { ok: false, error: 'NXDOMAIN', server: '10.96.0.10', serverName: 'kube-dns.kube-system.svc.cluster.local' };
    },
    http: (url) => opts.http?.[url] ?? { ok: false, error: 'connect: connection refused' },
  };
}

describe('wget (busybox networking/wget.c)', () => {
  it('waits for an answer that comes late, unless its -T alarm fires first ("download timed out")', () => {
    const network = net({ http: { 'http://10.1.1.9/': { ok: true, status: 200, body: 'late\n', delayMs: 5_000 } } });
    const waited = runScript('wget -qO- http://10.1.1.9/', { net: network });
    expect([waited.exitCode, waited.stdout, waited.elapsedMs]).toEqual([0, ['late'], 5_000]);
    const cut = runScript('wget -qO- -T 2 http://10.1.1.9/', { net: network });
    expect([cut.exitCode, cut.stderr, cut.elapsedMs]).toEqual([1, ['wget: download timed out'], 2_000]);
  });


  it('prints the body with -qO-, resolving the host first', () => {
    const r = runScript('wget -qO- http://web/', { net: net({ dns: { web: '10.96.5.5' }, http: { 'http://web/': { ok: true, status: 200, body: 'hello\n' } } }) });
    expect(r.stdout).toEqual(['hello']);
    expect(r.exitCode).toBe(0);
    expect(r.c.calls).toEqual(['dns web', 'http http://web/']);
  });

  it.each([
    ['http://10.96.0.1/', net(), "wget: can't connect to remote host (10.96.0.1): Connection refused"],
    ['http://myservice/', net(), "wget: bad address 'myservice'"],
    ['http://web:8080/x', net({ dns: { web: '10.96.5.5' }, http: { 'http://web:8080/x': { ok: true, status: 500, body: 'boom' } } }), 'wget: server returned error: HTTP/1.1 500 Internal Server Error'],
  ])('%s fails with busybox\'s words', (url, network, message) => {
    const r = runScript(`wget -q -O- ${url}`, { net: network });
    expect(r.stderr).toEqual([message]);
    expect(r.exitCode).toBe(1);
  });

  // Timeouts take their time before the message: busybox wget's -T alarm covers connect(); the
  // kernel gives up on unanswered SYNs after 127 s (ip-sysctl tcp_syn_retries=6); the resolver
  // after 10 s (resolv.conf timeout:5 attempts:2), before wget sets its alarm.
  const slow = net({ dns: { slow: '10.96.5.6' }, http: { 'http://slow/': { ok: false, error: 'i/o timeout' } } });
  it.each([
    ['wget -q -O- -T 3 http://slow/', slow, 'wget: download timed out', 3_000],
    ['wget -q -O- http://slow/', slow, "wget: can't connect to remote host (10.96.5.6): Connection timed out", 127_000],
    ['wget -q -O- -T 3 http://web/', net({ dnsDown: true }), "wget: bad address 'web'", 10_000],
  ])('%s waits, then fails as busybox does', (cmd, network, message, waitedMs) => {
    const r = runScript(cmd, { net: network });
    expect(r.stderr).toEqual([message]);
    expect(r.exitCode).toBe(1);
    expect(r.elapsedMs).toBe(waitedMs);
  });

  it('without -q it reports where it connects and what it saved', () => {
    const r = runScript('wget http://10.0.0.1/index.html; cat index.html', { net: net({ http: { 'http://10.0.0.1/index.html': { ok: true, status: 200, body: 'page\n' } } }) });
    expect(r.stderr[0]).toBe('Connecting to 10.0.0.1 (10.0.0.1:80)');
    expect(r.stderr[1]).toBe("saving to 'index.html'");
    expect(r.stderr[3]).toBe("'index.html' saved");
    expect(r.stdout).toEqual(['page']);
  });
});

describe('https', () => {
  const apiserver = net({ dns: { kubernetes: '10.96.0.1' }, http: { 'https://kubernetes/healthz': { ok: true, status: 200, body: 'ok', tls: { verifyError: 'unable to get local issuer certificate' } } } });

  it('busybox wget says it checks no certificate (-q or not), then reads the page', () => {
    const r = runScript('wget -qO- https://kubernetes/healthz', { net: apiserver });
    expect(r.stderr).toEqual(['wget: note: TLS certificate validation not implemented']);
    expect(r.stdout).toEqual(['ok']);
    expect(r.exitCode).toBe(0);
  });

  it('curl verifies the chain: the cluster CA is not in the trust store (60) unless -k; -s hides the message', () => {
    const r = runScript('curl https://kubernetes/healthz', { binaries: AGNHOST_BINARIES, net: apiserver });
    expect(r.exitCode).toBe(60);
    expect(r.stderr).toEqual([
      'curl: (60) SSL certificate problem: unable to get local issuer certificate',
      'More details here: https://curl.se/docs/sslcerts.html',
      '',
      'curl failed to verify the legitimacy of the server and therefore could not',
      'establish a secure connection to it. To learn more about this situation and',
      'how to fix it, please visit the web page mentioned above.',
    ]);
    expect(runScript('curl -s https://kubernetes/healthz', { binaries: AGNHOST_BINARIES, net: apiserver })).toMatchObject({ exitCode: 60, stderr: [] });
    expect(runScript('curl -k https://kubernetes/healthz', { binaries: AGNHOST_BINARIES, net: apiserver })).toMatchObject({ exitCode: 0, stdout: ['ok'] });
  });

  it('a TLS client at a plain-HTTP server fails the handshake (35); plain HTTP at Go\'s TLS port gets its 400', () => {
    const plain = net({ http: { 'https://10.244.1.5/': { ok: false, error: 'TLS: wrong version number' }, 'http://10.0.0.11:6443/': { ok: true, status: 400, reason: 'Bad Request', protocol: 'HTTP/1.0', headers: [], body: 'Client sent an HTTP request to an HTTPS server.\n' } } });
    expect(runScript('curl -sSk https://10.244.1.5/', { binaries: AGNHOST_BINARIES, net: plain })).toMatchObject({ exitCode: 35, stderr: ['curl: (35) error:0A00010B:SSL routines::wrong version number'] });
    expect(runScript('curl -s http://10.0.0.11:6443/', { binaries: AGNHOST_BINARIES, net: plain })).toMatchObject({ exitCode: 0, stdout: ['Client sent an HTTP request to an HTTPS server.'] });
    expect(runScript('wget -qO- http://10.0.0.11:6443/', { net: plain })).toMatchObject({ exitCode: 1, stderr: ['wget: server returned error: HTTP/1.0 400 Bad Request'] });
  });

  it('curl -v over https is refused with a clear message (the TLS handshake lines are not modelled)', () => {
    const r = runScript('curl -v https://kubernetes/healthz', { binaries: [...AGNHOST_BINARIES, 'dash'], net: apiserver });
    expect(r.exitCode).toBe(2);
    expect(r.stderr[0]).toContain('k8sim does not model -v over https');
  });
});

describe('curl', () => {
  it.each([
    ['curl -s http://nohost/', 6, []],
    ['curl http://nohost/', 6, ['curl: (6) Could not resolve host: nohost']],
    ['curl -sS http://10.1.1.1:8080/', 7, ["curl: (7) Failed to connect to 10.1.1.1 port 8080 after 0 ms: Couldn't connect to server"]],
  ])('%s → exit %i', (cmd, code, err) => {
    const r = runScript(cmd, { binaries: AGNHOST_BINARIES, net: net() });
    expect(r.exitCode).toBe(code);
    expect(r.stderr).toEqual(err);
  });

  // curl 7.88.1: its own timeouts (-m, --connect-timeout) while resolving (asyn-thread.c) or
  // connecting (connect.c), else the resolver's 10 s or the kernel's 127 s SYN retries.
  it.each([
    ['curl -sS -m 2 http://10.1.1.2/', net({ http: { 'http://10.1.1.2/': { ok: false, error: 'Connection timed out' } } }), 28, 'curl: (28) Connection timed out after 2000 milliseconds', 2_000],
    ['curl -sS http://10.1.1.2/', net({ http: { 'http://10.1.1.2/': { ok: false, error: 'Connection timed out' } } }), 28, "curl: (28) Failed to connect to 10.1.1.2 port 80 after 127000 ms: Couldn't connect to server", 127_000],
    ['curl -sS http://web/', net({ dnsDown: true }), 6, 'curl: (6) Could not resolve host: web', 10_000],
    ['curl -sS --connect-timeout 3 http://web/', net({ dnsDown: true }), 28, 'curl: (28) Resolving timed out after 3000 milliseconds', 3_000],
    // Both given: the connection phase ends at whichever comes first (lib/connect.c Curl_timeleft
    // takes the smaller of the connect timeout and what is left of --max-time).
    ['curl -sS -m 10 --connect-timeout 3 http://10.1.1.2/', net({ http: { 'http://10.1.1.2/': { ok: false, error: 'Connection timed out' } } }), 28, 'curl: (28) Connection timed out after 3000 milliseconds', 3_000],
    ['curl -sS --connect-timeout 5 -m 2 http://10.1.1.2/', net({ http: { 'http://10.1.1.2/': { ok: false, error: 'Connection timed out' } } }), 28, 'curl: (28) Connection timed out after 2000 milliseconds', 2_000],
  ])('%s waits out its timeout, then fails with its exit code', (cmd, network, code, message, waitedMs) => {
    const r = runScript(cmd, { binaries: AGNHOST_BINARIES, net: network });
    expect(r.exitCode).toBe(code);
    expect(r.stderr).toEqual([message]);
    expect(r.elapsedMs).toBe(waitedMs);
  });

  // An answer that comes late (ingress-nginx waiting out an upstream's connect timeout): curl waits
  // for it unless -m runs out first (lib/multi.c "Operation timed out after N milliseconds with 0
  // bytes received"); --connect-timeout does not bound it, the connection is made.
  it.each([
    ['curl -sS http://10.1.1.9/', 0, ['late'], [], 5_000],
    ['curl -sS --connect-timeout 2 http://10.1.1.9/', 0, ['late'], [], 5_000],
    ['curl -sS -m 2 http://10.1.1.9/', 28, [], ['curl: (28) Operation timed out after 2000 milliseconds with 0 bytes received'], 2_000],
  ])('%s and an answer 5 s late', (cmd, code, stdout, stderr, waitedMs) => {
    const network = net({ http: { 'http://10.1.1.9/': { ok: true, status: 200, body: 'late\n', delayMs: 5_000 } } });
    const r = runScript(cmd, { binaries: AGNHOST_BINARIES, net: network });
    expect([r.exitCode, r.stdout, r.stderr, r.elapsedMs]).toEqual([code, stdout, stderr, waitedMs]);
  });

  it('-f fails on an HTTP error (22); without it the body is printed and the exit is 0', () => {
    const network = net({ http: { 'http://10.1.1.1/': { ok: true, status: 503, body: 'not ready\n' } } });
    expect(runScript('curl -sf http://10.1.1.1/', { binaries: AGNHOST_BINARIES, net: network }).exitCode).toBe(22);
    const r = runScript('curl -s http://10.1.1.1/; curl -s -o /dev/null -w "%{http_code}\\n" http://10.1.1.1/', { binaries: AGNHOST_BINARIES, net: network });
    expect(r.stdout).toEqual(['not ready', '503']);
  });
});

/**
 * curl 7.88.1 (Debian 12's, in the nginx image) with -H and -v: lib/http.c puts Host first
 * (a -H Host replaces it), then User-Agent and Accept, then the other -H headers;
 * src/tool_cb_dbg.c prefixes `*` for info, `>` for sent headers, `<` for received ones, and one
 * `{ [N bytes data]` when stdout is not a terminal (kubectl exec without -t). Connection
 * messages from lib/connect.c and lib/url.c ("Connected to ... (#0)", "left intact",
 * "Closing connection 0") as 7.88 words them.
 */
describe('curl -H and -v (curl 7.88.1)', () => {
  const DEBIAN = ['sh', 'dash', 'curl', 'echo'];
  const ok: HttpResult = { ok: true, status: 200, body: 'web-1', headers: [['Date', 'Sun, 22 Nov 2026 00:00:43 GMT'], ['Content-Type', 'text/plain; charset=utf-8'], ['Content-Length', '5'], ['Connection', 'keep-alive']] };

  it('sends -H headers; a Host header replaces the URL host', () => {
    const r = runScript("curl -s -H 'Host: web.example.com' -H 'X-Trace: 1' http://ingress/", { binaries: DEBIAN, net: net({ dns: { ingress: '10.96.7.7' }, http: { 'http://ingress/': ok } }) });
    expect(r.c.calls).toEqual(['dns ingress', 'http http://ingress/ {"Host":"web.example.com","X-Trace":"1"}']);
    expect(r.stdout).toEqual(['web-1']);
  });

  it('-v prints the exchange in 7.88.1\'s format', () => {
    const r = runScript("curl -sv -o /dev/null -H 'Host: web.example.com' -H 'X-Trace: 1' http://ingress:8080/a?b=c", { binaries: DEBIAN, net: net({ dns: { ingress: '10.96.7.7' }, http: { 'http://ingress:8080/a?b=c': ok } }) });
    expect(r.stderr).toEqual([
      '*   Trying 10.96.7.7:8080...',
      '* Connected to ingress (10.96.7.7) port 8080 (#0)',
      '> GET /a?b=c HTTP/1.1',
      '> Host: web.example.com',
      '> User-Agent: curl/7.88.1',
      '> Accept: */*',
      '> X-Trace: 1',
      '> ',
      '< HTTP/1.1 200 OK',
      '< Date: Sun, 22 Nov 2026 00:00:43 GMT',
      '< Content-Type: text/plain; charset=utf-8',
      '< Content-Length: 5',
      '< Connection: keep-alive',
      '< ',
      '{ [5 bytes data]',
      '* Connection #0 to host ingress left intact',
    ]);
    expect(r.exitCode).toBe(0);
  });

  it('-v of a refused connection and of an unknown name', () => {
    const refused = runScript('curl -v http://10.1.1.1/', { binaries: DEBIAN, net: net() });
    expect(refused.stderr).toEqual([
      '*   Trying 10.1.1.1:80...',
      '* connect to 10.1.1.1 port 80 failed: Connection refused',
      "* Failed to connect to 10.1.1.1 port 80 after 0 ms: Couldn't connect to server",
      '* Closing connection 0',
      "curl: (7) Failed to connect to 10.1.1.1 port 80 after 0 ms: Couldn't connect to server",
    ]);
    const unknown = runScript('curl -sv http://nohost/', { binaries: DEBIAN, net: net() });
    expect(unknown.stderr).toEqual(['* Could not resolve host: nohost', '* Closing connection 0']);
    expect(unknown.exitCode).toBe(6);
  });

  it("refuses -v where the image's curl version is not recorded, and -I", () => {
    const r = runScript('curl -v http://10.1.1.1/', { binaries: AGNHOST_BINARIES, net: net() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr[0]).toMatch(/does not model -v for this image's curl/);
    expect(runScript('curl -I http://10.1.1.1/', { binaries: DEBIAN, net: net() }).stderr).toEqual(['curl: k8sim does not model -I (HEAD requests) yet']);
  });
});

describe('nslookup', () => {
  const network = net({ dns: { 'myservice.default.svc.cluster.local': '10.96.12.3' } });

  it('busybox 1.28 answers through the libc resolver, with PTR names (the init-container example\'s image)', () => {
    const ok = runScript('nslookup myservice.default.svc.cluster.local', { image: 'busybox:1.28', net: network });
    expect(ok.stdout).toEqual([
      'Server:    10.96.0.10',
      'Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local',
      '',
      'Name:      myservice.default.svc.cluster.local',
      'Address 1: 10.96.12.3 myservice.default.svc.cluster.local',
    ]);
    const bad = runScript('nslookup mydb.default.svc.cluster.local', { image: 'busybox:1.28', net: network });
    expect(bad.stderr).toEqual(["nslookup: can't resolve 'mydb.default.svc.cluster.local'"]);
    expect(bad.exitCode).toBe(1);
  });

  // busybox ≥ 1.29 and bind9 print through the runtime's tool models (cluster/coredns/tools.ts,
  // tested there against busybox's nslookup.c and bind9's dig.c): the program asks for the run
  // and prints what came back, after any time the tool spent waiting on silent servers.
  const tools = (result: { stdout: string; stderr: string; exitCode: number; waitedMs: number }) => {
    const seen: string[] = [];
    return { seen, net: { dnsTool: (tool: string, argv: string[]) => (seen.push(`${tool} ${argv.join(' ')}`), result) } };
  };

  it('busybox 1.29 and later run busybox’s own nslookup against the pod resolver', () => {
    const t = tools({ stdout: 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n', stderr: '', exitCode: 1, waitedMs: 0 });
    const r = runScript('nslookup nope', { image: 'busybox:1.36', net: t.net as never });
    expect(t.seen).toEqual(['busybox-nslookup nope']);
    expect(r.stdout).toEqual(['Server:\t\t10.96.0.10', 'Address:\t10.96.0.10:53', '']);
    expect(r.exitCode).toBe(1);
  });

  it("bind's nslookup and dig (agnhost has bind-tools) run the bind9 tools; a timeout takes its time", () => {
    const t = tools({ stdout: ';; connection timed out; no servers could be reached\n', stderr: '', exitCode: 1, waitedMs: 15_000 });
    const c = startContainer(['sh', '-c', 'dig web; echo done'], { binaries: AGNHOST_BINARIES, net: t.net as never });
    expect(t.seen).toEqual(['dig web']);
    expect(c.logs.map((l) => l.text)).toEqual([]);
    advance(c, 15_000);
    expect(c.logs.map((l) => l.text)).toEqual([';; connection timed out; no servers could be reached', 'done']);
    const n = tools({ stdout: 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n', stderr: '', exitCode: 0, waitedMs: 0 });
    runScript('nslookup myservice', { binaries: AGNHOST_BINARIES, net: n.net as never });
    expect(n.seen).toEqual(['bind-nslookup myservice']);
  });
});
