/**
 * containerd on one node: the image store, pod sandboxes (with their IP from the node's pod CIDR,
 * as flannel's host-local IPAM hands them out), containers, and the programs running in them.
 *
 * It keeps running when the kubelet stops (containers are the runtime's, not the kubelet's), and
 * loses its containers, not its images, when the host crashes. Programs are driven here: a
 * program blocks on a Syscall, and the runtime wakes it on the virtual clock.
 */
import { fnv1a32, hex32 } from '../../kernel/index.ts';
import { emitTrace, type EffectSink } from '../effects.ts';
import type { ImageManifest, PullRequest, PullResponse } from '../registry/messages.ts';
import { REGISTRY_PORT } from '../registry/messages.ts';
import type { ContainerFs, DnsResult, DnsTool, DnsToolResult, HttpRequest, HttpResult, ProcessState, ProgramContext, Signal, Syscall } from './programs/types.ts';
import { grpcHealth, listensOn, memoryBytes, msUntilMemoryReaches, resumeProgram, runProgram, serveHttpWith, signalProgram, spawnProgram, withServerHeaders } from './programs/index.ts';
import { nginxDocumentRoot } from './programs/images/nginx.ts';
import type { ServeIo } from './programs/program.ts';
import type { ContainerConfig, CriContainer, CriImage, CriNotification, CriSandbox, ExecResult, HttpProbeResult, LogLine, OutputLine, SandboxConfig } from './messages.ts';

/** containerd's CRI plugin: a pull that gets no answer fails when the dial times out. */
export const PULL_DIAL_TIMEOUT_MS = 30_000;
/** Unpacking speed of a pulled image, and the fixed cost of resolving and fetching its manifest. */
export const PULL_BYTES_PER_SECOND = 40 * 1024 * 1024;
export const PULL_OVERHEAD_MS = 250;
/** Lines of log kept per container (the kubelet rotates at 10Mi; we keep the tail). */
export const LOG_LINES_KEPT = 2000;
/** Binaries whose containers the simulation binds to its component models (see effects.ts). */
export const BOUND_PROCESSES = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kube-proxy', 'coredns', 'nginx-ingress-controller', 'flanneld'];

