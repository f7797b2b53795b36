/**
 * Wire sizes (RFC 1035 §4.1, RFC 6891 OPT, RFC 7873 COOKIE) and miekg/dns Msg.Truncate as
 * CoreDNS request.Scrub uses it: uncompressed when it fits, else compressed and cut with TC.
 */
import { describe, expect, it } from 'vitest';
import { isSubDomain, scrub, wireLength, type DnsMessage, type RR } from './message.ts';

const a = (name: string, ip: string): RR => ({ name, ttl: 30, class: 'IN', type: 'A', data: ip });

function msg(answer: RR[], edns = true): DnsMessage {
  return {
    id: 1,
    opcode: 'QUERY',
    rcode: 'NOERROR',
    flags: { qr: true, aa: true, tc: false, rd: true, ra: false, ad: false, cd: false },
    question: { name: 'web.default.svc.cluster.local.', type: 'A', class: 'IN' },
    answer,
    authority: [],
    additional: [],
    ...(edns ? { edns: { udpSize: 1232, do: false, cookieHex: 'a1b2c3d4e5f60718' } } : {}),
  };
}

describe('wireLength', () => {
  it('header 12 + question 31+4 + answer 31+10+4 + OPT 11+12 = 115 uncompressed', () => {
    expect(wireLength(msg([a('web.default.svc.cluster.local.', '10.96.12.34')]))).toBe(115);
  });
  it('compression replaces the repeated owner by a 2-byte pointer', () => {
    expect(wireLength(msg([a('web.default.svc.cluster.local.', '10.96.12.34')]), true)).toBe(115 - 29);
  });
  it('a SRV target is not compressed but its suffixes are recorded', () => {
    const srv: RR = { name: 'web.default.svc.cluster.local.', ttl: 30, class: 'IN', type: 'SRV', data: '0 100 80 web.default.svc.cluster.local.' };
    const extra = a('web.default.svc.cluster.local.', '10.96.12.34');
    const m = { ...msg([srv]), additional: [extra] };
    // owner pointer 2+10+6+31 = 49, extra owner pointer 2+10+4 = 16.
    expect(wireLength(m, true)).toBe(12 + 35 + 49 + 16 + 23);
  });
});

describe('scrub (miekg Truncate)', () => {
  it('leaves a reply that fits uncompressed', () => {
    expect(scrub(msg([a('web.default.svc.cluster.local.', '10.96.12.34')])).compressed).toBe(false);
  });
  it('without EDNS the buffer is 512: a big headless answer is compressed, and cut with TC if still too big', () => {
    const many = Array.from({ length: 40 }, (_, i) => a('db.default.svc.cluster.local.', `10.244.1.${i + 1}`));
    const s = scrub(msg(many, false));
    expect(s.compressed).toBe(true);
    // 12 + 35 (question) + 19 (first owner: "db" + pointer to default.svc.cluster.local) + (n − 1) × 16 ≤ 512 → n = 28.
    expect(s.msg.answer).toHaveLength(28);
    expect(s.msg.flags.tc).toBe(true);
    expect(wireLength(s.msg, true)).toBeLessThanOrEqual(512);
  });
});

describe('isSubDomain', () => {
  it.each([
    ['cluster.local', 'web.default.svc.cluster.local.', true],
    ['cluster.local.', 'CLUSTER.local', true],
    ['cluster.local', 'notcluster.local', false],
    ['.', 'anything.', true],
  ])('%s ⊇ %s = %s', (p, c, want) => expect(isSubDomain(p, c)).toBe(want));
});
