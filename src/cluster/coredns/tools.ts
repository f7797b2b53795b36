/**
 * The DNS tools learners run inside pods, printing what the real ones print:
 * - busybox 1.36 `nslookup` (mirror/busybox tag 1_36_1 networking/nslookup.c, the
 *   FEATURE_NSLOOKUP_BIG applet that `make defconfig` builds and the busybox image ships);
 * - bind9 9.18 `nslookup` (isc-projects/bind9 v9.18.28 bin/dig/nslookup.c + dighost.c), as in
 *   Debian's dnsutils (agnhost, debian/ubuntu images);
 * - bind9 9.18 `dig` (bin/dig/dig.c + dighost.c, lib/dns/message.c `dns_message_sectiontotext`,
 *   `dns_message_pseudosectiontotext`, lib/dns/masterdump.c `rdataset_totext`, `indent`).
 *
 * The network is the caller's. A tool calls `exchange(server, name, type)` once for each datagram
 * it would send. The callback returns the reply, or 'timeout' when none comes within the tool's
 * wait. Values that are random or wall-clock in the real tools are parameters: message ids, the
 * dig cookie, query time and WHEN. The reply order is the order queries were sent, unless the
 * caller says otherwise.
 */
import { utcFields } from '../../kernel/index.ts';
import { fqdn, scrub, wireLength, type DnsMessage, type Edns, type QType, type RR } from './message.ts';
import { isIPv4, reverseName, type DnsQuery, type DnsResponse } from './records.ts';
import { parseResolvConf, searchCandidates } from './resolver.ts';

export interface ToolOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** Virtual time the tool spent waiting on timeouts, so the caller can advance its clock. */
  waitedMs: number;
}

/** One query sent to a server; the reply, or 'timeout'. */
export type Exchange = (server: string, query: DnsQuery, opts: { edns?: Edns; id: number }) => DnsMessage | 'timeout';

/**
 * The message a client receives for `res`. The server echoes the id and RD. It sets QR, AA/RA as
 * the plugin decided, and attaches the client's OPT (request.SizeAndDo). Then it scrubs to the
 * client's buffer (message.ts `scrub`). Returns the message and its size on the wire.
 */
export function replyMessage(q: DnsQuery, res: DnsResponse, req: { id: number; rd?: boolean; edns?: Edns }): { msg: DnsMessage; size: number } {
  const msg: DnsMessage = {
    id: req.id,
    opcode: 'QUERY',
    rcode: res.rcode,
    flags: { qr: true, aa: res.authoritative, tc: false, rd: req.rd ?? true, ra: res.recursionAvailable, ad: false, cd: false },
    question: { name: fqdn(q.name), type: q.type, class: 'IN' },
    answer: res.answers,
    authority: res.authority,
    additional: res.additional,
    ...(req.edns ? { edns: { ...req.edns } } : {}),
  };
  const s = scrub(msg);
  const size = wireLength(s.msg, s.compressed);
  return { msg: { ...s.msg, size }, size };
}

/** Owner or rdata name as libresolv/dns_name_format print it: no final dot (the root stays "."). */
function bare(name: string): string {
  return name === '.' ? '.' : name.replace(/\.$/, '');
}

// ---------------------------------------------------------------------------------------------
// busybox 1.36 nslookup.

/** busybox nslookup.c `qtypes[]`, in its order (which is the order queries are added). */
const BUSYBOX_QTYPES: QType[] = ['SOA', 'NS', 'A', 'AAAA', 'CNAME', 'MX', 'TXT', 'SRV', 'PTR', 'ANY'];

/** `bb_show_usage()` for nslookup. The build line of the image is not modelled (no date). */
export const BUSYBOX_NSLOOKUP_USAGE =
  'BusyBox v1.36.1 multi-call binary.\n\n' +
  'Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\n' +
  'Query DNS about HOST\n\n' +
  'QUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n';

/** busybox `G.default_timeout` 5 s and `default_retry` 2 (a resend every 2.5 s). */
export const BUSYBOX_NSLOOKUP_TIMEOUT_MS = 5000;

