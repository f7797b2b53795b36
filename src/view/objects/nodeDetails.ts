/**
 * What the node inspector shows for a node: its kube-proxy (running or not, syncs so far) and its
 * kernel's IPVS table as `ipvsadm -Ln` prints it, with the latest changes kube-proxy made to it
 * and why. Read on demand for the one selected node, never per frame for every node.
 */
import type { TraceRecord } from '../../kernel/trace.ts';
import { ipvsadmList } from '../../cluster/kube-proxy/ipvs.ts';
import type { World } from '../../simulation/world.ts';
import { FLANNEL_SUBNET_FILE, runtimeNetworkStatus } from '../../cluster/runtime/containerd.ts';
import { ipRouteLines } from '../../cluster/flannel/flanneld.ts';

/** flannel on a node: flanneld, the runtime's network readiness, what it wrote and the routes it left. */
export interface FlannelDetails {
  /** flanneld: absent (the pod network is not flannel), stopped (its container is not running), running. */
  flanneld: 'absent' | 'stopped' | 'running';
  /** containerd's NetworkReady (a CNI config in /etc/cni/net.d), with the message the node reports when not. */
  networkReady: boolean;
  networkMessage: string;
  /** /run/flannel/subnet.env on the host, or null when missing (new pods then fail with loadFlannelSubnetEnv). */
  subnetEnv: string | null;
  /** flannel.1 (VNI, VTEP MAC) in the node's kernel, or null before flanneld ever ran here. */
  device: string | null;
  /** `ip route` on the node. */
  routes: string[];
}

export interface NodeDetails {
  host: string;
  /** kube-proxy on this node: absent (not a node), stopped (its pod's container is not running), running. */
  kubeProxy: 'absent' | 'stopped' | 'running';
  syncs: number;
  /** `ipvsadm -Ln`, or null before kube-proxy ever ran here (the kernel has no IPVS state). */
  ipvs: string | null;
  /** The last IPVS changes kube-proxy made on this node, newest last. */
  changes: TraceRecord[];
  flannel: FlannelDetails;
}

/** What flannel looks like on one node (pure: reads the world, changes nothing). */
export function flannelDetails(w: World, host: string): FlannelDetails {
  const rt = w.runtimes[host];
  const f = w.flannels[host];
  const k = w.flannelKernels[host];
  const modelled = Boolean(rt?.hostFs);
  const net = rt ? runtimeNetworkStatus(rt) : { ready: true as const };
  const env = w.hosts[host]?.fs[FLANNEL_SUBNET_FILE];
  const cni0 = Boolean(rt && modelled && Object.values(rt.sandboxes).some((sb) => sb.state === 'SANDBOX_READY' && sb.ip !== rt.nodeIp));
  return {
    flanneld: !f || !modelled ? 'absent' : f.status === 'running' ? 'running' : 'stopped',
    networkReady: net.ready,
    networkMessage: net.ready ? '' : `NetworkReady=false reason:${net.reason} message:${net.message}`,
    subnetEnv: env && env.type === 'file' ? env.content : null,
    device: k?.device ? `${k.device.name}: VNI ${k.device.vni}, VTEP MAC ${k.device.vtepMac}, ${k.device.address}, mtu ${k.device.mtu}` : null,
    routes: ipRouteLines(k, w.hosts[host]?.ip ?? '', f?.subnet ?? null, cni0),
  };
}

const CHANGES_SHOWN = 8;

export function nodeDetails(w: World, host: string): NodeDetails | null {
  if (!w.kubelets[host]) return null;
  const p = w.kubeProxies[host];
  const ipvs = w.ipvs[host];
  const source = `${host}/kube-proxy`;
  const changes: TraceRecord[] = [];
  const records = w.kernel.trace.records;
  for (let i = records.length - 1; i >= 0 && changes.length < CHANGES_SHOWN; i--) {
    const r = records[i]!;
    if (r.source === source && r.kind === 'ipvs.change') changes.unshift(r);
  }
  return {
    host,
    kubeProxy: !p ? 'absent' : p.status === 'running' ? 'running' : 'stopped',
    syncs: p?.syncCount ?? 0,
    ipvs: ipvs ? ipvsadmList(ipvs.table, { numeric: true }).stdout : null,
    changes,
    flannel: flannelDetails(w, host),
  };
}
