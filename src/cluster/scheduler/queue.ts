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
 */

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
}

export interface SchedulingQueue {
  pods: Record<string, QueuedPodInfo>;
  podInitialBackoffSeconds: number;
  podMaxBackoffSeconds: number;
  podMaxInUnschedulablePodsDurationSeconds: number;
}

/** Defaults: K pkg/scheduler/apis/config/v1/defaults.go; K scheduling_queue.go `DefaultPodMaxInUnschedulablePodsDuration`. */
export const DEFAULT_POD_INITIAL_BACKOFF_SECONDS = 1;
export const DEFAULT_POD_MAX_BACKOFF_SECONDS = 10;
export const DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_SECONDS = 5 * 60;

export function createQueue(opts: Partial<Omit<SchedulingQueue, 'pods'>> = {}): SchedulingQueue {
  return {
    pods: {},
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
    existing.priority = priority;
    return;
  }
  q.pods[podKey] = { key: podKey, priority, timestampMs: nowMs, initialAttemptTimestampMs: nowMs, attempts: 0, queue: 'activeQ' };
}

/** K priority_sort.go `Less`: higher priority first, then the earlier timestamp. */
export function lessQueuedPod(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.timestampMs !== b.timestampMs) return a.timestampMs < b.timestampMs;
  return a.key < b.key;
}

/** The pods in one queue, in the order they would leave it. */
export function podsIn(q: SchedulingQueue, queue: QueueName): QueuedPodInfo[] {
  const pods = Object.values(q.pods).filter((p) => p.queue === queue);
  if (queue === 'backoffQ') return pods.sort((a, b) => backoffExpiryMs(q, a) - backoffExpiryMs(q, b) || (a.key < b.key ? -1 : 1));
  return pods.sort((a, b) => (lessQueuedPod(a, b) ? -1 : lessQueuedPod(b, a) ? 1 : 0));
}

/** `Pop`: the head of activeQ, now in flight with one more attempt; undefined if activeQ is empty. */
export function popNext(q: SchedulingQueue, _nowMs: number): string | undefined {
  // The head of activeQ by one scan (the real queue is a heap; sorting it per pop costs n log n).
  let head: QueuedPodInfo | undefined;
  for (const key in q.pods) {
    const p = q.pods[key]!;
    if (p.queue === 'activeQ' && (!head || lessQueuedPod(p, head))) head = p;
  }
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
  p.queue = 'unschedulablePods';
  p.timestampMs = nowMs;
}

/** `requeuePodViaQueueingHint`: backoffQ while still backing off, else activeQ. */
function requeue(q: SchedulingQueue, p: QueuedPodInfo, nowMs: number): void {
  p.queue = backoffExpiryMs(q, p) > nowMs ? 'backoffQ' : 'activeQ';
}

/** `MoveAllToActiveOrBackoffQueue`: give every unschedulable pod another chance. */
export function moveAllToActive(q: SchedulingQueue, nowMs: number): void {
  for (const p of podsIn(q, 'unschedulablePods')) requeue(q, p, nowMs);
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
 */
export function flush(q: SchedulingQueue, nowMs: number): void {
  for (const p of podsIn(q, 'backoffQ')) if (backoffExpiryMs(q, p) <= nowMs) p.queue = 'activeQ';
  const maxMs = q.podMaxInUnschedulablePodsDurationSeconds * 1000;
  for (const p of podsIn(q, 'unschedulablePods')) if (nowMs - p.timestampMs >= maxMs) requeue(q, p, nowMs);
}

/** When `flush` next has something to move, or undefined if nothing is waiting on time. */
export function nextWakeMs(q: SchedulingQueue): number | undefined {
  let wake: number | undefined;
  const consider = (t: number) => {
    wake = wake === undefined ? t : Math.min(wake, t);
  };
  for (const p of Object.values(q.pods)) {
    if (p.queue === 'backoffQ') consider(backoffExpiryMs(q, p));
    else if (p.queue === 'unschedulablePods') consider(p.timestampMs + q.podMaxInUnschedulablePodsDurationSeconds * 1000);
  }
  return wake;
}

/** The pod was deleted or bound: forget it. */
export function deletePod(q: SchedulingQueue, key: string): void {
  delete q.pods[key];
}