/**
 * The search string busybox reads (`parse_resolvconf`): the rest of the last `search` line, or a
 * `domain` line if no `search` line came before it, or the domain part of the hostname.
 * `domain .` means none.
 */
function busyboxSearch(resolvConfText: string, hostname: string): string[] {
  let search: string | null = null;
  let haveSearch = false;
  for (const line of resolvConfText.split('\n')) {
    const m = /^[ \t]*(\S+)[ \t]+(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === 'domain' && !haveSearch) search = m[2]!;
    if (m[1] === 'search') {
      haveSearch = true;
      search = m[2]!;
    }
  }
  if (search === null) {
    const i = hostname.indexOf('.');
    if (i !== -1) search = hostname.slice(i + 1);
  }
  if (search === null || search.trim() === '.') return [];
  return search.split(/\s+/).filter((s) => s !== '');
}

/**
 * The queries busybox 1.36 nslookup sends, in order (`add_query_with_search`). It does not use
 * ndots. A name **without any dot** is tried under every search domain and never alone. A name
 * with a dot is sent as it is. So `web.default` is not searched and fails in a pod, while `web`
 * is. PTR queries are never searched. With no -type, an IP address becomes a PTR query, and
 * anything else an A query and then an AAAA query per name.
 */
export function busyboxNslookupQueries(name: string, types: QType[], resolvConfText: string, hostname = ''): DnsQuery[] {
  const search = busyboxSearch(resolvConfText, hostname);
  const withSearch = (type: QType): DnsQuery[] => {
    if (type === 'PTR' || search.length === 0 || name.includes('.')) return [{ name, type }];
    return search.map((s) => ({ name: `${name}.${s}`, type }));
  };
  if (types.length === 0) {
    if (isIPv4(name)) return [{ name: bare(reverseName(name)), type: 'PTR' }];
    return [...withSearch('A'), ...withSearch('AAAA')];
  }
  return BUSYBOX_QTYPES.filter((t) => types.includes(t)).flatMap(withSearch);
}

/** busybox `parse_reply`: only the answer section is printed. */
function busyboxParseReply(msg: DnsMessage): string {
  let out = msg.flags.aa ? '' : 'Non-authoritative answer:\n';
  for (const r of msg.answer) {
    const name = bare(r.name);
    const f = r.data.split(' ');
    switch (r.type) {
      case 'A':
      case 'AAAA':
        out += `Name:\t${name}\nAddress: ${r.data}\n`;
        break;
      case 'NS':
        out += `${name}\tnameserver = ${bare(r.data)}\n`;
        break;
      case 'CNAME':
        out += `${name}\tcanonical name = ${bare(r.data)}\n`;
        break;
      case 'PTR':
        out += `${name}\tname = ${bare(r.data)}\n`;
        break;
      case 'MX':
        out += `${name}\tmail exchanger = ${f[0]} ${bare(f[1] ?? '.')}\n`;
        break;
      case 'TXT': {
        // Only the first character-string, and only when it is not empty.
        const first = /^"((?:\\.|[^"\\])*)"/.exec(r.data)?.[1]?.replace(/\\(.)/g, '$1') ?? '';
        if (first.length > 0) out += `${name}\ttext = "${first}"\n`;
        break;
      }
      case 'SRV':
        out += `${name}\tservice = ${f[0]} ${f[1]} ${f[2]} ${bare(f[3] ?? '.')}\n`;
        break;
      case 'SOA':
        out += `${name}\n\torigin = ${bare(f[0]!)}\n\tmail addr = ${bare(f[1]!)}\n\tserial = ${f[2]}\n\trefresh = ${f[3]}\n\tretry = ${f[4]}\n\texpire = ${f[5]}\n\tminimum = ${f[6]}\n`;
        break;
    }
  }
  return out;
}

