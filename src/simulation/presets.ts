/**
 * Presets: the hosts of a cluster and a kubeadm-like bootstrap of its etcd members.
 *
 * Addresses: hosts on 10.0.0.0/24 (control plane .11-.13, load balancers .21-.22 with the
 * apiserver VIP .10, workers .31-.33, external etcd .41-.43, registry .50). Member names follow
 * kubeadm (the node name), peers on https://<ip>:2380, clients on https://<ip>:2379.
 *
 * Simplified (stated in the UI): kubeadm grows a stacked etcd cluster one member at a time
 * (`kubeadm join` adds each member); here the members bootstrap together with
 * --initial-cluster-state new, which ends in the same 3-member cluster. Until the kubelet issue
 * lands, etcd runs as a systemd unit rather than a static pod.
 */
import { defaultEtcdConfig, createMember } from '../cluster/etcd/server.ts';
import type { HostRole } from '../cluster/host/host.ts';
import { applyAddons, addonObjects, flannelObjects } from './addons.ts';
import { createFlanneld } from '../cluster/flannel/flanneld.ts';
import { kubeFlannelFile } from '../cluster/flannel/manifests.ts';
import { apiObjects, cacheSource, nodeIsReady } from './clusterFacts.ts';
import { etcdPrefix } from '../api/index.ts';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { APISERVER_VIP, addHost, createEmptyWorld, stepWorld, type PresetName, type World } from './world.ts';
import { createApiServer } from '../cluster/apiserver/server.ts';
import { createKubeScheduler } from '../cluster/scheduler/kubeScheduler.ts';
import { createControllerManager } from '../cluster/controllers/controllerManager.ts';
import { createKubelet } from '../cluster/kubelet/kubelet.ts';
import { createKubeProxy } from '../cluster/kube-proxy/kubeProxy.ts';
import { createRuntime, preloadImage } from '../cluster/runtime/containerd.ts';
import { lookupImage } from '../cluster/registry/catalog.ts';
import { apiserverManifest, CONTROL_PLANE_IMAGES, controllerManagerManifest, etcdManifest, schedulerManifest } from './kubeadm.ts';
import { STATIC_POD_PATH, installLoadBalancer, startUnits } from './world.ts';
import { haproxyCfg, HAPROXY_CFG_PATH, KUBEADM_HA_APISERVERS } from '../cluster/haproxy/config.ts';
import { CHECK_APISERVER_PATH, checkApiserverScript, keepalivedConf, KEEPALIVED_CONF_PATH, KUBEADM_HA_KEEPALIVED } from '../cluster/keepalived/config.ts';
import { createRegistry } from '../cluster/registry/registry.ts';
import { mkdirp } from '../cluster/host/host.ts';

export const PRESETS: readonly PresetName[] = ['single', 'ha', 'ha-external'];

interface HostSpec {
  name: string;
  ip: string;
  role: HostRole;
  etcd: boolean;
}

/**
 * The i-th node's /24 from kubeadm's podSubnet 10.244.0.0/16 (256 nodes). Benchmarks with more
 * nodes continue into 10.245.0.0/16 and on, as a larger --cluster-cidr would.
 */
/** kubeadm's podSubnet (networking.podSubnet), the flannel default. */
export const POD_SUBNET = '10.244.0.0/16';

export function podCIDRFor(i: number): string {
  return `10.${244 + Math.floor(i / 256)}.${i % 256}.0/24`;
}

/** Worker i (0-based): 10.0.0.31–39 as the presets document, then 10.0.<1+i/250>.<1+i%250> for benchmarks' large clusters. */
function workerIp(i: number): string {
  return i < 9 ? `10.0.0.3${i + 1}` : `10.0.${1 + Math.floor((i - 9) / 250)}.${1 + ((i - 9) % 250)}`;
}

