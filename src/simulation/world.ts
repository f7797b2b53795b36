/**
 * The world: every host, the network, every process's state, the kernel (clock, queue, timers,
 * trace) and the etcd clients in flight. Plain data throughout, so `checkpoint` is a
 * structuredClone and a restored world runs on exactly as the original would.
 *
 * This module carries out the effects that components return and dispatches events to them.
 */
import { cancelTimer, createKernel, deriveStream, memoized, nextEvent, schedule, setTimer, SIM_EPOCH_UNIX_MS, traceNow, traceNowCaused, traceNowFields, type Kernel, type SimEvent } from '../kernel/index.ts';
import type { Address, ClusterEffect } from '../cluster/effects.ts';
import { newSink } from '../cluster/effects.ts';
import { createHost, mkdirp, type Host, type HostRole } from '../cluster/host/host.ts';
import { createNetwork, decideDelivery, type NetworkState } from '../cluster/network/network.ts';
import type { EtcdDurable } from '../cluster/etcd/durable.ts';
import type { EtcdRequest, EtcdResponse } from '../cluster/etcd/messages.ts';
import { CLIENT_PORT, PEER_PORT, createMember, onJoinRetry, onMembersRequest, onMembersResponse, onClientRequest, onPeerMessage, onRequestTimer, onTick, startMember, stopMember, type EtcdConfig, type EtcdMember } from '../cluster/etcd/server.ts';
import type { Message } from '../cluster/etcd/raft/types.ts';
import { onApiRequest, onBootstrapTimer, onCompactTimer, onEndpointsTimer, onEtcdPong, onEtcdReset, onEtcdResponse, onKeepaliveTimer, onKubeletApiResponse, onKubeletConnected, onKubeletReset, onRequestTimeout, onResyncTimer, onWatchTimeout, startApiServer, stopApiServer, watchClients, type ApiServer } from '../cluster/apiserver/server.ts';
import { APISERVER_PORT, KUBELET_API_PORT, type ApiRequest, type KubeletApiRequest, type KubeletApiResponse, type PongBody, type WatchFrame } from '../cluster/apiserver/messages.ts';
import { onKubeletApi } from '../cluster/kubelet/server.ts';
import { parsePort } from '../cluster/client/client.ts';
import { onKubeSchedulerPacket, onKubeSchedulerTimer, startKubeScheduler, stopKubeScheduler, type KubeScheduler } from '../cluster/scheduler/kubeScheduler.ts';
import { onControllerManagerPacket, onControllerManagerTimer, startControllerManager, stopControllerManager, type ControllerManager } from '../cluster/controllers/controllerManager.ts';
import { onKubeletPacket, onKubeletTimer, startKubelet, stopKubelet, type Kubelet } from '../cluster/kubelet/kubelet.ts';
import { appendContainerLog, componentExited, crashRuntime, onRuntimePacket, onRuntimeTimer, readContainerFile, type ContainerRuntime } from '../cluster/runtime/containerd.ts';
import { etcdHostDataDir } from './kubeadm.ts';
import { onRegistryPacket, type Registry } from '../cluster/registry/registry.ts';
import { REGISTRY_PORT } from '../cluster/registry/messages.ts';
import { criFor, podNetwork } from './podnet.ts';
import { onKubeProxyPacket, onKubeProxyTimer, schedulerFromConfig, startKubeProxy, stopKubeProxy, type KubeProxy } from '../cluster/kube-proxy/kubeProxy.ts';
import { createNodeIpvs, type NodeIpvs } from '../cluster/kube-proxy/nodeIpvs.ts';
import { onCoreDnsPacket, onCoreDnsTimer, startCoreDns, stopCoreDns, type CoreDns } from '../cluster/coredns/coredns.ts';
import type { EffectSink } from '../cluster/effects.ts';
import { onIngressNginxPacket, onIngressNginxTimer, startIngressNginx, stopIngressNginx, type IngressNginx } from '../cluster/ingress/controller.ts';
import { createHaproxy, isProxiedRequest, onFrontendPacket, onHaproxyPacket, onHaproxyTimer, onProxiedConnectLost, startHaproxy, stopHaproxy, type HaproxyProcess } from '../cluster/haproxy/process.ts';
import { HAPROXY_CFG_PATH } from '../cluster/haproxy/config.ts';
import { createKeepalived, onKeepalivedPacket, onKeepalivedTimer, onVrrpAdvert, startKeepalived, stopKeepalived, VRRP_PORT, type KeepalivedOutcome, type KeepalivedProcess } from '../cluster/keepalived/process.ts';
import { KEEPALIVED_CONF_PATH } from '../cluster/keepalived/config.ts';
import { VRRP_MULTICAST_GROUP, type VrrpAdvert } from '../cluster/keepalived/vrrp.machine.ts';
import { createFlannelKernel, onFlanneldPacket, onFlanneldTimer, parseNetConf, startFlanneld, stopFlanneld, type FlannelKernel, type Flanneld } from '../cluster/flannel/flanneld.ts';
import { FLANNEL_SUBNET_FILE } from '../cluster/runtime/containerd.ts';

export type PresetName = 'single' | 'ha' | 'ha-external';

/** A user input recorded for replay: the command line and the virtual time it was entered. */
export interface RecordedInput {
  atMs: number;
  host: string;
  line: string;
}

export interface Packet {
  id: number;
  from: Address;
  to: Address;
  kind: string;
  body: unknown;
  summary: string;
  sentAt: number;
  /** When it arrives (in order behind the packets sent before it on the same connection). */
  arriveAt: number;
}

/** An etcd client call in flight (one gRPC call made by etcdctl). */
export interface ClientCall {
  port: string;
  host: string;
  /** host:port strings as the user gave them, resolved to hosts. */
  endpoints: { label: string; host: string }[];
  /** Which server the call talks to: etcd's client port or the apiserver's 6443. */
  service: 'etcd' | 'kube';
  req: EtcdRequest | ApiRequest;
  startedAt: number;
  deadlineAt: number;
  state: 'connecting' | 'sent' | 'done';
  connectedTo: string | null;
  refused: string[];
  responses: unknown[];
  timedOut: boolean;
  /** A stream (watch) stays open after the first response. */
  stream: boolean;
  /** The server closed the connection without answering (HAProxy with no server UP): the client reads EOF. */
  eof?: boolean;
}

