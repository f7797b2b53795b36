/**
 * The kernel's IPVS table of one node, as plain data plus the operations the kernel performs on
 * it: adding/editing/deleting virtual servers and destinations (net/netfilter/ipvs/ip_vs_ctl.c),
 * choosing a destination for a new connection (the ip_vs_*.c scheduler modules and
 * ip_vs_core.c `ip_vs_schedule` / `ip_vs_sched_persist`), connection counters
 * (ip_vs_conn.c `ip_vs_bind_dest` / `ip_vs_unbind_dest`, ip_vs_proto_tcp.c `set_tcp_state`) and
 * the rate estimator (ip_vs_est.c).
 *
 * Sources: torvalds/linux net/netfilter/ipvs/ip_vs_{rr,wrr,lc,wlc,sh,dh,sed,nq}.c,
 * ip_vs_ctl.c `__ip_vs_update_dest`, include/net/ip_vs.h `ip_vs_dest_conn_overhead`, read
 * through the code index (several kernel revisions; the 6.x text where they differ).
 *
 * Mutation: like the kernel, these functions change the table/virtual server they are given
 * (DESIGN.md: "mutable indexed Maps in the core"). Everything here is plain data, so a world
 * holding a table can be `structuredClone`d. No clock, no randomness: time is the caller's `nowMs`.
 *
 * IPv4 only (the simulated cluster is single-stack IPv4).
 */

export type IpvsProtocol = 'TCP' | 'UDP' | 'SCTP';

/** The schedulers kube-proxy accepts that this model implements (kube-proxy default: rr). */
export type IpvsScheduler = 'rr' | 'wrr' | 'lc' | 'wlc' | 'sh' | 'dh' | 'sed' | 'nq';
export const IPVS_SCHEDULERS: readonly IpvsScheduler[] = ['rr', 'wrr', 'lc', 'wlc', 'sh', 'dh', 'sed', 'nq'];

/** What `ipvsadm -Ln` prints in its first line: IP_VS_VERSION_CODE 1.2.1 and the default connection table size 2^12 (CONFIG_IP_VS_TAB_BITS=12). */
export const IPVS_VERSION = '1.2.1';
export const IPVS_CONN_TAB_SIZE = 4096;

/**
 * Kernel connection timeouts (ipvsadm `--set tcp tcpfin udp` defaults; ip_vs_proto_tcp.c
 * tcp_timeouts ESTABLISHED 15 min, FIN_WAIT/TIME_WAIT 2 min; ip_vs_proto_udp.c NORMAL 5 min).
 * kube-proxy leaves them alone unless ipvs.tcpTimeout/tcpFinTimeout/udpTimeout are set (default 0).
 * The caller uses them to decide when `expireConnection` runs.
 */
export const IPVS_TCP_TIMEOUT_MS = 900_000;
export const IPVS_TCP_FIN_TIMEOUT_MS = 120_000;
export const IPVS_UDP_TIMEOUT_MS = 300_000;

/** ip_vs_est.c: the estimator samples every 2 seconds. */
export const IPVS_EST_INTERVAL_MS = 2_000;

/** Default persistence timeout of `ipvsadm -p` with no value (IPVS_SVC_PERSISTENT_TIMEOUT, 300 s). Kubernetes always passes its own. */
export const IPVS_DEFAULT_PERSISTENT_TIMEOUT_SECONDS = 300;

/** Cumulative counters (struct ip_vs_kstats): what `ipvsadm -Ln --stats` prints. */
export interface IpvsStats {
  conns: number;
  inPkts: number;
  outPkts: number;
  inBytes: number;
  outBytes: number;
}

/**
 * The rate estimator (ip_vs_est.c struct ip_vs_estimator). Rates are kept scaled as the kernel
 * keeps them: per-second connection/packet rates × 2^10, byte rates × 2^5; `last` is the counter
 * snapshot of the previous tick. `ipvsadm --rate` prints the unscaled, rounded values.
 */
export interface IpvsEstimator {
  last: IpvsStats;
  cps: number;
  inPps: number;
  outPps: number;
  inBps: number;
  outBps: number;
}

/** One destination (struct ip_vs_dest). */
export interface RealServer {
  address: string;
  port: number;
  /** 0 = quiescent: keeps its connections, gets no new ones. */
  weight: number;
  /** Connections in TCP/SCTP ESTABLISHED. */
  activeConn: number;
  /**
   * Every other connection entry: TCP/SCTP handshakes and closing states (FIN_WAIT, TIME_WAIT …,
   * kept for IPVS_TCP_FIN_TIMEOUT_MS) and all UDP entries (UDP never becomes "active": new
   * entries start with IP_VS_CONN_F_INACTIVE and only TCP/SCTP state changes clear it).
   */
  inActConn: number;
  /** kube-proxy always uses NAT (`-m`), printed `Masq`. */
  forward: 'Masq';
  stats: IpvsStats;
  est: IpvsEstimator;
}

