/**
 * Network utilities: wget, curl, nslookup. Each resolves the host name with a `dns` syscall (so
 * messages can name the address, as the tools do), then makes the request with an `http` one.
 *   busybox wget (networking/wget.c): `can't connect to remote host (IP): Connection refused`,
 *     `server returned error: HTTP/1.1 500 Internal Server Error`, `bad address 'NAME'`
 *   curl: `curl: (6) Could not resolve host: NAME`, `curl: (7) Failed to connect to NAME port 80
 *     after 0 ms: Couldn't connect to server`, `curl: (22) The requested URL returned error: 500`;
 *     `-H` headers are sent (a `Host:` one replaces the URL's), `-v` prints curl 7.88.1's trace
 *   nslookup: busybox <= 1.28 (the libc resolver; `Address 1: IP NAME`), busybox >= 1.29 (its own
 *     resolver), and bind's (the agnhost image has bind-tools).
 */
import type { DnsResult, DnsTool, DnsToolResult, HttpResult } from '../types.ts';
import { resolvePath } from './fsutil.ts';
import type { UtilState } from './state.ts';
import { done, networkResult, type UtilCtx, type UtilOutcome, type Utility } from './util.ts';

/** The runtime's error for a TLS client that met a plain-HTTP server (simulation/podnet.ts). */
export const TLS_WRONG_VERSION = 'TLS: wrong version number';

export const REASON_PHRASES: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified', 307: 'Temporary Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 408: 'Request Timeout', 412: 'Precondition Failed',
  417: 'Expectation Failed', 429: 'Too Many Requests', 500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** busybox wget's -T default and curl's connect timeout default, in ms. */
export const WGET_DEFAULT_TIMEOUT_MS = 900_000;
export const CURL_DEFAULT_CONNECT_TIMEOUT_MS = 300_000;

/**
 * How long the libc resolver waits on a nameserver that never answers before getaddrinfo gives
 * up: resolv.conf(5) defaults `timeout:5` and `attempts:2`, one nameserver (the pod's kube-dns
 * address), so two 5 s tries (glibc resolv/res_send.c). glibc then stops the search list
 * (a timeout is not NXDOMAIN), so the whole lookup fails after 10 s.
 */
export const RESOLVER_TIMEOUT_MS = 10_000;

/**
 * How long the kernel keeps retrying a SYN nobody answers before connect() fails with
 * ETIMEDOUT: Linux ip-sysctl.rst, `tcp_syn_retries` default 6, "the final timeout for an active
 * TCP connection attempt will happen after 127seconds" (the nodes run Debian 12's 6.1 kernel).
 */
export const TCP_SYN_TIMEOUT_MS = 127_000;

/** A failure the tool reports only after its wait: the time passes first (a `sleep` block), then this is printed. */
interface TimedFailure {
  /** `response`: connected and asked, but the answer takes longer than the tool waits (see fetchStep). */
  phase: 'dns' | 'connect' | 'response';
  waitedMs: number;
  /** The tool's own timeout fired first (else the resolver's or the kernel's did). */
  ownTimeout: boolean;
}

/** The resolver gave up because no nameserver answered (not NXDOMAIN: that comes back at once). */
function dnsTimedOut(r: DnsResult): boolean {
  return !r.ok && classifyError(r.error) === 'timeout';
}

/** Wait `f.waitedMs` of virtual time, then run the tool's `cont` again to print `f`. */
function waitThenFail(st: UtilState, f: TimedFailure): UtilOutcome {
  st['timedFailure'] = f as unknown as UtilState[string];
  return { block: { kind: 'sleep', ms: f.waitedMs }, state: st };
}

/** The failure waited for, once its time has passed (taken: it is reported once). */
function takeTimedFailure(st: UtilState): TimedFailure | null {
  const f = st['timedFailure'] as unknown as TimedFailure | undefined;
  if (!f) return null;
  delete st['timedFailure'];
  return f;
}

export interface Url {
  url: string;
  host: string;
  port: number;
  path: string;
}