export interface World {
  kernel: Kernel;
  seed: number;
  preset: PresetName;
  hosts: Record<string, Host>;
  hostOrder: string[];
  ipToHost: Record<string, string>;
  network: NetworkState;
  etcd: Record<string, EtcdMember>;
  apiservers: Record<string, ApiServer>;
  schedulers: Record<string, KubeScheduler>;
  controllerManagers: Record<string, ControllerManager>;
  /** The kubelet and containerd on every node. */
  kubelets: Record<string, Kubelet>;
  runtimes: Record<string, ContainerRuntime>;
  /** kube-proxy on every node (it runs when its DaemonSet pod's container does). */
  kubeProxies: Record<string, KubeProxy>;
  /** Each node kernel's IPVS state: created when kube-proxy first runs there, lost when the host crashes. */
  ipvs: Record<string, NodeIpvs>;
  /** CoreDNS processes by container id (two replicas may share a node). */
  corednses: Record<string, CoreDns>;
  /** ingress-nginx controller processes by container id (installed by `kubectl apply -f <ingress-nginx deploy.yaml>`). */
  ingressControllers: Record<string, IngressNginx>;
  /** flanneld on every node (it runs when its kube-flannel-ds pod's container does). */
  flannels: Record<string, Flanneld>;
  /** Each node kernel's flannel.1 device and routes: they outlive flanneld, not a host crash. */
  flannelKernels: Record<string, FlannelKernel>;
  /** The image registry on the `registry` host. */
  registry: Registry | null;
  /** Round-robin position per ClusterIP for the pod-network stand-in (podnet.ts). */
  serviceTurns: Record<string, number>;
  /**
   * What systemd starts on each host at boot: `etcd` (a unit file: external etcd, or etcd-only
   * worlds), `kubelet` and `containerd`; and in worlds without kubelets the control-plane
   * processes themselves. Everything else runs as a static pod the kubelet starts.
   */
  units: Record<string, string[]>;
  /** Which container runs a modelled component on a host: host → process → container id. */
  bound: Record<string, Record<string, string>>;
  calls: Record<string, ClientCall>;
  nextCallPort: number;
  inputs: RecordedInput[];
  /**
   * When the last packet of each connection (source host:port → destination host:port) arrives.
   * Every connection here is TCP (HTTP/2, gRPC, rafthttp streams): its bytes arrive in the order
   * they were sent, so a packet never overtakes the one before it, whatever its own jitter.
   */
  flowArrivals: FlowArrivals;
  /** HAProxy on the load-balancer hosts (a systemd unit reading /etc/haproxy/haproxy.cfg). */
  haproxies: Record<string, HaproxyProcess>;
  /** keepalived on the load-balancer hosts (a systemd unit reading /etc/keepalived/keepalived.conf). */
  keepaliveds: Record<string, KeepalivedProcess>;
  /** Extra addresses on each host's eth0 (the VIP, added by keepalived in MASTER). Lost with the host's memory. */
  hostVips: Record<string, string[]>;
  /**
   * Which host the LAN sends each VIP to: the last host that announced it with a gratuitous ARP
   * (the switch's and the neighbours' caches follow the latest announcement). A crashed holder
   * keeps it until another host announces: packets to the VIP are lost meanwhile.
   */
  vipArp: Record<string, string>;
  /** The virtual addresses keepalived is configured to hold (clients dial them; the LAN resolves them at send time). */
  vips: string[];
}

export function createEmptyWorld(seed: number, preset: PresetName): World {
  return {
    kernel: createKernel(seed, 20_000),
    seed,
    preset,
    hosts: {},
    hostOrder: [],
    ipToHost: {},
    network: createNetwork(deriveStream(seed, 'network')),
    etcd: {},
    apiservers: {},
    schedulers: {},
    controllerManagers: {},
    kubelets: {},
    runtimes: {},
    kubeProxies: {},
    ipvs: {},
    corednses: {},
    ingressControllers: {},
    flannels: {},
    flannelKernels: {},
    registry: null,
    serviceTurns: {},
    units: {},
    bound: {},
    calls: {},
    nextCallPort: 1,
    inputs: [],
    flowArrivals: createFlowArrivals(),
    haproxies: {},
    keepaliveds: {},
    hostVips: {},
    vipArp: {},
    vips: [],
  };
}

export function addHost(w: World, name: string, ip: string, role: HostRole): Host {
  const h = createHost(name, ip, role);
  w.hosts[name] = h;
  w.hostOrder.push(name);
  w.ipToHost[ip] = name;
  return h;
}

/** Resolves a host name or IP (as found in a URL or an --endpoints value). */
export function resolveHost(w: World, nameOrIp: string): string | undefined {
  if (w.hosts[nameOrIp]) return nameOrIp;
  return w.ipToHost[nameOrIp] ?? vipHost(w, nameOrIp);
}

/** The control-plane endpoint of the HA presets (kubeadm --control-plane-endpoint). */
export const APISERVER_VIP = '10.0.0.10';

/**
 * Where the LAN delivers a packet for a virtual address: the host its last gratuitous ARP named,
 * if that host still has the address on eth0, or is down (then the packet is lost at a dead host,
 * as it would be until another host announces the VIP). Undefined when nobody holds it.
 */
export function vipHost(w: World, ip: string): string | undefined {
  const h = w.vipArp[ip];
  if (!h) return undefined;
  if (!w.hosts[h]?.up || w.hostVips[h]?.includes(ip)) return h;
  return undefined;
}

/** The hosts that have the VIP on eth0 now (both lb hosts while a partition splits them). */
export function vipHolders(w: World, ip: string): string[] {
  return w.hostOrder.filter((h) => w.hosts[h]!.up && w.hostVips[h]?.includes(ip));
}

export function checkpoint(w: World): World {
  return structuredClone(w);
}

// ---------------------------------------------------------------------------------------------
// Effects.

export function runEffects(w: World, effects: ClusterEffect[], cause?: number): void {
  for (const e of effects) {
    switch (e.type) {
      case 'timer.set':
        setTimer(w.kernel, e.key, e.delayMs, e.target, e.payload);
        break;
      case 'timer.cancel':
        cancelTimer(w.kernel, e.key);
        break;
      case 'trace':
        // The record with `cause` added when it names none, copied once (see traceNowCaused).
        traceNowCaused(w.kernel, e.record, cause);
        break;
      case 'net.send':
        sendPacket(w, e.from, e.to, e.kind, e.body, e.summary);
        break;
      case 'process.exit':
        if (e.process === 'etcd') {
          stopEtcd(w, e.host, e.reason);
          endBoundContainer(w, e.host, 'etcd', 1, e.reason);
        } else modelledComponentExited(w, e.host, e.process);
        break;
      case 'container.process':
        onContainerProcess(w, e);
        break;
      case 'log': {
        const id = w.bound[e.host]?.[e.process];
        const rt = w.runtimes[e.host];
        if (id && rt) appendContainerLog(rt, id, 'stderr', e.line, w.kernel.now);
        break;
      }
    }
  }
}

/**
 * kube-controller-manager or kube-scheduler exited (its model has stopped itself): its static
 * pod's container ends with code 1 and the kubelet restarts it, which starts the model again. A
 * model run without a container (a world built without static pods) is restarted at once.
 */
function modelledComponentExited(w: World, host: string, process: string): void {
  if (w.bound[host]?.[process] !== undefined) return endBoundContainer(w, host, process, 1, '');
  const sink = newSink(w.kernel.now);
  const kcm = w.controllerManagers[host];
  const scheduler = w.schedulers[host];
  if (process === 'kube-controller-manager' && kcm) startControllerManager(kcm, w.seed, sink);
  if (process === 'kube-scheduler' && scheduler) startKubeScheduler(scheduler, w.seed, sink);
  runEffects(w, sink.effects);
}

