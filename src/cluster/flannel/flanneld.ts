/**
 * flanneld as a process (flannel v0.26.7, `flanneld --ip-masq --kube-subnet-mgr`), one per node,
 * running in the kube-flannel DaemonSet pod's container (hostNetwork).
 *
 *  - The kube subnet manager (pkg/subnet/kube/kube.go): the node's lease is the podCIDR the
 *    node IPAM controller gave the Node; flanneld reads it from its Node and fails without one
 *    (`failed to acquire lease: node "..." pod cidr not assigned`).
 *  - AcquireLease patches the Node (status subresource) with its annotations: backend-data
 *    (`{"VNI":1,"VtepMAC":"..."}`), backend-type `vxlan`, kube-subnet-manager `true`, public-ip.
 *  - It writes /run/flannel/subnet.env (pkg/subnet/subnet.go WriteSubnetFile): FLANNEL_NETWORK,
 *    FLANNEL_SUBNET as the subnet's first address, FLANNEL_MTU (1500 less 50 of VXLAN
 *    overhead: 1450), FLANNEL_IPMASQ.
 *  - The vxlan backend (pkg/backend/vxlan) creates `flannel.1` (VNI 1) and, for every other
 *    node's lease it sees through its Node watch, a route `<subnet> via <subnet's .0> dev
 *    flannel.1 onlink`; a lease that goes away takes its route with it.
 *
 * The device and routes are the node kernel's (FlannelKernel): they stay when flanneld stops, so
 * pods keep reaching the nodes flanneld knew, and nodes added afterwards stay unreachable.
 */
import { addInformer, createClient, onClientPacket, onClientTimer, request, startInformers, stopClient, type ClientNotification, type Delta, type KubeClient } from '../client/client.ts';
import { emitKlog, emitTrace, type EffectSink } from '../effects.ts';
import type { KubeObject } from '../apiserver/messages.ts';
import { fnv1a32 } from '../../kernel/index.ts';

export const FLANNEL_ANNOTATION_PREFIX = 'flannel.alpha.coreos.com';
export const FLANNEL_VNI = 1;
/** vxlan.go: the device MTU is the uplink's (1500) less 50 bytes of encapsulation. */
export const FLANNEL_MTU = 1450;
export const FLANNEL_DEVICE = `flannel.${FLANNEL_VNI}`;

export interface Flanneld {
  host: string;
  nodeName: string;
  nodeIp: string;
  /** net-conf.json's Network (kube-flannel-cfg). */
  network: string;
  status: 'running' | 'stopped';
  epoch: number;
  client: KubeClient;
  /** The lease: this node's subnet, once read from its Node. */
  subnet: string | null;
  /** What the simulation writes to the host's /run/flannel/subnet.env (set when the lease is acquired). */
  pendingSubnetEnv: string | null;
  /** Why it exited by itself (no podCIDR), for the simulation to end its container. */
  exitError: string | null;
  /** The Node watch has listed once and every lease became a route; later events are applied one by one. */
  routesSynced: boolean;
}

/** A klog line in flanneld's container log; `at` is the flannel v0.26.7 source line that logs it (`main.go:412`). */
function log(f: Flanneld, sink: EffectSink, at: string, text: string, level: 'I' | 'W' | 'E' = 'I'): void {
  emitKlog(sink, f.host, 'flanneld', level, at, text);
}

/** The node kernel's share of flannel: the VXLAN device and the routes to other nodes' subnets. */
export interface FlannelKernel {
  device: { name: string; vni: number; vtepMac: string; address: string; mtu: number } | null;
  /** Destination subnet → gateway (the subnet's network address, onlink through flannel.1). */
  routes: Record<string, string>;
}

export function createFlannelKernel(): FlannelKernel {
  return { device: null, routes: {} };
}

const proc = (f: Flanneld) => `${f.host}/flanneld`;

export function createFlanneld(host: string, nodeName: string, nodeIp: string, server: string): Flanneld {
  return { host, nodeName, nodeIp, network: '10.244.0.0/16', status: 'stopped', epoch: 0, client: createClient('flanneld', host, server, 0), subnet: null, pendingSubnetEnv: null, exitError: null, routesSynced: false };
}

