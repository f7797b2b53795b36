/**
 * kubectl logs and kubectl exec (v1.32). Both read the pod (or a workload's first pod), pick the
 * container as kubectl does, and make one request the apiserver proxies to the kubelet of the
 * pod's node (`node-proxy`); failures print as kubectl prints them.
 *
 * Sources (k8s.io/kubectl, release-1.32):
 * - pkg/cmd/logs/logs.go: usage error without a pod; --tail defaults to 10 with -l; `-f` streams
 *   until the container stops (here: kubectl asks again every second from where it was).
 * - pkg/polymorphichelpers/logsforobject.go: the `kubectl.kubernetes.io/default-container`
 *   annotation, else the first container with `Defaulted container "a" out of: a, b, i (init)`
 *   on stderr; an unknown -c is `container nope is not valid for pod web out of: a, b`; a
 *   workload logs its first pod (podutils.ByLogging) with `Found 3 pods, using pod/web-...`.
 * - pkg/cmd/exec/exec.go: `you must specify at least one command for the container`; the
 *   deprecated form without `--`; `cannot exec into a container in a completed pod; current phase
 *   is Succeeded`; podcmd.FindOrDefaultContainerByName for the container.
 * - pkg/cmd/util/helpers.go CheckErr: a command that exits non-zero prints `command terminated
 *   with exit code N` and kubectl exits N; other stream errors print `error: <message>`.
 */
import type { ApiResponse, ExecStreamResult, KubeletLogChunk, KubeObject, LogCursor, NodeProxyRequest } from '../../cluster/apiserver/messages.ts';
import { apiResource } from '../../api/index.ts';
import { closeCall, startKubeCall } from '../../simulation/world.ts';
import type { Program, Wait } from '../session.ts';
import { callForObject, fail, namespaceOf, printStatusError, type Ctx } from './context.ts';
import { labelSelectorString } from './printers.ts';

/** client-go's dialer gives up connecting after 30 s (as context.ts). */
const DIAL_TIMEOUT_MS = 30_000;
/** A bound on waiting for a log answer from a server that vanished mid-request (as context.ts). */
const RESPONSE_WAIT_MS = 70_000;
/** kubectl logs -f: how often the simulated stream asks the kubelet for new lines. */
export const FOLLOW_POLL_MS = 1000;
/** --pod-running-timeout: logs 20 s, exec 1 min (cmdutil.AddPodRunningTimeoutFlag). */
const LOGS_POD_TIMEOUT_MS = 20_000;
const EXEC_POD_TIMEOUT_MS = 60_000;
export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

const LOGS_USAGE = "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples";

interface PodSpecView {
  nodeName?: string;
  containers?: { name: string }[];
  initContainers?: { name: string }[];
  ephemeralContainers?: { name: string }[];
}

interface PodStatusView {
  phase?: string;
  conditions?: { type: string; status: string; lastTransitionTime?: string }[];
  containerStatuses?: { restartCount?: number }[];
  initContainerStatuses?: { restartCount?: number }[];
}

const specOf = (pod: KubeObject) => (pod['spec'] ?? {}) as PodSpecView;
const statusOf = (pod: KubeObject) => (pod['status'] ?? {}) as PodStatusView;

/** podcmd.AllContainerNames: containers, then ephemeral `(ephem)`, then init `(init)`. */
export function allContainerNames(pod: KubeObject): string {
  const s = specOf(pod);
  return [...(s.containers ?? []).map((c) => c.name), ...(s.ephemeralContainers ?? []).map((c) => `${c.name} (ephem)`), ...(s.initContainers ?? []).map((c) => `${c.name} (init)`)].join(', ');
}

function hasContainer(pod: KubeObject, name: string): boolean {
  const s = specOf(pod);
  return [...(s.containers ?? []), ...(s.initContainers ?? []), ...(s.ephemeralContainers ?? [])].some((c) => c.name === name);
}

/**
 * The container a command defaults to (logsforobject.go / podcmd.FindOrDefaultContainerByName):
 * the default-container annotation if it names one, else the first, announced when there was a
 * choice. `warn` receives the notices kubectl writes to stderr.
 */
