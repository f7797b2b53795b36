/**
 * The pod status the kubelet reports (kubelet_pods.go generateAPIPodStatus, getPhase,
 * convertToAPIContainerStatuses; status/generate.go for the conditions). Pure: from the kubelet's
 * entry for a pod to the `status` object it patches.
 */
import type { KubeObject } from '../apiserver/messages.ts';
import { apiStateKind } from './container.machine.ts';
import type { ContainerEntry, PodEntry, TerminationRecord } from './types.ts';

export type Timestamp = (ms: number) => string;

interface ApiContainerStatus {
  name: string;
  image: string;
  imageID: string;
  containerID?: string;
  ready: boolean;
  restartCount: number;
  started: boolean;
  state: Record<string, unknown>;
  lastState: Record<string, unknown>;
}

function terminated(t: TerminationRecord, ts: Timestamp): Record<string, unknown> {
  return {
    exitCode: t.exitCode,
    ...(t.signal ? { signal: t.signal } : {}),
    reason: t.reason,
    ...(t.message ? { message: t.message } : {}),
    startedAt: t.startedAtMs ? ts(t.startedAtMs) : null,
    finishedAt: ts(t.finishedAtMs),
    containerID: `containerd://${t.containerId}`,
  };
}

/** The status.state of one container, from its statechart state. */
export function apiContainerState(c: ContainerEntry, image: string, pod: KubeObject, ts: Timestamp): Record<string, unknown> {
  const kind = apiStateKind(c.machine.value);
  if (kind === 'running') return { running: { startedAt: ts(c.startedAtMs) } };
  if (kind === 'terminated' && c.current) return { terminated: terminated(c.current, ts) };
  const meta = pod.metadata ?? {};
  switch (c.machine.value) {
    case 'ErrImagePull':
      return { waiting: { reason: 'ErrImagePull', message: c.waitingMessage } };
    case 'ContainerCreating':
      // Pulling again after a failure still reads as the back-off.
      if (!c.imagePullFailed) return { waiting: { reason: c.kind === 'app' ? 'ContainerCreating' : 'PodInitializing' } };
      return { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` } };
    case 'ImagePullBackOff':
      return { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` } };
    case 'CrashLoopBackOff':
      return { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${c.machine.context.backoffMs / 1000}s restarting failed container=${c.name} pod=${meta.name}_${meta.namespace}(${meta.uid})` } };
    case 'CreateContainerError':
      return { waiting: { reason: c.waitingReason || 'CreateContainerError', message: c.waitingMessage } };
    case 'PodInitializing': {
      // kubelet_pods.go: an app container of a pod without init containers that has not been
      // created yet (its volumes are still being mounted, its sandbox not made) is ContainerCreating.
      const initContainers = ((pod['spec'] as { initContainers?: unknown[] } | undefined)?.initContainers ?? []).length;
      return { waiting: { reason: c.kind === 'app' && initContainers === 0 ? 'ContainerCreating' : 'PodInitializing' } };
    }
    default:
      // ContainerCreating, and a container whose postStart hook has not returned yet.
      return { waiting: { reason: c.kind === 'app' ? 'ContainerCreating' : 'PodInitializing' } };
  }
}

/** prober_manager.go UpdatePodStatus: a container is ready only once started (startup probe passed) and its readiness says so. */
export function isReady(c: ContainerEntry): boolean {
  const started = c.machine.value === 'Running' || c.machine.value === 'PreStopHook' || c.machine.value === 'Stopping';
  return started && c.ready;
}

export function apiContainerStatus(c: ContainerEntry, image: string, repoDigest: string, pod: KubeObject, ts: Timestamp): ApiContainerStatus {
  const kind = apiStateKind(c.machine.value);
  const started = c.machine.value === 'Running' || c.machine.value === 'PreStopHook' || c.machine.value === 'Stopping';
  return {
    name: c.name,
    image,
    imageID: repoDigest,
    ...(c.containerId ? { containerID: `containerd://${c.containerId}` } : {}),
    ready: isReady(c),
    restartCount: c.restartCount,
    started,
    state: apiContainerState(c, image, pod, ts),
    lastState: c.last ? { terminated: terminated(c.last, ts) } : {},
  };
}

