/**
 * The event recorder (client-go tools/record) with its EventCorrelator (events_cache.go), which
 * every Event passes through before it is sent:
 *
 *  1. aggregate: once 10 Events for the same object and reason that differ only in their message
 *     were seen within 10 minutes, the next ones become one Event whose message is
 *     `(combined from similar events): <the latest message>` (a ReplicaSet of 100 replicas shows
 *     9 `Created pod: …` Events and one combined one);
 *  2. count: the same Event again (same object, reason and message) bumps `count` and
 *     `lastTimestamp` on the Event already created (describe's `(x3 over 39s)`);
 *  3. filter spam: a source may send 25 Events about one object at once, then one per 5 minutes
 *     (a token bucket per source and object); the rest are dropped, though step 2 still counts
 *     them, so the next one that gets through carries the whole count.
 *
 * Like the broadcaster's one goroutine (StartRecordingToSink → recordToSink), a recorder sends its
 * Events one at a time: the next is correlated and sent when the last request has answered, and a
 * patch of an Event that is gone (404) creates it again. A request that gets no answer (the
 * apiserver cannot be reached) is tried again, 12 tries in all, 10 s apart, the first sleep a
 * random part of that ("so that various clients won't all be synced up if the master goes
 * down"); one the apiserver rejects is not ("Server rejected event (will not retry!)").
 */
import type { EffectSink } from '../effects.ts';
import { SIM_EPOCH_UNIX_MS } from '../../kernel/index.ts';
import { request, wakeAfter, type ClientNotification, type KubeClient } from './client.ts';
import { fnv1a32 } from '../../kernel/prng.ts';
import type { ApiRequest, ApiResponse, KubeObject } from '../apiserver/messages.ts';

/** events_cache.go defaultAggregateIntervalInSeconds: the window of the aggregator. */
const AGGREGATE_INTERVAL_MS = 600 * 1000;
/** defaultAggregateMaxEvents: distinct messages before similar events are combined. */
const AGGREGATE_MAX_EVENTS = 10;
/** defaultSpamBurst and defaultSpamQPS (1/300): 25 Events about an object, then 1 per 5 minutes. */
const SPAM_BURST = 25;
const SPAM_REFILL_MS = 300 * 1000;
/** event.go maxTriesPerEvent and the broadcaster's sleepDuration between tries. */
const MAX_TRIES_PER_EVENT = 12;
const RETRY_SLEEP_MS = 10_000;
/**
 * How long a try waits for an answer: client-go's transport dials with net.Dialer{Timeout: 30s},
 * and the event sink's requests set no timeout of their own, so a request into a black hole (the
 * control-plane address not yet held, a partition) fails after the dial timeout.
 */
const DIAL_TIMEOUT_MS = 30_000;
/** maxLruCacheEntries: each of the correlator's caches keeps this many keys, least recently used dropped. */
const LRU_ENTRIES = 4096;
/** EventAggregatorByReasonMessageFunc's prefix. */
export const COMBINED_PREFIX = '(combined from similar events): ';

/** eventLog: an Event already sent, to be patched when it happens again. */
interface EventLog {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
}

/** aggregateRecord: the distinct messages seen for one object and reason, and when the last came. */
interface AggregateRecord {
  messages: string[];
  lastAtMs: number;
}

/** A token bucket (golang.org/x/time/rate via flowcontrol.NewTokenBucketRateLimiter), as of atMs. */
interface SpamRecord {
  tokens: number;
  atMs: number;
}

/** An Event as recorded (makeEvent), waiting for the sink. */
interface RecordedEvent {
  object: KubeObject;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** Its timestamp, taken when it was recorded. */
  at: string;
}

export interface EventRecorder {
  component: string;
  /** The rate limiter of the client that its Events wait on (createRecorder). */
  clientset?: string;
  host: string;
  /** The broadcaster's queue, oldest first. */
  pending: RecordedEvent[];
  /**
   * The request being answered (or slept on before another try), how many tries it has had, and
   * the Event to create if it is a patch of one that is gone.
   */
  inFlight: { req: ApiRequest; tries: number; sleeping: boolean; recreate: KubeObject | null } | null;
  /** The eventLogger's cache: correlation key → the Event created for it. */
  seen: Lru<EventLog>;
  /** The aggregator's cache: object and reason → the messages seen. */
  aggregates: Lru<AggregateRecord>;
  /** The spam filter's cache: source and object → its token bucket. */
  spam: Lru<SpamRecord>;
}

