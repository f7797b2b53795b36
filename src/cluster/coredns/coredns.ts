/**
 * CoreDNS as a process: one per CoreDNS pod (the Deployment has two replicas, which may share a
 * node), so each is keyed by its container. Its kubernetes plugin watches Services,
 * EndpointSlices and Namespaces (dnsControl) and answers from those caches (`resolve`,
 * records.ts); until they have synced, what would be NXDOMAIN is SERVFAIL, and `/ready` fails.
 *
 * Health as the probes see it (kubeadm's Deployment): `/health` on :8080 answers while the
 * process runs (the health plugin); `/ready` on :8181 once the kubernetes plugin has synced (the
 * ready plugin).
 */
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Service } from 'kubernetes-types/core/v1';
import { addInformer, createClient, onClientPacket, onClientTimer, startInformers, stopClient, type ClientNotification, type KubeClient } from '../client/client.ts';
import { emitTrace, type EffectSink } from '../effects.ts';
import { resolve, type DnsQuery, type DnsResponse } from './records.ts';

export interface CoreDns {
  host: string;
  containerId: string;
  /** The client's process name, unique per instance (`coredns.<container id>`): ports and timers carry it. */
  process: string;
  podIp: string;
  status: 'running' | 'stopped';
  client: KubeClient;
  /** Unix seconds of the last change the informers saw: the SOA serial (dnsControl.modified). */
  modifiedUnixSeconds: number;
}

export const COREDNS_HEALTH_PORT = 8080;
export const COREDNS_READY_PORT = 8181;

export function corednsProcessName(containerId: string): string {
  return `coredns.${containerId.slice(0, 12)}`;
}

export function startCoreDns(host: string, containerId: string, podIp: string, server: string, unixSeconds: number, sink: EffectSink): CoreDns {
  const process = corednsProcessName(containerId);
  const d: CoreDns = { host, containerId, process, podIp, status: 'running', client: createClient(process, host, server, 1), modifiedUnixSeconds: unixSeconds };
  // The kubernetes plugin's informers (controller.go): Services, EndpointSlices, Namespaces.
  addInformer(d.client, 'services', 'services');
  addInformer(d.client, 'endpointslices', 'endpointslices');
  addInformer(d.client, 'namespaces', 'namespaces');
  startInformers(d.client, sink);
  emitTrace(sink, { source: `${host}/${process}`, kind: 'coredns.start', summary: `CoreDNS-1.11.3 on ${podIp}: plugin/kubernetes watching Services, EndpointSlices and Namespaces` });
  return d;
}

export function stopCoreDns(d: CoreDns, reason: string, sink: EffectSink): void {
  if (d.status !== 'running') return;
  d.status = 'stopped';
  stopClient(d.client, sink);
  emitTrace(sink, { source: `${d.host}/${d.process}`, kind: 'coredns.stop', summary: `CoreDNS stopped (${reason})` });
}

export function onCoreDnsPacket(d: CoreDns, port: string, from: { host: string; port: string }, kind: string, body: unknown, unixSeconds: number, sink: EffectSink): void {
  if (d.status !== 'running') return;
  note(d, onClientPacket(d.client, port, from, kind, body, sink), unixSeconds);
}

export function onCoreDnsTimer(d: CoreDns, payload: { type: string; [k: string]: unknown }, unixSeconds: number, sink: EffectSink): void {
  if (d.status !== 'running') return;
  if (payload.type.startsWith('client.')) note(d, onClientTimer(d.client, payload, sink), unixSeconds);
}

function note(d: CoreDns, n: ClientNotification, unixSeconds: number): void {
  if (n.kind === 'deltas' && n.deltas.length > 0) d.modifiedUnixSeconds = unixSeconds;
}

/** dnsControl.HasSynced: every informer has listed once. */
export function corednsSynced(d: CoreDns): boolean {
  return d.status === 'running' && Object.values(d.client.informers).every((i) => i.synced);
}

/** The answer this replica gives (the Corefile's kubernetes, forward, cache and loadbalance steps). */
export function corednsAnswer(d: CoreDns, query: DnsQuery): DnsResponse {
  const items = (name: string) => [...(d.client.informers[name]?.items.values() ?? [])];
  return resolve(
    query,
    {
      synced: corednsSynced(d),
      services: items('services') as unknown as Service[],
      endpointSlices: items('endpointslices') as unknown as EndpointSlice[],
      namespaces: items('namespaces').map((o) => o.metadata?.name ?? ''),
      modifiedUnixSeconds: d.modifiedUnixSeconds,
    },
    { localIps: [d.podIp] },
  );
}

/** What the health (:8080 /health) and ready (:8181 /ready) plugins answer; null for other ports. */
export function corednsHealth(d: CoreDns, port: number): { status: number; body: string } | null {
  if (port === COREDNS_HEALTH_PORT) return { status: 200, body: 'OK' };
  if (port === COREDNS_READY_PORT) return corednsSynced(d) ? { status: 200, body: 'OK' } : { status: 503, body: 'kubernetes' };
  return null;
}
