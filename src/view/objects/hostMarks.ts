/**
 * What the topology adds to a host box from the control-plane facts: leader badges for the
 * scheduler and controller-manager that hold their Lease (the others are standbys and get none,
 * so three cp hosts never crowd the box's top edge), and one small square per pod on a node,
 * laid along the box's bottom edge and wrapped into rows that stay inside the box.
 */
import type { ClusterView, HostView, PodChip } from '../../store/simulationStore.ts';
import { podTone, type PodTone } from './podTone.ts';

export interface HostBadge {
  text: string;
  title: string;
}

export function leaderBadges(cluster: ClusterView, host: string): HostBadge[] {
  const cp = cluster.controlPlane.find((c) => c.host === host);
  if (!cp) return [];
  const out: HostBadge[] = [];
  if (cp.scheduler?.leader) out.push({ text: '★ scheduler', title: 'kube-scheduler on this host holds the kube-system/kube-scheduler Lease (leader)' });
  if (cp.controllerManager?.leader) out.push({ text: '★ ctrl-mgr', title: 'kube-controller-manager on this host holds the kube-system/kube-controller-manager Lease (leader)' });
  return out;
}

/**
 * The VIP badge of a load-balancer host: shown on the host whose eth0 has the VIP now (keepalived
 * in MASTER added it), with the keepalived state for the others, so a failover is seen as the badge
 * moving from lb-1 to lb-2. While a partition splits the lb hosts both hold it, as in reality; the
 * one the LAN sends the VIP's traffic to (the last gratuitous ARP) is marked.
 */
export function vipBadges(host: Pick<HostView, 'up' | 'vips' | 'vrrpState' | 'vipTarget'>): HostBadge[] {
  if (!host.up || host.vrrpState === undefined) return [];
  const out: HostBadge[] = [];
  for (const ip of host.vips ?? []) {
    out.push({ text: `VIP ${ip}${host.vipTarget?.includes(ip) ? '' : ' (no traffic)'}`, title: `keepalived (VRRP MASTER) holds ${ip} on eth0${host.vipTarget?.includes(ip) ? '; clients reach HAProxy here' : '; the LAN still sends it to the host that announced it last'}` });
  }
  const running = host.vrrpState !== 'stopped' && host.vrrpState !== 'failed';
  if (out.length === 0) out.push({ text: running ? `VRRP ${host.vrrpState}` : `keepalived ${host.vrrpState}`, title: 'keepalived on this host does not hold the VIP' });
  return out;
}

export interface PodMark {
  pod: PodChip;
  tone: PodTone;
  x: number;
  y: number;
}

export const POD_MARK = 9;
const GAP = 3;

/** Squares for the pods bound to `host`, right of x0 within width w, bottom row at yBottom, rows upwards. */
export function podMarks(cluster: ClusterView, host: string, x0: number, w: number, yBottom: number): PodMark[] {
  const node = cluster.nodes.find((n) => n.name === host);
  if (!node) return [];
  const perRow = Math.max(1, Math.floor((w + GAP) / (POD_MARK + GAP)));
  return node.pods.map((pod, i) => ({
    pod,
    tone: podTone(pod.status),
    x: x0 + (i % perRow) * (POD_MARK + GAP),
    y: yBottom - POD_MARK - Math.floor(i / perRow) * (POD_MARK + GAP),
  }));
}
