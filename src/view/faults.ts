/**
 * The fault menu's items: each is a shell command, submitted to the terminal so the user sees
 * (and learns) exactly what it does. Pure: the menu only renders these.
 */
import type { EtcdMemberFacts } from '../simulation/facts.ts';
import type { HostView } from '../store/simulationStore.ts';

export interface FaultItem {
  /** data-testid suffix: fault-<id>. */
  id: string;
  label: string;
  command: string;
  enabled: boolean;
}

export type FaultTarget = { type: 'host'; host: string } | { type: 'link'; a: string; b: string };

/** A command to run on `host` from the terminal's current host (via ssh when it is another). */
export function onHost(sessionHost: string, host: string, command: string): string {
  return sessionHost === host ? command : `ssh ${host} ${command}`;
}

export function hostFaultItems(host: HostView, member: EtcdMemberFacts | undefined, sessionHost: string): FaultItem[] {
  const items: FaultItem[] = [
    { id: 'crash', label: 'Crash host', command: `sim crash ${host.name}`, enabled: host.up },
    { id: 'boot', label: 'Boot host', command: `sim boot ${host.name}`, enabled: !host.up },
    { id: 'isolate', label: 'Isolate (partition)', command: `sim partition ${host.name}`, enabled: true },
  ];
  if (member) {
    // On a kubeadm control-plane host etcd is a static pod: the kubelet stops it when its manifest
    // leaves /etc/kubernetes/manifests (within 20 s) and starts it when the manifest returns.
    const unit = !host.units || host.units.includes('etcd');
    items.push(
      { id: 'stop-etcd', label: 'Stop etcd', command: onHost(sessionHost, host.name, unit ? 'systemctl stop etcd' : 'mv /etc/kubernetes/manifests/etcd.yaml /tmp/'), enabled: host.up && member.running },
      { id: 'start-etcd', label: 'Start etcd', command: onHost(sessionHost, host.name, unit ? 'systemctl start etcd' : 'mv /tmp/etcd.yaml /etc/kubernetes/manifests/'), enabled: host.up && !member.running },
    );
  }
  if (host.kubeletRunning !== undefined) {
    items.push(
      { id: 'stop-kubelet', label: 'Stop kubelet (containers keep running)', command: onHost(sessionHost, host.name, 'systemctl stop kubelet'), enabled: host.up && host.kubeletRunning },
      { id: 'start-kubelet', label: 'Start kubelet', command: onHost(sessionHost, host.name, 'systemctl start kubelet'), enabled: host.up && !host.kubeletRunning },
    );
  }
  return items;
}

export function linkFaultItems(a: string, b: string): FaultItem[] {
  return [
    { id: 'partition-pair', label: `Partition ${a} / ${b} apart`, command: `sim partition ${a} / ${b}`, enabled: true },
    { id: 'latency', label: 'Add 200 ms latency', command: `sim latency ${a} ${b} 200`, enabled: true },
    { id: 'loss', label: '20% packet loss', command: `sim loss ${a} ${b} 20`, enabled: true },
    { id: 'reset-link', label: 'Reset link (1 ms, no loss)', command: `sim latency ${a} ${b} 1\nsim loss ${a} ${b} 0`, enabled: true },
  ];
}

/** Whether the partition lets a and b talk (hosts in no group reach everyone). */
export function canTalk(partition: readonly (readonly string[])[], a: string, b: string): boolean {
  if (a === b) return true;
  const ga = partition.findIndex((g) => g.includes(a));
  const gb = partition.findIndex((g) => g.includes(b));
  return ga === -1 || gb === -1 || ga === gb;
}

/** The number of running leaders whose leadership is backed by a quorum. */
export function leaderCount(etcd: readonly EtcdMemberFacts[]): number {
  return etcd.filter((f) => f.running && f.role === 'leader' && f.hasQuorum).length;
}

/** True when there are etcd members and none of them is served by a leader with quorum. */
export function noQuorum(etcd: readonly EtcdMemberFacts[]): boolean {
  return etcd.length > 0 && !etcd.some((f) => f.hasQuorum);
}

export interface LinkCondition {
  a: string;
  b: string;
  latencyMs: number;
  lossPercent: number;
}

/** Links whose latency or loss differ from the network default, as `sim latency/loss` left them. */
export function degradedLinks(net: { defaultLink: { latencyMs: number; lossPercent: number }; links: Record<string, { latencyMs: number; lossPercent: number }> }): LinkCondition[] {
  const out: LinkCondition[] = [];
  for (const [key, l] of Object.entries(net.links)) {
    if (l.latencyMs === net.defaultLink.latencyMs && l.lossPercent === net.defaultLink.lossPercent) continue;
    const [a, b] = key.split('|') as [string, string];
    out.push({ a, b, latencyMs: l.latencyMs, lossPercent: l.lossPercent });
  }
  return out.sort((x, y) => (x.a + x.b < y.a + y.b ? -1 : 1));
}