/** getPhase (kubelet_pods.go, v1.32). */
export function podPhase(entry: PodEntry, restartPolicy: string): 'Pending' | 'Running' | 'Succeeded' | 'Failed' {
  let pendingInit = 0;
  let failedInit = 0;
  for (const name of entry.order) {
    const c = entry.containers[name]!;
    if (c.kind === 'app') continue;
    const kind = apiStateKind(c.machine.value);
    if (c.kind === 'sidecar') {
      if (!(c.machine.value === 'Running' || c.machine.value === 'PreStopHook' || c.machine.value === 'Stopping')) pendingInit++;
      continue;
    }
    if (kind === 'running') pendingInit++;
    else if (kind === 'terminated') {
      if ((c.current?.exitCode ?? 0) !== 0) failedInit++;
    } else if (c.last) {
      if (c.last.exitCode !== 0) failedInit++;
    } else pendingInit++;
  }
  let running = 0, waiting = 0, stopped = 0, succeeded = 0;
  for (const name of entry.order) {
    const c = entry.containers[name]!;
    if (c.kind !== 'app') continue;
    const kind = apiStateKind(c.machine.value);
    if (kind === 'running') running++;
    else if (kind === 'terminated') {
      stopped++;
      if ((c.current?.exitCode ?? 1) === 0) succeeded++;
    } else if (c.last) stopped++;
    else waiting++;
  }
  if (failedInit > 0 && restartPolicy === 'Never') return 'Failed';
  if (pendingInit > 0 && failedInit === 0) return 'Pending';
  if (pendingInit > 0 || failedInit > 0) return restartPolicy === 'Never' ? 'Failed' : 'Pending';
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (entry.terminating || entry.finished) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

function names(list: ContainerEntry[]): string {
  return `[${list.map((c) => c.name).join(' ')}]`;
}

/**
 * The status of the Ready (and ContainersReady) condition alone, as podConditions computes it:
 * every app container and sidecar ready, and the pod not finished.
 */
export function podReadyStatus(entry: PodEntry, phase: string): 'True' | 'False' {
  if (phase === 'Succeeded' || phase === 'Failed') return 'False';
  for (const n of entry.order) {
    const c = entry.containers[n]!;
    if ((c.kind === 'app' || c.kind === 'sidecar') && !isReady(c)) return 'False';
  }
  return 'True';
}

/** The conditions the kubelet owns (status/generate.go), in the order real pods show them. */
export function podConditions(entry: PodEntry, phase: string): { type: string; status: 'True' | 'False'; reason?: string; message?: string }[] {
  const all = entry.order.map((n) => entry.containers[n]!);
  const inits = all.filter((c) => c.kind !== 'app');
  const apps = all.filter((c) => c.kind === 'app');
  const done = phase === 'Succeeded' || phase === 'Failed';
  const sandboxReady = entry.sandboxId !== null && !done;
  const incompleteInit = inits.filter((c) => (c.kind === 'sidecar' ? !(c.machine.value === 'Running') : !(c.machine.value === 'Terminated' && c.current?.exitCode === 0)));
  const initialized = done ? { status: 'True' as const, ...(phase === 'Succeeded' ? { reason: 'PodCompleted' } : {}) } : incompleteInit.length === 0 ? { status: 'True' as const } : { status: 'False' as const, reason: 'ContainersNotInitialized', message: `containers with incomplete status: ${names(incompleteInit)}` };
  const readyScope = [...inits.filter((c) => c.kind === 'sidecar'), ...apps];
  const unready = readyScope.filter((c) => !isReady(c));
  const containersReady = done
    ? { status: 'False' as const, reason: 'PodCompleted' }
    : unready.length === 0
      ? { status: 'True' as const }
      : { status: 'False' as const, reason: 'ContainersNotReady', message: `containers with unready status: ${names(unready)}` };
  return [
    { type: 'PodReadyToStartContainers', status: sandboxReady ? 'True' : 'False' },
    { type: 'Initialized', ...initialized },
    { type: 'Ready', ...containersReady },
    { type: 'ContainersReady', ...containersReady },
    { type: 'PodScheduled', status: 'True' },
  ];
}
