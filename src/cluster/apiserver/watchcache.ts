/**
 * The apiserver's watch cache (k8s.io/apiserver pkg/storage/cacher): one etcd watch on
 * `/registry/` keeps an in-memory copy of every object and, per resource (the real apiserver has a
 * cacher per resource, each with its own event buffer), a window of recent events. Client
 * watches and `resourceVersion=0` reads are served from here, never from etcd, which is why
 * informers keep working (stale) while etcd has no quorum, and why a watch that resumes from a
 * resourceVersion older than the window gets `410 Gone: too old resource version`.
 *
 * Plain data: Maps and records only, so a world checkpoint copies it.
 */
import { memoized } from '../../kernel/index.ts';
import { API_RESOURCES, etcdPrefix, type ApiResourceInfo } from '../../api/index.ts';
import { matchesSelector, type Selector } from '../../api/selectors.ts';
import type { Address } from '../effects.ts';
import type { KubeObject, WatchEvent } from './messages.ts';

/**
 * cacher.go eventFreshDuration: the window grows to hold at least 75 s of events; below that it
 * keeps at least 100 per cache (defaultLowerBoundCapacity) and at most 100 × 1024.
 */
export const EVENT_FRESH_DURATION_MS = 75_000;
const MIN_EVENTS = 100;
const MAX_EVENTS = 100 * 1024;

export interface CachedEvent {
  revision: number;
  atMs: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  key: string;
  resource: string;
  object: KubeObject;
  prevObject?: KubeObject;
}

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

export interface CacheWatcher {
  client: Address;
  watchId: string;
  resource: string;
  namespace?: string;
  /** Parsed once when the watch opens, not per event. */
  labels: Selector | null;
  fields: FieldRequirement[];
  expiresAtMs: number;
  /** Frames sent on this stream so far (the next frame's `seq`). */
  framesSent: number;
}

export interface WatchCache {
  ready: boolean;
  /** The last etcd revision applied. */
  revision: number;
  /** The list revision the cache started from: a resource with no events dropped since then has every event after it. */
  oldestRevision: number;
  objects: Map<string, KubeObject>;
  /**
   * Recent events by resource. Each resource's window is trimmed on its own, so the leases that
   * every component renews every few seconds never push a quiet resource's events (Services,
   * say) out of its window: a watch on it that resumes after its timeout still finds them.
   */
  windows: Record<string, EventWindow>;
  /** Client watches by id, in the order they were opened. Change through addWatcher/removeWatcher/clearWatchers. */
  watchers: Map<string, CacheWatcher>;
  /**
   * The same watches by resource, as the real apiserver keeps one Cacher per resource, and pod
   * watches that select `spec.nodeName=X` (every kubelet's) under X: the pods Cacher's trigger
   * index (pkg/registry/core/pod/storage NodeNameTriggerFunc, cacher.go `valueWatchers`), so an
   * event is offered to the watches that can want it, not to all of them.
   */
  dispatch: Map<string, WatcherIndex>;
}

export interface WatcherIndex {
  /** Watches of the resource without a trigger value, in the order they opened (ids ascend). */
  all: WatcherList;
  /** Pod watches by the node name their field selector requires. */
  byNodeName: Map<string, WatcherList>;
}

/**
 * Watches with their ids, ascending. Parallel arrays rather than a Map: every event walks them,
 * and walking a Map's entries built an array per entry; watches open and close rarely.
 */
export interface WatcherList {
  ids: number[];
  watchers: CacheWatcher[];
}

function emptyList(): WatcherList {
  return { ids: [], watchers: [] };
}

/** Adds a watch in id order (a new watch's id is the highest, so this appends). */
function listAdd(l: WatcherList, id: number, w: CacheWatcher): void {
  let i = l.ids.length;
  while (i > 0 && l.ids[i - 1]! > id) i--;
  l.ids.splice(i, 0, id);
  l.watchers.splice(i, 0, w);
}

function listRemove(l: WatcherList, id: number): void {
  const i = l.ids.indexOf(id);
  if (i < 0) return;
  l.ids.splice(i, 1);
  l.watchers.splice(i, 1);
}

export interface EventWindow {
  /** Events are complete from this revision on (exclusive). */
  oldestRevision: number;
  /** The window is events[start..]: the ones before start were trimmed and wait to be cut off in one go. */
  events: CachedEvent[];
  start: number;
}

export function createWatchCache(): WatchCache {
  return { ready: false, revision: 0, oldestRevision: 0, objects: new Map(), windows: {}, watchers: new Map(), dispatch: new Map() };
}

