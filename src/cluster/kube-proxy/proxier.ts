/**
 * What kube-proxy's IPVS proxier programs into the kernel, as pure functions
 * (Kubernetes v1.32, K pkg/proxy/ipvs/proxier.go `syncProxyRules`, `syncService`, `syncEndpoint`,
 * `cleanLegacyService`; K pkg/proxy/ipvs/graceful_termination.go; K pkg/proxy/topology.go
 * `CategorizeEndpoints`; K pkg/proxy/endpointslicecache.go; K pkg/proxy/serviceport.go).
 *
 * `desiredIpvs` turns Services and EndpointSlices into the virtual servers one node should have;
 * `syncIpvs` applies that onto the node's table the way syncProxyRules does (creating, updating,
 * gracefully deleting), and `gracefulCheck` is the graceful-termination manager's 1-minute pass.
 *
 * Not modelled: ipsets and the few iptables rules (masquerade, filtering), topology hints and
 * traffic distribution, IPv6 / dual stack, `--nodeport-addresses` CIDRs, excludeCIDRs, the `mh`
 * scheduler's flags.
 */
import type { Service, ServicePort } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import {
  addRealServer,
  addVirtualServer,
  deleteRealServer,
  deleteVirtualServer,
  findRealServer,
  ipv4ToInt,
  ipvsCmpServices,
  realServerKey,
  updateRealServer,
  updateVirtualServer,
  virtualServerKey,
  type GracefulDeleteItem,
  type IpvsProtocol,
  type IpvsScheduler,
  type IpvsTable,
  type VirtualServer,
  type VirtualServerSpec,
} from './ipvs.ts';

/**
 * ipvs.syncPeriod default: the full resync every 30 s
 * (K pkg/proxy/apis/config/v1alpha1/defaults.go `obj.IPVS.SyncPeriod = 30 * time.Second`).
 */
export const IPVS_SYNC_PERIOD_MS = 30_000;
/**
 * ipvs.minSyncPeriod / `--ipvs-min-sync-period` default in v1.32: 1 s, the least time between
 * two syncs triggered by Service/EndpointSlice changes (K cmd/kube-proxy/app/options.go: the flag
 * defaults to the config's MinSyncPeriod; kubernetes/website reference/command-line-tools-reference/
 * kube-proxy.md "--ipvs-min-sync-period duration Default: 1s"). Releases before the sync-period
 * rework defaulted it to 0.
 */
export const IPVS_MIN_SYNC_PERIOD_MS = 1_000;
/** graceful_termination.go `rsCheckDeleteInterval = 1 * time.Minute`. */
export const RS_CHECK_DELETE_INTERVAL_MS = 60_000;
/** proxier.go `defaultScheduler = "rr"` (used when ipvs.scheduler is empty). */
export const DEFAULT_IPVS_SCHEDULER: IpvsScheduler = 'rr';
/** proxier.go `defaultDummyDevice`. */
export const DEFAULT_DUMMY_DEVICE = 'kube-ipvs0';
/** core/v1 `DefaultClientIPServiceAffinitySeconds` (sessionAffinityConfig.clientIP.timeoutSeconds default). */
export const DEFAULT_CLIENT_IP_TIMEOUT_SECONDS = 10_800;

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export interface DesiredRealServer {
  address: string;
  port: number;
  weight: number;
}

export interface DesiredVirtualServer extends VirtualServerSpec {
  /** proxy.ServicePortName.String(): `namespace/name:portName` (`namespace/name` for an unnamed port). */
  servicePortName: string;
  realServers: DesiredRealServer[];
}

export interface DesiredIpvs {
  /** Addresses kube-ipvs0 should carry (sorted). */
  dummyAddresses: string[];
  /** Sorted by protocol number, address, port (ipvsadm's order, without its 32-bit wrap). */
  virtualServers: DesiredVirtualServer[];
}

export interface DesiredIpvsOptions {
  /** This node's name: endpoints with this `nodeName` are local (for the `Local` traffic policies). */
  nodeName?: string;
}

/** One endpoint of a service port as the proxy sees it (proxy.BaseEndpointInfo). */
export interface ProxyEndpoint {
  ip: string;
  port: number;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  isLocal: boolean;
}

