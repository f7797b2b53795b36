/**
 * The kubelet's API server on port 10250, as far as the apiserver uses it: container logs
 * (`GET /containerLogs/<ns>/<pod>/<container>`) and exec (`POST /exec/<ns>/<pod>/<container>`).
 * The apiserver has already checked the pod and container names against the API object; here
 * the kubelet answers from what it runs.
 *
 * Sources (kubernetes/kubernetes):
 * - pkg/kubelet/server/server.go getContainerLogs: a pod the kubelet does not know is a 404
 *   `pod "web" does not exist`; an error from GetKubeletContainerLogs is a 400 with its text.
 * - pkg/kubelet/kubelet_pods.go validateContainerLogStatus: which container's log a request
 *   reads (the previous termination for --previous, else the running one, else the last
 *   terminated one) and the texts for the rest, e.g.
 *   `container "web" in pod "web" is waiting to start: ContainerCreating`.
 * - pkg/kubelet/kuberuntime/logs/logs.go: `--timestamps` prefixes each line with its time in
 *   RFC3339NanoFixed (`2006-01-02T15:04:05.000000000Z07:00`) and a space; tail counts lines from
 *   the end of the file; stdout and stderr lines go into the same response body.
 * - pkg/kubelet/kubelet_pods.go GetExec/findContainer: exec needs the container running in the
 *   runtime, else `container not found ("web")` — answered before the stream is upgraded.
 */
import { fnv1a32, hex32, isoTimestamp } from '../../kernel/index.ts';
import type { EffectSink } from '../effects.ts';
import { KUBELET_API_PORT, type KubeletApiRequest, type KubeletApiResponse, type KubeletHttpError, type KubeletLogChunk, type LogCursor } from '../apiserver/messages.ts';
import type { CriApi, LogLine } from '../runtime/messages.ts';
import { containerSpec, podEntries, type Kubelet } from './kubelet.ts';
import { apiContainerStatus } from './status.ts';
import type { ContainerEntry, PodEntry } from './types.ts';

/** RFC3339NanoFixed of a virtual time: `2026-11-22T00:00:05.123000000Z` (the clock has ms resolution). */
export function rfc3339NanoFixed(atMs: number): string {
  return isoTimestamp(atMs).replace(/Z$/, '000000Z');
}

/** A request on the kubelet's port 10250 (from the apiserver's proxy). */
export function onKubeletApi(k: Kubelet, from: { host: string; port: string }, body: KubeletApiRequest, cri: CriApi, sink: EffectSink): void {
  if (k.status !== 'running') return;
  if (body.op === 'log') return reply(k, from, { id: body.id, result: containerLogs(k, body, cri) }, sink);
  const started = execInContainer(k, from, body, cri);
  if (started) reply(k, from, { id: body.id, ...started }, sink);
}

function reply(k: Kubelet, to: { host: string; port: string }, body: KubeletApiResponse, sink: EffectSink): void {
  const summary = 'lines' in body.result ? `${body.result.lines.length} log lines` : 'httpError' in body.result ? `${body.result.httpError.code} ${body.result.httpError.message}` : 'exec result';
  sink.effects.push({ type: 'net.send', from: { host: k.host, port: KUBELET_API_PORT }, to, kind: 'kubelet.api.response', body, summary });
}

/** The pod as the kubelet knows it: GetPodByName (namespace/name); the uid only breaks ties. */
function findPod(k: Kubelet, namespace: string, name: string, uid: string): PodEntry | undefined {
  const key = `${namespace}/${name}`;
  const live = podEntries(k).filter((e) => e.key === key && !e.gone);
  const byUid = k.pods.get(uid);
  return live.find((e) => e.uid === uid) ?? live[0] ?? (byUid && !byUid.gone ? byUid : undefined);
}

function httpError(code: number, message: string): KubeletHttpError {
  return { httpError: { code, message } };
}

// ---------------------------------------------------------------------------------------------
// Logs.

export function containerLogs(k: Kubelet, req: KubeletApiRequest, cri: CriApi): KubeletLogChunk | KubeletHttpError {
  const e = findPod(k, req.namespace, req.name, req.podUid);
  if (!e) return httpError(404, `pod "${req.name}" does not exist`);
  const c = e.containers[req.container];
  if (!c) return httpError(404, `container "${req.container}" not found in pod "${req.name}"`);
  let id = req.containerId;
  if (!id || !cri.containerStatus(id)) {
    const chosen = logContainerId(e, c, req.previous === true);
    if ('error' in chosen) return httpError(400, chosen.error);
    id = chosen.id;
  }
  const status = cri.containerStatus(id);
  const all = cri.logs(id);
  const fresh = req.cursor ? after(all, req.cursor) : all;
  const shown = req.tailLines !== undefined && req.tailLines >= 0 && !req.cursor ? fresh.slice(Math.max(0, fresh.length - req.tailLines)) : fresh;
  return {
    lines: shown.map((l) => (req.timestamps ? `${rfc3339NanoFixed(l.atMs)} ${l.text}` : l.text)),
    containerId: id,
    cursor: cursorAfter(all, shown, req.cursor),
    running: status?.state === 'CONTAINER_RUNNING',
  };
}

