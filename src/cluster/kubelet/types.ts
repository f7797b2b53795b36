/**
 * The kubelet's plain-data state: the pods it runs, one entry per container with its statechart
 * state, its probe workers, and what it last reported.
 */
import type { KubeObject } from '../apiserver/messages.ts';
import type { ContainerMachineState } from './container.machine.ts';

export interface ProbeSpec {
  exec?: { command?: string[] };
  httpGet?: { path?: string; port: number | string; host?: string; scheme?: string; httpHeaders?: { name: string; value: string }[] };
  tcpSocket?: { port: number | string; host?: string };
  grpc?: { port: number; service?: string };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
  terminationGracePeriodSeconds?: number;
}

export interface HandlerSpec {
  exec?: { command?: string[] };
  httpGet?: { path?: string; port: number | string; host?: string; scheme?: string };
  tcpSocket?: { port: number | string };
  sleep?: { seconds: number };
}

export interface ContainerSpec {
  name: string;
  image?: string;
  imagePullPolicy?: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  ports?: { containerPort: number; name?: string; protocol?: string }[];
  resources?: { limits?: Record<string, string>; requests?: Record<string, string> };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  livenessProbe?: ProbeSpec;
  readinessProbe?: ProbeSpec;
  startupProbe?: ProbeSpec;
  lifecycle?: { postStart?: HandlerSpec; preStop?: HandlerSpec };
  /** Only on init containers: `Always` makes it a sidecar. */
  restartPolicy?: string;
}

export type ProbeType = 'startup' | 'liveness' | 'readiness';

/** One probe worker (prober/worker.go): its counters and its current result. */
export interface ProbeWorker {
  type: ProbeType;
  /** 'initialDelay' until the first probe, then 'probing'; 'done' once a startup probe succeeded; 'onHold' after a kill until the container restarts. */
  phase: 'initialDelay' | 'probing' | 'done' | 'onHold';
  result: 'unknown' | 'success' | 'failure';
  consecutiveSuccesses: number;
  consecutiveFailures: number;
  /** Increments when the worker is re-armed, so a stale tick is ignored. */
  gen: number;
  /** An exec probe in flight. */
  pendingExecId: string | null;
  lastProbeAtMs: number;
  /** The last few results, for the app's probe timeline. */
  history: { atMs: number; ok: boolean; detail: string }[];
}

export interface TerminationRecord {
  exitCode: number;
  reason: string;
  message?: string;
  startedAtMs: number;
  finishedAtMs: number;
  containerId: string;
  signal?: number;
}

export interface ContainerEntry {
  name: string;
  /** When creating it last failed for a configuration reason (CreateContainerConfigError): the next try waits a sync period. */
  createFailedAtMs?: number;
  kind: 'init' | 'sidecar' | 'app';
  machine: ContainerMachineState;
  /** The runtime container of the current attempt, and when it started. */
  containerId: string | null;
  startedAtMs: number;
  restartCount: number;
  /** The crash back-off entry (flowcontrol.Backoff): set after the first restart. */
  lastRestartAtMs: number | null;
  ready: boolean;
  /** The image this container waits for, while a pull is queued or running, and since when. */
  waitingForImage: string | null;
  pullRequestedAtMs: number;
  /** A container of this name ran before (here or before a reboot): the next one is a restart. */
  everCreated: boolean;
  imageRef: string;
  /**
   * The last pull of this container's image failed. While the kubelet pulls again its status
   * keeps saying ImagePullBackOff (the reason cache is only updated when the sync returns).
   */
  imagePullFailed: boolean;
  /** The waiting reason while in CreateContainerError: InvalidImageName, ErrImageNeverPull, CreateContainerConfigError, CreateContainerError. */
  waitingReason: string;
  /** ErrImagePull / CreateContainerError message for the status. */
  waitingMessage: string;
  last: TerminationRecord | null;
  current: TerminationRecord | null;
  probes: Partial<Record<ProbeType, ProbeWorker>>;
  /** A hook (postStart or preStop) exec in flight. */
  hookExecId: string | null;
  /** When the stop started and the grace it has (for preStop and SIGKILL). */
  stopStartedAtMs: number | null;
  stopGraceSeconds: number;
  /** The last transitions with their cause, for the app's statechart view. */
  transitions: { atMs: number; from: string; to: string; event: string; cause: string }[];
}

export interface PodEntry {
  uid: string;
  key: string;
  pod: KubeObject;
  /** From a manifest file rather than the API (then a mirror pod represents it). */
  staticSource: string | null;
  sandboxId: string | null;
  /** When the pod's sync last failed for want of a network or a sandbox (the pod worker backs off WORKER_BACKOFF_MS from then). */
  syncFailedAtMs?: number;
  ip: string;
  startTimeMs: number;
  containers: Record<string, ContainerEntry>;
  /** Order of containers as in the spec: init containers, then app containers. */
  order: string[];
  terminating: { startedAtMs: number; graceSeconds: number; reason: string } | null;
  /** The pod reached a terminal phase (Succeeded/Failed) and runs nothing more. */
  finished: boolean;
  /** Condition transition times (type → { status, time }). */
  conditionTimes: Record<string, { status: string; atMs: number }>;
  /** What the last status update sent (phase, conditions, container statuses, IP), to skip sending the same again; null to send the next one whatever it is. */
  lastStatusSent: unknown[] | null;
  /** The phase last reported, moved only as pod.machine.ts allows (terminal phases stay). */
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  /** One status update in flight per pod (the status manager writes them in order). */
  statusInFlight: boolean;
  statusDirty: boolean;
  /** The pod object was deleted from the API (finish tearing down, then forget). */
  gone: boolean;
  /** A static pod's mirror pod on the API (its uid), and whether a create is in flight. */
  mirrorUid: string | null;
  mirrorPending: boolean;
}

export interface PendingExec {
  podUid: string;
  container: string;
  /** A hook, a probe, or an exec the apiserver proxied to the kubelet's API (kubectl exec). */
  purpose: 'postStart' | 'preStop' | ProbeType | 'api';
  /** For 'api': where the answer goes (the apiserver's proxy connection) and the request id. */
  reply?: { host: string; port: string; id: string };
}