function isIPv4(ip: string | undefined): ip is string {
  return !!ip && /^\d+\.\d+\.\d+\.\d+$/.test(ip);
}

/** proxy/util ShouldSkipService: no ClusterIP (headless `None` or unset) or type ExternalName. */
export function shouldSkipService(svc: Service): boolean {
  const ip = svc.spec?.clusterIP;
  if (!ip || ip === 'None') return true;
  return svc.spec?.type === 'ExternalName';
}

/** ServicePortName.String(). */
export function servicePortName(svc: Service, sp: ServicePort): string {
  const base = `${svc.metadata?.namespace ?? 'default'}/${svc.metadata?.name ?? ''}`;
  return sp.name ? `${base}:${sp.name}` : base;
}

/**
 * endpointslicecache.go addEndpoints for one service port: every slice of the Service
 * (label kubernetes.io/service-name) whose port has the service port's name and protocol gives
 * endpoints at that port; conditions default ready = true (nil), serving = true (nil),
 * terminating = false (nil); an endpoint in several slices counts once, a local copy preferred.
 */
export function endpointsForServicePort(svc: Service, sp: ServicePort, slices: EndpointSlice[], nodeName?: string): ProxyEndpoint[] {
  const ns = svc.metadata?.namespace ?? 'default';
  const name = svc.metadata?.name ?? '';
  const protocol = sp.protocol ?? 'TCP';
  const portName = sp.name ?? '';
  const byKey = new Map<string, ProxyEndpoint>();
  for (const slice of slices) {
    if ((slice.metadata?.namespace ?? 'default') !== ns || slice.metadata?.labels?.[SERVICE_NAME_LABEL] !== name) continue;
    if (slice.addressType !== 'IPv4') continue;
    for (const p of slice.ports ?? []) {
      if ((p.name ?? '') !== portName || (p.protocol ?? 'TCP') !== protocol || p.port === undefined) continue;
      for (const ep of slice.endpoints ?? []) {
        const ip = ep.addresses?.[0];
        if (!isIPv4(ip)) continue;
        const isLocal = !!nodeName && ep.nodeName === nodeName;
        const info: ProxyEndpoint = {
          ip,
          port: p.port,
          ready: ep.conditions?.ready ?? true,
          serving: ep.conditions?.serving ?? true,
          terminating: ep.conditions?.terminating ?? false,
          isLocal,
        };
        const k = `${ip}:${p.port}`;
        if (!byKey.has(k) || isLocal) byKey.set(k, info);
      }
    }
  }
  return [...byKey.values()];
}

/** The traffic-policy facts of one service port (serviceport.go BaseServicePortInfo). */
interface PolicyInfo {
  internalPolicyLocal: boolean;
  externalPolicyLocal: boolean;
  externallyAccessible: boolean;
}

/**
 * topology.go CategorizeEndpoints without topology hints: cluster endpoints are the ready ones,
 * or, when none is ready anywhere, the serving-and-terminating ones (ProxyTerminatingEndpoints,
 * GA in v1.28); local endpoints are the local ready ones, else the local serving-terminating ones.
 */
export function categorizeEndpoints(endpoints: ProxyEndpoint[], info: PolicyInfo): { clusterEndpoints: ProxyEndpoint[]; localEndpoints: ProxyEndpoint[]; hasAnyEndpoints: boolean } {
  let clusterEndpoints: ProxyEndpoint[] = [];
  let localEndpoints: ProxyEndpoint[] = [];
  let hasAnyEndpoints = false;
  const usesClusterEndpoints = !info.internalPolicyLocal || info.externallyAccessible;
  const usesLocalEndpoints = info.internalPolicyLocal || (info.externalPolicyLocal && info.externallyAccessible);
  if (usesClusterEndpoints) {
    clusterEndpoints = endpoints.filter((e) => e.ready);
    if (clusterEndpoints.length === 0) clusterEndpoints = endpoints.filter((e) => e.serving && e.terminating);
    if (clusterEndpoints.length > 0) hasAnyEndpoints = true;
  }
  if (!usesLocalEndpoints) return { clusterEndpoints, localEndpoints, hasAnyEndpoints };
  let localReady = false;
  let localServingTerminating = false;
  for (const e of endpoints) {
    if (e.ready) {
      hasAnyEndpoints = true;
      if (e.isLocal) localReady = true;
    } else if (e.serving && e.terminating) {
      hasAnyEndpoints = true;
      if (e.isLocal) localServingTerminating = true;
    }
  }
  if (localReady) localEndpoints = endpoints.filter((e) => e.isLocal && e.ready);
  else if (localServingTerminating) localEndpoints = endpoints.filter((e) => e.isLocal && e.serving && e.terminating);
  return { clusterEndpoints, localEndpoints, hasAnyEndpoints };
}

