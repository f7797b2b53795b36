/**
 * The scheduling queue as plain data (K pkg/scheduler/backend/queue/scheduling_queue.go
 * `PriorityQueue`). A pending pod is in exactly one place:
 *
 * - `activeQ`: ready to be tried, popped by priority (higher first) then by queue timestamp
 *   (older first) — the PrioritySort plugin (K pkg/scheduler/framework/plugins/queuesort/priority_sort.go).
 * - `backoffQ`: failed recently; waits 1 s after the first attempt, doubling per attempt up to
 *   10 s (`podInitialBackoffSeconds`, `podMaxBackoffSeconds`).
 * - `unschedulablePods`: failed and waiting for a cluster event that may help (a node added or
 *   changed, a pod deleted), or for `podMaxInUnschedulablePodsDuration` (5 min) to pass. Then it
 *   goes to backoffQ if its backoff has not expired yet, otherwise straight to activeQ.
 * - `inFlight`: popped and being scheduled.
 *
 * Upstream flushes backoffQ every 1 s and the unschedulable leftovers every 30 s; here each pod
 * moves exactly when it is due (`nextWakeMs` tells the caller when that is).
 * Ordering never depends on object iteration order: ties fall back to the pod key.
 *
 * As upstream, the three waiting queues are indexed (activeQ and backoffQ are heaps; our
 * unschedulablePods is a heap by timestamp so the 5-minute leftovers are found without a scan),
 * so a pop, a flush and `nextWakeMs` cost O(log n) instead of a pass over every pending pod.
 * Every order is total (the pod key breaks ties), so a heap pops exactly what a sort would.
 */

import { heapFix, heapPop, heapPush, heapRemove, type Less } from './heap.ts';

export type QueueName = 'activeQ' | 'backoffQ' | 'unschedulablePods' | 'inFlight';

/** K pkg/scheduler/framework/types.go `QueuedPodInfo`. */
export interface QueuedPodInfo {
  key: string;
  priority: number;
  /** When the pod entered the queue or last failed: PrioritySort's tie-break and the backoff base. */
  timestampMs: number;
  /** When it was first added; kept across attempts. */
  initialAttemptTimestampMs: number;
  /** Scheduling attempts so far (incremented on pop). */
  attempts: number;
  queue: QueueName;
  /** Position in the heap of `queue` (-1 while in flight). */
  heapIndex: number;
}

type WaitingQueue = Exclude<QueueName, 'inFlight'>;

export interface SchedulingQueue {
  /** Every pod the queue holds, wherever it is. */
  pods: Record<string, QueuedPodInfo>;
  /** The entries of `pods` waiting in each queue, as heaps (see `LESS`); in-flight pods are in none. */
  activeQ: QueuedPodInfo[];
  backoffQ: QueuedPodInfo[];
  unschedulablePods: QueuedPodInfo[];
  podInitialBackoffSeconds: number;
  podMaxBackoffSeconds: number;
  podMaxInUnschedulablePodsDurationSeconds: number;
}

/** Defaults: K pkg/scheduler/apis/config/v1/defaults.go; K scheduling_queue.go `DefaultPodMaxInUnschedulablePodsDuration`. */
export const DEFAULT_POD_INITIAL_BACKOFF_SECONDS = 1;
export const DEFAULT_POD_MAX_BACKOFF_SECONDS = 10;
export const DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_SECONDS = 5 * 60;

export function createQueue(opts: Partial<Omit<SchedulingQueue, 'pods' | WaitingQueue>> = {}): SchedulingQueue {
  return {
    pods: {},
    activeQ: [],
    backoffQ: [],
    unschedulablePods: [],
    podInitialBackoffSeconds: opts.podInitialBackoffSeconds ?? DEFAULT_POD_INITIAL_BACKOFF_SECONDS,
    podMaxBackoffSeconds: opts.podMaxBackoffSeconds ?? DEFAULT_POD_MAX_BACKOFF_SECONDS,
    podMaxInUnschedulablePodsDurationSeconds: opts.podMaxInUnschedulablePodsDurationSeconds ?? DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_SECONDS,
  };
}

/**
 * A new pending pod goes to activeQ. A pod the queue already holds keeps its place (the
 * informer re-delivers pods on every update, e.g. our own status patch); only its priority is
 * refreshed.
 */