export function defaultContainer(pod: KubeObject, warn: ((line: string) => void) | null, annotationMissing: 'warn' | 'silent' = 'silent'): string | undefined {
  const s = specOf(pod);
  const first = s.containers?.[0]?.name;
  if (first === undefined) return undefined;
  const annotated = pod.metadata?.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (annotated) {
    if (hasContainer(pod, annotated)) return annotated;
    if (annotationMissing === 'warn') warn?.(`Default container name "${annotated}" not found in pod ${pod.metadata?.name ?? ''}`);
  }
  if ((s.containers?.length ?? 0) > 1 || (s.initContainers?.length ?? 0) > 0 || (s.ephemeralContainers?.length ?? 0) > 0) warn?.(`Defaulted container "${first}" out of: ${allContainerNames(pod)}`);
  return first;
}

// ---------------------------------------------------------------------------------------------
// Choosing a workload's pod.

function isReady(pod: KubeObject): boolean {
  return statusOf(pod).conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

function readySince(pod: KubeObject): string {
  return statusOf(pod).conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime ?? '';
}

function maxRestarts(pod: KubeObject): number {
  const s = statusOf(pod);
  return Math.max(0, ...[...(s.containerStatuses ?? []), ...(s.initContainerStatuses ?? [])].map((c) => c.restartCount ?? 0));
}

/**
 * podutils.ByLogging (logs) and sort.Reverse(ActivePods) (exec): assigned before unassigned,
 * Running before Unknown before Pending, ready before not, ready longer first, then by restarts
 * (logs: most first; exec: fewest first), then older first. Ties keep the list's (name) order.
 */
export function comparePods(mode: 'logs' | 'exec'): (a: KubeObject, b: KubeObject) => number {
  const phaseRank: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 };
  return (a, b) => {
    const an = Boolean(specOf(a).nodeName), bn = Boolean(specOf(b).nodeName);
    if (an !== bn) return an ? -1 : 1;
    const ap = phaseRank[statusOf(a).phase ?? ''] ?? 3, bp = phaseRank[statusOf(b).phase ?? ''] ?? 3;
    if (ap !== bp) return ap - bp;
    if (isReady(a) !== isReady(b)) return isReady(a) ? -1 : 1;
    if (isReady(a) && readySince(a) !== readySince(b)) return readySince(a) < readySince(b) ? -1 : 1;
    if (maxRestarts(a) !== maxRestarts(b)) return mode === 'logs' ? maxRestarts(b) - maxRestarts(a) : maxRestarts(a) - maxRestarts(b);
    const ac = a.metadata?.creationTimestamp ?? '', bc = b.metadata?.creationTimestamp ?? '';
    return ac === bc ? 0 : ac < bc ? -1 : 1;
  };
}

/** The label selector a workload picks its pods with (polymorphichelpers.SelectorsForObject). */
function selectorOf(obj: KubeObject): string | { error: string } {
  const spec = (obj['spec'] ?? {}) as { selector?: Record<string, unknown> };
  if (obj.kind === 'Service' || obj.kind === 'ReplicationController') {
    const sel = (spec.selector ?? {}) as Record<string, string>;
    if (Object.keys(sel).length === 0) return { error: `invalid ${obj.kind === 'Service' ? 'service' : 'replication controller'} '${obj.metadata?.name}': Service is defined without a selector` };
    return Object.keys(sel).sort().map((k) => `${k}=${sel[k]}`).join(',');
  }
  if (['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job'].includes(obj.kind ?? '')) return labelSelectorString(spec.selector as Parameters<typeof labelSelectorString>[0]);
  return { error: `selector for *v1.${obj.kind} not implemented` };
}

/**
 * The pod `kubectl logs|exec TARGET` acts on: a pod by name, or the first pod of a workload
 * (GetFirstPod: list by selector, sort, or wait for one up to --pod-running-timeout).
 */