/** syncEndpoint's choice: local endpoints for a Local policy (falling back to cluster ones, PR #97081), else cluster ones. */
function chooseEndpoints(cat: ReturnType<typeof categorizeEndpoints>, onlyNodeLocalEndpoints: boolean): ProxyEndpoint[] {
  if (onlyNodeLocalEndpoints) return cat.localEndpoints.length > 0 ? cat.localEndpoints : cat.clusterEndpoints;
  return cat.clusterEndpoints;
}

/**
 * Destinations in the order this model adds them. Real kube-proxy adds them in Go map order
 * (`newEndpoints.UnsortedList()`), which is random; we sort by address then port so that runs
 * are reproducible. The kernel puts each new destination at the head of its list.
 */
function toRealServers(eps: ProxyEndpoint[]): DesiredRealServer[] {
  return eps
    .map((e) => ({ rs: { address: e.ip, port: e.port, weight: 1 }, n: ipv4ToInt(e.ip) }))
    .sort((a, b) => a.n - b.n || a.rs.port - b.rs.port)
    .map((x) => x.rs);
}

/** Protocol numbers (TCP 6, UDP 17, SCTP 132): the order ipvsadm lists them in. */
const PROTOCOL_ORDER: Record<IpvsProtocol, number> = { TCP: 6, UDP: 17, SCTP: 132 };

function compareIps(a: string, b: string): number {
  return ipv4ToInt(a) - ipv4ToInt(b);
}

/**
 * The virtual servers and kube-ipvs0 addresses a node should have (syncProxyRules' service loop):
 *
 * - skipped: headless (`clusterIP: None`), no ClusterIP, ExternalName;
 * - per service port: ClusterIP:port (address bound to kube-ipvs0); each externalIP:port and
 *   LoadBalancer ingress IP:port (bound unless the address is one of the node's own; ingress
 *   entries with `ipMode: Proxy` are left to the load balancer); each node IP:nodePort, not bound;
 * - NodePort addresses: with the default empty `--nodeport-addresses`, every local address of the
 *   node except kube-ipvs0's and loopback ones (netlink_linux.go GetAllLocalAddressesExcept,
 *   isValidForSet rejects loopback), so no 127.0.0.1 virtual servers. `nodeIps` is that list
 *   (the node IP, and cni0 / flannel.1 addresses where the caller models them);
 * - scheduler for all: `scheduler` (kube-proxy default rr); ClientIP affinity → persistent with
 *   sessionAffinityConfig.clientIP.timeoutSeconds (default 10800);
 * - destinations: endpoints at the slice port whose name and protocol match the service port,
 *   weight 1, chosen by categorizeEndpoints; ClusterIP uses the internal traffic policy, the
 *   external addresses and NodePorts the external one.
 */