export function parseUrl(text: string): Url | null {
  const m = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d+))?([^#]*)/.exec(text);
  if (!m || !m[2]) return null;
  const scheme = m[1] ?? 'http';
  const port = m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80;
  const path = m[4] || '/';
  return { url: `${scheme}://${m[2]}${m[3] ? `:${m[3]}` : ''}${path}`, host: m[2], port, path };
}

const isIp = (h: string) => /^\d+\.\d+\.\d+\.\d+$/.test(h);

type ErrorKind = 'refused' | 'timeout' | 'unreachable' | 'resolve' | 'other';

/** The runtime's error text, sorted into what the tools distinguish. */
export function classifyError(error: string): ErrorKind {
  if (/refused|reset/i.test(error)) return 'refused';
  if (/time(d)? ?out|deadline/i.test(error)) return 'timeout';
  if (/no route|unreachable/i.test(error)) return 'unreachable';
  if (/no such host|nxdomain|resolve|bad address/i.test(error)) return 'resolve';
  return 'other';
}

/** The two steps every HTTP client here takes: resolve (unless an IP), then GET. */
function fetchStep(st: UtilState): { block: UtilOutcome } | { dns: DnsResult } | { http: HttpResult } {
  const delayed = st['delayedAnswer'] as unknown as HttpResult | undefined;
  if (delayed) {
    // The answer that came late (a proxy waiting out its upstreams), now that its time has passed.
    delete st['delayedAnswer'];
    return { http: delayed };
  }
  const result = networkResult(st);
  delete st['result'];
  if (st['phase'] === 'dns') {
    if (!result) return { block: { block: { kind: 'dns', name: st['host'] as string }, state: st } };
    return { dns: result as DnsResult };
  }
  if (!result) return { block: { block: { kind: 'http', url: st['url'] as string, timeoutMs: st['timeoutMs'] as number, ...(typeof st['ip'] === 'string' && st['ip'] !== st['host'] ? { ip: st['ip'] } : {}), ...(st['headers'] ? { headers: st['headers'] as Record<string, string> } : {}) }, state: st } };
  const r = result as HttpResult;
  if (r.ok && r.delayMs !== undefined && r.delayMs > 0) {
    // Connected; the answer takes delayMs. A tool whose own limit on the whole transfer is
    // shorter gives up first (curl -m, busybox wget -T).
    const limitMs = (st['responseTimeoutMs'] as number | undefined) ?? Infinity;
    if (limitMs < r.delayMs) return { block: waitThenFail(st, { phase: 'response', waitedMs: limitMs, ownTimeout: true }) };
    st['delayedAnswer'] = r as unknown as UtilState[string];
    return { block: { block: { kind: 'sleep', ms: r.delayMs }, state: st } };
  }
  return { http: r };
}

function startFetch(u: UtilCtx, st: UtilState, tool: Utility): UtilOutcome {
  const host = st['host'] as string;
  // localhost comes from /etc/hosts, not DNS: the loopback address, in the caller's own network namespace.
  st['phase'] = isIp(host) || host === 'localhost' ? 'http' : 'dns';
  if (st['phase'] === 'http') st['ip'] = host === 'localhost' ? '127.0.0.1' : host;
  return tool.cont!(u, st);
}

// ---------------------------------------------------------------------------------------------

const wget: Utility = {
  start(u, args) {
    let quiet = false;
    let output: string | null = null;
    let spider = false;
    let timeoutMs = WGET_DEFAULT_TIMEOUT_MS;
    let urlText: string | null = null;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--spider') spider = true;
      else if (a === '-q' || a === '--quiet') quiet = true;
      else if (a.startsWith('--timeout=')) timeoutMs = Number(a.slice(10)) * 1000;
      else if (a.startsWith('--output-document=')) output = a.slice(18);
      else if (/^-[qST]*O/.test(a) || /^-[qS]*T/.test(a)) {
        // Combined short options: -qO-, -qO file, -T 5.
        for (let j = 1; j < a.length; j++) {
          const c = a[j]!;
          if (c === 'q') quiet = true;
          else if (c === 'O' || c === 'T') {
            const v = j + 1 < a.length ? a.slice(j + 1) : args[++i] ?? '';
            if (c === 'O') output = v;
            else timeoutMs = Number(v) * 1000;
            break;
          }
        }
      } else if (a.startsWith('-')) continue;
      else urlText = a;
    }
    const url = urlText === null ? null : parseUrl(urlText);
    if (!url) {
      u.err(u.sh.flavor === 'gnu' ? 'wget: missing URL\n' : 'Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR] [--post-data STR | --post-file FILE] [-Y on/off] [-P DIR] [-U AGENT] [-T SEC] URL...\n');
      return done(1);
    }
    if (url.url.startsWith('https') && u.sh.flavor === 'gnu') {
      u.err(`wget: k8sim does not model GNU wget's TLS (https) yet\n`);
      return done(1);
    }
    return startFetch(u, { u: 'wget', ...url, quiet, output, spider, timeoutMs, responseTimeoutMs: timeoutMs }, wget);
  },
  cont(u, st) {
    const gnu = u.sh.flavor === 'gnu';
    const host = st['host'] as string;
    const waited = takeTimedFailure(st);
    if (waited) {
      // busybox wget: the lookup (xhost2sockaddr) runs before its -T alarm is set, so a dead
      // resolver always costs the resolver's 10 s; connect() runs under the alarm.
      if (gnu) return done(4);
      if (waited.phase === 'dns') u.err(`wget: bad address '${host}'\n`);
      else if (waited.ownTimeout) u.err('wget: download timed out\n');
      else u.err(`wget: can't connect to remote host (${st['ip'] as string}): Connection timed out\n`);
      return done(1);
    }
    const step = fetchStep(st);
    if ('block' in step) return step.block;
    if ('dns' in step) {
      if (dnsTimedOut(step.dns)) return waitThenFail(st, { phase: 'dns', waitedMs: RESOLVER_TIMEOUT_MS, ownTimeout: false });
      if (!step.dns.ok) {
        u.err(gnu ? `wget: unable to resolve host address '${host}'\n` : `wget: bad address '${host}'\n`);
        return done(gnu ? 4 : 1);
      }
      st['ip'] = step.dns.addresses[0] ?? host;
      st['phase'] = 'http';
      return wget.cont!(u, st);
    }
    const r = step.http;
    const ip = st['ip'] as string;
    if (!st['quiet'] && !gnu) u.err(`Connecting to ${host} (${ip}:${st['port']})\n`);
    if (r.ok && r.tls) {
      // busybox's own TLS client checks no certificate and says so once per run, -q or not
      // (networking/wget.c spawn_ssl_client).
      u.err('wget: note: TLS certificate validation not implemented\n');
    }
    if (!r.ok && r.error === TLS_WRONG_VERSION) {
      u.err("wget: k8sim does not model busybox's TLS error for a server that speaks plain HTTP\n");
      return done(1);
    }
    if (!r.ok) {
      const kind = classifyError(r.error);
      if (kind === 'timeout') {
        const timeoutMs = st['timeoutMs'] as number;
        return waitThenFail(st, { phase: 'connect', waitedMs: Math.min(timeoutMs, TCP_SYN_TIMEOUT_MS), ownTimeout: timeoutMs <= TCP_SYN_TIMEOUT_MS });
      }
      if (gnu) return done(4);
      if (kind === 'refused') u.err(`wget: can't connect to remote host (${ip}): Connection refused\n`);
      else if (kind === 'unreachable') u.err(`wget: can't connect to remote host (${ip}): No route to host\n`);
      else if (kind === 'resolve') u.err(`wget: bad address '${host}'\n`);
      else u.err(`wget: ${r.error}\n`);
      return done(1);
    }
    if (r.status >= 400) {
      if (gnu) {
        if (!st['quiet']) u.err(`ERROR ${r.status}: ${REASON_PHRASES[r.status] ?? ''}.\n`);
        return done(8);
      }
      u.err(`wget: server returned error: ${r.protocol ?? 'HTTP/1.1'} ${r.status} ${r.reason ?? REASON_PHRASES[r.status] ?? ''}\n`);
      return done(1);
    }
    if (st['spider']) {
      if (!st['quiet'] && !gnu) u.err('remote file exists\n');
      return done(0);
    }
    const output = (st['output'] as string | null) ?? ((st['path'] as string).replace(/\?.*$/, '').split('/').pop() || 'index.html');
    if (output === '-') {
      if (!st['quiet'] && !gnu) u.err('writing to stdout\n');
      u.out(r.body);
      if (!st['quiet'] && !gnu) u.err(`-                    100% |********************************| ${String(r.body.length).padStart(5)}  0:00:00 ETA\nwritten to stdout\n`);
      return done(0);
    }
    if (!st['quiet'] && !gnu) u.err(`saving to '${output}'\n`);
    u.ctx.fs.files[resolvePath(output, u.th.cwd)] = r.body;
    if (!st['quiet'] && !gnu) u.err(`${output.padEnd(20).slice(0, 20)} 100% |********************************| ${String(r.body.length).padStart(5)}  0:00:00 ETA\n'${output}' saved\n`);
    return done(0);
  },
};

