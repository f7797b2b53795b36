/**
 * kube-proxy as a process (cmd/kube-proxy, IPVS mode): it watches Services and EndpointSlices
 * through the apiserver and programs its node's IPVS table.
 *
 *  - Informers: services and endpointslices, both without the service-proxy-name and headless
 *    labels (PROXY_LABEL_SELECTOR). Nothing is programmed before both have
 *    synced (proxier.isInitialized).
 *  - Syncs run through a BoundedFrequencyRunner (pkg/util/async/bounded_frequency_runner.go):
 *    a change asks for a run; runs are at most `burstSyncs` = 2 back to back, then one per
 *    minSyncPeriod (1 s); with no change, one every syncPeriod (30 s) anyway.
 *  - The graceful-termination manager rechecks weight-0 destinations every minute.
 *
 * The table is the node kernel's (NodeIpvs): it stays as it is when kube-proxy stops, so a node
 * whose kube-proxy is down keeps forwarding to the backends it last knew — stale, as in reality.
 */
import { addInformer, createClient, onClientPacket, onClientTimer, startInformers, stopClient, type ClientNotification, type KubeClient } from '../client/client.ts';
import { emitTrace, type EffectSink } from '../effects.ts';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Service } from 'kubernetes-types/core/v1';
import { DEFAULT_IPVS_SCHEDULER, desiredIpvs, gracefulCheck, IPVS_MIN_SYNC_PERIOD_MS, IPVS_SYNC_PERIOD_MS, RS_CHECK_DELETE_INTERVAL_MS, syncIpvs, type DesiredIpvs, type IpvsChange } from './proxier.ts';
import { advanceIpvs, type NodeIpvs } from './nodeIpvs.ts';
import { IPVS_SCHEDULERS, type IpvsScheduler } from './ipvs.ts';

/**
 * cmd/kube-proxy/app/server.go: every informer lists with "no service-proxy-name label and no
 * headless label" (the endpointslice controller labels a headless Service's slices), in the
 * order labels.Selector.String() prints requirements: sorted by key.
 */
export const PROXY_LABEL_SELECTOR = '!service.kubernetes.io/headless,!service.kubernetes.io/service-proxy-name';

/** kube-proxy's BoundedFrequencyRunner burst (pkg/proxy/ipvs/proxier.go NewProxier: burstSyncs = 2). */
export const BURST_SYNCS = 2;

export interface KubeProxy {
  host: string;
  nodeName: string;
  nodeIp: string;
  status: 'running' | 'stopped';
  epoch: number;
  client: KubeClient;
  scheduler: IpvsScheduler;
  /** The runner's token bucket: tokens at `tokensAtMs`, refilled one per minSyncPeriod up to BURST_SYNCS. */
  tokens: number;
  tokensAtMs: number;
  /** A run is already scheduled (the runner's `run` channel holds one signal at most). */
  runQueued: boolean;
  initialSyncDone: boolean;
  syncCount: number;
  /** When the graceful-termination check started ticking (it ticks every minute from then). */
  startedAtMs: number;
  /**
   * The table the caches ask for, as of the last sync; null once a Service or EndpointSlice
   * changed. A memo of desiredIpvs over this process's caches: the periodic sync every 30 s
   * reapplies it to the kernel's table without rebuilding it from unchanged objects.
   */
  desired: DesiredIpvs | null;
}

const proc = (p: KubeProxy) => `${p.host}/kube-proxy`;

export function createKubeProxy(host: string, nodeName: string, nodeIp: string, server: string): KubeProxy {
  return { host, nodeName, nodeIp, status: 'stopped', epoch: 0, client: createClient('kube-proxy', host, server, 0), scheduler: DEFAULT_IPVS_SCHEDULER, tokens: BURST_SYNCS, tokensAtMs: 0, runQueued: false, initialSyncDone: false, syncCount: 0, startedAtMs: 0, desired: null };
}

/** The scheduler the config file asks for (`ipvs.scheduler`; empty means rr). Unknown names fail as kube-proxy's validation does. */
export function schedulerFromConfig(configText: string | undefined): IpvsScheduler | { error: string } {
  const m = /^\s*scheduler:\s*"?([A-Za-z]*)"?\s*$/m.exec(configText ?? '');
  const name = (m?.[1] ?? '').trim();
  if (name === '') return DEFAULT_IPVS_SCHEDULER;
  if ((IPVS_SCHEDULERS as readonly string[]).includes(name)) return name as IpvsScheduler;
  return { error: `invalid configuration: KubeProxyIPVSConfiguration.Scheduler: Invalid value: "${name}": must be in [rr wrr lc wlc lblc lblcr sh dh sed nq]` };
}

export function startKubeProxy(p: KubeProxy, scheduler: IpvsScheduler, sink: EffectSink): void {
  if (p.status === 'running') return;
  p.status = 'running';
  p.epoch++;
  p.client = createClient('kube-proxy', p.host, p.client.server, p.epoch);
  p.scheduler = scheduler;
  p.tokens = BURST_SYNCS;
  p.tokensAtMs = sink.now;
  p.runQueued = false;
  p.initialSyncDone = false;
  p.startedAtMs = sink.now;
  p.desired = null;
  // server.go: the service informer skips Services of another proxy and headless ones.
  addInformer(p.client, 'services', 'services', { labelSelector: PROXY_LABEL_SELECTOR });
  addInformer(p.client, 'endpointslices', 'endpointslices', { labelSelector: PROXY_LABEL_SELECTOR });
  startInformers(p.client, sink);
  emitTrace(sink, { source: proc(p), kind: 'kube-proxy.start', summary: `Using ipvs Proxier (scheduler ${scheduler}) on node ${p.nodeName}` });
}

