import { describe, expect, it } from 'vitest';
import {
  addRealServer,
  addVirtualServer,
  closeConnection,
  deleteRealServer,
  dhBuckets,
  expireConnection,
  ipvsadmList,
  ipvsCmpServices,
  ipvsEstimatorTick,
  ipvsHashKey,
  newIpvsTable,
  openConnection,
  printLargenum,
  readRates,
  realServerKey,
  scheduleConnection,
  shBuckets,
  updateRealServer,
  updateVirtualServer,
  type IpvsProtocol,
  type IpvsScheduler,
  type IpvsTable,
  type VirtualServer,
} from './ipvs.ts';

/** A virtual server with destinations added in the given order (addresses 10.244.1.<n>:8080). */
function vsWith(scheduler: IpvsScheduler, dests: { n: number; weight?: number; active?: number; inact?: number }[], opts: { persistent?: number; protocol?: IpvsProtocol } = {}): { table: IpvsTable; vs: VirtualServer } {
  const table = newIpvsTable();
  const vs = addVirtualServer(table, {
    protocol: opts.protocol ?? 'TCP',
    address: '10.96.0.20',
    port: 80,
    scheduler,
    ...(opts.persistent !== undefined ? { persistentTimeoutSeconds: opts.persistent } : {}),
  });
  for (const d of dests) {
    const rs = addRealServer(vs, { address: `10.244.1.${d.n}`, port: 8080, weight: d.weight ?? 1 });
    rs.activeConn = d.active ?? 0;
    rs.inActConn = d.inact ?? 0;
  }
  return { table, vs };
}

/** The last octet of each of `count` successive choices (null → '-'). */
function picks(vs: VirtualServer, count: number, client = '10.244.2.9'): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const rs = scheduleConnection(vs, client, 0);
    out.push(rs ? rs.address.split('.')[3]! : '-');
  }
  return out;
}