export function addPod(q: SchedulingQueue, podKey: string, nowMs: number, priority = 0): void {
  const existing = q.pods[podKey];
  if (existing) {
    if (existing.priority === priority) return;
    existing.priority = priority;
    // Priority is activeQ's first sort key; the other queues do not sort by it.
    if (existing.queue === 'activeQ') heapFix(q.activeQ, existing, lessQueuedPod);
    return;
  }
  const p: QueuedPodInfo = { key: podKey, priority, timestampMs: nowMs, initialAttemptTimestampMs: nowMs, attempts: 0, queue: 'activeQ', heapIndex: -1 };
  q.pods[podKey] = p;
  heapPush(q.activeQ, p, lessQueuedPod);
}

/** K priority_sort.go `Less`: higher priority first, then the earlier timestamp. */
export function lessQueuedPod(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.timestampMs !== b.timestampMs) return a.timestampMs < b.timestampMs;
  return a.key < b.key;
}

/** backoffQ's order: the earliest backoff expiry first (K `podBackoffQ` sorts by `getBackoffTime`). */
const lessBackoff = (q: SchedulingQueue): Less<QueuedPodInfo> => (a, b) => {
  const ea = backoffExpiryMs(q, a);
  const eb = backoffExpiryMs(q, b);
  return ea !== eb ? ea < eb : a.key < b.key;
};

/** unschedulablePods' order: the longest waiting first, the next to reach the 5-minute limit. */
function lessUnschedulable(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  return a.timestampMs !== b.timestampMs ? a.timestampMs < b.timestampMs : a.key < b.key;
}

const lessFor = (q: SchedulingQueue, queue: WaitingQueue): Less<QueuedPodInfo> => (queue === 'activeQ' ? lessQueuedPod : queue === 'backoffQ' ? lessBackoff(q) : lessUnschedulable);

/** Moves a waiting pod out of its heap into `to`'s (its sort keys unchanged). */
function moveTo(q: SchedulingQueue, p: QueuedPodInfo, to: QueueName): void {
  leaveHeap(q, p);
  p.queue = to;
  if (to !== 'inFlight') heapPush(q[to], p, lessFor(q, to));
}

function leaveHeap(q: SchedulingQueue, p: QueuedPodInfo): void {
  if (p.queue !== 'inFlight') heapRemove(q[p.queue], p, lessFor(q, p.queue));
}

/** The pods in one queue, in the order they would leave it. */
export function podsIn(q: SchedulingQueue, queue: QueueName): QueuedPodInfo[] {
  const pods = queue === 'inFlight' ? Object.values(q.pods).filter((p) => p.queue === queue) : [...q[queue]];
  if (queue === 'backoffQ') return pods.sort((a, b) => backoffExpiryMs(q, a) - backoffExpiryMs(q, b) || (a.key < b.key ? -1 : 1));
  return pods.sort((a, b) => (lessQueuedPod(a, b) ? -1 : lessQueuedPod(b, a) ? 1 : 0));
}

/** `Pop`: the head of activeQ, now in flight with one more attempt; undefined if activeQ is empty. */
export function popNext(q: SchedulingQueue, _nowMs: number): string | undefined {
  const head = heapPop(q.activeQ, lessQueuedPod);
  if (!head) return undefined;
  head.queue = 'inFlight';
  head.attempts++;
  return head.key;
}

/**
 * `calculateBackoffDuration`: 1 s for the first attempt, doubling per further attempt, capped
 * at 10 s (1, 2, 4, 8, 10, 10 ... seconds).
 */
export function backoffDurationMs(attempts: number, podInitialBackoffSeconds = DEFAULT_POD_INITIAL_BACKOFF_SECONDS, podMaxBackoffSeconds = DEFAULT_POD_MAX_BACKOFF_SECONDS): number {
  if (attempts === 0) return 0;
  const maxMs = podMaxBackoffSeconds * 1000;
  let durationMs = podInitialBackoffSeconds * 1000;
  for (let i = 1; i < attempts; i++) {
    if (durationMs > maxMs - durationMs) return maxMs;
    durationMs += durationMs;
  }
  return durationMs;
}

/** `getBackoffTime`: the last failure plus the backoff for the attempts so far. */
export function backoffExpiryMs(q: SchedulingQueue, p: QueuedPodInfo): number {
  return p.timestampMs + backoffDurationMs(p.attempts, q.podInitialBackoffSeconds, q.podMaxBackoffSeconds);
}