/** containerd started or lost a container running one of the modelled components. */
function onContainerProcess(w: World, e: Extract<ClusterEffect, { type: 'container.process' }>): void {
  if (e.process === 'coredns') return onCoreDnsProcess(w, e);
  if (e.process === 'nginx-ingress-controller') return onIngressNginxProcess(w, e);
  const bound = (w.bound[e.host] ??= {});
  if (e.action === 'stop') {
    if (bound[e.process] !== e.containerId) return;
    delete bound[e.process];
    return stopModel(w, e.host, e.process, 'its container stopped');
  }
  bound[e.process] = e.containerId;
  if (e.process === 'etcd') {
    const m = w.etcd[e.host];
    if (!m) return endBoundContainer(w, e.host, 'etcd', 1, 'etcd: no member is configured for this host');
    m.config.dataDir = etcdHostDataDir(e.argv, e.mounts);
    const err = startEtcd(w, e.host);
    if (err) endBoundContainer(w, e.host, 'etcd', 1, `{"level":"fatal","msg":"${err.replace(/"/g, '\\"')}"}`);
    return;
  }
  if (e.process === 'kube-apiserver') return startApiserver(w, e.host);
  const sink = newSink(w.kernel.now);
  const proxy = w.kubeProxies[e.host];
  if (e.process === 'kube-proxy' && proxy) {
    // kube-proxy reads --config (the kube-proxy ConfigMap's config.conf, mounted at /var/lib/kube-proxy).
    const configPath = e.argv.find((x) => x.startsWith('--config='))?.slice('--config='.length);
    const rt = w.runtimes[e.host];
    const config = configPath && rt ? readContainerFile(rt, e.containerId, configPath) : undefined;
    const scheduler = schedulerFromConfig(config);
    if (typeof scheduler !== 'string') return endBoundContainer(w, e.host, 'kube-proxy', 1, `E0000 server.go:558] "Error running ProxyServer" err="${scheduler.error}"`);
    w.ipvs[e.host] ??= createNodeIpvs(w.kernel.now);
    startKubeProxy(proxy, scheduler, sink);
  }
  const scheduler = w.schedulers[e.host];
  const kcm = w.controllerManagers[e.host];
  const flanneld = w.flannels[e.host];
  if (e.process === 'flanneld' && flanneld) {
    // flanneld reads net-conf.json (the kube-flannel-cfg ConfigMap, mounted at /etc/kube-flannel/).
    const rt = w.runtimes[e.host];
    const conf = parseNetConf(rt ? readContainerFile(rt, e.containerId, '/etc/kube-flannel/net-conf.json') : undefined);
    if ('error' in conf) return endBoundContainer(w, e.host, 'flanneld', 1, `E0000 main.go:228] Failed to create SubnetManager: ${conf.error}`);
    const kernel = (w.flannelKernels[e.host] ??= createFlannelKernel());
    startFlanneld(flanneld, conf.network, sink);
    runEffects(w, sink.effects);
    return afterFlanneld(w, e.host, flanneld, kernel);
  }
  if (e.process === 'kube-scheduler' && scheduler) startKubeScheduler(scheduler, w.seed, sink);
  if (e.process === 'kube-controller-manager' && kcm) startControllerManager(kcm, w.seed, sink);
  runEffects(w, sink.effects);
}

function stopModel(w: World, host: string, process: string, reason: string): void {
  if (process === 'etcd') return stopEtcd(w, host, reason);
  if (process === 'kube-apiserver') return stopApiserver(w, host, reason);
  const sink = newSink(w.kernel.now);
  if (process === 'kube-scheduler' && w.schedulers[host]) stopKubeScheduler(w.schedulers[host], reason, sink);
  if (process === 'kube-controller-manager' && w.controllerManagers[host]) stopControllerManager(w.controllerManagers[host], reason, sink);
  if (process === 'kube-proxy' && w.kubeProxies[host]) stopKubeProxy(w.kubeProxies[host], reason, sink);
  if (process === 'flanneld' && w.flannels[host]) stopFlanneld(w.flannels[host], reason, sink);
  runEffects(w, sink.effects);
}

/**
 * What flanneld did that reaches past its process: the subnet.env it wrote on the host (/run is
 * the host's), or its exit when it could not acquire a lease (its container ends with it).
 */
function afterFlanneld(w: World, host: string, f: Flanneld, _kernel: FlannelKernel): void {
  if (f.pendingSubnetEnv !== null) {
    const h = w.hosts[host];
    if (h) {
      mkdirp(h, '/run/flannel');
      h.fs[FLANNEL_SUBNET_FILE] = { type: 'file', content: f.pendingSubnetEnv };
    }
    f.pendingSubnetEnv = null;
  }
  if (f.exitError !== null) {
    const why = f.exitError;
    f.exitError = null;
    const sink = newSink(w.kernel.now);
    stopFlanneld(f, 'it exited', sink);
    runEffects(w, sink.effects);
    endBoundContainer(w, host, 'flanneld', 1, why);
  }
}

/**
 * A CoreDNS container started or stopped. Its kubernetes plugin talks to the apiserver at the
 * control-plane endpoint the kubelet uses (the in-cluster route through the `kubernetes` Service
 * is not modelled for clients).
 */
function onCoreDnsProcess(w: World, e: Extract<ClusterEffect, { type: 'container.process' }>): void {
  const sink = newSink(w.kernel.now);
  if (e.action === 'stop') {
    const d = w.corednses[e.containerId];
    if (d) stopCoreDns(d, 'its container stopped', sink);
    delete w.corednses[e.containerId];
  } else {
    const rt = w.runtimes[e.host];
    const c = rt?.containers[e.containerId];
    const podIp = c ? (rt!.sandboxes[c.sandboxId]?.ip ?? '') : '';
    const server = w.kubelets[e.host]?.client.server ?? e.host;
    w.corednses[e.containerId] = startCoreDns(e.host, e.containerId, podIp, server, unixSecondsAt(w), sink);
  }
  runEffects(w, sink.effects);
}

/** An ingress-nginx controller container started or stopped (like CoreDNS, one process per container). */
function onIngressNginxProcess(w: World, e: Extract<ClusterEffect, { type: 'container.process' }>): void {
  const sink = newSink(w.kernel.now);
  if (e.action === 'stop') {
    const c = w.ingressControllers[e.containerId];
    if (c) stopIngressNginx(c, 'its container stopped', sink);
    delete w.ingressControllers[e.containerId];
  } else {
    const rt = w.runtimes[e.host];
    const sb = rt ? rt.sandboxes[rt.containers[e.containerId]?.sandboxId ?? ''] : undefined;
    const server = w.kubelets[e.host]?.client.server ?? e.host;
    const nodeName = w.kubelets[e.host]?.node.name ?? e.host;
    w.ingressControllers[e.containerId] = startIngressNginx({ host: e.host, containerId: e.containerId, podIp: sb?.ip ?? '', podName: sb?.name ?? '', podNamespace: sb?.namespace ?? '', nodeName, argv: e.argv }, server, sink);
  }
  runEffects(w, sink.effects);
}

/** Virtual time as Unix seconds (CoreDNS stamps its SOA serial with time.Now().Unix()). */
export function unixSecondsAt(w: World): number {
  return Math.floor((SIM_EPOCH_UNIX_MS + w.kernel.now) / 1000);
}

/** A modelled component ended by itself: its container exits with it (the kubelet restarts it, backing off). */
function endBoundContainer(w: World, host: string, process: string, code: number, message: string): void {
  const id = w.bound[host]?.[process];
  const rt = w.runtimes[host];
  if (!id || !rt) return;
  delete w.bound[host]![process];
  const sink = newSink(w.kernel.now);
  componentExited(rt, id, code, message, sink);
  runEffects(w, sink.effects);
}

export function sendPacket(w: World, from: Address, to: Address, kind: string, body: unknown, summary: string): void {
  if (to.host === VRRP_MULTICAST_GROUP) return multicastOnLan(w, from, to, kind, body, summary);
  const src = resolveHost(w, from.host) ?? from.host;
  const dst = resolveHost(w, to.host);
  const id = w.network.nextMessageId++;
  if (!dst) {
    traceNow(w.kernel, { source: src, target: to.host, kind: 'net.drop', summary: `no route to host ${to.host}`, data: { msg: id } });
    if (kind === 'kube.request' && isProxiedRequest(body)) proxiedConnectLost(w, body);
    return;
  }
  const decision = decideDelivery(w.network, src, dst);
  if (!decision.deliver) {
    traceNow(w.kernel, { source: src, target: dst, kind: 'net.drop', summary: `${kind} dropped (${decision.reason}): ${summary}`, data: { msg: id } });
    if (kind === 'kube.request' && isProxiedRequest(body)) proxiedConnectLost(w, body);
    return;
  }
  // Within a host every packet takes no time (decideDelivery), so its flows are in order already:
  // only packets between hosts, whose jitter could reorder them, need the flow's last arrival.
  const arriveAt = src === dst ? w.kernel.now : inOrderArrival(w, src, from.port, dst, to.port, w.kernel.now + decision.delayMs);
  // Addresses are values nobody changes: the sender's are kept when they name the resolved hosts.
  const packet: Packet = { id, from: from.host === src ? from : { host: src, port: from.port }, to: to.host === dst ? to : { host: dst, port: to.port }, kind, body, summary, sentAt: w.kernel.now, arriveAt };
  if (kind === 'raft') {
    // Same record as traceNow(w.kernel, { source, target, kind, summary, data }), built in one literal.
    traceNowFields(w.kernel, src, dst, 'raft.send', summary, { msg: id, arriveAt });
  }
  schedule(w.kernel, arriveAt - w.kernel.now, 'net.deliver', dst, packet);
}