/** A persistence template (ip_vs_core.c ip_vs_sched_persist): client → destination, netmask /32. */
export interface PersistenceEntry {
  clientIp: string;
  address: string;
  port: number;
  /** The template's timer is re-armed with the service timeout each time it is used. */
  lastUsedMs: number;
}

/** ip_vs_wrr.c struct ip_vs_wrr_mark. `cursor` is the key of `cl`, null when it is the list head. */
export interface WrrMark {
  cursor: string | null;
  cw: number;
  mw: number;
  di: number;
}

/** One virtual service (struct ip_vs_service). */
export interface VirtualServer {
  protocol: IpvsProtocol;
  address: string;
  port: number;
  scheduler: IpvsScheduler;
  /** Set for ClientIP session affinity (flag IP_VS_SVC_F_PERSISTENT, `persistent N` in ipvsadm). */
  persistentTimeoutSeconds?: number;
  /**
   * In the kernel's list order: `__ip_vs_update_dest` adds a destination with `list_add_rcu`
   * at the HEAD, so the newest destination comes first. Schedulers walk this order; ipvsadm sorts
   * it for display unless `--nosort`.
   */
  realServers: RealServer[];
  /**
   * Destinations deleted while connections still referenced them (the kernel's dest trash,
   * ip_vs_ctl.c `ip_vs_trash_get_dest`). Their counters keep moving as those connections close;
   * adding the same address:port back restores the entry, counters and stats included.
   */
  trash: RealServer[];
  /** ip_vs_rr.c sched_data: the key of the last chosen destination, null = the list head. */
  rrCursor: string | null;
  wrr: WrrMark;
  persistence: PersistenceEntry[];
  stats: IpvsStats;
  est: IpvsEstimator;
}

/** kube-proxy's GracefulTerminationManager list item (graceful_termination.go listItem). */
export interface GracefulDeleteItem {
  /** kube-proxy's `vs.String()`, e.g. `10.96.0.20:80/TCP`. */
  virtualServer: string;
  /** kube-proxy's `rs.String()`, e.g. `10.244.1.2:8080`. */
  realServer: string;
  sinceMs: number;
}

/** One node's IPVS state. */
export interface IpvsTable {
  /** Addresses bound to the dummy interface kube-ipvs0, each a /32 (sorted). */
  dummyAddresses: string[];
  /** Keyed by `virtualServerKey` (kube-proxy's `vs.String()`); Map order = creation order. */
  virtualServers: Map<string, VirtualServer>;
  /**
   * Not kernel state: kube-proxy's graceful-termination list, kept beside the table it describes
   * so that one value holds everything `ipvsadm` and the proxier need (see proxier.ts).
   */
  gracefulDeleteList: GracefulDeleteItem[];
}

export interface VirtualServerSpec {
  protocol: IpvsProtocol;
  address: string;
  port: number;
  scheduler: IpvsScheduler;
  persistentTimeoutSeconds?: number;
}

export interface RealServerSpec {
  address: string;
  port: number;
  weight: number;
}

// ---------------------------------------------------------------------------------------------
// Keys and small helpers.

/** kube-proxy's utilipvs VirtualServer.String(): `net.JoinHostPort(address, port) + "/" + protocol`. */
export function virtualServerKey(v: { protocol: IpvsProtocol; address: string; port: number }): string {
  return `${v.address}:${v.port}/${v.protocol}`;
}

/** kube-proxy's utilipvs RealServer.String(): `net.JoinHostPort(address, port)`. */
export function realServerKey(r: { address: string; port: number }): string {
  return `${r.address}:${r.port}`;
}

/** The dotted quad as an unsigned 32-bit integer (ntohl of the address). */
export function ipv4ToInt(ip: string): number {
  const known = ipv4Ints.get(ip);
  if (known !== undefined) return known;
  const n = parseIpv4(ip);
  // Sorting a table compares each address many times; the same few thousand addresses recur.
  if (ipv4Ints.size > 100_000) ipv4Ints.clear();
  ipv4Ints.set(ip, n);
  return n;
}

const ipv4Ints = new Map<string, number>();

function parseIpv4(ip: string): number {
  const parts = ip.split('.');
  if (parts.length !== 4) throw new Error(`not an IPv4 address: ${ip}`);
  let n = 0;
  for (const p of parts) {
    const b = Number(p);
    if (!Number.isInteger(b) || b < 0 || b > 255) throw new Error(`not an IPv4 address: ${ip}`);
    n = n * 256 + b;
  }
  return n;
}

function zeroStats(): IpvsStats {
  return { conns: 0, inPkts: 0, outPkts: 0, inBytes: 0, outBytes: 0 };
}

function newEstimator(): IpvsEstimator {
  return { last: zeroStats(), cps: 0, inPps: 0, outPps: 0, inBps: 0, outBps: 0 };
}

export function newIpvsTable(): IpvsTable {
  return { dummyAddresses: [], virtualServers: new Map(), gracefulDeleteList: [] };
}