/** A VTEP MAC as the kernel would make one up for flannel.1: locally administered, stable per node here. */
export function vtepMacFor(nodeName: string): string {
  const a = fnv1a32(`vtep/${nodeName}`);
  const b = fnv1a32(`vtep2/${nodeName}`);
  const bytes = [((a >>> 24) & 0xfe) | 0x02, (a >>> 16) & 0xff, (a >>> 8) & 0xff, a & 0xff, (b >>> 8) & 0xff, b & 0xff];
  return bytes.map((x) => x.toString(16).padStart(2, '0')).join(':');
}

/** net-conf.json's Network, or the error flanneld exits with when it cannot read it. */
export function parseNetConf(text: string | undefined): { network: string; backend: string } | { error: string } {
  if (text === undefined) return { error: 'failed to read net conf: open /etc/kube-flannel/net-conf.json: no such file or directory' };
  try {
    const conf = JSON.parse(text) as { Network?: string; Backend?: { Type?: string } };
    if (!conf.Network) return { error: 'failed to parse config: please define a correct Network parameter in the flannel config' };
    return { network: conf.Network, backend: conf.Backend?.Type ?? 'udp' };
  } catch (e) {
    return { error: `error decoding network config: ${(e as Error).message}` };
  }
}

/** pkg/subnet/subnet.go WriteSubnetFile: the subnet's first usable address, the MTU, ip-masq. */
export function subnetEnv(network: string, subnet: string, ipMasq = true): string {
  const [addr, len] = subnet.split('/');
  const o = addr!.split('.').map(Number);
  const first = `${o[0]}.${o[1]}.${o[2]}.${o[3]! + 1}/${len}`;
  return `FLANNEL_NETWORK=${network}\nFLANNEL_SUBNET=${first}\nFLANNEL_MTU=${FLANNEL_MTU}\nFLANNEL_IPMASQ=${ipMasq}\n`;
}

/** kube.go AcquireLease: the annotations flanneld puts on its Node. */
export function leaseAnnotations(vtepMac: string, publicIp: string): Record<string, string> {
  return {
    [`${FLANNEL_ANNOTATION_PREFIX}/backend-data`]: JSON.stringify({ VNI: FLANNEL_VNI, VtepMAC: vtepMac }),
    [`${FLANNEL_ANNOTATION_PREFIX}/backend-type`]: 'vxlan',
    [`${FLANNEL_ANNOTATION_PREFIX}/kube-subnet-manager`]: 'true',
    [`${FLANNEL_ANNOTATION_PREFIX}/public-ip`]: publicIp,
  };
}

/**
 * The routes the vxlan backend keeps for the leases it sees: every other node that carries
 * flannel's backend annotations and has a podCIDR (vxlan_network.go handleSubnetEvents).
 */
export function desiredRoutes(nodes: KubeObject[], self: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of nodes) {
    if (n.metadata?.name === self) continue;
    const cidr = (n['spec'] as { podCIDR?: string } | undefined)?.podCIDR;
    const annotations = (n.metadata?.annotations ?? {}) as Record<string, string>;
    if (!cidr || annotations[`${FLANNEL_ANNOTATION_PREFIX}/backend-type`] !== 'vxlan') continue;
    out[cidr] = cidr.replace(/\/\d+$/, '');
  }
  return out;
}

/** `ip route` on the node: the default route, the node's LAN, flannel's routes, cni0's subnet. */
export function ipRouteLines(k: FlannelKernel | undefined, nodeIp: string, ownSubnet: string | null, cni0Up: boolean): string[] {
  const lan = nodeIp.replace(/\.\d+$/, '.0/24');
  const lines = [`default via ${nodeIp.replace(/\.\d+$/, '.1')} dev eth0 proto static`];
  const subnets: [string, string][] = [[lan, `dev eth0 proto kernel scope link src ${nodeIp}`]];
  for (const [dst, via] of Object.entries(k?.routes ?? {})) subnets.push([dst, `via ${via} dev ${FLANNEL_DEVICE} onlink`]);
  if (ownSubnet && cni0Up) subnets.push([ownSubnet, `dev cni0 proto kernel scope link src ${ownSubnet.replace(/\.0\/\d+$/, '.1')}`]);
  subnets.sort((a, b) => ipKey(a[0]) - ipKey(b[0]));
  return [...lines, ...subnets.map(([d, rest]) => `${d} ${rest}`)];
}

function ipKey(cidr: string): number {
  const o = cidr.split('/')[0]!.split('.').map(Number);
  return ((o[0]! * 256 + o[1]!) * 256 + o[2]!) * 256 + o[3]!;
}

