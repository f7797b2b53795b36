/**
 * DNS messages as plain data, and their size on the wire.
 *
 * CoreDNS builds its replies with github.com/miekg/dns. Before writing, the server's ScrubWriter
 * (coredns request/request.go `SizeAndDo`, `Scrub`) does two things. It copies the client's OPT
 * record into the reply. Then it calls miekg's `Msg.Truncate(size)`. If the reply fits
 * uncompressed in the client's buffer, Truncate leaves it **uncompressed**. Otherwise it turns
 * compression on and drops records that still do not fit (answer, then authority, then additional),
 * setting TC. That is why `dig` shows, for a small CoreDNS reply, the uncompressed size in
 * "MSG SIZE  rcvd". `wireLength` computes exactly these sizes (RFC 1035 §4; RFC 6891 for OPT;
 * RFC 7873 for COOKIE).
 *
 * Compression follows miekg/dns `packDomainName`: names in the question, in owner names, and in
 * the rdata of CNAME, NS, PTR, SOA and MX may be replaced by pointers. An SRV target is never
 * compressed (RFC 2782), but its suffixes are still recorded for later names.
 */

export type RrType = 'A' | 'AAAA' | 'CNAME' | 'SRV' | 'PTR' | 'TXT' | 'SOA' | 'NS' | 'MX';
/** What a client may ask for. ANY is a query type only. */
export type QType = RrType | 'ANY';
export type Rcode = 'NOERROR' | 'FORMERR' | 'SERVFAIL' | 'NXDOMAIN' | 'NOTIMP' | 'REFUSED';

/** RFC 1035 type codes (and RFC 3596 AAAA, RFC 2782 SRV). ANY is 255. */
export const TYPE_CODE: Record<QType, number> = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, ANY: 255 };
export const RCODE_CODE: Record<Rcode, number> = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 };

/**
 * One resource record. `name` is absolute (ends in a dot). `data` is the presentation form that
 * `dig` prints: an address, a name with its final dot, `"text"` for TXT,
 * `priority weight port target` for SRV, `mname rname serial refresh retry expire minimum` for SOA.
 */
export interface RR {
  name: string;
  ttl: number;
  class: 'IN';
  type: RrType;
  data: string;
}

/** The OPT pseudo-record (RFC 6891). CoreDNS returns the client's own OPT, so the cookie is the client's 8 bytes. */
export interface Edns {
  udpSize: number;
  /** DO bit. */
  do: boolean;
  /** COOKIE option data as lowercase hex (16 hex digits = client cookie only). */
  cookieHex?: string;
}

export interface DnsFlags {
  qr: boolean;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  ad: boolean;
  cd: boolean;
}

/** A whole DNS message as a client receives it. */
export interface DnsMessage {
  id: number;
  opcode: 'QUERY';
  rcode: Rcode;
  flags: DnsFlags;
  question: { name: string; type: QType; class: 'IN' };
  answer: RR[];
  authority: RR[];
  /** Without the OPT record, which is `edns`. */
  additional: RR[];
  edns?: Edns;
  /** Bytes on the wire as the server sent it (compressed or not, see `scrub`), when known. */
  size?: number;
}

/** Absolute form of a name: `web.default` → `web.default.`; the root stays `.`. */
export function fqdn(name: string): string {
  if (name === '' || name === '.') return '.';
  return name.endsWith('.') ? name : `${name}.`;
}

/** The labels of an absolute or relative name (the root has none). */
export function labels(name: string): string[] {
  return name.split('.').filter((l) => l !== '');
}

/** `dns.IsSubDomain(parent, child)`: child equals parent or lies below it (case-insensitive). */
export function isSubDomain(parent: string, child: string): boolean {
  const p = fqdn(parent).toLowerCase();
  const c = fqdn(child).toLowerCase();
  if (p === '.') return true;
  return c === p || c.endsWith(`.${p}`);
}

// ---------------------------------------------------------------------------------------------
// Wire length.

const HEADER_LEN = 12;

type CompressionMap = Set<string> | null;

/**
 * Length of a name on the wire. With a map, known suffixes become a 2-byte pointer and new
 * suffixes are recorded (only while the offset is below 2^14, as a pointer has 14 bits). With
 * `compress` false the name is written whole but its suffixes are still recorded.
 */
