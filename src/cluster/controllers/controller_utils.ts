/**
 * Helpers the workload controllers share, after K pkg/controller/controller_utils.go,
 * pkg/api/v1/pod/util.go (podutil) and pkg/controller/controller_ref_manager.go.
 */
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { KubeObject, OwnerReference } from '../apiserver/messages.ts';
import { formatTimestamp, parseTimestampMs } from '../../api/time.ts';
import { matchesSelector, type Selector } from '../../api/selectors.ts';
import { jsonClone } from '../../api/json.ts';

/** metav1.Time as the API writes it (whole seconds, UTC). */
export function rfc3339Seconds(virtualMs: number): string {
  return formatTimestamp(virtualMs);
}

/** Virtual ms of a timestamp, or undefined when absent or malformed. */
export function timestampMs(t: string | undefined): number | undefined {
  return t === undefined ? undefined : parseTimestampMs(t);
}

export const asPod = (o: KubeObject) => o as unknown as Pod;
export const asObject = (o: unknown) => o as KubeObject;

export function keyOf(o: KubeObject): string {
  return `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
}

export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/** A deep copy, as a JSON round trip gives it: informer objects must not be mutated (the real controllers DeepCopy). */
export function deepCopy<T>(o: T): T {
  return jsonClone(o);
}

/** JSON with sorted keys, for semantic equality and hashing (Go's reflect.DeepEqual / DeepHashObject stand-in). */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

/** canonicalJson(a) === canonicalJson(b): equal JSON values whatever the order of their keys. */
export function deepEqual(a: unknown, b: unknown): boolean {
  const r = sameValue(a, b, 0);
  return r === undefined ? canonicalJson(a) === canonicalJson(b) : r;
}

/**
 * deepEqual without building the texts, for strings, finite numbers, booleans, null and plain
 * arrays and objects (what API objects are made of); undefined for anything else, which is left
 * to canonicalJson. Keys whose value is undefined are absent, as in canonicalJson.
 */
function sameValue(a: unknown, b: unknown, depth: number): boolean | undefined {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return jsonScalar(a) && jsonScalar(b) ? a === b : undefined;
  if (a === b) return true;
  if (depth > 100) return undefined;
  const aa = Array.isArray(a);
  if (aa !== Array.isArray(b)) return plainJson(a) && plainJson(b) ? false : undefined;
  if (!plainJson(a) || !plainJson(b)) return undefined;
  if (aa) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) {
      const r = sameValue(x[i] === undefined ? null : x[i], y[i] === undefined ? null : y[i], depth + 1);
      if (r !== true) return r;
    }
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let nx = 0;
  for (const k in x) {
    const vx = x[k];
    if (vx === undefined) continue;
    nx++;
    const vy = y[k];
    if (vy === undefined) return false;
    const r = sameValue(vx, vy, depth + 1);
    if (r !== true) return r;
  }
  let ny = 0;
  for (const k in y) if (y[k] !== undefined) ny++;
  return nx === ny;
}

function jsonScalar(v: unknown): boolean {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

function plainJson(v: unknown): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return (proto === Object.prototype || proto === Array.prototype) && (v as { toJSON?: unknown }).toJSON === undefined;
}

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** The Ready condition's lastTransitionTime in virtual ms. */
export function podReadyTimeMs(pod: Pod): number | undefined {
  const c = (pod.status?.conditions ?? []).find((c) => c.type === 'Ready' && c.status === 'True');
  return timestampMs(c?.lastTransitionTime);
}

/**
 * podutil.IsPodAvailable: ready, and ready for at least minReadySeconds (strictly: the
 * transition time plus minReadySeconds must be before now).
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const readyMs = podReadyTimeMs(pod);
  return readyMs !== undefined && readyMs + minReadySeconds * 1000 < nowMs;
}

/** controller.IsPodActive: not Succeeded/Failed and not being deleted. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata?.deletionTimestamp;
}

export function isPodTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** metav1.GetControllerOf. */
export function getControllerOf(o: { metadata?: { ownerReferences?: OwnerReference[] } }): OwnerReference | undefined {
  return o.metadata?.ownerReferences?.find((r) => r.controller === true);
}

/** Objects controlled by one of `controllerUids`, plus uncontrolled ones when `includeOrphans`, in their given order. */
export function filterControlled<T extends { metadata?: { ownerReferences?: OwnerReference[] } }>(objects: T[], controllerUids: readonly string[], includeOrphans: boolean): T[] {
  const uids = new Set(controllerUids);
  return objects.filter((o) => {
    const ref = getControllerOf(o);
    return ref ? uids.has(ref.uid) : includeOrphans;
  });
}

/** metav1.NewControllerRef. */
export function newControllerRef(owner: KubeObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata?.name ?? '', uid: owner.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true };
}

/** Go's math.Round: half away from zero (JS Math.round rounds half toward +∞). */
export function roundHalfAwayFromZero(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function maxRestarts(pod: Pod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0), ...(pod.status?.initContainerStatuses ?? []).map((c) => c.restartCount ?? 0));
}

/** logarithmicRankDiff: compare log2 of the ages in nanoseconds, so pods of similar age tie. */
function logarithmicRankDiff(t1Ms: number, t2Ms: number, nowMs: number): number {
  const rank = (t: number) => (nowMs - t > 0 ? Math.floor(Math.log2((nowMs - t) * 1e6)) : -1);
  return rank(t1Ms) - rank(t2Ms);
}

/** afterOrZero: a zero (missing) time sorts first, then the later time. */
function afterOrZero(t1: number | undefined, t2: number | undefined): boolean {
  if (t1 === undefined || t2 === undefined) return t1 === undefined;
  return t1 > t2;
}

/**
 * ActivePodsWithRanks.Less (K pkg/controller/controller_utils.go, LogarithmicScaleDown on as in
 * v1.32): true when pod i should be deleted before pod j.
 *  1. unassigned < assigned; 2. Pending < Unknown < Running; 3. not ready < ready;
 *  4. lower controller.kubernetes.io/pod-deletion-cost first; 5. more co-located pods (higher rank) first;
 *  6. ready more recently first (log2 buckets, ties by UID); 7. more restarts first;
 *  8. created more recently first (log2 buckets, ties by UID).
 */
export function activePodLess(a: Pod, b: Pod, rankA: number, rankB: number, nowMs: number): boolean {
  const nodeA = a.spec?.nodeName ?? '';
  const nodeB = b.spec?.nodeName ?? '';
  if (nodeA !== nodeB && (nodeA === '' || nodeB === '')) return nodeA === '';
  const pa = PHASE_ORDINAL[a.status?.phase ?? ''] ?? 0;
  const pb = PHASE_ORDINAL[b.status?.phase ?? ''] ?? 0;
  if (pa !== pb) return pa < pb;
  if (isPodReady(a) !== isPodReady(b)) return !isPodReady(a);
  const costA = Number(a.metadata?.annotations?.['controller.kubernetes.io/pod-deletion-cost'] ?? 0) || 0;
  const costB = Number(b.metadata?.annotations?.['controller.kubernetes.io/pod-deletion-cost'] ?? 0) || 0;
  if (costA !== costB) return costA < costB;
  if (rankA !== rankB) return rankA > rankB;
  if (isPodReady(a) && isPodReady(b)) {
    const ra = podReadyTimeMs(a);
    const rb = podReadyTimeMs(b);
    if (ra !== rb) {
      if (ra === undefined || rb === undefined) return afterOrZero(ra, rb);
      const diff = logarithmicRankDiff(ra, rb, nowMs);
      if (diff === 0) return (a.metadata?.uid ?? '') < (b.metadata?.uid ?? '');
      return diff < 0;
    }
  }
  const restartsA = maxRestarts(a);
  const restartsB = maxRestarts(b);
  if (restartsA !== restartsB) return restartsA > restartsB;
  const ca = timestampMs(a.metadata?.creationTimestamp);
  const cb = timestampMs(b.metadata?.creationTimestamp);
  if (ca !== cb) {
    if (ca === undefined || cb === undefined) return afterOrZero(ca, cb);
    const diff = logarithmicRankDiff(ca, cb, nowMs);
    if (diff === 0) return (a.metadata?.uid ?? '') < (b.metadata?.uid ?? '');
    return diff < 0;
  }
  return false;
}

/** Stable sort of pods into deletion preference order (first = delete first). */
export function sortPodsForDeletion(pods: Pod[], ranks: number[], nowMs: number): Pod[] {
  const idx = pods.map((_, i) => i);
  idx.sort((i, j) => (activePodLess(pods[i]!, pods[j]!, ranks[i]!, ranks[j]!, nowMs) ? -1 : activePodLess(pods[j]!, pods[i]!, ranks[j]!, ranks[i]!, nowMs) ? 1 : i - j));
  return idx.map((i) => pods[i]!);
}

/**
 * getPodsRankedByRelatedPodsOnSameNode (K pkg/controller/replicaset/replica_set.go): a pod's rank
 * is the number of active related pods on its node, so doubled-up pods go first.
 */
export function ranksByRelatedPodsOnSameNode(pods: Pod[], related: Pod[]): number[] {
  const onNode = new Map<string, number>();
  for (const p of related) if (isPodActive(p)) onNode.set(p.spec?.nodeName ?? '', (onNode.get(p.spec?.nodeName ?? '') ?? 0) + 1);
  return pods.map((p) => onNode.get(p.spec?.nodeName ?? '') ?? 0);
}

/**
 * getPodsPrefix (K pkg/controller/controller_utils.go): `<controller-name>-`; the apiserver
 * appends five random characters.
 */
export function podsPrefix(controllerName: string): string {
  return `${controllerName}-`;
}

/**
 * GetPodFromTemplate: a pod from the template with the controller's ownerReference; labels,
 * annotations and finalizers copied; name left to generateName.
 */
export function podFromTemplate(template: PodTemplateSpec, namespace: string, generateName: string, controllerRef: OwnerReference): KubeObject {
  const t = deepCopy(template);
  const metadata: Record<string, unknown> = { generateName, namespace };
  if (t.metadata?.labels) metadata['labels'] = t.metadata.labels;
  if (t.metadata?.annotations) metadata['annotations'] = t.metadata.annotations;
  if (t.metadata?.finalizers) metadata['finalizers'] = t.metadata.finalizers;
  metadata['ownerReferences'] = [controllerRef];
  return { apiVersion: 'v1', kind: 'Pod', metadata: metadata as KubeObject['metadata'], spec: t.spec ?? {} };
}

/**
 * ClaimObjects (K pkg/controller/controller_ref_manager.go BaseControllerRefManager.ClaimObject):
 * objects already controlled by `owner` are kept while the selector matches and released
 * otherwise; orphans that match are adopted (unless the owner or the object is being deleted);
 * objects controlled by someone else are ignored. Adoption and release are `update` actions.
 */
export function claimObjects(
  owner: KubeObject,
  ownerRef: OwnerReference,
  selector: Selector,
  candidates: KubeObject[],
  resource: string,
): { claimed: KubeObject[]; actions: { type: 'update'; resource: string; namespace: string; object: KubeObject }[] } {
  const claimed: KubeObject[] = [];
  const actions: { type: 'update'; resource: string; namespace: string; object: KubeObject }[] = [];
  const ownerDeleting = !!owner.metadata?.deletionTimestamp;
  for (const obj of candidates) {
    const ref = getControllerOf(obj);
    const matches = matchesSelector(selector, obj.metadata?.labels);
    if (ref) {
      if (ref.uid !== ownerRef.uid) continue;
      if (matches) {
        claimed.push(obj);
        continue;
      }
      // Release: drop our ownerReference (the real controller patches it away).
      if (ownerDeleting) continue;
      const copy = deepCopy(obj);
      copy.metadata!.ownerReferences = (copy.metadata!.ownerReferences ?? []).filter((r) => r.uid !== ownerRef.uid);
      actions.push({ type: 'update', resource, namespace: obj.metadata?.namespace ?? '', object: copy });
      continue;
    }
    if (ownerDeleting || !matches || obj.metadata?.deletionTimestamp) continue;
    const copy = deepCopy(obj);
    copy.metadata!.ownerReferences = [...(copy.metadata!.ownerReferences ?? []), ownerRef];
    actions.push({ type: 'update', resource, namespace: obj.metadata?.namespace ?? '', object: copy });
    claimed.push(copy);
  }
  return { claimed, actions };
}

/** Oldest first, ties by name (controller.ReplicaSetsByCreationTimestamp and friends). */
export function byCreationTimestamp(a: KubeObject, b: KubeObject): number {
  const ta = timestampMs(a.metadata?.creationTimestamp) ?? 0;
  const tb = timestampMs(b.metadata?.creationTimestamp) ?? 0;
  if (ta !== tb) return ta - tb;
  const na = a.metadata?.name ?? '';
  const nb = b.metadata?.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/**
 * slowStartBatch sizes (K pkg/controller/replicaset/replica_set.go, SlowStartInitialBatchSize 1):
 * 1, 2, 4, ... until `count` is covered.
 */
export function slowStartBatches(count: number, initialBatchSize = 1): number[] {
  const out: number[] = [];
  let remaining = count;
  for (let size = Math.min(remaining, initialBatchSize); size > 0; size = Math.min(2 * size, remaining)) {
    out.push(size);
    remaining -= size;
  }
  return out;
}
