/**
 * The CRI as the kubelet sees it: containerd's RuntimeService and ImageService, called over the
 * node's local socket. The calls are synchronous, as a local gRPC call is in practice; what takes
 * time (an image pull, a hook or probe command that sleeps) answers later with a notification
 * to the kubelet. Container exits are not pushed: the kubelet finds them by relisting (PLEG).
 */
import type { ImageConfig } from '../registry/messages.ts';

export type ContainerState = 'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED';
export type SandboxState = 'SANDBOX_READY' | 'SANDBOX_NOTREADY';

export interface CriSandbox {
  id: string;
  podUid: string;
  name: string;
  namespace: string;
  attempt: number;
  state: SandboxState;
  ip: string;
  createdAtMs: number;
}

export interface CriContainer {
  id: string;
  sandboxId: string;
  podUid: string;
  /** The container's name in the pod spec. */
  name: string;
  attempt: number;
  /** The image as the pod spec wrote it, and the resolved image id (sha256:...). */
  image: string;
  imageRef: string;
  state: ContainerState;
  createdAtMs: number;
  startedAtMs: number;
  finishedAtMs: number;
  exitCode: number;
  /** containerd's reason for an exit: Completed, Error, OOMKilled, StartError. */
  reason: string;
  message: string;
}

export interface CriImage {
  /** sha256:<hex> image id. */
  id: string;
  repoTags: string[];
  repoDigests: string[];
  sizeBytes: number;
  config: ImageConfig;
  /** Pinned images (the sandbox image) are never garbage-collected. */
  pinned: boolean;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  /** For a hostPath volume: the host directory or file (the CRI Mount's host_path). */
  hostPath?: string;
}

export interface ContainerConfig {
  name: string;
  attempt: number;
  image: string;
  /** Kubernetes' command and args; the runtime combines them with the image's ENTRYPOINT and CMD. */
  command?: string[];
  args?: string[];
  env: Record<string, string>;
  mounts: VolumeMount[];
  /** resources.limits.memory in bytes; 0 = no limit. Passing it means an OOM kill. */
  memoryLimitBytes: number;
  /** Files the kubelet injects (the service account namespace file, /etc/hosts, ...). */
  files: Record<string, string>;
}

/** A line a process wrote, on which stream: the order the two streams were written in. */
export interface OutputLine {
  stream: 'stdout' | 'stderr';
  line: string;
}

export type ExecResult = { exitCode: number; stdout: string; stderr: string; timedOut: boolean; output?: OutputLine[] } | { error: string };

export type HttpProbeResult = { status: number; body: string; headers?: [string, string][] } | { error: string };

/** A log line as the CRI keeps it (the kubelet's container log format: time, stream, text). */
export interface LogLine {
  atMs: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

/** What the runtime tells the kubelet later (delivered as a kubelet timer payload). */
export type CriNotification =
  | { type: 'kubelet.cri.pulled'; image: string; ok: true; imageRef: string; sizeBytes: number; pullMs: number }
  | { type: 'kubelet.cri.pulled'; image: string; ok: false; error: string }
  | { type: 'kubelet.cri.exec'; execId: string; result: ExecResult };

export const KUBELET_NOTIFY = 'kubelet.cri';

export interface SandboxConfig {
  podUid: string;
  name: string;
  namespace: string;
  hostname: string;
  attempt: number;
  /** emptyDir and other pod volumes the containers may mount, by name. */
  volumes: string[];
  /** Files the kubelet put in a volume before the sandbox (a configMap volume's keys), by volume name then path inside it (`/key`). */
  volumeFiles?: Record<string, Record<string, string>>;
  /** spec.hostNetwork: the pod uses the node's network namespace and IP. */
  hostNetwork?: boolean;
}

/**
 * The runtime's API bound to one node for the duration of one kubelet handler call. The
 * simulation layer builds it; the kubelet never sees the runtime's state.
 */
export interface CriApi {
  /** ListPodSandbox, with the CRI's PodSandboxFilter by the io.kubernetes.pod.uid label. */
  listSandboxes(filter?: { podUid?: string }): CriSandbox[];
  /** PodSandboxStatus: one sandbox by id, null when the runtime has none. */
  sandboxStatus(id: string): CriSandbox | null;
  /** ListContainers, with the CRI's ContainerFilter by pod sandbox id. */
  listContainers(filter?: { sandboxId?: string }): CriContainer[];
  containerStatus(id: string): CriContainer | null;
  /** A counter that moves whenever any sandbox's or container's state changes (ContainerRuntime.generation). */
  generation(): number;
  imageStatus(image: string): CriImage | null;
  /** Starts a pull; the kubelet hears of the result through a `kubelet.cri.pulled` notification. */
  pullImage(image: string): void;
  /** Fails (CNI ADD failed) with the CRI error the kubelet puts in its FailedCreatePodSandBox event. */
  runPodSandbox(config: SandboxConfig): CriSandbox | { error: string };
  /** The Status call's NetworkReady runtime condition (the CNI config loaded or not). */
  networkStatus(): { ready: true } | { ready: false; reason: string; message: string };
  stopPodSandbox(id: string): void;
  removePodSandbox(id: string): void;
  createContainer(sandboxId: string, config: ContainerConfig): { id: string } | { error: string };
  /** A start that fails leaves the container exited with reason StartError and exit code 128. */
  startContainer(id: string): { ok: true } | { error: string };
  /** Sends the image's stop signal now and SIGKILL after `timeoutSeconds`. */
  stopContainer(id: string, timeoutSeconds: number): void;
  removeContainer(id: string): void;
  /** Runs a command in the container: done at once, or answered later by a `kubelet.cri.exec` notification. */
  exec(id: string, argv: string[], timeoutMs: number): { done: ExecResult } | { pending: string };
  httpGet(sandboxId: string, port: number, path: string, headers: Record<string, string>): HttpProbeResult;
  tcpConnect(sandboxId: string, port: number): boolean;
  grpcCheck(sandboxId: string, port: number): 'SERVING' | 'NOT_SERVING' | null;
  logs(id: string): LogLine[];
}