/** `AddUnschedulableIfNotPresent`: a failed attempt parks the pod until something changes. */
export function markUnschedulable(q: SchedulingQueue, key: string, nowMs: number): void {
  const p = q.pods[key];
  if (!p) return; // deleted while it was being scheduled
  leaveHeap(q, p); // before the timestamp changes: it may be a sort key of the heap it leaves
  p.timestampMs = nowMs;
  p.queue = 'unschedulablePods';
  heapPush(q.unschedulablePods, p, lessUnschedulable);
}

/** `requeuePodViaQueueingHint`: backoffQ while still backing off, else activeQ. */
function requeue(q: SchedulingQueue, p: QueuedPodInfo, nowMs: number): void {
  moveTo(q, p, backoffExpiryMs(q, p) > nowMs ? 'backoffQ' : 'activeQ');
}

/** `MoveAllToActiveOrBackoffQueue`: give every unschedulable pod another chance. */
export function moveAllToActive(q: SchedulingQueue, nowMs: number): void {
  if (q.unschedulablePods.length === 0) return;
  // Empty the heap wholesale rather than removing its pods one by one.
  const pods = q.unschedulablePods;
  q.unschedulablePods = [];
  const toBackoff = lessBackoff(q);
  for (const p of pods) {
    const backingOff = backoffExpiryMs(q, p) > nowMs;
    p.queue = backingOff ? 'backoffQ' : 'activeQ';
    heapPush(backingOff ? q.backoffQ : q.activeQ, p, backingOff ? toBackoff : lessQueuedPod);
  }
}

export interface ClusterEvent {
  resource: 'Node' | 'Pod';
  action: 'Add' | 'Update' | 'Delete';
}

/**
 * The events that may make a rejected pod fit with the modelled plugins: a new or changed node
 * (capacity, labels, taints, cordon) or a deleted pod (freed resources, ports, spread counts).
 * K pkg/scheduler/framework/types.go cluster events; each plugin's `EventsToRegister`.
 */
export function eventMayMakePodsSchedulable(event: ClusterEvent): boolean {
  return event.resource === 'Node' ? event.action === 'Add' || event.action === 'Update' : event.action === 'Delete';
}

export function onClusterEvent(q: SchedulingQueue, event: ClusterEvent, nowMs: number): void {
  if (eventMayMakePodsSchedulable(event)) moveAllToActive(q, nowMs);
}

/**
 * `flushBackoffQCompleted` and `flushUnschedulablePodsLeftover`: backed-off pods whose time has
 * come go to activeQ; pods unschedulable for 5 minutes are retried even without an event.
 * Both heaps hold the next pod due at their head, so only the pods that move are touched.
 */
export function flush(q: SchedulingQueue, nowMs: number): void {
  const byBackoff = lessBackoff(q);
  for (let p = q.backoffQ[0]; p && backoffExpiryMs(q, p) <= nowMs; p = q.backoffQ[0]) {
    heapPop(q.backoffQ, byBackoff);
    p.queue = 'activeQ';
    heapPush(q.activeQ, p, lessQueuedPod);
  }
  const maxMs = q.podMaxInUnschedulablePodsDurationSeconds * 1000;
  for (let p = q.unschedulablePods[0]; p && nowMs - p.timestampMs >= maxMs; p = q.unschedulablePods[0]) requeue(q, p, nowMs);
}

/** When `flush` next has something to move, or undefined if nothing is waiting on time. */
export function nextWakeMs(q: SchedulingQueue): number | undefined {
  const backoff = q.backoffQ[0];
  const unschedulable = q.unschedulablePods[0];
  const backoffWake = backoff && backoffExpiryMs(q, backoff);
  const leftoverWake = unschedulable && unschedulable.timestampMs + q.podMaxInUnschedulablePodsDurationSeconds * 1000;
  if (backoffWake === undefined) return leftoverWake;
  return leftoverWake === undefined ? backoffWake : Math.min(backoffWake, leftoverWake);
}

/** The pod was deleted or bound: forget it. */
export function deletePod(q: SchedulingQueue, key: string): void {
  const p = q.pods[key];
  if (!p) return;
  leaveHeap(q, p);
  delete q.pods[key];
}