export function startFlanneld(f: Flanneld, network: string, sink: EffectSink): void {
  if (f.status === 'running') return;
  f.status = 'running';
  f.epoch++;
  f.network = network;
  f.client = createClient('flanneld', f.host, f.client.server, f.epoch);
  f.subnet = null;
  f.pendingSubnetEnv = null;
  f.exitError = null;
  f.routesSynced = false;
  emitTrace(sink, { source: proc(f), kind: 'flannel.start', summary: `flanneld on ${f.nodeName}: kube subnet manager, network ${network}, backend vxlan` });
  // main.go, pkg/ipmatch/match.go and pkg/backend/vxlan/vxlan.go at v0.26.7, as flanneld starts.
  log(f, sink, 'main.go:231', `Created subnet manager: Kubernetes Subnet Manager - ${f.nodeName}`);
  log(f, sink, 'main.go:234', 'Installing signal handlers');
  log(f, sink, 'main.go:468', 'Found network config - Backend type: vxlan');
  log(f, sink, 'match.go:211', 'Determining IP address of default interface');
  log(f, sink, 'match.go:264', `Using interface with name eth0 and address ${f.nodeIp}`);
  log(f, sink, 'match.go:286', `Defaulting external address to interface address (${f.nodeIp})`);
  log(f, sink, 'vxlan.go:141', `VXLAN config: VNI=${FLANNEL_VNI} Port=0 GBP=false Learning=false DirectRouting=false`);
  request(f.client, { verb: 'get', resource: 'nodes', name: f.nodeName }, 'node', sink);
}

export function stopFlanneld(f: Flanneld, reason: string, sink: EffectSink): void {
  if (f.status !== 'running') return;
  f.status = 'stopped';
  stopClient(f.client, sink);
  emitTrace(sink, { source: proc(f), kind: 'flannel.stop', summary: `flanneld stopped (${reason}); ${FLANNEL_DEVICE} and its routes stay in the kernel` });
}

export function onFlanneldPacket(f: Flanneld, kernel: FlannelKernel, port: string, from: { host: string; port: string }, kind: string, body: unknown, sink: EffectSink): void {
  if (f.status !== 'running') return;
  handle(f, kernel, onClientPacket(f.client, port, from, kind, body, sink), sink);
}

export function onFlanneldTimer(f: Flanneld, kernel: FlannelKernel, payload: { type: string; [k: string]: unknown }, sink: EffectSink): void {
  if (f.status !== 'running') return;
  if (payload.type.startsWith('client.')) handle(f, kernel, onClientTimer(f.client, payload, sink), sink);
  if (payload.type === 'flanneld.retry') request(f.client, { verb: 'get', resource: 'nodes', name: f.nodeName }, 'node', sink);
}

function handle(f: Flanneld, kernel: FlannelKernel, n: ClientNotification, sink: EffectSink): void {
  if (n.kind === 'deltas') return f.routesSynced ? applyLeaseEvents(f, kernel, n.deltas, sink) : syncRoutes(f, kernel, sink);
  if (n.kind !== 'response') return;
  if (n.tag === 'node') {
    if (!n.resp || !n.resp.ok) {
      // The apiserver did not answer: the kube subnet manager's client retries.
      sink.effects.push({ type: 'timer.set', key: `${proc(f)}/retry`, delayMs: 1000, target: proc(f), payload: { type: 'flanneld.retry' } });
      return;
    }
    const node = n.resp.body as KubeObject;
    const cidr = (node['spec'] as { podCIDR?: string } | undefined)?.podCIDR;
    if (!cidr) {
      f.exitError = `E0000 main.go:359] Error registering network: failed to acquire lease: node "${f.nodeName}" pod cidr not assigned`;
      return;
    }
    acquire(f, kernel, cidr, sink);
  }
}