export function presetHosts(preset: PresetName, workerCount?: number): HostSpec[] {
  const h = (name: string, ip: string, role: HostRole, etcd = false): HostSpec => ({ name, ip, role, etcd });
  // Stacked etcd (kubeadm's default topology) runs a member on every control-plane host.
  const controlPlane = (stackedEtcd: boolean) => [1, 2, 3].map((i) => h(`cp-${i}`, `10.0.0.1${i}`, 'control-plane', stackedEtcd));
  const loadBalancers = [h('lb-1', '10.0.0.21', 'load-balancer'), h('lb-2', '10.0.0.22', 'load-balancer')];
  const workers = (n: number) => Array.from({ length: workerCount ?? n }, (_, i) => h(`worker-${i + 1}`, workerIp(i), 'worker'));
  const registry = h('registry', '10.0.0.50', 'registry');
  switch (preset) {
    case 'single':
      return [h('cp-1', '10.0.0.11', 'control-plane', true), ...workers(2), registry];
    case 'ha':
      return [...controlPlane(true), ...loadBalancers, ...workers(3), registry];
    case 'ha-external':
      return [...controlPlane(false), ...[1, 2, 3].map((i) => h(`etcd-${i}`, `10.0.0.4${i}`, 'etcd', true)), ...loadBalancers, ...workers(3), registry];
  }
}

export interface WorldOptions {
  preset: PresetName;
  seed: number;
  /** Extra etcd members (for benchmarks and tests of larger clusters): the first N hosts of a generated list. */
  etcdMembers?: number;
  /** Virtual ms to run after boot so the user starts with a settled cluster. */
  settleMs?: number;
  /** etcd --snapshot-count (kubeadm: 10000); tests lower it to exercise log compaction. */
  snapshotCount?: number;
  /** Entries kept behind a snapshot for slow followers (etcd: 5000). */
  snapshotCatchUpEntries?: number;
  /** Run the scheduler, controller-manager and node agents (default true; etcd-only tests turn it off). */
  controlPlane?: boolean;
  /** Worker hosts instead of the preset's (benchmarks of large clusters). */
  workers?: number;
  /** kubeadm's addon phase (kube-proxy); default true whenever the control plane runs. */
  addons?: boolean;
  /**
   * The pod network. 'flannel' (the default): containerd reads the CNI config from the node's
   * disk (a node is NotReady until one is there) and kube-flannel.yml is applied after the
   * add-ons, as a learner does after `kubeadm init --pod-network-cidr=10.244.0.0/16`; the boot
   * runs until every node has turned Ready. 'none': the simplified pod network that is always
   * ready and needs no CNI (for tests of other layers that do not want flannel's pods).
   */
  podNetwork?: 'flannel' | 'none';
}

