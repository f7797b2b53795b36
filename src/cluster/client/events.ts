/**
 * The event recorder (client-go tools/record): Events about an object, named
 * `<object>.<hex nanoseconds>`, with the correlator's aggregation — the same reason and message
 * for the same object within 10 minutes bumps `count` and `lastTimestamp` on the existing Event
 * instead of creating another (that is where describe's `(x3 over 39s)` comes from).
 */
import type { EffectSink } from '../effects.ts';
import { SIM_EPOCH_UNIX_MS } from '../../kernel/index.ts';
import type { KubeObject } from '../apiserver/messages.ts';
import { request, type KubeClient } from './client.ts';

/** events_cache.go: similar events are aggregated within this window. */
const CORRELATION_WINDOW_MS = 10 * 60_000;

export interface EventRecorder {
  component: string;
  host: string;
  /** correlation key → the Event we created and how many times it happened. */
  seen: Record<string, { name: string; namespace: string; count: number; firstTimestamp: string; atMs: number }>;
}

export function createRecorder(component: string, host: string): EventRecorder {
  return { component, host, seen: {} };
}

export function recordEvent(c: KubeClient, r: EventRecorder, object: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, sink: EffectSink, timestamp: (ms: number) => string): void {
  const meta = object.metadata ?? {};
  const namespace = meta.namespace ?? 'default';
  const key = `${meta.uid ?? meta.name}|${type}|${reason}|${message}`;
  const now = timestamp(sink.now);
  const prior = r.seen[key];
  if (prior && sink.now - prior.atMs < CORRELATION_WINDOW_MS) {
    prior.count++;
    prior.atMs = sink.now;
    request(c, { verb: 'patch', resource: 'events', namespace: prior.namespace, name: prior.name, patchType: 'merge', patch: { count: prior.count, lastTimestamp: now } }, 'event', sink);
    return;
  }
  // client-go names an Event `<object>.<UnixNano in hex>` (events.go makeEvent).
  const name = `${meta.name}.${(BigInt(SIM_EPOCH_UNIX_MS + sink.now) * 1_000_000n + BigInt(c.nextId % 1_000_000)).toString(16)}`;
  r.seen[key] = { name, namespace, count: 1, firstTimestamp: now, atMs: sink.now };
  const event: KubeObject = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace },
    involvedObject: { apiVersion: object.apiVersion, kind: object.kind, name: meta.name, namespace: meta.namespace, uid: meta.uid, resourceVersion: meta.resourceVersion },
    reason,
    message,
    source: { component: r.component, ...(r.component === 'kubelet' ? { host: r.host } : {}) },
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
    type,
    reportingComponent: r.component,
    // client-go's legacy recorder reports source.host as the instance: the node for the kubelet,
    // empty for the controller-manager's controllers (they set no host).
    reportingInstance: r.component === 'kubelet' || r.host === '' ? r.host : `${r.component}-${r.host}`,
  };
  request(c, { verb: 'create', resource: 'events', namespace, body: event }, 'event', sink);
}
