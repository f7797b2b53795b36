/**
 * crictl (cri-tools v1.32) on the host the terminal is on. It talks to that host's containerd
 * over the local socket (unix:///run/containerd/containerd.sock), so it reads the runtime's
 * state directly and keeps working while the kubelet is stopped; what it changes (stop, rm,
 * stopp, rmp) goes through containerd's own functions, and the kubelet finds out as it would:
 * by relisting (PLEG) — `crictl stop` a container and the kubelet restarts it per restartPolicy.
 *
 * Sources (kubernetes-sigs/cri-tools tag v1.32.0, cmd/crictl): container.go (ps: columns
 * CONTAINER IMAGE CREATED STATE NAME ATTEMPT POD ID POD NAMESPACE, newest first, ids cut to 13
 * characters, IMAGE the image id; stop/rm/inspect), sandbox.go (pods, stopp, rmp, inspectp),
 * image.go (images: IMAGE TAG IMAGE ID SIZE, sorted by the first tag, SIZE
 * units.HumanSizeWithPrecision(size, 3)), logs.go, version.go, display.go (tabwriter minwidth
 * 20, padding 3), util.go (inspect output: Go maps, so keys sorted, indented two spaces),
 * main.go (the default-endpoints warning when no endpoint is configured; errors end in
 * logrus.Fatal). docker/go-units duration.go HumanDuration for CREATED (`2 minutes ago`).
 * containerd 1.7 pkg/cri/server: `an error occurred when try to find container "x": not found`.
 * `crictl stop` has --timeout 0 by default: containerd then kills at once (here: the image's
 * stop signal and SIGKILL in the same instant, containerd.ts stopContainer).
 *
 * logrus writes `time="..." level=... msg="..."` when stderr is not a terminal — as with
 * `ssh HOST crictl ...`; interactively it would print colored `WARN[0000]`, which a transcript
 * cannot show, so this form is used everywhere. Trimmed: inspect's `info` carries a few of
 * containerd's verbose fields (no runtimeSpec); `info` shows the runtime conditions only.
 */
import { isoTimestamp, rfc3339Seconds } from '../kernel/index.ts';
import { newSink } from '../cluster/effects.ts';
import { removeContainer, removePodSandbox, SANDBOX_IMAGE, stopContainer, stopPodSandbox, type ContainerRuntime, type RtContainer, type RtSandbox } from '../cluster/runtime/containerd.ts';
import type { CriImage, LogLine } from '../cluster/runtime/messages.ts';
import { runEffects, type World } from '../simulation/world.ts';
import { podNetwork } from '../simulation/podnet.ts';
import type { CommandIO, Program } from './session.ts';

export const CONTAINERD_SOCKET = 'unix:///run/containerd/containerd.sock';
const DEFAULT_ENDPOINTS = [CONTAINERD_SOCKET, 'unix:///run/crio/crio.sock', 'unix:///var/run/cri-dockerd.sock'];
const TRUNCATED_ID_LEN = 13;
const CRICTL_CONFIG = '/etc/crictl.yaml';
/** containerd 1.7.24's CRI Version answer (version.go prints it). */
const VERSION_LINES = ['Version:  0.1.0', 'RuntimeName:  containerd', 'RuntimeVersion:  v1.7.24', 'RuntimeApiVersion:  v1'];

// ---------------------------------------------------------------------------------------------
// Formatting (pure; unit-tested).