/** The node a pod watch's field selector pins it to (`spec.nodeName=X`), its trigger value. */
function triggerNodeName(w: CacheWatcher): string | undefined {
  if (w.resource !== 'pods') return undefined;
  for (const f of w.fields) if (f.field === 'spec.nodeName' && f.op === '=') return f.value;
  return undefined;
}

export function addWatcher(c: WatchCache, id: string, w: CacheWatcher): void {
  c.watchers.set(id, w);
  let index = c.dispatch.get(w.resource);
  if (index === undefined) c.dispatch.set(w.resource, (index = { all: emptyList(), byNodeName: new Map() }));
  const node = triggerNodeName(w);
  if (node === undefined) listAdd(index.all, Number(id), w);
  else {
    let onNode = index.byNodeName.get(node);
    if (onNode === undefined) index.byNodeName.set(node, (onNode = emptyList()));
    listAdd(onNode, Number(id), w);
  }
}

export function removeWatcher(c: WatchCache, id: string): CacheWatcher | undefined {
  const w = c.watchers.get(id);
  if (w === undefined) return undefined;
  c.watchers.delete(id);
  const index = c.dispatch.get(w.resource);
  if (index === undefined) return w;
  const node = triggerNodeName(w);
  if (node === undefined) listRemove(index.all, Number(id));
  else {
    const onNode = index.byNodeName.get(node);
    if (onNode !== undefined) {
      listRemove(onNode, Number(id));
      if (onNode.ids.length === 0) index.byNodeName.delete(node);
    }
  }
  return w;
}

export function clearWatchers(c: WatchCache): void {
  c.watchers = new Map();
  c.dispatch = new Map();
}

function podNodeName(o: KubeObject | undefined): string | undefined {
  const node = (o?.['spec'] as { nodeName?: unknown } | undefined)?.nodeName;
  return typeof node === 'string' && node !== '' ? node : undefined;
}

/**
 * Visits the watches that may want `ev` (a superset of those eventFor gives an event to), in the
 * order they were opened — the order `watchers` would offer it in, so frames leave as they always
 * did. The few watches the trigger index adds are merged into the resource's others by id.
 */
export function forEachWatcherFor(c: WatchCache, ev: CachedEvent, visit: (w: CacheWatcher) => void): void {
  const index = c.dispatch.get(ev.resource);
  if (index === undefined) return;
  let a: WatcherList | undefined;
  let b: WatcherList | undefined;
  if (index.byNodeName.size > 0) {
    const now = podNodeName(ev.object);
    const before = podNodeName(ev.prevObject);
    a = now === undefined ? undefined : index.byNodeName.get(now);
    b = before === undefined || before === now ? undefined : index.byNodeName.get(before);
  }
  const all = index.all;
  if (a === undefined && b === undefined) {
    for (let i = 0; i < all.watchers.length; i++) visit(all.watchers[i]!);
    return;
  }
  // Three id-ordered lists merged by id (a watch is in one of them only).
  const x = a ?? EMPTY_LIST;
  const y = b ?? EMPTY_LIST;
  let i = 0;
  let j = 0;
  let k = 0;
  for (;;) {
    const ia = i < all.ids.length ? all.ids[i]! : Infinity;
    const ix = j < x.ids.length ? x.ids[j]! : Infinity;
    const iy = k < y.ids.length ? y.ids[k]! : Infinity;
    if (ia === Infinity && ix === Infinity && iy === Infinity) return;
    if (ia < ix && ia < iy) visit(all.watchers[i++]!);
    else if (ix < iy) visit(x.watchers[j++]!);
    else visit(y.watchers[k++]!);
  }
}

const EMPTY_LIST: WatcherList = { ids: [], watchers: [] };

/** Each resource with its etcd key prefix, in API_RESOURCES order. */
let resourcePrefixes: { info: ApiResourceInfo; prefix: string }[] | undefined;

type KeyResource = { readonly info: ApiResourceInfo; readonly namespace?: string };

/**
 * resourceOfKey's answers by the key's directory (all but its last segment). The answer depends on
 * the directory alone: every prefix ends in '/', and an object's name holds none, so a prefix
 * starts the key exactly when it starts `dir/`, and the segments after it are the same; any name
 * stands in for the key's own. Every etcd event goes through resourceOfKey, and scanning the ~40
 * prefixes was a tenth of the apiserver's work on one. Bounded (the kernel's memoized).
 */
const resourceOfDir = memoized((dir: string): KeyResource | null => scanResourceOfKey(`${dir}/_`) ?? null, 4096);