/** `clientset`: the client's rate limiter the Events wait on (the clientset the broadcaster's sink was made from), if any. */
export function createRecorder(component: string, host: string, clientset?: string): EventRecorder {
  return { component, host, ...(clientset !== undefined ? { clientset } : {}), pending: [], inFlight: null, seen: lru(), aggregates: lru(), spam: lru() };
}

/**
 * One of the correlator's caches (lru.Cache): a Map keeps insertion order, oldest first. lru.Cache
 * Get makes a hit the most recently used, but every lookup here is followed by an lruAdd of the
 * same key, which does that: lookups are a plain `get`.
 */
type Lru<T> = Map<string, T>;

function lru<T>(): Lru<T> {
  return new Map();
}

/** lru.Cache Add: insert as most recently used, dropping the least recently used past the limit. */
function lruAdd<T>(cache: Lru<T>, key: string, value: T): void {
  cache.delete(key);
  cache.set(key, value);
  if (cache.size > LRU_ENTRIES) cache.delete(cache.keys().next().value!);
}

/**
 * EventAggregator.EventAggregate: the message to send and the key the logger counts it under.
 * `objectKey` is the source and involved object; the aggregate key adds type and reason.
 */
export function aggregate(r: EventRecorder, objectKey: string, type: string, reason: string, message: string, nowMs: number): { message: string; key: string; combined: boolean } {
  const aggregateKey = `${objectKey}|${type}|${reason}`;
  const eventKey = `${aggregateKey}|${message}`;
  let record = r.aggregates.get(aggregateKey);
  if (!record || nowMs - record.lastAtMs > AGGREGATE_INTERVAL_MS) record = { messages: [], lastAtMs: nowMs };
  if (!record.messages.includes(message)) record.messages.push(message);
  record.lastAtMs = nowMs;
  lruAdd(r.aggregates, aggregateKey, record);
  if (record.messages.length < AGGREGATE_MAX_EVENTS) return { message, key: eventKey, combined: false };
  // "do not grow our local key set any larger than max": sets.String.PopAny drops one; which one
  // Go's map iteration picks is unspecified, so the oldest is dropped here.
  record.messages.shift();
  return { message: COMBINED_PREFIX + message, key: aggregateKey, combined: true };
}

/** EventSourceObjectSpamFilter.Filter: true when the source has no token left for this object. */
export function spamFiltered(r: EventRecorder, objectKey: string, nowMs: number): boolean {
  const prior = r.spam.get(objectKey);
  const bucket: SpamRecord = prior ? { tokens: Math.min(SPAM_BURST, prior.tokens + (nowMs - prior.atMs) / SPAM_REFILL_MS), atMs: nowMs } : { tokens: SPAM_BURST, atMs: nowMs };
  const filtered = bucket.tokens < 1;
  if (!filtered) bucket.tokens -= 1;
  lruAdd(r.spam, objectKey, bucket);
  return filtered;
}

/** The tag of a recorder's requests and wake-ups (see onRecorderNotification). */
function eventTag(r: EventRecorder): string {
  return `event/${r.component}`;
}

/** The component a notification's tag names, when it is about a recorder's requests (a component with several recorders looks it up). */
export function recorderComponentOf(n: ClientNotification): string | undefined {
  return (n.kind === 'response' || n.kind === 'wake') && n.tag.startsWith('event/') ? n.tag.slice('event/'.length) : undefined;
}

/**
 * Hands the recorder what its client reports about its own requests: their answers and the end
 * of a retry's sleep. False when the notification is not the recorder's.
 */
export function onRecorderNotification(c: KubeClient, r: EventRecorder, n: ClientNotification, sink: EffectSink): boolean {
  if ((n.kind !== 'response' && n.kind !== 'wake') || n.tag !== eventTag(r)) return false;
  if (n.kind === 'wake') onEventWake(c, r, sink);
  else onEventResponse(c, r, n.resp, sink);
  return true;
}

/** Recorder.Event: queue the Event for the sink (it is sent at once when nothing is in flight). */
export function recordEvent(c: KubeClient, r: EventRecorder, object: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, sink: EffectSink, timestamp: (ms: number) => string): void {
  r.pending.push({ object, type, reason, message, at: timestamp(sink.now) });
  sendNext(c, r, sink);
}