/** docker/go-units HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.trunc(ms / 3_600_000 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(ms / 3_600_000 / 24 / 365)} years`;
}

/** Go's %.<prec>g: shortest of %e/%f for that many significant digits, trailing zeros dropped. */
export function formatG(v: number, prec: number): string {
  if (v === 0) return '0';
  const [mant, expText] = v.toExponential(prec - 1).split('e') as [string, string];
  const exp = Number(expText);
  const trim = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exp < -4 || exp >= prec) return `${trim(mant)}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return trim(v.toFixed(Math.max(0, prec - 1 - exp)));
}

/** go-units HumanSizeWithPrecision: decimal units, `%.*g%s` (`72MB`, `2.2MB`, `320kB`). */
export function humanSize(bytes: number, precision = 3): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  let size = bytes;
  let i = 0;
  while (size >= 1000 && i < units.length - 1) {
    size /= 1000;
    i++;
  }
  return `${formatG(size, precision)}${units[i]}`;
}

/** crictl's table: text/tabwriter with minwidth 20, padding 3; the last cell of a row is not padded. */
export function crictlTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) for (let c = 0; c < row.length - 1; c++) widths[c] = Math.max(widths[c] ?? 0, 20, [...row[c]!].length + 3);
  return rows.map((row) => row.map((cell, c) => (c === row.length - 1 ? cell : cell + ' '.repeat(widths[c]! - [...cell].length))).join('') + '\n').join('');
}

function truncatedId(id: string, prefix = ''): string {
  const s = id.startsWith(prefix) ? id.slice(prefix.length) : id;
  return s.slice(0, TRUNCATED_ID_LEN);
}

/** The image id (sha256:…) a container was created from: what the kubelet passed as its ImageSpec, so what `ps` shows. */
function imageIdOf(c: RtContainer): string {
  const r = c as RtContainer & { imageId?: string };
  return r.imageId ?? r.imageRef;
}

function containerState(state: RtContainer['state']): string {
  return state === 'CONTAINER_CREATED' ? 'Created' : state === 'CONTAINER_RUNNING' ? 'Running' : state === 'CONTAINER_EXITED' ? 'Exited' : 'Unknown';
}

function matches(pattern: string | undefined, text: string): boolean {
  if (!pattern) return true;
  try {
    return new RegExp(pattern).test(text);
  } catch {
    return false;
  }
}

export interface PsOptions {
  all?: boolean;
  name?: string;
  namespace?: string;
  pod?: string;
  state?: string;
  quiet?: boolean;
  noTrunc?: boolean;
  latest?: boolean;
  last?: number;
}

/** Newest first (containerByCreated); equal times keep the runtime's order, newest entry first. */
function byCreated<T extends { createdAtMs: number }>(list: readonly T[]): T[] {
  return list.map((x, i) => ({ x, i })).sort((a, b) => b.x.createdAtMs - a.x.createdAtMs || b.i - a.i).map((e) => e.x);
}

function limit<T>(list: T[], o: { latest?: boolean; last?: number }): T[] {
  const n = o.latest ? 1 : o.last && o.last > 0 ? o.last : list.length;
  return list.slice(0, n);
}

/** ListContainers with crictl's filters: running only unless -a/--state/-l/-n. */
export function listContainersFor(rt: ContainerRuntime, o: PsOptions): RtContainer[] | { error: string } {
  let wanted: RtContainer['state'] | null = o.all ? null : 'CONTAINER_RUNNING';
  if (o.state) {
    const s = o.state.toLowerCase();
    if (!['created', 'running', 'exited', 'unknown'].includes(s)) return { error: '--state should be one of created, running, exited or unknown' };
    wanted = `CONTAINER_${s.toUpperCase()}` as RtContainer['state'];
  }
  if (o.latest || (o.last ?? 0) > 0) wanted = null;
  let sandboxId: string | undefined;
  if (o.pod) sandboxId = lookupId(Object.keys(rt.sandboxes), o.pod) ?? o.pod;
  const list = Object.values(rt.containers).filter((c) => (wanted === null || c.state === wanted) && (!sandboxId || c.sandboxId === sandboxId) && matches(o.name, c.name) && matches(o.namespace, rt.sandboxes[c.sandboxId]?.namespace ?? 'unknown'));
  return limit(byCreated(list), o);
}

export function psTable(rt: ContainerRuntime, containers: readonly RtContainer[], nowMs: number, o: PsOptions): string {
  if (o.quiet) return containers.map((c) => `${c.id}\n`).join('');
  const rows = [['CONTAINER', 'IMAGE', 'CREATED', 'STATE', 'NAME', 'ATTEMPT', 'POD ID', 'POD', 'NAMESPACE']];
  for (const c of containers) {
    const sb = rt.sandboxes[c.sandboxId];
    const image = o.noTrunc ? imageIdOf(c) : truncatedId(imageIdOf(c), 'sha256:');
    rows.push([o.noTrunc ? c.id : truncatedId(c.id), image, `${humanDuration(nowMs - c.createdAtMs)} ago`, containerState(c.state), c.name, String(c.attempt), o.noTrunc ? c.sandboxId : truncatedId(c.sandboxId), sb?.name ?? 'unknown', sb?.namespace ?? 'unknown']);
  }
  return crictlTable(rows);
}

export function podsTable(sandboxes: readonly RtSandbox[], nowMs: number, o: { quiet?: boolean; noTrunc?: boolean }): string {
  if (o.quiet) return sandboxes.map((s) => `${s.id}\n`).join('');
  const rows = [['POD ID', 'CREATED', 'STATE', 'NAME', 'NAMESPACE', 'ATTEMPT', 'RUNTIME']];
  for (const s of sandboxes) rows.push([o.noTrunc ? s.id : truncatedId(s.id), `${humanDuration(nowMs - s.createdAtMs)} ago`, s.state === 'SANDBOX_READY' ? 'Ready' : 'NotReady', s.name, s.namespace, String(s.attempt), '(default)']);
  return crictlTable(rows);
}

/** imageByRef: by the first repo tag (then digest, then id). */
function byRef(a: CriImage, b: CriImage): number {
  const key = (i: CriImage) => i.repoTags[0] ?? i.repoDigests[0] ?? i.id;
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

export function imagesTable(images: readonly CriImage[], o: { quiet?: boolean; noTrunc?: boolean; digests?: boolean; pinned?: boolean }): string {
  const sorted = images.slice().sort(byRef);
  if (o.quiet) return sorted.map((i) => `${i.id}\n`).join('');
  const header = ['IMAGE', 'TAG', ...(o.digests ? ['DIGEST'] : []), 'IMAGE ID', 'SIZE', ...(o.pinned ? ['PINNED'] : [])];
  const rows: string[][] = [header];
  for (const img of sorted) {
    const [repoName, digest] = img.repoDigests[0]?.split('@') ?? ['<none>', '<none>'];
    const pairs = img.repoTags.length === 0 ? [[repoName!, '<none>']] : img.repoTags.map((t) => [t.slice(0, t.lastIndexOf(':')), t.slice(t.lastIndexOf(':') + 1)]);
    const id = o.noTrunc ? img.id : truncatedId(img.id, 'sha256:');
    const shortDigest = o.noTrunc ? (digest ?? '') : truncatedId(digest ?? '', 'sha256:');
    for (const [repo, tag] of pairs) rows.push([repo!, tag!, ...(o.digests ? [shortDigest] : []), id, humanSize(img.sizeBytes), ...(o.pinned ? [String(img.pinned)] : [])]);
  }
  return crictlTable(rows);
}

/** RFC3339Nano (Go time.Format): fraction without trailing zeros; the zero time for "never". */
function rfc3339Nano(atMs: number | null): string {
  if (atMs === null) return '0001-01-01T00:00:00Z';
  return isoTimestamp(atMs).replace(/\.?0+Z$/, 'Z');
}

/** The `io.kubernetes.*` labels the kubelet puts on a container (types/labels.go). */
function containerLabels(rt: ContainerRuntime, c: RtContainer): Record<string, string> {
  const sb = rt.sandboxes[c.sandboxId];
  return { 'io.kubernetes.container.name': c.name, 'io.kubernetes.pod.name': sb?.name ?? '', 'io.kubernetes.pod.namespace': sb?.namespace ?? '', 'io.kubernetes.pod.uid': c.podUid };
}

/** `crictl inspect`: the container status as containerd reports it (protojson, then Go maps: keys sorted). */
export function inspectContainer(rt: ContainerRuntime, c: RtContainer): Record<string, unknown> {
  const sb = rt.sandboxes[c.sandboxId];
  const img = rt.images[imageIdOf(c)];
  return {
    info: { runtimeType: 'io.containerd.runc.v2', sandboxID: c.sandboxId, snapshotKey: c.id, snapshotter: 'overlayfs' },
    status: {
      annotations: { 'io.kubernetes.container.restartCount': String(c.attempt), 'io.kubernetes.container.terminationMessagePath': '/dev/termination-log', 'io.kubernetes.container.terminationMessagePolicy': 'File' },
      createdAt: rfc3339Nano(c.createdAtMs),
      exitCode: c.exitCode,
      finishedAt: rfc3339Nano(c.state === 'CONTAINER_EXITED' ? c.finishedAtMs : null),
      id: c.id,
      image: { annotations: {}, image: img?.repoTags[0] ?? c.image, runtimeHandler: '', userSpecifiedImage: '' },
      imageId: '',
      imageRef: img?.repoDigests[0] ?? imageIdOf(c),
      labels: containerLabels(rt, c),
      logPath: `/var/log/pods/${sb?.namespace}_${sb?.name}_${c.podUid}/${c.name}/${c.attempt}.log`,
      message: c.message,
      metadata: { attempt: c.attempt, name: c.name },
      mounts: c.mounts.map((m) => ({ containerPath: m.mountPath, hostPath: m.hostPath ?? `/var/lib/kubelet/pods/${c.podUid}/volumes/${m.name}`, propagation: 'PROPAGATION_PRIVATE', readonly: Boolean(m.readOnly), selinuxRelabel: false })),
      reason: c.reason,
      startedAt: rfc3339Nano(c.state === 'CONTAINER_CREATED' ? null : c.startedAtMs),
      state: c.state,
    },
  };
}

/** `crictl inspectp`: the sandbox status. */
export function inspectSandbox(sb: RtSandbox, hostNetwork: boolean): Record<string, unknown> {
  return {
    info: { image: SANDBOX_IMAGE, runtimeHandler: '', runtimeType: 'io.containerd.runc.v2' },
    status: {
      annotations: {},
      createdAt: rfc3339Nano(sb.createdAtMs),
      id: sb.id,
      labels: { 'io.kubernetes.pod.name': sb.name, 'io.kubernetes.pod.namespace': sb.namespace, 'io.kubernetes.pod.uid': sb.podUid },
      linux: { namespaces: { options: { ipc: 'POD', network: hostNetwork ? 'NODE' : 'POD', pid: 'CONTAINER', targetId: '' } } },
      metadata: { attempt: sb.attempt, name: sb.name, namespace: sb.namespace, uid: sb.podUid },
      network: { additionalIps: [], ip: sb.ip },
      runtimeHandler: '',
      state: sb.state,
    },
  };
}

/** Go's json.Marshal of map[string]any + json.Indent: keys sorted, two-space indent, HTML characters escaped. */
export function goJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])]));
    return v;
  };
  return JSON.stringify(sort(value), null, 2).replace(/[<>&]/g, (ch) => `\\u00${ch.charCodeAt(0).toString(16)}`);
}

/** A full id, or a prefix that names exactly one (containerd's truncindex); anything else is not found. */
export function lookupId(ids: readonly string[], prefix: string): string | undefined {
  if (!prefix) return undefined;
  if (ids.includes(prefix)) return prefix;
  const found = ids.filter((id) => id.startsWith(prefix));
  return found.length === 1 ? found[0] : undefined;
}

// ---------------------------------------------------------------------------------------------
// The command.

class Fatal extends Error {}

interface Crictl {
  io: CommandIO;
  w: World;
  host: string;
  rt: ContainerRuntime | undefined;
  runtimeEndpoint: string | undefined;
  imageEndpoint: string | undefined;
}

/** logrus's text format on a non-terminal: `time="..." level=warning msg="..."`. */
function logrus(x: Crictl, level: 'warning' | 'error' | 'fatal' | 'info', msg: string): void {
  x.io.err(`time="${rfc3339Seconds(x.w.kernel.now)}" level=${level} msg=${JSON.stringify(msg)}\n`);
}

function fatal(x: Crictl, msg: string): never {
  logrus(x, 'fatal', msg);
  throw new Fatal(msg);
}

function dialError(endpoint: string): string {
  const path = endpoint.replace(/^unix:\/\//, '');
  return `validate service connection: validate CRI v1 runtime API for endpoint ${JSON.stringify(endpoint)}: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial unix ${path}: connect: no such file or directory"`;
}

