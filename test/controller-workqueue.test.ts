/**
 * A controller syncs a key in one worker at a time, and a sync lasts as long as its API calls:
 * the ReplicaSet controller's syncReplicaSet creates pods in slow-start batches and updates the
 * status, the Deployment controller's sync scales ReplicaSets and updates the Deployment's status,
 * all synchronously, and only then calls Done (pkg/controller/replicaset/replica_set.go and
 * deployment_controller.go processNextWorkItem; client-go util/workqueue: "a single item will not
 * be processed multiple times concurrently"). So a key never has requests of two of its syncs out
 * at once, and the events that come in during a sync lead to one more sync after it.
 */
import { describe, expect, it } from 'vitest';
import { testShell } from '../src/shell/testing.ts';
import { resume, startJob } from '../src/shell/session.ts';
import { stepWorld } from '../src/simulation/world.ts';

describe('controller work queue in the cluster', () => {
  it("a controller's requests for a key out at any moment all come from one sync of it", () => {
    const { w, s, run } = testShell({ preset: 'single', seed: 9 });
    const kcm = w.controllerManagers['cp-1']!;
    // Watched from the moment the command starts, event by event: the ReplicaSet's slow-start
    // batches of creates run while kubectl waits for its answer.
    const job = startJob(s, 'kubectl create deployment web --image=nginx:1.27 --replicas=100');
    const issuedAt = new Map<string, number>();
    let checked = 0;
    const end = w.kernel.now + 30_000;
    let batchesSeen = 0;
    const batchStartedAt = new Map<string, number>();
    while (stepWorld(w, end)) {
      if (!job.done) resume(s, job);
      // Each step runs one event; a sync runs in one (the controller-manager's work timer), so the
      // event a request was sent in names its sync. (Virtual time would not: on one host the
      // apiserver and etcd answer within the same millisecond.)
      for (const tag of Object.keys(kcm.pendingActions)) if (!issuedAt.has(tag)) issuedAt.set(tag, w.kernel.eventsProcessed);
      // Each controller's requests out now, by key, with the event each was sent in; the creates
      // of a slow-start batch belong to the sync that started the batch.
      const syncs = new Map<string, Set<number>>();
      for (const [tag, p] of Object.entries(kcm.pendingActions)) {
        if (p.batch !== undefined) continue;
        const k = `${p.controller} ${p.key}`;
        const times = syncs.get(k) ?? new Set<number>();
        times.add(issuedAt.get(tag)!);
        syncs.set(k, times);
      }
      for (const [id] of Object.entries(kcm.batches)) if (!batchStartedAt.has(id)) batchStartedAt.set(id, w.kernel.eventsProcessed);
      for (const [key, times] of syncs) {
        checked++;
        expect(times.size, `${key} at ${w.kernel.now} ms`).toBe(1);
        // While a sync's slow-start batches run, no later sync of the key has sent anything.
        for (const [id, b] of Object.entries(kcm.batches)) {
          if (`${b.controller} ${b.key}` !== key) continue;
          batchesSeen++;
          expect(Math.max(...times), `${key} at ${w.kernel.now} ms`).toBeLessThanOrEqual(batchStartedAt.get(id)!);
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(batchesSeen).toBeGreaterThan(0);
    expect(run('kubectl get deploy web --no-headers').out).toMatch(/^web\s+100\/100/);
  });
});