/** The answer to the request in flight: a patch of an Event that is gone creates it; no answer is tried again; then the next. */
export function onEventResponse(c: KubeClient, r: EventRecorder, resp: ApiResponse | null, sink: EffectSink): void {
  const f = r.inFlight;
  if (!f || f.sleeping) return;
  if (f.recreate && resp && !resp.ok && resp.status.reason === 'NotFound') return send(c, r, { verb: 'create', resource: 'events', namespace: f.recreate.metadata!.namespace!, body: f.recreate }, null, sink);
  if (resp === null && f.tries < MAX_TRIES_PER_EVENT) {
    f.sleeping = true;
    // The first sleep is rand.Float64() of sleepDuration: a fraction drawn from this client's own state.
    const delayMs = f.tries === 1 ? fnv1a32(`${c.host}/${r.component}/${c.nextId}`) % RETRY_SLEEP_MS : RETRY_SLEEP_MS;
    wakeAfter(c, eventTag(r), delayMs, sink);
    return;
  }
  r.inFlight = null;
  sendNext(c, r, sink);
}

/** The sleep before another try is over: send the same request again. */
export function onEventWake(c: KubeClient, r: EventRecorder, sink: EffectSink): void {
  const f = r.inFlight;
  if (!f || !f.sleeping) return;
  f.sleeping = false;
  f.tries++;
  request(c, f.req, eventTag(r), sink, DIAL_TIMEOUT_MS, r.clientset);
}

function send(c: KubeClient, r: EventRecorder, req: ApiRequest, recreate: KubeObject | null, sink: EffectSink): void {
  r.inFlight = { req, tries: 1, sleeping: false, recreate };
  request(c, req, eventTag(r), sink, DIAL_TIMEOUT_MS, r.clientset);
}

function sendNext(c: KubeClient, r: EventRecorder, sink: EffectSink): void {
  while (r.inFlight === null) {
    const next = r.pending.shift();
    if (!next) return;
    correlateAndSend(c, r, next, sink);
  }
}

/** recordToSink: EventCorrelate, then Create or Patch (or nothing, when the spam filter skips it). */
function correlateAndSend(c: KubeClient, r: EventRecorder, e: RecordedEvent, sink: EffectSink): void {
  const meta = e.object.metadata ?? {};
  const namespace = meta.namespace ?? 'default';
  const objectKey = `${e.object.kind}|${meta.namespace ?? ''}|${meta.name}|${meta.uid ?? ''}`;
  const aggregated = aggregate(r, objectKey, e.type, e.reason, e.message, sink.now);
  // eventLogger.eventObserve: counted before the spam filter looks at it.
  const prior = r.seen.get(aggregated.key);
  const log: EventLog = prior
    ? { ...prior, count: prior.count + 1 }
    : // client-go names an Event `<object>.<UnixNano in hex>` (events.go makeEvent).
      { name: `${meta.name}.${(BigInt(SIM_EPOCH_UNIX_MS + sink.now) * 1_000_000n + BigInt(c.nextId % 1_000_000)).toString(16)}`, namespace, count: 1, firstTimestamp: e.at };
  lruAdd(r.seen, aggregated.key, log);
  if (spamFiltered(r, objectKey, sink.now)) return;
  const event: KubeObject = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: log.name, namespace },
    involvedObject: { apiVersion: e.object.apiVersion, kind: e.object.kind, name: meta.name, namespace: meta.namespace, uid: meta.uid, resourceVersion: meta.resourceVersion },
    reason: e.reason,
    message: aggregated.message,
    source: { component: r.component, ...(r.component === 'kubelet' ? { host: r.host } : {}) },
    firstTimestamp: log.firstTimestamp,
    lastTimestamp: e.at,
    count: log.count,
    type: e.type,
    // The aggregate Event is built anew (EventAggregate's eventCopy) without the reporting fields.
    ...(aggregated.combined
      ? {}
      : {
          reportingComponent: r.component,
          // client-go's legacy recorder reports source.host as the instance: the node for the kubelet,
          // empty for the controller-manager's controllers (they set no host).
          reportingInstance: r.component === 'kubelet' || r.host === '' ? r.host : `${r.component}-${r.host}`,
        }),
  };
  if (prior) {
    // CreateTwoWayMergePatch against the event with count, lastTimestamp and message blanked.
    return send(c, r, { verb: 'patch', resource: 'events', namespace: log.namespace, name: log.name, patchType: 'merge', patch: { count: log.count, lastTimestamp: e.at, message: aggregated.message } }, event, sink);
  }
  send(c, r, { verb: 'create', resource: 'events', namespace, body: event }, null, sink);
}
