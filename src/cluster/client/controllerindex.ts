/**
 * The informer index controllers use to find the objects a controller owns (client-go indexers;
 * the ReplicaSet and Deployment controllers' pod index by controller UID, with orphans under a
 * key of their own: pkg/controller/controller_utils.go FilterPodsByOwner, PodControllerUIDIndex).
 * Without it every sync of a ReplicaSet read every pod of the namespace, so a rollout of N pods
 * cost N² work.
 *
 * Results come back in the informer store's own iteration order (each key carries the position
 * it took in the store), so a sync sees its candidates in exactly the order a full list gives.
 */
import type { KubeObject } from '../apiserver/messages.ts';

export interface ControllerIndex {
  /** Store position of each key: new keys go last, as in the store's Map. */
  order: Map<string, number>;
  nextOrder: number;
  /** `<namespace>\0<controller uid>` (or `<namespace>\0` for objects with no controller) → keys. */
  buckets: Map<string, Set<string>>;
  bucketOf: Map<string, string>;
  /**
   * The store position of the last key added to each bucket, and the buckets whose Set is not in
   * store order. Keys nearly always join a bucket as new store keys (a ReplicaSet's new pods), so
   * a bucket's Set is already in store order and needs no sort; a key that changes controller
   * (adoption, release) joins a bucket out of order, and the next read sorts that bucket once.
   */
  lastOrderIn: Map<string, number>;
  unsorted: Set<string>;
}

export function createControllerIndex(): ControllerIndex {
  return { order: new Map(), nextOrder: 0, buckets: new Map(), bucketOf: new Map(), lastOrderIn: new Map(), unsorted: new Set() };
}

function bucketKey(obj: KubeObject): string {
  const ref = obj.metadata?.ownerReferences?.find((r) => r.controller === true);
  return `${obj.metadata?.namespace ?? ''}\u0000${ref?.uid ?? ''}`;
}

/** An object was added or updated in the store under `key`. */
export function indexPut(ix: ControllerIndex, key: string, obj: KubeObject): void {
  if (!ix.order.has(key)) ix.order.set(key, ix.nextOrder++);
  const bucket = bucketKey(obj);
  const before = ix.bucketOf.get(key);
  if (before === bucket) return;
  if (before !== undefined) ix.buckets.get(before)?.delete(key);
  let set = ix.buckets.get(bucket);
  if (!set) ix.buckets.set(bucket, (set = new Set()));
  set.add(key);
  ix.bucketOf.set(key, bucket);
  const at = ix.order.get(key)!;
  if (at < (ix.lastOrderIn.get(bucket) ?? -1)) ix.unsorted.add(bucket);
  else ix.lastOrderIn.set(bucket, at);
}

export function indexDelete(ix: ControllerIndex, key: string): void {
  const before = ix.bucketOf.get(key);
  if (before !== undefined) ix.buckets.get(before)?.delete(key);
  ix.bucketOf.delete(key);
  ix.order.delete(key);
}

/** The store was replaced (a relist) or emptied: index it again in its new order. */
export function indexReset(ix: ControllerIndex, items: Map<string, KubeObject>): void {
  ix.order.clear();
  ix.nextOrder = 0;
  ix.buckets.clear();
  ix.bucketOf.clear();
  ix.lastOrderIn.clear();
  ix.unsorted.clear();
  for (const [key, obj] of items) indexPut(ix, key, obj);
}

/** Keys of the namespace's objects controlled by one of `controllerUids`, plus the orphans if asked, in store order. */
export function controlledKeys(ix: ControllerIndex, namespace: string, controllerUids: readonly string[], includeOrphans: boolean): string[] {
  const taken: string[] = [];
  for (const uid of new Set(controllerUids)) if (uid) take(ix, taken, `${namespace}\u0000${uid}`);
  if (includeOrphans) take(ix, taken, `${namespace}\u0000`);
  if (taken.length === 0) return [];
  // One bucket (a ReplicaSet's pods, no orphans): its Set is in store order, sorted if need be.
  if (taken.length === 1) return [...sortedBucket(ix, taken[0]!)];
  const keys: string[] = [];
  for (const bucket of taken) for (const k of ix.buckets.get(bucket)!) keys.push(k);
  return keys.sort(byStoreOrder(ix));
}

function take(ix: ControllerIndex, taken: string[], bucket: string): void {
  if ((ix.buckets.get(bucket)?.size ?? 0) > 0) taken.push(bucket);
}

const byStoreOrder = (ix: ControllerIndex) => (a: string, b: string) => ix.order.get(a)! - ix.order.get(b)!;

/** The bucket's Set, put in store order first if a key joined it out of order. */
function sortedBucket(ix: ControllerIndex, bucket: string): Set<string> {
  const set = ix.buckets.get(bucket)!;
  if (!ix.unsorted.has(bucket)) return set;
  const sorted = new Set([...set].sort(byStoreOrder(ix)));
  ix.buckets.set(bucket, sorted);
  ix.unsorted.delete(bucket);
  let last = -1;
  for (const k of sorted) last = ix.order.get(k)!;
  ix.lastOrderIn.set(bucket, last);
  return sorted;
}