export function desiredIpvs(services: Service[], endpointSlices: EndpointSlice[], nodeIps: string[], scheduler: IpvsScheduler = DEFAULT_IPVS_SCHEDULER, opts: DesiredIpvsOptions = {}): DesiredIpvs {
  const nodeAddressSet = new Set(nodeIps);
  const nodePortIps = nodeIps.filter((ip) => isIPv4(ip) && !ip.startsWith('127.')).sort(compareIps);
  const dummy = new Set<string>();
  const byKey = new Map<string, DesiredVirtualServer>();
  // endpointslicecache.go keeps slices by service; grouping once keeps a sync linear in objects.
  const slicesByService = new Map<string, EndpointSlice[]>();
  for (const slice of endpointSlices) {
    const svcName = slice.metadata?.labels?.[SERVICE_NAME_LABEL];
    if (svcName === undefined) continue;
    const k = `${slice.metadata?.namespace ?? 'default'}/${svcName}`;
    const group = slicesByService.get(k);
    if (group) group.push(slice);
    else slicesByService.set(k, [slice]);
  }

  for (const svc of services) {
    if (shouldSkipService(svc)) continue;
    const spec = svc.spec ?? {};
    const clusterIP = (spec.clusterIPs ?? []).find(isIPv4) ?? (isIPv4(spec.clusterIP) ? spec.clusterIP : undefined);
    if (!clusterIP) continue;
    const externalIPs = (spec.externalIPs ?? []).filter(isIPv4);
    const lbIPs = spec.type === 'LoadBalancer' ? (svc.status?.loadBalancer?.ingress ?? []).filter((i) => isIPv4(i.ip) && i.ipMode !== 'Proxy').map((i) => i.ip!) : [];
    const persistent = spec.sessionAffinity === 'ClientIP' ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_CLIENT_IP_TIMEOUT_SECONDS) : undefined;

    for (const sp of spec.ports ?? []) {
      const protocol = (sp.protocol ?? 'TCP') as IpvsProtocol;
      const nodePort = sp.nodePort ?? 0;
      const externallyAccessible = nodePort !== 0 || externalIPs.length > 0 || lbIPs.length > 0;
      const info: PolicyInfo = {
        internalPolicyLocal: spec.internalTrafficPolicy === 'Local',
        externalPolicyLocal: externallyAccessible && spec.externalTrafficPolicy === 'Local',
        externallyAccessible,
      };
      const cat = categorizeEndpoints(endpointsForServicePort(svc, sp, slicesByService.get(`${svc.metadata?.namespace ?? 'default'}/${svc.metadata?.name ?? ''}`) ?? [], opts.nodeName), info);
      const name = servicePortName(svc, sp);
      const add = (address: string, port: number, onlyLocal: boolean) => {
        const vs: DesiredVirtualServer = {
          protocol,
          address,
          port,
          scheduler,
          ...(persistent !== undefined ? { persistentTimeoutSeconds: persistent } : {}),
          servicePortName: name,
          realServers: toRealServers(chooseEndpoints(cat, onlyLocal)),
        };
        byKey.set(virtualServerKey(vs), vs);
      };

      add(clusterIP, sp.port, info.internalPolicyLocal);
      dummy.add(clusterIP);
      for (const ip of [...externalIPs, ...lbIPs]) {
        add(ip, sp.port, info.externalPolicyLocal);
        // "We must not add the address to the dummy device if it exist on another interface".
        if (!nodeAddressSet.has(ip)) dummy.add(ip);
      }
      if (nodePort !== 0) for (const ip of nodePortIps) add(ip, nodePort, info.externalPolicyLocal);
    }
  }

  const virtualServers = [...byKey.values()].sort(
    (a, b) => PROTOCOL_ORDER[a.protocol] - PROTOCOL_ORDER[b.protocol] || compareIps(a.address, b.address) || a.port - b.port,
  );
  return { dummyAddresses: [...dummy].sort(compareIps), virtualServers };
}

// ---------------------------------------------------------------------------------------------
// Applying it.

export type IpvsChangeOp =
  | 'AddVirtualServer'
  | 'UpdateVirtualServer'
  | 'DeleteVirtualServer'
  | 'AddRealServer'
  | 'UpdateRealServer'
  | 'DeleteRealServer'
  | 'GracefulDeleteRealServer'
  | 'BindAddress'
  | 'UnbindAddress';

/** One thing the proxier did to the kernel, with a message in the words of kube-proxy's log. */
export interface IpvsChange {
  op: IpvsChangeOp;
  virtualServer?: string;
  realServer?: string;
  message: string;
}

export interface SyncIpvsOptions {
  /** kube-proxy's first sync after start: existing destinations get weight 1 back (proxier.initialSync). */
  initialSync?: boolean;
}

/** GetUniqueRSName: `vs.String() + "/" + rs.String()`. */
export function uniqueRSName(vsKey: string, rsKey: string): string {
  return `${vsKey}/${rsKey}`;
}

function inGracefulList(table: IpvsTable, vsKey: string, rsKey: string): number {
  return table.gracefulDeleteList.findIndex((i) => i.virtualServer === vsKey && i.realServer === rsKey);
}

/** utilipvs IsRsGracefulTerminationNeeded: not for UDP or SCTP (expire_nodest_conn=1 drops their entries on the next packet). */
export function isRsGracefulTerminationNeeded(protocol: IpvsProtocol): boolean {
  return protocol !== 'UDP' && protocol !== 'SCTP';
}