/**
 * The packets on the wire, in the order they were sent, so the UI can animate exactly what the
 * model sent: the payloads of the deliveries queued in the kernel. Read from the queue rather
 * than kept in a table of their own, which every packet would have to enter and leave.
 */
export function packetsInFlight(w: World): Packet[] {
  const out: Packet[] = [];
  for (const ev of w.kernel.queue.heap) if (ev.kind === 'net.deliver') out.push(ev.payload as Packet);
  return out.sort((a, b) => a.id - b.id);
}

/**
 * A packet to a multicast group on the LAN (VRRP's 224.0.0.18): one copy to every other host that
 * runs a listener for it (keepalived), each subject to the network (partitions, loss) on its own.
 */
function multicastOnLan(w: World, from: Address, to: Address, kind: string, body: unknown, summary: string): void {
  const src = resolveHost(w, from.host) ?? from.host;
  for (const h of Object.keys(w.keepaliveds)) if (h !== src) sendPacket(w, from, { host: h, port: to.port }, kind, body, summary);
}

/**
 * HAProxy's connect to the chosen server got no answer (the server host is down, or the network
 * dropped it): its `timeout connect` timer fires 5 s after the attempt, then it retries. The model
 * sends the request itself as the connect, so the timer is armed when that packet is lost.
 */
function proxiedConnectLost(w: World, fwd: Parameters<typeof onProxiedConnectLost>[1]): void {
  const p = w.haproxies[fwd.proxy.lb];
  if (!p || !w.hosts[fwd.proxy.lb]?.up) return;
  const sink = newSink(w.kernel.now);
  onProxiedConnectLost(p, fwd, sink);
  runEffects(w, sink.effects);
}

/** Flows remembered before old ones are swept (a flow whose last packet has arrived constrains nothing). */
const FLOW_SWEEP_AT = 4096;

/**
 * The last arrival time of each flow, by source host, source port, destination host and
 * destination port: nested Maps keyed by the packet's own strings, so no flow name is built per
 * packet (those strings recur, and a string keeps its hash once computed).
 */
export interface FlowArrivals {
  bySource: Map<string, Map<string, Map<string, Map<string, number>>>>;
  /** Flows remembered, for the sweep. */
  size: number;
  /**
   * The size at which the next new flow sweeps: twice what the last sweep left, and at least
   * FLOW_SWEEP_AT. A burst can hold thousands of flows in flight at once (a watch event fanned
   * out to every node's clients); a fixed threshold would then sweep, and keep them all, on
   * every new flow.
   */
  sweepAt: number;
}

export function createFlowArrivals(): FlowArrivals {
  return { bySource: new Map(), size: 0, sweepAt: FLOW_SWEEP_AT };
}

/** Forgets the flows whose last packet has arrived by `nowMs`: they constrain nothing any more. */
function sweepFlows(f: FlowArrivals, nowMs: number): void {
  for (const [src, byPort] of f.bySource) {
    for (const [port, byDst] of byPort) {
      for (const [dst, byDstPort] of byDst) {
        for (const [dstPort, t] of byDstPort) {
          if (t > nowMs) continue;
          byDstPort.delete(dstPort);
          f.size--;
        }
        if (byDstPort.size === 0) byDst.delete(dst);
      }
      if (byDst.size === 0) byPort.delete(port);
    }
    if (byPort.size === 0) f.bySource.delete(src);
  }
}

/** TCP delivers a connection's segments in order: a packet arrives no earlier than the one sent before it on the same flow. */
function inOrderArrival(w: World, src: string, srcPort: string, dst: string, dstPort: string, arriveAt: number): number {
  const f = w.flowArrivals;
  let byPort = f.bySource.get(src);
  if (byPort === undefined) f.bySource.set(src, (byPort = new Map()));
  let byDst = byPort.get(srcPort);
  if (byDst === undefined) byPort.set(srcPort, (byDst = new Map()));
  let byDstPort = byDst.get(dst);
  if (byDstPort === undefined) byDst.set(dst, (byDstPort = new Map()));
  const last = byDstPort.get(dstPort);
  if (last !== undefined) {
    const at = last > arriveAt ? last : arriveAt;
    byDstPort.set(dstPort, at);
    return at;
  }
  if (f.size >= f.sweepAt) {
    sweepFlows(f, w.kernel.now);
    f.sweepAt = Math.max(FLOW_SWEEP_AT, 2 * f.size);
  }
  byDstPort.set(dstPort, arriveAt);
  f.size++;
  return arriveAt;
}

// ---------------------------------------------------------------------------------------------
// Events.

/** Runs the next event due at or before `untilMs`. Returns false when there was none. */
export function stepWorld(w: World, untilMs: number): boolean {
  const ev = nextEvent(w.kernel, untilMs);
  if (!ev) return false;
  dispatch(w, ev);
  return true;
}

function dispatch(w: World, ev: SimEvent): void {
  if (ev.kind === 'net.deliver') return deliver(w, ev.payload as Packet);
  if (ev.kind === 'timer') return onTimer(w, ev.target, ev.payload as { type: string; [k: string]: unknown });
}

function deliver(w: World, p: Packet): void {
  const host = w.hosts[p.to.host];
  if (!host || !host.up) {
    traceNow(w.kernel, { source: p.from.host, target: p.to.host, kind: 'net.drop', summary: `${p.kind} lost: ${p.to.host} is down`, data: { msg: p.id } });
    if (p.kind === 'kube.request' && isProxiedRequest(p.body)) proxiedConnectLost(w, p.body);
    return;
  }
  if (p.to.port === PEER_PORT || p.to.port === CLIENT_PORT) return deliverToEtcd(w, p);
  if (p.to.port === APISERVER_PORT) return w.haproxies[p.to.host] ? deliverToFrontend(w, p) : deliverToApiserver(w, p);
  if (p.to.port === VRRP_PORT) return deliverVrrp(w, p);
  if (p.to.port.includes('~')) return deliverToComponent(w, p);
  if (p.to.port === 'containerd') return deliverToRuntime(w, p);
  if (p.to.port === REGISTRY_PORT) return deliverToRegistry(w, p);
  if (p.to.port === KUBELET_API_PORT) {
    // The kubelet's API (logs, exec). Host up but no kubelet listening: the kernel resets.
    const k = w.kubelets[p.to.host];
    const rt = w.runtimes[p.to.host];
    if (!k || k.status !== 'running' || !rt) return sendPacket(w, p.to, p.from, 'tcp.rst', null, 'connection refused');
    if (p.kind === 'tcp.syn') return sendPacket(w, p.to, p.from, 'tcp.synack', null, 'connected');
    if (p.kind !== 'kubelet.api') return;
    const sink = newSink(w.kernel.now);
    onKubeletApi(k, p.from, p.body as KubeletApiRequest, criFor(w, rt, sink), sink);
    runEffects(w, sink.effects);
    return;
  }
  if (p.to.port.startsWith('a')) return deliverToApiserverEtcdClient(w, p);
  if (p.to.port.startsWith('c')) return deliverToClient(w, p);
}