/** getRuntimeService / getImageService: the configured endpoint, or each default in turn (with the deprecation warning). */
function connect(x: Crictl, service: 'runtime' | 'image'): ContainerRuntime {
  const up = x.rt && x.rt.running ? x.rt : undefined;
  const endpoint = service === 'runtime' ? x.runtimeEndpoint : (x.imageEndpoint ?? x.runtimeEndpoint);
  if (endpoint !== undefined) {
    if (endpoint === CONTAINERD_SOCKET && up) return up;
    fatal(x, dialError(endpoint));
  }
  logrus(x, 'warning', `${service === 'runtime' ? 'runtime' : 'Image'} connect using default endpoints: [${DEFAULT_ENDPOINTS.join(' ')}]. As the default settings are now deprecated, you should set the endpoint instead.`);
  if (up) return up;
  for (const ep of DEFAULT_ENDPOINTS) logrus(x, 'error', dialError(ep));
  return fatal(x, dialError(DEFAULT_ENDPOINTS[DEFAULT_ENDPOINTS.length - 1]!));
}

const GLOBAL_VALUE = new Set(['-r', '--runtime-endpoint', '-i', '--image-endpoint', '-c', '--config', '-t', '--timeout']);

interface Parsed {
  flags: Record<string, string | true>;
  args: string[];
}