/**
 * `nslookup [-type=T] [-debug] NAME [SERVER]` from busybox 1.36.
 * - All queries go out at once. Each reply is printed as it arrives: the `Server:`/`Address:`
 *   header before the first one, then the records, or `** server can't find NAME: RCODE`
 *   for a non-zero rcode, each followed by an empty line. An empty NOERROR reply (NODATA) prints
 *   just that empty line.
 * - A SERVFAIL reply is resent at once, up to 2 × (number of queries) times in all.
 * - The exit status is 1 if any reply had a non-zero rcode. Queries that got no reply are listed
 *   as `*** Can't find NAME: No answer` and do not change the status. If no reply comes at all
 *   within 5 s, it prints `;; connection timed out; no servers could be reached` and exits 1.
 * `arrival` optionally reorders the first replies (indexes into the query list).
 */
export function busyboxNslookup(
  argv: string[],
  env: { resolvConf: string; exchange: Exchange; hostname?: string; ids?: number[]; arrival?: number[] },
): ToolOutput {
  const types: QType[] = [];
  let debug = false;
  let i = 0;
  const usage = (): ToolOutput => ({ stdout: '', stderr: BUSYBOX_NSLOOKUP_USAGE, exitCode: 1, waitedMs: 0 });
  for (; i < argv.length && argv[i]!.startsWith('-'); i++) {
    const a = argv[i]!.slice(1);
    const eq = a.indexOf('=');
    const key = eq === -1 ? a : a.slice(0, eq);
    const val = eq === -1 ? '' : a.slice(eq + 1);
    if (key === 'type' || key === 'querytype') {
      const t = BUSYBOX_QTYPES.find((x) => x.toLowerCase() === val.toLowerCase());
      if (!t) return { stdout: '', stderr: `nslookup: invalid query type "${val}"\n`, exitCode: 1, waitedMs: 0 };
      types.push(t);
    } else if (key === 'debug') debug = true;
    else if (['port', 'retry', 't', 'timeout'].includes(key)) continue;
    else return usage();
  }
  const name = argv[i];
  if (name === undefined) return usage();
  if (argv[i + 2] !== undefined) return usage();
  const servers = argv[i + 1] !== undefined ? [argv[i + 1]!] : parseResolvConf(env.resolvConf).nameservers;
  if (servers.length === 0) servers.push('127.0.0.1');
  for (const s of servers) if (!isIPv4(s)) return { stdout: '', stderr: `nslookup: bad address '${s}'\n`, exitCode: 1, waitedMs: 0 };

  const queries = busyboxNslookupQueries(name, types, env.resolvConf, env.hostname ?? '');
  let idn = 0;
  const nextId = () => env.ids?.[idn++ % env.ids.length] ?? idn++;
  let out = '';
  let exitCode = 0;
  let waitedMs = 0;
  for (const server of servers) {
    const answered = new Array<boolean>(queries.length).fill(false);
    // Replies in flight, FIFO. SERVFAIL resends go to the back.
    const order = env.arrival && env.arrival.length === queries.length ? env.arrival : queries.map((_, k) => k);
    const inflight: { qn: number; reply: DnsMessage }[] = [];
    for (const qn of order) {
      const r = env.exchange(server, queries[qn]!, { id: nextId() });
      if (r !== 'timeout') inflight.push({ qn, reply: r });
    }
    let servfailRetry = 2 * queries.length;
    let replies = 0;
    let nReplies = 0;
    while (inflight.length > 0) {
      const { qn, reply } = inflight.shift()!;
      if (replies++ === 0) out += `Server:\t\t${server}\nAddress:\t${server}:53\n\n`;
      if (answered[qn]) continue;
      if (reply.rcode === 'SERVFAIL' && servfailRetry > 0) {
        servfailRetry--;
        const r = env.exchange(server, queries[qn]!, { id: nextId() });
        if (r !== 'timeout') inflight.push({ qn, reply: r });
        continue;
      }
      answered[qn] = true;
      if (debug) out += `Query #${qn} completed in 0ms:\n`;
      if (reply.rcode !== 'NOERROR') {
        out += `** server can't find ${queries[qn]!.name}: ${reply.rcode}\n`;
        exitCode = 1;
      } else out += busyboxParseReply(reply);
      out += '\n';
      nReplies++;
    }
    if (nReplies < queries.length) waitedMs += BUSYBOX_NSLOOKUP_TIMEOUT_MS;
    if (nReplies > 0) {
      let err = false;
      queries.forEach((q, k) => {
        if (!answered[k]) {
          out += `*** Can't find ${q.name}: No answer\n`;
          err = true;
        }
      });
      if (err) out += '\n';
      return { stdout: out, stderr: '', exitCode, waitedMs };
    }
  }
  out += ';; connection timed out; no servers could be reached\n\n';
  return { stdout: out, stderr: '', exitCode: 1, waitedMs };
}