function deliverToEtcd(w: World, p: Packet): void {
  const m = w.etcd[p.to.host];
  const running = m && m.status === 'running' && m.raft;
  if (p.kind === 'tcp.syn') {
    // Host up: a listening port answers SYN-ACK, a closed one RST (connection refused).
    sendPacket(w, p.to, p.from, running ? 'tcp.synack' : 'tcp.rst', null, running ? 'connected' : 'connection refused');
    return;
  }
  if (p.kind === 'h2.ping') return answerPing(w, p, Boolean(running));
  const d = m ? durableOf(w, m) : undefined;
  if (m && d && m.status === 'running' && p.kind === 'etcd.members.response') {
    const sink = newSink(w.kernel.now);
    onMembersResponse(m, d, p.body as Parameters<typeof onMembersResponse>[2], w.seed, sink);
    runEffects(w, sink.effects);
    return;
  }
  if (!running || !d) return;
  const sink = newSink(w.kernel.now);
  if (p.kind === 'etcd.members') {
    onMembersRequest(m, d, p.from, sink);
  } else if (p.kind === 'raft') {
    traceNowFields(w.kernel, p.from.host, p.to.host, 'raft.recv', p.summary, { msg: p.id });
    onPeerMessage(m, d, p.body as Message, p.from.host, sink);
  } else if (p.kind === 'etcd.request') {
    const { req, timeoutMs } = p.body as { req: EtcdRequest; timeoutMs: number };
    onClientRequest(m, d, p.from, req, sink, timeoutMs);
  }
  runEffects(w, sink.effects);
}

function deliverToApiserver(w: World, p: Packet): void {
  const a = w.apiservers[p.to.host];
  const running = a?.status === 'running';
  if (p.kind === 'tcp.syn') {
    sendPacket(w, p.to, p.from, running ? 'tcp.synack' : 'tcp.rst', null, running ? 'connected' : 'connection refused');
    return;
  }
  // A PING travels on a connection: one the server no longer knows (it crashed and came back,
  // or restarted) answers with a reset, as the rebooted host's TCP stack would.
  if (p.kind === 'h2.ping') return answerPing(w, p, running && !!a && hasWatchFrom(a, p.from), a ? { server: a.instance } : null);
  if (p.kind !== 'kube.request') return;
  if (isProxiedRequest(p.body)) {
    // HAProxy's connection: refused when nothing listens (it retries elsewhere); the apiserver
    // answers the client whose request HAProxy passed on.
    if (!a || !running) return sendPacket(w, p.to, p.from, 'tcp.rst', p.body, 'connection refused');
    const sink = newSink(w.kernel.now);
    onApiRequest(a, p.body.proxy.client, p.body.req, sink);
    return runEffects(w, sink.effects);
  }
  if (!a || !running) return;
  const sink = newSink(w.kernel.now);
  onApiRequest(a, p.from, (p.body as { req: ApiRequest }).req, sink);
  runEffects(w, sink.effects);
}

/** The lb host's :6443: HAProxy's frontend while it runs; otherwise nothing listens and the kernel resets. */
function deliverToFrontend(w: World, p: Packet): void {
  const hp = w.haproxies[p.to.host]!;
  if (hp.status !== 'running') {
    if (p.kind === 'tcp.syn' || p.kind === 'kube.request' || p.kind === 'h2.ping') sendPacket(w, p.to, p.from, 'tcp.rst', null, 'connection refused');
    return;
  }
  const sink = newSink(w.kernel.now);
  onFrontendPacket(hp, p.from, p.kind, p.body, p.summary, sink);
  runEffects(w, sink.effects);
}

/** A VRRP advert reached an lb host: its keepalived, if running, takes it. */
function deliverVrrp(w: World, p: Packet): void {
  const k = w.keepaliveds[p.to.host];
  if (!k || p.kind !== 'vrrp.advert') return;
  const sink = newSink(w.kernel.now);
  const outcome = onVrrpAdvert(k, p.body as VrrpAdvert, sink);
  runEffects(w, sink.effects);
  applyVip(w, p.to.host, outcome);
}

/**
 * keepalived added or deleted its virtual addresses on eth0. Adding sends a gratuitous ARP, so the
 * LAN delivers the VIP to this host from now on; deleting leaves the neighbours' caches as they
 * are (nothing answers for the VIP until another host announces it).
 */
function applyVip(w: World, host: string, o: KeepalivedOutcome): void {
  if (!o.vip) return;
  const held = (w.hostVips[host] ??= []);
  for (const ip of o.addresses) {
    if (o.vip === 'acquire') {
      if (!held.includes(ip)) held.push(ip);
      w.vipArp[ip] = host;
    } else {
      const i = held.indexOf(ip);
      if (i >= 0) held.splice(i, 1);
    }
  }
}

function deliverToApiserverEtcdClient(w: World, p: Packet): void {
  const a = w.apiservers[p.to.host];
  if (!a) return;
  const sink = newSink(w.kernel.now);
  if (p.kind === 'etcd.response') onEtcdResponse(a, p.to.port, p.body as EtcdResponse, sink);
  else if (p.kind === 'h2.pong') onEtcdPong(a, p.to.port, sink);
  // The proxy's connections to kubelets (pods/log, pods/exec) use the same kind of ports.
  else if (p.kind === 'kubelet.api.response') onKubeletApiResponse(a, p.to.port, p.body as KubeletApiResponse, sink);
  else if (p.kind === 'tcp.synack' && p.from.port === KUBELET_API_PORT) onKubeletConnected(a, p.to.port, sink);
  else if (p.kind === 'tcp.rst' && p.from.port === KUBELET_API_PORT) onKubeletReset(a, p.to.port, sink);
  else if (p.kind === 'tcp.rst') onEtcdReset(a, p.to.port, sink);
  runEffects(w, sink.effects);
}

/** An HTTP/2 (or gRPC keepalive) ping: answered by a running server, reset by a host whose server is gone. */
function hasWatchFrom(a: ApiServer, client: Address): boolean {
  for (const w of a.cache.watchers.values()) {
    const c = w.client;
    if (c.host === client.host && c.port === client.port) return true;
  }
  return false;
}

function answerPing(w: World, p: Packet, running: boolean, pong: PongBody | null = null): void {
  sendPacket(w, p.to, p.from, running ? 'h2.pong' : 'tcp.rst', running ? pong : null, running ? 'pong' : 'connection reset');
}

/** The kubelet's staticPodPath as it reads it: regular files directly in /etc/kubernetes/manifests. */
export const STATIC_POD_PATH = '/etc/kubernetes/manifests';

function manifestFiles(w: World, host: string): Record<string, string> {
  const out: Record<string, string> = {};
  const fs = w.hosts[host]?.fs ?? {};
  for (const [path, node] of Object.entries(fs)) {
    if (node.type !== 'file' || !path.startsWith(`${STATIC_POD_PATH}/`)) continue;
    if (path.slice(STATIC_POD_PATH.length + 1).includes('/')) continue;
    out[path] = node.content;
  }
  return out;
}

function deliverToRuntime(w: World, p: Packet): void {
  const rt = w.runtimes[p.to.host];
  if (!rt) return;
  const sink = newSink(w.kernel.now);
  onRuntimePacket(rt, p.kind, p.body, sink);
  runEffects(w, sink.effects);
}

function deliverToRegistry(w: World, p: Packet): void {
  const r = w.registry;
  if (!r || r.host !== p.to.host || r.status !== 'running') {
    // Nothing listens on 443: the kernel answers with a reset (connection refused).
    sendPacket(w, p.to, p.from, 'tcp.rst', null, 'connection refused');
    return;
  }
  const sink = newSink(w.kernel.now);
  onRegistryPacket(r, p.from, p.kind, p.body, sink);
  runEffects(w, sink.effects);
}