// ---------------------------------------------------------------------------------------------
// Virtual servers (ip_vs_ctl.c ip_vs_add_service / ip_vs_edit_service / ip_vs_del_service).

/** `ipvsadm -A`. Error text of ipvs_strerror for an existing service: "Service already exists". */
export function addVirtualServer(table: IpvsTable, spec: VirtualServerSpec): VirtualServer {
  const key = virtualServerKey(spec);
  if (table.virtualServers.has(key)) throw new Error('Service already exists');
  const vs: VirtualServer = {
    protocol: spec.protocol,
    address: spec.address,
    port: spec.port,
    scheduler: spec.scheduler,
    ...(spec.persistentTimeoutSeconds !== undefined ? { persistentTimeoutSeconds: spec.persistentTimeoutSeconds } : {}),
    realServers: [],
    trash: [],
    rrCursor: null,
    wrr: { cursor: null, cw: 0, mw: 0, di: 1 },
    persistence: [],
    stats: zeroStats(),
    est: newEstimator(),
  };
  initScheduler(vs);
  table.virtualServers.set(key, vs);
  return vs;
}

/**
 * `ipvsadm -E`: a new scheduler is bound afresh (its init_service runs: the rr cursor goes back to
 * the head, wrr recomputes its mark). Turning persistence off drops the templates.
 */
export function updateVirtualServer(vs: VirtualServer, spec: { scheduler: IpvsScheduler; persistentTimeoutSeconds?: number }): void {
  if (vs.scheduler !== spec.scheduler) {
    vs.scheduler = spec.scheduler;
    initScheduler(vs);
  }
  if (spec.persistentTimeoutSeconds === undefined) {
    delete vs.persistentTimeoutSeconds;
    vs.persistence = [];
  } else vs.persistentTimeoutSeconds = spec.persistentTimeoutSeconds;
}

/** `ipvsadm -D`: the service goes with all its destinations at once, connections or not. */
export function deleteVirtualServer(table: IpvsTable, key: string): boolean {
  return table.virtualServers.delete(key);
}

// ---------------------------------------------------------------------------------------------
// Destinations (ip_vs_ctl.c ip_vs_add_dest / ip_vs_edit_dest / ip_vs_del_dest).

function findIndex(list: RealServer[], key: string): number {
  return list.findIndex((r) => realServerKey(r) === key);
}

export function findRealServer(vs: VirtualServer, dest: { address: string; port: number }): RealServer | undefined {
  return vs.realServers[findIndex(vs.realServers, realServerKey(dest))];
}

/**
 * `ipvsadm -a`: the destination goes to the HEAD of the list (`list_add_rcu`). One still in the
 * trash (deleted while connections used it) is restored with its counters and stats
 * (`ip_vs_trash_get_dest`). Error text for a duplicate: "Destination already exists".
 */
export function addRealServer(vs: VirtualServer, spec: RealServerSpec): RealServer {
  const key = realServerKey(spec);
  if (findIndex(vs.realServers, key) >= 0) throw new Error('Destination already exists');
  const t = findIndex(vs.trash, key);
  let rs: RealServer;
  if (t >= 0) {
    rs = vs.trash.splice(t, 1)[0]!;
    rs.weight = spec.weight;
  } else {
    rs = { address: spec.address, port: spec.port, weight: spec.weight, activeConn: 0, inActConn: 0, forward: 'Masq', stats: zeroStats(), est: newEstimator() };
  }
  vs.realServers.unshift(rs);
  destChanged(vs);
  return rs;
}

/** `ipvsadm -e -w W`: only the weight changes; schedulers with tables recompute them (upd_dest). */
export function updateRealServer(vs: VirtualServer, dest: { address: string; port: number }, weight: number): RealServer {
  const rs = findRealServer(vs, dest);
  if (!rs) throw new Error('No such destination');
  rs.weight = weight;
  destChanged(vs);
  return rs;
}

/**
 * `ipvsadm -d`. The rr cursor, if it pointed at this destination, moves to the entry before it
 * (ip_vs_rr_del_dest: `p->next->prev`), so the round goes on where it was. A destination that
 * still has connections goes to the trash; its counters keep moving until they reach zero.
 */
export function deleteRealServer(vs: VirtualServer, dest: { address: string; port: number }): RealServer {
  const key = realServerKey(dest);
  const i = findIndex(vs.realServers, key);
  if (i < 0) throw new Error('No such destination');
  const rs = vs.realServers.splice(i, 1)[0]!;
  if (vs.rrCursor === key) vs.rrCursor = i === 0 ? null : realServerKey(vs.realServers[i - 1]!);
  // Templates pointing at a deleted dest are invalid (IP_VS_DEST_F_AVAILABLE cleared).
  vs.persistence = vs.persistence.filter((p) => realServerKey(p) !== key);
  if (rs.activeConn + rs.inActConn > 0) vs.trash.push(rs);
  destChanged(vs);
  return rs;
}