function* targetPod(ctx: Ctx, target: string, mode: 'logs' | 'exec'): Generator<Wait, KubeObject | number, void> {
  const ns = namespaceOf(ctx);
  const slash = target.indexOf('/');
  const typeArg = slash >= 0 ? target.slice(0, slash) : 'pods';
  const name = slash >= 0 ? target.slice(slash + 1) : target;
  const info = apiResource(typeArg);
  if (!info) return fail(ctx.io, `error: the server doesn't have a resource type "${typeArg}"`);
  const obj = yield* callForObject(ctx, { verb: 'get', resource: info.resource, namespace: ns, name });
  if (typeof obj === 'number') return obj;
  if (info.resource === 'pods') return obj;
  const selector = selectorOf(obj);
  if (typeof selector !== 'string') return fail(ctx.io, `error: cannot ${mode === 'logs' ? 'get the logs from' : 'attach to'} *v1.${obj.kind}: ${selector.error}`);
  const deadline = ctx.w.kernel.now + (mode === 'logs' ? LOGS_POD_TIMEOUT_MS : EXEC_POD_TIMEOUT_MS);
  for (;;) {
    const list = yield* callForObject(ctx, { verb: 'list', resource: 'pods', namespace: ns, labelSelector: selector });
    if (typeof list === 'number') return list;
    const pods = ((list.items as KubeObject[] | undefined) ?? []).slice();
    if (pods.length > 0) {
      const sorted = pods.slice().sort(comparePods(mode));
      const first = sorted[0]!;
      if (mode === 'logs' && pods.length > 1) ctx.io.err(`Found ${pods.length} pods, using pod/${first.metadata?.name}\n`);
      return first;
    }
    if (ctx.w.kernel.now >= deadline || ctx.io.session.interrupted) return fail(ctx.io, 'error: timed out waiting for the condition');
    yield { type: 'until', atMs: Math.min(deadline, ctx.w.kernel.now + 1000) };
  }
}

// ---------------------------------------------------------------------------------------------
// The proxied request.

type ProxyOutcome = { ok: true; body: unknown } | { ok: false; code: number };

/**
 * One node-proxy request: the same connect as every kubectl call (context.ts `call`), then a
 * wait that Ctrl-C or `timeout` can interrupt. An exec waits as long as its command runs; a log
 * read gives up like any other request.
 */
function* proxyCall(ctx: Ctx, req: NodeProxyRequest): Generator<Wait, ProxyOutcome, void> {
  const { io, w, server } = ctx;
  if (!server.host) {
    io.err(`The connection to the server ${server.hostPort} was refused - did you specify the right host or port?\n`);
    return { ok: false, code: 1 };
  }
  const c = startKubeCall(w, io.session.host, [{ label: server.hostPort, host: server.host }], req, Infinity, true);
  const dialDeadline = w.kernel.now + DIAL_TIMEOUT_MS;
  while (c.state === 'connecting' && c.refused.length === 0 && w.kernel.now < dialDeadline && !io.session.interrupted) yield { type: 'until', atMs: Math.min(dialDeadline, w.kernel.now + 5) };
  if (c.state === 'connecting') {
    closeCall(w, c.port);
    if (io.session.interrupted) return { ok: false, code: 130 };
    if (c.refused.length > 0) io.err(`The connection to the server ${server.hostPort} was refused - did you specify the right host or port?\n`);
    else io.err(`Unable to connect to the server: dial tcp ${server.hostPort}: i/o timeout\n`);
    return { ok: false, code: 1 };
  }
  const giveUpAt = req.op === 'log' ? w.kernel.now + RESPONSE_WAIT_MS : Infinity;
  // `untilMs` keeps a headless run from taking the quiet wait for an idle watch.
  while (c.responses.length === 0 && c.state !== 'done' && !io.session.interrupted && w.kernel.now < giveUpAt) yield { type: 'stream', port: c.port, seen: 0, untilMs: Math.min(giveUpAt, w.kernel.now + 1000) };
  const resp = c.responses[0] as ApiResponse | undefined;
  closeCall(w, c.port);
  if (!resp) {
    if (io.session.interrupted) return { ok: false, code: 130 };
    io.err('Unable to connect to the server: net/http: request canceled (Client.Timeout exceeded while awaiting headers)\n');
    return { ok: false, code: 1 };
  }
  if (!resp.ok) return { ok: false, code: printStatusError(io, resp) };
  return { ok: true, body: resp.body };
}