/** Packets to the in-cluster clients: the kubelet, the scheduler, the controller-manager. */
function corednsByProcess(w: World, host: string, process: string): CoreDns | undefined {
  for (const d of Object.values(w.corednses)) if (d.host === host && d.process === process) return d;
  return undefined;
}

function ingressByProcess(w: World, host: string, process: string): IngressNginx | undefined {
  for (const c of Object.values(w.ingressControllers)) if (c.host === host && c.process === process) return c;
  return undefined;
}

function deliverToComponent(w: World, p: Packet): void {
  const port = parsePort(p.to.port);
  if (!port) return;
  const sink = newSink(w.kernel.now);
  const host = p.to.host;
  if (port.process === 'kubelet' && w.kubelets[host] && w.runtimes[host]) onKubeletPacket(w.kubelets[host], p.to.port, p.from, p.kind, p.body, criFor(w, w.runtimes[host], sink), sink);
  else if (port.process === 'kube-scheduler' && w.schedulers[host]) onKubeSchedulerPacket(w.schedulers[host], p.to.port, p.from, p.kind, p.body, sink);
  else if (port.process === 'kube-controller-manager' && w.controllerManagers[host]) onControllerManagerPacket(w.controllerManagers[host], p.to.port, p.from, p.kind, p.body, sink);
  else if (port.process === 'kube-proxy' && w.kubeProxies[host] && w.ipvs[host]) onKubeProxyPacket(w.kubeProxies[host], w.ipvs[host], p.to.port, p.from, p.kind, p.body, sink);
  else if (port.process === 'haproxy' && w.haproxies[host]) {
    if (port.epoch === w.haproxies[host].epoch) onHaproxyPacket(w.haproxies[host], p.to.port, p.kind, p.body, sink);
  } else if (port.process === 'keepalived' && w.keepaliveds[host]) {
    if (port.epoch !== w.keepaliveds[host].epoch) return;
    const outcome = onKeepalivedPacket(w.keepaliveds[host], p.to.port, p.kind, p.body, sink);
    runEffects(w, sink.effects);
    return applyVip(w, host, outcome);
  } else if (port.process === 'flanneld' && w.flannels[host] && w.flannelKernels[host]) {
    onFlanneldPacket(w.flannels[host], w.flannelKernels[host], p.to.port, p.from, p.kind, p.body, sink);
    runEffects(w, sink.effects);
    return afterFlanneld(w, host, w.flannels[host], w.flannelKernels[host]);
  } else if (port.process.startsWith('coredns.')) {
    const d = corednsByProcess(w, host, port.process);
    if (d) onCoreDnsPacket(d, p.to.port, p.from, p.kind, p.body, unixSecondsAt(w), sink);
  } else if (port.process.startsWith('ingress-nginx.')) {
    const c = ingressByProcess(w, host, port.process);
    if (c) onIngressNginxPacket(c, p.to.port, p.from, p.kind, p.body, sink);
  }
  runEffects(w, sink.effects);
}

function onComponentTimer(w: World, host: string, process: string, payload: { type: string; [k: string]: unknown }): boolean {
  const sink: EffectSink = newSink(w.kernel.now);
  if (process === 'kubelet' && w.kubelets[host] && w.runtimes[host]) onKubeletTimer(w.kubelets[host], payload, criFor(w, w.runtimes[host], sink), sink, () => manifestFiles(w, host));
  else if (process === 'containerd' && w.runtimes[host]) onRuntimeTimer(w.runtimes[host], payload, podNetwork(w), sink);
  else if (process === 'kube-scheduler' && w.schedulers[host]) onKubeSchedulerTimer(w.schedulers[host], payload, sink);
  else if (process === 'kube-controller-manager' && w.controllerManagers[host]) onControllerManagerTimer(w.controllerManagers[host], payload, sink);
  else if (process === 'kube-proxy' && w.kubeProxies[host] && w.ipvs[host]) onKubeProxyTimer(w.kubeProxies[host], w.ipvs[host], payload, sink);
  else if (process === 'haproxy' && w.haproxies[host]) onHaproxyTimer(w.haproxies[host], payload, sink);
  else if (process === 'keepalived' && w.keepaliveds[host]) {
    const outcome = onKeepalivedTimer(w.keepaliveds[host], payload, sink);
    runEffects(w, sink.effects);
    applyVip(w, host, outcome);
    return true;
  } else if (process === 'flanneld' && w.flannels[host] && w.flannelKernels[host]) {
    onFlanneldTimer(w.flannels[host], w.flannelKernels[host], payload, sink);
    runEffects(w, sink.effects);
    afterFlanneld(w, host, w.flannels[host], w.flannelKernels[host]);
    return true;
  } else if (process.startsWith('coredns.')) {
    const d = corednsByProcess(w, host, process);
    if (d) onCoreDnsTimer(d, payload, unixSecondsAt(w), sink);
  } else if (process.startsWith('ingress-nginx.')) {
    const c = ingressByProcess(w, host, process);
    if (c) onIngressNginxTimer(c, payload, sink);
  } else return false;
  runEffects(w, sink.effects);
  return true;
}

function deliverToClient(w: World, p: Packet): void {
  const call = w.calls[p.to.port];
  if (!call || call.state === 'done') return;
  if (p.kind === 'tcp.synack') {
    if (call.state !== 'connecting') return;
    call.state = 'sent';
    call.connectedTo = p.from.host;
    // The call carries the time it has left, as gRPC sends its deadline with every call.
    const server = call.service === 'etcd' ? { port: CLIENT_PORT, kind: 'etcd.request' } : { port: APISERVER_PORT, kind: 'kube.request' };
    const summary = 'rpc' in call.req ? call.req.rpc : 'resource' in call.req ? `${call.req.verb} ${call.req.resource}${'name' in call.req && call.req.name ? `/${call.req.name}` : ''}` : call.req.verb;
    sendPacket(w, { host: call.host, port: call.port }, { host: p.from.host, port: server.port }, server.kind, { req: call.req, timeoutMs: call.deadlineAt - w.kernel.now }, summary);
    return;
  }
  if (p.kind === 'tcp.rst') {
    // A reset on an open stream (its server process exited) ends it.
    if (call.state === 'sent' && call.stream && p.from.host === call.connectedTo) return finishCall(w, call);
    if (!call.refused.includes(p.from.host)) call.refused.push(p.from.host);
    if (call.state === 'connecting' && call.refused.length === call.endpoints.length) {
      // gRPC backs off and dials again until the deadline (base backoff 1 s).
      setTimer(w.kernel, `client/${call.port}/redial`, 1000, `client/${call.port}`, { type: 'client.redial', port: call.port });
    }
    return;
  }
  if (p.kind === 'tcp.fin') {
    call.eof = true;
    return finishCall(w, call);
  }
  if (p.kind === 'etcd.response' || p.kind === 'kube.response') {
    call.responses.push(p.body);
    if (!call.stream) finishCall(w, call);
    return;
  }
  if (p.kind === 'kube.watch' && call.stream) {
    const frame = p.body as WatchFrame;
    call.responses.push(frame);
    if (frame.closed) finishCall(w, call);
  }
}

function finishCall(w: World, call: ClientCall): void {
  call.state = 'done';
  cancelTimer(w.kernel, `client/${call.port}/deadline`);
  cancelTimer(w.kernel, `client/${call.port}/redial`);
  if (call.service === 'kube') cancelTimer(w.kernel, `client/${call.port}/syn`);
}