/** urfave/cli flags: `--name=v`, `--name v`, `-n v`; booleans by name. Short aliases map to long names. */
function parseSub(argv: string[], valueFlags: Record<string, string>, boolFlags: Record<string, string>): Parsed | { error: string } {
  const out: Parsed = { flags: {}, args: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.args.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      out.args.push(a);
      continue;
    }
    const body = a.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    if (valueFlags[name]) {
      const v = eq >= 0 ? body.slice(eq + 1) : argv[++i];
      if (v === undefined) return { error: `flag needs an argument: ${a}` };
      out.flags[valueFlags[name]!] = v;
    } else if (boolFlags[name]) out.flags[boolFlags[name]!] = true;
    else if (!a.startsWith('--') && [...name].every((ch) => boolFlags[ch])) for (const ch of name) out.flags[boolFlags[ch]!] = true;
    else return { error: `flag provided but not defined: -${name}` };
  }
  return out;
}

const HELP = `NAME:
   crictl - client for CRI

USAGE:
   crictl [global options] command [command options]

VERSION:
   v1.32.0

COMMANDS (modelled here):
   images, image, img  List images
   info                Display information of the container runtime
   inspect             Display the status of one or more containers
   inspectp            Display the status of one or more pods
   logs                Fetch the logs of a container
   pods                List pods
   ps                  List containers
   rm                  Remove one or more containers
   rmp                 Remove one or more pods
   stop                Stop one or more running containers
   stopp               Stop one or more running pods
   version             Display runtime version information
   help, h             Shows a list of commands or help for one command

GLOBAL OPTIONS:
   --config value, -c value            Location of the client config file. (default: "/etc/crictl.yaml") [$CRI_CONFIG_FILE]
   --runtime-endpoint value, -r value  Endpoint of CRI container runtime service [$CONTAINER_RUNTIME_ENDPOINT]
   --image-endpoint value, -i value    Endpoint of CRI image manager service (default: uses 'runtime-endpoint' setting) [$IMAGE_SERVICE_ENDPOINT]
   --help, -h                          show help
   --version, -v                       print the version
`;