// ---------------------------------------------------------------------------------------------

/**
 * The curl an image ships: Debian 12 (bookworm) images (nginx, perl, python) have 7.88.1. The
 * alpine-based images' curl version is not recorded here, so their `-v` is refused rather than
 * printed in the wrong version's format.
 */
export function curlVersion(binaries: readonly string[]): string | null {
  return binaries.includes('dash') ? '7.88.1' : null;
}

/** `-H 'Name: value'`: the header name and value (curl trims the space after the colon). */
export function parseHeader(text: string): [string, string] | null {
  const colon = text.indexOf(':');
  if (colon <= 0) return null;
  return [text.slice(0, colon).trim(), text.slice(colon + 1).trim()];
}

const curl: Utility = {
  start(u, args) {
    const o: Record<string, string | boolean> = {};
    const headers: [string, string][] = [];
    let urlText: string | null = null;
    const longs: Record<string, string> = { '--silent': 's', '--show-error': 'S', '--fail': 'f', '--output': 'o', '--max-time': 'm', '--location': 'L', '--insecure': 'k', '--write-out': 'w', '--header': 'H', '--request': 'X', '--connect-timeout': 'C', '--verbose': 'v', '--head': 'I' };
    const withValue = 'omwHXC';
    const set = (c: string, v: string | boolean) => {
      if (c === 'H' && typeof v === 'string') {
        const h = parseHeader(v);
        if (h) headers.push(h);
      } else o[c] = v;
    };
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a.startsWith('--')) {
        const [name, inline] = a.split('=', 2) as [string, string | undefined];
        const short = longs[name];
        if (!short) {
          u.err(`curl: k8sim does not model the option ${name} yet\n`);
          return done(2);
        }
        set(short, withValue.includes(short) ? (inline ?? args[++i] ?? '') : true);
      } else if (a.startsWith('-') && a.length > 1) {
        for (let j = 1; j < a.length; j++) {
          const c = a[j]!;
          if (withValue.includes(c)) {
            set(c, j + 1 < a.length ? a.slice(j + 1) : args[++i] ?? '');
            break;
          }
          if (!'sSfLkvI'.includes(c)) {
            u.err(`curl: k8sim does not model the option -${c} yet\n`);
            return done(2);
          }
          o[c] = true;
        }
      } else urlText = a;
    }
    if (o['I']) {
      u.err('curl: k8sim does not model -I (HEAD requests) yet\n');
      return done(2);
    }
    const version = curlVersion(u.sh.binaries);
    if (o['v'] && !version) {
      u.err("curl: k8sim does not model -v for this image's curl yet (its version is not recorded; Debian-based images such as nginx have curl 7.88.1)\n");
      return done(2);
    }
    const url = urlText === null ? null : parseUrl(urlText);
    if (!url) {
      u.err("curl: try 'curl --help' or 'curl --manual' for more information\n");
      return done(2);
    }
    if (o['v'] && url.url.startsWith('https')) {
      u.err('curl: k8sim does not model -v over https yet (the TLS handshake lines); the same request without -v works\n');
      return done(2);
    }
    // The connection phase (resolve and connect) ends at --connect-timeout (300 s unless given) or
    // at --max-time, whichever comes first (lib/connect.c Curl_timeleft).
    const maxTimeMs = typeof o['m'] === 'string' ? Number(o['m']) * 1000 : Infinity;
    const connectTimeoutMs = typeof o['C'] === 'string' ? Number(o['C']) * 1000 : CURL_DEFAULT_CONNECT_TIMEOUT_MS;
    const timeoutMs = Math.min(maxTimeMs, connectTimeoutMs);
    const sent = Object.fromEntries(headers);
    return startFetch(u, { u: 'curl', ...url, opts: o, timeoutMs, ...(Number.isFinite(maxTimeMs) ? { responseTimeoutMs: maxTimeMs } : {}), version: version ?? '', ...(headers.length > 0 ? { headers: sent, headerList: headers } : {}) }, curl);
  },
  cont(u, st) {
    const waited = takeTimedFailure(st);
    const step = waited ? null : fetchStep(st);
    if (step && 'block' in step) return step.block;
    const o = st['opts'] as Record<string, string | boolean>;
    const verbose = !!o['v'];
    const showErrors = !o['s'] || !!o['S'];
    const host = st['host'] as string;
    const port = st['port'] as number;
    const v = (line: string) => {
      if (verbose) u.err(`${line}\n`);
    };
    const fail = (code: number, text: string, trace: string[] = []): UtilOutcome => {
      for (const line of trace) v(line);
      v('* Closing connection 0');
      if (showErrors) u.err(`curl: (${code}) ${text}\n`);
      writeOut(u, o, 0);
      return done(code);
    };
    const timeoutMs = st['timeoutMs'] as number;
    if (waited) {
      // curl 7.88.1: its own timeout while resolving (lib/asyn-thread.c) or connecting
      // (lib/connect.c), or the kernel's ETIMEDOUT after the SYN retries (connect.c's
      // "Failed to connect ... after N ms" with CURLE_OPERATION_TIMEDOUT for ETIMEDOUT).
      if (waited.phase === 'dns' && waited.ownTimeout) return fail(28, `Resolving timed out after ${waited.waitedMs} milliseconds`, [`* Resolving timed out after ${waited.waitedMs} milliseconds`]);
      if (waited.phase === 'dns') return fail(6, `Could not resolve host: ${host}`, [`* Could not resolve host: ${host}`]);
      // lib/multi.c: -m ran out while waiting for the answer.
      if (waited.phase === 'response') return fail(28, `Operation timed out after ${waited.waitedMs} milliseconds with 0 bytes received`, [`* Operation timed out after ${waited.waitedMs} milliseconds with 0 bytes received`]);
      const trying = `*   Trying ${st['ip'] as string}:${port}...`;
      if (waited.ownTimeout) return fail(28, `Connection timed out after ${waited.waitedMs} milliseconds`, [trying, `* Connection timed out after ${waited.waitedMs} milliseconds`]);
      const msg = `Failed to connect to ${host} port ${port} after ${waited.waitedMs} ms: Couldn't connect to server`;
      return fail(28, msg, [trying, `* connect to ${st['ip'] as string} port ${port} failed: Connection timed out`, `* ${msg}`]);
    }
    if (!step) return done(1);
    if ('dns' in step) {
      if (dnsTimedOut(step.dns)) return waitThenFail(st, { phase: 'dns', waitedMs: Math.min(timeoutMs, RESOLVER_TIMEOUT_MS), ownTimeout: timeoutMs < RESOLVER_TIMEOUT_MS });
      if (!step.dns.ok) return fail(6, `Could not resolve host: ${host}`, [`* Could not resolve host: ${host}`]);
      st['ip'] = step.dns.addresses[0] ?? host;
      st['phase'] = 'http';
      return curl.cont!(u, st);
    }
    const ip = st['ip'] as string;
    const r = step.http;
    const trying = `*   Trying ${ip}:${port}...`;
    if (!r.ok && r.error === TLS_WRONG_VERSION) return fail(35, 'error:0A00010B:SSL routines::wrong version number');
    if (!r.ok) {
      const kind = classifyError(r.error);
      if (kind === 'timeout') return waitThenFail(st, { phase: 'connect', waitedMs: Math.min(timeoutMs, TCP_SYN_TIMEOUT_MS), ownTimeout: timeoutMs < TCP_SYN_TIMEOUT_MS });
      if (kind === 'resolve') return fail(6, `Could not resolve host: ${host}`, [`* Could not resolve host: ${host}`]);
      const msg = `Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server`;
      return fail(7, msg, [trying, `* connect to ${ip} port ${port} failed: Connection refused`, `* ${msg}`]);
    }
    if (r.tls && !o['k']) {
      // The server's chain ends at the cluster's CA (or ingress-nginx's self-signed fake
      // certificate), which is not in the image's trust store: OpenSSL's verify error, then
      // curl's advice (lib/strerror.c, src/tool_operate.c CURLE_PEER_FAILED_VERIFICATION).
      return fail(60, `SSL certificate problem: ${r.tls.verifyError}\nMore details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\nhow to fix it, please visit the web page mentioned above.`);
    }
    if (verbose) printExchange(u, st, r, ip, port);
    if (o['f'] && r.status >= 400) {
      // curl -f fails once the headers are in: the body is not read, the connection is closed.
      if (verbose) u.err(`* The requested URL returned error: ${r.status}\n* Closing connection 0\n`);
      if (showErrors) u.err(`curl: (22) The requested URL returned error: ${r.status}\n`);
      writeOut(u, o, r.status);
      return done(22);
    }
    if (typeof o['o'] === 'string' && o['o'] !== '-') u.ctx.fs.files[resolvePath(o['o'], u.th.cwd)] = r.body;
    else u.out(r.body);
    v(`* Connection #0 to host ${host} left intact`);
    writeOut(u, o, r.status);
    return done(0);
  },
};