function nameLength(name: string, offset: number, map: CompressionMap, compress: boolean): number {
  const ls = labels(name);
  let len = 0;
  for (let i = 0; i < ls.length; i++) {
    const suffix = ls.slice(i).join('.').toLowerCase();
    if (map) {
      if (map.has(suffix)) {
        if (compress) return len + 2;
      } else if (offset + len < 0x4000) {
        map.add(suffix);
      }
    }
    len += 1 + ls[i]!.length;
  }
  return len + 1;
}

/** TXT presentation `"a" "b"` → the strings. */
export function txtStrings(data: string): string[] {
  const out: string[] = [];
  for (const m of data.matchAll(/"((?:\\.|[^"\\])*)"/g)) out.push(m[1]!.replace(/\\(.)/g, '$1'));
  return out;
}

function rdataLength(rr: RR, offset: number, map: CompressionMap): number {
  const f = rr.data.split(' ');
  switch (rr.type) {
    case 'A':
      return 4;
    case 'AAAA':
      return 16;
    case 'CNAME':
    case 'NS':
    case 'PTR':
      return nameLength(rr.data, offset, map, true);
    case 'MX':
      return 2 + nameLength(f[1] ?? '.', offset + 2, map, true);
    case 'SRV':
      return 6 + nameLength(f[3] ?? '.', offset + 6, map, false);
    case 'SOA': {
      const m = nameLength(f[0] ?? '.', offset, map, true);
      const r = nameLength(f[1] ?? '.', offset + m, map, true);
      return m + r + 20;
    }
    case 'TXT':
      return txtStrings(rr.data).reduce((n, s) => n + 1 + new TextEncoder().encode(s).length, 0);
  }
}

function rrLength(rr: RR, offset: number, map: CompressionMap): number {
  const n = nameLength(rr.name, offset, map, true);
  return n + 10 + rdataLength(rr, offset + n + 10, map);
}

/** The OPT record: root name, type, class (= UDP size), TTL (= flags), rdlength, options. */
export function optLength(edns: Edns): number {
  return 11 + (edns.cookieHex ? 4 + edns.cookieHex.length / 2 : 0);
}

/** Size of the message on the wire, compressed or not (OPT included). */
export function wireLength(msg: DnsMessage, compress = false): number {
  const map: CompressionMap = compress ? new Set() : null;
  let len = HEADER_LEN;
  len += nameLength(msg.question.name, len, map, true) + 4;
  for (const rr of [...msg.answer, ...msg.authority, ...msg.additional]) len += rrLength(rr, len, map);
  if (msg.edns) len += optLength(msg.edns);
  return len;
}

/** RFC 6891 §6.2.3 / miekg `MinMsgSize`: a buffer below 512 counts as 512; no OPT means 512. */
export function clientBufferSize(edns: Edns | undefined): number {
  return Math.max(512, edns?.udpSize ?? 512);
}

/**
 * miekg/dns `Msg.Truncate(size)` as CoreDNS's `Request.Scrub` calls it: an uncompressed reply that
 * fits is sent uncompressed. Otherwise the reply is compressed and cut record by record (answer,
 * authority, additional) to fit, with TC set when anything was cut. Returns the message as sent
 * and whether it was compressed.
 */
export function scrub(msg: DnsMessage): { msg: DnsMessage; compressed: boolean } {
  const size = clientBufferSize(msg.edns);
  if (wireLength(msg, false) <= size) return { msg, compressed: false };
  const budget = size - (msg.edns ? optLength(msg.edns) : 0);
  const map: CompressionMap = new Set();
  let len = HEADER_LEN + nameLength(msg.question.name, HEADER_LEN, map, true) + 4;
  const keep = (rrs: RR[]): RR[] => {
    const out: RR[] = [];
    for (const rr of rrs) {
      if (len >= budget) break;
      const l = rrLength(rr, len, map);
      if (len + l > budget) break;
      len += l;
      out.push(rr);
    }
    return out;
  };
  const answer = keep(msg.answer);
  const authority = keep(msg.authority);
  const additional = keep(msg.additional);
  const cut = answer.length < msg.answer.length || authority.length < msg.authority.length || additional.length < msg.additional.length;
  return { msg: { ...msg, answer, authority, additional, flags: { ...msg.flags, tc: msg.flags.tc || cut } }, compressed: true };
}