// ---------------------------------------------------------------------------------------------
// bind9 9.18: the dig engine (dighost.c), nslookup and dig.

/** dighost.c: `tries` defaults to resolv.conf `attempts`, else 3; the UDP timeout is 5 s. */
export const BIND_TRIES = 3;
export const BIND_UDP_TIMEOUT_MS = 5000;
/** The version string of Debian 12's bind9-dnsutils at the time of writing (PACKAGE_VERSION + Debian suffix). */
export const DIG_VERSION = '9.18.28-1~deb12u2-Debian';

interface BindLookupResult {
  /** Lines printed by the engine itself (comments, errors), in order, before/after the message. */
  pre: string;
  final?: { query: DnsQuery; msg: DnsMessage; size: number };
  /** The absolute name of the last query sent (dig's `lookup->name`). */
  lastName: string;
  timedOut: boolean;
  waitedMs: number;
}

/**
 * One dighost lookup: the query is sent (with up to `tries` UDP attempts on timeout) for each
 * name of the search order. The next name is tried only after NXDOMAIN (`next_origin`). It stops
 * on any other reply, and after the as-is name. With `checkRa` (nslookup using the resolv.conf
 * server) each reply without RA prints `;; Got recursion not available from SERVER`. A SERVFAIL
 * when `servfail_stops` is off prints `;; Got SERVFAIL reply from SERVER`.
 */
function bindLookup(
  server: string,
  names: string[],
  type: QType,
  opts: { exchange: Exchange; id: () => number; edns?: Edns; checkRa: boolean; servfailStops: boolean },
): BindLookupResult {
  let pre = '';
  let waitedMs = 0;
  let lastName = names[0] ?? '.';
  for (let n = 0; n < names.length; n++) {
    const query: DnsQuery = { name: names[n]!, type };
    lastName = query.name;
    let reply: DnsMessage | 'timeout' = 'timeout';
    for (let attempt = 0; attempt < BIND_TRIES; attempt++) {
      reply = opts.exchange(server, query, { id: opts.id(), ...(opts.edns ? { edns: opts.edns } : {}) });
      if (reply !== 'timeout') break;
      waitedMs += BIND_UDP_TIMEOUT_MS;
      pre += `;; communications error to ${server}#53: timed out\n`;
    }
    if (reply === 'timeout') return { pre, lastName, timedOut: true, waitedMs };
    if ((reply.rcode === 'SERVFAIL' && !opts.servfailStops) || (opts.checkRa && !reply.flags.ra && reply.flags.rd)) {
      pre += `;; Got ${reply.rcode === 'SERVFAIL' && !opts.servfailStops ? 'SERVFAIL reply' : 'recursion not available'} from ${server}\n`;
    }
    if (reply.rcode === 'NXDOMAIN' && n < names.length - 1) continue;
    return { pre, final: { query, msg: reply, size: reply.size ?? wireLength(reply, false) }, lastName, timedOut: false, waitedMs };
  }
  return { pre, lastName, timedOut: true, waitedMs };
}

/** dighost `setup_lookup` + `next_origin` with +search: the same order as glibc (resolver.ts). */
function bindSearchOrder(name: string, resolvConfText: string, useSearch: boolean): string[] {
  if (!useSearch) return [fqdn(name)];
  return searchCandidates(name, parseResolvConf(resolvConfText), 'glibc');
}