// ---------------------------------------------------------------------------------------------
// Schedulers.

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** init_service of the bound scheduler. */
function initScheduler(vs: VirtualServer): void {
  vs.rrCursor = null;
  vs.wrr = { cursor: null, cw: 0, mw: 0, di: 1 };
  if (vs.scheduler === 'wrr') {
    // ip_vs_wrr_init_svc: cl = head, di = gcd, mw = max - (di - 1), cw = mw.
    const di = wrrGcdWeight(vs);
    const mw = wrrMaxWeight(vs) - (di - 1);
    vs.wrr = { cursor: null, cw: mw, mw, di };
  }
}

/** add_dest / del_dest / upd_dest hooks. sh and dh tables are a pure function of the list, computed when used. */
function destChanged(vs: VirtualServer): void {
  if (vs.scheduler === 'wrr') {
    // ip_vs_wrr_dest_changed.
    const m = vs.wrr;
    m.cursor = null;
    m.di = wrrGcdWeight(vs);
    m.mw = wrrMaxWeight(vs) - (m.di - 1);
    if (m.cw > m.mw || !m.cw) m.cw = m.mw;
    else if (m.di > 1) m.cw = Math.floor(m.cw / m.di) * m.di + 1;
  }
}

/** ip_vs_wrr_gcd_weight: gcd of the positive weights, 1 if there are none. */
function wrrGcdWeight(vs: VirtualServer): number {
  let g = 0;
  for (const d of vs.realServers) if (d.weight > 0) g = g > 0 ? gcd(d.weight, g) : d.weight;
  return g || 1;
}

function wrrMaxWeight(vs: VirtualServer): number {
  let w = 0;
  for (const d of vs.realServers) if (d.weight > w) w = d.weight;
  return w;
}

/** Index of the cursor in the list; -1 = the list head. */
function cursorIndex(vs: VirtualServer, cursor: string | null): number {
  return cursor === null ? -1 : findIndex(vs.realServers, cursor);
}

/**
 * ip_vs_rr_schedule: walk on from the last chosen destination, wrapping through the list head,
 * and take the first with weight > 0. The walk covers every destination once, the last one
 * checked being the previous choice itself.
 */
function scheduleRr(vs: VirtualServer): RealServer | null {
  const list = vs.realServers;
  const n = list.length;
  const start = cursorIndex(vs, vs.rrCursor);
  // From the head (start = -1) that is indices 0..n-1; from a destination, the ones after it,
  // wrapping, ending with that destination itself.
  for (let step = 1; step <= n; step++) {
    const d = list[(start + step) % n]!;
    if (d.weight > 0) {
      vs.rrCursor = realServerKey(d);
      return d;
    }
  }
  return null;
}

/**
 * ip_vs_wrr_schedule (the 6.x version with `last_pass`/`restarted`/`stop`): passes over the list
 * with a falling current weight cw; a destination is taken when weight >= cw.
 */
function scheduleWrr(vs: VirtualServer): RealServer | null {
  const m = vs.wrr;
  const list = vs.realServers;
  if (m.mw === 0) return null; // err_noavail
  let pos = cursorIndex(vs, m.cursor); // -1 = head
  const last = pos;
  let stop: number | null = null;
  let lastPass = false;
  let restarted = false;
  for (;;) {
    // list_for_each_entry_continue: from the entry after pos to the end of the list.
    for (pos = pos + 1; pos < list.length; pos++) {
      const d = list[pos]!;
      if (d.weight >= m.cw) {
        m.cursor = realServerKey(d);
        return d;
      }
      if (stop !== null && pos === stop) {
        m.cursor = realServerKey(d);
        return null; // err_over
      }
    }
    pos = -1; // back at the head
    m.cw -= m.di;
    if (m.cw <= 0) {
      m.cw = m.mw;
      if (lastPass || last === -1) {
        m.cursor = null;
        return null; // err_over
      }
      restarted = true;
    }
    lastPass = m.cw <= m.di;
    if (lastPass && restarted && last !== -1) stop = last;
  }
}

/** include/net/ip_vs.h ip_vs_dest_conn_overhead: activeconns × 256 + inactconns. */
export function destConnOverhead(d: RealServer): number {
  return d.activeConn * 256 + d.inActConn;
}

/** ip_vs_lc_schedule: the least overhead among weight > 0, first in list order on ties. */
function scheduleLc(vs: VirtualServer): RealServer | null {
  let least: RealServer | null = null;
  let loh = 0;
  for (const d of vs.realServers) {
    if (d.weight === 0) continue;
    const doh = destConnOverhead(d);
    if (!least || doh < loh) {
      least = d;
      loh = doh;
    }
  }
  return least;
}

/**
 * ip_vs_wlc_schedule (and ip_vs_sed_schedule with overhead activeconns + 1): the first usable
 * destination, then any later one with overhead/weight strictly lower (compared as
 * loh × w_d > doh × w_least, no division). A weight-0 destination can never win that comparison.
 */