export function* crictl(argv: string[], io: CommandIO): Program {
  const w = io.session.world;
  const host = io.session.host;
  let i = 0;
  let configPath = io.session.env['CRI_CONFIG_FILE'] ?? CRICTL_CONFIG;
  let runtimeEndpoint = io.session.env['CONTAINER_RUNTIME_ENDPOINT'];
  let imageEndpoint = io.session.env['IMAGE_SERVICE_ENDPOINT'];
  for (; i < argv.length && argv[i]!.startsWith('-'); i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    if (flag === '--version' || flag === '-v') {
      io.out('crictl version v1.32.0\n');
      return 0;
    }
    if (flag === '--help' || flag === '-h') {
      io.out(HELP);
      return 0;
    }
    if (flag === '-D' || flag === '--debug') continue;
    if (!GLOBAL_VALUE.has(flag)) {
      io.err(`Incorrect Usage: flag provided but not defined: ${flag}\n\n`);
      io.out(HELP);
      return 1;
    }
    const value = inline ?? argv[++i] ?? '';
    if (flag === '-r' || flag === '--runtime-endpoint') runtimeEndpoint = value;
    else if (flag === '-i' || flag === '--image-endpoint') imageEndpoint = value;
    else if (flag === '-c' || flag === '--config') configPath = value;
  }
  // /etc/crictl.yaml: `runtime-endpoint:` / `image-endpoint:` (crictl_config.go).
  const cfg = w.hosts[host]?.fs[configPath];
  if (cfg?.type === 'file') {
    runtimeEndpoint ??= /^runtime-endpoint:\s*"?([^"\s]+)"?/m.exec(cfg.content)?.[1];
    imageEndpoint ??= /^image-endpoint:\s*"?([^"\s]+)"?/m.exec(cfg.content)?.[1];
  }
  const x: Crictl = { io, w, host, rt: w.runtimes[host], runtimeEndpoint: runtimeEndpoint || undefined, imageEndpoint: imageEndpoint || undefined };
  const [command, ...rest] = argv.slice(i);
  if (!command || command === 'help' || command === 'h') {
    if (rest[0] && !SUBCOMMANDS.includes(rest[0])) {
      io.err(`No help topic for '${rest[0]}'\n`);
      return 3;
    }
    io.out(HELP);
    return 0;
  }
  if (!SUBCOMMANDS.includes(command)) {
    io.err(`No help topic for '${command}'\n`);
    return 3;
  }
  try {
    return yield* run(x, command, rest);
  } catch (e) {
    if (e instanceof Fatal) return 1;
    throw e;
  }
}

const SUBCOMMANDS = ['ps', 'pods', 'images', 'image', 'img', 'logs', 'inspect', 'inspectp', 'stop', 'rm', 'rmp', 'stopp', 'version', 'info'];