// ---------------------------------------------------------------------------------------------
// kubectl logs

export function* logs(ctx: Ctx): Program {
  const [target, containerArg] = ctx.args;
  const selector = ctx.flags['selector'] as string | undefined;
  if (!target && !selector) return fail(ctx.io, LOGS_USAGE);
  if (target && selector) return fail(ctx.io, "error: only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples");
  if (ctx.args.length > 2) return fail(ctx.io, LOGS_USAGE);
  const tailFlag = ctx.flags['tail'];
  let tail = typeof tailFlag === 'string' ? Number(tailFlag) : -1;
  if (!Number.isInteger(tail)) return fail(ctx.io, `error: invalid argument "${String(tailFlag)}" for "--tail" flag: strconv.ParseInt: parsing ${JSON.stringify(String(tailFlag))}: invalid syntax\nSee 'kubectl logs --help' for usage.`);
  // logs.go: with a selector, --tail defaults to 10.
  if (selector && tail === -1) tail = 10;
  const explicit = (ctx.flags['container'] as string | undefined) ?? containerArg;
  let pods: KubeObject[];
  if (selector) {
    const list = yield* callForObject(ctx, { verb: 'list', resource: 'pods', namespace: namespaceOf(ctx), labelSelector: selector });
    if (typeof list === 'number') return list;
    pods = (list.items as KubeObject[] | undefined) ?? [];
    if (pods.length === 0) {
      ctx.io.err(`No resources found in ${namespaceOf(ctx)} namespace.\n`);
      return 0;
    }
  } else {
    const pod = yield* targetPod(ctx, target!, 'logs');
    if (typeof pod === 'number') return pod;
    pods = [pod];
  }
  let status = 0;
  for (const pod of pods) {
    const container = explicit ?? defaultContainer(pod, (l) => ctx.io.err(`${l}\n`), 'warn');
    if (container === undefined) return fail(ctx.io, `error: pod ${pod.metadata?.namespace}/${pod.metadata?.name} does not have any containers`);
    if (!hasContainer(pod, container)) return fail(ctx.io, `error: container ${container} is not valid for pod ${pod.metadata?.name} out of: ${allContainerNames(pod)}`);
    status = yield* streamLogs(ctx, pod, container, tail);
    if (status !== 0) return status;
  }
  return status;
}

export function* streamLogs(ctx: Ctx, pod: KubeObject, container: string, tail: number): Program {
  const follow = ctx.flags['follow'] === true;
  const base: NodeProxyRequest = {
    verb: 'node-proxy',
    op: 'log',
    namespace: pod.metadata?.namespace ?? namespaceOf(ctx),
    name: pod.metadata?.name ?? '',
    container,
    ...(ctx.flags['previous'] === true ? { previous: true } : {}),
    ...(ctx.flags['timestamps'] === true ? { timestamps: true } : {}),
    ...(follow ? { follow: true } : {}),
  };
  let cursor: LogCursor | undefined;
  let containerId: string | undefined;
  for (;;) {
    const req: NodeProxyRequest = cursor ? { ...base, cursor, ...(containerId ? { containerId } : {}) } : { ...base, ...(tail >= 0 ? { tailLines: tail } : {}) };
    const out = yield* proxyCall(ctx, req);
    if (!out.ok) return cursor && out.code === 130 ? 0 : out.code;
    const chunk = out.body as KubeletLogChunk;
    for (const line of chunk.lines) ctx.io.out(`${line}\n`);
    if (!follow || !chunk.running || !chunk.containerId) return 0;
    cursor = chunk.cursor;
    containerId = chunk.containerId;
    yield { type: 'until', atMs: ctx.w.kernel.now + FOLLOW_POLL_MS };
    if (ctx.io.session.interrupted) return 0;
  }
}

// ---------------------------------------------------------------------------------------------
// kubectl exec