function scheduleWeightedLeast(vs: VirtualServer, overhead: (d: RealServer) => number): RealServer | null {
  const list = vs.realServers;
  const first = list.findIndex((d) => d.weight > 0);
  if (first < 0) return null;
  let least = list[first]!;
  let loh = overhead(least);
  for (let i = first + 1; i < list.length; i++) {
    const d = list[i]!;
    const doh = overhead(d);
    if (loh * d.weight > doh * least.weight) {
      least = d;
      loh = doh;
    }
  }
  return least;
}

/** ip_vs_nq_schedule: an idle destination (activeconns 0) at once, else SED over activeconns + 1. */
function scheduleNq(vs: VirtualServer): RealServer | null {
  let least: RealServer | null = null;
  let loh = 0;
  for (const d of vs.realServers) {
    if (!d.weight) continue;
    const doh = d.activeConn + 1;
    if (d.activeConn === 0) return d;
    if (!least || loh * d.weight > doh * least.weight) {
      least = d;
      loh = doh;
    }
  }
  return least;
}

/** The 256 buckets (IP_VS_SH_TAB_BITS = 8) shared by sh and dh. */
export const IPVS_HASH_TAB_SIZE = 256;

/**
 * ip_vs_sh_reassign: buckets are filled walking the list, each destination taking `weight`
 * consecutive buckets (at least one: the `++d_count >= weight` test moves on at once for weight 0),
 * wrapping round the list until all 256 are filled.
 */
export function shBuckets(vs: VirtualServer): (RealServer | null)[] {
  const list = vs.realServers;
  const out: (RealServer | null)[] = [];
  if (list.length === 0) return new Array<RealServer | null>(IPVS_HASH_TAB_SIZE).fill(null);
  let p = 0;
  let count = 0;
  for (let i = 0; i < IPVS_HASH_TAB_SIZE; i++) {
    const d = list[p]!;
    out.push(d);
    if (++count >= d.weight) {
      p = (p + 1) % list.length;
      count = 0;
    }
  }
  return out;
}

/** ip_vs_dh_reassign: one bucket per destination in turn, regardless of weight. */
export function dhBuckets(vs: VirtualServer): (RealServer | null)[] {
  const list = vs.realServers;
  const out: (RealServer | null)[] = [];
  for (let i = 0; i < IPVS_HASH_TAB_SIZE; i++) out.push(list.length ? list[i % list.length]! : null);
  return out;
}

/**
 * The hash of ip_vs_sh_hashkey / ip_vs_dh_hashkey: `(ntohl(addr) [+ port] ) * 2654435761 & 255`.
 * Only the low 8 bits survive the mask, so the product can be taken modulo 256 exactly
 * (2654435761 mod 256 = 177) without 64-bit arithmetic.
 */
export function ipvsHashKey(ip: string, port = 0): number {
  const x = (ipv4ToInt(ip) + port) % 256;
  return (x * 177) % 256;
}

/** ip_vs_sh_schedule without the sh-fallback/sh-port flags (kube-proxy sets neither). */
function scheduleSh(vs: VirtualServer, clientIp: string): RealServer | null {
  const d = shBuckets(vs)[ipvsHashKey(clientIp)];
  return d && d.weight > 0 ? d : null;
}

/** ip_vs_dh_schedule: hashes the packet's destination, which for a virtual service is its own address. */
function scheduleDh(vs: VirtualServer): RealServer | null {
  const d = dhBuckets(vs)[ipvsHashKey(vs.address)];
  return d && d.weight > 0 ? d : null;
}

/** The bound scheduler's `schedule`, without persistence. */
export function runScheduler(vs: VirtualServer, clientIp: string): RealServer | null {
  switch (vs.scheduler) {
    case 'rr':
      return scheduleRr(vs);
    case 'wrr':
      return scheduleWrr(vs);
    case 'lc':
      return scheduleLc(vs);
    case 'wlc':
      return scheduleWeightedLeast(vs, destConnOverhead);
    case 'sed':
      return scheduleWeightedLeast(vs, (d) => d.activeConn + 1);
    case 'nq':
      return scheduleNq(vs);
    case 'sh':
      return scheduleSh(vs, clientIp);
    case 'dh':
      return scheduleDh(vs);
  }
}

/**
 * A new connection from `clientIp` to the virtual service: which destination gets it
 * (ip_vs_core.c ip_vs_schedule), or null when none can (ipvs then drops the packet / the client
 * sees a reset or timeout).
 *
 * Persistence (ip_vs_sched_persist): a client with a live template goes back to the template's
 * destination; the template lives `persistentTimeoutSeconds` after its last use. A template whose
 * destination is quiescent (weight 0) is expired instead, because kube-proxy sets
 * net/ipv4/vs/expire_quiescent_template=1 (proxier.go sysctlExpireQuiescentTemplate), so clients
 * of a terminating pod move on. Simplified: the kernel also keeps a template alive while
 * connections it controls are open (n_control); here only the time since last use counts.
 */