/**
 * curl 7.88.1's -v trace of one HTTP/1.1 exchange (lib/http.c request headers: Host first, then
 * User-Agent and Accept, then the -H headers in order; src/tool_cb_dbg.c prefixes `*`, `>`, `<`,
 * and, as stdout is not a terminal under `kubectl exec`, one `{ [N bytes data]` line).
 */
function printExchange(u: UtilCtx, st: UtilState, r: Extract<HttpResult, { ok: true }>, ip: string, port: number): void {
  const host = st['host'] as string;
  const list = (st['headerList'] as [string, string][] | undefined) ?? [];
  const custom = (name: string) => list.find(([k]) => k.toLowerCase() === name.toLowerCase());
  // A -H header that replaces one of curl's is sent as the user wrote it (name case included).
  const line = (name: string, fallback: string) => {
    const h = custom(name);
    return h ? `> ${h[0]}: ${h[1]}` : `> ${name}: ${fallback}`;
  };
  const lines = [`*   Trying ${ip}:${port}...`, `* Connected to ${host} (${ip}) port ${port} (#0)`, `> GET ${st['path']} HTTP/1.1`, line('Host', port === 80 ? host : `${host}:${port}`)];
  lines.push(line('User-Agent', `curl/${st['version']}`), line('Accept', '*/*'));
  for (const [k, val] of list) if (!['host', 'user-agent', 'accept'].includes(k.toLowerCase())) lines.push(`> ${k}: ${val}`);
  lines.push('> ', `< ${r.protocol ?? 'HTTP/1.1'} ${r.status} ${r.reason ?? REASON_PHRASES[r.status] ?? ''}`);
  for (const [k, val] of r.headers ?? [['Content-Length', String(r.body.length)]]) lines.push(`< ${k}: ${val}`);
  lines.push('< ');
  if (r.body.length > 0) lines.push(`{ [${r.body.length} bytes data]`);
  u.err(`${lines.join('\n')}\n`);
}

