/**
 * What the object inspector shows for one pod: its live YAML (kubectl's go-yaml printer), its
 * Events in `kubectl describe`'s table (Type Reason Age From Message, oldest first — K
 * staging/src/k8s.io/kubectl/pkg/describe/describe.go DescribeEvents), and, while it is not bound,
 * the scheduler's per-node verdicts from its latest decision with the FailedScheduling message.
 * Read on demand for the one selected object, never per frame for all of them.
 */
import { apiObjects, cachedEvents, latestDecision, verdictRows, type VerdictRow } from '../../simulation/clusterFacts.ts';
import type { KubeObject } from '../../cluster/apiserver/messages.ts';
import type { World } from '../../simulation/world.ts';
import { podRuntimeFacts, type PodRuntimeFacts } from '../../simulation/podFacts.ts';
import { etcdKey, etcdPrefix } from '../../api/index.ts';
import { toGoYaml } from '../../shell/kubectl/goyaml.ts';
import { describeEventAge, eventFrom, eventsFor, sortEventsByLastTimestamp, type EventLike, type ObjectRefLike } from '../../shell/kubectl/events.ts';

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
  /** For a pod: what its node's kubelet knows (container statecharts, probes, static source). */
  runtime?: PodRuntimeFacts | null;
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

/** An object of the API's view by resource and `namespace/name` (or `name` when cluster-scoped). */
function lookup(objects: ReadonlyMap<string, KubeObject>, resource: string, key: string): KubeObject | undefined {
  const [first, second] = key.split('/') as [string, string | undefined];
  return objects.get(second === undefined ? etcdKey(resource, undefined, first) : etcdKey(resource, first, second));
}

/** YAML and Events of one object, as `kubectl get -o yaml` and `kubectl describe` would show them. */
function details(w: World, objects: ReadonlyMap<string, KubeObject>, obj: KubeObject | undefined, key: string, title: string): PodDetails {
  if (!obj) return { key, title, yaml: null, events: [], scheduling: null };
  const events = eventsFor(obj as ObjectRefLike, cachedEvents(objects) as EventLike[]);
  return { key, title, yaml: toGoYaml(obj), events: eventRows(events, w.kernel.now), scheduling: null };
}

export function podDetails(w: World, key: string): PodDetails {
  const objects = apiObjects(w);
  const pod = lookup(objects, 'pods', key);
  const d = details(w, objects, pod, key, `pod ${key}`);
  const bound = !!(pod as { spec?: { nodeName?: string } } | undefined)?.spec?.nodeName;
  const decision = pod && !bound ? latestDecision(w, key) : null;
  return { ...d, scheduling: decision && decision.outcome === 'unschedulable' ? { message: decision.message ?? null, atMs: decision.atMs, rows: verdictRows(decision.verdicts) } : null, runtime: podRuntimeFacts(w, key) };
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
  const prefix = etcdPrefix(resource);
  const out: string[] = [];
  for (const key of apiObjects(w).keys()) if (key.startsWith(prefix)) out.push(key.slice(prefix.length));
  return out.sort();
}

/** Details for any selection: a pod's (with scheduler verdicts), or another object's YAML and Events. */
export function selectionDetails(w: World, selection: string): PodDetails {
  const colon = selection.indexOf(':');
  if (colon < 0) return podDetails(w, selection);
  const resource = selection.slice(0, colon);
  const key = selection.slice(colon + 1);
  const objects = apiObjects(w);
  const obj = lookup(objects, resource, key);
  const kind = obj?.kind?.toLowerCase() ?? resource;
  const group = obj?.apiVersion?.includes('/') ? `.${obj.apiVersion.split('/')[0]}` : '';
  return details(w, objects, obj, key, `${kind}${group} ${key}`);
}