export function scheduleConnection(vs: VirtualServer, clientIp: string, nowMs: number): RealServer | null {
  const timeoutS = vs.persistentTimeoutSeconds;
  if (timeoutS === undefined) return runScheduler(vs, clientIp);
  const i = vs.persistence.findIndex((p) => p.clientIp === clientIp);
  if (i >= 0) {
    const t = vs.persistence[i]!;
    const rs = findRealServer(vs, t);
    if (nowMs - t.lastUsedMs < timeoutS * 1000 && rs && rs.weight > 0) {
      t.lastUsedMs = nowMs;
      return rs;
    }
    vs.persistence.splice(i, 1);
  }
  const rs = runScheduler(vs, clientIp);
  if (rs) vs.persistence.push({ clientIp, address: rs.address, port: rs.port, lastUsedMs: nowMs });
  return rs;
}

/** Drops persistence templates older than the service timeout (the templates' own timers). */
export function expirePersistence(table: IpvsTable, nowMs: number): void {
  for (const vs of table.virtualServers.values()) {
    const t = vs.persistentTimeoutSeconds;
    if (t === undefined) continue;
    vs.persistence = vs.persistence.filter((p) => nowMs - p.lastUsedMs < t * 1000);
  }
}

// ---------------------------------------------------------------------------------------------
// Connection accounting.

function findForConnection(vs: VirtualServer, dest: { address: string; port: number }): RealServer | undefined {
  const key = realServerKey(dest);
  return vs.realServers[findIndex(vs.realServers, key)] ?? vs.trash[findIndex(vs.trash, key)];
}

function dropEmptyTrash(vs: VirtualServer): void {
  vs.trash = vs.trash.filter((d) => d.activeConn + d.inActConn > 0);
}

export interface Traffic {
  inPkts?: number;
  outPkts?: number;
  inBytes?: number;
  outBytes?: number;
}

/** Adds packets/bytes to a destination and its service (ip_vs_in_stats / ip_vs_out_stats). */
export function recordTraffic(vs: VirtualServer, dest: { address: string; port: number }, t: Traffic): void {
  const rs = findForConnection(vs, dest);
  for (const s of rs ? [rs.stats, vs.stats] : [vs.stats]) {
    s.inPkts += t.inPkts ?? 0;
    s.outPkts += t.outPkts ?? 0;
    s.inBytes += t.inBytes ?? 0;
    s.outBytes += t.outBytes ?? 0;
  }
}

/**
 * A connection to `dest` has been set up (ip_vs_conn_new → ip_vs_bind_dest, stats.conns++).
 * TCP/SCTP: counted once established, in ActiveConn (the handshake's short InActConn phase is
 * folded in). UDP: an entry in InActConn — UDP entries never become active.
 */
export function openConnection(vs: VirtualServer, dest: { address: string; port: number }, traffic: Traffic = {}): void {
  const rs = findForConnection(vs, dest);
  if (!rs) throw new Error(`no destination ${realServerKey(dest)} in ${virtualServerKey(vs)}`);
  if (vs.protocol === 'UDP') rs.inActConn++;
  else rs.activeConn++;
  rs.stats.conns++;
  vs.stats.conns++;
  recordTraffic(vs, dest, traffic);
}

/**
 * A TCP/SCTP connection leaves ESTABLISHED (FIN or RST): ActiveConn → InActConn, where it stays
 * for the FIN_WAIT/TIME_WAIT timeout (IPVS_TCP_FIN_TIMEOUT_MS) until `expireConnection`.
 * UDP has no close: its entries only expire.
 */
export function closeConnection(vs: VirtualServer, dest: { address: string; port: number }): void {
  if (vs.protocol === 'UDP') return;
  const rs = findForConnection(vs, dest);
  if (!rs || rs.activeConn === 0) return;
  rs.activeConn--;
  rs.inActConn++;
}

/** An inactive entry's timer ran out (ip_vs_conn_expire → ip_vs_unbind_dest): InActConn--. */
export function expireConnection(vs: VirtualServer, dest: { address: string; port: number }): void {
  const rs = findForConnection(vs, dest);
  if (!rs || rs.inActConn === 0) return;
  rs.inActConn--;
  dropEmptyTrash(vs);
}

/**
 * One 2-second estimator tick for every service and destination (ip_vs_est.c
 * ip_vs_chain_estimation / estimation_timer): rate = delta << 9 (pkts, conns; per second × 2^10
 * over 2 s) or delta << 4 (bytes; × 2^5), avg += (rate − avg) >> 2.
 */