/** The systemd unit a learner can `cat` (and `systemctl cat etcd` prints). */
export function etcdUnitFile(name: string, ip: string, initialCluster: string): string {
  return [
    '[Unit]',
    'Description=etcd key-value store',
    'Documentation=https://etcd.io/docs/v3.5/',
    'After=network-online.target',
    '',
    '[Service]',
    'ExecStart=/usr/local/bin/etcd \\',
    `  --name=${name} \\`,
    '  --data-dir=/var/lib/etcd \\',
    `  --listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379 \\`,
    `  --advertise-client-urls=https://${ip}:2379 \\`,
    `  --listen-peer-urls=https://${ip}:2380 \\`,
    `  --initial-advertise-peer-urls=https://${ip}:2380 \\`,
    `  --initial-cluster=${initialCluster} \\`,
    '  --initial-cluster-state=new \\',
    '  --heartbeat-interval=100 \\',
    '  --election-timeout=1000 \\',
    '  --snapshot-count=10000',
    'Restart=always',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

export function createWorld(opts: WorldOptions): World {
  const w = createEmptyWorld(opts.seed, opts.preset);
  let specs = presetHosts(opts.preset, opts.workers);
  if (opts.etcdMembers !== undefined) specs = generatedEtcdHosts(opts.etcdMembers);
  for (const s of specs) {
    const host = addHost(w, s.name, s.ip, s.role);
    host.fs['/etc/hosts'] = { type: 'file', content: specs.map((x) => `${x.ip}\t${x.name}`).join('\n') + '\n' };
    host.fs['/etc/hostname'] = { type: 'file', content: `${s.name}\n` };
  }
  const etcdHosts = specs.filter((s) => s.etcd);
  const initial = etcdHosts.map((s) => ({ name: s.name, peerUrl: `https://${s.ip}:2380` }));
  const initialCluster = initial.map((m) => `${m.name}=${m.peerUrl}`).join(',');
  // With kubelets, kubeadm runs the control plane as static pods; stacked etcd too. External
  // etcd hosts (and worlds without kubelets) run etcd as a systemd unit.
  const staticPods = opts.controlPlane !== false;
  const podNetwork = opts.podNetwork ?? 'flannel';
  for (const s of etcdHosts) {
    const config = defaultEtcdConfig(s.name, s.ip, initial);
    // kubeadm sets --snapshot-count=10000 in its etcd manifest.
    config.snapshotCount = opts.snapshotCount ?? 10_000;
    if (opts.snapshotCatchUpEntries !== undefined) config.snapshotCatchUpEntries = opts.snapshotCatchUpEntries;
    w.etcd[s.name] = createMember(s.name, config);
    if (staticPods && s.role === 'control-plane') continue;
    w.units[s.name] = [...(w.units[s.name] ?? []), 'etcd'];
    w.hosts[s.name]!.fs['/etc/systemd/system'] = { type: 'dir' };
    w.hosts[s.name]!.fs['/etc/systemd/system/etcd.service'] = { type: 'file', content: etcdUnitFile(s.name, s.ip, initialCluster) };
  }
  installApiservers(w, specs, opts.preset, staticPods);
  installLoadBalancers(w, specs);
  if (staticPods) {
    installComponents(w, specs, opts.preset, podNetwork);
    writeControlPlaneManifests(w, specs, initialCluster);
  }
  for (const s of specs) startUnits(w, s.name);
  const settle = opts.settleMs ?? 3000;
  const cp = specs.find((x) => x.role === 'control-plane');
  if (staticPods && cp && opts.addons !== false) {
    // kubeadm init, last phase: the add-ons, created through the control-plane endpoint once it answers.
    const endpointHost = opts.preset === 'single' ? cp.name : APISERVER_VIP;
    const endpointUrl = `https://${opts.preset === 'single' ? cp.ip : APISERVER_VIP}:6443`;
    applyAddons(w, cp.name, endpointHost, addonObjects(endpointUrl, POD_SUBNET), Math.max(settle, 60_000));
    // The learner's next step on a real cluster, taken here so the presets come up Ready: the
    // pod network, `kubectl apply -f kube-flannel.yml`. Until its install-cni container has
    // written /etc/cni/net.d/10-flannel.conflist on a node, that node is NotReady.
    if (podNetwork === 'flannel') {
      // The manifest as the learner downloaded it next to the admin kubeconfig, to apply again after deleting it.
      w.hosts[cp.name]!.fs['/root/kube-flannel.yml'] = { type: 'file', content: kubeFlannelFile() };
      applyAddons(w, cp.name, endpointHost, flannelObjects(), Math.max(settle, 60_000));
      // The user starts with a Ready cluster: the boot goes on until every kubelet has posted
      // its node Ready (flannel's install-cni has run everywhere) and every add-on pod runs
      // (CoreDNS waits for a Ready node), at most a minute.
      const deadline = w.kernel.now + 60_000;
      // The API's view is read again only when the watch cache has moved on (a scan per event
      // would cost more than the boot itself in large clusters).
      let seen = '';
      const kubelets = Object.values(w.kubelets);
      let notYet = 0;
      while (stepWorld(w, deadline)) {
        // Kubelets that have posted Ready are passed over once; all of them are asked again below.
        while (notYet < kubelets.length && kubelets[notYet]!.postedNetworkReady === true) notYet++;
        if (notYet < kubelets.length) continue;
        const source = cacheSource(w);
        const at = source ? `${source}@${w.apiservers[source]!.cache.revision}` : '';
        if (at === seen) continue;
        seen = at;
        if (allNodesReady(w) && allPodsRunning(w)) break;
        if (!kubelets.every((k) => k.postedNetworkReady === true)) notYet = 0;
      }
    }
  }
  while (stepWorld(w, settle)) {
    /* run the boot */
  }
  return w;
}

/** Every kubelet has posted its node Ready and the API (a ready apiserver's watch cache) shows it. */
function allNodesReady(w: World): boolean {
  if (!Object.values(w.kubelets).every((k) => k.postedNetworkReady === true)) return false;
  const nodes = [...apiObjects(w).entries()].filter(([key]) => key.startsWith(NODES_PREFIX)).map(([, n]) => n as Node);
  return nodes.length === Object.keys(w.kubelets).length && nodes.every(nodeIsReady);
}

const NODES_PREFIX = etcdPrefix('nodes');
const PODS_PREFIX = etcdPrefix('pods');

/** Every pod the API knows is in phase Running (the add-ons have started). */
function allPodsRunning(w: World): boolean {
  for (const [key, p] of apiObjects(w)) if (key.startsWith(PODS_PREFIX) && (p as Pod).status?.phase !== 'Running') return false;
  return true;
}

/**
 * A kube-apiserver on every control-plane host (stacked: it talks to its local etcd member, as
 * kubeadm configures --etcd-servers=https://127.0.0.1:2379; external: to the etcd hosts), and
 * the admin kubeconfig kubeadm writes, copied to ~/.kube/config as its install guide says.
 */
function installApiservers(w: World, specs: HostSpec[], preset: PresetName, staticPods: boolean): void {
  const controlPlane = specs.filter((s) => s.role === 'control-plane');
  const externalEtcd = specs.filter((s) => s.role === 'etcd').map((s) => s.name);
  const server = preset === 'single' ? `https://${controlPlane[0]?.ip}:6443` : `https://${APISERVER_VIP}:6443`;
  for (const cp of controlPlane) {
    w.apiservers[cp.name] = createApiServer(cp.name, externalEtcd.length > 0 ? externalEtcd : [cp.name], cp.ip);
    const host = w.hosts[cp.name]!;
    mkdirp(host, '/root/.kube');
    host.fs['/etc/kubernetes'] = { type: 'dir' };
    host.fs['/etc/kubernetes/admin.conf'] = { type: 'file', content: kubeconfig(server) };
    host.fs['/root/.kube/config'] = { type: 'file', content: kubeconfig(server) };
    if (!staticPods) w.units[cp.name] = [...(w.units[cp.name] ?? []), 'kube-apiserver'];
  }
}

/**
 * The kubeadm HA guide's option 1 on the lb hosts: HAProxy and keepalived installed as system
 * services (apt), with the guide's /etc/haproxy/haproxy.cfg, /etc/keepalived/keepalived.conf and
 * /etc/keepalived/check_apiserver.sh (chmod +x). lb-1 is the keepalived MASTER (priority 101),
 * lb-2 the BACKUP (100), as in the guide's example.
 */
function installLoadBalancers(w: World, specs: HostSpec[]): void {
  const apiservers = KUBEADM_HA_APISERVERS.filter((s) => specs.some((h) => h.role === 'control-plane' && h.name === s.name && h.ip === s.address));
  for (const s of specs) {
    if (s.role !== 'load-balancer') continue;
    const params = KUBEADM_HA_KEEPALIVED[s.name as 'lb-1' | 'lb-2'];
    if (!params) continue;
    const host = w.hosts[s.name]!;
    mkdirp(host, '/etc/haproxy');
    mkdirp(host, '/etc/keepalived');
    host.fs[HAPROXY_CFG_PATH] = { type: 'file', content: haproxyCfg(6443, apiservers) };
    host.fs[KEEPALIVED_CONF_PATH] = { type: 'file', content: keepalivedConf(params) };
    host.fs[CHECK_APISERVER_PATH] = { type: 'file', content: checkApiserverScript(6443) };
    installLoadBalancer(w, s.name, [params.vip]);
  }
}

/**
 * kube-scheduler and kube-controller-manager on every control-plane host, talking to their
 * local apiserver as kubeadm's scheduler.conf and controller-manager.conf do; a node agent on
 * every control-plane and worker host, talking to the control-plane endpoint as kubelet.conf does.
 * Pod CIDRs are the flannel /24s of 10.244.0.0/16 in host order (the node IPAM controller's
 * allocation, done here at install time).
 */
function installComponents(w: World, specs: HostSpec[], preset: PresetName, podNetwork: 'flannel' | 'none'): void {
  const controlPlane = specs.filter((s) => s.role === 'control-plane');
  const endpoint = preset === 'single' ? controlPlane[0]!.ip : APISERVER_VIP;
  let index = 0;
  for (const s of specs) {
    if (s.role !== 'control-plane' && s.role !== 'worker') continue;
    const podCIDR = podCIDRFor(index++);
    w.runtimes[s.name] = createRuntime(s.name, s.ip, podCIDR);
    // containerd reads the node's CNI config and plugins, and hostPath volumes mount, from the host's disk.
    if (podNetwork === 'flannel') w.runtimes[s.name]!.hostFs = w.hosts[s.name]!.fs;
    w.flannels[s.name] = createFlanneld(s.name, s.name, s.ip, endpoint);
    w.kubelets[s.name] = createKubelet(s.name, endpoint, { name: s.name, ip: s.ip, podCIDR, controlPlane: s.role === 'control-plane', cpu: '2', memory: '4Gi', pods: 110 });
    // kube-proxy's kubeconfig (the kube-proxy ConfigMap's kubeconfig.conf) points at the control-plane endpoint too.
    w.kubeProxies[s.name] = createKubeProxy(s.name, s.name, s.ip, endpoint);
  }
  const registry = specs.find((s) => s.role === 'registry');
  if (registry) w.registry = createRegistry(registry.name);
  for (const cp of controlPlane) {
    w.schedulers[cp.name] = createKubeScheduler(cp.name, cp.ip);
    w.controllerManagers[cp.name] = createControllerManager(cp.name, cp.ip);
  }
  for (const s of specs) {
    if (!w.kubelets[s.name]) continue;
    w.units[s.name] = [...(w.units[s.name] ?? []), 'containerd', 'kubelet'];
    // The endpoint crictl should use, as the container-runtime install guides have you write it
    // (`crictl config runtime-endpoint ...`); without it crictl warns about its default endpoints.
    w.hosts[s.name]!.fs['/etc/crictl.yaml'] = { type: 'file', content: 'runtime-endpoint: unix:///run/containerd/containerd.sock\nimage-endpoint: unix:///run/containerd/containerd.sock\ntimeout: 10\n' };
  }
}

/**
 * kubeadm init/join --control-plane: the control-plane images pulled ahead (`kubeadm config
 * images pull`) and the four static pod manifests written to /etc/kubernetes/manifests.
 */
function writeControlPlaneManifests(w: World, specs: HostSpec[], initialCluster: string): void {
  const externalEtcd = specs.filter((s) => s.role === 'etcd');
  const etcdServers = externalEtcd.length > 0 ? externalEtcd.map((s) => `https://${s.ip}:2379`).join(',') : 'https://127.0.0.1:2379';
  for (const cp of specs.filter((s) => s.role === 'control-plane')) {
    const host = w.hosts[cp.name]!;
    const rt = w.runtimes[cp.name];
    if (rt) {
      for (const image of CONTROL_PLANE_IMAGES) {
        const r = lookupImage(image);
        if (r.ok) preloadImage(rt, r.manifest);
      }
    }
    mkdirp(host, STATIC_POD_PATH);
    const file = (name: string, content: string) => (host.fs[`${STATIC_POD_PATH}/${name}`] = { type: 'file', content });
    if (cp.etcd) file('etcd.yaml', etcdManifest(cp, initialCluster, 'new'));
    file('kube-apiserver.yaml', apiserverManifest(cp, etcdServers));
    file('kube-controller-manager.yaml', controllerManagerManifest());
    file('kube-scheduler.yaml', schedulerManifest());
  }
}

/**
 * The certificate and key data of the kubeconfig: valid base64 as kubeadm writes it, whose PEM
 * says TLS is not modelled (so `kubectl config view --raw` and YAML parsers see a real-looking
 * file, and nobody mistakes it for a real key).
 */
const PLACEHOLDER_CERT_DATA = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCms4c2ltOiBUTFMgaXMgbm90IG1vZGVsbGVkCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K';
const PLACEHOLDER_KEY_DATA = 'LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQprOHNpbTogVExTIGlzIG5vdCBtb2RlbGxlZAotLS0tLUVORCBSU0EgUFJJVkFURSBLRVktLS0tLQo=';

export function kubeconfig(server: string): string {
  return [
    'apiVersion: v1',
    'clusters:',
    '- cluster:',
    `    certificate-authority-data: ${PLACEHOLDER_CERT_DATA}`,
    `    server: ${server}`,
    '  name: kubernetes',
    'contexts:',
    '- context:',
    '    cluster: kubernetes',
    '    user: kubernetes-admin',
    '  name: kubernetes-admin@kubernetes',
    'current-context: kubernetes-admin@kubernetes',
    'kind: Config',
    'preferences: {}',
    'users:',
    '- name: kubernetes-admin',
    '  user:',
    `    client-certificate-data: ${PLACEHOLDER_CERT_DATA}`,
    `    client-key-data: ${PLACEHOLDER_KEY_DATA}`,
    '',
  ].join('\n');
}

function generatedEtcdHosts(n: number): HostSpec[] {
  const out: HostSpec[] = [];
  for (let i = 1; i <= n; i++) out.push({ name: `etcd-${i}`, ip: `10.0.0.${40 + i}`, role: 'etcd', etcd: true });
  return out;
}