const NSLOOKUP_RTYPE_TEXT: Partial<Record<QType, string>> = {
  A: 'internet address = ',
  NS: 'nameserver = ',
  CNAME: 'canonical name = ',
  SOA: 'soa = ',
  PTR: 'name = ',
  MX: 'mail exchanger = ',
  TXT: 'text = ',
  AAAA: 'has AAAA address ',
  SRV: 'service = ',
};

/** nslookup.c `printsection`. */
function nslookupSection(rrs: RR[], answerSection: boolean): string {
  let out = '';
  for (const r of groupRdatasets(rrs).flat()) {
    const name = bare(r.name);
    if ((r.type === 'A' || r.type === 'AAAA') && answerSection) out += `Name:\t${name}\nAddress: ${r.data}\n`;
    else if (r.type === 'SOA') {
      const f = r.data.split(' ');
      out += `${name}\n\torigin = ${bare(f[0]!)}\n\tmail addr = ${bare(f[1]!)}\n\tserial = ${f[2]}\n\trefresh = ${f[3]}\n\tretry = ${f[4]}\n\texpire = ${f[5]}\n\tminimum = ${f[6]}\n`;
    } else out += `${name}\t${NSLOOKUP_RTYPE_TEXT[r.type] ?? ''}${r.data}\n`;
  }
  return out;
}

/**
 * bind9 9.18 `nslookup NAME [SERVER]` (non-interactive), also `-type=T` / `-query=T`.
 * - Without a type, an address becomes a PTR lookup. Any other name is looked up as A, and after
 *   a successful A reply as AAAA for the name that was found. The search list and ndots come
 *   from resolv.conf.
 * - `Server:`/`Address:` (`10.96.0.10#53`) are printed for A lookups, or for every lookup when
 *   a type was given. Then comes `Non-authoritative answer:` unless AA is set, and the records.
 *   `** server can't find NAME: RCODE` replaces them for a non-zero rcode.
 * - With the resolv.conf server, every reply lacking RA (CoreDNS never sets it for
 *   cluster.local) first prints `;; Got recursion not available from 10.96.0.10`.
 * - It ends with an empty line. The exit status is 1 when a lookup failed or no server answered.
 */