/**
 * graceful_termination.go deleteRsFunc: delete the destination now if graceful termination does
 * not apply (UDP/SCTP) or it has no connections left; otherwise leave it. Returns whether it is
 * gone (a destination that is not there any more counts as gone, as upstream's "can't find the
 * real server" error does).
 */
function deleteRsFunc(table: IpvsTable, item: GracefulDeleteItem, changes: IpvsChange[]): boolean {
  const vs = table.virtualServers.get(item.virtualServer);
  const [address, portStr] = splitHostPort(item.realServer);
  const rs = vs ? findRealServer(vs, { address, port: Number(portStr) }) : undefined;
  if (!vs || !rs) return true;
  if (isRsGracefulTerminationNeeded(vs.protocol) && rs.activeConn + rs.inActConn !== 0) return false;
  deleteRealServer(vs, rs);
  changes.push({ op: 'DeleteRealServer', virtualServer: item.virtualServer, realServer: item.realServer, message: `Deleting real server ${uniqueRSName(item.virtualServer, item.realServer)}` });
  return true;
}

function splitHostPort(hp: string): [string, string] {
  const i = hp.lastIndexOf(':');
  return [hp.slice(0, i), hp.slice(i + 1)];
}

/**
 * GracefulDeleteRS: try deleting at once; if connections remain, set weight 0 (quiescent: no
 * new connections, existing ones carry on) and put it on the list for `gracefulCheck`.
 */
function gracefulDeleteRS(table: IpvsTable, vs: VirtualServer, rsKey: string, nowMs: number, changes: IpvsChange[]): void {
  const vsKey = virtualServerKey(vs);
  const item: GracefulDeleteItem = { virtualServer: vsKey, realServer: rsKey, sinceMs: nowMs };
  if (deleteRsFunc(table, item, changes)) return;
  const rs = findRealServer(vs, { address: splitHostPort(rsKey)[0], port: Number(splitHostPort(rsKey)[1]) })!;
  updateRealServer(vs, rs, 0);
  table.gracefulDeleteList.push(item);
  changes.push({
    op: 'GracefulDeleteRealServer',
    virtualServer: vsKey,
    realServer: rsKey,
    message: `Graceful delete of ${uniqueRSName(vsKey, rsKey)}: weight 0 until its ${rs.activeConn} ActiveConn + ${rs.inActConn} InActConn are gone`,
  });
}

function sameService(vs: VirtualServer, want: DesiredVirtualServer): boolean {
  return vs.scheduler === want.scheduler && vs.persistentTimeoutSeconds === want.persistentTimeoutSeconds;
}

/**
 * Applies `desired` onto `current` as syncProxyRules does, in its order: for each service
 * address, syncService (add or update the virtual server, bind its address) then syncEndpoint
 * (add new destinations; one coming back while on the graceful list is deleted and added again;
 * graceful delete for the ones that left); then cleanLegacyService (virtual servers no longer
 * wanted are deleted with all their destinations) and the unbinding of superfluous addresses.
 *
 * Mutates `current` (the kernel table is mutable state) and returns it with the changes made.
 * Simplification: graceful-list items of a deleted virtual server are dropped with it (upstream
 * keeps retrying them and logs an error each minute).
 */