function onTimer(w: World, target: string, payload: { type: string; [k: string]: unknown }): void {
  if (payload.type === 'client.syn-retransmit') {
    const call = w.calls[payload.port as string];
    if (!call || call.state !== 'connecting' || call.refused.length > 0) return;
    const rto = (payload.rtoMs as number) * 2;
    dialAll(w, call);
    setTimer(w.kernel, `client/${call.port}/syn`, rto, `client/${call.port}`, { type: 'client.syn-retransmit', port: call.port, rtoMs: rto });
    return;
  }
  if (payload.type === 'client.deadline' || payload.type === 'client.redial') {
    const call = w.calls[payload.port as string];
    if (!call || call.state === 'done') return;
    if (payload.type === 'client.deadline') {
      call.timedOut = true;
      finishCall(w, call);
    } else {
      call.refused = [];
      dialAll(w, call);
    }
    return;
  }
  const { hostName, process } = timerTarget(target);
  if (process && onComponentTimer(w, hostName, process, payload)) return;
  if (payload.type.startsWith('apiserver.')) return onApiserverTimer(w, hostName, payload);
  const m = w.etcd[hostName];
  if (!m || m.status !== 'running') return;
  if (payload.type === 'etcd.join-retry') {
    const sink = newSink(w.kernel.now);
    onJoinRetry(m, sink);
    runEffects(w, sink.effects);
    return;
  }
  const d = durableOf(w, m);
  if (!d) return;
  const sink = newSink(w.kernel.now);
  if (payload.type === 'etcd.tick') onTick(m, d, sink);
  else if (payload.type === 'etcd.req-timer') onRequestTimer(m, d, payload.reqId as string, payload.kind as 'timeout' | 'read-retry', sink);
  runEffects(w, sink.effects);
}

/**
 * A timer's target 'host/process' in its two parts (what `target.split('/')` gave), remembered
 * per target: a world has a few dozen targets and fires thousands of timers a virtual minute, and
 * splitting each one's target built an array and two strings. A memo: clearing it changes nothing.
 */
const timerTarget = memoized((target): { hostName: string; process: string | undefined } => {
  const [hostName, process] = target.split('/') as [string, string | undefined];
  return { hostName, process };
}, 4096);

function onApiserverTimer(w: World, host: string, payload: { type: string; [k: string]: unknown }): void {
  const a = w.apiservers[host];
  if (!a || a.status !== 'running') return;
  const sink = newSink(w.kernel.now);
  if (payload.type === 'apiserver.timeout') onRequestTimeout(a, payload.id as string, sink);
  else if (payload.type === 'apiserver.bootstrap') onBootstrapTimer(a, sink);
  else if (payload.type === 'apiserver.keepalive') onKeepaliveTimer(a, sink);
  else if (payload.type === 'apiserver.endpoints') onEndpointsTimer(a, sink);
  else if (payload.type === 'apiserver.resync') onResyncTimer(a, sink);
  else if (payload.type === 'apiserver.watch-timeout') onWatchTimeout(a, payload.id as string, sink);
  else if (payload.type === 'apiserver.compact') onCompactTimer(a, sink);
  runEffects(w, sink.effects);
}

// ---------------------------------------------------------------------------------------------
// Clients.

/** Starts one etcd client call from `host` (etcdctl's gRPC call), dialing every endpoint. */
export function startCall(w: World, host: string, endpoints: { label: string; host: string }[], req: EtcdRequest, timeoutMs: number, stream = false): ClientCall {
  return startServiceCall(w, 'etcd', host, endpoints, req, timeoutMs, stream);
}

/**
 * A call to the apiserver (kubectl): the same TCP connect, then one request and its response.
 * A `stream` call (kubectl get -w) stays open: its `kube.watch` frames are appended to
 * `responses` after the first response, until the server closes the watch.
 */
export function startKubeCall(w: World, host: string, endpoints: { label: string; host: string }[], req: ApiRequest, timeoutMs: number, stream = false): ClientCall {
  return startServiceCall(w, 'kube', host, endpoints, req, timeoutMs, stream);
}

function startServiceCall(w: World, service: ClientCall['service'], host: string, endpoints: { label: string; host: string }[], req: EtcdRequest | ApiRequest, timeoutMs: number, stream: boolean): ClientCall {
  const port = `c${w.nextCallPort++}`;
  const call: ClientCall = { port, host, endpoints, service, req, startedAt: w.kernel.now, deadlineAt: w.kernel.now + timeoutMs, state: 'connecting', connectedTo: null, refused: [], responses: [], timedOut: false, stream };
  w.calls[port] = call;
  if (Number.isFinite(timeoutMs)) setTimer(w.kernel, `client/${port}/deadline`, timeoutMs, `client/${port}`, { type: 'client.deadline', port });
  dialAll(w, call);
  // An unanswered SYN is sent again after 1 s, then 2, 4, 8 s... (Linux's initial RTO of 1 s,
  // doubling): a VIP that moves while kubectl dials is reached by the next retransmission.
  if (service === 'kube') setTimer(w.kernel, `client/${port}/syn`, SYN_RTO_INITIAL_MS, `client/${port}`, { type: 'client.syn-retransmit', port, rtoMs: SYN_RTO_INITIAL_MS });
  return call;
}

/** Linux TCP's initial retransmission timeout for a SYN (TCP_TIMEOUT_INIT, RFC 6298 §2.1). */
const SYN_RTO_INITIAL_MS = 1000;

function dialAll(w: World, call: ClientCall): void {
  const port = call.service === 'etcd' ? CLIENT_PORT : APISERVER_PORT;
  for (const ep of call.endpoints) sendPacket(w, { host: call.host, port: call.port }, { host: ep.host, port }, 'tcp.syn', null, 'connect');
}

export function closeCall(w: World, port: string): void {
  const call = w.calls[port];
  if (call) finishCall(w, call);
  delete w.calls[port];
}

// ---------------------------------------------------------------------------------------------
// etcd processes and their data dirs.

export function durablePath(m: EtcdMember): string {
  return durablePathOf(m.config.dataDir);
}

/** Every packet to a member looks its state up by this path: one string per data dir. */
const durablePathOf = memoized((dataDir) => `${dataDir}/member`);

export function durableOf(w: World, m: EtcdMember): EtcdDurable | undefined {
  const node = w.hosts[m.host]?.fs[durablePath(m)];
  return node && node.type === 'etcd-member' ? (node.data as EtcdDurable) : undefined;
}

/** Starts etcd on a host (systemd start, or boot). Returns an error text if it fails to start. */
export function startEtcd(w: World, hostName: string): string | undefined {
  const m = w.etcd[hostName];
  const host = w.hosts[hostName];
  if (!m || !host || !host.up) return 'host is down';
  if (m.status === 'running') return undefined;
  const sink = newSink(w.kernel.now);
  const result = startMember(m, durableOf(w, m), w.seed, sink);
  if ('error' in result) {
    m.exitReason = result.error;
    traceNow(w.kernel, { source: `${hostName}/etcd`, kind: 'etcd.exit', summary: result.error });
    return result.error;
  }
  const path = durablePath(m);
  if (!host.fs[path]) {
    mkdirp(host, m.config.dataDir);
    host.fs[path] = { type: 'etcd-member', data: result.durable };
  }
  runEffects(w, sink.effects);
  return undefined;
}

export function stopEtcd(w: World, hostName: string, reason: string): void {
  const m = w.etcd[hostName];
  if (!m) return;
  // A process that exits on a running host has its sockets reset: stream clients notice at once.
  if (m.status === 'running' && w.hosts[hostName]?.up) {
    for (const watcher of Object.values(m.watchers)) sendPacket(w, { host: hostName, port: CLIENT_PORT }, watcher.client, 'tcp.rst', null, 'connection reset');
  }
  const sink = newSink(w.kernel.now);
  stopMember(m, reason, sink);
  runEffects(w, sink.effects);
}

// ---------------------------------------------------------------------------------------------
// Faults.