function* run(x: Crictl, command: string, argv: string[]): Program {
  const now = x.w.kernel.now;
  switch (command) {
    case 'ps': {
      const p = parseSub(argv, { name: 'name', namespace: 'namespace', pod: 'pod', p: 'pod', state: 'state', s: 'state', last: 'last', n: 'last', output: 'output', o: 'output' }, { all: 'all', a: 'all', quiet: 'quiet', q: 'quiet', 'no-trunc': 'no-trunc', latest: 'latest', l: 'latest', verbose: 'verbose', v: 'verbose' });
      if ('error' in p) return usage(x, p.error);
      const rt = connect(x, 'runtime');
      connect(x, 'image');
      const o: PsOptions = { all: p.flags['all'] === true, ...str(p, 'name'), ...str(p, 'namespace'), ...str(p, 'pod'), ...str(p, 'state'), quiet: p.flags['quiet'] === true, noTrunc: p.flags['no-trunc'] === true, latest: p.flags['latest'] === true, last: Number(p.flags['last'] ?? 0) };
      outputFormat(x, p);
      const list = listContainersFor(rt, o);
      if ('error' in list) return fatal(x, list.error);
      x.io.out(psTable(rt, list, now, o));
      return 0;
    }
    case 'pods': {
      const p = parseSub(argv, { name: 'name', namespace: 'namespace', state: 'state', s: 'state', last: 'last', n: 'last', output: 'output', o: 'output', id: 'id' }, { quiet: 'quiet', q: 'quiet', 'no-trunc': 'no-trunc', latest: 'latest', l: 'latest', verbose: 'verbose', v: 'verbose' });
      if ('error' in p) return usage(x, p.error);
      const rt = connect(x, 'runtime');
      outputFormat(x, p);
      const state = typeof p.flags['state'] === 'string' ? p.flags['state'].toLowerCase() : '';
      if (state && state !== 'ready' && state !== 'notready') return fatal(x, 'listing pod sandboxes: --state should be ready or notready');
      const idFlag = typeof p.flags['id'] === 'string' ? p.flags['id'] : '';
      const list = Object.values(rt.sandboxes).filter((s) => matches(p.flags['name'] as string | undefined, s.name) && matches(p.flags['namespace'] as string | undefined, s.namespace) && (!state || (state === 'ready') === (s.state === 'SANDBOX_READY')) && (!idFlag || s.id.startsWith(idFlag)));
      x.io.out(podsTable(limit(byCreated(list), { latest: p.flags['latest'] === true, last: Number(p.flags['last'] ?? 0) }), now, { quiet: p.flags['quiet'] === true, noTrunc: p.flags['no-trunc'] === true }));
      return 0;
    }
    case 'images':
    case 'image':
    case 'img': {
      const p = parseSub(argv, { output: 'output', o: 'output' }, { quiet: 'quiet', q: 'quiet', 'no-trunc': 'no-trunc', digests: 'digests', pinned: 'pinned', verbose: 'verbose', v: 'verbose' });
      if ('error' in p) return usage(x, p.error);
      const rt = connect(x, 'image');
      outputFormat(x, p);
      const filter = p.args[0];
      const images = Object.values(rt.images).filter((img) => !filter || img.repoTags.some((t) => t === filter || t.startsWith(`${filter}:`) || t.endsWith(`/${filter}`) || t.includes(`/${filter}:`)));
      x.io.out(imagesTable(images, { quiet: p.flags['quiet'] === true, noTrunc: p.flags['no-trunc'] === true, digests: p.flags['digests'] === true, pinned: p.flags['pinned'] === true }));
      return 0;
    }
    case 'version': {
      const rt = connect(x, 'runtime');
      void rt;
      x.io.out(VERSION_LINES.map((l) => `${l}\n`).join(''));
      return 0;
    }
    case 'info': {
      const rt = connect(x, 'runtime');
      void rt;
      const condition = (type: string) => ({ message: '', reason: '', status: true, type });
      x.io.out(`${goJson({ lastCNILoadStatus: 'OK', 'lastCNILoadStatus.default': 'OK', status: { conditions: [condition('RuntimeReady'), condition('NetworkReady')] } })}\n`);
      return 0;
    }
    case 'inspect':
    case 'inspectp': {
      const p = parseSub(argv, { output: 'output', o: 'output' }, { quiet: 'quiet', q: 'quiet' });
      if ('error' in p) return usage(x, p.error);
      const rt = connect(x, 'runtime');
      outputFormat(x, p);
      if (p.args.length === 0) {
        logrus(x, 'error', 'No IDs provided or nothing found per filter');
        return usage(x, '');
      }
      const out: Record<string, unknown>[] = [];
      for (const id of p.args) {
        if (command === 'inspect') {
          const c = resolveContainer(rt, id);
          if (!c) return fatal(x, `get the status of containers: get container status: ${containerNotFound(id)}`);
          out.push(inspectContainer(rt, c));
        } else {
          const sb = resolveSandbox(rt, id);
          if (!sb) return fatal(x, `getting the pod sandbox status for ${JSON.stringify(id)}: rpc error: code = NotFound desc = an error occurred when try to find sandbox: not found`);
          out.push(inspectSandbox(sb, sb.ip === rt.nodeIp));
        }
      }
      const view = p.flags['quiet'] === true ? out.map((o) => ({ status: o['status'] })) : out;
      x.io.out(`${goJson(view.length === 1 ? view[0] : view)}\n`);
      return 0;
    }
    case 'logs':
      return yield* logs(x, argv);
    case 'stop': {
      const p = parseSub(argv, { timeout: 'timeout', t: 'timeout' }, {});
      if ('error' in p) return usage(x, p.error);
      if (p.args.length === 0) return fatal(x, 'ID cannot be empty');
      const rt = connect(x, 'runtime');
      const timeout = Number(p.flags['timeout'] ?? 0);
      for (const id of p.args) {
        const c = resolveContainer(rt, id);
        if (!c) return fatal(x, `stopping the container ${JSON.stringify(id)}: ${containerNotFound(id)}`);
        yield* stopAndWait(x, rt, c, Number.isFinite(timeout) && timeout > 0 ? Math.trunc(timeout) : 0);
        x.io.out(`${id}\n`);
      }
      return 0;
    }
    case 'rm': {
      const p = parseSub(argv, {}, { force: 'force', f: 'force', all: 'all', a: 'all', 'keep-logs': 'keep-logs', k: 'keep-logs' });
      if ('error' in p) return usage(x, p.error);
      const rt = connect(x, 'runtime');
      const ids = p.flags['all'] === true ? Object.keys(rt.containers) : p.args;
      if (ids.length === 0) {
        if (p.flags['all'] === true) {
          logrus(x, 'info', 'No containers to remove');
          return 0;
        }
        return usage(x, '');
      }
      for (const id of ids) {
        const c = resolveContainer(rt, id);
        if (!c) return fatal(x, `getting container status ${JSON.stringify(id)}: ${containerNotFound(id)}`);
        if (c.state === 'CONTAINER_RUNNING') {
          if (p.flags['force'] !== true) return fatal(x, `container ${JSON.stringify(id)} is running, please stop it first`);
          yield* stopAndWait(x, rt, c, 0);
          x.io.out(`${id}\n`);
        }
        removeContainer(rt, c.id);
        x.io.out(`${id}\n`);
      }
      return 0;
    }
    case 'stopp':
    case 'rmp': {
      const p = parseSub(argv, {}, command === 'rmp' ? { force: 'force', f: 'force', all: 'all', a: 'all' } : {});
      if ('error' in p) return usage(x, p.error);
      const rt = connect(x, 'runtime');
      const ids = p.flags['all'] === true ? Object.keys(rt.sandboxes) : p.args;
      if (ids.length === 0) {
        if (p.flags['all'] === true) {
          logrus(x, 'info', 'No pods to remove');
          return 0;
        }
        return usage(x, '');
      }
      for (const id of ids) {
        const sb = resolveSandbox(rt, id);
        if (command === 'stopp') {
          if (!sb) return fatal(x, `stopping the pod sandbox ${JSON.stringify(id)}: rpc error: code = NotFound desc = an error occurred when try to find sandbox ${JSON.stringify(id)}: not found`);
          mutate(x, (sink) => stopPodSandbox(rt, sb.id, sink));
          x.io.out(`Stopped sandbox ${id}\n`);
          continue;
        }
        if (!sb) return fatal(x, `getting sandbox status of pod ${JSON.stringify(id)}: rpc error: code = NotFound desc = an error occurred when try to find sandbox: not found`);
        if (sb.state === 'SANDBOX_READY') {
          if (p.flags['force'] !== true) return fatal(x, `pod sandbox ${JSON.stringify(id)} is running, please stop it first`);
          mutate(x, (sink) => stopPodSandbox(rt, sb.id, sink));
          x.io.out(`Stopped sandbox ${id}\n`);
        }
        removePodSandbox(rt, sb.id);
        x.io.out(`Removed sandbox ${id}\n`);
      }
      return 0;
    }
  }
  return 0;
}