/** The resource an etcd key belongs to, and the object's namespace (shared answers: read only). */
export function resourceOfKey(key: string): KeyResource | undefined {
  const slash = key.lastIndexOf('/');
  if (slash < 0) return undefined; // every prefix starts with /registry/
  return resourceOfDir(key.slice(0, slash)) ?? undefined;
}

/** resourceOfKey without the memo: the first resource whose prefix and segment count fit (exported for tests). */
export function scanResourceOfKey(key: string): KeyResource | undefined {
  resourcePrefixes ??= API_RESOURCES.map((info) => ({ info, prefix: etcdPrefix(info.resource) }));
  for (const { info, prefix } of resourcePrefixes) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length).split('/');
    if (info.namespaced ? rest.length !== 2 : rest.length !== 1) continue;
    return info.namespaced ? { info, namespace: rest[0]! } : { info };
  }
  return undefined;
}

/** Replaces the whole cache with a fresh list from etcd (the reflector's Replace). */
export function replaceCache(c: WatchCache, objects: [string, KubeObject][], revision: number): void {
  c.objects = new Map(objects);
  c.revision = revision;
  c.oldestRevision = revision;
  c.windows = {};
  c.ready = true;
}

/** Applies one etcd event; returns the cached event (undefined for keys outside the API). */
export function applyEtcdEvent(c: WatchCache, key: string, revision: number, atMs: number, object: KubeObject | undefined): CachedEvent | undefined {
  c.revision = Math.max(c.revision, revision);
  const where = resourceOfKey(key);
  if (!where) return undefined;
  const prev = c.objects.get(key);
  let ev: CachedEvent;
  if (object) {
    c.objects.set(key, object);
    // Two literals rather than a conditional spread: every apiserver builds one of these per etcd event.
    ev = prev ? { revision, atMs, type: 'MODIFIED', key, resource: where.info.resource, object, prevObject: prev } : { revision, atMs, type: 'ADDED', key, resource: where.info.resource, object };
  } else {
    if (!prev) return undefined;
    c.objects.delete(key);
    // A DELETED event carries the object's last state, at the revision of the delete.
    const gone = { ...prev, metadata: { ...prev.metadata, resourceVersion: String(revision) } };
    ev = { revision, atMs, type: 'DELETED', key, resource: where.info.resource, object: gone, prevObject: prev };
  }
  const window = (c.windows[ev.resource] ??= { oldestRevision: c.oldestRevision, events: [], start: 0 });
  window.events.push(ev);
  trimWindow(window, atMs);
  return ev;
}

/**
 * Drops the events past the window's capacity or older than 75 s (keeping at least 100). A busy
 * resource drops one event for each it adds: cutting the array's head each time would move the
 * whole window every time, so trimmed events stay in front of `start` until they are half of it.
 */
function trimWindow(w: EventWindow, nowMs: number): void {
  const events = w.events;
  let start = w.start;
  while (events.length - start > MIN_EVENTS && (events.length - start > MAX_EVENTS || nowMs - events[start]!.atMs > EVENT_FRESH_DURATION_MS)) start++;
  if (start === w.start) return;
  w.oldestRevision = events[start - 1]!.revision;
  if (start * 2 >= events.length) {
    events.splice(0, start);
    start = 0;
  }
  w.start = start;
}

// ---------------------------------------------------------------------------------------------
// Selectors.

/** fields.ParseSelector for the `a=b,c!=d` forms kubectl and the components use. */
export function parseFieldSelector(s: string | undefined): FieldRequirement[] | { error: string } {
  if (!s) return [];
  const out: FieldRequirement[] = [];
  for (const part of s.split(',')) {
    const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(part.trim());
    if (!m) return { error: `invalid selector: '${s}'; can't understand '${part}'` };
    out.push({ field: m[1]!, op: m[2] === '!=' ? '!=' : '=', value: m[3]! });
  }
  return out;
}

