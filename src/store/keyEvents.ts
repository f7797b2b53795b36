/**
 * Which trace records are "key events" (the event log's default view): role changes, etcd
 * lifecycle, control-plane milestones, the Service network's and the HA front's changes, host
 * faults and shell commands. The store keeps them in a ring of their own, so a flood of other
 * records (a control plane catching up after quorum returns writes hundreds) cannot push an
 * election out of the log before anyone sees it.
 */
import type { TraceRecord } from '../kernel/trace.ts';

/** Role changes of a Raft member (etcd's raft logger lines). */
export const ROLE_KINDS: readonly string[] = ['raft.become', 'raft.elect', 'raft.lead', 'raft.campaign', 'raft.step-down', 'raft.vote'];

/**
 * etcd server events worth a line: lifecycle, membership, snapshots. Proposals are not: with a
 * control plane running, leases and status updates propose several times a second and would
 * bury everything else (they stay in the "all" view).
 */
const ETCD_KINDS: readonly string[] = ['etcd.start', 'etcd.stop', 'etcd.exit', 'etcd.membership', 'etcd.snapshot'];

/**
 * Control-plane events worth a line: leader elections, nodes going NotReady, garbage collection,
 * unschedulable pods, apiserver cache resyncs, and a component held back by its client-side rate
 * limit (client-go logs that at most once every 10 s per process).
 */
const CONTROL_PLANE_KINDS: readonly string[] = ['scheduler.leader', 'kcm.leader', 'kcm.node', 'kcm.gc', 'scheduler.unschedulable', 'apiserver.cache', 'apiserver.start', 'apiserver.stop', 'apiserver.compact', 'client.throttle'];

/**
 * The Service network worth a line: kube-proxy, CoreDNS and the ingress-nginx controller
 * starting and stopping, each change kube-proxy makes to a node's IPVS table (a real server
 * added, set to weight 0, removed) and each Ingress status the controller writes. A request's
 * hops (`traffic.*`) stay in the "all" view: `sim load` makes many.
 */
const SERVICE_NETWORK_KINDS: readonly string[] = ['kube-proxy.start', 'kube-proxy.stop', 'ipvs.change', 'coredns.start', 'coredns.stop', 'ingress.start', 'ingress.stop', 'ingress.status'];

/**
 * The HA front worth a line: HAProxy and keepalived starting and stopping, a backend server going
 * DOWN or UP, a VRRP state change and the VIP being added or deleted. Each proxied request
 * (`traffic.haproxy`) stays in the "all" view.
 */
const HA_FRONT_KINDS: readonly string[] = ['haproxy.start', 'haproxy.stop', 'haproxy.server', 'keepalived.start', 'keepalived.stop', 'keepalived.state', 'keepalived.vip'];

/** Traffic: heartbeats, log replication and per-packet network records. */
export function isNoise(r: TraceRecord): boolean {
  if (r.kind === 'raft.send' || r.kind === 'raft.recv') return /^Msg(Heartbeat|HeartbeatResp|App|AppResp)\b/.test(r.summary);
  return r.kind.startsWith('net.') || r.kind.startsWith('tcp.');
}

/** What the default filter shows: role changes, etcd lifecycle, control-plane milestones, host faults and shell commands. */
export function isKeyEvent(r: TraceRecord): boolean {
  if (ROLE_KINDS.includes(r.kind) || r.kind.startsWith('host.') || r.kind === 'shell.command' || CONTROL_PLANE_KINDS.includes(r.kind) || SERVICE_NETWORK_KINDS.includes(r.kind) || HA_FRONT_KINDS.includes(r.kind)) return true;
  if (r.kind.startsWith('etcd.')) return ETCD_KINDS.includes(r.kind) || !/(request|response|members|propose)$/.test(r.kind);
  return false;
}

