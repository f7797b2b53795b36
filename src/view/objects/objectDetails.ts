/**
 * What the object inspector shows for one pod: its live YAML (kubectl's go-yaml printer), its
 * Events in `kubectl describe`'s table (Type Reason Age From Message, oldest first — K
 * staging/src/k8s.io/kubectl/pkg/describe/describe.go DescribeEvents), and, while it is not bound,
 * the scheduler's per-node verdicts from its latest decision with the FailedScheduling message.
 * Read on demand for the one selected object, never per frame for all of them.
 */
import { cacheSource, clusterFacts, eventsFor, latestDecision, verdictRows, type VerdictRow } from '../../simulation/clusterFacts.ts';
import type { World } from '../../simulation/world.ts';
import { etcdKey, etcdPrefix } from '../../api/index.ts';
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
  /** What the inspector's heading names: `pod default/web-x`, `deployment.apps default/web`. */
  title: string;
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
  if (!pod) return { key, title: `pod ${key}`, yaml: null, events: [], scheduling: null };
  const objects = clusterFacts(w).objects;
  const uid = (pod.metadata as { uid?: string } | undefined)?.uid ?? '';
  const events = eventRows(eventsFor(objects, uid) as EventLike[], w.kernel.now);
  const bound = !!(pod as { spec?: { nodeName?: string } }).spec?.nodeName;
  const d = bound ? null : latestDecision(w, key);
  return {
    key,
    title: `pod ${key}`,
    yaml: toGoYaml(pod),
    events,
    scheduling: d && d.outcome === 'unschedulable' ? { message: d.message ?? null, atMs: d.atMs, rows: verdictRows(d.verdicts) } : null,
  };
}

/** The kinds the object browser lists (pods are on their nodes already). */
export const BROWSABLE_RESOURCES = ['deployments', 'replicasets', 'jobs', 'services', 'endpointslices', 'nodes', 'namespaces', 'configmaps', 'leases'] as const;

/**
 * The selection: a pod as `namespace/name`, anything else as `resource:namespace/name` (or
 * `resource:name` when cluster-scoped).
 */
export function selectionOf(resource: string, key: string): string {
  return resource === 'pods' ? key : `${resource}:${key}`;
}

/** The objects of one kind in the API's view, as `namespace/name` (or `name`), sorted. */
export function objectKeys(w: World, resource: string): string[] {
  const source = cacheSource(w);
  if (!source) return [];
  const prefix = etcdPrefix(resource);
  const out: string[] = [];
  for (const key of w.apiservers[source]!.cache.objects.keys()) if (key.startsWith(prefix)) out.push(key.slice(prefix.length));
  return out.sort();
}

/** Details for any selection: a pod's (with scheduler verdicts), or another object's YAML and Events. */
export function selectionDetails(w: World, selection: string): PodDetails {
  const colon = selection.indexOf(':');
  if (colon < 0) return podDetails(w, selection);
  const resource = selection.slice(0, colon);
  const key = selection.slice(colon + 1);
  const source = cacheSource(w);
  const [first, second] = key.split('/') as [string, string | undefined];
  const obj = source ? w.apiservers[source]!.cache.objects.get(second === undefined ? etcdKey(resource, undefined, first) : etcdKey(resource, first, second)) : undefined;
  const kind = obj?.kind?.toLowerCase() ?? resource;
  const group = obj?.apiVersion?.includes('/') ? `.${obj.apiVersion.split('/')[0]}` : '';
  const title = `${kind}${group} ${key}`;
  if (!obj) return { key, title, yaml: null, events: [], scheduling: null };
  const uid = (obj.metadata as { uid?: string } | undefined)?.uid ?? '';
  // Node events carry the node's name as their uid (the kubelet's node reference does).
  const events = [...eventsFor(clusterFacts(w).objects, uid), ...(obj.kind === 'Node' ? eventsFor(clusterFacts(w).objects, key) : [])];
  return { key, title, yaml: toGoYaml(obj), events: eventRows(events as EventLike[], w.kernel.now), scheduling: null };
}
