/**
 * What the object inspector shows for one pod: its live YAML (kubectl's go-yaml printer), its
 * Events in `kubectl describe`'s table (Type Reason Age From Message, oldest first — K
 * staging/src/k8s.io/kubectl/pkg/describe/describe.go DescribeEvents), and, while it is not bound,
 * the scheduler's per-node verdicts from its latest decision with the FailedScheduling message.
 * Read on demand for the one selected object, never per frame for all of them.
 */
import { cacheSource, clusterFacts, eventsFor, latestDecision, verdictRows, type VerdictRow } from '../../simulation/clusterFacts.ts';
import type { World } from '../../simulation/world.ts';
import { toGoYaml } from '../../shell/kubectl/goyaml.ts';
import { describeEventAge, eventFrom, sortEventsByLastTimestamp, type EventLike } from '../../shell/kubectl/events.ts';

export interface EventRow {
  type: string;
  reason: string;
  age: string;
  from: string;
  message: string;
}

export interface PodDetails {
  key: string;
  /** Null when the API (a running apiserver's cache) does not have the pod. */
  yaml: string | null;
  events: EventRow[];
  /** Set while the pod has no node and the scheduler has tried it. */
  scheduling: { message: string | null; atMs: number; rows: VerdictRow[] } | null;
}

export function eventRows(events: readonly EventLike[], nowMs: number): EventRow[] {
  return sortEventsByLastTimestamp(events).map((e) => ({
    type: e.type ?? '',
    reason: e.reason ?? '',
    age: describeEventAge(e, nowMs),
    from: eventFrom(e),
    message: (e.message ?? '').trim(),
  }));
}

export function podDetails(w: World, key: string): PodDetails {
  const [namespace, name] = key.split('/') as [string, string];
  const source = cacheSource(w);
  const pod = source ? w.apiservers[source]!.cache.objects.get(`/registry/pods/${namespace}/${name}`) : undefined;
  if (!pod) return { key, yaml: null, events: [], scheduling: null };
  const objects = clusterFacts(w).objects;
  const uid = (pod.metadata as { uid?: string } | undefined)?.uid ?? '';
  const events = eventRows(eventsFor(objects, uid) as EventLike[], w.kernel.now);
  const bound = !!(pod as { spec?: { nodeName?: string } }).spec?.nodeName;
  const d = bound ? null : latestDecision(w, key);
  return {
    key,
    yaml: toGoYaml(pod),
    events,
    scheduling: d && d.outcome === 'unschedulable' ? { message: d.message ?? null, atMs: d.atMs, rows: verdictRows(d.verdicts) } : null,
  };
}