/** The lines written after `cursor`. */
export function after(lines: readonly LogLine[], cursor: LogCursor): LogLine[] {
  let seenAtCursor = 0;
  const out: LogLine[] = [];
  for (const l of lines) {
    if (l.atMs < cursor.atMs) continue;
    if (l.atMs === cursor.atMs && seenAtCursor < cursor.seen) {
      seenAtCursor++;
      continue;
    }
    out.push(l);
  }
  return out;
}

/** Where a read that returned `shown` (the newest lines of `all`) leaves the next one. */
export function cursorAfter(all: readonly LogLine[], shown: readonly LogLine[], prior: LogCursor | undefined): LogCursor {
  const last = shown[shown.length - 1] ?? all[all.length - 1];
  if (!last) return prior ?? { atMs: -1, seen: 0 };
  return { atMs: last.atMs, seen: all.filter((l) => l.atMs === last.atMs).length };
}

/**
 * validateContainerLogStatus, on the container status the kubelet would report: --previous
 * reads the last termination; otherwise the running container, a terminated one, or the last
 * termination while it waits to restart (CrashLoopBackOff); a container still waiting has no log.
 */
export function logContainerId(e: PodEntry, c: ContainerEntry, previous: boolean): { id: string } | { error: string } {
  const podName = e.pod.metadata?.name ?? '';
  const status = apiContainerStatus(c, containerSpec(e.pod, c.name)?.image ?? '', '', e.pod, () => '');
  const state = status.state as { waiting?: { reason?: string }; running?: unknown; terminated?: { containerID?: string } };
  const lastTerminated = (status.lastState as { terminated?: { containerID?: string } }).terminated;
  const strip = (id: string | undefined) => (id ?? '').replace(/^containerd:\/\//, '');
  if (previous) {
    if (!lastTerminated?.containerID) return { error: `previous terminated container "${c.name}" in pod "${podName}" not found` };
    return { id: strip(lastTerminated.containerID) };
  }
  if (state.running) return { id: strip(status.containerID) };
  if (state.terminated) {
    if (state.terminated.containerID) return { id: strip(state.terminated.containerID) };
    if (lastTerminated?.containerID) return { id: strip(lastTerminated.containerID) };
    return { error: `container "${c.name}" in pod "${podName}" is terminated` };
  }
  if (lastTerminated) {
    if (!lastTerminated.containerID) return { error: `container "${c.name}" in pod "${podName}" is terminated` };
    return { id: strip(lastTerminated.containerID) };
  }
  if (state.waiting) {
    const reason = state.waiting.reason ?? '';
    if (reason === 'ErrImagePull') return { error: `container "${c.name}" in pod "${podName}" is waiting to start: image can't be pulled` };
    if (reason === 'ImagePullBackOff') return { error: `container "${c.name}" in pod "${podName}" is waiting to start: trying and failing to pull image` };
    return { error: `container "${c.name}" in pod "${podName}" is waiting to start: ${reason}` };
  }
  return { error: `container "${c.name}" in pod "${podName}" is waiting to start - no logs yet` };
}

// ---------------------------------------------------------------------------------------------
// Exec.

/**
 * Runs the command in the container's running process namespace. A command that finishes at once
 * is answered now; one that blocks (sleep) is registered as an 'api' exec, and the kubelet answers
 * when the runtime reports it done (kubelet.ts onExecDone). Returns the immediate answer, if any.
 */
function execInContainer(k: Kubelet, from: { host: string; port: string }, req: KubeletApiRequest, cri: CriApi): Omit<KubeletApiResponse, 'id'> | null {
  const e = findPod(k, req.namespace, req.name, req.podUid);
  const c = e?.containers[req.container];
  const id = c?.containerId;
  if (!e || !c || !id || cri.containerStatus(id)?.state !== 'CONTAINER_RUNNING') {
    return { result: { error: `container not found (${JSON.stringify(req.container)})` }, upgradeFailed: true };
  }
  const r = cri.exec(id, req.command ?? [], Infinity);
  if ('done' in r) {
    if ('error' in r.done) return { result: { error: execFailure(id, k, r.done.error) } };
    return { result: r.done };
  }
  k.execs[r.pending] = { podUid: e.uid, container: c.name, purpose: 'api', reply: { host: from.host, port: from.port, id: req.id } };
  return null;
}

/**
 * The exec stream's error when the runtime could not start the process: containerd's text for
 * ExecSync/Exec ("failed to exec in container: failed to start exec <id>: OCI runtime exec
 * failed: ...") as the kubelet's streaming server reports it (NewInternalError, so prefixed).
 */
function execFailure(containerId: string, k: Kubelet, error: string): string {
  let execId = '';
  for (let i = 0; i < 8; i++) execId += hex32(fnv1a32(`${i}/${containerId}/exec/${Object.keys(k.execs).length}`));
  return `Internal error occurred: error executing command in container: failed to exec in container: failed to start exec ${JSON.stringify(execId)}: ${error}`;
}