/** `-w '%{http_code}'`, the one write-out variable scripts use. */
function writeOut(u: UtilCtx, o: Record<string, string | boolean>, status: number): void {
  if (typeof o['w'] !== 'string') return;
  u.out(o['w'].replace(/%\{http_code\}/g, String(status).padStart(3, '0')).replace(/\\n/g, '\n'));
}

// ---------------------------------------------------------------------------------------------

/** busybox before 1.29 printed nslookup's answers through the libc resolver, with PTR names. */
export function busyboxBefore129(image: string): boolean {
  const m = /busybox:(\d+)\.(\d+)/.exec(image);
  return !!m && (Number(m[1]) < 1 || (Number(m[1]) === 1 && Number(m[2]) < 29));
}

/**
 * A DNS tool's whole run (nslookup of busybox ≥ 1.29 or bind9, dig): the runtime runs it against
 * the pod's resolver (cluster/coredns/tools.ts prints exactly what the real tool prints); if the
 * tool waited on servers that never answered, that time passes before the output appears.
 */
function dnsToolUtility(name: string, tool: (u: UtilCtx) => DnsTool): Utility {
  const self: Utility = {
    start(u, args) {
      return self.cont!(u, { u: name, argv: args, tool: tool(u) });
    },
    cont(u, st) {
      const result = networkResult(st) as DnsToolResult | undefined;
      if (!result) return { block: { kind: 'dnstool', tool: st['tool'] as DnsTool, argv: st['argv'] as string[] }, state: st };
      if (result.waitedMs > 0 && !st['waited']) {
        st['waited'] = true;
        return { block: { kind: 'sleep', ms: result.waitedMs }, state: st };
      }
      delete st['result'];
      if (result.stdout) u.out(result.stdout);
      if (result.stderr) u.err(result.stderr);
      return done(result.exitCode);
    },
  };
  return self;
}

