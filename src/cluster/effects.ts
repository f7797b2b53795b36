/**
 * Effects as data. A component's handler never sends, schedules or logs by itself: it returns
 * (appends) these, and the simulation layer carries them out in order. That keeps every handler a
 * plain function of (state, input) and makes the whole run replayable.
 */
import type { KernelEffect, TraceRecord } from '../kernel/index.ts';

/** A socket address: a host (name or IP) and a port ('2379', '2380', or a client's ephemeral 'c42'). */
export interface Address {
  host: string;
  port: string;
}

export type ClusterEffect =
  | KernelEffect
  | { type: 'net.send'; from: Address; to: Address; kind: string; body: unknown; summary: string }
  /** A process asks to be stopped (etcd exits after it was removed from the cluster). */
  | { type: 'process.exit'; host: string; process: string; reason: string }
  /**
   * containerd started or lost a container whose binary is one of the components the
   * simulation models (etcd, kube-apiserver, kube-controller-manager, kube-scheduler): the
   * simulation layer runs (or stops) that component's model on the host.
   */
  | { type: 'container.process'; host: string; process: string; action: 'start' | 'stop'; containerId: string; argv: string[]; mounts: { mountPath: string; hostPath?: string }[] }
  /**
   * A klog line a modelled component wrote to its stderr: level, the source `file.go:line` the
   * real binary logs, and the message. It lands in the log of the container the component runs in.
   */
  | { type: 'klog'; host: string; process: string; level: 'I' | 'W' | 'E'; at: string; text: string };

/** Collects effects during one handler call. */
export interface EffectSink {
  now: number;
  effects: ClusterEffect[];
}

export function newSink(now: number): EffectSink {
  return { now, effects: [] };
}

export function emitTrace(sink: EffectSink, record: Omit<TraceRecord, 'id' | 't'>): void {
  sink.effects.push({ type: 'trace', record });
}

export function emitKlog(sink: EffectSink, host: string, process: string, level: 'I' | 'W' | 'E', at: string, text: string): void {
  sink.effects.push({ type: 'klog', host, process, level, at, text });
}