/** The fields each resource's registry strategy exposes to field selectors (GetAttrs / ToSelectableFields). */
export function fieldValue(o: KubeObject, field: string): string | undefined {
  const spec = (o['spec'] ?? {}) as Record<string, unknown>;
  const status = (o['status'] ?? {}) as Record<string, unknown>;
  switch (field) {
    case 'metadata.name':
      return o.metadata?.name ?? '';
    case 'metadata.namespace':
      return o.metadata?.namespace ?? '';
    case 'spec.nodeName':
      return String(spec['nodeName'] ?? '');
    case 'spec.schedulerName':
      return String(spec['schedulerName'] ?? '');
    case 'spec.unschedulable':
      return String(spec['unschedulable'] ?? false);
    case 'status.phase':
      return String(status['phase'] ?? '');
    case 'status.podIP':
      return String(status['podIP'] ?? '');
    case 'spec.restartPolicy':
      return String(spec['restartPolicy'] ?? '');
    default: {
      if (field.startsWith('involvedObject.') || field === 'reason' || field === 'type' || field.startsWith('source.')) {
        let v: unknown = o;
        for (const p of field.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
        return v === undefined ? '' : String(v);
      }
      return undefined;
    }
  }
}

export function unsupportedField(resource: string, fields: FieldRequirement[]): string | undefined {
  for (const f of fields) {
    const probe = fieldValue({ metadata: {} }, f.field);
    if (probe === undefined) return `field label not supported: ${f.field}`;
    if (resource !== 'pods' && resource !== 'events' && !f.field.startsWith('metadata.') && !(resource === 'nodes' && f.field === 'spec.unschedulable')) return `field label not supported: ${f.field}`;
  }
  return undefined;
}

export function matchesFields(o: KubeObject, fields: FieldRequirement[]): boolean {
  return fields.every((f) => (fieldValue(o, f.field) === f.value) === (f.op === '='));
}

// ---------------------------------------------------------------------------------------------
// Serving watches.

/** Whether an object passes a list's or watch's label and field selectors (no label selector: all). */
export function matchesListOptions(o: KubeObject, labels: Selector | null, fields: FieldRequirement[]): boolean {
  return (labels === null || matchesSelector(labels, o.metadata?.labels)) && matchesFields(o, fields);
}

function inScope(w: CacheWatcher, o: KubeObject | undefined): boolean {
  if (!o) return false;
  if (w.namespace && o.metadata?.namespace !== w.namespace) return false;
  return matchesListOptions(o, w.labels, w.fields);
}

/**
 * What a watcher sees of one event (cacheWatcher.convertToWatchEvent): an object entering its
 * selector is ADDED, leaving it is DELETED, otherwise the event as it happened.
 */
export function eventFor(w: CacheWatcher, ev: CachedEvent): WatchEvent | undefined {
  if (ev.resource !== w.resource) return undefined;
  if (ev.type === 'DELETED') return inScope(w, ev.prevObject) ? { type: 'DELETED', object: ev.object } : undefined;
  const now = inScope(w, ev.object);
  const before = ev.type === 'MODIFIED' && inScope(w, ev.prevObject);
  if (now && before) return { type: 'MODIFIED', object: ev.object };
  if (now) return { type: 'ADDED', object: ev.object };
  if (before) return { type: 'DELETED', object: ev.object };
  return undefined;
}

/**
 * The events a new watch starts with: every matching object as ADDED for resourceVersion 0 or
 * unset; the events after `rv` when the window still holds them; otherwise the 410.
 */
export function initialEvents(c: WatchCache, w: CacheWatcher, resourceVersion: string | undefined): WatchEvent[] | { gone: string } {
  if (!resourceVersion || resourceVersion === '0') {
    const out: WatchEvent[] = [];
    // Only keys under the resource's prefix can belong to it: sorting just those gives them in
    // the order sorting every key did.
    const prefix = etcdPrefix(w.resource);
    const keys: string[] = [];
    for (const k of c.objects.keys()) if (k.startsWith(prefix)) keys.push(k);
    keys.sort();
    for (const k of keys) {
      const o = c.objects.get(k)!;
      if (resourceOfKey(k)?.info.resource === w.resource && inScope(w, o)) out.push({ type: 'ADDED', object: o });
    }
    return out;
  }
  const rv = Number(resourceVersion);
  const window = c.windows[w.resource];
  const oldest = window?.oldestRevision ?? c.oldestRevision;
  if (!Number.isFinite(rv) || rv < oldest) return { gone: `too old resource version: ${resourceVersion} (${oldest + 1})` };
  const out: WatchEvent[] = [];
  if (!window) return out;
  const events = window.events;
  for (let i = firstEventAfter(events, rv, window.start); i < events.length; i++) {
    const e = eventFor(w, events[i]!);
    if (e) out.push(e);
  }
  return out;
}

/**
 * The index of the window's first event newer than `rv` (events.length if none), searching from
 * `from` on (the window's start): a binary search,
 * as watchCache.GetAllEventsSinceThreadUnsafe's sort.Search does. The window holds its events in
 * revision order (they are appended as the etcd watch delivers them), and a watch that resumes
 * from a recent resourceVersion (every reflector's re-watch) wants only its tail.
 */
export function firstEventAfter(events: readonly { revision: number }[], rv: number, from = 0): number {
  let lo = from;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid]!.revision <= rv) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