export function ipvsEstimatorTick(table: IpvsTable): boolean {
  let changed = false;
  const tick = (s: IpvsStats, e: IpvsEstimator) => {
    // Settled: every rate is 0 and no counter moved since the last tick, so this tick leaves it as it is.
    if (e.cps === 0 && e.inPps === 0 && e.outPps === 0 && e.inBps === 0 && e.outBps === 0 && sameStats(s, e.last)) return;
    changed = true;
    const ewma = (avg: number, rate: number) => avg + Math.floor((rate - avg) / 4);
    e.cps = ewma(e.cps, (s.conns - e.last.conns) * 512);
    e.inPps = ewma(e.inPps, (s.inPkts - e.last.inPkts) * 512);
    e.outPps = ewma(e.outPps, (s.outPkts - e.last.outPkts) * 512);
    e.inBps = ewma(e.inBps, (s.inBytes - e.last.inBytes) * 16);
    e.outBps = ewma(e.outBps, (s.outBytes - e.last.outBytes) * 16);
    e.last = { ...s };
  };
  for (const vs of table.virtualServers.values()) {
    tick(vs.stats, vs.est);
    for (const rs of vs.realServers) tick(rs.stats, rs.est);
  }
  return changed;
}

function sameStats(a: IpvsStats, b: IpvsStats): boolean {
  return a.conns === b.conns && a.inPkts === b.inPkts && a.outPkts === b.outPkts && a.inBytes === b.inBytes && a.outBytes === b.outBytes;
}

/** ip_vs_read_estimator: the rates `ipvsadm --rate` shows, rounded as the kernel rounds them. */
export function readRates(e: IpvsEstimator): { cps: number; inPps: number; outPps: number; inBps: number; outBps: number } {
  const r10 = (x: number) => Math.floor((x + 0x1ff) / 1024);
  const r5 = (x: number) => Math.floor((x + 0xf) / 32);
  return { cps: r10(e.cps), inPps: r10(e.inPps), outPps: r10(e.outPps), inBps: r5(e.inBps), outBps: r5(e.outBps) };
}

// ---------------------------------------------------------------------------------------------
// ipvsadm -L (Distrotech/ipvsadm ipvsadm.c print_title / print_service_entry / list_all /
// list_service; libipvs/libipvs.c ipvs_cmp_services / ipvs_cmp_dests; formats checked against
// the strings of Debian's ipvsadm 1:1.31-1+b1 binary, which prints the protocol with "%-4s %s").

export interface IpvsadmListOptions {
  /** `-n`: numeric addresses and ports. Without it ports get their /etc/services names. */
  numeric?: boolean;
  stats?: boolean;
  rate?: boolean;
  /** `--nosort`: kernel order (services: creation order here; destinations: list order, newest first). */
  nosort?: boolean;
  /** `-t` / `-u` / `--sctp-service VIP:PORT`: list only that service (no version header). */
  service?: { protocol: IpvsProtocol; address: string; port: number };
  /** Reverse lookup for non-numeric output (gethostbyaddr); default: none, the address is printed. */
  hostName?: (ip: string) => string | undefined;
}

export interface CommandOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * Port names from Debian's netbase /etc/services for the ports a cluster uses; ipvsadm looks
 * names up for tcp and udp only (port_to_service), so SCTP ports stay numeric.
 */
export const ETC_SERVICES: Readonly<Record<string, string>> = {
  'tcp/22': 'ssh',
  'tcp/53': 'domain',
  'udp/53': 'domain',
  'tcp/80': 'http',
  'tcp/443': 'https',
  'udp/443': 'https',
  'tcp/3306': 'mysql',
  'tcp/5432': 'postgresql',
  'tcp/6379': 'redis',
  'tcp/8080': 'http-alt',
};

const PROTO_NUMBER: Record<IpvsProtocol, number> = { TCP: 6, UDP: 17, SCTP: 132 };

/** C `int r = (u32)a - (u32)b`: the difference wraps to a signed 32-bit int, as libipvs computes it. */
function cDiffU32(a: number, b: number): number {
  return ((a - b) >>> 0) | 0;
}

/** libipvs ipvs_cmp_services: fwmark, af (all 0 / AF_INET here), protocol number, address, port. */
export function ipvsCmpServices(a: { protocol: IpvsProtocol; address: string; port: number }, b: { protocol: IpvsProtocol; address: string; port: number }): number {
  return PROTO_NUMBER[a.protocol] - PROTO_NUMBER[b.protocol] || cDiffU32(ipv4ToInt(a.address), ipv4ToInt(b.address)) || a.port - b.port;
}

/** libipvs ipvs_cmp_dests: address, then port. */
export function ipvsCmpDests(a: { address: string; port: number }, b: { address: string; port: number }): number {
  return cDiffU32(ipv4ToInt(a.address), ipv4ToInt(b.address)) || a.port - b.port;
}

function padEnd(s: string, w: number): string {
  return s.length >= w ? s : s + ' '.repeat(w - s.length);
}

function padStart(s: string, w: number): string {
  return s.length >= w ? s : ' '.repeat(w - s.length) + s;
}

