/**
 * The event log's rows, as pure functions of the view snapshot: which trace records to show
 * (key events by default, everything on request), newest first, each with a colour tone and a
 * summary in which etcd member IDs are followed by the member's name.
 */
import { formatVirtualTime, type TraceRecord } from '../kernel/trace.ts';
import type { EtcdMemberFacts } from '../simulation/facts.ts';

export type EventLogMode = 'key' | 'all';

/** Role changes of a Raft member (etcd's raft logger lines). */
export const ROLE_KINDS: readonly string[] = ['raft.become', 'raft.elect', 'raft.lead', 'raft.campaign', 'raft.step-down', 'raft.vote'];

/**
 * etcd server events worth a line: lifecycle, membership, snapshots. Proposals are not: with a
 * control plane running, leases and status updates propose several times a second and would
 * bury everything else (they stay in the "all" view).
 */
const ETCD_KINDS: readonly string[] = ['etcd.start', 'etcd.stop', 'etcd.exit', 'etcd.membership', 'etcd.snapshot'];

/** Control-plane events worth a line: leader elections, nodes going NotReady, garbage collection, unschedulable pods, apiserver cache resyncs. */
const CONTROL_PLANE_KINDS: readonly string[] = ['scheduler.leader', 'kcm.leader', 'kcm.node', 'kcm.gc', 'scheduler.unschedulable', 'apiserver.cache', 'apiserver.start', 'apiserver.stop', 'apiserver.compact'];

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

export type EventTone = 'stepdown' | 'leader' | 'fault' | 'role' | 'vote' | 'etcd' | 'command' | 'traffic' | 'other';

export const TONE_COLORS: Record<EventTone, string> = {
  stepdown: '#ef5350',
  leader: '#f5c542',
  fault: '#ff9a2e',
  role: '#c39bff',
  vote: '#9d8ac9',
  etcd: '#4fb3d9',
  command: '#7fd6a4',
  traffic: '#6b7685',
  other: '#aab6c4',
};

/** A record's colour: step-downs and lost leaders red, new leaders gold, faults orange. */
export function eventTone(r: TraceRecord): EventTone {
  if (r.kind === 'raft.step-down' || r.kind === 'etcd.exit' || (r.kind === 'raft.lead' && r.summary.includes(' lost leader '))) return 'stepdown';
  if (r.kind === 'raft.elect' || r.kind === 'raft.lead' || (r.kind === 'raft.become' && r.summary.includes('became leader'))) return 'leader';
  if (r.kind.startsWith('host.') || (r.kind === 'shell.command' && /^sim\s+(crash|partition|latency|loss|kill|pause|stop)\b/.test(r.summary))) return 'fault';
  if (r.kind === 'raft.become' || r.kind === 'raft.campaign') return 'role';
  if (r.kind === 'raft.vote') return 'vote';
  if (r.kind.startsWith('etcd.')) return 'etcd';
  if (r.kind === 'shell.command') return 'command';
  if (r.kind.startsWith('raft.') || r.kind.startsWith('net.') || r.kind.startsWith('tcp.')) return 'traffic';
  return 'other';
}

export interface EventRow {
  key: number;
  time: string;
  source: string;
  kind: string;
  tone: EventTone;
  summary: string;
  /** The record as the trace has it (for the tooltip). */
  raw: string;
}

/** member ID → member name, for making summaries readable. */
export function memberNames(etcd: readonly Pick<EtcdMemberFacts, 'id' | 'name'>[]): Map<string, string> {
  return new Map(etcd.filter((m) => m.id).map((m) => [m.id, m.name]));
}

/** Writes each known member ID as the member's name (the row's tooltip keeps the real text). */
export function annotateIds(summary: string, names: ReadonlyMap<string, string>): string {
  if (names.size === 0) return summary;
  return summary.replace(/\b[0-9a-f]{16}\b/g, (id) => names.get(id) ?? id);
}

/**
 * Rows for the log, newest first. `log` is the store's event log (no heartbeats); `recent` the
 * latest raw records, merged in for mode 'all' so that it really shows every record lately.
 */
export function eventLogRows(log: readonly TraceRecord[], recent: readonly TraceRecord[], mode: EventLogMode, names: ReadonlyMap<string, string>, limit = 300): EventRow[] {
  let records: readonly TraceRecord[];
  if (mode === 'key') records = log.filter(isKeyEvent);
  else {
    const byId = new Map<number, TraceRecord>();
    for (const r of log) byId.set(r.id, r);
    for (const r of recent) byId.set(r.id, r);
    records = [...byId.values()].sort((a, b) => a.id - b.id);
  }
  const out: EventRow[] = [];
  for (let i = records.length - 1; i >= 0 && out.length < limit; i--) {
    const r = records[i]!;
    out.push({
      key: r.id,
      time: formatVirtualTime(r.t),
      source: r.target && r.source === 'user' ? `user → ${r.target}` : r.source,
      kind: r.kind,
      tone: eventTone(r),
      summary: annotateIds(r.summary, names),
      raw: `${r.source}${r.target ? ` -> ${r.target}` : ''} ${r.kind}: ${r.summary}`,
    });
  }
  return out;
}