function acquire(f: Flanneld, kernel: FlannelKernel, cidr: string, sink: EffectSink): void {
  f.subnet = cidr;
  const vtepMac = kernel.device?.vtepMac ?? vtepMacFor(f.nodeName);
  // vxlan.go RegisterNetwork: flannel.1 with the subnet's network address (/32).
  kernel.device = { name: FLANNEL_DEVICE, vni: FLANNEL_VNI, vtepMac, address: cidr.replace(/\/\d+$/, '/32'), mtu: FLANNEL_MTU };
  request(f.client, { verb: 'patch', resource: 'nodes', name: f.nodeName, subresource: 'status', patchType: 'strategic', patch: { metadata: { annotations: leaseAnnotations(vtepMac, f.nodeIp) } } }, 'annotate', sink);
  f.pendingSubnetEnv = subnetEnv(f.network, cidr);
  log(f, sink, 'iptables.go:125', 'Setting up masking rules');
  log(f, sink, 'main.go:412', 'Wrote subnet file to /run/flannel/subnet.env');
  log(f, sink, 'main.go:416', 'Running backend.');
  log(f, sink, 'vxlan_network.go:65', 'watching for new subnet leases');
  emitTrace(sink, { source: proc(f), kind: 'flannel.lease', summary: `Acquired lease ${cidr} for ${f.nodeName}; wrote /run/flannel/subnet.env (FLANNEL_SUBNET=${cidr.replace(/\.0\/(\d+)$/, '.1/$1')}, FLANNEL_MTU=${FLANNEL_MTU})` });
  // The subnet manager's watch of Nodes: every other lease becomes a route.
  addInformer(f.client, 'nodes', 'nodes');
  startInformers(f.client, sink);
}

/**
 * The watch's events after the first list, one lease at a time (vxlan_network.go
 * handleSubnetEvents): a node's route follows its podCIDR and annotations; a deleted node's goes.
 */
function applyLeaseEvents(f: Flanneld, kernel: FlannelKernel, deltas: Delta[], sink: EffectSink): void {
  for (const d of deltas) {
    const name = d.object.metadata?.name;
    if (name === f.nodeName) continue;
    const before = d.old ? desiredRoutes([d.old], f.nodeName) : {};
    const after = d.type === 'deleted' ? {} : desiredRoutes([d.object], f.nodeName);
    for (const dst of Object.keys(before)) {
      if (after[dst] || kernel.routes[dst] === undefined) continue;
      delete kernel.routes[dst];
      emitTrace(sink, { source: proc(f), kind: 'flannel.route', summary: `route del ${dst} dev ${FLANNEL_DEVICE}` });
    }
    if (d.type === 'deleted') {
      // The lease went with its Node: its route too, whatever the informer's last copy said.
      const cidr = (d.object['spec'] as { podCIDR?: string } | undefined)?.podCIDR;
      if (cidr && kernel.routes[cidr] !== undefined) {
        delete kernel.routes[cidr];
        emitTrace(sink, { source: proc(f), kind: 'flannel.route', summary: `route del ${cidr} dev ${FLANNEL_DEVICE}` });
      }
      continue;
    }
    for (const [dst, via] of Object.entries(after)) addRoute(f, kernel, dst, via, d.object, sink);
  }
}

function addRoute(f: Flanneld, kernel: FlannelKernel, dst: string, via: string, node: KubeObject | undefined, sink: EffectSink): void {
  if (kernel.routes[dst] === via) return;
  kernel.routes[dst] = via;
  const a = (node?.metadata?.annotations ?? {}) as Record<string, string>;
  log(f, sink, 'vxlan_network.go:100', `Received Subnet Event with VxLan: BackendType: vxlan, PublicIP: ${a[`${FLANNEL_ANNOTATION_PREFIX}/public-ip`] ?? ''}, PublicIPv6: (nil), BackendData: ${a[`${FLANNEL_ANNOTATION_PREFIX}/backend-data`] ?? '(nil)'}, BackendV6Data: (nil)`);
  emitTrace(sink, { source: proc(f), kind: 'flannel.route', summary: `route add ${dst} via ${via} dev ${FLANNEL_DEVICE} onlink` });
}

/** The first list of Nodes: a route per lease, and none for a lease that is gone. */
function syncRoutes(f: Flanneld, kernel: FlannelKernel, sink: EffectSink): void {
  const nodes = f.client.informers['nodes'];
  if (!nodes?.synced || !f.subnet) return;
  f.routesSynced = true;
  const items = [...nodes.items.values()] as KubeObject[];
  const want = desiredRoutes(items, f.nodeName);
  for (const [dst, via] of Object.entries(want)) addRoute(f, kernel, dst, via, items.find((x) => (x['spec'] as { podCIDR?: string } | undefined)?.podCIDR === dst), sink);
  for (const dst of Object.keys(kernel.routes)) {
    if (want[dst]) continue;
    delete kernel.routes[dst];
    emitTrace(sink, { source: proc(f), kind: 'flannel.route', summary: `route del ${dst} dev ${FLANNEL_DEVICE}` });
  }
}