export function crashHost(w: World, name: string): void {
  const h = w.hosts[name]!;
  if (!h.up) return;
  h.up = false;
  traceNow(w.kernel, { source: 'user', target: name, kind: 'host.crash', summary: `${name} crashed (power off): processes lost their memory; the disk survives` });
  if (w.etcd[name]) stopEtcd(w, name, 'host crashed');
  if (w.apiservers[name]) stopApiserver(w, name, 'host crashed');
  stopComponents(w, name, 'host crashed');
  // containerd's processes die with the host; its images stay on disk.
  if (w.runtimes[name]) {
    crashRuntime(w.runtimes[name]);
    w.runtimes[name].running = false;
  }
  delete w.bound[name];
  // The IPVS table and kube-ipvs0 live in the kernel's memory: a reboot starts without them.
  delete w.ipvs[name];
  // flannel.1 and its routes are kernel state; /run is a tmpfs, so subnet.env goes too.
  delete w.flannelKernels[name];
  delete h.fs[FLANNEL_SUBNET_FILE];
  for (const [id, d] of Object.entries(w.corednses)) if (d.host === name) delete w.corednses[id];
  for (const [id, c] of Object.entries(w.ingressControllers)) if (c.host === name) delete w.ingressControllers[id];
  if (w.registry?.host === name) w.registry.status = 'stopped';
  // HAProxy and keepalived lose their state and timers; the VIP leaves eth0 with the kernel's memory.
  const sink = newSink(w.kernel.now);
  if (w.haproxies[name]) stopHaproxy(w.haproxies[name], 'host crashed', sink, true);
  if (w.keepaliveds[name]) stopKeepalived(w.keepaliveds[name], 'host crashed', sink, true);
  runEffects(w, sink.effects);
  delete w.hostVips[name];
}

/** Starts the scheduler, controller-manager, containerd and kubelet installed on a host. */
export function startComponents(w: World, hostName: string): void {
  if (!w.hosts[hostName]?.up) return;
  const sink = newSink(w.kernel.now);
  const units = w.units[hostName] ?? [];
  if (w.runtimes[hostName]) w.runtimes[hostName].running = true;
  if (w.registry?.host === hostName) w.registry.status = 'running';
  const rt = w.runtimes[hostName];
  if (w.kubelets[hostName] && units.includes('kubelet')) startKubelet(w.kubelets[hostName], sink, rt ? criFor(w, rt, sink) : undefined);
  if (w.schedulers[hostName] && units.includes('kube-scheduler')) startKubeScheduler(w.schedulers[hostName], w.seed, sink);
  if (w.controllerManagers[hostName] && units.includes('kube-controller-manager')) startControllerManager(w.controllerManagers[hostName], w.seed, sink);
  runEffects(w, sink.effects);
}

export function stopComponents(w: World, hostName: string, reason: string): void {
  const sink = newSink(w.kernel.now);
  if (w.kubelets[hostName]) stopKubelet(w.kubelets[hostName], reason, sink);
  if (w.schedulers[hostName]) stopKubeScheduler(w.schedulers[hostName], reason, sink);
  if (w.controllerManagers[hostName]) stopControllerManager(w.controllerManagers[hostName], reason, sink);
  if (w.kubeProxies[hostName]) stopKubeProxy(w.kubeProxies[hostName], reason, sink);
  if (w.flannels[hostName]) stopFlanneld(w.flannels[hostName], reason, sink);
  runEffects(w, sink.effects);
}

export function startApiserver(w: World, hostName: string): void {
  const a = w.apiservers[hostName];
  if (!a || !w.hosts[hostName]!.up) return;
  const sink = newSink(w.kernel.now);
  startApiServer(a, w.seed, sink);
  runEffects(w, sink.effects);
}

export function stopApiserver(w: World, hostName: string, reason: string): void {
  const a = w.apiservers[hostName];
  if (!a) return;
  if (a.status === 'running' && w.hosts[hostName]?.up) {
    for (const client of watchClients(a)) sendPacket(w, { host: hostName, port: APISERVER_PORT }, client, 'tcp.rst', null, 'connection reset');
  }
  const sink = newSink(w.kernel.now);
  stopApiServer(a, reason, sink);
  runEffects(w, sink.effects);
}

export function bootHost(w: World, name: string): void {
  const h = w.hosts[name]!;
  if (h.up) return;
  h.up = true;
  h.bootCount++;
  traceNow(w.kernel, { source: 'user', target: name, kind: 'host.boot', summary: `${name} booted (boot #${h.bootCount})` });
  startUnits(w, name);
}

/** What systemd starts on a host at boot (or install): its enabled units, see World.units. */
export function startUnits(w: World, name: string): void {
  const units = w.units[name] ?? [];
  const m = w.etcd[name];
  if (m && m.enabled && units.includes('etcd')) startEtcd(w, name);
  if (w.apiservers[name] && units.includes('kube-apiserver')) startApiserver(w, name);
  if (units.includes('haproxy')) startLbUnit(w, name, 'haproxy');
  if (units.includes('keepalived')) startLbUnit(w, name, 'keepalived');
  startComponents(w, name);
}

/** Installs HAProxy and keepalived on a load-balancer host (their files are the preset's to write). */
export function installLoadBalancer(w: World, hostName: string, vips: string[]): void {
  for (const ip of vips) if (!w.vips.includes(ip)) w.vips.push(ip);
  w.haproxies[hostName] = createHaproxy(hostName);
  w.keepaliveds[hostName] = createKeepalived(hostName, w.hosts[hostName]!.ip);
  w.units[hostName] = [...(w.units[hostName] ?? []), 'haproxy', 'keepalived'];
}

function fileText(w: World, host: string, path: string): string | undefined {
  const f = w.hosts[host]?.fs[path];
  return f?.type === 'file' ? f.content : undefined;
}

/** `systemctl start haproxy|keepalived` (and boot): reads the config file from the host's disk. Returns an error text when the unit fails. */
export function startLbUnit(w: World, hostName: string, unit: 'haproxy' | 'keepalived'): string | null {
  if (!w.hosts[hostName]?.up) return 'host is down';
  const sink = newSink(w.kernel.now);
  let error: string | null = null;
  if (unit === 'haproxy' && w.haproxies[hostName]) {
    error = startHaproxy(w.haproxies[hostName], fileText(w, hostName, HAPROXY_CFG_PATH), sink);
    runEffects(w, sink.effects);
  } else if (unit === 'keepalived' && w.keepaliveds[hostName]) {
    const r = startKeepalived(w.keepaliveds[hostName], fileText(w, hostName, KEEPALIVED_CONF_PATH), sink);
    error = r.error;
    runEffects(w, sink.effects);
    applyVip(w, hostName, r.outcome);
  }
  return error;
}

/** `systemctl stop haproxy|keepalived`: an orderly stop (keepalived's master sends priority 0 and deletes the VIP). */
export function stopLbUnit(w: World, hostName: string, unit: 'haproxy' | 'keepalived', reason: string): void {
  const sink = newSink(w.kernel.now);
  if (unit === 'haproxy' && w.haproxies[hostName]) {
    stopHaproxy(w.haproxies[hostName], reason, sink);
    runEffects(w, sink.effects);
  } else if (unit === 'keepalived' && w.keepaliveds[hostName]) {
    const outcome = stopKeepalived(w.keepaliveds[hostName], reason, sink);
    runEffects(w, sink.effects);
    applyVip(w, hostName, outcome);
  }
}

/**
 * Installs (or reconfigures) the etcd unit on a host, as `etcd --name ... &` or a new unit file
 * would. Takes effect at the next start; returns the member.
 */
export function configureEtcd(w: World, hostName: string, config: EtcdConfig): EtcdMember {
  const existing = w.etcd[hostName];
  if (existing) {
    existing.config = config;
    return existing;
  }
  const m = createMember(hostName, config);
  w.etcd[hostName] = m;
  return m;
}