export function bindNslookup(argv: string[], env: { resolvConf: string; exchange: Exchange; ids?: number[] }): ToolOutput {
  let type: QType | undefined;
  const args: string[] = [];
  for (const a of argv) {
    const m = /^-(?:type|query|querytype|q|ty)=(.*)$/i.exec(a);
    if (m) {
      const t = m[1]!.toUpperCase() as QType;
      if (!['A', 'AAAA', 'CNAME', 'SRV', 'PTR', 'TXT', 'SOA', 'NS', 'MX', 'ANY'].includes(t)) return { stdout: `unknown query type: ${m[1]}\n`, stderr: '', exitCode: 1, waitedMs: 0 };
      type = t;
    } else if (a.startsWith('-') && a !== '-') continue;
    else args.push(a);
  }
  const name = args[0];
  if (name === undefined || args.length > 2) {
    return { stdout: '', stderr: 'Usage:\n   nslookup [-opt ...]             # interactive mode using default server\n   nslookup [-opt ...] - server    # interactive mode using \'server\'\n   nslookup [-opt ...] host        # just look up \'host\' using default server\n   nslookup [-opt ...] host server # just look up \'host\' using \'server\'\n', exitCode: 1, waitedMs: 0 };
  }
  const defaultLookups = type === undefined;
  const server = args[1] ?? parseResolvConf(env.resolvConf).nameservers[0] ?? '127.0.0.1';
  const checkRa = args[1] === undefined;
  let idn = 0;
  const id = () => env.ids?.[idn++ % env.ids.length] ?? idn++;
  let out = '';
  let failed = false;
  let waitedMs = 0;

  const isAddr = isIPv4(name);
  // `textname` is what "*** Can't find ...: No answer" names: the typed name, or the AAAA target.
  const first: { names: string[]; type: QType; textname: string } = isAddr
    ? { names: [reverseName(name)], type: 'PTR', textname: bare(reverseName(name)) }
    : { names: bindSearchOrder(name, env.resolvConf, true), type: type ?? 'A', textname: name };
  const lookups = [first];
  let aNoAnswer = false;
  for (let li = 0; li < lookups.length; li++) {
    const lk = lookups[li]!;
    const res = bindLookup(server, lk.names, lk.type, { exchange: env.exchange, id, checkRa, servfailStops: false });
    out += res.pre;
    waitedMs += res.waitedMs;
    if (res.timedOut || !res.final) {
      out += ';; no servers could be reached\n\n';
      return { stdout: `${out}\n`, stderr: '', exitCode: 1, waitedMs };
    }
    const { msg } = res.final;
    if (!defaultLookups || lk.type === 'A') out += `Server:\t\t${server}\nAddress:\t${server}#53\n\n`;
    if (msg.rcode !== 'NOERROR') {
      out += `** server can't find ${bare(res.lastName)}: ${msg.rcode}\n`;
      failed = true;
      continue;
    }
    if (defaultLookups && lk.type === 'A') {
      // chase_cnamechain: the AAAA lookup is for the end of the CNAME chain, sent as is.
      let target = res.lastName;
      for (let k = 0; k < msg.answer.length; k++) {
        const c = msg.answer.find((r) => r.type === 'CNAME' && r.name.toLowerCase() === target.toLowerCase());
        if (!c) break;
        target = fqdn(c.data);
      }
      lookups.push({ names: [fqdn(target)], type: 'AAAA', textname: bare(target) });
    }
    if (!msg.flags.aa && (!defaultLookups || lk.type === 'A')) out += 'Non-authoritative answer:\n';
    if (msg.answer.length > 0) out += nslookupSection(msg.answer, true);
    else if (defaultLookups && lk.type === 'A') aNoAnswer = true;
    else if (!defaultLookups || (lk.type === 'AAAA' && aNoAnswer)) out += `*** Can't find ${lk.textname}: No answer\n`;
    if (!msg.flags.aa && lk.type !== 'A' && lk.type !== 'AAAA') {
      out += '\nAuthoritative answers can be found from:\n';
      out += nslookupSection(msg.authority, false);
      out += nslookupSection(msg.additional, false);
    }
  }
  return { stdout: `${out}\n`, stderr: '', exitCode: failed ? 1 : 0, waitedMs };
}

// ---------------------------------------------------------------------------------------------
// dig.

/** dns_message_parse groups records into rdatasets: by owner name (first seen), then by type. */
function groupRdatasets(rrs: RR[]): RR[][] {
  const names: string[] = [];
  const sets = new Map<string, Map<string, RR[]>>();
  for (const r of rrs) {
    const n = r.name.toLowerCase();
    if (!sets.has(n)) {
      sets.set(n, new Map());
      names.push(n);
    }
    const byType = sets.get(n)!;
    if (!byType.has(r.type)) byType.set(r.type, []);
    byType.get(r.type)!.push(r);
  }
  const out: RR[][] = [];
  for (const n of names) {
    for (const set of sets.get(n)!.values()) {
      // RFC 2181 §5.2: an rdataset has one TTL; BIND keeps the smallest.
      const ttl = Math.min(...set.map((r) => r.ttl));
      out.push(set.map((r) => ({ ...r, ttl })));
    }
  }
  return out;
}

/** masterdump.c `indent`: tabs to reach `to` (8-column stops), at least one space. */
function indentTo(col: number, to: number): { text: string; col: number } {
  if (to < col + 1) to = col + 1;
  const ntabs = Math.floor(to / 8) - Math.floor(col / 8);
  let text = '';
  let from = col;
  if (ntabs > 0) {
    text += '\t'.repeat(ntabs);
    from = Math.floor(to / 8) * 8;
  }
  text += ' '.repeat(to - from);
  return { text, col: to };
}

