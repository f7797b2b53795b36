/**
 * Event helpers shared by `kubectl get events` and the Events section of `kubectl describe`:
 * the OBJECT cell, the LAST SEEN / FIRST SEEN / COUNT columns and SOURCE (K pkg/printers/
 * internalversion/printers.go `printEvent`, `formatEventSource`, v1.32), which events a describe
 * shows (k/kubectl pkg/describe/describe.go `searchEvents`, client-go `GetFieldSelector`), their
 * order (k/kubectl pkg/util/event/sorted_event_list.go) and the Age cell of describe
 * (describe.go `DescribeEvents`). All release-1.32.
 */
import { humanDuration, parseTimestampMs } from '../../api/index.ts';

/** The fields of a core/v1 Event these helpers read (an Event as the apiserver returns it). */
export interface EventLike {
  metadata?: { name?: string; namespace?: string; uid?: string; [k: string]: unknown };
  involvedObject?: { kind?: string; name?: string; namespace?: string; uid?: string; fieldPath?: string; apiVersion?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string } | null;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  reportingInstance?: string;
  [k: string]: unknown;
}

/** Virtual ms of a timestamp, or undefined when it is unset (metav1.Time IsZero) or unreadable. */
export function timestampMs(ts: string | null | undefined): number | undefined {
  return ts ? parseTimestampMs(ts) : undefined;
}

/** printers.go translateTimestampSince / translateMicroTimestampSince: `<unknown>` for a zero time. */
export function timestampAge(ts: string | null | undefined, nowMs: number): string {
  const ms = timestampMs(ts);
  return ms === undefined ? '<unknown>' : humanDuration(nowMs - ms);
}

/** printEvent's OBJECT cell: `pod/web-1`, lower-cased kind; just the kind when there is no name. */
export function eventObjectRef(e: EventLike): string {
  const kind = (e.involvedObject?.kind ?? '').toLowerCase();
  const name = e.involvedObject?.name ?? '';
  return name.length > 0 ? `${kind}/${name}` : kind;
}

/** printEvent's FIRST SEEN: firstTimestamp, or eventTime for events.k8s.io-style events. */
export function eventFirstSeen(e: EventLike, nowMs: number): string {
  return e.firstTimestamp ? timestampAge(e.firstTimestamp, nowMs) : timestampAge(e.eventTime, nowMs);
}

/** printEvent's LAST SEEN: series.lastObservedTime, else lastTimestamp, else FIRST SEEN. */
export function eventLastSeen(e: EventLike, nowMs: number): string {
  if (e.series) return timestampAge(e.series.lastObservedTime, nowMs);
  return e.lastTimestamp ? timestampAge(e.lastTimestamp, nowMs) : eventFirstSeen(e, nowMs);
}

/** printEvent's COUNT: series.count, else count; a singleton event of the new API has count 0 → 1. */
export function eventCount(e: EventLike): number {
  if (e.series) return e.series.count ?? 0;
  return e.count === undefined || e.count === 0 ? 1 : e.count;
}

/** printers.go formatEventSource: `component[, host]`, falling back to reportingComponent/Instance. */
export function eventSource(e: EventLike): string {
  const component = e.source?.component || e.reportingComponent || '';
  const instance = e.source?.host || e.reportingInstance || '';
  return instance.length === 0 ? component : `${component}, ${instance}`;
}

/** describe.go DescribeEvents' From column: source.component, else reportingController. */
export function eventFrom(e: EventLike): string {
  return e.source?.component || e.reportingComponent || '';
}

/**
 * describe.go DescribeEvents' Age column: the first-seen age, or `20s (x3 over 39s)` (age of the
 * last occurrence, count, age of the first) for a repeated event.
 */
export function describeEventAge(e: EventLike, nowMs: number): string {
  const first = e.eventTime ? timestampAge(e.eventTime, nowMs) : timestampAge(e.firstTimestamp, nowMs);
  if (e.series) return `${timestampAge(e.series.lastObservedTime, nowMs)} (x${e.series.count ?? 0} over ${first})`;
  if ((e.count ?? 0) > 1) return `${timestampAge(e.lastTimestamp, nowMs)} (x${e.count} over ${first})`;
  return first;
}

/**
 * sort.Sort(event.SortableEvents(...)): oldest lastTimestamp first (an unset one is the zero time,
 * so it sorts first). Go's sort is not stable; ours is, so equal times keep list order.
 */
export function sortEventsByLastTimestamp<E extends EventLike>(events: readonly E[]): E[] {
  const key = (e: E) => timestampMs(e.lastTimestamp) ?? Number.NEGATIVE_INFINITY;
  return [...events].sort((a, b) => key(a) - key(b));
}

/** The reference describe builds for an object (client-go tools/reference GetReference). */
export interface ObjectRefLike {
  kind?: string;
  metadata?: { name?: string; namespace?: string; uid?: string; [k: string]: unknown };
}

/**
 * The events `kubectl describe` lists for an object: describe.go searchEvents asks for
 * involvedObject.name, .namespace, .kind and .uid equal to the object's. PodDescriber clears the
 * kind (events about a pod may name it without one) and NodeDescriber asks twice, once with the
 * node's uid and once with its name as uid, because the kubelet records node events with
 * `uid: <nodeName>`.
 */
export function eventsFor<E extends EventLike>(obj: ObjectRefLike, events: readonly E[]): E[] {
  const kind = obj.kind ?? '';
  const name = obj.metadata?.name ?? '';
  const namespace = obj.metadata?.namespace ?? '';
  const uid = obj.metadata?.uid ?? '';
  const uids = kind === 'Node' ? [uid, name] : [uid];
  return events.filter((e) => {
    const io = e.involvedObject ?? {};
    if ((io.name ?? '') !== name || (io.namespace ?? '') !== namespace) return false;
    if (kind !== 'Pod' && kind !== '' && (io.kind ?? '') !== kind) return false;
    return uid === '' || uids.includes(io.uid ?? '');
  });
}