function str(p: Parsed, name: string): Record<string, string> {
  const v = p.flags[name];
  return typeof v === 'string' ? { [name]: v } : {};
}

function outputFormat(x: Crictl, p: Parsed): void {
  const o = p.flags['output'];
  if (o === undefined || o === 'table' || o === 'json') return;
  fatal(x, `unsupported output format ${JSON.stringify(o)}`);
}

function usage(x: Crictl, error: string): number {
  if (error) x.io.err(`Incorrect Usage: ${error}\n\n`);
  x.io.out(HELP);
  return 1;
}

function containerNotFound(id: string): string {
  return `rpc error: code = NotFound desc = an error occurred when try to find container ${JSON.stringify(id)}: not found`;
}

function resolveContainer(rt: ContainerRuntime, id: string): RtContainer | undefined {
  const full = lookupId(Object.keys(rt.containers), id);
  return full ? rt.containers[full] : undefined;
}

function resolveSandbox(rt: ContainerRuntime, id: string): RtSandbox | undefined {
  const full = lookupId(Object.keys(rt.sandboxes), id);
  return full ? rt.sandboxes[full] : undefined;
}

/** Runs a containerd call that has effects (signals, timers, traces) and carries them out. */
function mutate(x: Crictl, f: (sink: ReturnType<typeof newSink>) => void): void {
  const sink = newSink(x.w.kernel.now);
  f(sink);
  runEffects(x.w, sink.effects);
}