/** One record line as dig prints it: columns 24 (TTL), 32 (class), 40 (type), 48 (rdata). */
export function digRecordLine(r: RR): string {
  let line = r.name;
  let col = r.name.length;
  for (const [to, field] of [[24, String(r.ttl)], [32, r.class], [40, r.type], [48, r.data]] as const) {
    const ind = indentTo(col, to);
    line += ind.text + field;
    col = ind.col + field.length;
  }
  return `${line}\n`;
}

/** The question line: `;` (not counted in the columns), name, class at 32, type at 40. */
export function digQuestionLine(name: string, type: QType): string {
  let line = `;${name}`;
  let col = name.length;
  for (const [to, field] of [[32, 'IN'], [40, type]] as const) {
    const ind = indentTo(col, to);
    line += ind.text + field;
    col = ind.col + field.length;
  }
  return `${line}\n`;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** strftime `%a %b %d %H:%M:%S %Z %Y` in UTC (a container without TZ), from Unix seconds. */
export function digWhen(unixSeconds: number): string {
  const t = utcFields(unixSeconds * 1000);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${WEEKDAYS[t.weekday]} ${MONTHS[t.month - 1]} ${p2(t.day)} ${p2(t.hour)}:${p2(t.minute)}:${p2(t.second)} UTC ${t.year}`;
}

const DIG_TYPES: QType[] = ['A', 'AAAA', 'CNAME', 'SRV', 'PTR', 'TXT', 'SOA', 'NS', 'MX', 'ANY'];

export interface DigEnv {
  resolvConf: string;
  exchange: Exchange;
  /** Message ids dig draws (random in dig), used in order. */
  ids?: number[];
  /** The 8-byte client cookie, as 16 hex digits (random in dig). */
  cookieHex?: string;
  /** ";; Query time: N msec". */
  queryTimeMs?: number;
  /** The wall clock for ";; WHEN:", in Unix seconds. */
  nowUnixSeconds?: number;
  version?: string;
}

/** dig.c `print_usage` + `usage()`. */
const DIG_USAGE =
  'Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n' +
  '            {global-d-opt} host [@local-server] {local-d-opt}\n' +
  '            [ host [@local-server] {local-d-opt} [...]]\n' +
  '\nUse "dig -h" (or "dig -h | more") for complete list of options\n';

/**
 * `dig [@SERVER] NAME [TYPE] [+short] [+search|+nosearch] [-x ADDR]` as bind9 9.18 prints it.
 * - By default the name is sent as typed (made absolute), without the search list. With +search
 *   the glibc order is used, and only the last reply is shown.
 * - It sends EDNS with udp 1232 and a client COOKIE. CoreDNS echoes the OPT, hence `(echoed)`.
 * - CoreDNS sets `aa` and never `ra` for cluster.local. dig then warns
 *   `recursion requested but not available`.
 * - No reply after 3 tries of 5 s prints three `communications error` lines, the greeting and
 *   `;; no servers could be reached`, and exits 9.
 */
export function dig(argv: string[], env: DigEnv): ToolOutput {
  let server: string | undefined;
  let name: string | undefined;
  let type: QType | undefined;
  let short = false;
  let useSearch = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('@')) server = a.slice(1);
    else if (a === '-x') {
      const ip = argv[++i];
      if (ip === undefined || !isIPv4(ip)) return { stdout: '', stderr: `Invalid IP address ${ip ?? ''}\n${DIG_USAGE}`, exitCode: 1, waitedMs: 0 };
      name = reverseName(ip);
      type = 'PTR';
    } else if (a.startsWith('+')) {
      const o = a.slice(1).toLowerCase();
      if (o === 'short') short = true;
      else if (o === 'noshort') short = false;
      else if (o === 'search') useSearch = true;
      else if (o === 'nosearch') useSearch = false;
      else return { stdout: '', stderr: `Invalid option: ${a}\n${DIG_USAGE}`, exitCode: 1, waitedMs: 0 };
    } else if (DIG_TYPES.includes(a.toUpperCase() as QType)) {
      // dig.c parse_args: any bare word that parses as a type is the type, wherever it stands.
      type = a.toUpperCase() as QType;
    } else if (a.toUpperCase() === 'IN') continue;
    else name = a;
  }
  // With no name dig asks for the root NS (`dig` alone).
  if (name === undefined) {
    name = '.';
    type = type ?? 'NS';
  }
  type = type ?? 'A';
  const fromResolvConf = server === undefined;
  const srv = server ?? parseResolvConf(env.resolvConf).nameservers[0] ?? '127.0.0.1';
  const version = env.version ?? DIG_VERSION;
  const greeting = short ? '' : `\n; <<>> DiG ${version} <<>> ${argv.join(' ')}\n${fromResolvConf ? '' : '; (1 server found)\n'};; global options: +cmd\n`;
  let idn = 0;
  const id = () => env.ids?.[idn++ % env.ids.length] ?? idn++;
  const edns: Edns = { udpSize: 1232, do: false, cookieHex: env.cookieHex ?? '0123456789abcdef' };
  const names = name === '.' || name.endsWith('.') ? [fqdn(name)] : bindSearchOrder(name, env.resolvConf, useSearch);
  const res = bindLookup(srv, names, type, { exchange: env.exchange, id, edns, checkRa: false, servfailStops: true });
  let out = res.pre;
  if (res.timedOut || !res.final) {
    out += `${greeting};; no servers could be reached\n\n`;
    return { stdout: out, stderr: '', exitCode: 9, waitedMs: res.waitedMs };
  }
  const { msg, size } = res.final;
  if (short) {
    for (const r of groupRdatasets(msg.answer).flat()) out += `${r.data}\n`;
    return { stdout: out, stderr: '', exitCode: 0, waitedMs: res.waitedMs };
  }
  const f = msg.flags;
  const flags = [f.qr && 'qr', f.aa && 'aa', f.tc && 'tc', f.rd && 'rd', f.ra && 'ra', f.ad && 'ad', f.cd && 'cd'].filter(Boolean).join(' ');
  out += greeting;
  out += ';; Got answer:\n';
  out += `;; ->>HEADER<<- opcode: QUERY, status: ${msg.rcode}, id: ${msg.id}\n`;
  out += `;; flags: ${flags}; QUERY: 1, ANSWER: ${msg.answer.length}, AUTHORITY: ${msg.authority.length}, ADDITIONAL: ${msg.additional.length + (msg.edns ? 1 : 0)}\n`;
  if (f.rd && !f.ra) out += ';; WARNING: recursion requested but not available\n';
  out += '\n';
  if (msg.edns) {
    out += ';; OPT PSEUDOSECTION:\n';
    out += `; EDNS: version: 0, flags:${msg.edns.do ? ' do' : ''}; udp: ${msg.edns.udpSize}\n`;
    if (msg.edns.cookieHex) out += `; COOKIE: ${msg.edns.cookieHex}${msg.edns.cookieHex.length < 32 ? ' (echoed)' : ' (good)'}\n`;
  }
  out += ';; QUESTION SECTION:\n';
  out += digQuestionLine(msg.question.name, msg.question.type);
  out += '\n';
  for (const [title, rrs] of [['ANSWER', msg.answer], ['AUTHORITY', msg.authority], ['ADDITIONAL', msg.additional]] as const) {
    if (rrs.length === 0) continue;
    out += `;; ${title} SECTION:\n`;
    for (const set of groupRdatasets(rrs)) for (const r of set) out += digRecordLine(r);
    out += '\n';
  }
  out += `;; Query time: ${env.queryTimeMs ?? 0} msec\n`;
  out += `;; SERVER: ${srv}#53(${srv}) (UDP)\n`;
  out += `;; WHEN: ${digWhen(env.nowUnixSeconds ?? 0)}\n`;
  out += `;; MSG SIZE  rcvd: ${size}\n\n`;
  return { stdout: out, stderr: '', exitCode: 0, waitedMs: res.waitedMs };
}