describe('destination list order', () => {
  // net/netfilter/ipvs/ip_vs_ctl.c __ip_vs_update_dest: `list_add_rcu(&dest->n_list, &svc->destinations)`
  // inserts at the head, so the newest destination is first.
  it('puts each new destination at the head of the list', () => {
    const { vs } = vsWith('rr', [{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(vs.realServers.map(realServerKey)).toEqual(['10.244.1.3:8080', '10.244.1.2:8080', '10.244.1.1:8080']);
  });
});

describe('rr (net/netfilter/ipvs/ip_vs_rr.c)', () => {
  it.each([
    ['walks the list from the head, wrapping', [{ n: 1 }, { n: 2 }, { n: 3 }], ['3', '2', '1', '3', '2', '1']],
    ['skips quiescent (weight 0) destinations', [{ n: 1 }, { n: 2, weight: 0 }, { n: 3 }], ['3', '1', '3', '1']],
    ['ignores weights otherwise', [{ n: 1, weight: 5 }, { n: 2, weight: 1 }], ['2', '1', '2', '1']],
    ['returns nothing with no usable destination', [{ n: 1, weight: 0 }], ['-', '-']],
    ['returns nothing with no destination', [], ['-']],
  ])('%s', (_name, dests, want) => {
    expect(picks(vsWith('rr', dests).vs, want.length)).toEqual(want);
  });

  // ip_vs_rr_del_dest: if the cursor pointed at the deleted destination it moves to the previous
  // entry (`p->next->prev`), so the round continues with the one after the deleted destination.
  it('continues after a deleted cursor destination', () => {
    const { vs } = vsWith('rr', [{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(picks(vs, 2)).toEqual(['3', '2']);
    deleteRealServer(vs, { address: '10.244.1.2', port: 8080 });
    expect(picks(vs, 3)).toEqual(['1', '3', '1']);
  });

  it('a new destination joins at the head, reached when the round wraps', () => {
    const { vs } = vsWith('rr', [{ n: 1 }, { n: 2 }]);
    expect(picks(vs, 1)).toEqual(['2']);
    addRealServer(vs, { address: '10.244.1.3', port: 8080, weight: 1 });
    expect(picks(vs, 4)).toEqual(['1', '3', '2', '1']);
  });
});

describe('wrr (net/netfilter/ipvs/ip_vs_wrr.c)', () => {
  it.each([
    // The mark is kept up to date as destinations are added (ip_vs_wrr_dest_changed), so cw is
    // not reset to the new maximum: after adding .1 (w3) cw = mw = 1; adding .2 (w1) makes
    // mw = 3 but leaves cw = 1. List [.2 (w1), .1 (w3)]; the first pass is at cw 1, then 3, 2, 1.
    ['weights 3:1', [{ n: 1, weight: 3 }, { n: 2, weight: 1 }], ['2', '1', '1', '1', '2', '1', '1', '1']],
    // di = gcd 2, mw = 4 − (2 − 1) = 3; adding .2 sets cw = (1 / 2) × 2 + 1 = 1: passes cw 1, 3, 1, ….
    ['weights 4:2 (gcd 2)', [{ n: 1, weight: 2 }, { n: 2, weight: 4 }], ['2', '1', '2', '2', '1', '2']],
    ['equal weights behave like rr', [{ n: 1 }, { n: 2 }, { n: 3 }], ['3', '2', '1', '3']],
    ['weight 0 never chosen', [{ n: 1, weight: 0 }, { n: 2, weight: 2 }], ['2', '2', '2']],
    ['all weights 0: nothing', [{ n: 1, weight: 0 }], ['-', '-']],
  ])('%s', (_name, dests, want) => {
    expect(picks(vsWith('wrr', dests).vs, want.length)).toEqual(want);
  });

  it('recomputes its mark when a weight changes (ip_vs_wrr_dest_changed)', () => {
    const { vs } = vsWith('wrr', [{ n: 1 }, { n: 2 }]);
    updateRealServer(vs, { address: '10.244.1.1', port: 8080 }, 0);
    expect(vs.wrr).toMatchObject({ cursor: null, di: 1, mw: 1 });
    expect(picks(vs, 3)).toEqual(['2', '2', '2']);
  });
});

describe('lc, wlc, sed, nq (ip_vs_lc.c, ip_vs_wlc.c, ip_vs_sed.c, ip_vs_nq.c)', () => {
  // include/net/ip_vs.h ip_vs_dest_conn_overhead = activeconns × 256 + inactconns.
  it.each<[IpvsScheduler, string, { n: number; weight?: number; active?: number; inact?: number }[], string]>([
    ['lc', 'least overhead, active counting 256 inactive', [{ n: 1, active: 1 }, { n: 2, inact: 3 }], '2'],
    ['lc', 'ties go to the first in list order (newest)', [{ n: 1 }, { n: 2 }], '2'],
    ['lc', 'weight is only a quiesce switch', [{ n: 1, weight: 10, active: 1 }, { n: 2, weight: 1 }], '2'],
    ['lc', 'skips weight 0 even if idle', [{ n: 1, active: 5 }, { n: 2, weight: 0 }], '1'],
    ['wlc', 'overhead / weight: 512/3 beats 256/1', [{ n: 1, weight: 3, active: 2 }, { n: 2, weight: 1, active: 1 }], '1'],
    ['wlc', 'equal load keeps the first found', [{ n: 1, weight: 2, active: 2 }, { n: 2, weight: 1, active: 1 }], '2'],
    ['wlc', 'weight 0 never wins', [{ n: 1, weight: 0 }, { n: 2, active: 9 }], '2'],
    ['sed', '(active + 1) / weight: 2/4 beats 1/1', [{ n: 1, weight: 1 }, { n: 2, weight: 4, active: 1 }], '2'],
    ['sed', 'inactive connections do not count', [{ n: 1, active: 1 }, { n: 2, inact: 50 }], '2'],
    ['nq', 'an idle destination is taken at once', [{ n: 1, weight: 1 }, { n: 2, weight: 4, active: 1 }], '1'],
    ['nq', 'no idle one: shortest expected delay', [{ n: 1, weight: 1, active: 1 }, { n: 2, weight: 4, active: 2 }], '2'],
    ['nq', 'weight 0 idle destination is skipped', [{ n: 1, weight: 0 }, { n: 2, active: 3 }], '2'],
  ])('%s: %s', (scheduler, _name, dests, want) => {
    expect(picks(vsWith(scheduler, dests).vs, 1)).toEqual([want]);
  });

  it.each<IpvsScheduler>(['lc', 'wlc', 'sed', 'nq'])('%s: nothing when every destination is quiescent', (scheduler) => {
    expect(picks(vsWith(scheduler, [{ n: 1, weight: 0 }, { n: 2, weight: 0 }]).vs, 1)).toEqual(['-']);
  });
});

describe('sh and dh (ip_vs_sh.c, ip_vs_dh.c)', () => {
  // hashkey = (ntohl(addr) × 2654435761) & 255; 2654435761 mod 256 = 177.
  it.each([
    ['10.244.0.5', 117],
    ['10.244.0.6', 38],
    ['10.96.0.20', 212],
    ['0.0.0.0', 0],
  ])('hash of %s is %i', (ip, want) => {
    expect(ipvsHashKey(ip)).toBe(want);
  });

  // ip_vs_sh_reassign: each destination fills `weight` consecutive buckets, walking the list.
  it('fills the 256 buckets by weight, in list order', () => {
    const { vs } = vsWith('sh', [{ n: 1, weight: 1 }, { n: 2, weight: 2 }]);
    expect(shBuckets(vs).slice(0, 6).map((d) => d!.address)).toEqual(['10.244.1.2', '10.244.1.2', '10.244.1.1', '10.244.1.2', '10.244.1.2', '10.244.1.1']);
    expect(dhBuckets(vs).slice(0, 4).map((d) => d!.address)).toEqual(['10.244.1.2', '10.244.1.1', '10.244.1.2', '10.244.1.1']);
  });

  it('sh: a client always lands on the same destination', () => {
    const { vs } = vsWith('sh', [{ n: 1 }, { n: 2 }]);
    // bucket 117 (odd) → list[1] = .1; bucket 38 (even) → list[0] = .2.
    expect(picks(vs, 3, '10.244.0.5')).toEqual(['1', '1', '1']);
    expect(picks(vs, 3, '10.244.0.6')).toEqual(['2', '2', '2']);
  });

  it('sh without sh-fallback: a quiescent bucket owner means no destination', () => {
    const { vs } = vsWith('sh', [{ n: 1 }, { n: 2 }]);
    updateRealServer(vs, { address: '10.244.1.1', port: 8080 }, 0);
    // A weight-0 destination still takes one bucket in turn (`++d_count >= 0`), so .1 keeps the
    // odd buckets; 10.244.0.5 hashes to 117 and finds it unavailable.
    expect(picks(vs, 1, '10.244.0.5')).toEqual(['-']);
    expect(picks(vs, 1, '10.244.0.6')).toEqual(['2']);
  });

  it('dh: every client of a service goes to the destination of the service address', () => {
    const { vs } = vsWith('dh', [{ n: 1 }, { n: 2 }, { n: 3 }]);
    // 10.96.0.20 → bucket 212 → list[212 % 3 = 2] = .1.
    expect(picks(vs, 2, '10.244.0.5')).toEqual(['1', '1']);
    expect(picks(vs, 2, '10.244.0.6')).toEqual(['1', '1']);
  });
});

describe('persistence (ip_vs_core.c ip_vs_sched_persist)', () => {
  it('a client returns to its destination while the template is younger than the timeout', () => {
    const { vs } = vsWith('rr', [{ n: 1 }, { n: 2 }, { n: 3 }], { persistent: 10800 });
    expect(scheduleConnection(vs, '10.244.2.1', 0)?.address).toBe('10.244.1.3');
    expect(scheduleConnection(vs, '10.244.2.2', 0)?.address).toBe('10.244.1.2');
    expect(scheduleConnection(vs, '10.244.2.1', 10_000_000)?.address).toBe('10.244.1.3');
    // Each use re-arms the template: 10 800 s after the LAST use it is gone.
    expect(scheduleConnection(vs, '10.244.2.1', 10_000_000 + 10_799_999)?.address).toBe('10.244.1.3');
    expect(scheduleConnection(vs, '10.244.2.1', 10_000_000 + 10_799_999 + 10_800_000)?.address).toBe('10.244.1.1');
  });

  // kube-proxy sets net/ipv4/vs/expire_quiescent_template=1 (proxier.go sysctlExpireQuiescentTemplate).
  it('a template pointing at a quiescent destination is expired and the client rescheduled', () => {
    const { vs } = vsWith('rr', [{ n: 1 }, { n: 2 }], { persistent: 60 });
    expect(scheduleConnection(vs, '10.244.2.1', 0)?.address).toBe('10.244.1.2');
    updateRealServer(vs, { address: '10.244.1.2', port: 8080 }, 0);
    expect(scheduleConnection(vs, '10.244.2.1', 1000)?.address).toBe('10.244.1.1');
    expect(vs.persistence).toEqual([{ clientIp: '10.244.2.1', address: '10.244.1.1', port: 8080, lastUsedMs: 1000 }]);
  });

  it('turning persistence off drops the templates', () => {
    const { vs } = vsWith('rr', [{ n: 1 }], { persistent: 60 });
    scheduleConnection(vs, '10.244.2.1', 0);
    updateVirtualServer(vs, { scheduler: 'rr' });
    expect(vs.persistence).toEqual([]);
    expect(vs.persistentTimeoutSeconds).toBeUndefined();
  });
});

describe('connection accounting', () => {
  const dest = { address: '10.244.1.1', port: 8080 };

  it('TCP: established is active, closing moves it to inactive until it expires', () => {
    const { vs } = vsWith('rr', [{ n: 1 }]);
    openConnection(vs, dest, { inPkts: 3, inBytes: 180 });
    const rs = vs.realServers[0]!;
    expect([rs.activeConn, rs.inActConn, rs.stats.conns, vs.stats.conns, rs.stats.inBytes, vs.stats.inPkts]).toEqual([1, 0, 1, 1, 180, 3]);
    closeConnection(vs, dest);
    expect([rs.activeConn, rs.inActConn]).toEqual([0, 1]);
    expireConnection(vs, dest);
    expect([rs.activeConn, rs.inActConn, rs.stats.conns]).toEqual([0, 0, 1]);
  });

  it('UDP: entries are inactive from the start and only expire', () => {
    const { vs } = vsWith('rr', [{ n: 1 }], { protocol: 'UDP' });
    openConnection(vs, dest);
    closeConnection(vs, dest);
    const rs = vs.realServers[0]!;
    expect([rs.activeConn, rs.inActConn]).toEqual([0, 1]);
    expireConnection(vs, dest);
    expect(rs.inActConn).toBe(0);
  });

  // ip_vs_ctl.c: a destination deleted while in use waits in the trash; adding it back restores it.
  it('a deleted destination with connections keeps counting and comes back with its counters', () => {
    const { vs } = vsWith('rr', [{ n: 1 }, { n: 2 }]);
    openConnection(vs, dest);
    openConnection(vs, dest);
    deleteRealServer(vs, dest);
    expect(vs.trash.map(realServerKey)).toEqual(['10.244.1.1:8080']);
    closeConnection(vs, dest);
    const back = addRealServer(vs, { ...dest, weight: 1 });
    expect([back.activeConn, back.inActConn, back.stats.conns]).toEqual([1, 1, 2]);
    expect(vs.trash).toEqual([]);
  });
});

describe('rate estimator (ip_vs_est.c)', () => {
  it('averages per-2-second deltas with weight 1/4 and reads them rounded', () => {
    const { table, vs } = vsWith('rr', [{ n: 1 }]);
    for (let i = 0; i < 10; i++) openConnection(vs, { address: '10.244.1.1', port: 8080 }, { inPkts: 10, inBytes: 1000 });
    ipvsEstimatorTick(table);
    // cps: 10 × 512 / 4 = 1280 (× 2^10) → (1280 + 511) >> 10 = 1; inPps: 100 × 512 / 4 = 12800 → 12;
    // inBps: 10000 × 16 / 4 = 40000 (× 2^5) → (40000 + 15) >> 5 = 1250. Next tick: avg −= avg / 4.
    expect(readRates(vs.est)).toEqual({ cps: 1, inPps: 12, outPps: 0, inBps: 1250, outBps: 0 });
    ipvsEstimatorTick(table);
    expect(readRates(vs.est)).toEqual({ cps: 1, inPps: 9, outPps: 0, inBps: 937, outBps: 0 });
  });
});

describe('ipvsadm -L (ipvsadm.c print_title / print_service_entry / list_all; k8s pkg/proxy/ipvs/README.md)', () => {
  /** The table of the example in K pkg/proxy/ipvs/README.md (reference §6), with kubeadm's addresses. */
  function readmeTable(): IpvsTable {
    const table = newIpvsTable();
    // Created in an order different from the printed one: ipvsadm sorts.
    const dnsUdp = addVirtualServer(table, { protocol: 'UDP', address: '10.96.0.10', port: 53, scheduler: 'rr' });
    addRealServer(dnsUdp, { address: '172.17.0.2', port: 53, weight: 1 });
    const dnsTcp = addVirtualServer(table, { protocol: 'TCP', address: '10.96.0.10', port: 53, scheduler: 'rr' });
    addRealServer(dnsTcp, { address: '172.17.0.2', port: 53, weight: 1 });
    const api = addVirtualServer(table, { protocol: 'TCP', address: '10.96.0.1', port: 443, scheduler: 'rr', persistentTimeoutSeconds: 10800 });
    addRealServer(api, { address: '192.168.0.1', port: 6443, weight: 1 });
    openConnection(api, { address: '192.168.0.1', port: 6443 }, { inPkts: 12, outPkts: 10, inBytes: 2104, outBytes: 5321 });
    return table;
  }

  it('-Ln', () => {
    // The real lines end in spaces: the last column is printed with "%-10u".
    expect(ipvsadmList(readmeTable(), { numeric: true })).toEqual({
      stdout: [
        'IP Virtual Server version 1.2.1 (size=4096)',
        'Prot LocalAddress:Port Scheduler Flags',
        '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
        'TCP  10.96.0.1:443 rr persistent 10800',
        '  -> 192.168.0.1:6443             Masq    1      1          0         ',
        'TCP  10.96.0.10:53 rr',
        '  -> 172.17.0.2:53                Masq    1      0          0         ',
        'UDP  10.96.0.10:53 rr',
        '  -> 172.17.0.2:53                Masq    1      0          0         ',
        '',
      ].join('\n'),
      stderr: '',
      exitCode: 0,
    });
  });

  it('-Ln --stats', () => {
    expect(ipvsadmList(readmeTable(), { numeric: true, stats: true }).stdout).toBe(
      [
        'IP Virtual Server version 1.2.1 (size=4096)',
        'Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes',
        '  -> RemoteAddress:Port',
        'TCP  10.96.0.1:443                       1       12       10     2104     5321',
        '  -> 192.168.0.1:6443                    1       12       10     2104     5321',
        'TCP  10.96.0.10:53                       0        0        0        0        0',
        '  -> 172.17.0.2:53                       0        0        0        0        0',
        'UDP  10.96.0.10:53                       0        0        0        0        0',
        '  -> 172.17.0.2:53                       0        0        0        0        0',
        '',
      ].join('\n'),
    );
  });

  it('-Ln --rate', () => {
    const table = readmeTable();
    ipvsEstimatorTick(table);
    expect(ipvsadmList(table, { numeric: true, rate: true }).stdout).toBe(
      [
        'IP Virtual Server version 1.2.1 (size=4096)',
        'Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS',
        '  -> RemoteAddress:Port',
        'TCP  10.96.0.1:443                       0        1        1      263      665',
        '  -> 192.168.0.1:6443                    0        1        1      263      665',
        'TCP  10.96.0.10:53                       0        0        0        0        0',
        '  -> 172.17.0.2:53                       0        0        0        0        0',
        'UDP  10.96.0.10:53                       0        0        0        0        0',
        '  -> 172.17.0.2:53                       0        0        0        0        0',
        '',
      ].join('\n'),
    );
  });

  it('-Ln -t VIP:PORT lists one service without the version line', () => {
    expect(ipvsadmList(readmeTable(), { numeric: true, service: { protocol: 'TCP', address: '10.96.0.10', port: 53 } }).stdout).toBe(
      [
        'Prot LocalAddress:Port Scheduler Flags',
        '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
        'TCP  10.96.0.10:53 rr',
        '  -> 172.17.0.2:53                Masq    1      0          0         ',
        '',
      ].join('\n'),
    );
  });

  // libipvs ipvs_strerror: {ipvs_get_service, ESRCH, "No such service"}; list_service exits 1.
  it('-Ln -u for a missing service', () => {
    expect(ipvsadmList(readmeTable(), { numeric: true, service: { protocol: 'UDP', address: '10.96.0.1', port: 443 } })).toEqual({ stdout: '', stderr: 'No such service\n', exitCode: 1 });
  });

  it('-L without -n names ports from /etc/services (tcp/udp only)', () => {
    const table = readmeTable();
    const sctp = addVirtualServer(table, { protocol: 'SCTP', address: '10.96.0.30', port: 80, scheduler: 'rr' });
    addRealServer(sctp, { address: '10.244.1.7', port: 80, weight: 1 });
    expect(ipvsadmList(table).stdout.split('\n').filter((l) => !l.startsWith('  ->'))).toEqual([
      'IP Virtual Server version 1.2.1 (size=4096)',
      'Prot LocalAddress:Port Scheduler Flags',
      'TCP  10.96.0.1:https rr persistent 10800',
      'TCP  10.96.0.10:domain rr',
      'UDP  10.96.0.10:domain rr',
      'SCTP 10.96.0.30:80 rr',
      '',
    ]);
  });

  it('sorts destinations by address then port, or shows list order with --nosort', () => {
    const table = newIpvsTable();
    const vs = addVirtualServer(table, { protocol: 'TCP', address: '10.96.0.20', port: 80, scheduler: 'rr' });
    for (const [a, p] of [['10.244.1.2', 80], ['10.244.1.10', 80], ['10.244.1.2', 8080]] as const) addRealServer(vs, { address: a, port: p, weight: 1 });
    const dests = (o: { nosort?: boolean }) =>
      ipvsadmList(table, { numeric: true, ...o })
        .stdout.split('\n')
        .filter((l) => l.startsWith('  -> 1'))
        .map((l) => l.slice(5).split(' ')[0]);
    expect(dests({})).toEqual(['10.244.1.2:80', '10.244.1.2:8080', '10.244.1.10:80']);
    expect(dests({ nosort: true })).toEqual(['10.244.1.2:8080', '10.244.1.10:80', '10.244.1.2:80']);
  });

  it('truncates the service name at 33 and destination at 28 characters', () => {
    const table = newIpvsTable();
    const vs = addVirtualServer(table, { protocol: 'TCP', address: '10.96.0.20', port: 80, scheduler: 'rr' });
    addRealServer(vs, { address: '10.244.1.2', port: 80, weight: 1 });
    const long = () => 'a-rather-long-host-name.example.org';
    expect(ipvsadmList(table, { hostName: long }).stdout.split('\n').slice(3, 5)).toEqual(['TCP  a-rather-long-host-name.exam rr', '  -> a-rather-long-host-name.exam Masq    1      0          0         ']);
  });

  // libipvs ipvs_cmp_services computes `ntohl(a) - ntohl(b)` into an int: addresses more than
  // 2^31 apart compare the wrong way round, and ipvsadm prints them that way.
  it('compares addresses with the signed 32-bit wrap of ipvs_cmp_services', () => {
    const a = { protocol: 'TCP' as const, address: '10.96.0.1', port: 80 };
    const b = { protocol: 'TCP' as const, address: '192.168.1.1', port: 80 };
    expect(ipvsCmpServices(a, b)).toBeGreaterThan(0);
    expect(ipvsCmpServices({ ...a, address: '10.0.0.5' }, a)).toBeLessThan(0);
  });

  it.each([
    [0, '        0'],
    [99_999_999, ' 99999999'],
    [123_456_789, '  123456K'],
    [4_200_000_000, '    4200M'],
    [123_000_000_000, '     123G'],
    [500_000_000_000_000, '     500T'],
  ])('print_largenum(%i)', (n, want) => {
    expect(printLargenum(n)).toBe(want);
  });
});