export function stopKubeProxy(p: KubeProxy, reason: string, sink: EffectSink): void {
  if (p.status !== 'running') return;
  p.status = 'stopped';
  stopClient(p.client, sink);
  for (const t of ['run', 'graceful']) sink.effects.push({ type: 'timer.cancel', key: `${proc(p)}/${t}` });
  emitTrace(sink, { source: proc(p), kind: 'kube-proxy.stop', summary: `kube-proxy stopped (${reason}); the IPVS table stays as it was` });
}

export function onKubeProxyPacket(p: KubeProxy, ipvs: NodeIpvs, port: string, from: { host: string; port: string }, kind: string, body: unknown, sink: EffectSink): void {
  if (p.status !== 'running') return;
  handle(p, ipvs, onClientPacket(p.client, port, from, kind, body, sink), sink);
}

export function onKubeProxyTimer(p: KubeProxy, ipvs: NodeIpvs, payload: { type: string; [k: string]: unknown }, sink: EffectSink): void {
  if (p.status !== 'running') return;
  if (payload.type.startsWith('client.')) return handle(p, ipvs, onClientTimer(p.client, payload, sink), sink);
  if (payload.type === 'kube-proxy.run') {
    p.runQueued = false;
    return tryRun(p, ipvs, sink);
  }
  if (payload.type === 'kube-proxy.graceful') return graceful(p, ipvs, sink);
}

function handle(p: KubeProxy, ipvs: NodeIpvs, n: ClientNotification, sink: EffectSink): void {
  if (n.kind !== 'deltas') return;
  if (n.deltas.length > 0) p.desired = null;
  // OnServiceUpdate / OnEndpointSliceUpdate: the change trackers note it and ask the runner for a run.
  if (n.deltas.length > 0 || n.synced) requestRun(p, ipvs, sink);
}

/** BoundedFrequencyRunner.Run: one pending signal at most; it fires as soon as a token allows. */
function requestRun(p: KubeProxy, ipvs: NodeIpvs, sink: EffectSink): void {
  if (p.runQueued) return;
  refill(p, sink.now);
  if (p.tokens >= 1) return tryRun(p, ipvs, sink);
  p.runQueued = true;
  const waitMs = Math.ceil((1 - p.tokens) * IPVS_MIN_SYNC_PERIOD_MS);
  sink.effects.push({ type: 'timer.set', key: `${proc(p)}/run`, delayMs: waitMs, target: proc(p), payload: { type: 'kube-proxy.run' } });
}

function refill(p: KubeProxy, nowMs: number): void {
  p.tokens = Math.min(BURST_SYNCS, p.tokens + (nowMs - p.tokensAtMs) / IPVS_MIN_SYNC_PERIOD_MS);
  p.tokensAtMs = nowMs;
}

function tryRun(p: KubeProxy, ipvs: NodeIpvs, sink: EffectSink): void {
  refill(p, sink.now);
  if (p.tokens < 1) {
    p.runQueued = false;
    return requestRun(p, ipvs, sink);
  }
  p.tokens -= 1;
  syncProxyRules(p, ipvs, sink);
  // The runner's timer: with nothing asked, the next run comes after syncPeriod.
  sink.effects.push({ type: 'timer.set', key: `${proc(p)}/run`, delayMs: IPVS_SYNC_PERIOD_MS, target: proc(p), payload: { type: 'kube-proxy.run' } });
}

/** proxier.syncProxyRules: the desired table from the caches, applied to the kernel's. */
export function syncProxyRules(p: KubeProxy, ipvs: NodeIpvs, sink: EffectSink): void {
  const services = p.client.informers['services'];
  const slices = p.client.informers['endpointslices'];
  if (!services?.synced || !slices?.synced) return;
  advanceIpvs(ipvs, sink.now);
  const desired = (p.desired ??= desiredIpvs([...services.items.values()] as unknown as Service[], [...slices.items.values()] as unknown as EndpointSlice[], [p.nodeIp], p.scheduler, { nodeName: p.nodeName }));
  const { changes } = syncIpvs(ipvs.table, desired, sink.now, { initialSync: !p.initialSyncDone });
  p.initialSyncDone = true;
  p.syncCount++;
  traceChanges(p, changes, sink);
  if (ipvs.table.gracefulDeleteList.length > 0) armGraceful(p, sink);
}

function traceChanges(p: KubeProxy, changes: IpvsChange[], sink: EffectSink): void {
  for (const c of changes) emitTrace(sink, { source: proc(p), kind: 'ipvs.change', summary: c.message, data: { op: c.op, ...(c.virtualServer ? { virtualServer: c.virtualServer } : {}), ...(c.realServer ? { realServer: c.realServer } : {}) } });
}

/** The graceful-termination manager ticks every minute from start; a tick with an empty list does nothing, so it is armed only while the list has items. */
function armGraceful(p: KubeProxy, sink: EffectSink): void {
  const sinceStart = sink.now - p.startedAtMs;
  const next = p.startedAtMs + (Math.floor(sinceStart / RS_CHECK_DELETE_INTERVAL_MS) + 1) * RS_CHECK_DELETE_INTERVAL_MS;
  sink.effects.push({ type: 'timer.set', key: `${proc(p)}/graceful`, delayMs: next - sink.now, target: proc(p), payload: { type: 'kube-proxy.graceful' } });
}

function graceful(p: KubeProxy, ipvs: NodeIpvs, sink: EffectSink): void {
  advanceIpvs(ipvs, sink.now);
  const { changes } = gracefulCheck(ipvs.table, sink.now);
  traceChanges(p, changes, sink);
  if (ipvs.table.gracefulDeleteList.length > 0) armGraceful(p, sink);
}
