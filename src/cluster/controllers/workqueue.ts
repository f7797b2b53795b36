/**
 * A controller's work queue, as client-go's workqueue.Type keeps it (util/workqueue/queue.go):
 * the keys waiting, in order, each at most once (`queued`, the dirty set of keys not being
 * processed); the keys being processed; and the keys added while they were processed, which go
 * back on the queue when their processing is Done. A key is never handed to two workers at once.
 *
 * "Processing" lasts as long as the sync's API calls: a real controller's sync makes them
 * synchronously (slow-start batches of creates, scale and status updates) and calls Done when
 * they return. Here a sync's requests are sent at once and `hold` counts each one (a slow-start
 * batch counts as one); the last `done` ends the processing. Events are recorded asynchronously
 * by the broadcaster and hold nothing.
 */
export interface WorkQueue {
  /** Keys waiting, oldest first. */
  keys: string[];
  queued: Record<string, true>;
  /** Rate-limited retries so far, per key (AddRateLimited; Forget on success). */
  failures: Record<string, number>;
  /** Keys being processed: requests of their last sync still outstanding. */
  processing: Record<string, number>;
  /** Keys added while being processed. */
  dirty: Record<string, true>;
}

export function createWorkQueue(): WorkQueue {
  return { keys: [], queued: {}, failures: {}, processing: {}, dirty: {} };
}

/** Add: queues the key unless it is queued already; a key being processed waits until Done. */
export function add(q: WorkQueue, key: string): void {
  if (q.processing[key] !== undefined) {
    q.dirty[key] = true;
    return;
  }
  if (q.queued[key]) return;
  q.queued[key] = true;
  q.keys.push(key);
}

/** Get, for every key waiting: the keys to sync now, oldest first. The queue is left empty. */
export function takeAll(q: WorkQueue): string[] {
  const keys = q.keys;
  q.keys = [];
  q.queued = {};
  return keys;
}

/** One more request of the key's sync is outstanding: the key is processing until it is done. */
export function hold(q: WorkQueue, key: string): void {
  q.processing[key] = (q.processing[key] ?? 0) + 1;
}

/**
 * Done for one request of the key's sync. With the last one the key's processing ends, and a key
 * added meanwhile is queued again; returns whether it was (so the caller schedules the work).
 */
export function done(q: WorkQueue, key: string): boolean {
  const left = (q.processing[key] ?? 1) - 1;
  if (left > 0) {
    q.processing[key] = left;
    return false;
  }
  delete q.processing[key];
  if (!q.dirty[key]) return false;
  delete q.dirty[key];
  add(q, key);
  return true;
}
