import { describe, expect, it } from 'vitest';
import { addRealServer, addVirtualServer, IPVS_TCP_FIN_TIMEOUT_MS, ipvsadmList, readRates } from './ipvs.ts';
import { advanceIpvs, createNodeIpvs, endIpvsConnection, httpExchangeTraffic, routeThroughIpvs, type IpvsRoute } from './nodeIpvs.ts';

function nodeWithService() {
  const n = createNodeIpvs(0);
  const vs = addVirtualServer(n.table, { protocol: 'TCP', address: '10.96.0.20', port: 80, scheduler: 'rr' });
  addRealServer(vs, { address: '10.244.1.2', port: 8080, weight: 1 });
  addRealServer(vs, { address: '10.244.2.2', port: 8080, weight: 1 });
  n.table.dummyAddresses = ['10.96.0.20', '10.96.0.30'];
  return { n, vs };
}

describe('a connection through the node kernel’s IPVS table', () => {
  it('is forwarded to a destination, counted active, then inactive until the FIN timeout passes (ip_vs_proto_tcp.c: FIN_WAIT/TIME_WAIT 2 min)', () => {
    const { n, vs } = nodeWithService();
    const route = routeThroughIpvs(n, 'TCP', '10.96.0.20', 80, '10.244.3.5', 1000);
    expect(route.kind).toBe('forward');
    const rs = (route as Extract<IpvsRoute, { kind: 'forward' }>).realServer;
    expect(rs.activeConn).toBe(1);
    endIpvsConnection(n, route as Extract<IpvsRoute, { kind: 'forward' }>, 1000, httpExchangeTraffic(110, 200));
    expect([rs.activeConn, rs.inActConn]).toEqual([0, 1]);
    advanceIpvs(n, 1000 + IPVS_TCP_FIN_TIMEOUT_MS - 1);
    expect(rs.inActConn).toBe(1);
    advanceIpvs(n, 1000 + IPVS_TCP_FIN_TIMEOUT_MS);
    expect(rs.inActConn).toBe(0);
    expect(vs.stats.conns).toBe(1);
  });

  it('a virtual server without destinations resets; a kube-ipvs0 address without that port resets; any other address is not IPVS’s', () => {
    const { n } = nodeWithService();
    addVirtualServer(n.table, { protocol: 'TCP', address: '10.96.0.30', port: 80, scheduler: 'rr' });
    expect(routeThroughIpvs(n, 'TCP', '10.96.0.30', 80, '10.244.3.5', 0).kind).toBe('no-destination');
    expect(routeThroughIpvs(n, 'TCP', '10.96.0.20', 443, '10.244.3.5', 0).kind).toBe('local-closed');
    expect(routeThroughIpvs(n, 'TCP', '10.244.1.2', 8080, '10.244.3.5', 0).kind).toBe('not-virtual');
  });

  it('round-robins new connections over the destinations (ip_vs_rr.c)', () => {
    const { n } = nodeWithService();
    const picks = [0, 1, 2, 3].map((i) => {
      const r = routeThroughIpvs(n, 'TCP', '10.96.0.20', 80, '10.244.3.5', i);
      return r.kind === 'forward' ? r.realServer.address : r.kind;
    });
    expect(new Set(picks.slice(0, 2)).size).toBe(2);
    expect(picks[2]).toBe(picks[0]);
    expect(picks[3]).toBe(picks[1]);
  });

  it('the rate estimator ticks every 2 s even when nobody looks (ip_vs_est.c): rates rise with traffic and decay after it', () => {
    const { n, vs } = nodeWithService();
    for (let t = 0; t < 10_000; t += 100) {
      const r = routeThroughIpvs(n, 'TCP', '10.96.0.20', 80, '10.244.3.5', t);
      if (r.kind === 'forward') endIpvsConnection(n, r, t, httpExchangeTraffic(110, 200));
    }
    advanceIpvs(n, 10_000);
    expect(readRates(vs.est).cps).toBeGreaterThanOrEqual(8);
    expect(ipvsadmList(n.table, { numeric: true, rate: true }).stdout).toContain('10.96.0.20:80');
    advanceIpvs(n, 10 * 60_000);
    expect(readRates(vs.est)).toEqual({ cps: 0, inPps: 0, outPps: 0, inBps: 0, outBps: 0 });
  });

  it('counts an HTTP exchange’s packets both ways (NAT sees the replies)', () => {
    expect(httpExchangeTraffic(110, 200)).toEqual({ inPkts: 6, outPkts: 3, inBytes: 6 * 52 + 110, outBytes: 3 * 52 + 200 });
    expect(httpExchangeTraffic(110, 3000).outPkts).toBe(2 + 3);
  });
});
