/**
 * Effects as data. A component's handler never sends, schedules or logs by itself: it returns
 * (appends) these, and the simulation layer carries them out in order. That keeps every handler a
 * plain function of (state, input) and makes the whole run replayable.
 */
import { rfc3339Micro, type KernelEffect, type TraceRecord } from '../kernel/index.ts';

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
   * A line a modelled component wrote to its stderr, in its binary's own format (klogLine,
   * zapServerLine). It lands in the log of the container the component runs in.
   */
  | { type: 'log'; host: string; process: string; line: string };

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

export function emitLog(sink: EffectSink, host: string, process: string, line: string): void {
  sink.effects.push({ type: 'log', host, process, line });
}

/** A klog line (level, the source `file.go:line` the real binary logs, the message), written now. */
export function emitKlog(sink: EffectSink, host: string, process: string, level: 'I' | 'W' | 'E', at: string, text: string): void {
  emitLog(sink, host, process, klogLine(level, sink.now, at, text));
}

/**
 * klog's header and message (the Kubernetes components, flanneld): level, MMDD hh:mm:ss.uuuuuu,
 * the thread id right-aligned in 7 (the process is pid 1 in its container), the source file:line.
 */
export function klogLine(level: 'I' | 'W' | 'E', atMs: number, at: string, text: string): string {
  const t = rfc3339Micro(atMs); // 2026-11-22T00:00:12.345000Z
  return `${level}${t.slice(5, 7)}${t.slice(8, 10)} ${t.slice(11, 26)}       1 ${at}] ${text}`;
}

/**
 * etcd 3.5's zap JSON line (client/pkg/logutil/zap.go DefaultZapLoggerConfig): level, the time as
 * "2006-01-02T15:04:05.000000Z0700" ("to match format and precision of historic capnslog
 * timestamps"), the logger's name, the short caller, the message.
 */
export function zapServerLine(level: 'info' | 'warn', atMs: number, logger: string, caller: string, msg: string): string {
  return JSON.stringify({ level, ts: rfc3339Micro(atMs), logger, caller, msg });
}