export function boundProcessOf(c: { argv: string[] }): string | null {
  // dumb-init (ingress-nginx's ENTRYPOINT) runs its argument as the real process.
  const argv = (c.argv[0] ?? '').endsWith('dumb-init') ? c.argv.slice(c.argv[1] === '--' ? 2 : 1) : c.argv;
  const base = (argv[0] ?? '').replace(/^.*\//, '');
  return BOUND_PROCESSES.includes(base) ? base : null;
}

/** The sandbox (pause) image kubeadm 1.32 configures; it is pinned and present from install. */
export const SANDBOX_IMAGE = 'registry.k8s.io/pause:3.10';

export interface RtProcess {
  pid: number;
  state: ProcessState;
  /** A pending timer's generation: a wake-up for an older generation is stale. */
  wakeGen: number;
  /** Set for exec processes: who waits for the result and until when. */
  exec?: { execId: string; deadlineAtMs: number; output: OutputLine[] };
}

export interface RtContainer extends CriContainer {
  /** The image's id (sha256:…) in this node's store; `imageRef` is what the CRI reports (the repo digest). */
  imageId: string;
  argv: string[];
  env: Record<string, string>;
  mounts: ContainerConfig['mounts'];
  memoryLimitBytes: number;
  stopSignal: Signal;
  fs: ContainerFs;
  main: RtProcess | null;
  execs: Record<string, RtProcess>;
  logs: LogLine[];
  /** When a stop was asked: the SIGKILL deadline. */
  killAtMs: number | null;
  /** The control-plane binary whose model this container runs (`boundProcessOf(argv)`), fixed at creation. */
  bound: string | null;
}

export interface RtSandbox extends CriSandbox {
  volumes: Record<string, ContainerFs>;
  hostname: string;
  /** Its containers' ids in creation order: containerd's sandbox → container index, so a probe or a request to a pod IP looks at that pod's few containers, not the node's. */
  containerIds: string[];
}

export interface PullInFlight {
  image: string;
  startedAtMs: number;
  phase: 'resolving' | 'fetching';
}

export interface ContainerRuntime {
  host: string;
  nodeIp: string;
  podCIDR: string;
  running: boolean;
  images: Record<string, CriImage>;
  /** Image as written → image id, for the references pulled under that name. */
  tags: Record<string, string>;
  sandboxes: Record<string, RtSandbox>;
  containers: Record<string, RtContainer>;
  pulls: Record<string, PullInFlight>;
  nextId: number;
  nextPid: number;
  nextIp: number;
  /**
   * The addresses held by ready sandboxes, by address (host-local IPAM's reservations): kept as
   * sandboxes come and go so that allocating one looks them up instead of walking every sandbox.
   */
  podIps: Record<string, string>;
  /**
   * Sandbox ids by pod UID, oldest first: the kubelet lists a pod's sandboxes by the
   * io.kubernetes.pod.uid label (kuberuntime_sandbox.go getSandboxIDByPodUID) on every pod it
   * admits, and a walk over every sandbox would make a rollout's admissions quadratic.
   */
  podSandboxes: Record<string, string[]>;
  /**
   * Bumped on every change of a sandbox's or container's state (created, started, exited,
   * stopped, removed). Not containerd's: a change counter the kubelet's PLEG relist reads to know
   * that nothing moved since its last look (the role CRI container events play for Evented PLEG).
   */
  generation: number;
  /**
   * The node's own filesystem (the host's disk, the same object the host holds), which hostPath
   * volumes mount and the CNI plugins read: /etc/cni/net.d, /opt/cni/bin, /run/flannel.
   * Absent in runtimes built without a host (unit tests): hostPath mounts then see nothing.
   */
  hostFs?: Record<string, HostFsNode>;
}

/** A host filesystem entry as the runtime reads and writes it (cluster/host's FsNode, structurally). */
export type HostFsNode = { type: 'dir' } | { type: 'file'; content: string } | { type: string; [k: string]: unknown };

/** The network as a program sees it; the simulation layer answers (stand-ins until the networking issue). */
export interface PodNetwork {
  /** A GET of `url`; `resolvedIp` when the client already looked the host up (it connects there). */
  http(fromSandbox: RtSandbox, url: string, resolvedIp?: string, headers?: Record<string, string>): HttpResult;
  dns(fromSandbox: RtSandbox, name: string): DnsResult;
  /** nslookup / dig run against the pod's resolv.conf, every query through the network. */
  dnsTool(fromSandbox: RtSandbox, tool: DnsTool, argv: string[]): DnsToolResult;
}

export function createRuntime(host: string, nodeIp: string, podCIDR: string): ContainerRuntime {
  const rt: ContainerRuntime = { host, nodeIp, podCIDR, running: true, images: {}, tags: {}, sandboxes: {}, containers: {}, pulls: {}, nextId: 1, nextPid: 1, nextIp: 2, podIps: {}, podSandboxes: {}, generation: 0 };
  storeImage(rt, SANDBOX_IMAGE, { reference: SANDBOX_IMAGE, repository: 'registry.k8s.io/pause', tag: '3.10', digest: `sha256:${hex64(SANDBOX_IMAGE)}`, sizeBytes: 320_368, config: { entrypoint: ['/pause'], cmd: [], env: [], workingDir: '/', exposedPorts: [], binaries: ['pause'] } }, true);
  return rt;
}

const proc = (rt: ContainerRuntime) => `${rt.host}/containerd`;

function hex64(text: string): string {
  let out = '';
  for (let i = 0; i < 8; i++) out += hex32(fnv1a32(`${i}/${text}`));
  return out;
}

/** containerd ids are 64 hex digits; crictl shows the first 13. Derived from the host and a counter, so stable. */
function newId(rt: ContainerRuntime): string {
  return hex64(`${rt.host}/${rt.nextId++}`);
}

// ---------------------------------------------------------------------------------------------
// Images.

function storeImage(rt: ContainerRuntime, asWritten: string, m: ImageManifest, pinned = false): CriImage {
  const id = `sha256:${hex64(`config/${m.reference}`)}`;
  const image: CriImage = rt.images[id] ?? { id, repoTags: [], repoDigests: [`${m.repository}@${m.digest}`], sizeBytes: m.sizeBytes, config: m.config, pinned };
  if (!image.repoTags.includes(m.reference)) image.repoTags.push(m.reference);
  rt.images[id] = image;
  rt.tags[asWritten] = id;
  rt.tags[m.reference] = id;
  return image;
}

/** An image already on the node's disk (kubeadm pulled the control-plane images before init). */
export function preloadImage(rt: ContainerRuntime, m: ImageManifest): void {
  storeImage(rt, m.reference, m);
}

export function imageStatus(rt: ContainerRuntime, image: string): CriImage | null {
  const id = rt.tags[image] ?? rt.tags[qualifiedGuess(image)];
  return id ? rt.images[id] ?? null : null;
}

/** docker.io/library/ for official images, :latest when untagged: enough to find an image pulled under another spelling. */
function qualifiedGuess(image: string): string {
  let ref = image;
  if (!/[:@][^/]*$/.test(ref)) ref += ':latest';
  if (!ref.includes('/')) return `docker.io/library/${ref}`;
  if (!/^[^/]+[.:]/.test(ref)) return `docker.io/${ref}`;
  return ref;
}

export function pullImage(rt: ContainerRuntime, image: string, sink: EffectSink): void {
  if (rt.pulls[image]) return;
  rt.pulls[image] = { image, startedAtMs: sink.now, phase: 'resolving' };
  const body: PullRequest = { image };
  sink.effects.push({ type: 'net.send', from: { host: rt.host, port: 'containerd' }, to: { host: 'registry', port: REGISTRY_PORT }, kind: 'registry.pull', body, summary: `pull ${image}` });
  sink.effects.push({ type: 'timer.set', key: `${proc(rt)}/pull/${image}`, delayMs: PULL_DIAL_TIMEOUT_MS, target: proc(rt), payload: { type: 'cri.pull-timeout', image } });
}

/** The registry answered a pull: fetch the layers (time by size), then store the image. */
export function onPullResponse(rt: ContainerRuntime, image: string, resp: PullResponse, sink: EffectSink): void {
  const pull = rt.pulls[image];
  if (!pull || pull.phase !== 'resolving') return;
  sink.effects.push({ type: 'timer.cancel', key: `${proc(rt)}/pull/${image}` });
  if (!resp.ok) {
    delete rt.pulls[image];
    const ref = qualifiedGuess(image);
    const code = resp.reason === 'notFound' && resp.message.endsWith('not found') ? 'NotFound' : 'Unknown';
    return notify(rt, sink, { type: 'kubelet.cri.pulled', image, ok: false, error: `rpc error: code = ${code} desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${resp.message}` });
  }
  pull.phase = 'fetching';
  const fetchMs = PULL_OVERHEAD_MS + Math.round((resp.manifest.sizeBytes / PULL_BYTES_PER_SECOND) * 1000);
  sink.effects.push({ type: 'timer.set', key: `${proc(rt)}/pull/${image}`, delayMs: fetchMs, target: proc(rt), payload: { type: 'cri.pull-done', image, manifest: resp.manifest } });
}

/** A pull's connection was refused (the registry host is up, its service is not). */
export function onPullRefused(rt: ContainerRuntime, image: string, sink: EffectSink): void {
  if (!rt.pulls[image]) return;
  failPull(rt, image, `dial tcp 10.0.0.50:443: connect: connection refused`, sink);
}

function failPull(rt: ContainerRuntime, image: string, why: string, sink: EffectSink): void {
  delete rt.pulls[image];
  sink.effects.push({ type: 'timer.cancel', key: `${proc(rt)}/pull/${image}` });
  const ref = qualifiedGuess(image);
  const registryHost = ref.split('/')[0];
  notify(rt, sink, { type: 'kubelet.cri.pulled', image, ok: false, error: `rpc error: code = Unavailable desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": failed to do request: Head "https://${registryHost}/v2/${ref.slice(registryHost!.length + 1).replace(/:[^:]*$/, '')}/manifests/${ref.replace(/^.*:/, '')}": ${why}` });
}

function notify(rt: ContainerRuntime, sink: EffectSink, n: CriNotification): void {
  sink.effects.push({ type: 'timer.set', key: `${rt.host}/kubelet/cri/${rt.nextId++}`, delayMs: 0, target: `${rt.host}/kubelet`, payload: n as unknown as { type: string } });
}

// ---------------------------------------------------------------------------------------------
// Sandboxes.

/** Where containerd's CRI plugin looks for CNI network configs and plugin binaries (its defaults, which kubeadm keeps). */
export const CNI_CONF_DIR = '/etc/cni/net.d';
export const CNI_BIN_DIR = '/opt/cni/bin';
/** flannel's CNI plugin reads what flanneld wrote here (cni-plugin flannel.go defaultSubnetFile). */
export const FLANNEL_SUBNET_FILE = '/run/flannel/subnet.env';

/**
 * The network config containerd loads: libcni's ConfFiles in /etc/cni/net.d (`.conf`, `.conflist`,
 * `.json`), sorted by name, the first one (the CRI plugin's max_conf_num = 1). null: none there.
 */
export function cniConfig(rt: ContainerRuntime): { file: string; pluginTypes: string[] } | null {
  const fs = rt.hostFs;
  if (!fs) return null;
  // Asked on every node status heartbeat and sandbox: a key loop, the regex only for what is in
  // the directory, and each config's JSON parsed once per content (cniPluginTypes).
  const dir = `${CNI_CONF_DIR}/`;
  const files: string[] = [];
  for (const p in fs) {
    if (p.startsWith(dir) && !p.includes('/', dir.length) && /\.(conf|conflist|json)$/.test(p) && fs[p]!.type === 'file') files.push(p);
  }
  if (files.length > 1) files.sort();
  for (const file of files) {
    const types = cniPluginTypes((fs[file] as { content: string }).content);
    if (types) return { file, pluginTypes: types };
  }
  return null;
}

/** A CNI config's plugin types, or null when libcni would skip it (not JSON, or a plugin without a type). */
const pluginTypesByContent = new Map<string, string[] | null>();
function cniPluginTypes(content: string): string[] | null {
  let types = pluginTypesByContent.get(content);
  if (types === undefined) {
    types = null;
    try {
      const conf = JSON.parse(content) as { type?: string; plugins?: { type?: string }[] };
      const t = conf.plugins ? conf.plugins.map((x) => x.type ?? '') : [conf.type ?? ''];
      if (t.length > 0 && t.every((x) => x !== '')) types = t;
    } catch {
      // libcni skips a file it cannot parse and goes on to the next.
    }
    if (pluginTypesByContent.size >= 256) pluginTypesByContent.clear();
    pluginTypesByContent.set(content, types);
  }
  return types === null ? null : [...types];
}

/**
 * The CRI Status call's NetworkReady condition (containerd's cri plugin): ready once a CNI config
 * loads, else NetworkPluginNotReady with the message the kubelet then puts on the Node. A runtime
 * without a host (unit tests) has its network ready.
 */
export function runtimeNetworkStatus(rt: ContainerRuntime): { ready: true } | { ready: false; reason: string; message: string } {
  if (!rt.hostFs || cniConfig(rt)) return { ready: true };
  return { ready: false, reason: 'NetworkPluginNotReady', message: 'Network plugin returns error: cni plugin not initialized' };
}

/**
 * CNI ADD for a new sandbox through the loaded config's first plugin. For flannel (cni-plugin
 * v1.6.2-flannel1 flannel.go cmdAdd): the plugin binary must be in /opt/cni/bin (libcni's
 * FindInPath error otherwise) and flanneld's subnet.env must exist (`loadFlannelSubnetEnv
 * failed: open ...: no such file or directory`); it then delegates to the bridge plugin with
 * host-local IPAM over the node's subnet, which allocateIp models. null: the network is set up.
 */
export function cniAddError(rt: ContainerRuntime): string | null {
  const fs = rt.hostFs;
  if (!fs) return null;
  const conf = cniConfig(rt);
  if (!conf) return 'cni plugin not initialized';
  for (const type of conf.pluginTypes) {
    if (fs[`${CNI_BIN_DIR}/${type}`]?.type !== 'file') return `plugin type="${type}" failed (add): failed to find plugin "${type}" in path [${CNI_BIN_DIR}]`;
    if (type === 'flannel' && fs[FLANNEL_SUBNET_FILE]?.type !== 'file') return `plugin type="flannel" failed (add): loadFlannelSubnetEnv failed: open ${FLANNEL_SUBNET_FILE}: no such file or directory`;
    // Only the first plugin (the one that sets up the interface) is checked; portmap and the like only add rules.
    break;
  }
  return null;
}

export function runPodSandbox(rt: ContainerRuntime, cfg: SandboxConfig, sink: EffectSink): RtSandbox | { error: string } {
  const id = newId(rt);
  if (!cfg.hostNetwork) {
    // The sandbox's network namespace is set up before the sandbox counts as created; a CNI
    // failure tears it down again and RunPodSandbox fails (sandbox_run.go setupPodNetwork).
    const err = cniAddError(rt);
    if (err) {
      const message = `rpc error: code = Unknown desc = failed to setup network for sandbox "${id}": ${err}`;
      emitTrace(sink, { source: proc(rt), kind: 'cri.sandbox', summary: `RunPodSandbox ${cfg.namespace}/${cfg.name} failed: ${err}` });
      return { error: message };
    }
  }
  const sb: RtSandbox = { id, podUid: cfg.podUid, name: cfg.name, namespace: cfg.namespace, attempt: cfg.attempt, state: 'SANDBOX_READY', ip: cfg.hostNetwork ? rt.nodeIp : allocateIp(rt), createdAtMs: sink.now, volumes: {}, hostname: cfg.hostname, containerIds: [] };
  for (const v of cfg.volumes) sb.volumes[v] = { files: { ...(cfg.volumeFiles?.[v] ?? {}) } };
  rt.sandboxes[id] = sb;
  (rt.podSandboxes[sb.podUid] ??= []).push(id);
  if (!cfg.hostNetwork) rt.podIps[sb.ip] = id;
  rt.generation++;
  emitTrace(sink, { source: proc(rt), kind: 'cri.sandbox', summary: `RunPodSandbox ${cfg.namespace}/${cfg.name}: ${id.slice(0, 13)} ip ${sb.ip}` });
  return sb;
}

/** host-local IPAM: the next free address of the node's /24, .2 to .254 (.1 is the cni0 bridge). */
function allocateIp(rt: ContainerRuntime): string {
  const base = rt.podCIDR.replace(/\.0\/24$/, '');
  for (let i = 0; i < 253; i++) {
    const ip = `${base}.${rt.nextIp}`;
    rt.nextIp = rt.nextIp >= 254 ? 2 : rt.nextIp + 1;
    if (rt.podIps[ip] === undefined) return ip;
  }
  return `${base}.${rt.nextIp}`;
}

export function stopPodSandbox(rt: ContainerRuntime, id: string, sink: EffectSink): void {
  const sb = rt.sandboxes[id];
  if (!sb) return;
  for (const c of containersIn(rt, id)) if (c.state === 'CONTAINER_RUNNING') killNow(rt, c, sink, 137, 'Error');
  sb.state = 'SANDBOX_NOTREADY';
  releaseIp(rt, sb);
  rt.generation++;
}

/** A sandbox that is no longer ready gives its address back. */
function releaseIp(rt: ContainerRuntime, sb: RtSandbox): void {
  if (rt.podIps[sb.ip] === sb.id) delete rt.podIps[sb.ip];
}

export function removePodSandbox(rt: ContainerRuntime, id: string): void {
  const sb = rt.sandboxes[id];
  if (sb) releaseIp(rt, sb);
  for (const cid of sb?.containerIds ?? []) delete rt.containers[cid];
  delete rt.sandboxes[id];
  if (sb) forgetPodSandbox(rt, sb.podUid, id);
  rt.generation++;
}

/** A sandbox's containers, oldest first (the order `Object.values(rt.containers)` gives them). */
export function containersIn(rt: ContainerRuntime, sandboxId: string): RtContainer[] {
  const out: RtContainer[] = [];
  for (const id of rt.sandboxes[sandboxId]?.containerIds ?? []) {
    const c = rt.containers[id];
    if (c) out.push(c);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Containers.

/** Kubernetes' rule: `command` replaces ENTRYPOINT (and drops CMD), `args` replaces CMD. */
export function resolveArgv(image: CriImage, command?: string[], args?: string[]): string[] {
  const entry = command && command.length > 0 ? command : image.config.entrypoint;
  const cmd = args && args.length > 0 ? args : command && command.length > 0 ? [] : image.config.cmd;
  return [...entry, ...cmd];
}

export function createContainer(rt: ContainerRuntime, sandboxId: string, cfg: ContainerConfig, sink: EffectSink): { id: string } | { error: string } {
  const sb = rt.sandboxes[sandboxId];
  if (!sb || sb.state !== 'SANDBOX_READY') return { error: `failed to get sandbox ${sandboxId.slice(0, 13)}: not found` };
  const image = imageStatus(rt, cfg.image);
  if (!image) return { error: `failed to get image "${cfg.image}": not found` };
  const id = newId(rt);
  const env: Record<string, string> = {};
  for (const kv of image.config.env) {
    const i = kv.indexOf('=');
    if (i > 0) env[kv.slice(0, i)] = kv.slice(i + 1);
  }
  Object.assign(env, { HOSTNAME: sb.hostname }, cfg.env);
  // runc's setupUser: a process without HOME gets its user's home (root's: /root), last.
  if (env['HOME'] === undefined) env['HOME'] = '/root';
  const stop = (image.config.stopSignal ?? 'SIGTERM').replace(/^SIG/, '') as Signal;
  const argv = resolveArgv(image, cfg.command, cfg.args);
  sb.containerIds.push(id);
  rt.generation++;
  rt.containers[id] = {
    id, sandboxId, podUid: sb.podUid, name: cfg.name, attempt: cfg.attempt, image: cfg.image, imageId: image.id, imageRef: image.repoDigests[0] ?? image.id,
    state: 'CONTAINER_CREATED', createdAtMs: sink.now, startedAtMs: 0, finishedAtMs: 0, exitCode: 0, reason: '', message: '',
    argv, env, mounts: cfg.mounts, memoryLimitBytes: cfg.memoryLimitBytes, stopSignal: stop,
    fs: { files: Object.assign(nginxDocumentRoot([...image.repoTags, ...image.repoDigests], image.config.env), image.config.files, cfg.files) }, main: null, execs: {}, logs: [], killAtMs: null, bound: boundProcessOf({ argv }),
  };
  return { id };
}

export function startContainer(rt: ContainerRuntime, id: string, net: PodNetwork, sink: EffectSink): { ok: true } | { error: string } {
  const c = rt.containers[id];
  if (!c || c.state !== 'CONTAINER_CREATED') return { error: `container ${id.slice(0, 13)} is not in created state` };
  const image = rt.images[c.imageId];
  const spawned = spawnProgram(c.argv, c.env, image?.config.binaries ?? [], sink.now, c.image);
  if ('error' in spawned) {
    // runc could not exec the entrypoint: containerd reports StartError with exit code 128.
    const message = `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${spawned.error}: unknown`;
    Object.assign(c, { state: 'CONTAINER_EXITED', startedAtMs: 0, finishedAtMs: sink.now, exitCode: 128, reason: 'StartError', message });
    rt.generation++;
    return { error: message };
  }
  c.state = 'CONTAINER_RUNNING';
  rt.generation++;
  c.startedAtMs = sink.now;
  c.main = { pid: 1, state: spawned, wakeGen: 0 };
  emitTrace(sink, { source: proc(rt), kind: 'cri.start', summary: `StartContainer ${c.name} (${id.slice(0, 13)}): ${c.argv.join(' ')}` });
  const bound = c.bound;
  if (bound) sink.effects.push({ type: 'container.process', host: rt.host, process: bound, action: 'start', containerId: id, argv: c.argv, mounts: c.mounts });
  drive(rt, c, c.main, net, sink);
  return { ok: true };
}

/**
 * A hostPath volume: the host directory `dir` as a container sees it mounted (keys relative to
 * the mount, `/10-flannel.conflist`). Writes land on the host's disk, as a bind mount's do, so
 * what flannel's install-cni container copies into /etc/cni/net.d is there for containerd's CNI
 * and for `cat` on the node.
 */
function hostDirFs(rt: ContainerRuntime, dir: string): ContainerFs | undefined {
  const hostFs = rt.hostFs;
  if (!hostFs) return undefined;
  const base = dir.replace(/\/$/, '');
  const full = (key: string) => (key === '/' ? base : `${base}${key}`);
  const files = new Proxy({} as Record<string, string>, {
    get: (_t, p) => {
      if (typeof p !== 'string') return undefined;
      const n = hostFs[full(p)];
      return n && n.type === 'file' ? (n as { content: string }).content : undefined;
    },
    set: (_t, p, v) => {
      if (typeof p !== 'string') return false;
      const path = full(p);
      // mkdir -p of the parents, as the bind-mounted directory's writes create them on the host.
      const parts = path.split('/').filter(Boolean);
      let cur = '';
      for (const part of parts.slice(0, -1)) {
        cur += `/${part}`;
        if (!hostFs[cur]) hostFs[cur] = { type: 'dir' };
      }
      hostFs[path] = { type: 'file', content: String(v) };
      return true;
    },
    deleteProperty: (_t, p) => {
      if (typeof p === 'string') delete hostFs[full(p)];
      return true;
    },
    has: (_t, p) => typeof p === 'string' && hostFs[full(p)]?.type === 'file',
    ownKeys: () => Object.keys(hostFs).filter((k) => k.startsWith(`${base}/`) && hostFs[k]!.type === 'file').map((k) => k.slice(base.length)),
    getOwnPropertyDescriptor: (_t, p) => {
      if (typeof p !== 'string') return undefined;
      const n = hostFs[full(p)];
      return n && n.type === 'file' ? { value: (n as { content: string }).content, writable: true, enumerable: true, configurable: true } : undefined;
    },
  });
  return { files };
}

/** The container's filesystem with its volume mounts laid over it, as a program sees it. */
function mountedFs(rt: ContainerRuntime, c: RtContainer): ContainerFs {
  // No mounts (most containers): the container's own filesystem, without building the lists below.
  if (c.mounts.length === 0) return c.fs;
  const sb = rt.sandboxes[c.sandboxId];
  const mounts = c.mounts
    .map((m) => ({ prefix: m.mountPath.replace(/\/$/, ''), fs: m.hostPath !== undefined ? hostDirFs(rt, m.hostPath) : sb?.volumes[m.name] }))
    .filter((m): m is { prefix: string; fs: ContainerFs } => m.fs !== undefined);
  if (mounts.length === 0) return c.fs;
  const route = (path: string): { files: Record<string, string>; key: string } => {
    const m = mounts.find((x) => path === x.prefix || path.startsWith(`${x.prefix}/`));
    return m ? { files: m.fs.files, key: path.slice(m.prefix.length) || '/' } : { files: c.fs.files, key: path };
  };
  const files = new Proxy(c.fs.files, {
    get: (_t, p) => (typeof p === 'string' ? route(p).files[route(p).key] : undefined),
    set: (_t, p, v) => {
      if (typeof p !== 'string') return false;
      const r = route(p);
      r.files[r.key] = v as string;
      return true;
    },
    deleteProperty: (_t, p) => {
      if (typeof p !== 'string') return false;
      const r = route(p);
      delete r.files[r.key];
      return true;
    },
    has: (_t, p) => typeof p === 'string' && route(p).key in route(p).files,
    ownKeys: () => [...Object.keys(c.fs.files).filter((k) => !mounts.some((m) => k === m.prefix || k.startsWith(`${m.prefix}/`))), ...mounts.flatMap((m) => Object.keys(m.fs.files).map((k) => `${m.prefix}${k}`))],
    getOwnPropertyDescriptor: (_t, p) => {
      if (typeof p !== 'string') return undefined;
      const r = route(p);
      return r.key in r.files ? { value: r.files[r.key], writable: true, enumerable: true, configurable: true } : undefined;
    },
  });
  return { files };
}

function contextFor(rt: ContainerRuntime, c: RtContainer, p: RtProcess, sink: EffectSink, net: PodNetwork): ProgramContext {
  return {
    nowMs: sink.now,
    fs: mountedFs(rt, c),
    write: (stream, line) => {
      if (p.exec) p.exec.output.push({ stream, line });
      else appendLog(c, { atMs: sink.now, stream, text: line });
    },
    signalByName: (name, sig) => signalByName(rt, c, name, sig, sink, net),
    pid: p.pid,
    signalPid: (pid, sig) => {
      const target = processesOf(c).find((x) => x.pid === pid);
      if (!target) return false;
      if (sig !== 0) deliverSignal(rt, c, target, sig, sink, net);
      return true;
    },
    processes: () => processesOf(c).map((x) => ({ pid: x.pid, comm: x.state.comm, args: [x.state.comm] })),
  };
}

function appendLog(c: RtContainer, line: LogLine): void {
  const logs = c.logs;
  logs.push(line);
  // One line over (the usual case once full): shift, which V8 does without moving the rest.
  if (logs.length === LOG_LINES_KEPT + 1) logs.shift();
  else if (logs.length > LOG_LINES_KEPT) logs.splice(0, logs.length - LOG_LINES_KEPT);
}

function processesOf(c: RtContainer): RtProcess[] {
  return [...(c.main && c.main.state.exitCode === null ? [c.main] : []), ...Object.values(c.execs).filter((p) => p.state.exitCode === null)];
}

function signalByName(rt: ContainerRuntime, c: RtContainer, name: string, sig: Signal | 0, sink: EffectSink, net: PodNetwork): number {
  const matched = processesOf(c).filter((p) => p.state.comm === name);
  if (sig === 0) return matched.length;
  for (const p of matched) deliverSignal(rt, c, p, sig, sink, net);
  return matched.length;
}

function deliverSignal(rt: ContainerRuntime, c: RtContainer, p: RtProcess, sig: Signal, sink: EffectSink, net: PodNetwork): void {
  // The control-plane binaries handle SIGTERM: they shut down cleanly and exit 0.
  if (p === c.main && c.bound && sig !== 'KILL') return processExited(rt, c, p, 0, sink, net);
  const r = signalProgram(p.state, sig, contextFor(rt, c, p, sink, net));
  if (r.exited) return processExited(rt, c, p, r.exitCode ?? 128 + signalNumber(sig), sink, net);
  // A handler may have more to do (a drain that sleeps): let the program run on.
  drive(rt, c, p, net, sink);
}

export function signalNumber(sig: Signal): number {
  return { HUP: 1, INT: 2, QUIT: 3, KILL: 9, TERM: 15 }[sig];
}

/** Runs a process until it blocks, and arranges to wake it. */
function drive(rt: ContainerRuntime, c: RtContainer, p: RtProcess, net: PodNetwork, sink: EffectSink): void {
  const sb = rt.sandboxes[c.sandboxId]!;
  for (let round = 0; round < 1000; round++) {
    if (p.state.exitCode !== null) return processExited(rt, c, p, p.state.exitCode, sink, net);
    const sc: Syscall = runProgram(p.state, contextFor(rt, c, p, sink, net));
    switch (sc.kind) {
      case 'exit':
        return processExited(rt, c, p, sc.code, sink, net);
      case 'sleep':
        p.wakeGen++;
        sink.effects.push({ type: 'timer.set', key: `${proc(rt)}/wake/${c.id}/${p.pid}`, delayMs: Math.max(1, Math.round(sc.ms)), target: proc(rt), payload: { type: 'cri.wake', id: c.id, pid: p.pid, gen: p.wakeGen } });
        armOomKill(rt, c, sink);
        return;
      case 'idle':
        armOomKill(rt, c, sink);
        return;
      case 'http':
        resumeProgram(p.state, net.http(sb, sc.url, sc.ip, sc.headers));
        continue;
      case 'dns':
        resumeProgram(p.state, net.dns(sb, sc.name));
        continue;
      case 'dnstool':
        resumeProgram(p.state, net.dnsTool(sb, sc.tool, sc.argv));
        continue;
    }
  }
}

/** When the container's memory would pass its limit, the kernel's OOM killer ends it (exit 137, OOMKilled). */
function armOomKill(rt: ContainerRuntime, c: RtContainer, sink: EffectSink): void {
  if (!c.main || c.memoryLimitBytes <= 0 || c.state !== 'CONTAINER_RUNNING') return;
  const ms = msUntilMemoryReaches(c.main.state, c.memoryLimitBytes + 1, sink.now);
  if (!Number.isFinite(ms)) return;
  sink.effects.push({ type: 'timer.set', key: `${proc(rt)}/oom/${c.id}`, delayMs: Math.max(0, Math.ceil(ms)), target: proc(rt), payload: { type: 'cri.oom', id: c.id } });
}

function processExited(rt: ContainerRuntime, c: RtContainer, p: RtProcess, code: number, sink: EffectSink, net: PodNetwork): void {
  if (p.state.exitCode === null) p.state.exitCode = code;
  sink.effects.push({ type: 'timer.cancel', key: `${proc(rt)}/wake/${c.id}/${p.pid}` });
  if (p.exec) return finishExec(rt, c, p, execOutcome(code, p.exec.output, false), sink);
  if (c.state !== 'CONTAINER_RUNNING') return;
  containerExited(rt, c, code, code === 0 ? 'Completed' : 'Error', sink);
  void net;
}

function containerExited(rt: ContainerRuntime, c: RtContainer, code: number, reason: string, sink: EffectSink): void {
  c.state = 'CONTAINER_EXITED';
  rt.generation++;
  c.exitCode = code;
  c.reason = reason;
  c.finishedAtMs = sink.now;
  c.killAtMs = null;
  // Every process in the container dies with its init.
  for (const e of Object.values(c.execs)) {
    if (e.state.exitCode === null) {
      e.state.exitCode = 137;
      if (e.exec) finishExec(rt, c, e, { error: 'container exited' }, sink);
    }
  }
  for (const key of ['kill', 'oom']) sink.effects.push({ type: 'timer.cancel', key: `${proc(rt)}/${key}/${c.id}` });
  const bound = c.bound;
  if (bound) sink.effects.push({ type: 'container.process', host: rt.host, process: bound, action: 'stop', containerId: c.id, argv: c.argv, mounts: c.mounts });
  emitTrace(sink, { source: proc(rt), kind: 'cri.exit', summary: `container ${c.name} (${c.id.slice(0, 13)}) exited: ${reason}, code ${code}` });
}

function killNow(rt: ContainerRuntime, c: RtContainer, sink: EffectSink, code: number, reason: string): void {
  if (c.main) c.main.state.exitCode = code;
  containerExited(rt, c, code, reason, sink);
}

export function stopContainer(rt: ContainerRuntime, id: string, timeoutSeconds: number, net: PodNetwork, sink: EffectSink): void {
  const c = rt.containers[id];
  if (!c || c.state !== 'CONTAINER_RUNNING' || !c.main) return;
  if (c.killAtMs !== null) return;
  c.killAtMs = sink.now + timeoutSeconds * 1000;
  emitTrace(sink, { source: proc(rt), kind: 'cri.stop', summary: `StopContainer ${c.name}: SIG${c.stopSignal}, SIGKILL in ${timeoutSeconds}s` });
  sink.effects.push({ type: 'timer.set', key: `${proc(rt)}/kill/${c.id}`, delayMs: timeoutSeconds * 1000, target: proc(rt), payload: { type: 'cri.kill', id } });
  deliverSignal(rt, c, c.main, c.stopSignal, sink, net);
}

export function removeContainer(rt: ContainerRuntime, id: string): void {
  const sb = rt.sandboxes[rt.containers[id]?.sandboxId ?? ''];
  if (sb) sb.containerIds = sb.containerIds.filter((x) => x !== id);
  delete rt.containers[id];
  rt.generation++;
}

// ---------------------------------------------------------------------------------------------
// Exec, probes' network checks, logs.

/** An exec's result: each stream joined, and the lines in the order they were written. */
function execOutcome(exitCode: number, output: OutputLine[], timedOut: boolean): ExecResult {
  const of = (stream: OutputLine['stream']) => output.filter((o) => o.stream === stream).map((o) => o.line).join('\n');
  return { exitCode, stdout: of('stdout'), stderr: of('stderr'), timedOut, output };
}

export function execInContainer(rt: ContainerRuntime, id: string, argv: string[], timeoutMs: number, net: PodNetwork, sink: EffectSink): { done: ExecResult } | { pending: string } {
  const c = rt.containers[id];
  if (!c || c.state !== 'CONTAINER_RUNNING') return { done: { error: `container not running (${id.slice(0, 13)})` } };
  const image = rt.images[c.imageId];
  const spawned = spawnProgram(argv, c.env, image?.config.binaries ?? [], sink.now, c.image);
  if ('error' in spawned) return { done: { error: `OCI runtime exec failed: exec failed: unable to start container process: ${spawned.error}: unknown` } };
  const execId = `${c.id.slice(0, 8)}-${rt.nextId++}`;
  const p: RtProcess = { pid: rt.nextPid++ + 1, state: spawned, wakeGen: 0, exec: { execId, deadlineAtMs: sink.now + timeoutMs, output: [] } };
  c.execs[execId] = p;
  const before = sink.effects.length;
  drive(rt, c, p, net, sink);
  if (p.state.exitCode !== null) {
    // Finished without blocking: answer at once, and drop the notification finishExec queued.
    sink.effects.splice(before);
    delete c.execs[execId];
    return { done: execOutcome(p.state.exitCode, p.exec!.output, false) };
  }
  if (Number.isFinite(timeoutMs)) sink.effects.push({ type: 'timer.set', key: `${proc(rt)}/exec-timeout/${execId}`, delayMs: timeoutMs, target: proc(rt), payload: { type: 'cri.exec-timeout', id: c.id, execId } });
  return { pending: execId };
}

function finishExec(rt: ContainerRuntime, c: RtContainer, p: RtProcess, result: ExecResult, sink: EffectSink): void {
  const execId = p.exec!.execId;
  delete c.execs[execId];
  sink.effects.push({ type: 'timer.cancel', key: `${proc(rt)}/exec-timeout/${execId}` });
  notify(rt, sink, { type: 'kubelet.cri.exec', execId, result });
}

function listeners(rt: ContainerRuntime, sandboxId: string): RtProcess[] {
  return containersIn(rt, sandboxId)
    .filter((c) => c.state === 'CONTAINER_RUNNING')
    .flatMap((c) => processesOf(c));
}

/**
 * A request to a port in the sandbox: the process listening there answers, seeing its own
 * container's files (nginx serves /usr/share/nginx/html) and writing its access log line.
 */
/**
 * `withHeaders`: also the response headers of servers whose headers are modelled (a client that
 * shows them, curl -v); probes do not ask, so they cost nothing.
 */
export function httpGet(rt: ContainerRuntime, sandboxId: string, port: number, path: string, headers: Record<string, string>, nowMs: number, clientIp: string, withHeaders = false): HttpProbeResult {
  // Every probe of every pod comes here: the sandbox's containers by index, the main process
  // without building a process list, and one request and one io per container. Servers see what
  // serveHttp with a context gave them: the access log goes to the container's log, with its
  // (mounted) files.
  const sb = rt.sandboxes[sandboxId];
  if (sb === undefined) return { error: 'connect: connection refused' };
  const ids = sb.containerIds;
  let req: HttpRequest | undefined;
  for (let i = 0; i < ids.length; i++) {
    const c = rt.containers[ids[i]!];
    if (c === undefined || c.state !== 'CONTAINER_RUNNING') continue;
    const main = c.main !== null && c.main.state.exitCode === null ? c.main : null;
    // processesOf's list, taken before any of them answers.
    let execs: RtProcess[] | null = null;
    for (const id in c.execs) {
      execs = Object.values(c.execs).filter((p) => p.state.exitCode === null);
      break;
    }
    if (main === null && (execs === null || execs.length === 0)) continue;
    req ??= { port, path, headers, clientIp };
    const io: ServeIo = { log: (stream, text) => appendLog(c, { atMs: nowMs, stream, text }), fs: mountedFs(rt, c) };
    if (main !== null) {
      const r = serveHttpWith(main.state, req, nowMs, io);
      if (r) return withHeaders ? withServerHeaders(main.state, r, nowMs)! : r;
    }
    if (execs !== null) {
      for (const p of execs) {
        const r = serveHttpWith(p.state, req, nowMs, io);
        if (r) return withHeaders ? withServerHeaders(p.state, r, nowMs)! : r;
      }
    }
  }
  return { error: 'connect: connection refused' };
}

export function tcpConnect(rt: ContainerRuntime, sandboxId: string, port: number, nowMs: number): boolean {
  return listeners(rt, sandboxId).some((p) => listensOn(p.state, port, nowMs));
}

export function grpcCheck(rt: ContainerRuntime, sandboxId: string, port: number, nowMs: number): 'SERVING' | 'NOT_SERVING' | null {
  for (const p of listeners(rt, sandboxId)) {
    const r = grpcHealth(p.state, port, nowMs);
    if (r) return r;
  }
  return null;
}

export function containerMemoryBytes(c: RtContainer, nowMs: number): number {
  return c.main && c.state === 'CONTAINER_RUNNING' ? memoryBytes(c.main.state, nowMs) : 0;
}

// ---------------------------------------------------------------------------------------------
// Timers and packets.

export function onRuntimeTimer(rt: ContainerRuntime, payload: { type: string; [k: string]: unknown }, net: PodNetwork, sink: EffectSink): void {
  if (!rt.running) return;
  const c = typeof payload['id'] === 'string' ? rt.containers[payload['id']] : undefined;
  switch (payload.type) {
    case 'cri.wake': {
      if (!c) return;
      const pid = payload['pid'] as number;
      const p = c.main?.pid === pid ? c.main : Object.values(c.execs).find((e) => e.pid === pid);
      if (!p || p.wakeGen !== payload['gen'] || p.state.exitCode !== null) return;
      if (!p.exec && c.state !== 'CONTAINER_RUNNING') return;
      return drive(rt, c, p, net, sink);
    }
    case 'cri.kill':
      if (c && c.state === 'CONTAINER_RUNNING') killNow(rt, c, sink, 137, 'Error');
      return;
    case 'cri.oom':
      if (c && c.state === 'CONTAINER_RUNNING' && c.main && memoryBytes(c.main.state, sink.now) > c.memoryLimitBytes) {
        killNow(rt, c, sink, 137, 'OOMKilled');
      } else if (c) armOomKill(rt, c, sink);
      return;
    case 'cri.exec-timeout': {
      const p = c?.execs[payload['execId'] as string];
      if (!c || !p) return;
      p.state.exitCode = 137;
      return finishExec(rt, c, p, execOutcome(-1, p.exec!.output, true), sink);
    }
    case 'cri.pull-timeout':
      return failPull(rt, payload['image'] as string, 'dial tcp 10.0.0.50:443: i/o timeout', sink);
    case 'cri.pull-done': {
      const image = payload['image'] as string;
      const pull = rt.pulls[image];
      if (!pull) return;
      delete rt.pulls[image];
      const m = payload['manifest'] as ImageManifest;
      const stored = storeImage(rt, image, m);
      return notify(rt, sink, { type: 'kubelet.cri.pulled', image, ok: true, imageRef: stored.id, sizeBytes: m.sizeBytes, pullMs: sink.now - pull.startedAtMs });
    }
  }
}

export function onRuntimePacket(rt: ContainerRuntime, kind: string, body: unknown, sink: EffectSink): void {
  if (!rt.running) return;
  if (kind === 'registry.manifest') {
    const { image, resp } = body as { image: string; resp: PullResponse };
    return onPullResponse(rt, image, resp, sink);
  }
  if (kind === 'tcp.rst') {
    // The registry host answered, but nothing listens on 443: every pull in flight is refused.
    for (const image of Object.keys(rt.pulls)) if (rt.pulls[image]!.phase === 'resolving') onPullRefused(rt, image, sink);
  }
}

/**
 * A bound component's model ended by itself (etcd refused to start, or exited after it was
 * removed from the cluster): its container's process is gone, with the component's words in
 * the container's log.
 */
export function componentExited(rt: ContainerRuntime, containerId: string, code: number, message: string, sink: EffectSink): void {
  const c = rt.containers[containerId];
  if (!c || c.state !== 'CONTAINER_RUNNING') return;
  if (message) appendLog(c, { atMs: sink.now, stream: 'stderr', text: message });
  if (c.main) c.main.state.exitCode = code;
  containerExited(rt, c, code, code === 0 ? 'Completed' : 'Error', sink);
}

/** A line a bound component's model wrote to its stdout/stderr (flanneld's klog lines): it lands in the container's log. */
export function appendContainerLog(rt: ContainerRuntime, containerId: string, stream: 'stdout' | 'stderr', text: string, atMs: number): void {
  const c = rt.containers[containerId];
  if (c && c.state === 'CONTAINER_RUNNING') appendLog(c, { atMs, stream, text });
}

/** The host lost power: every process is gone; images on disk remain. */
export function crashRuntime(rt: ContainerRuntime): void {
  rt.sandboxes = {};
  rt.containers = {};
  rt.pulls = {};
  rt.podIps = {};
  rt.podSandboxes = {};
  rt.generation++;
}

function forgetPodSandbox(rt: ContainerRuntime, podUid: string, id: string): void {
  const ids = rt.podSandboxes[podUid]?.filter((x) => x !== id);
  if (ids && ids.length > 0) rt.podSandboxes[podUid] = ids;
  else delete rt.podSandboxes[podUid];
}

/** ListPodSandbox, with the CRI's PodSandboxFilter by the pod UID label when `podUid` is given. */
export function listSandboxes(rt: ContainerRuntime, filter?: { podUid?: string }): CriSandbox[] {
  if (filter?.podUid === undefined) return Object.values(rt.sandboxes);
  return (rt.podSandboxes[filter.podUid] ?? []).map((id) => rt.sandboxes[id]!);
}

export function listContainers(rt: ContainerRuntime): CriContainer[] {
  return Object.values(rt.containers);
}

/** A file as the container sees it (its own filesystem and its mounted volumes): what a bound binary reads at start, e.g. kube-proxy's --config. */
export function readContainerFile(rt: ContainerRuntime, id: string, path: string): string | undefined {
  const c = rt.containers[id];
  return c ? mountedFs(rt, c).files[path] : undefined;
}

export function containerLogs(rt: ContainerRuntime, id: string): LogLine[] {
  return rt.containers[id]?.logs ?? [];
}