/** StopContainer returns once the container has stopped (at most `timeout` seconds, then SIGKILL). */
function* stopAndWait(x: Crictl, rt: ContainerRuntime, c: RtContainer, timeout: number): Program {
  if (c.state !== 'CONTAINER_RUNNING') return 0;
  mutate(x, (sink) => stopContainer(rt, c.id, timeout, podNetwork(x.w), sink));
  const deadline = x.w.kernel.now + timeout * 1000 + 1;
  while (rt.containers[c.id]?.state === 'CONTAINER_RUNNING' && x.w.kernel.now < deadline) yield { type: 'until', atMs: Math.min(deadline, x.w.kernel.now + 100) };
  return 0;
}

/** `crictl logs [--tail N] [-t] [-p] [-f] ID`: the container's log file, stdout and stderr to their streams. */
function* logs(x: Crictl, argv: string[]): Program {
  const p = parseSub(argv, { tail: 'tail', since: 'since', 'limit-bytes': 'limit-bytes' }, { timestamps: 'timestamps', t: 'timestamps', previous: 'previous', p: 'previous', follow: 'follow', f: 'follow' });
  if ('error' in p) return usage(x, p.error);
  const id = p.args[0];
  if (!id) return fatal(x, 'ID cannot be empty');
  if (p.args.length > 1) return usage(x, '');
  const rt = connect(x, 'runtime');
  let c = resolveContainer(rt, id);
  if (!c) return fatal(x, containerNotFound(id));
  if (p.flags['previous'] === true) {
    if (c.attempt === 0) return fatal(x, `previous terminated container ${c.name} not found`);
    const prev = Object.values(rt.containers).find((o) => o.sandboxId === c!.sandboxId && o.name === c!.name && o.attempt === c!.attempt - 1);
    const sb = rt.sandboxes[c.sandboxId];
    const path = `/var/log/pods/${sb?.namespace}_${sb?.name}_${c.podUid}/${c.name}/${c.attempt - 1}.log`;
    if (!prev) return fatal(x, `failed to try resolving symlinks in path ${JSON.stringify(path)}: lstat ${path}: no such file or directory`);
    c = prev;
  }
  const tail = typeof p.flags['tail'] === 'string' ? Number(p.flags['tail']) : -1;
  const stamp = p.flags['timestamps'] === true;
  const print = (l: LogLine) => (l.stream === 'stderr' ? x.io.err : x.io.out)(`${stamp ? `${isoTimestamp(l.atMs).replace(/Z$/, '000000Z')} ` : ''}${l.text}\n`);
  const all = c.logs.slice();
  const shown = tail >= 0 ? all.slice(Math.max(0, all.length - tail)) : all;
  shown.forEach(print);
  if (p.flags['follow'] !== true) return 0;
  // Follow: print what the container writes until it stops (or Ctrl-C / timeout).
  let seen = c.logs.length;
  const target = c;
  while (target.state === 'CONTAINER_RUNNING' && !x.io.session.interrupted) {
    yield { type: 'until', atMs: x.w.kernel.now + 1000 };
    const now = target.logs;
    if (now.length < seen) seen = 0;
    now.slice(seen).forEach(print);
    seen = now.length;
  }
  return 0;
}
