/**
 * One node's IPVS state as the kernel keeps it, beside the table kube-proxy programs: the
 * connection entries still counted in InActConn (a closed TCP connection stays in FIN_WAIT /
 * TIME_WAIT for IPVS_TCP_FIN_TIMEOUT_MS) and the rate estimator's clock.
 *
 * Both run lazily: instead of a kernel timer per connection and an estimator tick every 2 s on
 * every node, the due expiries and ticks are applied whenever the table is used or read. Nothing
 * else touches the counters in between, so what `ipvsadm` shows is what the timers would have left.
 *
 * A connection from a pod or host to a Service address goes through here: the virtual server on
 * the *source* node picks the destination (so a node whose kube-proxy is stopped keeps sending
 * to the backends its stale table lists).
 */
import { closeConnection, expireConnection, IPVS_EST_INTERVAL_MS, IPVS_TCP_FIN_TIMEOUT_MS, IPVS_UDP_TIMEOUT_MS, ipvsEstimatorTick, newIpvsTable, openConnection, scheduleConnection, virtualServerKey, type IpvsProtocol, type IpvsTable, type RealServer } from './ipvs.ts';

export interface NodeIpvs {
  table: IpvsTable;
  /** When the estimator last ticked (ticks fall every IPVS_EST_INTERVAL_MS from the table's creation). */
  estimatorAtMs: number;
  /** Closed connections still in InActConn, in expiry order. */
  closing: { virtualServer: string; address: string; port: number; expiresAtMs: number }[];
}

export function createNodeIpvs(nowMs: number): NodeIpvs {
  return { table: newIpvsTable(), estimatorAtMs: nowMs, closing: [] };
}

/** Estimator ticks kept up with one by one; past this many idle ticks every rate has decayed to 0 anyway. */
const MAX_CATCH_UP_TICKS = 64;

/** Applies the connection expiries and estimator ticks due by `nowMs`, in time order. */
export function advanceIpvs(n: NodeIpvs, nowMs: number): void {
  let ticks = 0;
  for (;;) {
    const nextTick = n.estimatorAtMs + IPVS_EST_INTERVAL_MS;
    const nextExpiry = n.closing[0]?.expiresAtMs ?? Infinity;
    if (nextTick > nowMs && nextExpiry > nowMs) return;
    if (nextExpiry <= nextTick) {
      const c = n.closing.shift()!;
      const vs = n.table.virtualServers.get(c.virtualServer);
      if (vs) expireConnection(vs, c);
      continue;
    }
    n.estimatorAtMs = nextTick;
    // A tick that changed nothing means every estimator has settled: the ticks that follow before
    // the next expiry change nothing either, so the clock moves to the last of them at once.
    const settled = !ipvsEstimatorTick(n.table);
    if (settled || (++ticks > MAX_CATCH_UP_TICKS && n.closing.length === 0)) {
      const until = Math.min(nowMs, nextExpiry);
      if (until > n.estimatorAtMs) n.estimatorAtMs += Math.floor((until - n.estimatorAtMs) / IPVS_EST_INTERVAL_MS) * IPVS_EST_INTERVAL_MS;
    }
  }
}

export type IpvsRoute =
  /** The address:port has a virtual server and it chose a destination. */
  | { kind: 'forward'; virtualServer: string; realServer: RealServer }
  /** A virtual server with no destination that takes new connections: IPVS answers with a reset. */
  | { kind: 'no-destination'; virtualServer: string }
  /** The address is bound on kube-ipvs0 but nothing serves that port: the local stack resets. */
  | { kind: 'local-closed' }
  /** Not a Service address on this node: routed on as any other address. */
  | { kind: 'not-virtual' };

/**
 * A new connection to `address:port` leaving (or arriving at) this node: which destination IPVS
 * picks. A forwarded connection is counted open; call `endIpvsConnection` when it closes.
 */
export function routeThroughIpvs(n: NodeIpvs, protocol: IpvsProtocol, address: string, port: number, clientIp: string, nowMs: number): IpvsRoute {
  advanceIpvs(n, nowMs);
  const key = virtualServerKey({ protocol, address, port });
  const vs = n.table.virtualServers.get(key);
  if (!vs) return n.table.dummyAddresses.includes(address) ? { kind: 'local-closed' } : { kind: 'not-virtual' };
  const rs = scheduleConnection(vs, clientIp, nowMs);
  if (!rs) return { kind: 'no-destination', virtualServer: key };
  openConnection(vs, rs, { inPkts: 1 });
  return { kind: 'forward', virtualServer: key, realServer: rs };
}

/** The connection closed (a request answered): its entry waits out the FIN timeout in InActConn. */
export function endIpvsConnection(n: NodeIpvs, route: Extract<IpvsRoute, { kind: 'forward' }>, nowMs: number, traffic: { inPkts: number; outPkts: number; inBytes: number; outBytes: number }): void {
  const vs = n.table.virtualServers.get(route.virtualServer);
  if (!vs) return;
  const dest = { address: route.realServer.address, port: route.realServer.port };
  const rs = vs.realServers.find((d) => d.address === dest.address && d.port === dest.port) ?? vs.trash.find((d) => d.address === dest.address && d.port === dest.port);
  if (rs) {
    // The request's packets beyond the SYN counted at open.
    for (const s of [rs.stats, vs.stats]) {
      s.inPkts += traffic.inPkts - 1;
      s.outPkts += traffic.outPkts;
      s.inBytes += traffic.inBytes;
      s.outBytes += traffic.outBytes;
    }
  }
  closeConnection(vs, dest);
  // A closed TCP connection waits out FIN_WAIT/TIME_WAIT; a UDP entry (never active) its UDP timeout.
  const entry = { virtualServer: route.virtualServer, ...dest, expiresAtMs: nowMs + (vs.protocol === 'UDP' ? IPVS_UDP_TIMEOUT_MS : IPVS_TCP_FIN_TIMEOUT_MS) };
  // Kept in expiry order (TCP and UDP wait different times): after the last entry expiring no later.
  let i = n.closing.length;
  while (i > 0 && n.closing[i - 1]!.expiresAtMs > entry.expiresAtMs) i--;
  n.closing.splice(i, 0, entry);
}

/** TCP's usual maximum segment payload on a 1500-byte MTU (1500 − 20 IP − 20 TCP − 12 timestamps). */
const MSS_BYTES = 1448;
const HEADER_BYTES = 52;

/**
 * The packets and bytes IPVS counts for one short HTTP/1.1 exchange on a fresh connection (NAT
 * mode sees both directions): client → server SYN, ACK, the request, an ACK per two response
 * segments, FIN, last ACK; server → client SYN-ACK, the response segments, FIN. Bytes are IP bytes.
 */
export function httpExchangeTraffic(requestBytes: number, responseBytes: number): { inPkts: number; outPkts: number; inBytes: number; outBytes: number } {
  const segments = Math.max(1, Math.ceil(responseBytes / MSS_BYTES));
  const inPkts = 5 + Math.ceil(segments / 2);
  const outPkts = 2 + segments;
  return { inPkts, outPkts, inBytes: inPkts * HEADER_BYTES + requestBytes, outBytes: outPkts * HEADER_BYTES + responseBytes };
}