const newNslookup = dnsToolUtility('nslookup', (u) => (u.sh.binaries.includes('dig') ? 'bind-nslookup' : 'busybox-nslookup'));
const dig = dnsToolUtility('dig', () => 'dig');

const nslookup: Utility = {
  start(u, args) {
    // busybox ≥ 1.29 and bind9 print what their real tools print (the pod's resolver, CoreDNS).
    if (u.sh.binaries.includes('dig') || !busyboxBefore129(u.sh.image)) return newNslookup.start(u, args);
    const name = args.find((a) => !a.startsWith('-'));
    if (!name) {
      u.err('Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n');
      return done(1);
    }
    return nslookup.cont!(u, { u: 'nslookup', name });
  },
  cont(u, st) {
    if ('argv' in st) return newNslookup.cont!(u, st);
    const result = networkResult(st) as DnsResult | undefined;
    const name = st['name'] as string;
    if (!result) return { block: { kind: 'dns', name }, state: st };
    delete st['result'];
    const style = u.sh.binaries.includes('dig') ? 'bind' : busyboxBefore129(u.sh.image) ? 'old' : 'new';
    const timeout = !result.ok && classifyError(result.error) === 'timeout';
    if (style === 'old') {
      u.out(`Server:    ${result.server}\nAddress 1: ${result.server}${result.serverName ? ` ${result.serverName}` : ''}\n\n`);
      if (!result.ok) {
        u.err(`nslookup: can't resolve '${name}'\n`);
        return done(1);
      }
      u.out(`Name:      ${name}\n${result.addresses.map((a, i) => `Address ${i + 1}: ${a} ${result.name}\n`).join('')}`);
      return done(0);
    }
    if (timeout) {
      u.out(';; connection timed out; no servers could be reached\n\n');
      return done(1);
    }
    u.out(`Server:\t\t${result.server}\nAddress:\t${result.server}${style === 'bind' ? '#' : ':'}53\n\n`);
    if (!result.ok) {
      const rcode = /SERVFAIL/i.test(result.error) ? 'SERVFAIL' : 'NXDOMAIN';
      // busybox asks for A and AAAA and reports each; bind's reports once.
      u.out(style === 'bind' ? `** server can't find ${name}: ${rcode}\n\n` : `** server can't find ${name}: ${rcode}\n\n** server can't find ${name}: ${rcode}\n\n`);
      return done(1);
    }
    u.out(`${result.addresses.map((a) => `Name:\t${result.name}\nAddress: ${a}\n`).join('')}\n`);
    return done(0);
  },
};

export const NET_UTILITIES: Record<string, Utility> = { wget, curl, nslookup, dig };
