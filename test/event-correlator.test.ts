/**
 * Events as a real cluster records them: every legacy Event goes through client-go's
 * EventCorrelator (staging/src/k8s.io/client-go/tools/record/events_cache.go). A ReplicaSet that
 * creates many pods at once shows 9 `Created pod:` Events and one
 * `(combined from similar events): Created pod: …` Event (defaultAggregateMaxEvents = 10), whose
 * count stops at 16 because the replicaset-controller may send only 25 Events about one object
 * at once (defaultSpamBurst = 25, then one per 5 minutes) — the form kubernetes/kubernetes#88851
 * quotes from `kubectl describe rs`:
 * `Normal  SuccessfulCreate  70s (x243 over 4h39m)  replicaset-controller  (combined from similar events): Created pod: …`.
 */
import { describe, expect, it } from 'vitest';
import { testShell } from '../src/shell/testing.ts';

describe('the event correlator in a cluster', () => {
  it('kubectl describe rs of a 30-replica ReplicaSet: 9 Created pod Events and one combined (x16)', () => {
    const { run } = testShell({ preset: 'single', seed: 5 });
    expect(run('kubectl create deployment web --image=nginx --replicas=30').code).toBe(0);
    run('sleep 5');
    const events = run('kubectl describe rs').out.split('Events:')[1]!.split('\n').filter((l) => l.includes('SuccessfulCreate'));
    expect(events).toHaveLength(10);
    expect(events.slice(0, 9).every((l) => /replicaset-controller {2}Created pod: web-[a-z0-9]+-[a-z0-9]{5}$/.test(l))).toBe(true);
    expect(events[9]).toMatch(/ 5s \(x16 over 5s\) +replicaset-controller +\(combined from similar events\): Created pod: web-[a-z0-9]+-[a-z0-9]{5}$/);
    // All 30 pods were created: only the Events were dropped.
    expect(run('kubectl get pods --no-headers').out.trim().split('\n')).toHaveLength(30);
  });
});