/** print_largenum without --exact: 9 columns, K/M/G/T past 100 million. */
export function printLargenum(i: number): string {
  if (i < 100_000_000) return padStart(String(i), 9);
  if (i < 1_000_000_000) return padStart(String(Math.floor(i / 1000)), 8) + 'K';
  if (i < 100_000_000_000) return padStart(String(Math.floor(i / 1_000_000)), 8) + 'M';
  if (i < 100_000_000_000_000) return padStart(String(Math.floor(i / 1_000_000_000)), 8) + 'G';
  return padStart(String(Math.floor(i / 1_000_000_000_000)), 8) + 'T';
}

/** addrport_to_anyname. */
function addrPort(address: string, port: number, protocol: IpvsProtocol, opts: IpvsadmListOptions): string {
  if (opts.numeric) return `${address}:${port}`;
  const host = opts.hostName?.(address) ?? address;
  const name = protocol === 'SCTP' ? undefined : ETC_SERVICES[`${protocol.toLowerCase()}/${port}`];
  return `${host}:${name ?? port}`;
}

function printTitle(opts: IpvsadmListOptions): string {
  const cols = (names: string[]) => `${padEnd('Prot LocalAddress:Port', 33)} ${names.map((n) => padStart(n, 8)).join(' ')}\n  -> RemoteAddress:Port\n`;
  if (opts.stats) return cols(['Conns', 'InPkts', 'OutPkts', 'InBytes', 'OutBytes']);
  if (opts.rate) return cols(['CPS', 'InPPS', 'OutPPS', 'InBPS', 'OutBPS']);
  return 'Prot LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n';
}

function printServiceEntry(vs: VirtualServer, opts: IpvsadmListOptions): string {
  // sprintf(svc_name, "%-4s %s", protocol, vname); svc_name[33] = '\0' for IPv4.
  const svcName = `${padEnd(vs.protocol, 4)} ${addrPort(vs.address, vs.port, vs.protocol, opts)}`.slice(0, 33);
  let out: string;
  if (opts.stats) {
    const s = vs.stats;
    out = padEnd(svcName, 33) + [s.conns, s.inPkts, s.outPkts, s.inBytes, s.outBytes].map(printLargenum).join('');
  } else if (opts.rate) {
    const r = readRates(vs.est);
    out = padEnd(svcName, 33) + [r.cps, r.inPps, r.outPps, r.inBps, r.outBps].map(printLargenum).join('');
  } else {
    out = `${svcName} ${vs.scheduler}`;
    if (vs.persistentTimeoutSeconds !== undefined) out += ` persistent ${vs.persistentTimeoutSeconds}`;
  }
  out += '\n';
  const dests = opts.nosort ? [...vs.realServers] : [...vs.realServers].sort(ipvsCmpDests);
  for (const d of dests) {
    const dname = addrPort(d.address, d.port, vs.protocol, opts).slice(0, 28); // dname[28] = '\0'
    if (opts.stats) {
      const s = d.stats;
      out += `  -> ${padEnd(dname, 28)}${[s.conns, s.inPkts, s.outPkts, s.inBytes, s.outBytes].map(printLargenum).join('')}\n`;
    } else if (opts.rate) {
      const r = readRates(d.est);
      out += `  -> ${padEnd(dname, 28)} ${padStart(String(r.cps), 8)} ${padStart(String(r.inPps), 8)} ${padStart(String(r.outPps), 8)}${printLargenum(r.inBps)}${printLargenum(r.outBps)}\n`;
    } else {
      // "  -> %-28s %-7s %-6d %-10u %-10u\n": the last column is padded too, so lines end in spaces.
      out += `  -> ${padEnd(dname, 28)} ${padEnd(d.forward, 7)} ${padEnd(String(d.weight), 6)} ${padEnd(String(d.activeConn), 10)} ${padEnd(String(d.inActConn), 10)}\n`;
    }
  }
  return out;
}

/**
 * What `ipvsadm -L` prints: `-Ln`, `-Ln --stats`, `-Ln --rate`, `-Ln -t VIP:PORT`.
 * list_all prints the version header; list_service (one service) does not. A missing service
 * gives ipvs_strerror(ESRCH) for ipvs_get_service, "No such service", exit status 1.
 */
export function ipvsadmList(table: IpvsTable, opts: IpvsadmListOptions = {}): CommandOutput {
  if (opts.service) {
    const vs = table.virtualServers.get(virtualServerKey(opts.service));
    if (!vs) return { stdout: '', stderr: 'No such service\n', exitCode: 1 };
    return { stdout: printTitle(opts) + printServiceEntry(vs, opts), stderr: '', exitCode: 0 };
  }
  let out = `IP Virtual Server version ${IPVS_VERSION} (size=${IPVS_CONN_TAB_SIZE})\n`;
  const services = [...table.virtualServers.values()];
  if (!opts.nosort) services.sort(ipvsCmpServices);
  out += printTitle(opts);
  for (const vs of services) out += printServiceEntry(vs, opts);
  return { stdout: out, stderr: '', exitCode: 0 };
}