/**
 * `kubectl exec POD [-c C] -- CMD...`. `dashDash` tells whether `--` was given (the command is
 * then `command`); without it, kubectl still takes the words after the pod, with a warning.
 */
export function* exec(ctx: Ctx, command: string[], dashDash: boolean): Program {
  const quiet = ctx.flags['quiet'] === true;
  const [target, ...rest] = ctx.args;
  let argv = command;
  if (!dashDash && rest.length > 0) {
    if (!quiet) ctx.io.err('kubectl exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. Use kubectl exec [POD] -- [COMMAND] instead.\n');
    argv = rest;
  }
  if (!target) return fail(ctx.io, 'error: pod, type/name or --filename must be specified');
  if (argv.length === 0) return fail(ctx.io, 'error: you must specify at least one command for the container');
  if (ctx.flags['stdin'] === true && isInteractiveShell(argv)) return fail(ctx.io, `error: k8sim does not model an interactive shell yet (${argv.join(' ')} would wait for typed input); run one command at a time: kubectl exec ${target} -- ls /`);
  const pod = yield* targetPod(ctx, target, 'exec');
  if (typeof pod === 'number') return pod;
  const phase = statusOf(pod).phase;
  if (phase === 'Succeeded' || phase === 'Failed') return fail(ctx.io, `error: cannot exec into a container in a completed pod; current phase is ${phase}`);
  let container = ctx.flags['container'] as string | undefined;
  if (!container) {
    container = defaultContainer(pod, quiet ? null : (l) => ctx.io.err(`${l}\n`));
    if (container === undefined) return fail(ctx.io, `error: pod ${pod.metadata?.namespace}/${pod.metadata?.name} does not have any containers`);
  }
  const req: NodeProxyRequest = {
    verb: 'node-proxy',
    op: 'exec',
    namespace: pod.metadata?.namespace ?? namespaceOf(ctx),
    name: pod.metadata?.name ?? '',
    container,
    command: argv,
    ...(ctx.flags['stdin'] === true ? { stdin: true } : {}),
    ...(ctx.flags['tty'] === true ? { tty: true } : {}),
  };
  const out = yield* proxyCall(ctx, req);
  if (!out.ok) return out.code;
  return printExecResult(ctx, out.body as ExecStreamResult);
}

/** A shell started to read commands from its stdin (`sh`, `/bin/bash`, `ash -i`), not one running `-c SCRIPT` or a script file. */
export function isInteractiveShell(argv: readonly string[]): boolean {
  const prog = argv[0]?.split('/').pop() ?? '';
  if (!['sh', 'bash', 'ash', 'dash', 'zsh'].includes(prog)) return false;
  return argv.slice(1).every((a) => a.startsWith('-') && !a.includes('c'));
}

/** The command's output, then CheckErr's rendering of how it ended. */
export function printExecResult(ctx: Pick<Ctx, 'io'>, r: ExecStreamResult): number {
  if ('streamError' in r) return fail(ctx.io, `error: ${r.streamError}`);
  if (r.output) {
    // The two streams as they arrived (curl -v's trace on stderr around the body on stdout),
    // each stream's text exactly as `stdout`/`stderr` hold it: its lines joined by newlines.
    const last = { stdout: -1, stderr: -1 };
    r.output.forEach((o, i) => (last[o.stream] = i));
    r.output.forEach((o, i) => {
      const isLast = i === last[o.stream];
      const text = !isLast ? `${o.line}\n` : o.line === '' || o.line.endsWith('\n') ? o.line : `${o.line}\n`;
      (o.stream === 'stdout' ? ctx.io.out : ctx.io.err)(text);
    });
  } else {
    if (r.stdout !== '') ctx.io.out(r.stdout.endsWith('\n') ? r.stdout : `${r.stdout}\n`);
    if (r.stderr !== '') ctx.io.err(r.stderr.endsWith('\n') ? r.stderr : `${r.stderr}\n`);
  }
  if (r.exitCode !== 0) {
    ctx.io.err(`command terminated with exit code ${r.exitCode}\n`);
    return r.exitCode;
  }
  return 0;
}