export function syncIpvs(current: IpvsTable, desired: DesiredIpvs, nowMs: number, opts: SyncIpvsOptions = {}): { table: IpvsTable; changes: IpvsChange[] } {
  const table = current;
  const changes: IpvsChange[] = [];
  const active = new Set<string>();
  const wantBound = new Set(desired.dummyAddresses);
  const bound = new Set(table.dummyAddresses);

  for (const want of desired.virtualServers) {
    const vsKey = virtualServerKey(want);
    active.add(vsKey);
    // syncService.
    let vs = table.virtualServers.get(vsKey);
    if (!vs) {
      vs = addVirtualServer(table, want);
      changes.push({ op: 'AddVirtualServer', virtualServer: vsKey, message: `Adding new service "${want.servicePortName}" ${vsKey} ${describeVs(vs)}` });
    } else if (!sameService(vs, want)) {
      updateVirtualServer(vs, want);
      changes.push({ op: 'UpdateVirtualServer', virtualServer: vsKey, message: `IPVS service was changed "${want.servicePortName}" ${vsKey} ${describeVs(vs)}` });
    }
    if (wantBound.has(want.address) && !bound.has(want.address)) {
      bound.add(want.address);
      changes.push({ op: 'BindAddress', message: `Bind address ${want.address} to ${DEFAULT_DUMMY_DEVICE}` });
    }

    // syncEndpoint.
    const curKeys = new Set(vs.realServers.map(realServerKey));
    const newKeys = new Set(want.realServers.map(realServerKey));
    for (const rsWant of want.realServers) {
      const rsKey = realServerKey(rsWant);
      if (curKeys.has(rsKey)) {
        if (opts.initialSync && vs.realServers.some((d) => d.weight !== rsWant.weight)) {
          const rs = updateRealServer(vs, rsWant, rsWant.weight);
          changes.push({ op: 'UpdateRealServer', virtualServer: vsKey, realServer: rsKey, message: `Update destination ${rsKey} in ${vsKey}: weight ${rs.weight}` });
        }
        const g = inGracefulList(table, vsKey, rsKey);
        if (g < 0) continue;
        // MoveRSOutofGracefulDeleteList: "new ep is in graceful delete list" → delete, then add below.
        table.gracefulDeleteList.splice(g, 1);
        deleteRealServer(vs, rsWant);
        changes.push({ op: 'DeleteRealServer', virtualServer: vsKey, realServer: rsKey, message: `Endpoint ${rsKey} is back: removing ${uniqueRSName(vsKey, rsKey)} from the graceful delete list` });
      }
      addRealServer(vs, rsWant);
      changes.push({ op: 'AddRealServer', virtualServer: vsKey, realServer: rsKey, message: `Add destination ${rsKey} to ${vsKey} (Masq, weight ${rsWant.weight})` });
    }
    for (const rsKey of [...curKeys].filter((k) => !newKeys.has(k)).sort()) {
      if (inGracefulList(table, vsKey, rsKey) >= 0) continue;
      gracefulDeleteRS(table, vs, rsKey, nowMs, changes);
    }
  }

  // cleanLegacyService.
  for (const [vsKey] of [...table.virtualServers].filter(([k]) => !active.has(k)).sort(([, a], [, b]) => ipvsCmpServices(a, b))) {
    deleteVirtualServer(table, vsKey);
    table.gracefulDeleteList = table.gracefulDeleteList.filter((i) => i.virtualServer !== vsKey);
    changes.push({ op: 'DeleteVirtualServer', virtualServer: vsKey, message: `Delete service ${vsKey}` });
  }
  // Remove superfluous addresses from the dummy device.
  for (const addr of [...bound].sort(compareIps)) {
    if (wantBound.has(addr)) continue;
    bound.delete(addr);
    changes.push({ op: 'UnbindAddress', message: `Unbinding address ${addr} from ${DEFAULT_DUMMY_DEVICE}` });
  }
  table.dummyAddresses = [...bound].sort(compareIps);
  return { table, changes };
}

function describeVs(vs: VirtualServer): string {
  return vs.persistentTimeoutSeconds !== undefined ? `(${vs.scheduler}, persistent ${vs.persistentTimeoutSeconds})` : `(${vs.scheduler})`;
}

/**
 * The graceful-termination manager's pass, every RS_CHECK_DELETE_INTERVAL_MS (tryDeleteRs →
 * flushList(deleteRsFunc)): each listed destination whose ActiveConn + InActConn has reached 0
 * is deleted and leaves the list. Upstream walks a Go map (random order); this walks it sorted.
 */
export function gracefulCheck(table: IpvsTable, _nowMs: number): { table: IpvsTable; changes: IpvsChange[] } {
  // The pass does not look at the time; it takes the tick time like every other handler.
  const changes: IpvsChange[] = [];
  const items = [...table.gracefulDeleteList].sort((a, b) => (uniqueRSName(a.virtualServer, a.realServer) < uniqueRSName(b.virtualServer, b.realServer) ? -1 : 1));
  const keep: GracefulDeleteItem[] = [];
  for (const item of items) if (!deleteRsFunc(table, item, changes)) keep.push(item);
  table.gracefulDeleteList = keep;
  return { table, changes };
}
